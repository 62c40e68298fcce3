"""ICE emulators for tests: in a thread of the test process, or as a process of its own.

    with running_emulator(tmp_path) as ice:      # ice.url, ice.control, ice.jobs_of(id)
        ...
    with EmulatorProcess(training_seconds=3) as ice:   # `python -m ice_emulator`
        ...

In-process servers share the test process's GIL; for request rates and timings (bench/)
the emulator gets its own interpreter, as a user would run it beside `pulumi up`.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_SECRET",
    "EmulatorControl",
    "EmulatorProcess",
    "IceUnderTest",
    "running_emulator",
]


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

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the emulator's time forward (speech jobs' ages, ICE's one-year horizon)."""
        return dict(self._post("/clock", {"advance_seconds": seconds}))

    def synthesis(self, seconds_per_character: float) -> dict[str, Any]:
        """Set how long a speech takes per character of its text, effective at once."""
        body = {"synthesis_seconds_per_character": seconds_per_character}
        return dict(self._post("/clock", body))

    def speeches(self) -> list[dict[str, Any]]:
        """Every speech job in the store (past ICE's horizon too), newest first."""
        found = self._get("/speech")
        return list(found["jobs"] if isinstance(found, dict) else found)

    def stage(
        self,
        voice_ids: list[str],
        gender: str = "female",
        scenario: str = "story",
        status: str = "Initialization",
        voice_name: str | None = None,
    ) -> dict[str, str]:
        """Create the voices with 20 passing recordings each; returns {voice_id: job_id}.

        With another `status` (e.g. "Training"), each job is put there as if submitted now.
        Without ``voice_name``, each voice is named after its id.
        """
        body = {"voice_ids": voice_ids, "gender": gender, "scenario": scenario, "status": status}
        if voice_name is not None:
            body["voice_name"] = voice_name
        return dict(self._post("/stage", body)["job_ids"])

    def stage_object(self, url: str, seconds: float) -> str:
        """As if the OSS object at ``url`` held ``seconds`` of audio; its `oss://` key."""
        return str(self._post("/objects", {"url": url, "duration": seconds})["object"])

    def jobs(self) -> list[dict[str, Any]]:
        """Every job in the store, newest first, with its current status."""
        return list(self._get("/jobs")["jobs"])

    def credentials(self, **change: Any) -> dict[str, Any]:
        """Change the accepted access key / STS token (see README); returns them, secrets hidden."""
        return dict(self._post("/credentials", change))


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

    def total_but_quota_counts(self) -> int:
        """Every request but the CosyVoice quota's counts (ListCustomizedVoiceJobs), which a
        check makes when its stack plans new CosyVoice voices: what a preview may send."""
        return self.total_requests() - self.count("ListCustomizedVoiceJobs")


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


class EmulatorProcess(EmulatorControl):
    """``python -m ice_emulator`` on a free loopback port, with the control API of the tests."""

    def __init__(self, training_seconds: float) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="ice-emulator-"))
        command = [
            sys.executable,
            "-m",
            "ice_emulator",
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
            "--training-seconds",
            str(training_seconds),
        ]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        url = self._proc.stdout.readline().strip()
        if not url.startswith("http://"):
            self._stop()
            raise RuntimeError(f"the emulator did not start (first line {url!r})")
        super().__init__(url)

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            super().close()
        self._stop()

    def _stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def success_times(self, training_seconds: float) -> dict[str, float]:
        """voice id -> the wall-clock time its job reached Success in the emulator.

        The emulator's status is a function of time since submit, so a job is Success
        from ``submitted_at + training_seconds`` on (read from its store, read-only).
        """
        uri = f"file:{self.data_dir / 'ice-emulator.sqlite3'}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute(
                "SELECT voice_id, submitted_at FROM jobs WHERE submitted_at IS NOT NULL"
            ).fetchall()
        return {voice_id: submitted + training_seconds for voice_id, submitted in rows}
