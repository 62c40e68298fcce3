"""Standard and CosyVoice voices in ICE: the same rule as for basic voices, with another
identity. A voice's name in ICE (`ice_voice_name`, see .inputs) has at most one live job,
and every path that could submit first asks ICE for the edition's newest job of that name.

After a Fail ICE cannot resubmit such a job (a submit always starts a new one): the next
`pulumi up` deletes the failed job, then submits the voice again, so that the voice never
has two jobs. What differs between the two editions (the audio they need, what ICE checks
before a submit, the submit itself) is each subclass's.
"""

from __future__ import annotations

import contextlib
import threading
import time
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from icevoice import (
    COSY_VOICE_QUOTA,
    STANDARD_AUDIO_MIN_SECONDS,
    STANDARD_TOTAL_MAX_SECONDS,
    STANDARD_TOTAL_MIN_SECONDS,
    AmbiguousResultError,
    ApiError,
    CustomizedVoiceJob,
    MediaInfo,
    NotFoundError,
)

from .._core.errors import AudioNotUsable, QuotaReached, VoiceConflict
from .._core.inputs import DeclaredVoice
from .._core.lines import say
from .._core.once import NotTaken, named, send_once
from .._core.reads import PAGE_SIZE, Lookup
from .._core.records import Plan, Record
from .._core.statuses import NOT_READ_YET
from .._core.voices import Voices
from .inputs import CosyVoiceSpec, EditionSpec, StandardSpec, is_audio_url
from .records import EditionState

if TYPE_CHECKING:
    from .._core.session import Session

__all__ = ["MEDIA_READY_SECONDS", "CosyVoices", "EditionVoices", "StandardVoices"]

#: How long registered audio may stay in preparation (ICE reads a file in a few seconds).
MEDIA_READY_SECONDS = 60.0

E = TypeVar("E", bound=EditionSpec)


@dataclass(frozen=True)
class Audio:
    """A declared audio as ICE has it registered."""

    declared: str
    media_id: str
    seconds: float


class EditionVoices(Voices[E, EditionState]):
    """Voices of an edition whose voice id ICE chooses."""

    state_type = EditionState
    needed: ClassVar[tuple[str, ...]]
    """The inputs a create that finds nothing to adopt must have."""
    submit_action: ClassVar[str]
    media_ready_seconds = MEDIA_READY_SECONDS

    # -- what each edition says -------------------------------------------------------

    @abstractmethod
    def submittable(self, spec: E) -> E:
        """The spec to submit, every audio a media id, after what ICE would refuse about it
        has been checked (AudioNotUsable, QuotaReached): nothing is submitted before."""

    @abstractmethod
    def send(self, spec: E) -> tuple[str, str | None]:
        """Submit the voice: (job id, the voice id when ICE answers it)."""

    # -- the edition's identity ---------------------------------------------------------

    @staticmethod
    def label(spec: E) -> str:
        return spec.ice_voice_name

    @staticmethod
    def resource_id(record: Record[E, EditionState]) -> str:
        return str(record.state.voice_id or record.state.job_id)

    def voice_id_of(self, spec: E, job: CustomizedVoiceJob) -> str | None:
        return job.voice_id

    @staticmethod
    def plan(record: Record[E, EditionState], declared: DeclaredVoice) -> Plan:
        """A changed training input means a new voice: its name in ICE changes with it, so
        the new voice is created before the old one is removed (a replacement never reuses
        a name)."""
        table = declared.table
        replaces = [n for n in table.replaces if declared.differs(n, record.spec)]
        updates = [n for n in table.in_place if declared.differs(n, record.spec)]
        return Plan(updates=updates, replaces=replaces)

    # -- create ------------------------------------------------------------------------

    def provision(self, spec: E) -> EditionState:
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
                job = self._submit(self._checked(spec))
            else:
                self._ensure_same_voice(spec, job)
                self.say(f"voice {name}: adopting job {job.job_id} ({job.status})")
            if spec.wait_for_training and job.status != "Success":
                job = self.wait_for(name, job, spec.training_timeout)
            return self.trained_state(spec, job)

    def _find(self, spec: E) -> CustomizedVoiceJob | None:
        return self.tracker.find(Lookup(self.voice_type, "name", spec.ice_voice_name))

    def _delete(self, job: CustomizedVoiceJob) -> None:
        with contextlib.suppress(NotFoundError):  # already gone: as wanted
            self.client.delete_customized_voice_job(job_id=job.job_id)

    def _ensure_same_voice(self, spec: E, job: CustomizedVoiceJob) -> None:
        if job.gender not in (None, spec.gender):
            raise VoiceConflict(
                f"voice_name: ICE already has a {self.voice_type} voice named "
                f"{spec.ice_voice_name} (job {job.job_id}) whose gender is {job.gender!r}, "
                f"declared {spec.gender!r}: change voice_name"
            )

    def _checked(self, spec: E) -> E:
        missing = [name for name in self.needed if not getattr(spec, name)]
        if missing:
            raise AudioNotUsable(
                f"{missing[0]}: needed to train voice {spec.ice_voice_name}: ICE has no "
                f"{self.voice_type} voice of that name to adopt "
                f"(declare {' and '.join(missing)})"
            )
        return self.submittable(spec)

    def _submit(self, spec: E) -> CustomizedVoiceJob:
        name = spec.ice_voice_name
        self.say(f"voice {name}: submitting training")

        def submit() -> CustomizedVoiceJob:
            job_id, voice_id = self.send(spec)
            self.say(f"voice {name}: submitted job {job_id}")
            submitted = self._pending_job(spec, job_id, voice_id)
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

        return send_once(submit, look, action=self.submit_action, voice_id=name, say=self.say)

    def _pending_job(self, spec: E, job_id: str, voice_id: str | None) -> CustomizedVoiceJob:
        return CustomizedVoiceJob.model_validate(
            {
                "JobId": job_id,
                "VoiceId": voice_id,
                "VoiceName": spec.ice_voice_name,
                "Gender": spec.gender,
                "Status": NOT_READ_YET,
                "Type": self.voice_type,
            }
        )

    # -- registered audio ------------------------------------------------------------------

    def audio(self, prop: str, declared: str) -> Audio:
        """The registered audio ``declared`` names (a media id, or an OSS URL the provider
        registers once), with its duration once ICE has read the file."""
        deadline = time.monotonic() + self.media_ready_seconds
        while True:
            media = self._media(prop, declared)
            status = media.status or "Normal"
            if status == "Normal":
                return Audio(declared, media.media_id, media.duration or 0.0)
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


