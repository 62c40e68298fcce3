"""What the provider does to ICE for a voice of any edition: provision, refresh, update,
forget. The editions (`_basic`, `_editions`) are subclasses of `Voices`: each says how its
voices are found and submitted; the rest is here, once.

Nothing here knows Pulumi's property bags: it takes typed inputs (a spec, a DeclaredVoice
in a preview) and records, and returns them. The one rule it never bends: a voice has at
most one training job. Every path that could submit first asks ICE what already exists
for the voice, and adopts it.
"""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from icevoice import CustomizedVoice, CustomizedVoiceJob, IceError, NotFoundError

from .errors import (
    JobIncomplete,
    TrainingFailed,
    TrainingTimedOut,
    VoiceConflict,
    VoiceIncomplete,
    WaitCancelled,
)
from .inputs import DeclaredVoice, VoiceSpecBase
from .lines import say
from .reads import Lookup
from .records import Plan, Record, VoiceStateBase
from .statuses import status_text
from .tracker import JobTracker, TrainingCancelled, TrainingTimeout

if TYPE_CHECKING:
    from icevoice import IceClient

    from .session import Session

__all__ = ["DESTROY", "Voices"]

SpecT = TypeVar("SpecT", bound=VoiceSpecBase)
StateT = TypeVar("StateT", bound=VoiceStateBase)

#: What every voice resource's description ends with.
DESTROY = (
    "A trained voice cannot be deleted through the ICE API: destroy removes it from the stack only."
)


class Voices(ABC, Generic[SpecT, StateT]):
    """One edition's voices in one region: a client, the shared tracker, the user's lines,
    and one rule: a voice is created by one resource of a stack at a time."""

    voice_type: ClassVar[str]
    """The edition as ICE's list actions take it in `Type`."""
    state_type: ClassVar[type[StateT]]

    def __init__(self, session: Session, say: Callable[[str], None] = say) -> None:
        self.client: IceClient = session.client
        self.tracker: JobTracker = session.tracker
        self.region = session.config.region
        self.say = say
        self._creating: set[str] = set()
        self._creating_lock = threading.Lock()

    # -- what each edition says -------------------------------------------------------

    @staticmethod
    @abstractmethod
    def plan(record: Record[SpecT, StateT], declared: DeclaredVoice) -> Plan:
        """The change from a voice as recorded to its inputs as now declared (no network).
        Inputs not known yet (a preview) count as possible changes."""

    @abstractmethod
    def provision(self, spec: SpecT) -> StateT:
        """Bring the voice to trained (or submitted, without waiting); adopt what exists."""

    @staticmethod
    @abstractmethod
    def label(spec: SpecT) -> str:
        """How the user's lines name the voice: its voice id, or its name in ICE."""

    @staticmethod
    @abstractmethod
    def resource_id(record: Record[SpecT, StateT]) -> str:
        """The resource id of a recorded voice."""

    @abstractmethod
    def voice_id_of(self, spec: SpecT, job: CustomizedVoiceJob) -> str | None:
        """The voice id of a voice whose job is ``job`` (None until ICE assigns one)."""

    # -- the template ------------------------------------------------------------------

    def create(self, spec: SpecT) -> Record[SpecT, StateT]:
        """The voice trained (or submitted, without waiting), and the record to keep."""
        return Record(spec, self.provision(spec))

    def update(self, record: Record[SpecT, StateT], spec: SpecT) -> Record[SpecT, StateT]:
        """Apply what changes in place (the demo audio media id) to a voice; the rest of an
        update changes only how create waits, which touches nothing in ICE. A voice whose
        create did not finish (recorded by the plugin as partial state, or created without
        waiting and now declared to wait) is continued first: its job is adopted, or
        resubmitted after a Fail, never submitted twice."""
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
            # Not managed by the program: what ICE has stays, recorded as it was.
            spec = spec.model_copy(update={"demo_audio_media_id": record.spec.demo_audio_media_id})
        return Record(spec, state)

    def read(self, voice_id: str, recorded: StateT | None, spec: SpecT | None) -> StateT | None:
        """The voice as ICE has it now, or None when ICE no longer knows it."""
        voice = self.tracker.read_voice(voice_id, self.voice_type)
        if voice is None:
            return None
        job_id = recorded.job_id if recorded is not None else None
        return self.state_from(voice, self.job_of(voice_id, job_id), spec)

    def forget(self, voice_id: str, record: Record[SpecT, StateT]) -> None:
        """Delete the job where ICE allows it; a trained voice can only be forgotten."""
        self.forget_job(voice_id, self.job_of(voice_id, record.state.job_id))

    def state_of(self, spec: SpecT, job: CustomizedVoiceJob) -> StateT:
        """What to record of a voice whose create stopped at ``job`` (no further reads)."""
        return self.state_from(None, job, spec)

    def planned(self, identity: str) -> str | None:
        """A create of ``identity`` is planned (no quota to watch, but for CosyVoice)."""
        return None

    def left_by(self, spec: SpecT, incomplete: JobIncomplete) -> StateT:
        """What to record of a voice whose create or update ended in ``incomplete``."""
        job = incomplete.job if isinstance(incomplete, VoiceIncomplete) else None
        return self.state_from(None, job, spec)

    # -- shared steps -------------------------------------------------------------------

    def job_of(self, voice_id: str, job_id: str | None) -> CustomizedVoiceJob | None:
        """The voice's job: the one recorded, else the edition's newest of the voice id."""
        job = self.tracker.read_job(job_id) if job_id else None
        if job is None:
            job = self.tracker.find(Lookup(self.voice_type, "voice", voice_id))
        return job

    def trained_state(self, spec: SpecT, job: CustomizedVoiceJob) -> StateT:
        """The state of a voice whose provisioning ended at ``job``: read in full once
        trained (the voice, its demo audio set as declared)."""
        voice = None
        voice_id = self.voice_id_of(spec, job)
        if job.status == "Success" and voice_id:
            voice = self.trained_voice(voice_id, spec.demo_audio_media_id)
        return self.state_from(voice, job, spec)

    def state_from(
        self, voice: CustomizedVoice | None, job: CustomizedVoiceJob | None, spec: SpecT | None
    ) -> StateT:
        media_id = voice.demo_audio_media_id if voice else None
        state: StateT = self.state_type.merged(
            region=self.region,
            voice_type=self.voice_type,
            voice=voice,
            job=job,
            spec=spec,
            demo_audio_url=self.media_url(media_id) if media_id else None,
        )
        return state

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

    def trained_voice(self, voice_id: str, wanted_media_id: str | None) -> CustomizedVoice | None:
        """A trained voice as ICE has it, its demo audio set to ``wanted_media_id`` when
        declared at create (else the next `up` would show an update)."""
        voice = self.tracker.read_voice(voice_id, self.voice_type)
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
