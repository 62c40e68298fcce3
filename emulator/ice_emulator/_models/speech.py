"""Text to speech: SubmitAudioProduceJob and the smart-job actions over the store. No HTTP.

Rules (the README's "Speech" lists them for users):
- A submit checks every parameter (`speech_fields`), then the voice: a customizedVoice must
  be a voice of the account whose training succeeded. The output object is the given
  object plus the format's extension (`target_audio` -> `target_audio.mp3`, as ICE's
  example shows); an object that exists, or that a job still running will write, is
  refused unless Overwrite is true.
- A job advances on the emulator's clock: Created for the first 20 % of its time, then
  Executing, then Finished (or Failed, for jobs the `fail_speech` fault names). Its time
  is the synthesis pace (seconds per character, kept in the store) times the length of
  its text. A reached state is stored the first time it is observed; reaching Finished
  writes the audio, registers it as the media asset the submit named, and serves it.
- Reads see the jobs of the past year only (GetSmartHandleJob's documented horizon; the
  emulator applies it to ListSmartJobs and DeleteSmartJob too).
- DeleteSmartJob forgets jobs; the objects they wrote stay in their bucket.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from .._exceptions import InvalidParameter, SmartJobNotFound
from .._speech_store import SmartJobRow, SpeechStore, WrittenObjectRow
from .._store import MediaRow, Store
from .._synthesis import render_speech
from .._wav import write_file
from . import fields, speech_fields
from .media import MediaLibrary
from .speech_fields import Output
from .vocabulary import (
    MAX_PAGE_SIZE,
    SMART_JOB_HORIZON_SECONDS,
    SMART_JOB_STATES,
    SMART_JOB_TYPES,
    SPEECH_JOB_TYPE,
)

__all__ = ["DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER", "FAIL_CODE", "SpeechBackend", "state_at"]

DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER = 0.02
FAIL_CODE = "AudioProduce.Failed"
FAIL_MESSAGE = "Audio production failed (the emulator's fail_speech fault)."
_RUNNING = ("Created", "Executing")
_RANK = {"Created": 0, "Executing": 1, "Finished": 2, "Failed": 2}
_SETTING = "synthesis_seconds_per_character"
_SORTS = ("CreationTime:Desc", "CreationTime:Asc")


class SpeechFaults(Protocol):
    def fails_speech(self, title: str, voice: str) -> bool: ...


class VoiceLookup(Protocol):
    def trained_status(self, voice_id: str) -> str | None:
        """The training status of a voice of the account, None when there is none."""


def state_at(elapsed: float, job_seconds: float) -> str:
    """The state a job reaches `elapsed` seconds after its submit (Finished at the end)."""
    if job_seconds <= 0 or elapsed >= job_seconds:
        return "Finished"
    return "Created" if elapsed < 0.2 * job_seconds else "Executing"


class SpeechBackend:
    """ICE's text-to-speech jobs for one account and region."""

    def __init__(
        self,
        store: Store,
        media: MediaLibrary,
        voices: VoiceLookup,
        faults: SpeechFaults,
        region: str,
        oss_dir: Path,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.tables = SpeechStore(store)
        self.media = media
        self.voices = voices
        self.faults = faults
        self.region = region
        self.oss_dir = oss_dir
        self.clock = clock
        oss_dir.mkdir(parents=True, exist_ok=True)

    @property
    def seconds_per_character(self) -> float:
        """How long synthesis takes per character of text; at once for running jobs too."""
        value = self.store.get_setting(_SETTING)
        return DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER if value is None else float(value)

    @seconds_per_character.setter
    def seconds_per_character(self, seconds: float) -> None:
        if not 0 <= seconds < 3600:
            raise ValueError("synthesis_seconds_per_character must be a number from 0 to 3600")
        self.store.set_setting(_SETTING, repr(float(seconds)))

    # -- actions -----------------------------------------------------------------------

    def submit_audio_produce_job(
        self,
        editing_config: str | None,
        input_config: str | None,
        output_config: str | None,
        title: str | None,
        description: str | None,
        user_data: str | None,
        overwrite: str | None,
    ) -> SmartJobRow:
        editing = speech_fields.editing_config(editing_config)
        text = speech_fields.input_config(input_config)
        output = speech_fields.output_config(output_config)
        values = {
            "title": speech_fields.title(title),
            "description": speech_fields.description(description),
            "user_data": speech_fields.user_data(user_data),
            "overwrite": fields.boolean("Overwrite", overwrite, default=False),
        }
        if editing.customized:
            self._require_trained(editing.voice)
        now = self.clock()
        job_id = uuid.uuid4().hex
        with self.store.write() as conn:
            key = _object_key(output, editing.audio_format)
            if not values["overwrite"]:
                self._require_free(conn, key)
            self.tables.insert_job(
                conn,
                job_id=job_id,
                job_type=SPEECH_JOB_TYPE,
                state="Created",
                input_config=text,
                editing_config=editing_config,
                voice=editing.voice,
                customized=int(editing.customized),
                audio_format=editing.audio_format,
                volume=editing.volume,
                speech_rate=editing.speech_rate,
                pitch_rate=editing.pitch_rate,
                bucket=output.bucket,
                object=output.object,
                object_key=key,
                media_id=uuid.uuid4().hex,
                created_at=now,
                modified_at=now,
                **{**values, "title": values["title"] or _default_title(now)},
            )
        # ICE answers a submit with the job as it was made (Created), however quickly the
        # job moves on: read through `current` it could already be Executing on a slow
        # machine.
        made = self.tables.job(job_id)
        assert made is not None, "the row was inserted above"
        return made

    def get_smart_handle_job(self, job_id: str | None) -> SmartJobRow:
        job_id = fields.required("JobId", job_id)
        job = self.tables.job(job_id)
        if job is None or not self._visible(job):
            raise SmartJobNotFound(job_id=job_id)
        return self.current(job)

    def list_smart_jobs(
        self, filters: dict[str, str | None], page: dict[str, int | None]
    ) -> tuple[list[SmartJobRow], int, str | None, int]:
        """(jobs, how many match, the next page's token or None, the page size) of one page.

        `filters`: JobType, JobState, SortBy, NextToken; `page`: PageNo, PageSize,
        MaxResults. With NextToken or MaxResults, pages follow tokens; else page numbers.
        """
        job_type = fields.optional_choice("JobType", filters.get("JobType"), SMART_JOB_TYPES)
        state = fields.optional_choice("JobState", filters.get("JobState"), SMART_JOB_STATES)
        sort = fields.optional_choice("SortBy", filters.get("SortBy"), _SORTS) or _SORTS[0]
        jobs = [self.current(job) for job in self.tables.jobs_since(self._horizon())]
        jobs = [
            job
            for job in jobs
            if (job_type is None or job.job_type == job_type)
            and (state is None or job.state == state)
        ]
        if sort == "CreationTime:Asc":
            jobs.reverse()
        token, max_results = filters.get("NextToken"), page.get("MaxResults")
        if token or max_results is not None:
            return _token_page(jobs, token, max_results)
        offset, limit = fields.page(page.get("PageNo"), page.get("PageSize"))
        return jobs[offset : offset + limit], len(jobs), None, limit

    def delete_smart_job(self, job_ids: str | None) -> None:
        """Forget the jobs (comma-separated ids); unknown ones refuse the whole request."""
        ids = [part.strip() for part in fields.required("JobId", job_ids).split(",")]
        if not all(ids):
            raise InvalidParameter(name="JobId", reason="job ids are separated by single commas.")
        with self.store.write() as conn:
            for job_id in ids:
                job = self.tables.job(job_id, conn)
                if job is None or not self._visible(job):
                    raise SmartJobNotFound(job_id=job_id)
            self.tables.delete_jobs(conn, ids)

    # -- the clock ---------------------------------------------------------------------

    def current(self, job: SmartJobRow, conn: sqlite3.Connection | None = None) -> SmartJobRow:
        """The job with its state advanced to now (persisting a newly reached state)."""
        if self._reached(job) is None:
            return job
        if conn is not None:
            return self._advance(conn, job.job_id)
        with self.store.write() as own:
            return self._advance(own, job.job_id)

    def output_file(self, bucket: str, key: str) -> tuple[Path, WrittenObjectRow] | None:
        """The file written at `bucket/key` (jobs due to write it are brought up to now)."""
        object_key = f"{bucket}/{key}"
        for job in self.tables.jobs_writing(object_key):
            self.current(job)
        written = self.tables.written(object_key)
        if written is None:
            return None
        path = self.oss_dir / written.file_name
        return (path, written) if path.is_file() else None

    def all_jobs(self) -> list[SmartJobRow]:
        """Every job, the old ones too, newest first, in its current state."""
        return [self.current(job) for job in self.tables.jobs_since(float("-inf"))]

    def reset(self) -> None:
        self.tables.clear()
        for path in self.oss_dir.iterdir():
            path.unlink(missing_ok=True)

    def media_url(self, job: SmartJobRow, base_url: str) -> str:
        """Where the emulator serves the job's output: the OSS object, on loopback."""
        return f"{base_url}{_served_path(job.object_key)}"

    def oss_url(self, job: SmartJobRow) -> str:
        """The job's output as an https OSS URL of the service region."""
        bucket, _, key = job.object_key.partition("/")
        return f"https://{bucket}.oss-{self.region}.aliyuncs.com/{quote(key)}"

    # -- internals ---------------------------------------------------------------------

    def _horizon(self) -> float:
        return self.clock() - SMART_JOB_HORIZON_SECONDS

    def _visible(self, job: SmartJobRow) -> bool:
        return job.created_at > self._horizon()

    def _require_trained(self, voice_id: str) -> None:
        status = self.voices.trained_status(voice_id)
        if status is None:
            raise InvalidParameter(
                name="EditingConfig",
                reason=f'customizedVoice "{voice_id}" is not a voice of this account and region.',
            )
        if status != "Success":
            raise InvalidParameter(
                name="EditingConfig",
                reason=f'customizedVoice "{voice_id}" is {status}: only a trained voice '
                "(Success) can speak.",
            )

    def _require_free(self, conn: sqlite3.Connection, key: str) -> None:
        taken = self.tables.written(key, conn) is not None or any(
            self.current(job, conn).state in _RUNNING for job in self.tables.jobs_writing(key, conn)
        )
        if taken:
            raise InvalidParameter(
                name="OutputConfig",
                reason=f'the OSS object "{key}" exists (or a running job writes it); '
                "set Overwrite to true to replace it.",
            )

    def _reached(self, job: SmartJobRow) -> str | None:
        if job.state not in _RUNNING:
            return None
        seconds = self.seconds_per_character * len(job.input_config)
        state = state_at(self.clock() - job.created_at, seconds)
        return state if _RANK[state] > _RANK[job.state] else None

    def _advance(self, conn: sqlite3.Connection, job_id: str) -> SmartJobRow:
        # Re-read under the write lock: another thread or process may have advanced it.
        job = self.tables.job(job_id, conn)
        if job is None:
            raise SmartJobNotFound(job_id=job_id)
        state = self._reached(job)
        if state is None:
            return job
        now = self.clock()
        if state != "Finished":
            self.tables.update_job(conn, job_id, state=state, modified_at=now)
        elif self.faults.fails_speech(job.title, job.voice):
            self.tables.update_job(
                conn,
                job_id,
                state="Failed",
                modified_at=now,
                error_code=FAIL_CODE,
                error_message=FAIL_MESSAGE,
            )
        else:
            self._write_output(conn, job, now)
            self.tables.update_job(conn, job_id, state="Finished", modified_at=now)
        advanced = self.tables.job(job_id, conn)
        assert advanced is not None
        return advanced

    def _write_output(self, conn: sqlite3.Connection, job: SmartJobRow, now: float) -> None:
        """Speak the job's text into its OSS object and register it as its media asset."""
        audio = render_speech(
            job.input_config,
            job.voice,
            job.audio_format,
            job.volume,
            job.speech_rate,
            job.pitch_rate,
        )
        file_name = hashlib.sha256(job.object_key.encode()).hexdigest() + "." + audio.extension
        write_file(self.oss_dir / file_name, audio.data)
        self.tables.put_object(
            conn,
            WrittenObjectRow(
                job.object_key,
                file_name,
                audio.content_type,
                len(audio.data),
                audio.seconds,
                job.job_id,
                now,
            ),
        )
        bucket, _, key = job.object_key.partition("/")
        self.store.put_object(f"oss://{bucket}/{key}", audio.seconds)
        self.media.register_written(
            conn,
            MediaRow(
                media_id=job.media_id,
                voice_id=None,
                input_url=self.oss_url(job),
                file_name=key.rsplit("/", 1)[-1],
                size=len(audio.data),
                duration=audio.seconds,
                created_at=now,
                media_type="audio",
                business_type="general",
                title=job.title,
                served_path=_served_path(job.object_key),
            ),
        )


def _object_key(output: Output, audio_format: str) -> str:
    """`bucket/key` of the file a job writes: the object with the format's extension."""
    extension = "." + audio_format.lower()
    key = output.object if output.object.lower().endswith(extension) else output.object + extension
    return f"{output.bucket}/{key}"


def _served_path(object_key: str) -> str:
    return "/oss/" + quote(object_key)


def _default_title(now: float) -> str:
    # ICE makes a date-based title when none is given.
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now))


def _token_page(
    jobs: list[SmartJobRow], token: str | None, max_results: int | None
) -> tuple[list[SmartJobRow], int, str | None, int]:
    limit = 10 if max_results is None else max_results
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidParameter(name="MaxResults", reason=f"must be between 1 and {MAX_PAGE_SIZE}.")
    start = 0
    if token:
        # The token is the last job of the previous page: pages stay stable under inserts.
        start = next((i + 1 for i, job in enumerate(jobs) if job.job_id == token), -1)
        if start < 0:
            raise InvalidParameter(name="NextToken", reason="not a token this list gave.")
    page = jobs[start : start + limit]
    more = start + limit < len(jobs)
    return page, len(jobs), page[-1].job_id if more and page else None, limit
