"""What the provider does to ICE for a voice: plan a change, provision, refresh, update,
forget. The core that both front doors (the dynamic provider, the plugin) adapt.

Nothing here knows Pulumi's property bags: it takes typed inputs (VoiceSpec, a
DeclaredVoice in a preview) and records (VoiceRecord) and returns them. The one rule it
never bends: a voice id has at most one training job. Every path that could submit first
asks ICE what already exists for the voice, and adopts it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from icevoice import (
    SUBMITTED_STATUSES,
    CustomizedVoice,
    CustomizedVoiceJob,
    IceClient,
    IceError,
    NotFoundError,
)

from ._inputs import REPLACE_ON_CHANGE, UPDATABLE, DeclaredVoice, VoiceSpec
from ._reads import BASIC, PAGE_SIZE
from ._resend import NoAnswer, NotTaken, named, send_once
from ._state import VoiceRecord, VoiceState
from ._stderr import write_line
from ._tracker import NOT_READ_YET, JobTracker, TrainingCancelled, TrainingTimeout, status_text

__all__ = [
    "AudioRejected",
    "NoAnswer",
    "Plan",
    "RetrainRefused",
    "TrainingFailed",
    "TrainingTimedOut",
    "VoiceConflict",
    "VoiceIncomplete",
    "VoiceService",
    "WaitCancelled",
    "progress",
    "status_text",
]

DETECT_WORKERS = 4
#: Outputs that only ICE can change; a diff never touches them.
STABLE_OUTPUTS = ("job_id", "create_time", "voice_type", "region")


def progress(message: str) -> None:
    """One line on stderr: the dynamic-provider host relays it to the user."""
    write_line(f"pulumi-ice-voice: {message}")


class VoiceIncomplete(Exception):
    """A create or update that left the voice's job in ICE but not trained: training
    failed, timed out or was cancelled, or recordings were rejected. ``job`` is the job as
    last read; the next `pulumi up` continues it (adopts, or resubmits after a Fail)."""

    def __init__(self, message: str, job: CustomizedVoiceJob) -> None:
        super().__init__(message)
        self.job = job


class TrainingFailed(VoiceIncomplete):
    """ICE reported Fail for the job."""

    def __init__(self, job: CustomizedVoiceJob) -> None:
        super().__init__(
            f"training of voice {job.voice_id} failed (job {job.job_id}): "
            f"{(job.message or 'ICE gave no reason').rstrip('.')}. "
            "The next `pulumi up` resubmits the same job; "
            "fix the recordings first if ICE blamed them",
            job,
        )


class TrainingTimedOut(VoiceIncomplete, TimeoutError):
    """The job did not end within the time the create was given; it goes on in ICE."""

    def __init__(self, job: CustomizedVoiceJob, timeout: float) -> None:
        super().__init__(
            f"voice {job.voice_id}: job {job.job_id} still {status_text(job.status)} after "
            f"training_timeout={timeout:g}s. Training goes on in ICE; the next "
            "`pulumi up` adopts the job and waits again (raise training_timeout, or set "
            "wait_for_training=false)",
            job,
        )


class WaitCancelled(VoiceIncomplete):
    """Pulumi cancelled the operation (Ctrl-C) while it waited for training."""

    def __init__(self, job: CustomizedVoiceJob) -> None:
        super().__init__(
            f"voice {job.voice_id}: the wait for job {job.job_id} "
            f"({status_text(job.status)}) was cancelled. Training goes on in ICE; the next "
            "`pulumi up` adopts the job and waits again",
            job,
        )


class AudioRejected(VoiceIncomplete):
    """One or more recordings did not pass ICE's audio detection."""

    def __init__(self, job: CustomizedVoiceJob, rejected: dict[int, str]) -> None:
        lines = "; ".join(f"record {rid}: {reason}" for rid, reason in sorted(rejected.items()))
        super().__init__(
            f"recordings: {len(rejected)} of 20 recordings of voice {job.voice_id} failed audio "
            f"detection ({lines}). Replace them and run `pulumi up` again; the job is kept",
            job,
        )
        self.rejected = rejected


class VoiceConflict(Exception):
    """The voice id already belongs to a voice that differs from the declared one."""


class RetrainRefused(ValueError):
    """A change that needs new training, under the voice id of a voice that is trained or
    training: ICE can neither retrain nor delete it."""

    def __init__(self, names: list[str], record: VoiceRecord) -> None:
        super().__init__(
            f"{', '.join(names)}: cannot change voice {record.spec.voice_id}: it is "
            f"{record.state.status} in ICE, and ICE can neither retrain nor delete a voice "
            "under the same voice_id. Give the changed voice a new voice_id (or omit "
            "voice_id to autoname it)"
        )


