"""One status poller per provider process, shared by every voice being created.

Creates ask two things of ICE: "is there already a job for this voice id?" (before
submitting, so an interrupted run is adopted, never duplicated) and "tell me when this
job ends". Answering each separately costs a request per voice per poll; a stack of a
hundred voices would poll itself into throttling. The tracker instead runs rounds on
one thread: a round answers every pending lookup and every in-flight job at once, by
paging ListCustomizedVoiceJobs (100 jobs a page, newest first) when there are more than
a few, or with one GetCustomizedVoiceJob per job when there are only a few.

Rounds come quickly after a submit (jobs that fail early fail fast), stretch out while
training runs long (a fraction of the job's age, capped), and tighten again around the
training time learned from jobs that already finished in this process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from icevoice import ApiError, AuthenticationError, CustomizedVoiceJob, IceError

__all__ = ["TERMINAL", "JobSource", "JobTracker", "RoundStats", "TrainingTimeout"]

TERMINAL = frozenset({"Success", "Fail"})
PAGE_SIZE = 100


class JobSource(Protocol):
    """The two ICE reads the tracker needs (an icevoice.IceClient)."""

    def get_customized_voice_job(self, *, job_id: str) -> CustomizedVoiceJob: ...

    def list_customized_voice_jobs(
        self, *, page_no: int = 1, page_size: int = 10, type: str | None = None
    ) -> _JobPage: ...


class _JobPage(Protocol):
    @property
    def items(self) -> list[CustomizedVoiceJob]: ...

    @property
    def total_count(self) -> int | None: ...


class TrainingTimeout(Exception):
    """The job did not end within the time allowed; it keeps running in ICE."""

    def __init__(self, job: CustomizedVoiceJob, waited: float) -> None:
        super().__init__(
            f"job {job.job_id} of voice {job.voice_id} still {job.status} after {waited:.0f}s"
        )
        self.job = job


@dataclass(frozen=True)
class RoundStats:
    """One polling round: how much it answered and what it cost."""

    jobs_in_flight: int
    lookups: int
    requests: int


StatusCallback = Callable[[CustomizedVoiceJob, "str | None"], None]


@dataclass(eq=False)
class _Watch:
    job: CustomizedVoiceJob
    started: float
    registered: float
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


@dataclass(eq=False)
class _Lookup:
    voice_id: str
    asked: float
    done: threading.Event = field(default_factory=threading.Event)
    job: CustomizedVoiceJob | None = None
    error: BaseException | None = None


class JobTracker:
    """Follows training jobs and finds a voice's job, in shared rounds of requests."""

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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._min = min_interval
        self._max = max(max_interval, min_interval)
        self._batch_above = batch_above
        self._max_pages = max_pages
        self._linger = linger
        self._on_status = on_status
        self._clock = clock
        self._cond = threading.Condition()
        self._watches: dict[str, _Watch] = {}
        self._lookups: list[_Lookup] = []
        self._last_round = float("-inf")
        self._learned_duration: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.rounds = 0
        self.requests = 0
        self.history: deque[RoundStats] = deque(maxlen=10_000)

    # -- callers ---------------------------------------------------------------------

    def find_job(self, voice_id: str, timeout: float = 300.0) -> CustomizedVoiceJob | None:
        """The newest job of a voice id, or None when ICE has none."""
        lookup = _Lookup(voice_id, self._clock())
        with self._cond:
            self._lookups.append(lookup)
            self._ensure_thread()
            self._cond.notify_all()
        if not lookup.done.wait(timeout):
            raise TimeoutError(f"looking up the job of voice {voice_id} took over {timeout:.0f}s")
        if lookup.error is not None:
            raise lookup.error
        return lookup.job

    def wait(
        self,
        job: CustomizedVoiceJob,
        timeout: float,
        *,
        started: float | None = None,
    ) -> CustomizedVoiceJob:
        """Block until the job is Success or Fail and return it; TrainingTimeout otherwise."""
        if job.status in TERMINAL:
            return job
        begin = self._clock()
        with self._cond:
            watch = self._watches.get(job.job_id)
            if watch is None:
                watch = _Watch(job, started if started is not None else begin, begin)
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

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

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
                    if self._lookups:
                        # Linger briefly so that lookups from creates starting together
                        # share one scan of the job list.
                        delay = self._lookups[0].asked + self._linger - self._clock()
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
                lookups, self._lookups = self._lookups, []
                watches = list(self._watches.values())
                self._last_round = self._clock()
            self._round(lookups, watches)

    def _next_round_at(self) -> float:
        """The earliest moment a watched job is due: its last reading plus its interval."""
        now = self._clock()
        return min(
            (max(self._last_round, w.registered) + self._interval(now - w.started)
             for w in self._watches.values()),
            default=now + self._max,
        )

    def _interval(self, age: float) -> float:
        expected = self._learned_duration
        if expected is not None and abs(age - expected) <= 0.2 * expected:
            return self._min
        return min(self._max, max(self._min, 0.3 * age))

    def _round(self, lookups: list[_Lookup], watches: list[_Watch]) -> None:
        self.rounds += 1
        before = self.requests
        try:
            self._answer(lookups, watches)
        finally:
            self.history.append(RoundStats(len(watches), len(lookups), self.requests - before))

    def _answer(self, lookups: list[_Lookup], watches: list[_Watch]) -> None:
        try:
            if lookups or len(watches) > self._batch_above:
                jobs, newest_by_voice = self._scan({w.job.job_id for w in watches},
                                                   {lk.voice_id for lk in lookups})
                missing = [w for w in watches if w.job.job_id not in jobs]
                jobs.update(self._get_each(w.job.job_id for w in missing[: self._batch_above]))
            else:
                newest_by_voice = {}
                jobs = self._get_each(w.job.job_id for w in watches)
        except IceError as exc:
            self._fail(lookups, watches, exc)
            return
        for lookup in lookups:
            lookup.job = newest_by_voice.get(lookup.voice_id)
            lookup.done.set()
        for watch in watches:
            job = jobs.get(watch.job.job_id)
            if job is not None:
                self._advance(watch, job)

    def _scan(
        self, job_ids: set[str], voice_ids: set[str]
    ) -> tuple[dict[str, CustomizedVoiceJob], dict[str, CustomizedVoiceJob]]:
        """Page through the account's jobs, newest first, until every wanted one is seen."""
        jobs: dict[str, CustomizedVoiceJob] = {}
        newest_by_voice: dict[str, CustomizedVoiceJob] = {}
        for page_no in range(1, self._max_pages + 1):
            self.requests += 1
            page = self._source.list_customized_voice_jobs(page_no=page_no, page_size=PAGE_SIZE)
            for job in page.items:
                if job.job_id in job_ids:
                    jobs[job.job_id] = job
                if job.voice_id in voice_ids and job.voice_id not in newest_by_voice:
                    newest_by_voice[job.voice_id] = job
            seen_all = len(jobs) == len(job_ids) and len(newest_by_voice) == len(voice_ids)
            total = page.total_count if page.total_count is not None else 0
            if seen_all or len(page.items) < PAGE_SIZE or page_no * PAGE_SIZE >= total:
                break
        return jobs, newest_by_voice

    def _get_each(self, job_ids: Iterable[str]) -> dict[str, CustomizedVoiceJob]:
        found = {}
        for job_id in job_ids:
            self.requests += 1
            found[job_id] = self._source.get_customized_voice_job(job_id=job_id)
        return found

    def _advance(self, watch: _Watch, job: CustomizedVoiceJob) -> None:
        previous = watch.job.status
        watch.job = job
        if job.status != previous and self._on_status is not None:
            self._on_status(job, previous)
        if job.status in TERMINAL:
            if job.status == "Success":
                self._learn(self._clock() - watch.started)
            with self._cond:
                self._watches.pop(job.job_id, None)
            watch.done.set()

    def _learn(self, duration: float) -> None:
        learned = self._learned_duration
        self._learned_duration = duration if learned is None else 0.7 * learned + 0.3 * duration

    def _fail(self, lookups: list[_Lookup], watches: list[_Watch], exc: IceError) -> None:
        """Lookups fail at once; waits fail only on errors that another round cannot fix."""
        for lookup in lookups:
            lookup.error = exc
            lookup.done.set()
        if isinstance(exc, AuthenticationError) or (
            isinstance(exc, ApiError) and exc.status_code is not None and 400 <= exc.status_code < 500
            and not exc.code.startswith("Throttling")
        ):
            for watch in watches:
                watch.error = exc
                with self._cond:
                    self._watches.pop(watch.job.job_id, None)
                watch.done.set()
