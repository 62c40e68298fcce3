"""The release artifacts of dist/ (`make dist`, scripts/dist.py) as a user installs them.

    manifest = current_dist()                 # dist/manifest.json, checked against the sources
    cli = CleanCli.of(tmp / "pulumi-home")    # the built CLI; nothing of the checkout on PATH
    cli.install_plugin_archive()              # pulumi plugin install ... --file <this platform's>
    python = fresh_virtualenv(tmp / "venv", [wheel, sdk_wheel])

What runs the programs sees only dist/, the CLI and its language hosts (built from Go modules
into ~/.cache), the machine's own Python, Node.js and Go, and the package registries: no
PYTHONPATH, no virtualenv of the checkout, no PATH entry inside the repository.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.dist import source_digest
from tests.support.cli import REPO, PulumiCli

__all__ = [
    "DIST",
    "CleanCli",
    "current_dist",
    "fresh_virtualenv",
    "plugin_archive",
    "this_platform",
]

DIST = REPO / "dist"
_CHECKOUT_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PULUMI_PYTHON_CMD")


def current_dist() -> dict[str, Any]:
    """dist/manifest.json, if dist/ was made from the sources as they are now; otherwise an
    error saying to run `make dist` (the release tier proves artifacts, not a checkout)."""
    manifest = DIST / "manifest.json"
    if not manifest.is_file():
        raise RuntimeError("dist/ has no manifest.json: run `make dist` before tests/release")
    record: dict[str, Any] = json.loads(manifest.read_text())
    if record["sources"] != source_digest(REPO):
        raise RuntimeError("dist/ was made from other sources than these: run `make dist` again")
    return record


def this_platform() -> str:
    """This machine as the plugin archives name platforms: linux-amd64, darwin-arm64, ..."""
    machine = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
    return f"{platform.system().lower()}-{machine[platform.machine().lower()]}"


def plugin_archive(version: str) -> Path:
    return DIST / f"pulumi-resource-icevoice-v{version}-{this_platform()}.tar.gz"


@dataclass(frozen=True)
class CleanCli(PulumiCli):
    """The built CLI with an environment holding nothing of the checkout."""

    @classmethod
    def of(cls, home: Path) -> CleanCli:
        script = REPO / "scripts" / "pulumi-from-source.sh"
        built = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=True)
        bin_dir = Path(built.stdout.strip().splitlines()[-1])
        version = subprocess.run(
            [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        home.mkdir(parents=True, exist_ok=True)
        return cls(bin=bin_dir, home=home, version=version)

    def env(self, backend: Path | None = None, **extra: str) -> dict[str, str]:
        env = super().env(backend, **extra)
        for name in _CHECKOUT_VARIABLES:
            if name not in extra:
                env.pop(name, None)
        paths = [p for p in env["PATH"].split(os.pathsep) if p and not _inside_checkout(p)]
        env["PATH"] = os.pathsep.join(paths)
        return env

    def install_plugin_archive(self, version: str) -> str:
        """`pulumi plugin install resource icevoice <version> --file <this platform's archive>`:
        the CLI unpacks it and its Python host installs the plugin's virtualenv; the output."""
        archive = plugin_archive(version)
        args = ["plugin", "install", "resource", "icevoice", version, "--file", str(archive)]
        return self.run(args, cwd=self.home, timeout=900).output


def _inside_checkout(path: str) -> bool:
    resolved = Path(path).resolve()
    return resolved == REPO or REPO in resolved.parents


def fresh_virtualenv(path: Path, requirements: list[str]) -> Path:
    """A new virtualenv (no system site-packages) with ``requirements`` installed (wheels of
    dist/ by path, their dependencies from the package index); its python."""
    # With pip: the Python language host lists the virtualenv's packages with it.
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    python = path / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in _CHECKOUT_VARIABLES}
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements]
    done = subprocess.run(pip, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(pip)}\n{done.stdout}\n{done.stderr}"
    return python