@dataclass(frozen=True)
class Plan:
    """What a change of a voice's inputs takes: nothing, an update in place, or a new voice."""

    updates: list[str]
    replaces: list[str]
    delete_before_replace: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.updates or self.replaces)


@dataclass
class VoiceOps:
    """What every edition's voices share: a client, the tracker, the region, the user's
    lines, and one rule: a voice is created by one resource of a stack at a time."""

    client: IceClient
    tracker: JobTracker
    region: str
    say: Callable[[str], None] = progress
    _creating: set[str] = field(default_factory=set, init=False, repr=False)
    _creating_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @contextlib.contextmanager
    def claimed(self, identity: str, refusal: str) -> Iterator[None]:
        """Hold ``identity`` (a voice id, a voice name) while a create works on it; a second
        resource of the stack declaring the same voice gets VoiceConflict(``refusal``): each
        would adopt the other's job and both would claim the voice."""
        with self._creating_lock:
            if identity in self._creating:
                raise VoiceConflict(refusal)
            self._creating.add(identity)
        try:
            yield
        finally:
            with self._creating_lock:
                self._creating.discard(identity)

    def wait_for(self, label: str, job: CustomizedVoiceJob, timeout: float) -> CustomizedVoiceJob:
        """Wait for training to end in Success; VoiceIncomplete when it fails, outlasts
        ``timeout`` or the wait is cancelled."""
        self.say(f"voice {label}: job {job.job_id} {status_text(job.status)}, waiting for training")
        try:
            job = self.tracker.wait(job, timeout)
        except TrainingTimeout as exc:
            raise TrainingTimedOut(exc.job, timeout) from None
        except TrainingCancelled as exc:
            raise WaitCancelled(exc.job) from None
        if job.status == "Fail":
            raise TrainingFailed(job)
        return job

    def trained_voice(
        self, voice_id: str, voice_type: str, wanted_media_id: str | None
    ) -> CustomizedVoice | None:
        """A trained voice as ICE has it, its demo audio set to ``wanted_media_id`` when
        declared at create (else the next `up` would show an update)."""
        voice = self.tracker.read_voice(voice_id, voice_type)
        if voice is not None and wanted_media_id and voice.demo_audio_media_id != wanted_media_id:
            self.set_demo_audio(voice_id, wanted_media_id)
            voice = voice.model_copy(update={"demo_audio_media_id": wanted_media_id})
        return voice

    def set_demo_audio(self, voice_id: str, media_id: str) -> None:
        self.client.update_customized_voice(voice_id=voice_id, demo_audio_media_id=media_id)
        self.say(f"voice {voice_id}: demo audio set to media {media_id}")

    def media_url(self, media_id: str) -> str | None:
        try:
            return self.client.get_media_info(media_id=media_id).file_url
        except IceError as exc:
            self.say(f"demo audio media {media_id}: no playable URL ({type(exc).__name__})")
            return None

    def forget_job(self, label: str, job: CustomizedVoiceJob | None) -> None:
        """Delete the job where ICE allows it; a trained voice can only be forgotten."""
        if job is None:
            return
        if job.submitted:
            self.say(
                f"voice {label}: ICE has no API to delete a "
                f"{'trained' if job.status == 'Success' else 'training'} voice; "
                f"it stays in your account (job {job.job_id}) and is removed from this stack only"
            )
            return
        try:
            self.client.delete_customized_voice_job(job_id=job.job_id)
        except NotFoundError:
            return
        self.say(f"voice {label}: deleted job {job.job_id}")


