"""The three ways bench_one_voice, bench_noop and bench_throttled run ``pulumi up``, each
through the real CLI: ours as the dynamic provider (``cli``) and as the plugin, and the
naive dynamic provider of bench/naive_provider.py (its program: bench/naive_program)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench._support import REPO_ROOT
from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli
from tests.support.plugin import install_plugin, plugin_keys, python_sdk

__all__ = ["KINDS", "NAIVE_PROGRAM", "cli_options", "plugin_ready", "voice_ids"]

KINDS = ("cli", "plugin", "naive")
NAIVE_PROGRAM = REPO_ROOT / "bench" / "naive_program"


def plugin_ready(cli: PulumiCli, work: Path) -> Path:
    """Install the plugin into the CLI's PULUMI_HOME; the generated Python SDK's directory."""
    install_plugin(cli)
    return python_sdk(cli, work / "icevoice-sdk")


def cli_options(
    kind: str, config: Mapping[str, str], plugin_sdk: Path | None, *, probe: bool = False
) -> dict[str, Any]:
    """cli_up's keywords for a kind of KINDS: its config, its program, the plugin's SDK on
    PYTHONPATH, and for the dynamic provider the probe of its host's tracker (``probe``).
    The naive provider takes only the emulator's endpoint (``ice:endpoint`` of config)."""
    if kind == "plugin":
        if plugin_sdk is None:
            raise ValueError("the plugin's kind needs its generated SDK (plugin_ready)")
        return {
            "config": plugin_keys(dict(config)),
            "program": PLUGIN_VOICES_PROGRAM,
            "pythonpath": (plugin_sdk,),
        }
    if kind == "naive":
        return {"config": {"naive:endpoint": config["ice:endpoint"]}, "program": NAIVE_PROGRAM}
    return {"config": dict(config), "program": VOICES_PROGRAM, "probe": probe}


def voice_ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(count)]