class StandardVoices(EditionVoices[StandardSpec]):
    """Standard voices: 15 to 30 minutes of audio and the speaker's spoken consent."""

    voice_type = "Standard"
    needed = ("audios", "authentication")
    submit_action = "SubmitStandardCustomizedVoiceJob"

    def submittable(self, spec: StandardSpec) -> StandardSpec:
        audios = [self.audio("audios", item) for item in spec.audios or ()]
        consent = self.audio("authentication", spec.authentication or "")
        _check_standard_durations(audios)
        media = {"audios": tuple(a.media_id for a in audios), "authentication": consent.media_id}
        return spec.model_copy(update=media)

    def send(self, spec: StandardSpec) -> tuple[str, str | None]:
        submitted = self.client.submit_standard_customized_voice_job(
            voice_name=spec.ice_voice_name,
            gender=spec.gender,
            audios=list(spec.audios or ()),
            authentication=spec.authentication or "",
            demo_audio_media_url=spec.demo_audio_media_url,
        )
        return submitted.job_id, None


class CosyVoices(EditionVoices[CosyVoiceSpec]):
    """CosyVoice voices: one audio and a model; at most COSY_VOICE_QUOTA per account and
    region."""

    voice_type = "CosyVoice"
    needed = ("audio", "model")
    submit_action = "SubmitCosyVoiceCustomizedVoiceJob"

    def __init__(self, session: Session, say: Callable[[str], None] = say) -> None:
        super().__init__(session, say)
        self._plans_lock = threading.Lock()
        self._planned: set[str] = set()
        self._used: int | None = None
        self._warned = False

    def planned(self, identity: str) -> str | None:
        """Warn (once) when the stack's planned creates would pass the region's quota: read
        before anything is submitted, from one count of the account's CosyVoice jobs."""
        with self._plans_lock:
            self._planned.add(identity)
            if self._used is None:
                self._used = self._count()
            planned, used = len(self._planned), self._used
            if self._warned or used + planned <= COSY_VOICE_QUOTA:
                return None
            self._warned = True
        return (
            f"CosyVoice quota: this stack plans {planned} new CosyVoice voice"
            f"{'s' if planned > 1 else ''} in {self.region}, and the account already has "
            f"{used} of the {COSY_VOICE_QUOTA} ICE allows per account and region: the creates "
            f"past {COSY_VOICE_QUOTA} will be refused before submitting. No API deletes a "
            "trained voice and ICE raises no quota: declare fewer, or train them in another "
            "region (an explicit provider)"
        )

    def quota(self) -> dict[str, Any]:
        """The account's CosyVoice use in the region: used, limit, and the voices."""
        voices: list[dict[str, Any]] = []
        page_no = 1
        while True:
            page = self.client.list_customized_voice_jobs(
                page_no=page_no, page_size=PAGE_SIZE, type=self.voice_type
            )
            voices += [
                {
                    "voice_id": job.voice_id,
                    "voice_name": job.voice_name,
                    "status": job.status,
                    "job_id": job.job_id,
                }
                for job in page.items
            ]
            if not page.items or len(voices) >= page.total_count:
                break
            page_no += 1
        return {
            "region": self.region,
            "used": len(voices),
            "limit": COSY_VOICE_QUOTA,
            "voices": voices,
        }

    def _count(self) -> int:
        return self.client.list_customized_voice_jobs(page_size=1, type=self.voice_type).total_count

    def submittable(self, spec: CosyVoiceSpec) -> CosyVoiceSpec:
        media = {"audio": self.audio("audio", spec.audio or "").media_id}
        self._check_quota()
        return spec.model_copy(update=media)

    def send(self, spec: CosyVoiceSpec) -> tuple[str, str | None]:
        submitted = self.client.submit_cosy_voice_customized_voice_job(
            voice_name=spec.ice_voice_name,
            gender=spec.gender,
            audios=[spec.audio or ""],
            model=spec.model or "",  # `needed` holds it
            demo_audio_media_url=spec.demo_audio_media_url,
        )
        return submitted.job_id, submitted.voice_id

    def _check_quota(self) -> None:
        used = self._count()
        if used >= COSY_VOICE_QUOTA:
            raise QuotaReached(
                f"CosyVoice quota: the account already has {used} CosyVoice "
                f"voices in {self.region}, and ICE allows at most {COSY_VOICE_QUOTA} per "
                "account and region. Nothing was submitted; delete a CosyVoice job that did "
                "not train, or train this voice in another region"
            )


def _check_standard_durations(audios: list[Audio]) -> None:
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
