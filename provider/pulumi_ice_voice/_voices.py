"""What the provider does to ICE for a voice: provision, refresh, update, forget.

Nothing here knows Pulumi's property bags: it takes a VoiceSpec and returns a
VoiceState. The one rule it never bends: a voice id has at most one training job. Every
path that could submit first asks ICE what already exists for the voice, and adopts it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NoReturn

from icevoice import (
    AmbiguousResultError,
    ApiError,
    CustomizedVoice,
    CustomizedVoiceJob,
    IceClient,
    IceError,
    NotFoundError,
)

from ._inputs import VoiceSpec
from ._state import VoiceState
from ._stderr import write_line
from ._tracker import JobTracker, TrainingTimeout

__all__ = ["AudioRejected", "NoAnswer", "TrainingFailed", "VoiceConflict", "VoiceService", "progress"]

# Statuses in which the job is training or queued for it: never submit again.
IN_PROGRESS = frozenset({"AudioDetecting", "PreTraining", "Training"})
DETECT_WORKERS = 4
# How many times create or submit is sent in all when ICE's answer is lost (timeout,
# dropped connection, 5xx) and a lookup shows the request did not take effect.
RESEND_ATTEMPTS = 5


def progress(message: str) -> None:
    """One line on stderr: the dynamic-provider host relays it to the user."""
    write_line(f"pulumi-ice-voice: {message}")


class TrainingFailed(Exception):
    """ICE reported Fail for the job."""

    def __init__(self, job: CustomizedVoiceJob) -> None:
        super().__init__(
            f"training of voice {job.voice_id} failed (job {job.job_id}): "
            f"{(job.message or 'ICE gave no reason').rstrip('.')}. The next `pulumi up` resubmits the same job; "
            "fix the recordings first if ICE blamed them"
        )
        self.job = job


class AudioRejected(Exception):
    """One or more recordings did not pass ICE's audio detection."""

    def __init__(self, voice_id: str, rejected: dict[int, str]) -> None:
        lines = "; ".join(f"record {rid}: {reason}" for rid, reason in sorted(rejected.items()))
        super().__init__(
            f"recordings: {len(rejected)} of 20 recordings of voice {voice_id} failed audio "
            f"detection ({lines}). Replace them and run `pulumi up` again; the job is kept"
        )
        self.rejected = rejected


class VoiceConflict(Exception):
    """The voice id already belongs to a voice that differs from the declared one."""


class NoAnswer(Exception):
    """A create or submit got no answer every time it was sent, and ICE shows it did not
    take effect: nothing happened, and the next `pulumi up` sends it again."""

    def __init__(self, action: str, voice_id: str, attempts: int, found: str) -> None:
        super().__init__(
            f"voice {voice_id}: {action} got no answer from ICE in {attempts} attempts, and "
            f"ICE shows {found}: it did not take effect. Run `pulumi up` again when ICE answers"
        )


