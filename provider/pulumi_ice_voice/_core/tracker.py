"""One poller per provider process, shared by every voice the provider works on.

Creates ask "is there already a job for this voice id?" (before submitting, so an
interrupted run is adopted, never duplicated) and "tell me when this job ends"; creates,
refreshes and deletes ask "what does ICE have for this job / this voice now?". Answering
each separately costs a request per voice per question; a stack of a hundred voices
would poll itself into throttling. The tracker instead runs rounds on one thread: a round
answers every pending question and every in-flight job at once, with as few requests as
_reads.RoundReader takes (list pages for many, single gets for a few). A question waits a
few milliseconds for others to share its round.

Rounds come quickly after a submit (jobs that fail early fail fast), stretch out while
training runs long (a fraction of the job's age, capped), and tighten again around the
training time learned from jobs that already finished in this process.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from icevoice import CustomizedVoice, CustomizedVoiceJob, IceError, NotFoundError, retryable

from .errors import ReadTimedOut
from .reads import BASIC_TYPE, JobSource, Lookup, RoundReader
from .statuses import status_text

__all__ = [
    "ROUND_LOG_VARIABLE",
    "JobSource",
    "JobTracker",
    "RoundStats",
    "TrainingCancelled",
    "TrainingTimeout",
    "round_log",
]

#: A file to append one JSON line per polling round to (its RoundStats and wall-clock
#: times): how a benchmark or a puzzled user sees what the poller did inside a provider
#: process that Pulumi started.
ROUND_LOG_VARIABLE = "PULUMI_ICE_VOICE_ROUND_LOG"


class TrainingCancelled(Exception):
    """The wait was cancelled (Pulumi's Cancel, Ctrl-C); the job keeps running in ICE."""

    def __init__(self, job: CustomizedVoiceJob) -> None:
        super().__init__(
            f"waiting for job {job.job_id} of voice {job.voice_id} was cancelled "
            f"({status_text(job.status)}); it goes on training in ICE"
        )
        self.job = job


class TrainingTimeout(Exception):
    """The job did not end within the time allowed; it keeps running in ICE."""

    def __init__(self, job: CustomizedVoiceJob, waited: float) -> None:
        super().__init__(
            f"job {job.job_id} of voice {job.voice_id} still {status_text(job.status)} "
            f"after {waited:.0f}s"
        )
        self.job = job


@dataclass(frozen=True)
class RoundStats:
    """One polling round: how much it answered and what it cost."""

    jobs_in_flight: int
    lookups: int
    """Questions answered from jobs: a voice's newest job, or one job now."""
    requests: int
    """Status requests (ListCustomizedVoiceJobs, GetCustomizedVoiceJob)."""
    voice_reads: int = 0
    voice_requests: int = 0
    """ListCustomizedVoices and GetCustomizedVoice requests."""


StatusCallback = Callable[[CustomizedVoiceJob, "str | None"], None]
RoundCallback = Callable[[RoundStats, float, float], None]
"""A round's stats, and when it started and ended (time.time())."""


def round_log(path: str) -> RoundCallback:
    """A RoundCallback appending one JSON line per round to the file at ``path``."""
    lock = threading.Lock()

    def log(stats: RoundStats, started: float, ended: float) -> None:
        line = json.dumps({"start": started, "end": ended, **dataclasses.asdict(stats)})
        with lock, open(path, "a", encoding="utf-8") as sink:
            sink.write(line + "\n")

    return log


_Kind = Literal["lookup", "job", "voice"]


@dataclass(eq=False)
class _Watch:
    job: CustomizedVoiceJob
    started: float
    registered: float
    voice_type: str = BASIC_TYPE
    """The edition whose list has the job (as given when the wait began)."""
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


@dataclass(eq=False)
class _Ask:
    """A question a caller waits on until the next round answers it."""

    kind: _Kind
    key: Any
    """A Lookup, a job id, or a (voice id, edition) pair."""
    asked: float
    done: threading.Event = field(default_factory=threading.Event)
    answer: Any = None
    error: BaseException | None = None


class JobTracker:
    """Follows training jobs and answers reads of jobs and voices, in shared rounds."""

    def __init__(
        self,
        source: JobSource,
        *,
        min_interval: float = 0.75,
        max_interval: float = 30.0,
        batch_above: int = 3,
        max_pages: int = 50,
        linger: float = 0.05,
        on_status: StatusCallback | None = None,
        on_round: RoundCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reader = RoundReader(source, batch_above=batch_above, max_pages=max_pages)
        self._min = min_interval
        self._max = max(max_interval, min_interval)
        self._linger = linger
        self._on_status = on_status
        self._on_round = on_round
        self._clock = clock
        self._cond = threading.Condition()
        self._watches: dict[str, _Watch] = {}
        self._asks: list[_Ask] = []
        self._last_round = float("-inf")
        self._learned_duration: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._cancelled = False
        self.rounds = 0
        self.history: deque[RoundStats] = deque(maxlen=10_000)

    # -- callers ---------------------------------------------------------------------

    def find_job(self, voice_id: str, timeout: float = 300.0) -> CustomizedVoiceJob | None:
        """The newest job of a basic voice id, or None when ICE has none."""
        return self.find(Lookup(BASIC_TYPE, "voice", voice_id), timeout)

    def find(self, lookup: Lookup, timeout: float = 300.0) -> CustomizedVoiceJob | None:
        """The newest job of an edition with that voice id or voice name, or None."""
        job: CustomizedVoiceJob | None = self._ask("lookup", lookup, timeout)
        return job

    def read_job(self, job_id: str, timeout: float = 300.0) -> CustomizedVoiceJob | None:
        """The job as ICE reports it now, or None when ICE does not know it."""
        job: CustomizedVoiceJob | None = self._ask("job", job_id, timeout)
        return job

    def read_voice(
        self, voice_id: str, voice_type: str = BASIC_TYPE, timeout: float = 300.0
    ) -> CustomizedVoice | None:
        """The voice as ICE reports it now, or None when ICE does not know it."""
        voice: CustomizedVoice | None = self._ask("voice", (voice_id, voice_type), timeout)
        return voice

    def wait(
        self,
        job: CustomizedVoiceJob,
        timeout: float,
        *,
        started: float | None = None,
    ) -> CustomizedVoiceJob:
        """Block until the job is Success or Fail and return it; TrainingTimeout otherwise."""
        if job.finished:
            return job
        begin = self._clock()
        with self._cond:
            if self._cancelled:
                raise TrainingCancelled(job)
            watch = self._watches.get(job.job_id)
            if watch is None:
                since = started if started is not None else begin
                watch = _Watch(job, since, begin, job.type or BASIC_TYPE)
                self._watches[job.job_id] = watch
            self._ensure_thread()
            self._cond.notify_all()
        try:
            finished = watch.done.wait(timeout)
        finally:
            with self._cond:
                if self._watches.get(job.job_id) is watch and not watch.done.is_set():
                    del self._watches[job.job_id]
        if watch.error is not None:
            raise watch.error
        if not finished:
            raise TrainingTimeout(watch.job, self._clock() - begin)
        return watch.job

    def cancel(self) -> None:
        """End every wait now and refuse new ones (TrainingCancelled, with the job as last
        read); questions are still answered, so a cancelled create can say what it left."""
        with self._cond:
            self._cancelled = True
            watches = list(self._watches.values())
        for watch in watches:
            if not watch.done.is_set():
                watch.error = TrainingCancelled(watch.job)
                watch.done.set()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _ask(self, kind: _Kind, key: Any, timeout: float) -> Any:
        ask = _Ask(kind, key, self._clock())
        with self._cond:
            self._asks.append(ask)
            self._ensure_thread()
            self._cond.notify_all()
        if not ask.done.wait(timeout):
            raise ReadTimedOut(f"reading {kind} {key} from ICE took over {timeout:.0f}s")
        if ask.error is not None:
            raise ask.error
        return ask.answer

    # -- the polling thread --------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name="ice-voice-job-tracker", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed:
                    if self._asks:
                        # Linger briefly so that questions from creates starting (or
                        # finishing) together share one scan.
                        delay = self._asks[0].asked + self._linger - self._clock()
                        if delay <= 0:
                            break
                        self._cond.wait(delay)
                        continue
                    if self._watches:
                        delay = self._next_round_at() - self._clock()
                        if delay <= 0:
                            break
                        self._cond.wait(delay)
                    else:
                        self._cond.wait()
                if self._closed:
                    return
                asks, self._asks = self._asks, []
                watches = list(self._watches.values())
                self._last_round = self._clock()
            try:
                self._round(asks, watches)
            except Exception as exc:  # a bug or a surprise from ICE must not end the poller
                # Whoever asked hears of it; waits go on with the next round. (IceErrors
                # are handled inside the round; this is everything else.)
                for ask in asks:
                    if not ask.done.is_set():
                        ask.error = exc
                        ask.done.set()

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

    @property
    def queued_questions(self) -> int:
        """Questions asked and not yet taken by a round."""
        with self._cond:
            return len(self._asks)

    @property
    def requests(self) -> int:
        """Status requests made so far (ListCustomizedVoiceJobs, GetCustomizedVoiceJob)."""
        return self._reader.requests

    @property
    def voice_requests(self) -> int:
        """ListCustomizedVoices and GetCustomizedVoice requests made so far."""
        return self._reader.voice_requests

    def _round(self, asks: list[_Ask], watches: list[_Watch]) -> None:
        self.rounds += 1
        started = time.time()
        before, voices_before = self.requests, self.voice_requests
        job_asks = [a for a in asks if a.kind != "voice"]
        voice_asks = [a for a in asks if a.kind == "voice"]
        try:
            if job_asks or watches:
                self._answer_jobs(job_asks, watches)
            if voice_asks:
                self._answer_voices(voice_asks)
        finally:
            self.history.append(
                RoundStats(
                    len(watches),
                    len(job_asks),
                    self.requests - before,
                    len(voice_asks),
                    self.voice_requests - voices_before,
                )
            )
            if self._on_round is not None:
                self._on_round(self.history[-1], started, time.time())

    # -- jobs ----------------------------------------------------------------------------

    def _answer_jobs(self, asks: list[_Ask], watches: list[_Watch]) -> None:
        lookups = {a.key for a in asks if a.kind == "lookup"}
        reads = {a.key for a in asks if a.kind == "job"}
        watched = [(w.job.job_id, w.voice_type) for w in watches]
        try:
            read = self._reader.jobs(reads, lookups, watched)
        except IceError as exc:
            self._fail(asks, watches, exc)
            return
        for ask in asks:
            found = read.found.get(ask.key) if ask.kind == "lookup" else read.jobs.get(ask.key)
            ask.answer = found if isinstance(found, CustomizedVoiceJob) else None
            ask.done.set()
        for watch in watches:
            job = read.jobs.get(watch.job.job_id)
            if isinstance(job, NotFoundError):
                self._end(watch, error=job)
            elif job is not None:
                self._advance(watch, job)

    def _advance(self, watch: _Watch, job: CustomizedVoiceJob) -> None:
        previous = watch.job.status
        watch.job = job
        if job.status != previous and self._on_status is not None:
            self._on_status(job, previous)
        if job.finished:
            if job.status == "Success":
                self._learn(self._clock() - watch.started)
            self._end(watch)

    def _end(self, watch: _Watch, error: BaseException | None = None) -> None:
        watch.error = error
        with self._cond:
            self._watches.pop(watch.job.job_id, None)
        watch.done.set()

    def _learn(self, duration: float) -> None:
        learned = self._learned_duration
        self._learned_duration = duration if learned is None else 0.7 * learned + 0.3 * duration

    # -- voices ----------------------------------------------------------------------------

    def _answer_voices(self, asks: list[_Ask]) -> None:
        try:
            voices = self._reader.voices({a.key for a in asks})
        except IceError as exc:
            self._fail(asks, [], exc)
            return
        for ask in asks:
            ask.answer = voices.get(ask.key)
            ask.done.set()

    # -- both ------------------------------------------------------------------------------

    def _fail(self, asks: list[_Ask], watches: list[_Watch], exc: IceError) -> None:
        """Questions fail at once; waits fail only on errors that another round cannot fix."""
        for ask in asks:
            ask.error = exc
            ask.done.set()
        if not retryable(exc):  # the client's own rule of what another try cannot fix
            for watch in watches:
                self._end(watch, error=exc)
