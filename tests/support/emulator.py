"""ICE emulators for tests: in a thread of the test process, or as a process of its own.

    with running_emulator(tmp_path) as ice:      # ice.url, ice.control, ice.jobs_of(id)
        ...
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer
from tests.conftest import EmulatorControl

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_SECRET",
    "IceUnderTest",
    "running_emulator",
]


@dataclass
class IceUnderTest:
    """An emulator started for one test, and its control API."""

    server: EmulatorServer
    control: EmulatorControl

    @property
    def url(self) -> str:
        return self.server.url

    def jobs_by_voice(self) -> dict[str, list[dict[str, Any]]]:
        jobs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for job in self.control.jobs():
            jobs[job["VoiceId"]].append(job)
        return dict(jobs)

    def jobs_of(self, voice_id: str) -> list[dict[str, Any]]:
        return self.jobs_by_voice().get(voice_id, [])

    def count(self, action: str) -> int:
        return int(self.control.requests()["by_action"].get(action, 0))

    def total_requests(self) -> int:
        return int(self.control.requests()["total"])


@contextlib.contextmanager
def running_emulator(
    data_dir: Path, *, training_seconds: float = 0.3, **server_options: Any
) -> Iterator[IceUnderTest]:
    with EmulatorServer(
        data_dir=data_dir / "ice", training_seconds=training_seconds, **server_options
    ) as server:
        control = EmulatorControl(server.url)
        try:
            yield IceUnderTest(server, control)
        finally:
            control.close()
