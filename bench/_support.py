"""What the provider benchmarks share: the emulator process, the two engines, figures.

Every benchmark runs ``pulumi up`` against an ``ice-emulator`` process of its own on
loopback, through two engines measured in the same run:

- the real Pulumi CLI (``cli_up``: scripts/pulumi-from-source.sh's build, the voices
  program of tests/cli on a file backend); its figures are what a user sees, CLI and
  program start-up included;
- the stand-in engine this project used before the CLI could be built (``run_up``:
  bench/standin, which plays the engine over the same ``python -m pulumi.dynamic`` host,
  the program under pulumi's mocks), kept as the baseline its figures were recorded with.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.standin import REPO_ROOT, Engine, ProviderHost
from tests.support.cli import VOICES_PROGRAM, PulumiCli, Stack
from tests.support.emulator import EmulatorProcess
from tests.support.probe import Round, TrackerProbe
from tests.support.voices import emulator_config

__all__ = [
    "ACCESS_KEY_ID",
    "ACCESS_KEY_SECRET",
    "CreateTiming",
    "EmulatorProcess",
    "Round",
    "TimedHost",
    "UpRun",
    "cli_up",
    "machine_line",
    "our_config",
    "percentile",
    "run_up",
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


# -- the host ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateTiming:
    voice_id: str
    start: float
    end: float


class TimedHost(ProviderHost):
    """A ProviderHost that records when each Create started and returned (wall clock),
    the time spent in Check and Diff, the most Creates outstanding at once, and, with
    ``probe=True``, every JobTracker round inside the host."""

    def __init__(self, *, probe: bool = False, **kwargs: Any) -> None:
        self.creates: list[CreateTiming] = []
        self.check_diff_seconds = 0.0
        self.max_outstanding_creates = 0
        self._outstanding = 0
        self._timing_lock = threading.Lock()
        self.probe = TrackerProbe() if probe else None
        if self.probe is not None:
            kwargs["env"] = {**(kwargs.get("env") or {}), **self.probe.environment()}
        super().__init__(**kwargs)

    def create(self, props: Mapping[str, Any], **kwargs: Any) -> Any:
        start = time.time()
        with self._timing_lock:
            self._outstanding += 1
            self.max_outstanding_creates = max(self.max_outstanding_creates, self._outstanding)
        try:
            return super().create(props, **kwargs)
        finally:
            end = time.time()
            with self._timing_lock:
                self._outstanding -= 1
                self.creates.append(CreateTiming(str(props.get("voice_id")), start, end))

    def check(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().check(*args, **kwargs)
        finally:
            self._add_check_diff(time.perf_counter() - start)

    def diff(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().diff(*args, **kwargs)
        finally:
            self._add_check_diff(time.perf_counter() - start)

    def _add_check_diff(self, seconds: float) -> None:
        with self._timing_lock:
            self.check_diff_seconds += seconds

    def rounds(self) -> list[Round]:
        """The tracker rounds logged so far (empty without the probe)."""
        return self.probe.rounds() if self.probe else []

    def close(self, timeout: float = 10.0) -> None:
        super().close(timeout)
        if self.probe is not None:
            self.probe.close()


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
    check_diff_seconds: float = 0.0
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


def run_up(
    emulator: EmulatorProcess,
    program: Callable[[], None],
    voice_ids: Sequence[str],
    *,
    config: Mapping[str, str],
    training_seconds: float,
    parallel: int,
    probe: bool = False,
    stage: bool = True,
    engine: Engine | None = None,
) -> tuple[UpRun, Engine]:
    """Reset the emulator, stage the voices, run ``engine.up(program)`` on a fresh host.

    A fresh host per run, as the CLI starts one per command; its start-up is not timed.
    Pass ``engine`` (with state) and ``stage=False`` for a second up of the same stack.
    """
    if stage:
        emulator.reset()
        emulator.clock(training_seconds)
        if voice_ids:
            emulator.stage(voice_ids)
    emulator.reset(counters_only=True)
    host = TimedHost(probe=probe, cwd=REPO_ROOT, call_timeout=900.0)
    try:
        if engine is None:
            engine = Engine(
                host, config=dict(config), secret_keys=["ice:accessKeySecret"], parallel=parallel
            )
        else:
            engine.host = host
        error = None
        started = time.perf_counter()
        try:
            result = engine.up(program)
            calls = dict(result.calls)
        except Exception as exc:  # a benchmark reports a failed up, it does not hide it
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            calls = {}
        seconds = time.perf_counter() - started
        statuses = {
            str(state.outputs.get("voice_id", state.id)): str(state.outputs.get("status"))
            for state in engine.state.values()
            if "voice_id" in state.outputs or state.type.endswith("Voice")
        }
        run = UpRun(
            voices=len(voice_ids),
            seconds=seconds,
            statuses=statuses,
            creates=list(host.creates),
            requests=emulator.requests(),
            rounds=host.rounds(),
            success_at=emulator.success_times(training_seconds),
            max_outstanding_creates=host.max_outstanding_creates,
            check_diff_seconds=host.check_diff_seconds,
            calls=calls,
            error=error,
        )
    finally:
        host.close()
    return run, engine


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
