"""The test back door: what tests may do to the state that ICE's API cannot.

Reached only through the control API (/_emulator/): stage voices as if they had been
created and recorded (or submitted), stage the duration of an OSS object's audio, set the
training time, the synthesis pace and the Type CosyVoice jobs report, move the clock
forward, list every job with what invariant checks need, and reset the data directory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .._store import JobRow, RecordRow
from . import fields
from .backend import Values, VoiceCloningBackend
from .clock import EmulatorClock
from .media import seconds_value
from .speech import SpeechBackend
from .states import FAIL_MESSAGE, JOB_STATUSES, SUBMITTABLE
from .vocabulary import GENDERS, RECORDS_PER_VOICE, SCENARIOS

__all__ = ["BackDoor"]


class BackDoor:
    """Test-only changes to one backend's state."""

    def __init__(
        self, backend: VoiceCloningBackend, speech: SpeechBackend, clock: EmulatorClock
    ) -> None:
        self.backend = backend
        self.speech = speech
        self.clock = clock
        self.store = backend.store

    @property
    def training_seconds(self) -> float:
        """The training time T; setting it paces running jobs too (they never move back)."""
        return self.backend.training.training_seconds

    @training_seconds.setter
    def training_seconds(self, seconds: float) -> None:
        self.backend.training.training_seconds = seconds

    @property
    def cosy_voice_type(self) -> str:
        """The Type CosyVoice jobs and voices report; setting it relabels existing ones too."""
        return self.backend.editions.cosy_voice_type

    @cosy_voice_type.setter
    def cosy_voice_type(self, value: str) -> None:
        self.backend.editions.cosy_voice_type = value

    @property
    def synthesis_seconds_per_character(self) -> float:
        """The synthesis pace; setting it paces running speech jobs too."""
        return self.speech.seconds_per_character

    @synthesis_seconds_per_character.setter
    def synthesis_seconds_per_character(self, seconds: float) -> None:
        self.speech.seconds_per_character = seconds

    def reset(self) -> None:
        """Forget every voice, job, recording, media, staged object, nonce, speech job, written
        object and demo file, and bring the clock's offset back to 0 (T, the synthesis pace
        and the CosyVoice Type stay)."""
        self.store.clear()
        self.speech.reset()
        self.clock.reset()
        for path in self.backend.media.media_dir.glob("*.wav"):
            path.unlink(missing_ok=True)

    def stage_object(self, url: str, duration: float) -> tuple[str, float]:
        """As if the OSS object at `url` held audio of `duration` seconds: registering any
        URL of that object (either form, any query) reads this duration. Returns the
        object's `oss://bucket/key` and the duration."""
        key = fields.oss_object_key(fields.oss_url("url", url))
        seconds = seconds_value("duration", duration, "duration")
        self.store.put_object(key, seconds)
        return key, seconds

    def jobs(self) -> list[tuple[JobRow, int]]:
        """Every job, newest first, in its current status, with its count of passed recordings."""
        jobs = [self.backend.current(row) for row in self.store.all_jobs()]
        return [(job, len(self.store.passed_record_ids(job.voice_id))) for job in jobs]

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
        ids = [fields.voice_id(voice_id) for voice_id in voice_ids]
        gender = fields.choice("Gender", gender, GENDERS)
        scenario = fields.choice("Scenario", scenario, SCENARIOS)
        name = fields.optional_text("VoiceName", voice_name, 32)
        status = fields.choice("status", status, JOB_STATUSES)
        with self.store.write() as conn:
            return {
                voice_id: self._stage_one(
                    conn,
                    voice_id,
                    {"voice_name": name or voice_id, "gender": gender, "scenario": scenario},
                    status,
                )
                for voice_id in ids
            }

    def _stage_one(
        self, conn: sqlite3.Connection, voice_id: str, values: Values, status: str
    ) -> str:
        job = self.store.job_by_voice(voice_id, conn)
        if job is None:
            self.backend.insert_job(conn, voice_id, "Basic", values)
            job = self.backend.job_by_voice(voice_id, conn)
        if job.type == "Basic" and job.status in SUBMITTABLE:
            self._pass_all_records(conn, voice_id)
            if status != "Initialization":
                self._put_in_status(conn, job, status)
        return job.job_id

    def _pass_all_records(self, conn: sqlite3.Connection, voice_id: str) -> None:
        for record_id in range(1, RECORDS_PER_VOICE + 1):
            url = f"oss://ice-emulator-staged/{voice_id}/{record_id:02d}.wav"
            self.store.put_record(conn, voice_id, RecordRow(record_id, url, True, ""))

    def _put_in_status(self, conn: sqlite3.Connection, job: JobRow, status: str) -> None:
        # As if submitted now: the clock carries the job on from `status`.
        self.store.update_job(
            conn,
            job.job_id,
            status=status,
            message=FAIL_MESSAGE if status == "Fail" else None,
            submitted_at=self.backend.clock(),
            submit_count=job.submit_count + 1,
        )
