"""One poller per kind of ICE job and provider process, shared by every resource waiting on it.

Answering each resource's questions separately costs a request per resource per question;
a stack of a hundred voices (or speeches) would poll itself into throttling. A poller runs
rounds on one thread instead: a round answers every pending question and, when they are due,
reads every job in flight at once, with as few requests as its family's reader takes (list
pages for many, single gets for a few). A question waits a few milliseconds for others to
share its round; it brings its round forward, not the next reading of the jobs in flight.

Rounds come quickly after a submit (jobs that fail early fail fast), stretch out while a
job runs long (a fraction of the job's age, capped), and tighten again around the duration
learned from jobs that already finished in this process. While a job's status stays the
same, each wait says so every `heartbeat` seconds from what the last round read (no extra
request): pipelines that end silent steps, and people watching, see it is alive.

`RoundPoller` is the mechanism; each family (tracker.JobTracker for training jobs,
_speech.poller.SpeechPoller for speech jobs) says how a round reads its jobs.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .errors import ReadTimedOut
from .statuses import status_text

__all__ = [
    "HeartbeatCallback",
    "RoundPoller",
    "WaitCancelled",
    "WaitTimedOut",
    "Watch",
]

J = TypeVar("J")
"""A job as its family reads it (icevoice.CustomizedVoiceJob, icevoice.SmartJob)."""


class WaitTimedOut(Exception, Generic[J]):
    """The job did not end within the time allowed; it keeps running in ICE."""

    def __init__(self, job: J, job_id: str, status: str | None, waited: float) -> None:
        super().__init__(f"job {job_id} still {status_text(status)} after {waited:.0f}s")
        self.job = job


class WaitCancelled(Exception, Generic[J]):
    """The wait was cancelled (Pulumi's Cancel, Ctrl-C); the job keeps running in ICE."""

    def __init__(self, job: J, job_id: str, status: str | None) -> None:
        super().__init__(f"waiting for job {job_id} was cancelled ({status_text(status)})")
        self.job = job


HeartbeatCallback = Callable[[Any, float, float], None]
"""(the job as last read, seconds since the wait began, seconds to the next round)."""


@dataclass(eq=False)
class Watch(Generic[J]):
    """A job followed until it ends."""

    job: J
    started: float
    registered: float
    group: str
    """Which of the family's lists has the job (a voice's edition)."""
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


@dataclass(eq=False)
class Ask:
    """A question a caller waits on until the next round answers it."""

    kind: str
    key: Any
    asked: float
    done: threading.Event = field(default_factory=threading.Event)
    answer: Any = None
    error: BaseException | None = None


class RoundPoller(ABC, Generic[J]):
    """Follows jobs and answers questions about them, in shared rounds on one thread."""

    def __init__(
        self,
        *,
        min_interval: float = 0.75,
        max_interval: float = 30.0,
        linger: float = 0.05,
        heartbeat: float = 0.0,
        on_status: Callable[[J, str | None], None] | None = None,
        on_heartbeat: HeartbeatCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._min = min_interval
        self._max = max(max_interval, min_interval)
        self._linger = linger
        self._heartbeat = heartbeat
        self._on_status = on_status
        self._on_heartbeat = on_heartbeat
        self._clock = clock
        self._cond = threading.Condition()
        self._watches: dict[str, Watch[J]] = {}
        self._asks: list[Ask] = []
        self._last_round = float("-inf")
        self._learned_duration: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._cancelled = False
        self.rounds = 0

    # -- what each family says -----------------------------------------------------------

    @abstractmethod
    def job_id(self, job: J) -> str: ...

    @abstractmethod
    def status(self, job: J) -> str | None: ...

    @abstractmethod
    def finished(self, job: J) -> bool: ...

    @abstractmethod
    def succeeded(self, job: J) -> bool: ...

    @abstractmethod
    def group_of(self, job: J) -> str:
        """Which of the family's lists has ``job``."""

    @abstractmethod
    def _round(self, asks: list[Ask], watches: list[Watch[J]]) -> None:
        """Answer ``asks`` and read ``watches`` (each read job through `_advance`)."""

    # -- callers -------------------------------------------------------------------------

    def wait(self, job: J, timeout: float, *, started: float | None = None) -> J:
        """Block until the job ends and return it; WaitTimedOut after ``timeout``,
        WaitCancelled when Pulumi cancels."""
        if self.finished(job):
            return job
        begin = self._clock()
        job_id = self.job_id(job)
        with self._cond:
            if self._cancelled:
                raise WaitCancelled(job, job_id, self.status(job))
            watch = self._watches.get(job_id)
            if watch is None:
                since = started if started is not None else begin
                watch = Watch(job, since, begin, self.group_of(job))
                self._watches[job_id] = watch
            self._ensure_thread()
            self._cond.notify_all()
        try:
            finished = self._wait_beating(watch, timeout)
        finally:
            with self._cond:
                if self._watches.get(job_id) is watch and not watch.done.is_set():
                    del self._watches[job_id]
        if watch.error is not None:
            raise watch.error
        if not finished:
            raise WaitTimedOut(watch.job, job_id, self.status(watch.job), self._clock() - begin)
        return watch.job

    def _wait_beating(self, watch: Watch[J], timeout: float) -> bool:
        """Wait (in real time) for ``watch`` to end; every heartbeat, say how it stands."""
        deadline = time.monotonic() + timeout
        beat = self._heartbeat if self._heartbeat > 0 and self._on_heartbeat else None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return watch.done.is_set()
            if watch.done.wait(min(left, beat) if beat else left):
                return True
            if beat and self._on_heartbeat is not None and time.monotonic() < deadline:
                now = self._clock()
                with self._cond:
                    next_round = max(0.0, self._next_round_at() - now) if self._watches else 0.0
                self._on_heartbeat(watch.job, now - watch.started, next_round)

    def cancel(self) -> None:
        """End every wait now and refuse new ones (WaitCancelled, with the job as last
        read); questions are still answered, so a cancelled create can say what it left."""
        with self._cond:
            self._cancelled = True
            watches = list(self._watches.values())
        for watch in watches:
            if not watch.done.is_set():
                job = watch.job
                watch.error = WaitCancelled(job, self.job_id(job), self.status(job))
                watch.done.set()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def jobs_in_flight(self) -> int:
        """Jobs followed now (waits not ended)."""
        with self._cond:
            return len(self._watches)

    @property
    def queued_questions(self) -> int:
        """Questions asked and not yet taken by a round."""
        with self._cond:
            return len(self._asks)

    def _ask(self, kind: str, key: Any, timeout: float) -> Any:
        ask = Ask(kind, key, self._clock())
        with self._cond:
            self._asks.append(ask)
            self._ensure_thread()
            self._cond.notify_all()
        if not ask.done.wait(timeout):
            raise ReadTimedOut(f"reading {kind} {key} from ICE took over {timeout:.0f}s")
        if ask.error is not None:
            raise ask.error
        return ask.answer

    # -- the polling thread ----------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name=f"ice-{type(self).__name__}", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not self._due():
                    self._cond.wait(self._delay())
                if self._closed:
                    return
                asks, self._asks = self._asks, []
                # A round that questions brought forward reads the jobs in flight only if
                # they are due anyway: a thousand creates asking over a few seconds must
                # not read every job in flight (ten list pages) every 50 ms.
                now = self._clock()
                watches: list[Watch[J]] = []
                if self._watches and self._next_round_at() <= now:
                    watches = list(self._watches.values())
                    self._last_round = now
            self.rounds += 1
            try:
                self._round(asks, watches)
            except Exception as exc:  # a bug or a surprise from ICE must not end the poller
                # Whoever asked hears of it; waits go on with the next round. (ICE's errors
                # are handled inside the round; this is everything else.)
                for ask in asks:
                    if not ask.done.is_set():
                        ask.error = exc
                        ask.done.set()

    def _due(self) -> bool:
        """Whether a round should run now (called holding the condition)."""
        if self._asks:
            # Linger briefly so that questions from resources starting (or finishing)
            # together share one round.
            return self._asks[0].asked + self._linger <= self._clock()
        return bool(self._watches) and self._next_round_at() <= self._clock()

    def _delay(self) -> float | None:
        """How long to sleep before the next round may be due (None: until notified)."""
        if self._asks:
            return max(0.0, self._asks[0].asked + self._linger - self._clock())
        if self._watches:
            return max(0.0, self._next_round_at() - self._clock())
        return None

    def _next_round_at(self) -> float:
        """The earliest moment a watched job is due: its last reading plus its interval."""
        now = self._clock()
        return min(
            (
                max(self._last_round, w.registered) + self._interval(now - w.started)
                for w in self._watches.values()
            ),
            default=now + self._max,
        )

    def _interval(self, age: float) -> float:
        expected = self._learned_duration
        if expected is not None and abs(age - expected) <= 0.2 * expected:
            return self._min
        return min(self._max, max(self._min, 0.3 * age))

    # -- what a round does with what it read ----------------------------------------------

    def _advance(self, watch: Watch[J], job: J) -> None:
        previous = self.status(watch.job)
        watch.job = job
        if self.status(job) != previous and self._on_status is not None:
            self._on_status(job, previous)
        if self.finished(job):
            if self.succeeded(job):
                self._learn(self._clock() - watch.started)
            self._end(watch)

    def _end(self, watch: Watch[J], error: BaseException | None = None) -> None:
        watch.error = error
        with self._cond:
            self._watches.pop(self.job_id(watch.job), None)
        watch.done.set()

    def _learn(self, duration: float) -> None:
        learned = self._learned_duration
        self._learned_duration = duration if learned is None else 0.7 * learned + 0.3 * duration

    def _fail(
        self, asks: list[Ask], watches: list[Watch[J]], exc: Exception, *, fatal: bool
    ) -> None:
        """Questions fail at once; waits fail only on errors another round cannot fix."""
        for ask in asks:
            ask.error = exc
            ask.done.set()
        if fatal:
            for watch in watches:
                self._end(watch, error=exc)
