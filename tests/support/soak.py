"""The fault soak: many voices in one real `pulumi up` while ICE misbehaves.

    result = run_soak(cli, 10, data_dir=tmp_path)   # cli: tests.support.cli.PulumiCli
    assert not result.problems

The emulator answers a share of requests with throttling, 5xx and dropped connections
(some dropped before ICE acted, some after it acted: the client never learns the
outcome), and a "weather" thread changes the latency every few hundred milliseconds.
The voices program (tests/cli/programs/voices) declares the voices; `pulumi up` runs with
the CLI's own parallelism (4 resource operations per CPU core). The run passes when every
voice is trained, each voice id has exactly one job that was submitted exactly once, the
stack's outputs show it, and `pulumi up` ended by itself, successfully. Used by
tests/cli/test_fault_soak.py (a small run) and bench/soak.py (the full run, with figures
and a no-fault baseline).
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.cli import PulumiCli
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.hosts import kill_session
from tests.support.voices import ice_config, voice

__all__ = ["SOAK_FAULTS", "SoakResult", "run_soak"]

SOAK_FAULTS: dict[str, float] = {
    "throttle_rate": 0.20,
    "server_error_rate": 0.10,
    "reset_rate": 0.05,  # dropped before ICE acts
    "reset_after_rate": 0.02,  # dropped after ICE acted: an ambiguous result
}
MAX_LATENCY_MS = 60
WEATHER_PERIOD = 0.25
TRAINING_TIMEOUT = 300.0
_EXCEPTION = re.compile(
    r"^\s+((?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Failed|Conflict|Rejected): .*)$", re.M
)


@dataclass
class SoakResult:
    """What a soak run did and what it left in ICE and in the stack."""

    voices: list[str]
    seconds: float
    ended_by_itself: bool
    error: str | None
    requests: dict[str, Any]
    jobs_by_voice: dict[str, list[dict[str, Any]]]
    outputs: dict[str, dict[str, Any]]
    weather_changes: int
    printed: str = field(repr=False, default="")

    @property
    def problems(self) -> list[str]:
        """Every broken promise, in words; empty when the soak passed."""
        found = []
        if not self.ended_by_itself:
            found.append("the up did not end by itself")
        if self.error:
            found.append(f"the up failed: {self.error}")
        for voice_id in self.voices:
            jobs = self.jobs_by_voice.get(voice_id, [])
            if len(jobs) != 1:
                found.append(f"{voice_id}: {len(jobs)} jobs")
                continue
            job = jobs[0]
            if job["Status"] != "Success":
                found.append(f"{voice_id}: job {job['JobId']} is {job['Status']}")
            if job["SubmitCount"] != 1:
                found.append(f"{voice_id}: job {job['JobId']} submitted {job['SubmitCount']} times")
            output = self.outputs.get(voice_id)
            if (
                output is None
                or output.get("status") != "Success"
                or output.get("job_id") != job["JobId"]
            ):
                found.append(
                    f"{voice_id}: stack outputs {output!r} do not show job {job['JobId']} trained"
                )
        strays = set(self.jobs_by_voice) - set(self.voices)
        if strays:
            found.append(f"jobs of undeclared voices: {sorted(strays)}")
        return found


def run_soak(
    cli: PulumiCli,
    voices: int,
    *,
    faults: bool = True,
    seed: int = 20201109,
    training_seconds: float = 0.5,
    timeout: float = 600.0,
    data_dir: Path | None = None,
) -> SoakResult:
    """Create ``voices`` voices in one `pulumi up`; see the module docstring.

    ``timeout`` bounds the up (a hang guard: the result says whether it ended by itself;
    a CLI still running then is killed with everything it started).
    """
    voice_ids = [f"soak{seed % 1000:03d}v{n:03d}" for n in range(voices)]
    with (
        _scratch(data_dir) as directory,
        running_emulator(directory, training_seconds=training_seconds) as ice,
    ):
        stack = cli.stack(directory / "project", config=ice_config(ice.url))
        stack.set_voices([voice(v, v, training_timeout=TRAINING_TIMEOUT) for v in voice_ids])
        with _weather(ice, random.Random(seed), enabled=faults) as weather:
            started = time.monotonic()
            process = stack.popen("up", "--yes", "--skip-preview")
            try:
                returncode: int | None = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                returncode = None
                kill_session(process.pid)
                process.wait()
            seconds = time.monotonic() - started
        requests = ice.control.requests()
        printed = stack.started_output()
        outputs = stack.outputs() if returncode is not None else {}
        return SoakResult(
            voices=voice_ids,
            seconds=seconds,
            ended_by_itself=returncode is not None,
            error=_error_of(printed) if returncode else None,
            requests=requests,
            jobs_by_voice=ice.jobs_by_voice(),
            outputs={k: v for k, v in outputs.items() if isinstance(v, dict)},
            weather_changes=weather.changes,
            printed=printed,
        )


def _error_of(printed: str) -> str:
    """What the failed up reported first: a provider's exception (the last line of its
    traceback), else an error line of the CLI."""
    exceptions = _EXCEPTION.findall(printed)
    errors = [
        line.strip()
        for line in printed.splitlines()
        if line.strip().startswith("error: ") and "Traceback" not in line
    ]
    return (exceptions or errors or ["the CLI exited non-zero"])[0]


@dataclass
class _Weather:
    changes: int = 0


@contextmanager
def _weather(ice: IceUnderTest, rng: random.Random, *, enabled: bool) -> Iterator[_Weather]:
    """Apply SOAK_FAULTS with a latency that changes every WEATHER_PERIOD seconds."""
    weather = _Weather()
    if not enabled:
        yield weather
        return
    stop = threading.Event()

    def change() -> None:
        ice.control.faults(
            **SOAK_FAULTS, latency_ms=rng.uniform(0, MAX_LATENCY_MS), seed=rng.randrange(2**31)
        )
        weather.changes += 1

    def run() -> None:
        while not stop.wait(WEATHER_PERIOD):
            change()

    change()
    thread = threading.Thread(target=run, name="soak-weather", daemon=True)
    thread.start()
    try:
        yield weather
    finally:
        stop.set()
        thread.join()
        ice.control.faults()


@contextmanager
def _scratch(data_dir: Path | None) -> Iterator[Path]:
    if data_dir is not None:
        yield data_dir
        return
    with tempfile.TemporaryDirectory(prefix="ice-soak-") as directory:
        yield Path(directory)
