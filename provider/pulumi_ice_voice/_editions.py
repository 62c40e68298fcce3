"""What the provider does to ICE for a Standard or CosyVoice voice: plan, provision,
refresh, update, forget. The same rule as for basic voices, with another identity: a
voice's name in ICE (`ice_voice_name`, see _edition_inputs) has at most one live job, and
every path that could submit first asks ICE for the edition's newest job of that name.

After a Fail ICE cannot resubmit such a job (a submit always starts a new one): the next
`pulumi up` deletes the failed job, then submits the voice again, so that the voice never
has two jobs.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from icevoice import (
    COSY_VOICE_QUOTA,
    STANDARD_AUDIO_MIN_SECONDS,
    STANDARD_TOTAL_MAX_SECONDS,
    STANDARD_TOTAL_MIN_SECONDS,
    AmbiguousResultError,
    ApiError,
    CustomizedVoice,
    CustomizedVoiceJob,
    MediaInfo,
    NotFoundError,
)

from ._edition_inputs import (
    STANDARD,
    EditionInputs,
    EditionRecord,
    EditionSpec,
    EditionState,
    is_audio_url,
)
from ._inputs import UPDATABLE, DeclaredVoice
from ._reads import Lookup
from ._resend import NotTaken, named, send_once
from ._state import first_known
from ._tracker import NOT_READ_YET
from ._voices import Plan, VoiceConflict, VoiceOps

__all__ = ["AudioNotUsable", "EditionVoices", "QuotaReached", "plan"]

#: How long registered audio may stay in preparation (ICE reads a file in a few seconds).
MEDIA_READY_SECONDS = 60.0


class AudioNotUsable(ValueError):
    """Registered audio that ICE would refuse: missing, not ready, too short or too long.
    Raised before anything is submitted."""


class QuotaReached(Exception):
    """The account holds as many voices of the edition as ICE allows in the region."""


@dataclass
class EditionVoices(VoiceOps):
    """Standard or CosyVoice voices (``inputs`` says which): ICE chooses the voice id."""

    inputs: EditionInputs = STANDARD
    media_ready_seconds: float = MEDIA_READY_SECONDS

    @property
    def voice_type(self) -> str:
        return self.inputs.voice_type

    # -- create ------------------------------------------------------------------------

    def create(self, spec: EditionSpec) -> EditionRecord:
        return EditionRecord(self.inputs, spec, self.provision(spec))

    def provision(self, spec: EditionSpec) -> EditionState:
        """Bring the voice to trained (or submitted, without waiting); adopt its job."""
        name = spec.ice_voice_name
        refusal = f"voice_name: voice {name} is being created by another resource of this stack"
        with self.claimed(name, refusal):
            job = self._find(spec)
            if job is not None and job.status == "Fail":
                self.say(
                    f"voice {name}: deleting failed job {job.job_id} "
                    f"({(job.message or 'no reason given').rstrip('.')}) to train it again"
                )
                self._delete(job)
                job = None
            if job is None:
                job = self._submit(self._check_audio(spec))
            else:
                self._ensure_same_voice(spec, job)
                self.say(f"voice {name}: adopting job {job.job_id} ({job.status})")
            if spec.wait_for_training and job.status != "Success":
                job = self.wait_for(name, job, spec.training_timeout)
            return self._state(spec, job)

    def _find(self, spec: EditionSpec) -> CustomizedVoiceJob | None:
        return self.tracker.find(Lookup(self.voice_type, "name", spec.ice_voice_name))

    def _delete(self, job: CustomizedVoiceJob) -> None:
        with contextlib.suppress(NotFoundError):  # already gone: as wanted
            self.client.delete_customized_voice_job(job_id=job.job_id)

    def _ensure_same_voice(self, spec: EditionSpec, job: CustomizedVoiceJob) -> None:
        if job.gender not in (None, spec.gender):
            raise VoiceConflict(
                f"voice_name: ICE already has a {self.voice_type} voice named "
                f"{spec.ice_voice_name} (job {job.job_id}) whose gender is {job.gender!r}, "
                f"declared {spec.gender!r}: change voice_name"
            )

    def _check_audio(self, spec: EditionSpec) -> EditionSpec:
        """What ICE would refuse about the audio, and the CosyVoice quota, before any submit;
        the spec to submit, every audio a media id."""
        needed = ("audios", "authentication") if self.inputs is STANDARD else ("audio", "model")
        missing = [name for name in needed if not getattr(spec, name)]
        if missing:
            raise AudioNotUsable(
                f"{missing[0]}: needed to train voice {spec.ice_voice_name}: ICE has no "
                f"{self.voice_type} voice of that name to adopt "
                f"(declare {' and '.join(missing)})"
            )
        if self.inputs is STANDARD:
            audios = [self._audio("audios", item) for item in spec.audios or ()]
            consent = self._audio("authentication", spec.authentication or "")
            _check_standard_durations(audios)
            media = {"audios": [a.media_id for a in audios], "authentication": consent.media_id}
        else:
            media = {"audio": self._audio("audio", spec.audio or "").media_id}
            self._check_quota()
        return spec.model_copy(update=media)

    def _audio(self, prop: str, declared: str) -> _Audio:
        """The registered audio ``declared`` names (a media id, or an OSS URL the provider
        registers once), with its duration once ICE has read the file."""
        deadline = time.monotonic() + self.media_ready_seconds
        while True:
            media = self._media(prop, declared)
            status = media.status or "Normal"
            if status == "Normal":
                return _Audio(declared, media.media_id, media.duration or 0.0)
            if status.endswith("Fail") or time.monotonic() >= deadline:
                raise AudioNotUsable(
                    f"{prop}: media {media.media_id} ({declared}) is {status} in ICE, not ready"
                )
            time.sleep(1.0)

    def _media(self, prop: str, declared: str) -> MediaInfo:
        if not is_audio_url(declared):
            try:
                return self.client.get_media_info(media_id=declared)
            except NotFoundError:
                raise AudioNotUsable(
                    f"{prop}: ICE has no media {declared} in {self.region}: declare the OSS URL "
                    "of the audio file instead (the provider registers it), or register it "
                    "(RegisterMediaInfo) and declare the media id it returns"
                ) from None
        with contextlib.suppress(NotFoundError):
            return self.client.get_media_info(input_url=declared)
        try:
            registered = self.client.register_media_info(input_url=declared, media_type="audio")
        except (AmbiguousResultError, ApiError) as exc:
            # Registered already (MediaAlreadyExist), or the answer was lost: look again.
            with contextlib.suppress(NotFoundError):
                return self.client.get_media_info(input_url=declared)
            raise exc from None
        self.say(f"{prop}: registered {declared} as media {registered.media_id}")
        return self.client.get_media_info(media_id=registered.media_id)

    def _check_quota(self) -> None:
        page = self.client.list_customized_voice_jobs(page_size=1, type=self.voice_type)
        if page.total_count >= COSY_VOICE_QUOTA:
            raise QuotaReached(
                f"CosyVoice quota: the account already has {page.total_count} CosyVoice "
                f"voices in {self.region}, and ICE allows at most {COSY_VOICE_QUOTA} per "
                "account and region. Nothing was submitted; delete a CosyVoice job that did "
                "not train, or train this voice in another region"
            )

    def _submit(self, spec: EditionSpec) -> CustomizedVoiceJob:
        name = spec.ice_voice_name
        action = (
            "SubmitStandardCustomizedVoiceJob"
            if self.inputs is STANDARD
            else "SubmitCosyVoiceCustomizedVoiceJob"
        )
        self.say(f"voice {name}: submitting training")

        def submit() -> CustomizedVoiceJob:
            job_id, voice_id = self._send(spec)
            self.say(f"voice {name}: submitted job {job_id}")
            submitted = _pending_job(spec, self.voice_type, job_id, voice_id)
            if voice_id is not None and spec.wait_for_training:
                return submitted  # the wait's first round reads it
            # A Standard submit answers only the job id: the voice id is the job's.
            return self.tracker.read_job(job_id) or submitted

        def look(exc: Exception) -> CustomizedVoiceJob | NotTaken:
            if isinstance(exc, NotFoundError):
                raise exc
            found = self._find(spec)
            if found is None:
                return NotTaken("no job of that name")
            self.say(f"voice {name}: job {found.job_id} found after {named(exc)}")
            return found

        return send_once(submit, look, action=action, voice_id=name, say=self.say)

    def _send(self, spec: EditionSpec) -> tuple[str, str | None]:
        if self.inputs is STANDARD:
            standard = self.client.submit_standard_customized_voice_job(
                voice_name=spec.ice_voice_name,
                gender=spec.gender,
                audios=list(spec.audios or ()),
                authentication=spec.authentication or "",
                demo_audio_media_url=spec.demo_audio_media_url,
            )
            return standard.job_id, None
        cosy = self.client.submit_cosy_voice_customized_voice_job(
            voice_name=spec.ice_voice_name,
            gender=spec.gender,
            audios=[spec.audio or ""],
            model=spec.model or "",  # checked by _check_audio
            demo_audio_media_url=spec.demo_audio_media_url,
        )
        return cosy.job_id, cosy.voice_id

    # -- read, update, delete ----------------------------------------------------------

    def read(
        self, voice_id: str, job_id: str | None, spec: EditionSpec | None
    ) -> EditionState | None:
        """The voice as ICE has it now, or None when ICE no longer knows it."""
        voice = self.tracker.read_voice(voice_id, self.voice_type)
        if voice is None:
            return None
        job = self.tracker.read_job(job_id) if job_id else None
        if job is None:
            job = self.tracker.find(Lookup(self.voice_type, "voice", voice_id))
        return self._state_from(voice, job, spec)

    def update(self, record: EditionRecord, spec: EditionSpec) -> EditionRecord:
        """The demo audio media id changes in place; a voice whose create did not finish is
        continued first (its job adopted, or deleted and submitted again after a Fail)."""
        state = record.state
        if state.status != "Success" and (spec.wait_for_training or state.status == "Fail"):
            state = self.provision(spec)
        media_id = spec.demo_audio_media_id
        if media_id and state.voice_id and media_id != state.demo_audio_media_id:
            self.set_demo_audio(state.voice_id, media_id)
            state = state.model_copy(
                update={"demo_audio_media_id": media_id, "demo_audio_url": self.media_url(media_id)}
            )
        elif not media_id:
            spec = spec.model_copy(update={"demo_audio_media_id": record.spec.demo_audio_media_id})
        return EditionRecord(self.inputs, spec, state)

    def forget(self, voice_id: str, job_id: str | None) -> None:
        """Delete the job where ICE allows it; a trained voice can only be forgotten."""
        job = self.tracker.read_job(job_id) if job_id else None
        if job is None:
            job = self.tracker.find(Lookup(self.voice_type, "voice", voice_id))
        self.forget_job(voice_id, job)

    # -- outputs -----------------------------------------------------------------------

    def state_of(self, spec: EditionSpec, job: CustomizedVoiceJob) -> EditionState:
        """What to record of a voice whose create stopped at ``job`` (no further reads)."""
        return self._state_from(None, job, spec)

    def _state(self, spec: EditionSpec, job: CustomizedVoiceJob) -> EditionState:
        voice = None
        if job.status == "Success" and job.voice_id:
            voice = self.trained_voice(job.voice_id, self.voice_type, spec.demo_audio_media_id)
        return self._state_from(voice, job, spec)

    def _state_from(
        self,
        voice: CustomizedVoice | None,
        job: CustomizedVoiceJob | None,
        spec: EditionSpec | None,
    ) -> EditionState:
        first = first_known
        media_id = voice.demo_audio_media_id if voice else None
        return EditionState(
            voice_id=first(voice and voice.voice_id, job and job.voice_id),
            region=self.region,
            ice_voice_name=first(
                voice and voice.voice_name, job and job.voice_name, spec and spec.ice_voice_name
            ),
            gender=first(voice and voice.gender, job and job.gender, spec and spec.gender),
            job_id=first(job and job.job_id),
            status=first(job and job.status),
            message=first(job and job.message),
            voice_type=first(job and job.type) or self.voice_type,
            create_time=first(job and job.create_time),
            demo_audio_media_id=media_id,
            demo_audio_url=self.media_url(media_id) if media_id else None,
        )


@dataclass(frozen=True)
class _Audio:
    declared: str
    media_id: str
    seconds: float


def plan(inputs: EditionInputs, record: EditionRecord, declared: DeclaredVoice) -> Plan:
    """A changed training input means a new voice: its name in ICE changes with it, so the
    new voice is created before the old one is removed (a replacement never reuses a name)."""
    replaces = [n for n in inputs.replace_on_change if declared.differs(n, record.spec)]
    updates = [n for n in UPDATABLE if declared.differs(n, record.spec)]
    return Plan(updates=updates, replaces=replaces)


def _check_standard_durations(audios: list[_Audio]) -> None:
    short = [
        f"{a.declared} ({a.seconds:g} s)" for a in audios if a.seconds <= STANDARD_AUDIO_MIN_SECONDS
    ]
    if short:
        raise AudioNotUsable(
            f"audios: each Standard training audio must be longer than "
            f"{STANDARD_AUDIO_MIN_SECONDS:g} s: {', '.join(short)}"
        )
    total = sum(a.seconds for a in audios)
    if not STANDARD_TOTAL_MIN_SECONDS <= total <= STANDARD_TOTAL_MAX_SECONDS:
        raise AudioNotUsable(
            f"audios: {total / 60:.1f} minutes of audio in all; a Standard voice trains on "
            f"{STANDARD_TOTAL_MIN_SECONDS / 60:g} to {STANDARD_TOTAL_MAX_SECONDS / 60:g} minutes"
        )


def _pending_job(
    spec: EditionSpec, voice_type: str, job_id: str, voice_id: str | None
) -> CustomizedVoiceJob:
    return CustomizedVoiceJob.model_validate(
        {
            "JobId": job_id,
            "VoiceId": voice_id,
            "VoiceName": spec.ice_voice_name,
            "Gender": spec.gender,
            "Status": NOT_READ_YET,
            "Type": voice_type,
        }
    )
