"""Basic voices in ICE: the caller chooses the voice id, which identifies the voice's job.

Create: CreateCustomizedVoiceJob, DetectAudioForCustomizedVoiceJob for each of the 20
recordings, SubmitCustomizedVoiceJob; each only where ICE shows it has not happened yet
for the voice id (a job left by an interrupted run is adopted; after a Fail the same job is
resubmitted).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from icevoice import SUBMITTED_STATUSES, CustomizedVoice, CustomizedVoiceJob, NotFoundError

from .._core.errors import AudioRejected, RetrainRefused, VoiceConflict
from .._core.inputs import DeclaredVoice
from .._core.once import NotTaken, named, send_once
from .._core.reads import BASIC_TYPE, PAGE_SIZE
from .._core.records import Plan, Record
from .._core.statuses import NOT_READ_YET
from .._core.voices import Voices
from .inputs import BasicSpec
from .records import BasicState

__all__ = ["BasicVoices"]

DETECT_WORKERS = 4


class BasicVoices(Voices[BasicSpec, BasicState]):
    """Basic voices: the caller chooses the voice id."""

    voice_type = BASIC_TYPE
    state_type = BasicState

    @staticmethod
    def label(spec: BasicSpec) -> str:
        return spec.voice_id

    @staticmethod
    def resource_id(record: Record[BasicSpec, BasicState]) -> str:
        return record.spec.voice_id

    def voice_id_of(self, spec: BasicSpec, job: CustomizedVoiceJob) -> str | None:
        return spec.voice_id

    @staticmethod
    def plan(record: Record[BasicSpec, BasicState], declared: DeclaredVoice) -> Plan:
        """Only a change known now is refused (RetrainRefused), since an unknown value may
        resolve to the old one."""
        table = BasicSpec.INPUTS
        replaces = [name for name in table.replaces if declared.differs(name, record.spec)]
        updates = [name for name in table.in_place if declared.differs(name, record.spec)]
        if not replaces:
            return Plan(updates=updates, replaces=[])
        same_id = declared.known("voice_id") and declared.get("voice_id") == record.spec.voice_id
        known = [name for name in replaces if declared.known(name)]
        if same_id and known and record.state.status in SUBMITTED_STATUSES:
            raise RetrainRefused(known, record.spec.voice_id, record.state.status)
        # Under the same voice id only a failed (or never trained) voice gets here: delete
        # its job first, then train it again under that id.
        return Plan(updates=updates, replaces=replaces, delete_before_replace=same_id)

    # -- create ------------------------------------------------------------------------

    def provision(self, spec: BasicSpec) -> BasicState:
        refusal = (
            f"voice_id: voice {spec.voice_id} is being created by another resource of "
            "this stack; a voice id can be declared once"
        )
        with self.claimed(spec.voice_id, refusal):
            return self._provision(spec)

    def _provision(self, spec: BasicSpec) -> BasicState:
        job = self.tracker.find_job(spec.voice_id)
        if job is None:
            job = self._create_job(spec)
        else:
            self._ensure_same_voice(spec, job)
            self.say(f"voice {spec.voice_id}: adopting job {job.job_id} ({job.status})")
        if not job.submitted:
            if spec.recordings:
                # After a Fail too: the user may have replaced the recordings ICE blamed,
                # and ICE trains on the last recordings that passed.
                self._detect_audio(spec, job)
            job = self._submit(spec, job, read_back=not spec.wait_for_training)
        if spec.wait_for_training and job.status != "Success":
            job = self.wait_for(spec.voice_id, job, spec.training_timeout)
        return self.trained_state(spec, job)

    def _create_job(self, spec: BasicSpec) -> CustomizedVoiceJob:
        if not spec.recordings:
            # Audio staged out of band: the job exists or ICE will say what is missing.
            return _pending_job(spec, job_id="")

        def create() -> CustomizedVoiceJob:
            ref = self.client.create_customized_voice_job(
                voice_id=spec.voice_id,
                voice_name=spec.voice_name,
                gender=spec.gender,
                scenario=spec.scenario,
                voice_desc=spec.voice_desc,
            )
            self.say(f"voice {spec.voice_id}: created job {ref.job_id}")
            return _pending_job(spec, job_id=ref.job_id)

        def look(exc: Exception) -> CustomizedVoiceJob | NotTaken:
            # The create may have happened (lost answer, or a concurrent run): look again.
            found = self.tracker.find_job(spec.voice_id)
            if found is None:
                return NotTaken("no job for it")
            self.say(f"voice {spec.voice_id}: job {found.job_id} found after {named(exc)}")
            return found

        return send_once(
            create, look, action="CreateCustomizedVoiceJob", voice_id=spec.voice_id, say=self.say
        )

    def _detect_audio(self, spec: BasicSpec, job: CustomizedVoiceJob) -> None:
        recordings = spec.recordings or {}
        rejected: dict[int, str] = {}
        lock = threading.Lock()

        def detect(item: tuple[int, str]) -> None:
            record_id, url = item
            result = self.client.detect_audio_for_customized_voice_job(
                voice_id=spec.voice_id, audio_record_id=record_id, record_url=url
            )
            if not result.passed:
                with lock:
                    rejected[record_id] = result.reason or "rejected without a reason"

        with ThreadPoolExecutor(DETECT_WORKERS, thread_name_prefix="ice-detect") as pool:
            list(pool.map(detect, sorted(recordings.items())))
        if rejected:
            raise AudioRejected(job, rejected)
        self.say(f"voice {spec.voice_id}: all 20 recordings passed audio detection")

    def _submit(
        self, spec: BasicSpec, job: CustomizedVoiceJob, *, read_back: bool
    ) -> CustomizedVoiceJob:
        """Submit training once; with ``read_back``, return the job as ICE reports it."""
        verb = "resubmitting" if job.status == "Fail" else "submitting"
        self.say(f"voice {spec.voice_id}: {verb} training")

        def submit() -> CustomizedVoiceJob:
            ref = self.client.submit_customized_voice_job(
                voice_id=spec.voice_id, demo_audio_media_url=spec.demo_audio_media_url
            )
            submitted = job.model_copy(update={"job_id": ref.job_id, "status": NOT_READ_YET})
            if not read_back:
                # The wait's first poll reads the status: a read now would only add one
                # request per voice to the burst of a stack's first up.
                return submitted
            return self.tracker.read_job(ref.job_id) or submitted

        def look(exc: Exception) -> CustomizedVoiceJob | NotTaken:
            if isinstance(exc, NotFoundError):
                raise exc
            # Did it reach ICE? Only the job's status can say; never submit twice.
            found = self.tracker.find_job(spec.voice_id)
            if found is None:
                raise exc
            if found.submitted:
                self.say(
                    f"voice {spec.voice_id}: job {found.job_id} "
                    f"is {found.status} after {named(exc)}"
                )
                return found
            return NotTaken(f"job {found.job_id} still {found.status}")

        return send_once(
            submit, look, action="SubmitCustomizedVoiceJob", voice_id=spec.voice_id, say=self.say
        )

    def _ensure_same_voice(self, spec: BasicSpec, job: CustomizedVoiceJob) -> None:
        differs = [
            f"{name} is {getattr(job, name)!r}, declared {getattr(spec, name)!r}"
            for name in ("voice_name", "gender", "scenario")
            if getattr(job, name) not in (None, getattr(spec, name))
        ]
        if differs:
            raise VoiceConflict(
                f"voice_id: voice {spec.voice_id} already exists in ICE and differs "
                f"({'; '.join(differs)}). Voice ids are unique per account: choose another "
                "voice_id, or declare the inputs the existing voice was trained with to adopt it"
            )

    # -- what the plugin's functions read -------------------------------------------------

    def list_voices(self, voice_type: str) -> list[dict[str, Any]]:
        """Every voice of an edition in the region, newest first, as the functions return it."""
        voices: list[dict[str, Any]] = []
        page_no = 1
        while True:
            page = self.client.list_customized_voices(
                page_no=page_no, page_size=PAGE_SIZE, type=voice_type
            )
            voices += [_listed(voice, voice_type) for voice in page.items]
            if not page.items or len(voices) >= page.total_count:
                return voices
            page_no += 1

    def demonstration(self, scenario: str) -> list[dict[str, Any]]:
        """The texts a speaker records for a scenario, with ICE's sample readings."""
        texts = self.client.get_demonstration_for_customized_voice_job(scenario=scenario)
        return [
            {"audio_id": demo.audio_id, "text": demo.text, "demo_audio": demo.demo_audio}
            for demo in texts.items
        ]


def _pending_job(spec: BasicSpec, job_id: str) -> CustomizedVoiceJob:
    return CustomizedVoiceJob.model_validate(
        {
            "JobId": job_id,
            "VoiceId": spec.voice_id,
            "VoiceName": spec.voice_name,
            "Gender": spec.gender,
            "Scenario": spec.scenario,
            "Status": "Initialization",
        }
    )


def _listed(voice: CustomizedVoice, voice_type: str) -> dict[str, Any]:
    return {
        "voice_id": voice.voice_id,
        "voice_name": voice.voice_name,
        "gender": voice.gender,
        "scenario": voice.scenario,
        "voice_desc": voice.voice_desc,
        "voice_type": voice.type or voice_type,
        "demo_audio_media_id": voice.demo_audio_media_id,
    }