@dataclass
class VoiceService:
    client: IceClient
    tracker: JobTracker
    region: str
    say: Callable[[str], None] = progress
    _creating: set[str] = field(default_factory=set, init=False, repr=False)
    _creating_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # -- create ------------------------------------------------------------------------

    def provision(self, spec: VoiceSpec) -> VoiceState:
        """Bring the voice to trained (or submitted, without waiting); adopt what exists."""
        with self._creating_lock:
            if spec.voice_id in self._creating:
                # Two resources of one stack declare the same voice: each would adopt the
                # other's job and both would claim the voice.
                raise VoiceConflict(
                    f"voice_id: voice {spec.voice_id} is being created by another resource of "
                    "this stack; a voice id can be declared once"
                )
            self._creating.add(spec.voice_id)
        try:
            return self._provision(spec)
        finally:
            with self._creating_lock:
                self._creating.discard(spec.voice_id)

    def _provision(self, spec: VoiceSpec) -> VoiceState:
        job = self.tracker.find_job(spec.voice_id)
        if job is None:
            job = self._create_job(spec)
        else:
            self._ensure_same_voice(spec, job)
            self.say(f"voice {spec.voice_id}: adopting job {job.job_id} ({job.status})")
        if job.status not in IN_PROGRESS and job.status != "Success":
            if spec.recordings:
                # After a Fail too: the user may have replaced the recordings ICE blamed,
                # and ICE trains on the last recordings that passed.
                self._detect_audio(spec)
            job = self._submit(spec, job, read_back=not spec.wait_for_training)
        if spec.wait_for_training and job.status != "Success":
            job = self._wait(spec, job)
        return self._state(spec, job)

    def _create_job(self, spec: VoiceSpec) -> CustomizedVoiceJob:
        if not spec.recordings:
            # Audio staged out of band: the job exists or ICE will say what is missing.
            return _pending_job(spec, job_id="")
        attempt = 0
        while True:
            attempt += 1
            try:
                ref = self.client.create_customized_voice_job(
                    voice_id=spec.voice_id,
                    voice_name=spec.voice_name,
                    gender=spec.gender,
                    scenario=spec.scenario,
                    voice_desc=spec.voice_desc,
                )
            except (AmbiguousResultError, ApiError) as exc:
                # The create may have happened (lost answer, or a concurrent run): look again.
                found = self.tracker.find_job(spec.voice_id)
                if found is not None:
                    self.say(f"voice {spec.voice_id}: job {found.job_id} found after {_named(exc)}")
                    return found
                if not _may_resend(exc, attempt):
                    _give_up(exc, "CreateCustomizedVoiceJob", spec.voice_id, attempt, "no job for it")
                # No job: the lost create never took effect (and ICE refuses a second create
                # of a voice id, so sending it again cannot make two).
                self.say(f"voice {spec.voice_id}: no job after {_named(exc)}; creating again")
                continue
            self.say(f"voice {spec.voice_id}: created job {ref.job_id}")
            return _pending_job(spec, job_id=ref.job_id)

    def _detect_audio(self, spec: VoiceSpec) -> None:
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
            raise AudioRejected(spec.voice_id, rejected)
        self.say(f"voice {spec.voice_id}: all 20 recordings passed audio detection")

    def _submit(
        self, spec: VoiceSpec, job: CustomizedVoiceJob, *, read_back: bool
    ) -> CustomizedVoiceJob:
        """Submit training once; with ``read_back``, return the job as ICE reports it."""
        verb = "resubmitting" if job.status == "Fail" else "submitting"
        self.say(f"voice {spec.voice_id}: {verb} training")
        attempt = 0
        while True:
            attempt += 1
            try:
                ref = self.client.submit_customized_voice_job(
                    voice_id=spec.voice_id, demo_audio_media_url=spec.demo_audio_media_url
                )
            except (AmbiguousResultError, ApiError) as exc:
                if isinstance(exc, ApiError) and isinstance(exc, NotFoundError):
                    raise
                # Did it reach ICE? Only the job's status can say; never submit twice.
                found = self.tracker.find_job(spec.voice_id)
                if found is not None and (found.status in IN_PROGRESS or found.status == "Success"):
                    self.say(f"voice {spec.voice_id}: job {found.job_id} is {found.status} after {_named(exc)}")
                    return found
                if found is None:
                    raise
                if not _may_resend(exc, attempt):
                    _give_up(exc, "SubmitCustomizedVoiceJob", spec.voice_id, attempt, f"job {found.job_id} still {found.status}")
                # Still waiting to be submitted: the lost submit never took effect (and ICE
                # refuses to submit a job that is training, so sending it again is safe).
                self.say(f"voice {spec.voice_id}: job {found.job_id} still {found.status} after {_named(exc)}; submitting again")
                continue
            if not read_back:
                # The wait's first poll reads the status: a read now would only add one
                # request per voice to the burst of a stack's first up.
                # No status until then ("" reads as "submitted" in progress lines).
                return job.model_copy(update={"job_id": ref.job_id, "status": ""})
            return self.tracker.read_job(ref.job_id) or job.model_copy(
                update={"job_id": ref.job_id, "status": ""}
            )

    def _wait(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> CustomizedVoiceJob:
        self.say(f"voice {spec.voice_id}: job {job.job_id} {job.status or 'submitted'}, waiting for training")
        try:
            job = self.tracker.wait(job, spec.training_timeout)
        except TrainingTimeout as exc:
            raise TimeoutError(
                f"voice {spec.voice_id}: job {exc.job.job_id} still {exc.job.status or 'submitted'} after "
                f"training_timeout={spec.training_timeout:g}s. Training goes on in ICE; the next "
                "`pulumi up` adopts the job and waits again (raise training_timeout, or set "
                "wait_for_training=false)"
            ) from None
        if job.status == "Fail":
            raise TrainingFailed(job)
        return job

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

    def set_demo_audio(self, voice_id: str, media_id: str) -> None:
        self.client.update_customized_voice(voice_id=voice_id, demo_audio_media_id=media_id)
        self.say(f"voice {voice_id}: demo audio set to media {media_id}")

    def forget(self, voice_id: str, job_id: str | None) -> None:
        """Delete the job where ICE allows it; a trained voice can only be forgotten."""
        job = self.tracker.read_job(job_id) if job_id else self.tracker.find_job(voice_id)
        if job is None:
            return
        if job.status == "Success" or job.status in IN_PROGRESS:
            self.say(
                f"voice {voice_id}: ICE has no API to delete a {'trained' if job.status == 'Success' else 'training'} "
                f"voice; it stays in your account (job {job.job_id}) and is removed from this stack only"
            )
            return
        try:
            self.client.delete_customized_voice_job(job_id=job.job_id)
        except NotFoundError:
            return
        self.say(f"voice {voice_id}: deleted job {job.job_id}")

    # -- outputs ---------------------------------------------------------------------

    def _state(self, spec: VoiceSpec, job: CustomizedVoiceJob) -> VoiceState:
        voice: CustomizedVoice | None = None
        if job.status == "Success":
            voice = self.tracker.read_voice(spec.voice_id)
            wanted = spec.demo_audio_media_id
            if voice is not None and wanted and voice.demo_audio_media_id != wanted:
                # Declared at create: set it now, or the next `up` would show an update.
                self.set_demo_audio(spec.voice_id, wanted)
                voice = voice.model_copy(update={"demo_audio_media_id": wanted})
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

    def media_url(self, media_id: str) -> str | None:
        try:
            return self.client.get_media_info(media_id=media_id).file_url
        except IceError as exc:
            self.say(f"demo audio media {media_id}: no playable URL ({type(exc).__name__})")
            return None


def _may_resend(exc: Exception, attempt: int) -> bool:
    """Whether a create or submit whose outcome a lookup showed did not happen is sent again."""
    return isinstance(exc, AmbiguousResultError) and attempt < RESEND_ATTEMPTS


def _give_up(exc: Exception, action: str, voice_id: str, attempts: int, found: str) -> NoReturn:
    """Raise the error a create or submit ends with when it is not sent again: ICE's own
    error as it is, or, when no attempt got an answer, what the provider knows instead."""
    if isinstance(exc, AmbiguousResultError):
        raise NoAnswer(action, voice_id, attempts, found) from exc
    raise exc


def _named(exc: Exception) -> str:
    """The error and what lay under it: 'AmbiguousResultError (ReadTimeout)'."""
    root: BaseException = exc
    while root.__cause__ is not None:  # TransportError wraps httpx's; name what happened
        root = root.__cause__
    if root is exc:
        return type(exc).__name__
    code = f" {root.code}" if isinstance(root, ApiError) else ""
    return f"{type(exc).__name__} ({type(root).__name__}{code})"


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
