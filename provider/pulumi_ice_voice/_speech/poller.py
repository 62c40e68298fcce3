"""The speech jobs' poller, shared by every speech of a session (the mechanism: core.poller).

A round reads the jobs it follows from ListSmartJobs pages (TextToSpeech, newest first, 100
a page) when more than a few are in flight, else with GetSmartHandleJob each; a job seen
ended on a page is read once more with GetSmartHandleJob, which alone reports the audio's
URL. Questions: a job now (always GetSmartHandleJob), and "is there already a job with this
resource's marker?" (answered from the pages, before any submit).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import icevoice  # icevoice.retryable when a round fails: its module imports httpx
from icevoice import SPEECH_JOB_TYPE, IceError, NotFoundError, SmartJob

from .._core.poller import Ask, RoundPoller, Watch
from .inputs import MARKER_KEY

if TYPE_CHECKING:
    from .._core.session import Session

__all__ = ["PAGE_SIZE", "SpeechPoller", "SpeechRound", "marker_of"]

PAGE_SIZE = 100
SORT = "CreationTime:Desc"


def marker_of(job: SmartJob) -> str | None:
    """The resource marker a speech job's UserData carries, if any."""
    try:
        data = json.loads(job.user_data or "")
    except ValueError:
        return None
    marker = data.get(MARKER_KEY) if isinstance(data, dict) else None
    return marker if isinstance(marker, str) else None


@dataclass(frozen=True)
class SpeechRound:
    """One round: how much it answered and what it cost."""

    jobs_in_flight: int
    lookups: int
    list_requests: int
    get_requests: int


class SpeechPoller(RoundPoller[SmartJob]):
    """Follows speech jobs and answers reads of them, in shared rounds."""

    def __init__(
        self, session: Session, *, batch_above: int = 3, max_pages: int = 50, **options: Any
    ) -> None:
        config = session.config
        super().__init__(
            min_interval=options.pop("min_interval", config.min_poll_interval),
            max_interval=options.pop("max_interval", config.max_poll_interval),
            heartbeat=options.pop("heartbeat", config.heartbeat_interval),
            on_status=options.pop("on_status", session.on_speech_status),
            on_heartbeat=options.pop("on_heartbeat", session.on_speech_heartbeat),
            **options,
        )
        self._client = session.client
        self._batch_above = batch_above
        self._max_pages = max_pages
        self.list_requests = 0
        self.get_requests = 0
        self.history: list[SpeechRound] = []

    # -- the family -------------------------------------------------------------------

    def job_id(self, job: SmartJob) -> str:
        return job.job_id

    def status(self, job: SmartJob) -> str | None:
        return job.state

    def finished(self, job: SmartJob) -> bool:
        return job.finished

    def succeeded(self, job: SmartJob) -> bool:
        return job.state == "Finished"

    def group_of(self, job: SmartJob) -> str:
        return SPEECH_JOB_TYPE

    # -- callers ---------------------------------------------------------------------

    def find(self, marker: str, timeout: float = 300.0) -> SmartJob | None:
        """The newest speech job carrying ``marker``, or None when ICE shows none."""
        job: SmartJob | None = self._ask("lookup", marker, timeout)
        return job

    def read_job(self, job_id: str, timeout: float = 300.0) -> SmartJob | None:
        """The job as ICE reports it now (with the audio's URL once Finished), or None when
        ICE does not know it (never made, or older than ICE's one-year horizon)."""
        job: SmartJob | None = self._ask("job", job_id, timeout)
        return job

    # -- a round -------------------------------------------------------------------------

    def _round(self, asks: list[Ask], watches: list[Watch[SmartJob]]) -> None:
        lists, gets = self.list_requests, self.get_requests
        lookups = {a.key for a in asks if a.kind == "lookup"}
        reads = {a.key for a in asks if a.kind == "job"}
        try:
            found, listed = self._scan(lookups, watches)
            # A job read by id, a few watched ones not listed, and every watched job the
            # pages show ended: GetSmartHandleJob (the only answer with the audio's URL).
            ended = {
                w.job.job_id for w in watches if (j := listed.get(w.job.job_id)) and j.finished
            }
            unlisted = [w.job.job_id for w in watches if w.job.job_id not in listed]
            got = self._get([*reads, *ended, *unlisted[: self._batch_above]])
        except IceError as exc:
            self._fail(asks, watches, exc, fatal=not icevoice.retryable(exc))
            return
        finally:
            self.history.append(
                SpeechRound(
                    len(watches), len(lookups), self.list_requests - lists, self.get_requests - gets
                )
            )
        for ask in asks:
            answer = found.get(ask.key) if ask.kind == "lookup" else got.get(ask.key)
            ask.answer = answer if isinstance(answer, SmartJob) else None
            ask.done.set()
        for watch in watches:
            job = got.get(watch.job.job_id) or listed.get(watch.job.job_id)
            if isinstance(job, NotFoundError):
                self._end(watch, error=job)
            elif job is not None:
                self._advance(watch, job)

    def _scan(
        self, lookups: set[str], watches: list[Watch[SmartJob]]
    ) -> tuple[dict[str, SmartJob], dict[str, SmartJob]]:
        """List pages, newest first, until every lookup is answered and every watched job
        seen (only when there are lookups, or more watched jobs than a few gets)."""
        found: dict[str, SmartJob] = {}
        listed: dict[str, SmartJob] = {}
        wanted = {w.job.job_id for w in watches}
        if not lookups and len(wanted) <= self._batch_above:
            return found, listed
        for page_no in range(1, self._max_pages + 1):
            self.list_requests += 1
            page = self._client.list_smart_jobs(
                job_type=SPEECH_JOB_TYPE, sort_by=SORT, page_no=page_no, page_size=PAGE_SIZE
            )
            for job in page.items:
                if job.job_id in wanted:
                    listed[job.job_id] = job
                marker = marker_of(job)
                if marker in lookups and marker not in found:
                    found[marker] = job
            if len(found) == len(lookups) and wanted <= listed.keys():
                break
            total = page.total_count or 0
            if len(page.items) < PAGE_SIZE or page_no * PAGE_SIZE >= total:
                break
        return found, listed

    def _get(self, job_ids: Iterable[str]) -> dict[str, SmartJob | NotFoundError]:
        got: dict[str, SmartJob | NotFoundError] = {}
        for job_id in dict.fromkeys(job_ids):
            self.get_requests += 1
            try:
                got[job_id] = self._client.get_smart_handle_job(job_id=job_id)
            except NotFoundError as exc:
                got[job_id] = exc
        return got


def seconds_since(create_time: str | None, now: float | None = None) -> float | None:
    """Seconds since an ICE timestamp (`2026-12-02T18:24:04Z`), or None when unknown."""
    if not create_time:
        return None
    with contextlib.suppress(ValueError):
        made = time.mktime(time.strptime(create_time, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        return (time.time() if now is None else now) - made
    return None
