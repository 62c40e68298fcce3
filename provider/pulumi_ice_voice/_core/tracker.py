"""The training jobs' poller, shared by every voice the provider works on (see poller.py).

Creates ask "is there already a job for this voice id (or name)?" (before submitting, so an
interrupted run is adopted, never duplicated) and "tell me when this job ends"; creates,
refreshes and deletes ask "what does ICE have for this job / this voice now?". A round
answers them all with as few requests as reads.RoundReader takes.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import icevoice  # icevoice.retryable when a round fails: its module imports httpx
from icevoice import CustomizedVoice, CustomizedVoiceJob, IceError, NotFoundError

from .poller import Ask, HeartbeatCallback, RoundPoller, Watch
from .poller import WaitCancelled as TrainingCancelled
from .poller import WaitTimedOut as TrainingTimeout
from .reads import BASIC_TYPE, JobSource, Lookup, RoundReader

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


class JobTracker(RoundPoller[CustomizedVoiceJob]):
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
        heartbeat: float = 0.0,
        on_status: StatusCallback | None = None,
        on_heartbeat: HeartbeatCallback | None = None,
        on_round: RoundCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            min_interval=min_interval,
            max_interval=max_interval,
            linger=linger,
            heartbeat=heartbeat,
            on_status=on_status,
            on_heartbeat=on_heartbeat,
            clock=clock,
        )
        self._reader = RoundReader(source, batch_above=batch_above, max_pages=max_pages)
        self._on_round = on_round
        self.history: deque[RoundStats] = deque(maxlen=10_000)

    # -- the family -------------------------------------------------------------------

    def job_id(self, job: CustomizedVoiceJob) -> str:
        return job.job_id

    def status(self, job: CustomizedVoiceJob) -> str | None:
        return job.status

    def finished(self, job: CustomizedVoiceJob) -> bool:
        return job.finished

    def succeeded(self, job: CustomizedVoiceJob) -> bool:
        return job.status == "Success"

    def group_of(self, job: CustomizedVoiceJob) -> str:
        return job.type or BASIC_TYPE

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

    @property
    def requests(self) -> int:
        """Status requests made so far (ListCustomizedVoiceJobs, GetCustomizedVoiceJob)."""
        return self._reader.requests

    @property
    def voice_requests(self) -> int:
        """ListCustomizedVoices and GetCustomizedVoice requests made so far."""
        return self._reader.voice_requests

    # -- a round -------------------------------------------------------------------------

    def _round(self, asks: list[Ask], watches: list[Watch[CustomizedVoiceJob]]) -> None:
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

    def _answer_jobs(self, asks: list[Ask], watches: list[Watch[CustomizedVoiceJob]]) -> None:
        lookups = {a.key for a in asks if a.kind == "lookup"}
        reads = {a.key for a in asks if a.kind == "job"}
        watched = [(w.job.job_id, w.group) for w in watches]
        try:
            read = self._reader.jobs(reads, lookups, watched)
        except IceError as exc:
            # The client's own rule of what another try cannot fix.
            self._fail(asks, watches, exc, fatal=not icevoice.retryable(exc))
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

    def _answer_voices(self, asks: list[Ask]) -> None:
        try:
            voices = self._reader.voices({a.key for a in asks})
        except IceError as exc:
            self._fail(asks, [], exc, fatal=False)
            return
        for ask in asks:
            ask.answer = voices.get(ask.key)
            ask.done.set()