@dataclass
class VoiceService(VoiceOps):
    """Basic voices: the caller chooses the voice id."""

    # -- plan ------------------------------------------------------------------------

    @staticmethod
    def plan(record: VoiceRecord, declared: DeclaredVoice) -> Plan:
        """The change from a voice as recorded to its inputs as now declared. Inputs not
        known yet (a preview) count as possible changes; only a change known now is
        refused (RetrainRefused), since an unknown value may resolve to the old one."""
        replaces = [name for name in REPLACE_ON_CHANGE if declared.differs(name, record.spec)]
        updates = [name for name in UPDATABLE if declared.differs(name, record.spec)]
        if not replaces:
            return Plan(updates=updates, replaces=[])
        same_id = declared.known("voice_id") and declared.get("voice_id") == record.spec.voice_id
        known = [name for name in replaces if declared.known(name)]
        if same_id and known and record.state.status in SUBMITTED_STATUSES:
            raise RetrainRefused(known, record)
        # Under the same voice id only a failed (or never trained) voice gets here: delete
        # its job first, then train it again under that id.
        return Plan(updates=updates, replaces=replaces, delete_before_replace=same_id)

    # -- create ------------------------------------------------------------------------

    def create(self, spec: VoiceSpec) -> VoiceRecord:
        """The voice trained (or submitted, without waiting), and the record to keep."""
        return VoiceRecord(spec, self.provision(spec))

    def provision(self, spec: VoiceSpec) -> VoiceState:
        """Bring the voice to trained (or submitted, without waiting); adopt what exists."""
        refusal = (
            f"voice_id: voice {spec.voice_id} is being created by another resource of "
            "this stack; a voice id can be declared once"
        )
        with self.claimed(spec.voice_id, refusal):
            return self._provision(spec)

    def _provision(self, spec: VoiceSpec) -> VoiceState:
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
        return self._state(spec, job)

    def _create_job(self, spec: VoiceSpec) -> CustomizedVoiceJob:
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

    def _detect_audio(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> None:
        assert spec.recordings is not None
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
            list(pool.map(detect, sorted(spec.recordings.items())))
        if rejected:
            raise AudioRejected(job, rejected)
        self.say(f"voice {spec.voice_id}: all 20 recordings passed audio detection")

    def _submit(
        self, spec: VoiceSpec, job: CustomizedVoiceJob, *, read_back: bool
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

    def _ensure_same_voice(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> None:
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

    # -- read, update, delete ----------------------------------------------------------

    def read(self, voice_id: str, job_id: str | None, spec: VoiceSpec | None) -> VoiceState | None:
        """The voice as ICE has it now, or None when ICE no longer knows it."""
        voice = self.tracker.read_voice(voice_id)
        if voice is None:
            return None
        job = self.tracker.read_job(job_id) if job_id else None
        if job is None:
            job = self.tracker.find_job(voice_id)
        return self._state_from(voice, job, spec)

    def update(self, record: VoiceRecord, spec: VoiceSpec) -> VoiceRecord:
        """Apply what changes in place (the demo audio media id) to a voice; the rest of
        an update changes only how create waits, which touches nothing in ICE. A voice
        whose create did not finish (recorded by the plugin as partial state, or created
        without waiting and now declared to wait) is continued first: its job is adopted,
        or resubmitted after a Fail, never submitted twice."""
        state = record.state
        if state.status != "Success" and (spec.wait_for_training or state.status == "Fail"):
            state = self.provision(spec)
        media_id = spec.demo_audio_media_id
        if media_id and media_id != state.demo_audio_media_id:
            self.set_demo_audio(spec.voice_id, media_id)
            state = state.model_copy(
                update={"demo_audio_media_id": media_id, "demo_audio_url": self.media_url(media_id)}
            )
        elif not media_id:
            # Not managed by the program: what ICE has stays, recorded as it was.
            spec = spec.model_copy(update={"demo_audio_media_id": record.spec.demo_audio_media_id})
        return VoiceRecord(spec, state)

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

    def forget(self, voice_id: str, job_id: str | None) -> None:
        """Delete the job where ICE allows it; a trained voice can only be forgotten."""
        job = self.tracker.read_job(job_id) if job_id else self.tracker.find_job(voice_id)
        self.forget_job(voice_id, job)

    # -- outputs ---------------------------------------------------------------------

    def state_of(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> VoiceState:
        """What to record of a voice whose create stopped at ``job`` (no further reads)."""
        return self._state_from(None, job, spec)

    def _state(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> VoiceState:
        voice = None
        if job.status == "Success":
            voice = self.trained_voice(spec.voice_id, BASIC, spec.demo_audio_media_id)
        return self._state_from(voice, job, spec)

    def _state_from(
        self, voice: CustomizedVoice | None, job: CustomizedVoiceJob | None, spec: VoiceSpec | None
    ) -> VoiceState:
        media_id = voice.demo_audio_media_id if voice else None
        return VoiceState.build(
            region=self.region,
            spec=spec,
            voice=voice,
            job=job,
            demo_audio_url=self.media_url(media_id) if media_id else None,
        )


def _pending_job(spec: VoiceSpec, job_id: str) -> CustomizedVoiceJob:
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
