"""The provider plugin under the real CLI: installed into a PULUMI_HOME, its generated SDKs.

    install_plugin(cli)                          # pulumi plugin install ... --file <script>
    sdk = generate_sdk(cli, "python", out)       # pulumi package gen-sdk <plugin>
    stack = cli.stack(dir, program=PLUGIN_VOICES_PROGRAM, pythonpath=(sdk,),
                      config=plugin_config(ice.url))

The plugin is the `pulumi-resource-icevoice` console script of the repository's .venv
(`pip install -e .` made it), installed the way a user installs it on a machine that
cannot download plugins.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from icevoice import __version__
from tests.support.cli import VENV_BIN, PulumiCli
from tests.support.voices import ice_config

__all__ = [
    "PLUGIN",
    "generate_sdk",
    "install_plugin",
    "plugin_config",
    "plugin_keys",
    "python_sdk",
]

PLUGIN = VENV_BIN / "pulumi-resource-icevoice"


def install_plugin(cli: PulumiCli) -> None:
    """Install the plugin into the CLI's PULUMI_HOME at the package's version."""
    cli.run(
        ["plugin", "install", "resource", "icevoice", __version__, "--file", str(PLUGIN)],
        cwd=cli.home,
    )


def generate_sdk(cli: PulumiCli, language: str, out: Path) -> Path:
    """`pulumi package gen-sdk` of the plugin for ``language``; the SDK's directory."""
    args = ["package", "gen-sdk", str(PLUGIN), "--language", language, "--out", str(out)]
    out.mkdir(parents=True, exist_ok=True)
    cli.run([*args, "--version", __version__], cwd=out)
    return out / language


def plugin_keys(config: dict[str, Any]) -> dict[str, Any]:
    """`ice:*` stack config (the dynamic provider's) as the plugin's `icevoice:*`."""
    return {
        (f"icevoice:{key.split(':', 1)[1]}" if key.startswith("ice:") else key): value
        for key, value in config.items()
    }


def plugin_config(url: str, **extra: str) -> dict[str, Any]:
    """The plugin's stack config reaching the emulator at ``url``, polling fast."""
    return plugin_keys(ice_config(url, **extra))


def python_sdk(cli: PulumiCli, out: Path) -> Path:
    """The generated Python SDK installed (without dependencies: the repository's .venv
    has them) into a directory of its own, for a program's PYTHONPATH. It reads its
    version from its distribution's metadata, so it must be installed, not just copied;
    not into .venv, which every other program of the tests shares."""
    source = generate_sdk(cli, "python", out / "generated")
    target = out / "site-packages"
    pip = [str(VENV_BIN / "python"), "-m", "pip", "install", "-q", "--no-deps"]
    pip += ["--no-build-isolation", "--target", str(target), str(source)]
    subprocess.run(pip, check=True, capture_output=True)
    return target
