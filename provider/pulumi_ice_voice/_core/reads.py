"""Reading many jobs and voices from ICE in few requests: one round's reads.

A round has questions (the newest job of these voice ids or voice names, these jobs now,
these voices now) and the jobs it follows. With more than a few of them,
ListCustomizedVoiceJobs / ListCustomizedVoices pages (100 a page, newest first) answer them
all, read until every wanted one is seen; with a few, one GetCustomizedVoiceJob /
GetCustomizedVoice each. ICE lists one edition at a time (Basic unless `Type` says
otherwise), so each edition a round asks about is a list of its own, always named.

A lookup that finds nothing is the expensive one: it reads the whole list. So the reader
keeps, per edition, what its last whole read saw (a `Listing`: every job id, and the voice
ids and names that had a job). A later lookup of a voice the listing did not have only reads
the jobs newer than it (the first pages, down to a job the listing holds): a thousand
creates arriving over many rounds cost one whole read, not one per round.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from icevoice import CustomizedVoice, CustomizedVoiceJob, NotFoundError

__all__ = ["BASIC_TYPE", "PAGE_SIZE", "JobReads", "JobSource", "Lookup", "RoundReader"]

PAGE_SIZE = 100
#: The edition (ICE's `Type`) of voices whose caller chooses the voice id; the one ICE lists
#: by default.
BASIC_TYPE = "Basic"


@dataclass(frozen=True)
class Lookup:
    """A question for a round: the newest job of one edition (``voice_type``) whose voice id
    (``by="voice"``) or voice name (``by="name"``) is ``value``."""

    voice_type: str
    by: Literal["voice", "name"]
    value: str

    def matches(self, job: CustomizedVoiceJob) -> bool:
        return (job.voice_id if self.by == "voice" else job.voice_name) == self.value


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
class Listing:
    """What a whole read of one edition's jobs saw (and every read since, down to it)."""

    job_ids: set[str] = field(default_factory=set)
    voice_ids: set[str] = field(default_factory=set)
    voice_names: set[str] = field(default_factory=set)

    def had(self, lookup: Lookup) -> bool:
        """Whether some job the listing saw answers ``lookup``."""
        return lookup.value in (self.voice_ids if lookup.by == "voice" else self.voice_names)

    def add(self, job: CustomizedVoiceJob) -> None:
        self.job_ids.add(job.job_id)
        if job.voice_id:
            self.voice_ids.add(job.voice_id)
        if job.voice_name:
            self.voice_names.add(job.voice_name)


