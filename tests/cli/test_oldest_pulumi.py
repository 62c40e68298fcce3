"""The host widening again, with the oldest pulumi the package allows in the virtualenv.

Slow (it installs pulumi and its grpcio from PyPI): `pytest -m slow tests/cli`. The
floor is read from pyproject.toml, so raising it there moves this test too. The program
and the provider host run in that virtualenv under today's CLI, as a user pinned to the
oldest pulumi would run them. The venv uses the interpreter running pytest; list more in
PULUMI_ICE_VOICE_TEST_PYTHONS, separated by os.pathsep (the host's thread pool is the
standard library's, so its version matters too).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import REPO, PulumiCli
from tests.support.toys import CALLS, WARNING, up_toys

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

_PRINT_VERSIONS = (
    "import sys, importlib.metadata as m; "
    "print(sys.version.split()[0], m.version('pulumi'), m.version('grpcio'), m.version('dill'))"
)


def oldest_allowed_pulumi() -> str:
    match = re.search(r'"pulumi>=([0-9.]+)\s*,', (REPO / "pyproject.toml").read_text())
    assert match, "pyproject.toml has no pulumi>=X,... dependency"
    return match.group(1)


def _interpreters() -> list[str]:
    extra = os.environ.get("PULUMI_ICE_VOICE_TEST_PYTHONS", "")
    return [sys.executable, *(path for path in extra.split(os.pathsep) if path)]


@pytest.fixture(scope="module", params=_interpreters(), ids=lambda path: Path(path).name)
def oldest_venv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("oldest-pulumi") / "venv"
    subprocess.run([request.param, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pulumi = f"pulumi=={oldest_allowed_pulumi()}"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", pulumi],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, f"pip install {pulumi} failed:\n{installed.stderr[-3000:]}"
    versions = subprocess.run(
        [python, "-c", _PRINT_VERSIONS], capture_output=True, text=True, check=True
    )
    print(f"venv: python, pulumi, grpcio, dill = {versions.stdout.split()}")
    return venv


def test_the_oldest_pulumi_host_is_widened_to_run_twelve_creates_at_once(
    cli: PulumiCli, oldest_venv: Path, tmp_path: Path
) -> None:
    outs, printed = up_toys(cli, tmp_path, virtualenv=oldest_venv, mode="together", widen_to=16)
    assert {out["peak"] for out in outs} == {CALLS}
    assert outs[0]["details"][0] == "host worker pool raised from 4 to 16"
    assert not WARNING.search(printed)


def test_the_oldest_pulumi_host_unwidened_runs_at_most_four(
    cli: PulumiCli, oldest_venv: Path, tmp_path: Path
) -> None:
    outs, _ = up_toys(cli, tmp_path, virtualenv=oldest_venv, mode="count")
    assert max(out["peak"] for out in outs) <= 4
    assert any(out["saturated"] for out in outs)
