"""What the provider benchmarks share: the emulator process, one ``pulumi up``, figures.

Every benchmark runs ``pulumi up`` against an ``ice-emulator`` process of its own on
loopback, through the real Pulumi CLI (``cli_up``: scripts/pulumi-from-source.sh's build,
a program of tests/cli or bench/ on a file backend); its figures are what a user sees, CLI
and program start-up included. (The stand-in engine the first figures were recorded with,
bench/standin, is gone; bench/RESULTS.md keeps those figures as text.)
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import statistics
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.cli import REPO as REPO_ROOT
from tests.support.cli import VOICES_PROGRAM, PulumiCli, Stack
from tests.support.emulator import EmulatorProcess
from tests.support.probe import Round, TrackerProbe
from tests.support.voices import emulator_config

__all__ = [
    "ACCESS_KEY_ID",
    "ACCESS_KEY_SECRET",
    "REPO_ROOT",
    "CreateTiming",
    "EmulatorProcess",
    "Round",
    "UpRun",
    "cli_up",
    "machine_line",
    "our_config",
    "percentile",
    "staged_entries",
]

ACCESS_KEY_ID = "ice-emulator-access-key"
ACCESS_KEY_SECRET = "ice-emulator-secret"

_STATUS_ACTIONS = ("GetCustomizedVoiceJob", "ListCustomizedVoiceJobs")


def machine_line(cli: PulumiCli | None = None) -> str:
    """nproc, Python, pulumi and CLI versions, date: the header figures are recorded under."""
    from importlib.metadata import version

    return (
        f"{datetime.date.today().isoformat()} | nproc {os.cpu_count()} | "
        f"{platform.python_implementation()} {platform.python_version()} | "
        f"pulumi {version('pulumi')} | CLI {cli.version if cli else '-'} | "
        f"{platform.system()} {platform.machine()}"
    )


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile, nearest-rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class CreateTiming:
    voice_id: str
    start: float
    end: float


# -- one `pulumi up` ---------------------------------------------------------------------


def our_config(url: str, **extra: str) -> dict[str, str]:
    """Stack config of the pulumi-ice-voice provider against an emulator, polling at the
    provider's own intervals (what a user gets; the tests poll faster)."""
    return {
        **emulator_config(url, access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET),
        **extra,
    }


@dataclass
class UpRun:
    """One ``pulumi up`` as measured: wall time, what each Create did, what ICE saw."""

    voices: int
    seconds: float
    statuses: dict[str, str]
    creates: list[CreateTiming]
    requests: dict[str, Any]
    rounds: list[Round] = field(default_factory=list)
    success_at: dict[str, float] = field(default_factory=dict)
    max_outstanding_creates: int = 0
    calls: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def succeeded(self) -> int:
        return sum(1 for status in self.statuses.values() if status == "Success")

    @property
    def status_requests(self) -> int:
        by_action = self.requests.get("by_action", {})
        return sum(int(by_action.get(action, 0)) for action in _STATUS_ACTIONS)

    def lags(self) -> list[float]:
        """Seconds from each job's Success in the emulator to its Create returning."""
        return [
            c.end - self.success_at[c.voice_id]
            for c in self.creates
            if c.voice_id in self.success_at
        ]

    def busy_rounds(self, in_flight: int) -> list[Round]:
        """Rounds that polled at least ``in_flight`` jobs."""
        return [r for r in self.rounds if r.jobs_in_flight >= in_flight]


@contextlib.contextmanager
def section(title: str) -> Iterator[None]:
    print(f"\n== {title}", flush=True)
    started = time.perf_counter()
    yield
    print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# -- one `pulumi up` through the real CLI ------------------------------------------------


def staged_entries(ids: Sequence[str]) -> list[dict[str, Any]]:
    """Entries of the voices program (tests/cli/programs/voices) for voices whose audio is
    staged: no recordings, named after their id, as emulator.stage() names them."""
    return [
        {
            "name": voice_id,
            "voice_id": voice_id,
            "voice_name": voice_id,
            "gender": "female",
            "scenario": "story",
        }
        for voice_id in ids
    ]


