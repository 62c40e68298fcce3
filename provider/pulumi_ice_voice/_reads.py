"""Reading many jobs and voices from ICE in few requests: one round's reads.

A round has questions (the newest job of these voice ids, these jobs now, these voices
now) and the jobs it follows. With more than a few of them, ListCustomizedVoiceJobs /
ListCustomizedVoices pages (100 a page, newest first) answer them all, read until every
wanted one is seen; with a few, one GetCustomizedVoiceJob / GetCustomizedVoice each.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from icevoice import CustomizedVoice, CustomizedVoiceJob, NotFoundError

__all__ = ["PAGE_SIZE", "JobReads", "JobSource", "RoundReader"]

PAGE_SIZE = 100

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)


class _Page(Protocol[_T_co]):
    @property
    def items(self) -> Sequence[_T_co]: ...

    @property
    def total_count(self) -> int | None: ...


class JobSource(Protocol):
    """The ICE reads a round makes (an icevoice.IceClient)."""

    def get_customized_voice_job(self, *, job_id: str) -> CustomizedVoiceJob: ...

    def list_customized_voice_jobs(
        self, *, page_no: int = 1, page_size: int = 10, type: str | None = None
    ) -> _Page[CustomizedVoiceJob]: ...

    def get_customized_voice(self, *, voice_id: str) -> CustomizedVoice: ...

    def list_customized_voices(
        self, *, page_no: int = 1, page_size: int = 10, type: str | None = None
    ) -> _Page[CustomizedVoice]: ...


@dataclass
class JobReads:
    """What a round read of jobs: each job read (or ICE's NotFoundError), the newest job
    of each voice looked up."""

    jobs: dict[str, CustomizedVoiceJob | NotFoundError] = field(default_factory=dict)
    newest_by_voice: dict[str, CustomizedVoiceJob] = field(default_factory=dict)


class RoundReader:
    """Reads a round's jobs and voices, counting the requests it makes."""

    def __init__(self, source: JobSource, *, batch_above: int = 3, max_pages: int = 50) -> None:
        self._source = source
        self._batch_above = batch_above
        self._max_pages = max_pages
        self.requests = 0
        """Status requests (ListCustomizedVoiceJobs, GetCustomizedVoiceJob)."""
        self.voice_requests = 0
        """ListCustomizedVoices and GetCustomizedVoice requests."""

    def jobs(self, reads: set[str], lookups: set[str], watched: Sequence[str]) -> JobReads:
        """Jobs by id (``reads``, and ``watched`` as far as a round goes) and the newest job
        of each voice id in ``lookups``. IceErrors are the caller's."""
        result = JobReads()
        if lookups or len(reads | set(watched)) > self._batch_above:
            scanned, result.newest_by_voice = self._scan_jobs(reads | set(watched), lookups)
            result.jobs.update(scanned)
        # Every read is answered now; watched jobs not on the scanned pages a few at a
        # time (the rest in later rounds).
        missing = [j for j in watched if j not in result.jobs][: self._batch_above]
        result.jobs.update(self._get_jobs([*(r for r in reads if r not in result.jobs), *missing]))
        return result

    def voices(self, wanted: set[str]) -> dict[str, CustomizedVoice]:
        """The voices ICE knows among ``wanted``."""
        voices: dict[str, CustomizedVoice] = {}
        if len(wanted) > self._batch_above:

            def page(page_no: int) -> _Page[CustomizedVoice]:
                self.voice_requests += 1
                return self._source.list_customized_voices(page_no=page_no, page_size=PAGE_SIZE)

            def take(voice: CustomizedVoice) -> bool:
                if voice.voice_id in wanted:
                    voices[voice.voice_id] = voice
                return len(voices) == len(wanted)

            self._scan(page, take)
        for voice_id in sorted(wanted - voices.keys()):
            self.voice_requests += 1
            with contextlib.suppress(NotFoundError):  # not known: answered None
                voices[voice_id] = self._source.get_customized_voice(voice_id=voice_id)
        return voices

    def _scan_jobs(
        self, job_ids: set[str], voice_ids: set[str]
    ) -> tuple[dict[str, CustomizedVoiceJob], dict[str, CustomizedVoiceJob]]:
        """Page through the account's jobs, newest first, until every wanted one is seen."""
        jobs: dict[str, CustomizedVoiceJob] = {}
        newest_by_voice: dict[str, CustomizedVoiceJob] = {}

        def page(page_no: int) -> _Page[CustomizedVoiceJob]:
            self.requests += 1
            return self._source.list_customized_voice_jobs(page_no=page_no, page_size=PAGE_SIZE)

        def take(job: CustomizedVoiceJob) -> bool:
            if job.job_id in job_ids:
                jobs[job.job_id] = job
            if job.voice_id in voice_ids and job.voice_id not in newest_by_voice:
                newest_by_voice[job.voice_id] = job
            return len(jobs) == len(job_ids) and len(newest_by_voice) == len(voice_ids)

        self._scan(page, take)
        return jobs, newest_by_voice

    def _get_jobs(self, job_ids: Iterable[str]) -> dict[str, CustomizedVoiceJob | NotFoundError]:
        found: dict[str, CustomizedVoiceJob | NotFoundError] = {}
        for job_id in job_ids:
            self.requests += 1
            try:
                found[job_id] = self._source.get_customized_voice_job(job_id=job_id)
            except NotFoundError as exc:
                found[job_id] = exc
        return found

    def _scan(self, page: Callable[[int], _Page[_T]], take: Callable[[_T], bool]) -> None:
        """Read pages 1, 2, ... until ``take`` has all it wants or the list ends."""
        for page_no in range(1, self._max_pages + 1):
            current = page(page_no)
            for item in current.items:
                if take(item):
                    return
            total = current.total_count if current.total_count is not None else 0
            if len(current.items) < PAGE_SIZE or page_no * PAGE_SIZE >= total:
                return
