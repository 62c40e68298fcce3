"""The four ways bench_noop and bench_throttled run ``pulumi up``: ours through the real CLI
(the dynamic provider, ``cli``, and the plugin), ours through the stand-in engine
(bench/standin), and the naive provider through the stand-in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench._support import staged_entries
from bench.naive_provider import NaiveVoice
from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli
from tests.support.plugin import install_plugin, plugin_keys, python_sdk

__all__ = [
    "CLI_KINDS",
    "KINDS",
    "cli_options",
    "naive_program",
    "our_program",
    "plugin_ready",
    "voice_ids",
]

KINDS = ("cli", "plugin", "stand-in", "naive")
CLI_KINDS = ("cli", "plugin")
"""The kinds that run through the real CLI (cli_up): the dynamic provider and the plugin."""


def plugin_ready(cli: PulumiCli, work: Path) -> Path:
    """Install the plugin into the CLI's PULUMI_HOME; the generated Python SDK's directory."""
    install_plugin(cli)
    return python_sdk(cli, work / "icevoice-sdk")


def cli_options(
    kind: str, config: dict[str, str], plugin_sdk: Path | None, *, probe: bool = False
) -> dict[str, Any]:
    """cli_up's keywords for a kind of CLI_KINDS: its config namespace, its program, and
    for the dynamic provider the probe of its host's tracker (``probe``)."""
    if kind == "plugin":
        assert plugin_sdk is not None
        return {
            "config": plugin_keys(config),
            "program": PLUGIN_VOICES_PROGRAM,
            "pythonpath": (plugin_sdk,),
        }
    return {"config": config, "program": VOICES_PROGRAM, "probe": probe}


def voice_ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(count)]


def our_program(ids: Sequence[str]) -> Callable[[], None]:
    """The stand-in's program: the same voices as staged_entries(ids) declares."""

    def program() -> None:
        from pulumi_ice_voice import CustomizedVoice

        for entry in staged_entries(ids):
            name = entry.pop("name")
            CustomizedVoice(name, **entry)

    return program


def naive_program(ids: Sequence[str], endpoint: str) -> Callable[[], None]:
    def program() -> None:
        for voice_id in ids:
            NaiveVoice(voice_id, endpoint=endpoint, voice_id=voice_id, voice_name=voice_id)

    return program