def cli_up(
    cli: PulumiCli,
    emulator: EmulatorProcess,
    entries: Sequence[Mapping[str, Any]],
    *,
    workdir: Path,
    config: Mapping[str, str],
    training_seconds: float,
    parallel: int | None,
    probe: bool = False,
    stage: bool = True,
    stack: Stack | None = None,
    program: Path = VOICES_PROGRAM,
    pythonpath: Sequence[Path] = (),
) -> tuple[UpRun, Stack]:
    """Reset the emulator, stage the entries' voices, run `pulumi up --parallel N` (no
    --parallel for None: the CLI's default) of ``program`` (the dynamic provider's voices
    program, or the plugin's with its generated SDK on ``pythonpath``).

    A new project and stack in ``workdir`` unless ``stack`` is given (then ``stage=False``
    for a second up of the same stack). The wall time is the whole `pulumi up` command;
    each Create's start and end come from the engine's own gRPC log (PULUMI_DEBUG_GRPC).
    """
    ids = [str(entry["voice_id"]) for entry in entries]
    if stage:
        emulator.reset()
        emulator.clock(training_seconds)
        if ids:
            emulator.stage(ids)
    if stack is None:
        stack = cli.stack(workdir, config=dict(config), program=program, pythonpath=pythonpath)
        stack.set_voices(list(entries))
    log = workdir / f"grpc-{time.time_ns()}.jsonl"
    tracker = TrackerProbe() if probe else None
    stack.extra_env["PULUMI_DEBUG_GRPC"] = str(log)
    if tracker is not None:
        stack.extra_env.update(tracker.environment())
    emulator.reset(counters_only=True)
    try:
        started = time.perf_counter()
        flags = ["--parallel", str(parallel)] if parallel is not None else []
        result = stack.up(*flags, check=False)
        seconds = time.perf_counter() - started
        error = None if result.returncode == 0 else _last_error(result.output)
        outputs = stack.outputs()
        creates, calls = _creates_and_calls(log)
        run = UpRun(
            voices=len(ids),
            seconds=seconds,
            statuses={
                str(v["voice_id"]): str(v["status"])
                for v in outputs.values()
                if isinstance(v, dict)
            },
            creates=creates,
            requests=emulator.requests(),
            rounds=tracker.rounds() if tracker else [],
            success_at=emulator.success_times(training_seconds),
            max_outstanding_creates=_most_at_once(creates),
            calls=calls,
            error=error,
        )
    finally:
        stack.extra_env.pop("PULUMI_DEBUG_GRPC", None)
        if tracker is not None:
            tracker.close()
        log.unlink(missing_ok=True)
    return run, stack


def _creates_and_calls(log: Path) -> tuple[list[CreateTiming], dict[str, int]]:
    """Each Create's start and end (epoch seconds), and how many of each provider call."""
    started: dict[str, float] = {}
    creates: list[CreateTiming] = []
    calls: dict[str, int] = {}
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        method = str(entry["method"])
        if "/pulumirpc.ResourceProvider/" not in method:
            continue
        name = method.rsplit("/", 1)[-1]
        urn = str((entry.get("request") or {}).get("urn", ""))
        when = (
            datetime.datetime.fromisoformat(entry["timestamp"][:26].rstrip("Z"))
            .replace(tzinfo=datetime.timezone.utc)
            .timestamp()
        )
        if entry.get("progress") == "request_started":
            calls[name] = calls.get(name, 0) + 1
            if name == "Create":
                started[urn] = when
        elif name == "Create" and urn in started:
            creates.append(CreateTiming(urn.rsplit("::", 1)[-1], started[urn], when))
    return creates, calls


def _most_at_once(creates: Sequence[CreateTiming]) -> int:
    events = sorted([(c.start, 1) for c in creates] + [(c.end, -1) for c in creates])
    most = current = 0
    for _, step in events:
        current += step
        most = max(most, current)
    return most


def _last_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if "error" in line.lower()]
    return lines[-1] if lines else "the up failed"
