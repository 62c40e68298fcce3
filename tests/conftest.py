"""Shared fixtures: one ICE emulator per test session, and its control API.

    def test_something(emulator, emulator_control):
        emulator.url                          # "http://127.0.0.1:PORT"
        emulator_control.stage(["voice1"])    # {"voice1": "<job id>"}

    def test_isolated(fresh_emulator):        # reset before (and after) the test
        fresh_emulator.faults(throttle_rate=1.0)

The emulator runs in a background thread on a free loopback port with a temporary data
directory and a short training time (EMULATOR_TRAINING_SECONDS). Nothing is reset
between tests unless a test asks for `fresh_emulator` (or calls `emulator_control.reset()`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # imported where used: a session of the SDK tier never loads the emulator
    from ice_emulator import EmulatorServer
    from tests.support.emulator import EmulatorControl

EMULATOR_TRAINING_SECONDS = 0.5


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The Pulumi CLI the tests/cli tier runs, in the first lines of the test log."""
    import subprocess

    script = Path(__file__).resolve().parents[1] / "scripts" / "pulumi-from-source.sh"
    found = subprocess.run(
        ["bash", str(script), "--check"], capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        return ["pulumi CLI: not built (tests/cli builds it with scripts/pulumi-from-source.sh)"]
    binary = Path(found.stdout.strip()) / "pulumi"
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return [f"pulumi CLI: {version.stdout.strip()} ({binary})"]


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # before xdist's own choice
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` (make test): the release tier on one worker, handed out first, every
    other test on its own (tests/support/scheduling.py says why not xdist's loadgroup)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from tests.support.scheduling import ReleaseTogether

    return ReleaseTogether(config, log)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An ICE emulator for the whole session (default key pair, region cn-shanghai)."""
    from ice_emulator import EmulatorServer

    server = EmulatorServer(
        data_dir=tmp_path_factory.mktemp("ice-emulator"),
        port=0,
        training_seconds=EMULATOR_TRAINING_SECONDS,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def emulator_control(emulator: EmulatorServer) -> Iterator[EmulatorControl]:
    from tests.support.emulator import EmulatorControl

    control = EmulatorControl(emulator.url)
    try:
        yield control
    finally:
        control.close()


@pytest.fixture
def fresh_emulator(emulator_control: EmulatorControl) -> Iterator[EmulatorControl]:
    """The session emulator, reset (and its clock restored) before and after the test."""
    emulator_control.reset()
    emulator_control.clock(EMULATOR_TRAINING_SECONDS)
    try:
        yield emulator_control
    finally:
        emulator_control.reset()
        emulator_control.clock(EMULATOR_TRAINING_SECONDS)
