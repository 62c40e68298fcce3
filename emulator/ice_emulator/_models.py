"""The voice-cloning backend: ICE's rules over the durable store. No HTTP here.

Rules (README "Rules" lists them for users):
- A basic voice and its job are created together by CreateCustomizedVoiceJob, one job per
  voice; VoiceId is unique per account (the data directory).
- DetectAudio keeps the latest verdict per AudioRecordId (1..20); Submit needs all 20 to
  have passed, and the job to be Initialization or Fail (a resubmit restarts the same job).
- A submitted job's status is a function of wall-clock time since submit and the current
  `training_seconds`: AudioDetecting for the first 20 %, PreTraining to 40 %, Training to
  100 %, then Success (or Fail for voices the fault configuration marks). Statuses only
  move forward: a reached phase is persisted the first time it is observed, and reaching
  Success writes the demo WAV when a DemoAudioMediaURL was given.
- Jobs in Training or Success cannot be deleted; deleting a job frees its VoiceId.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ._exceptions import (
    AudioNotReady,
    CosyVoiceQuotaExceeded,
    IncorrectJobStatus,
    InvalidParameter,
    JobNotFound,
    MediaNotFound,
    MissingParameter,
    VoiceAlreadyExists,
    VoiceNotFound,
)
from ._store import JobRow, MediaRow, RecordRow, Store
from ._wav import render_wav

__all__ = [
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "DEMO_AUDIO_SECONDS",
    "GENDERS",
    "JOB_STATUSES",
    "JOB_TYPES",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
    "Demonstration",
    "FaultRules",
    "VoiceCloningBackend",
    "phase_at",
]

JOB_STATUSES = ("Initialization", "AudioDetecting", "PreTraining", "Training", "Success", "Fail")
JOB_TYPES = ("Basic", "Standard", "CosyVoice")
GENDERS = ("female", "male")
SCENARIOS = ("story", "interaction", "navigation")
COSY_VOICE_MODELS = (
    "cosyvoice-v3-plus",
    "cosyvoice-v3-flash",
    "cosyvoice-v3.5-plus",
    "cosyvoice-v3.5-flash",
)
COSY_VOICE_LIMIT = 30
RECORDS_PER_VOICE = 20
DEMO_AUDIO_SECONDS = 1.6
MAX_PAGE_SIZE = 100

_TERMINAL = ("Success", "Fail")
_RANK = {
    "Initialization": 0,
    "AudioDetecting": 1,
    "PreTraining": 2,
    "Training": 3,
    "Success": 4,
    "Fail": 4,
}
# (phase, share of training_seconds at which it ends)
_PHASES = (("AudioDetecting", 0.2), ("PreTraining", 0.4), ("Training", 1.0))
_UNDELETABLE = ("Training", "Success")

_VOICE_ID = re.compile(r"[A-Za-z0-9]{1,32}")
_MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BUCKET = r"(?P<bucket>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])"
_OSS_SCHEME_URL = re.compile(rf"oss://{_BUCKET}/(?P<key>[^?#]+)")
_OSS_HTTP_URL = re.compile(
    rf"https?://{_BUCKET}\.oss-(?P<region>[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com/(?P<key>[^?#]+)(?:\?[^#]*)?"
)
_RECORD_EXTENSIONS = (".wav", ".pcm")

_FAIL_MESSAGE = (
    "Training failed: the recordings do not meet the voice-cloning quality requirements."
)

_SCRIPT_SUBJECTS = {
    "story": (
        "The old lighthouse keeper",
        "A curious little fox",
        "The girl with the red kite",
        "Our grandfather",
        "The sleepy village baker",
    ),
    "interaction": (
        "Your order",
        "The meeting room",
        "Your appointment",
        "The weather today",
        "Your package",
    ),
    "navigation": (
        "In two hundred meters",
        "At the next roundabout",
        "After the bridge",
        "At the traffic lights",
        "In half a kilometer",
    ),
}
_SCRIPT_PREDICATES = {
    "story": (
        "looked out over the quiet sea.",
        "found a key beneath the snow.",
        "told a story nobody believed.",
        "waited until the stars came out.",
    ),
    "interaction": (
        "is ready, would you like to confirm?",
        "has been booked for three o'clock.",
        "can be changed at any time.",
        "will arrive tomorrow morning.",
    ),
    "navigation": (
        "turn left onto the main road.",
        "take the second exit.",
        "keep right and follow the signs.",
        "continue straight ahead.",
    ),
}


@dataclass(frozen=True)
class Demonstration:
    audio_id: int
    text: str


class FaultRules(Protocol):
    """What the backend asks of the fault configuration."""

    def fails(self, voice_id: str, voice_name: str | None) -> bool: ...

    def record_rejection(self, record_url: str) -> str | None: ...


def phase_at(elapsed: float, training_seconds: float) -> str:
    """The status a job reaches `elapsed` seconds after submit (Success at the end)."""
    if training_seconds <= 0:
        return "Success"
    share = elapsed / training_seconds
    for phase, end in _PHASES:
        if share < end:
            return phase
    return "Success"


class VoiceCloningBackend:
    """ICE's voice-cloning state machine for one account and region."""

    def __init__(
        self,
        store: Store,
        media_dir: Path,
        region: str,
        faults: FaultRules,
        training_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.media_dir = media_dir
        self.region = region
        self.faults = faults
        self.clock = clock
        media_dir.mkdir(parents=True, exist_ok=True)
        self.training_seconds = training_seconds

    # -- settings ----------------------------------------------------------------------

    @property
    def training_seconds(self) -> float:
        """How long a submitted job takes to reach Success; shared by every process on the data dir."""
        value = self.store.get_setting("training_seconds")
        return 0.0 if value is None else float(value)

    @training_seconds.setter
    def training_seconds(self, seconds: float) -> None:
        if not seconds >= 0 or seconds == float("inf"):
            raise ValueError("training_seconds must be a finite number >= 0")
        self.store.set_setting("training_seconds", repr(float(seconds)))

    def reset(self) -> None:
        """Forget every voice, job, recording, nonce and demo file."""
        self.store.clear()
        for path in self.media_dir.glob("*.wav"):
            path.unlink(missing_ok=True)

    # -- basic edition -----------------------------------------------------------------

    def get_demonstration_for_customized_voice_job(
        self, scenario: str | None
    ) -> list[Demonstration]:
        scenario = _choice("Scenario", scenario, SCENARIOS)
        subjects, predicates = _SCRIPT_SUBJECTS[scenario], _SCRIPT_PREDICATES[scenario]
        return [
            Demonstration(
                audio_id=index + 1, text=f"{subjects[index % 5]} {predicates[index // 5]}"
            )
            for index in range(RECORDS_PER_VOICE)
        ]

    def create_customized_voice_job(
        self,
        voice_id: str | None,
        voice_name: str | None,
        voice_desc: str | None,
        gender: str | None,
        scenario: str | None,
    ) -> JobRow:
        voice_id = _voice_id(voice_id)
        values = {
            "voice_name": _optional_text("VoiceName", voice_name, 32),
            "voice_desc": _optional_text("VoiceDesc", voice_desc, 256),
            "gender": _choice("Gender", gender, GENDERS),
            "scenario": _choice("Scenario", scenario, SCENARIOS),
        }
        try:
            with self.store.write() as conn:
                self._insert_job(conn, voice_id, "Basic", values)
        except sqlite3.IntegrityError:
            raise VoiceAlreadyExists(voice_id=voice_id) from None
        return self._job_by_voice(voice_id)

    def detect_audio_for_customized_voice_job(
        self, voice_id: str | None, audio_record_id: int | None, record_url: str | None
    ) -> tuple[bool, str]:
        """Check one recording; returns (passed, reason) and keeps the verdict."""
        voice_id = _voice_id(voice_id)
        record_id = _record_id(audio_record_id)
        url = _oss_url("RecordUrl", record_url, region=self.region)
        passed, reason = self._judge_recording(url)
        with self.store.write() as conn:
            job = self._job_by_voice(voice_id, conn)
            if job.type != "Basic":
                raise InvalidParameter(
                    name="VoiceId",
                    reason=f"voice {voice_id} is a {job.type} voice; only basic voices take recordings.",
                )
            if job.status not in ("Initialization", "Fail"):
                raise IncorrectJobStatus(
                    job_id=job.job_id,
                    status=job.status,
                    reason="recordings can only be checked before training.",
                )
            self.store.put_record(conn, voice_id, RecordRow(record_id, url, passed, reason))
        return passed, reason

    def submit_customized_voice_job(
        self, voice_id: str | None, demo_audio_media_url: str | None
    ) -> JobRow:
        voice_id = _voice_id(voice_id)
        demo_url = _optional_oss_url("DemoAudioMediaURL", demo_audio_media_url)
        with self.store.write() as conn:
            job = self._current(self._job_by_voice(voice_id, conn), conn)
            if job.type != "Basic":
                raise InvalidParameter(
                    name="VoiceId",
                    reason=f"voice {voice_id} is a {job.type} voice; SubmitCustomizedVoiceJob trains basic voices.",
                )
            if job.status not in ("Initialization", "Fail"):
                raise IncorrectJobStatus(
                    job_id=job.job_id,
                    status=job.status,
                    reason="only Initialization or Fail jobs can be submitted.",
                )
            missing = sorted(
                set(range(1, RECORDS_PER_VOICE + 1)) - self.store.passed_record_ids(voice_id, conn)
            )
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
        return self._job_by_voice(voice_id)

    # -- standard and CosyVoice editions -----------------------------------------------

    def submit_standard_customized_voice_job(
        self,
        voice_name: str | None,
        gender: str | None,
        audios: str | None,
        authentication: str | None,
        demo_audio_media_url: str | None,
    ) -> JobRow:
        media_ids = _media_ids("Audios", audios, at_most=100)
        values = {
            "voice_name": _optional_text("VoiceName", voice_name, 32),
            "gender": _choice("Gender", gender, GENDERS),
            "audios": ",".join(media_ids),
            "authentication": _media_ids("Authentication", authentication, at_most=1)[0],
            "demo_audio_media_url": _optional_oss_url("DemoAudioMediaURL", demo_audio_media_url),
        }
        voice_id = "std" + uuid.uuid4().hex[:24]
        with self.store.write() as conn:
            self._insert_job(conn, voice_id, "Standard", values, submitted=True)
        return self._job_by_voice(voice_id)

    def submit_cosy_voice_customized_voice_job(
        self,
        voice_name: str | None,
        gender: str | None,
        audios: str | None,
        model: str | None,
        demo_audio_media_url: str | None,
    ) -> JobRow:
        values = {
            "voice_name": _optional_text("VoiceName", voice_name, 32),
            "gender": _choice("Gender", gender, GENDERS),
            "audios": _media_ids("Audios", audios, at_most=1)[0],
            "model": _choice("Model", model, COSY_VOICE_MODELS),
            "demo_audio_media_url": _optional_oss_url("DemoAudioMediaURL", demo_audio_media_url),
        }
        voice_id = "cosy" + uuid.uuid4().hex[:24]
        with self.store.write() as conn:
            if self.store.count_jobs("CosyVoice", conn) >= COSY_VOICE_LIMIT:
                raise CosyVoiceQuotaExceeded(limit=COSY_VOICE_LIMIT)
            self._insert_job(conn, voice_id, "CosyVoice", values, submitted=True)
        return self._job_by_voice(voice_id)

    # -- reading -----------------------------------------------------------------------

    def get_customized_voice_job(self, job_id: str | None) -> JobRow:
        job_id = _required("JobId", job_id)
        job = self.store.job_by_id(job_id)
        if job is None:
            raise JobNotFound(job_id=job_id)
        return self._current(job)

    def get_customized_voice(self, voice_id: str | None) -> JobRow:
        return self._current(self._job_by_voice(_voice_id(voice_id)))

    def list_customized_voice_jobs(
        self, page_no: int | None, page_size: int | None, job_type: str | None
    ) -> tuple[list[JobRow], int]:
        """A page of jobs of one type (Basic when not given), newest first, and the total."""
        offset, limit = _page(page_no, page_size)
        rows, total = self.store.jobs_page(_job_type(job_type), offset, limit)
        return [self._current(row) for row in rows], total

    list_customized_voices = list_customized_voice_jobs

    def all_jobs(self) -> list[JobRow]:
        return [self._current(row) for row in self.store.all_jobs()]

    def get_media_info(self, media_id: str | None, input_url: str | None) -> MediaRow:
        if media_id:
            media = self.store.media_by_id(media_id)
        elif input_url:
            media = self.store.media_by_input_url(input_url)
        else:
            raise MissingParameter(name="MediaId")
        if media is None:
            raise MediaNotFound(media=media_id or input_url)
        return media

    def media_path(self, media_id: str) -> Path | None:
        """The demo WAV of a media id, if the emulator wrote one."""
        if not _MEDIA_ID.fullmatch(media_id):
            return None
        path = self.media_dir / f"{media_id}.wav"
        return path if path.is_file() else None

    # -- changing ----------------------------------------------------------------------

    def update_customized_voice(
        self, voice_id: str | None, demo_audio_media_id: str | None
    ) -> None:
        voice_id = _voice_id(voice_id)
        if demo_audio_media_id is not None and not _MEDIA_ID.fullmatch(demo_audio_media_id):
            raise InvalidParameter(
                name="DemoAudioMediaId", reason="a media id is 1-64 letters, digits, '-' or '_'."
            )
        with self.store.write() as conn:
            job = self._job_by_voice(voice_id, conn)
            if demo_audio_media_id is not None:
                self.store.update_job(conn, job.job_id, demo_audio_media_id=demo_audio_media_id)

    def delete_customized_voice_job(self, job_id: str | None) -> None:
        job_id = _required("JobId", job_id)
        with self.store.write() as conn:
            job = self.store.job_by_id(job_id, conn)
            if job is None:
                raise JobNotFound(job_id=job_id)
            job = self._current(job, conn)
            if job.status in _UNDELETABLE:
                raise IncorrectJobStatus(
                    job_id=job_id,
                    status=job.status,
                    reason="jobs in Training or Success cannot be deleted.",
                )
            self.store.delete_job(conn, job)

    def stage(
        self,
        voice_ids: Iterable[str],
        gender: str,
        scenario: str,
        voice_name: str | None = None,
        status: str = "Initialization",
    ) -> dict[str, str]:
        """As if CreateCustomizedVoiceJob and 20 passing DetectAudio calls had happened.

        Voices that already exist keep their job; if it can still be submitted, its missing
        recordings are filled in. With another `status`, each such job is then put in that
        status as if submitted just now (it goes on from there with the clock; statuses
        never move back). Returns {voice_id: job_id}.
        """
        ids = [_voice_id(voice_id) for voice_id in voice_ids]
        gender = _choice("Gender", gender, GENDERS)
        scenario = _choice("Scenario", scenario, SCENARIOS)
        name = _optional_text("VoiceName", voice_name, 32)
        status = _choice("status", status, JOB_STATUSES)
        staged: dict[str, str] = {}
        with self.store.write() as conn:
            for voice_id in ids:
                job = self.store.job_by_voice(voice_id, conn)
                if job is None:
                    values = {
                        "voice_name": name or voice_id,
                        "gender": gender,
                        "scenario": scenario,
                    }
                    self._insert_job(conn, voice_id, "Basic", values)
                    job = self._job_by_voice(voice_id, conn)
                if job.type == "Basic" and job.status in ("Initialization", "Fail"):
                    for record_id in range(1, RECORDS_PER_VOICE + 1):
                        url = f"oss://ice-emulator-staged/{voice_id}/{record_id:02d}.wav"
                        self.store.put_record(conn, voice_id, RecordRow(record_id, url, True, ""))
                    if status != "Initialization":
                        self.store.update_job(
                            conn,
                            job.job_id,
                            status=status,
                            message=_FAIL_MESSAGE if status == "Fail" else None,
                            submitted_at=self.clock(),
                            submit_count=job.submit_count + 1,
                        )
                staged[voice_id] = job.job_id
        return staged

    # -- internals ---------------------------------------------------------------------

    def _insert_job(
        self,
        conn: sqlite3.Connection,
        voice_id: str,
        job_type: str,
        values: Mapping[str, str | None],
        submitted: bool = False,
    ) -> None:
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

    def _job_by_voice(self, voice_id: str, conn: sqlite3.Connection | None = None) -> JobRow:
        job = self.store.job_by_voice(voice_id, conn)
        if job is None:
            raise VoiceNotFound(voice_id=voice_id)
        return job

    def _judge_recording(self, url: str) -> tuple[bool, str]:
        rejection = self.faults.record_rejection(url)
        if rejection is not None:
            return False, rejection
        if not url.split("?", 1)[0].lower().endswith(_RECORD_EXTENSIONS):
            return False, "The recording must be a WAV or PCM file: mono, 16-bit, 48 kHz."
        return True, ""

    def _current(self, job: JobRow, conn: sqlite3.Connection | None = None) -> JobRow:
        """The job with its status advanced to now (persisting a newly reached phase)."""
        if job.submitted_at is None or job.status in _TERMINAL:
            return job
        phase = phase_at(self.clock() - job.submitted_at, self.training_seconds)
        if _RANK[phase] <= _RANK[job.status]:
            return job
        if conn is not None:
            return self._advance(conn, job.job_id)
        with self.store.write() as own:
            return self._advance(own, job.job_id)

    def _advance(self, conn: sqlite3.Connection, job_id: str) -> JobRow:
        # Re-read under the write lock: another thread or process may have advanced it.
        job = self.store.job_by_id(job_id, conn)
        if job is None:
            raise JobNotFound(job_id=job_id)
        if job.submitted_at is None or job.status in _TERMINAL:
            return job
        phase = phase_at(self.clock() - job.submitted_at, self.training_seconds)
        if _RANK[phase] <= _RANK[job.status]:
            return job
        if phase != "Success":
            self.store.update_job(conn, job_id, status=phase)
        elif self.faults.fails(job.voice_id, job.voice_name):
            self.store.update_job(conn, job_id, status="Fail", message=_FAIL_MESSAGE)
        else:
            media_id = (
                self._write_demo_audio(conn, job)
                if job.demo_audio_media_url
                else job.demo_audio_media_id
            )
            self.store.update_job(
                conn, job_id, status="Success", message=None, demo_audio_media_id=media_id
            )
        advanced = self.store.job_by_id(job_id, conn)
        assert advanced is not None
        return advanced

    def _write_demo_audio(self, conn: sqlite3.Connection, job: JobRow) -> str:
        assert job.demo_audio_media_url is not None
        media_id = uuid.uuid4().hex
        data = render_wav(job.voice_id, DEMO_AUDIO_SECONDS)
        target = self.media_dir / f"{media_id}.wav"
        # Written to a temporary name and renamed, so a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=self.media_dir, suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
        key = job.demo_audio_media_url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        self.store.insert_media(
            conn,
            MediaRow(
                media_id=media_id,
                voice_id=job.voice_id,
                input_url=job.demo_audio_media_url,
                file_name=key or f"{job.voice_id}-demo.wav",
                size=len(data),
                duration=DEMO_AUDIO_SECONDS,
                created_at=self.clock(),
            ),
        )
        return media_id


# -- field rules ---------------------------------------------------------------------------


def _required(name: str, value: str | None) -> str:
    if value is None or value == "":
        raise MissingParameter(name=name)
    return value


def _voice_id(value: str | None) -> str:
    value = _required("VoiceId", value)
    if not _VOICE_ID.fullmatch(value):
        raise InvalidParameter(name="VoiceId", reason="use 1-32 letters and digits.")
    return value


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str:
    value = _required(name, value)
    if value not in allowed:
        raise InvalidParameter(name=name, reason=f"must be one of {', '.join(allowed)}.")
    return value


def _optional_text(name: str, value: str | None, limit: int) -> str | None:
    if value is not None and len(value) > limit:
        raise InvalidParameter(name=name, reason=f"at most {limit} characters.")
    return value or None


def _record_id(value: int | None) -> int:
    if value is None:
        raise MissingParameter(name="AudioRecordId")
    if not 1 <= value <= RECORDS_PER_VOICE:
        raise InvalidParameter(
            name="AudioRecordId", reason=f"must be between 1 and {RECORDS_PER_VOICE}."
        )
    return value


def _oss_url(name: str, value: str | None, region: str | None = None) -> str:
    """An OSS object URL: oss://bucket/key or http(s)://bucket.oss-<region>.aliyuncs.com/key."""
    value = _required(name, value)
    if _OSS_SCHEME_URL.fullmatch(value):
        return value
    match = _OSS_HTTP_URL.fullmatch(value)
    if match is None:
        raise InvalidParameter(
            name=name,
            reason="must be an OSS object URL: oss://bucket/key or https://bucket.oss-<region>.aliyuncs.com/key.",
        )
    if region is not None and match.group("region") != region:
        raise InvalidParameter(
            name=name, reason=f"the OSS bucket must be in the service region {region}."
        )
    return value


def _optional_oss_url(name: str, value: str | None) -> str | None:
    return None if value is None or value == "" else _oss_url(name, value)


def _media_ids(name: str, value: str | None, at_most: int) -> list[str]:
    ids = [part.strip() for part in _required(name, value).split(",")]
    if len(ids) > at_most:
        raise InvalidParameter(
            name=name, reason=f"at most {at_most} media id{'s' if at_most > 1 else ''}."
        )
    if not all(_MEDIA_ID.fullmatch(media_id) for media_id in ids):
        raise InvalidParameter(
            name=name, reason="media ids are 1-64 letters, digits, '-' or '_', separated by commas."
        )
    return ids


def _job_type(value: str | None) -> str:
    # ICE's documented default: without Type, lists show basic voices only.
    return "Basic" if value is None or value == "" else _choice("Type", value, JOB_TYPES)


def _page(page_no: int | None, page_size: int | None) -> tuple[int, int]:
    page_no = 1 if page_no is None else page_no
    page_size = 10 if page_size is None else page_size
    if page_no < 1:
        raise InvalidParameter(name="PageNo", reason="must be 1 or more.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidParameter(name="PageSize", reason=f"must be between 1 and {MAX_PAGE_SIZE}.")
    return (page_no - 1) * page_size, page_size