@dataclass
class JobReads:
    """What a round read of jobs: each job read (or ICE's NotFoundError), and the job that
    answers each lookup (none when ICE has no such job)."""

    jobs: dict[str, CustomizedVoiceJob | NotFoundError] = field(default_factory=dict)
    found: dict[Lookup, CustomizedVoiceJob] = field(default_factory=dict)


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
        self._listings: dict[str, Listing] = {}
        """Per edition: what the last whole read of its jobs saw (see the module)."""

    def jobs(
        self, reads: set[str], lookups: set[Lookup], watched: Sequence[tuple[str, str]]
    ) -> JobReads:
        """Jobs by id (``reads``, of any edition; and ``watched``, (job id, edition) pairs,
        as far as a round goes) and the job answering each lookup. IceErrors are the
        caller's."""
        result = JobReads()
        watched_ids = [job_id for job_id, _ in watched]
        batch = len(reads | set(watched_ids)) > self._batch_above
        editions = {lookup.voice_type for lookup in lookups}
        if batch:
            editions |= {BASIC_TYPE, *(voice_type for _, voice_type in watched)}
        for voice_type in sorted(editions):
            # A job read by id alone is found by the Basic list or read by id below.
            wanted = {job_id for job_id, t in watched if t == voice_type}
            wanted |= reads if voice_type == BASIC_TYPE else set()
            asked = {lookup for lookup in lookups if lookup.voice_type == voice_type}
            scanned, found = self._scan_jobs(voice_type, wanted, asked)
            result.jobs.update(scanned)
            result.found.update(found)
        # Every read is answered now; watched jobs not on the scanned pages a few at a
        # time (the rest in later rounds).
        missing = [j for j in watched_ids if j not in result.jobs][: self._batch_above]
        result.jobs.update(self._get_jobs([*(r for r in reads if r not in result.jobs), *missing]))
        return result

    def voices(self, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], CustomizedVoice]:
        """The voices ICE knows among ``wanted``, (voice id, edition) pairs."""
        voices: dict[tuple[str, str], CustomizedVoice] = {}
        if len(wanted) > self._batch_above:
            for voice_type in sorted({t for _, t in wanted}):
                ids = {voice_id for voice_id, t in wanted if t == voice_type}

                def page(page_no: int, voice_type: str = voice_type) -> _Page[CustomizedVoice]:
                    self.voice_requests += 1
                    return self._source.list_customized_voices(
                        page_no=page_no, page_size=PAGE_SIZE, type=voice_type
                    )

                def take(
                    voice: CustomizedVoice, voice_type: str = voice_type, ids: set[str] = ids
                ) -> bool:
                    if voice.voice_id in ids:
                        voices[voice.voice_id, voice_type] = voice
                    return ids <= {v for v, t in voices if t == voice_type}

                self._scan(page, take)
        for voice_id, voice_type in sorted(wanted - voices.keys()):
            self.voice_requests += 1
            with contextlib.suppress(NotFoundError):  # not known: answered None
                voices[voice_id, voice_type] = self._source.get_customized_voice(voice_id=voice_id)
        return voices

    def _scan_jobs(
        self, voice_type: str, job_ids: set[str], lookups: set[Lookup]
    ) -> tuple[dict[str, CustomizedVoiceJob], dict[Lookup, CustomizedVoiceJob]]:
        """Page through the account's jobs of one edition, newest first, until every wanted
        one is seen: a lookup of a voice the edition's listing never had, only down to the
        first job the listing holds (any job of that voice is newer)."""
        jobs: dict[str, CustomizedVoiceJob] = {}
        found: dict[Lookup, CustomizedVoiceJob] = {}
        known = self._listings.get(voice_type)
        asked = {(lookup.by, lookup.value): lookup for lookup in lookups}
        new = {lookup for lookup in lookups if known is not None and not known.had(lookup)}
        seen = Listing()
        left = {"jobs": len(job_ids), "old": len(lookups) - len(new), "new": len(new)}
        reached_known = False

        def page(page_no: int) -> _Page[CustomizedVoiceJob]:
            self.requests += 1
            return self._source.list_customized_voice_jobs(
                page_no=page_no, page_size=PAGE_SIZE, type=voice_type
            )

        def take(job: CustomizedVoiceJob) -> bool:
            nonlocal reached_known
            seen.add(job)
            reached_known = reached_known or (known is not None and job.job_id in known.job_ids)
            if job.job_id in job_ids and job.job_id not in jobs:
                jobs[job.job_id] = job
                left["jobs"] -= 1
            for key in (("voice", job.voice_id), ("name", job.voice_name)):
                lookup = asked.get(key)  # type: ignore[arg-type]
                if lookup is not None and lookup not in found:
                    found[lookup] = job  # the newest: the list is newest first
                    left["new" if lookup in new else "old"] -= 1
            return not left["jobs"] and not left["old"] and (reached_known or not left["new"])

        whole = self._scan(page, take)
        if whole:
            self._listings[voice_type] = seen
        elif reached_known and known is not None:
            known.job_ids |= seen.job_ids
            known.voice_ids |= seen.voice_ids
            known.voice_names |= seen.voice_names
        return jobs, found

    def _get_jobs(self, job_ids: Iterable[str]) -> dict[str, CustomizedVoiceJob | NotFoundError]:
        found: dict[str, CustomizedVoiceJob | NotFoundError] = {}
        for job_id in job_ids:
            self.requests += 1
            try:
                found[job_id] = self._source.get_customized_voice_job(job_id=job_id)
            except NotFoundError as exc:
                found[job_id] = exc
        return found

    def _scan(self, page: Callable[[int], _Page[_T]], take: Callable[[_T], bool]) -> bool:
        """Read pages 1, 2, ... until ``take`` has all it wants or the list ends; whether
        the whole list was read."""
        for page_no in range(1, self._max_pages + 1):
            current = page(page_no)
            for item in current.items:
                if take(item):
                    return False
            total = current.total_count if current.total_count is not None else 0
            if len(current.items) < PAGE_SIZE or page_no * PAGE_SIZE >= total:
                return True
        return False
