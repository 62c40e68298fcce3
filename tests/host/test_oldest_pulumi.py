"""The real-host widening tests again, in a fresh venv with the oldest pulumi the package allows.

Slow (it installs pulumi and its grpcio from PyPI): ``pytest -m slow tests/host``.
The floor is read from pyproject.toml, so raising it there moves this test too.
The venv uses the interpreter running pytest; list more (the host's thread pool
is the standard library's, so its version matters too) in PULUMI_ICE_VOICE_TEST_PYTHONS,
separated by os.pathsep, e.g. ``/opt/py3.10/bin/python3.10:/opt/py3.13/bin/python3.13``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.harness import REPO_ROOT

# The same tests, collected here with this module's host_python.
from .test_real_host import (  # noqa: F401
    test_host_whose_pool_cannot_be_found_says_so_once_and_keeps_working,
    test_host_without_widening_runs_at_most_four_creates_at_once,
    test_widened_host_runs_twelve_creates_at_once,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

_PRINT_VERSIONS = (
    "import sys, importlib.metadata as m; "
    "print(sys.version.split()[0], m.version('pulumi'), m.version('grpcio'), m.version('dill'))"
)


def oldest_allowed_pulumi() -> str:
    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    match = re.search(r'"pulumi>=([0-9.]+)\s*,', pyproject)
    assert match, "pyproject.toml has no pulumi>=X,... dependency"
    return match.group(1)


def _interpreters() -> list[str]:
    extra = os.environ.get("PULUMI_ICE_VOICE_TEST_PYTHONS", "")
    return [sys.executable, *(path for path in extra.split(os.pathsep) if path)]


@pytest.fixture(scope="module", params=_interpreters(), ids=lambda path: Path(path).name)
def host_python(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    venv = tmp_path_factory.mktemp("oldest-pulumi") / "venv"
    subprocess.run([request.param, "-m", "venv", str(venv)], check=True)
    python = str(Path(venv, "bin", "python"))
    pulumi = f"pulumi=={oldest_allowed_pulumi()}"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", pulumi],
        capture_output=True,
        text=True,
    )
    if installed.returncode != 0:
        pytest.fail(f"pip install {pulumi} failed:\n{installed.stderr[-3000:]}")
    versions = subprocess.run(
        [python, "-c", _PRINT_VERSIONS], capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"host venv: python {versions[0]}, pulumi {versions[1]}, grpcio {versions[2]}, dill {versions[3]}"
    )
    assert _release(versions[1]) == _release(oldest_allowed_pulumi())
    return python


def _release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))
