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
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from ice_emulator import EmulatorServer

EMULATOR_TRAINING_SECONDS = 0.5


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The Pulumi CLI the tests/cli tier runs, in the first lines of the test log."""
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "pulumi-from-source.sh"
    found = subprocess.run(["bash", str(script), "--check"], capture_output=True, text=True, check=False)
    if found.returncode != 0:
        return ["pulumi CLI: not built (tests/cli builds it with scripts/pulumi-from-source.sh)"]
    binary = Path(found.stdout.strip()) / "pulumi"
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return [f"pulumi CLI: {version.stdout.strip()} ({binary})"]


class EmulatorControl:
    """The emulator's /_emulator/ control API over HTTP (see emulator/README.md)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._http = httpx.Client(base_url=f"{url}/_emulator", timeout=10.0)

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = self._http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def _get(self, path: str) -> Any:
        response = self._http.get(path)
        response.raise_for_status()
        return response.json()

    def health(self) -> dict[str, Any]:
        return dict(self._get("/health"))

    def reset(self, counters_only: bool = False) -> None:
        """Clear all state, counters, faults and credential changes (or only the counters)."""
        self._post("/reset", {"counters_only": counters_only})

    def faults(self, **config: Any) -> dict[str, Any]:
        """Replace the fault configuration (no arguments: no faults); returns it."""
        return dict(self._post("/faults", config))

    def requests(self) -> dict[str, Any]:
        """{"total", "by_action", "throttled", "max_per_second"} since the last reset."""
        return dict(self._get("/requests"))

    def clock(self, training_seconds: float) -> dict[str, Any]:
        """Set how long submitted jobs take to reach Success, effective at once."""
        return dict(self._post("/clock", {"training_seconds": training_seconds}))

    def stage(
        self, voice_ids: list[str], gender: str = "female", scenario: str = "story", status: str = "Initialization"
    ) -> dict[str, str]:
        """Create the voices with 20 passing recordings each; returns {voice_id: job_id}.

        With another `status` (e.g. "Training"), each job is put there as if submitted now.
        """
        body = {"voice_ids": voice_ids, "gender": gender, "scenario": scenario, "status": status}
        return dict(self._post("/stage", body)["job_ids"])

    def jobs(self) -> list[dict[str, Any]]:
        """Every job in the store, newest first, with its current status."""
        return list(self._get("/jobs")["jobs"])

    def credentials(self, **change: Any) -> dict[str, Any]:
        """Change the accepted access key / STS token (see README); returns them, secrets hidden."""
        return dict(self._post("/credentials", change))


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An ICE emulator for the whole session (default key pair, region cn-shanghai)."""
    from ice_emulator import EmulatorServer

    server = EmulatorServer(
        data_dir=tmp_path_factory.mktemp("ice-emulator"), port=0, training_seconds=EMULATOR_TRAINING_SECONDS
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def emulator_control(emulator: EmulatorServer) -> Iterator[EmulatorControl]:
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
