"""The voice-cloning backend: ICE's rules applied over the durable store. No HTTP here.

Rules (README "Rules" lists them for users):
- A basic voice and its job are created together by CreateCustomizedVoiceJob, one job per
  voice; VoiceId is unique per account (the data directory).
- DetectAudio keeps the latest verdict per AudioRecordId (1..20); Submit needs all 20 to
  have passed, and the job to be Initialization or Fail (a resubmit restarts the same job).
- Standard and CosyVoice submits create a voice (a VoiceId the emulator assigns) and its
  job, submitted at once; they train on registered audio media (`media`, `editions`).
  CosyVoice voices are capped per account, counting every CosyVoice job that exists.
- A submitted job advances on the training clock (`states`); a reached status is
  persisted the first time it is observed. A Standard job whose consent does not match
  fails after AudioDetecting; reaching Success writes the demo WAV when a
  DemoAudioMediaURL was given.
- Jobs in Training or Success cannot be deleted; deleting a job frees its VoiceId.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from .._exceptions import (
    AudioNotReady,
    CosyVoiceQuotaExceeded,
    InvalidParameter,
    JobNotFound,
    VoiceAlreadyExists,
    VoiceNotFound,
)
from .._store import JobRow, RecordRow, Store
from . import fields
from .demonstrations import Demonstration, demonstrations
from .editions import EditionTypes, check_standard_audios
from .media import MediaLibrary
from .states import (
    CONSENT_FAIL_MESSAGE,
    DELETABLE,
    FAIL_MESSAGE,
    SUBMITTABLE,
    TrainingClock,
    require_status,
)
from .vocabulary import (
    COSY_VOICE_LIMIT,
    COSY_VOICE_MODELS,
    DEFAULT_COSY_VOICE_TYPE,
    GENDERS,
    RECORDS_PER_VOICE,
    SCENARIOS,
)

__all__ = ["FaultRules", "VoiceCloningBackend"]

_RECORD_EXTENSIONS = (".wav", ".pcm")

Values = Mapping[str, str | None]


class FaultRules(Protocol):
    """What the backend asks of the fault configuration."""

    def fails(self, voice_id: str, voice_name: str | None) -> bool: ...

    def rejects_consent(self, consent_media_id: str | None, voice_name: str | None) -> bool: ...

    def record_rejection(self, record_url: str) -> str | None: ...


class VoiceCloningBackend:
    """ICE's voice-cloning actions for one account and region."""

    def __init__(
        self,
        store: Store,
        media_dir: Path,
        region: str,
        faults: FaultRules,
        training_seconds: float,
        clock: Callable[[], float] = time.time,
        cosy_voice_type: str = DEFAULT_COSY_VOICE_TYPE,
    ) -> None:
        self.store = store
        self.region = region
        self.faults = faults
        self.clock = clock
        self.media = MediaLibrary(store, media_dir, clock)
        self.training = TrainingClock(store, clock)
        self.training.training_seconds = training_seconds
        self.editions = EditionTypes(store)
        self.editions.cosy_voice_type = cosy_voice_type

    # -- basic edition -----------------------------------------------------------------

    def get_demonstration_for_customized_voice_job(
        self, scenario: str | None
    ) -> list[Demonstration]:
        return demonstrations(fields.choice("Scenario", scenario, SCENARIOS))

    def create_customized_voice_job(
        self,
        voice_id: str | None,
        voice_name: str | None,
        voice_desc: str | None,
        gender: str | None,
        scenario: str | None,
    ) -> JobRow:
        voice_id = fields.voice_id(voice_id)
        values = {
            "voice_name": fields.optional_text("VoiceName", voice_name, 32),
            "voice_desc": fields.optional_text("VoiceDesc", voice_desc, 256),
            "gender": fields.choice("Gender", gender, GENDERS),
            "scenario": fields.choice("Scenario", scenario, SCENARIOS),
        }
        try:
            with self.store.write() as conn:
                self.insert_job(conn, voice_id, "Basic", values)
        except sqlite3.IntegrityError:
            raise VoiceAlreadyExists(voice_id=voice_id) from None
        return self.job_by_voice(voice_id)

    def detect_audio_for_customized_voice_job(
        self, voice_id: str | None, audio_record_id: int | None, record_url: str | None
    ) -> tuple[bool, str]:
        """Check one recording; returns (passed, reason) and keeps the verdict."""
        voice_id = fields.voice_id(voice_id)
        record_id = fields.record_id(audio_record_id)
        url = fields.oss_url("RecordUrl", record_url, region=self.region)
        passed, reason = self._judge_recording(url)
        with self.store.write() as conn:
            job = self.job_by_voice(voice_id, conn)
            _require_basic(job, "only basic voices take recordings.")
            require_status(job, SUBMITTABLE, "recordings can only be checked before training.")
            self.store.put_record(conn, voice_id, RecordRow(record_id, url, passed, reason))
        return passed, reason

    def submit_customized_voice_job(
        self, voice_id: str | None, demo_audio_media_url: str | None
    ) -> JobRow:
        voice_id = fields.voice_id(voice_id)
        demo_url = fields.optional_oss_url("DemoAudioMediaURL", demo_audio_media_url)
        with self.store.write() as conn:
            job = self.current(self.job_by_voice(voice_id, conn), conn)
            _require_basic(job, "SubmitCustomizedVoiceJob trains basic voices.")
            require_status(job, SUBMITTABLE, "only Initialization or Fail jobs can be submitted.")
            missing = self._missing_records(conn, voice_id)
            if missing:
                raise AudioNotReady(voice_id=voice_id, missing=",".join(map(str, missing)))
            self.store.update_job(
                conn,
                job.job_id,
                status="AudioDetecting",
                message=None,
                submitted_at=self.clock(),
                submit_count=job.submit_count + 1,
                demo_audio_media_url=demo_url if demo_url is not None else job.demo_audio_media_url,
            )
        return self.job_by_voice(voice_id)

    # -- standard and CosyVoice editions -----------------------------------------------

    def submit_standard_customized_voice_job(
        self,
        voice_name: str | None,
        gender: str | None,
        audios: str | None,
        authentication: str | None,
        demo_audio_media_url: str | None,
    ) -> JobRow:
        """Train a Standard voice on registered audio (15-30 min in all, each over 1 min)
        and the audio of a spoken consent. The voice id is assigned here."""
        # Audios is checked first here (the voice fields first for CosyVoice): the first
        # bad field is the one reported, and clients may match on it.
        audio_ids = fields.media_ids("Audios", audios, at_most=100)
        named = _named_voice(voice_name, gender)
        consent = fields.media_ids("Authentication", authentication, at_most=1)[0]
        values = {
            "audios": ",".join(audio_ids),
            **named,
            "authentication": consent,
            "demo_audio_media_url": _demo_url(demo_audio_media_url),
        }
        voice_id = "std" + uuid.uuid4().hex[:24]
        with self.store.write() as conn:
            check_standard_audios([self.media.audio(conn, "Audios", m) for m in audio_ids])
            self.media.audio(conn, "Authentication", consent)
            self.insert_job(conn, voice_id, "Standard", values, submitted=True)
        return self.job_by_voice(voice_id)

    def submit_cosy_voice_customized_voice_job(
        self,
        voice_name: str | None,
        gender: str | None,
        audios: str | None,
        model: str | None,
        demo_audio_media_url: str | None,
    ) -> JobRow:
        """Train a CosyVoice voice on one registered audio, within the account's quota.
        The voice id (`Voice-...`) is assigned here."""
        named = _named_voice(voice_name, gender)
        audio_id = fields.media_ids("Audios", audios, at_most=1)[0]
        values = {
            **named,
            "audios": audio_id,
            "model": fields.choice("Model", model, COSY_VOICE_MODELS),
            "demo_audio_media_url": _demo_url(demo_audio_media_url),
        }
        voice_id = "Voice-" + uuid.uuid4().hex[:24]
        with self.store.write() as conn:
            self.media.audio(conn, "Audios", audio_id)
            # Every CosyVoice voice that exists counts, failed ones too: deleting a job
            # (not Training or Success) is what frees a slot.
            count = self.store.count_jobs("CosyVoice", conn)
            if count >= COSY_VOICE_LIMIT:
                raise CosyVoiceQuotaExceeded(
                    count=count, region=self.region, limit=COSY_VOICE_LIMIT
                )
            self.insert_job(conn, voice_id, "CosyVoice", values, submitted=True)
        return self.job_by_voice(voice_id)

    # -- reading -----------------------------------------------------------------------

    def get_customized_voice_job(self, job_id: str | None) -> JobRow:
        job_id = fields.required("JobId", job_id)
        job = self.store.job_by_id(job_id)
        if job is None:
            raise JobNotFound(job_id=job_id)
        return self.current(job)

    def get_customized_voice(self, voice_id: str | None) -> JobRow:
        """A voice by id: one the caller chose (Basic) or one ICE assigned."""
        return self.current(self.job_by_voice(fields.voice_ref(voice_id)))

    def list_customized_voice_jobs(
        self, page_no: int | None, page_size: int | None, job_type: str | None
    ) -> tuple[list[JobRow], int]:
        """A page of jobs of one Type (Basic when not given), newest first, and the total."""
        offset, limit = fields.page(page_no, page_size)
        rows, total = self.store.jobs_page(self.editions.selected(job_type), offset, limit)
        return [self.current(row) for row in rows], total

    list_customized_voices = list_customized_voice_jobs

    def trained_status(self, voice_id: str) -> str | None:
        """The status of a voice's job now, None when the account has no such voice (what
        a speech job asks of a customizedVoice)."""
        job = self.store.job_by_voice(voice_id)
        return None if job is None else self.current(job).status

    # -- changing ----------------------------------------------------------------------

    def update_customized_voice(
        self, voice_id: str | None, demo_audio_media_id: str | None
    ) -> None:
        voice_id = fields.voice_ref(voice_id)
        media_id = fields.optional_media_id("DemoAudioMediaId", demo_audio_media_id)
        with self.store.write() as conn:
            job = self.job_by_voice(voice_id, conn)
            if media_id is not None:
                self.store.update_job(conn, job.job_id, demo_audio_media_id=media_id)

    def delete_customized_voice_job(self, job_id: str | None) -> None:
        job_id = fields.required("JobId", job_id)
        with self.store.write() as conn:
            job = self.store.job_by_id(job_id, conn)
            if job is None:
                raise JobNotFound(job_id=job_id)
            job = self.current(job, conn)
            require_status(job, DELETABLE, "jobs in Training or Success cannot be deleted.")
            self.store.delete_job(conn, job)

    # -- shared with the back door -----------------------------------------------------

    def insert_job(
        self,
        conn: sqlite3.Connection,
        voice_id: str,
        job_type: str,
        values: Values,
        submitted: bool = False,
    ) -> None:
        """A new voice with its job, Initialization or (`submitted`) just submitted."""
        now = self.clock()
        self.store.insert_job(
            conn,
            job_id=uuid.uuid4().hex,
            voice_id=voice_id,
            type=job_type,
            status="AudioDetecting" if submitted else "Initialization",
            created_at=now,
            submitted_at=now if submitted else None,
            submit_count=1 if submitted else 0,
            **values,
        )

    def job_by_voice(self, voice_id: str, conn: sqlite3.Connection | None = None) -> JobRow:
        job = self.store.job_by_voice(voice_id, conn)
        if job is None:
            raise VoiceNotFound(voice_id=voice_id)
        return job

    def current(self, job: JobRow, conn: sqlite3.Connection | None = None) -> JobRow:
        """The job with its status advanced to now (persisting a newly reached phase)."""
        if self.training.reached(job) is None:
            return job
        if conn is not None:
            return self._advance(conn, job.job_id)
        with self.store.write() as own:
            return self._advance(own, job.job_id)

    # -- internals ---------------------------------------------------------------------

    def _missing_records(self, conn: sqlite3.Connection, voice_id: str) -> list[int]:
        passed = self.store.passed_record_ids(voice_id, conn)
        return sorted(set(range(1, RECORDS_PER_VOICE + 1)) - passed)

    def _judge_recording(self, url: str) -> tuple[bool, str]:
        rejection = self.faults.record_rejection(url)
        if rejection is not None:
            return False, rejection
        if not url.split("?", 1)[0].lower().endswith(_RECORD_EXTENSIONS):
            return False, "The recording must be a WAV or PCM file: mono, 16-bit, 48 kHz."
        return True, ""

    def _advance(self, conn: sqlite3.Connection, job_id: str) -> JobRow:
        # Re-read under the write lock: another thread or process may have advanced it.
        job = self.store.job_by_id(job_id, conn)
        if job is None:
            raise JobNotFound(job_id=job_id)
        phase = self.training.reached(job)
        if phase is None:
            return job
        self.store.update_job(conn, job_id, **self._on_reaching(conn, job, phase))
        advanced = self.store.job_by_id(job_id, conn)
        assert advanced is not None
        return advanced

    def _on_reaching(self, conn: sqlite3.Connection, job: JobRow, phase: str) -> dict[str, object]:
        """The columns to store when `job` reaches `phase` (never AudioDetecting: a job is
        submitted in it).

        A Standard job's consent is judged when AudioDetecting ends; the end of training
        decides Fail for voices listed in `fail_voice_ids`.
        """
        if job.type == "Standard" and self.faults.rejects_consent(
            job.authentication, job.voice_name
        ):
            return {"status": "Fail", "message": CONSENT_FAIL_MESSAGE}
        if phase != "Success":
            return {"status": phase}
        if self.faults.fails(job.voice_id, job.voice_name):
            return {"status": "Fail", "message": FAIL_MESSAGE}
        media_id = (
            self.media.write_demo_audio(conn, job)
            if job.demo_audio_media_url
            else job.demo_audio_media_id
        )
        return {"status": "Success", "message": None, "demo_audio_media_id": media_id}


def _require_basic(job: JobRow, reason: str) -> None:
    if job.type != "Basic":
        raise InvalidParameter(
            name="VoiceId", reason=f"voice {job.voice_id} is a {job.type} voice; {reason}"
        )


def _named_voice(voice_name: str | None, gender: str | None) -> dict[str, str | None]:
    return {
        "voice_name": fields.optional_text("VoiceName", voice_name, 32),
        "gender": fields.choice("Gender", gender, GENDERS),
    }


def _demo_url(value: str | None) -> str | None:
    return fields.optional_oss_url("DemoAudioMediaURL", value)
