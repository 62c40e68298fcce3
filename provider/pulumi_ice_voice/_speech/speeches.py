"""What the provider does to ICE for a speech: submit once, wait, read, forget.

The rule is the voices' rule: a speech resource has at most one live job. Every path that
could submit first asks ICE for the newest speech job carrying the resource's marker
(UserData), and adopts it; a job ICE ended in Failed is deleted and the speech submitted
again (ICE cannot resubmit a job). A job older than ICE's one-year horizon is no longer
readable: a refresh keeps what the stack recorded of it instead of calling it gone.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from icevoice import SMART_JOB_HORIZON_DAYS, IceError, NotFoundError, SmartJob

from .._core.errors import JobIncomplete, VoiceConflict
from .._core.inputs import DeclaredVoice
from .._core.lines import say
from .._core.once import NotTaken, named, send_once
from .._core.poller import WaitCancelled, WaitTimedOut
from .._core.records import Plan, Record
from .._core.statuses import status_text
from .inputs import MARKER_KEY, SpeechSpec
from .poller import SpeechPoller, seconds_since
from .records import SpeechState, as_ice_has_it

if TYPE_CHECKING:
    from .._core.session import Session

__all__ = ["SpeechFailed", "SpeechIncomplete", "Speeches"]

#: A job this much older than ICE's horizon is past it (ICE's clock and ours differ a bit).
_HORIZON_SECONDS = SMART_JOB_HORIZON_DAYS * 86_400 - 3_600


class SpeechIncomplete(JobIncomplete):
    """A speech whose job exists in ICE but has not finished: it failed, the wait timed out
    or was cancelled. ``job`` is the job as last read; the next `pulumi up` continues it."""

    def __init__(self, message: str, job: SmartJob) -> None:
        super().__init__(message)
        self.job = job


class SpeechFailed(SpeechIncomplete):
    def __init__(self, label: str, job: SmartJob) -> None:
        reason = (job.error_message or job.error_code or "ICE gave no reason").rstrip(".")
        super().__init__(
            f"speech {label}: job {job.job_id} failed: {reason}. The next `pulumi up` deletes "
            "the failed job and submits the speech again",
            job,
        )


class SpeechTimedOut(SpeechIncomplete, TimeoutError):
    def __init__(self, label: str, job: SmartJob, timeout: float) -> None:
        super().__init__(
            f"speech {label}: job {job.job_id} still {status_text(job.state)} after "
            f"synthesis_timeout={timeout:g}s. Synthesis goes on in ICE; the next `pulumi up` "
            "adopts the job and waits again",
            job,
        )


class SpeechCancelled(SpeechIncomplete):
    def __init__(self, label: str, job: SmartJob) -> None:
        super().__init__(
            f"speech {label}: the wait for job {job.job_id} ({status_text(job.state)}) was "
            "cancelled. Synthesis goes on in ICE; the next `pulumi up` adopts the job",
            job,
        )


class Speeches:
    """Speeches in one region: the client, the speech poller, the user's lines."""

    state_type: ClassVar[type[SpeechState]] = SpeechState

    def __init__(self, session: Session, say: Callable[[str], None] = say) -> None:
        self.client = session.client
        self.poller = session.service(SpeechPoller)
        self.region = session.config.region
        self.say = say
        self._creating: set[str] = set()
        self._lock = threading.Lock()

    # -- identity and plan ---------------------------------------------------------------

    @staticmethod
    def label(spec: SpeechSpec) -> str:
        return spec.label

    @staticmethod
    def resource_id(record: Record[SpeechSpec, SpeechState]) -> str:
        return str(record.state.job_id)

    @staticmethod
    def plan(record: Record[SpeechSpec, SpeechState], declared: DeclaredVoice) -> Plan:
        """Every input but what destroy does and how long create waits replaces: ICE cannot
        change a job. A new speech is made before the old one is forgotten."""
        table = declared.table
        replaces = [n for n in table.replaces if declared.differs(n, record.spec)]
        updates = [n for n in table.in_place if declared.differs(n, record.spec)]
        return Plan(updates=updates, replaces=replaces)

    # -- create, update ----------------------------------------------------------------

    def create(self, spec: SpeechSpec) -> Record[SpeechSpec, SpeechState]:
        return Record(spec, self.provision(spec))

    def update(
        self, record: Record[SpeechSpec, SpeechState], spec: SpeechSpec
    ) -> Record[SpeechSpec, SpeechState]:
        """Only how destroy and the wait behave changed; a speech whose create did not
        finish (kept as partial state) is continued first."""
        state = record.state
        if state.state != "Finished":
            state = self.provision(spec)
        return Record(spec, state)

    def provision(self, spec: SpeechSpec) -> SpeechState:
        """Bring the speech to Finished; adopt its job; after a Failed, submit anew."""
        with self._claimed(spec):
            job = self.poller.find(spec.speech_marker)
            if job is not None and job.state == "Failed":
                self.say(
                    f"speech {spec.label}: deleting failed job {job.job_id} "
                    f"({(job.error_message or 'no reason given').rstrip('.')}) to submit it again"
                )
                with contextlib.suppress(NotFoundError):
                    self.client.delete_smart_job(job_ids=[job.job_id])
                job = None
            if job is None:
                job = self._submit(spec)
            else:
                self.say(f"speech {spec.label}: adopting job {job.job_id} ({job.state})")
            job = self._wait(spec, job)
            if job.state == "Failed":
                raise SpeechFailed(spec.label, job)
            return self._state(spec, job)

    @contextlib.contextmanager
    def _claimed(self, spec: SpeechSpec) -> Iterator[None]:
        with self._lock:
            if spec.speech_marker in self._creating:
                raise VoiceConflict(
                    f"speech {spec.label} is being created by another resource of this stack"
                )
            self._creating.add(spec.speech_marker)
        try:
            yield
        finally:
            with self._lock:
                self._creating.discard(spec.speech_marker)

    def _submit(self, spec: SpeechSpec) -> SmartJob:
        bucket, key = spec.output
        self.say(f"speech {spec.label}: submitting to oss://{bucket}/{key}")

        def submit() -> SmartJob:
            ref = self.client.submit_audio_produce_job(
                text=spec.text,
                output_bucket=bucket,
                output_object=key,
                format=spec.format,
                voice=spec.system_voice,
                customized_voice=spec.customized_voice,
                volume=spec.volume,
                speech_rate=spec.speech_rate,
                pitch_rate=spec.pitch_rate,
                overwrite=spec.overwrite,
                title=spec.title or spec.autoname_prefix,
                description=spec.description,
                user_data={MARKER_KEY: spec.speech_marker},
            )
            self.say(f"speech {spec.label}: submitted job {ref.job_id}")
            return SmartJob.model_validate(
                {"JobId": ref.job_id, "State": ref.state or "Created", "MediaId": ref.media_id}
                | {"Title": spec.title or spec.autoname_prefix}
            )

        def look(exc: Exception) -> SmartJob | NotTaken:
            found = self.poller.find(spec.speech_marker)
            if found is None:
                return NotTaken("no job with its marker")
            self.say(f"speech {spec.label}: job {found.job_id} found after {named(exc)}")
            return found

        return send_once(
            submit, look, action="SubmitAudioProduceJob", voice_id=spec.label, say=self.say
        )

    def _wait(self, spec: SpeechSpec, job: SmartJob) -> SmartJob:
        if job.finished:
            return self.poller.read_job(job.job_id) or job
        try:
            return self.poller.wait(job, spec.timeout)
        except WaitTimedOut as exc:
            raise SpeechTimedOut(spec.label, exc.job, spec.timeout) from None
        except WaitCancelled as exc:
            raise SpeechCancelled(spec.label, exc.job) from None

    # -- read, forget --------------------------------------------------------------------

    def read(
        self, resource_id: str, recorded: SpeechState | None, spec: SpeechSpec | None
    ) -> SpeechState | None:
        """The speech as ICE has it now; None when ICE no longer knows a job younger than
        its one-year horizon (an older one keeps its recorded state)."""
        job = self.poller.read_job(resource_id)
        if job is None:
            age = seconds_since(recorded.create_time) if recorded is not None else None
            if recorded is not None and age is not None and age > _HORIZON_SECONDS:
                self.say(
                    f"speech {resource_id}: past ICE's {SMART_JOB_HORIZON_DAYS}-day horizon; "
                    "kept as recorded"
                )
                return recorded
            return None
        if spec is None:  # an import: what the job was made of, from the list's entry
            listed = self._listed(resource_id)
            return self._state(None, job, made_of=as_ice_has_it(listed or job))
        return self._state(spec, job)

    def forget(self, resource_id: str, record: Record[SpeechSpec, SpeechState]) -> None:
        if not getattr(record.spec, "delete_job_on_destroy", False):
            self.say(f"speech {resource_id}: forgotten; the job and its audio stay in ICE and OSS")
            return
        try:
            self.client.delete_smart_job(job_ids=[resource_id])
        except NotFoundError:
            return
        self.say(f"speech {resource_id}: deleted job {resource_id}; its audio stays in OSS")

    def planned(self, identity: str) -> str | None:
        return None  # no quota of speeches is documented

    def left_by(self, spec: SpeechSpec, incomplete: JobIncomplete) -> SpeechState:
        job = incomplete.job if isinstance(incomplete, SpeechIncomplete) else None
        if job is None:
            return SpeechState(region=self.region)
        return self._state(spec, job, read_media=False)

    # -- outputs -------------------------------------------------------------------------

    def _state(
        self,
        spec: SpeechSpec | None,
        job: SmartJob,
        *,
        made_of: dict[str, object] | None = None,
        read_media: bool = True,
    ) -> SpeechState:
        duration = None
        if read_media and job.state == "Finished" and job.media_id:
            with contextlib.suppress(IceError):
                duration = self.client.get_media_info(media_id=job.media_id).duration
        return SpeechState.model_validate(
            {
                **(made_of or {}),
                "region": self.region,
                "job_id": job.job_id,
                "state": job.state,
                "media_id": job.media_id,
                "audio_url": job.media_url,
                "duration": duration,
                "message": job.error_message,
                "create_time": job.create_time,
            }
        )

    def _listed(self, job_id: str) -> SmartJob | None:
        """The job's entry of ListSmartJobs (the only answer with its EditingConfig)."""
        for page_no in range(1, 11):
            page = self.client.list_smart_jobs(
                job_type="TextToSpeech", page_no=page_no, page_size=100
            )
            for job in page.items:
                if job.job_id == job_id:
                    return job
            if len(page.items) < 100:
                return None
        return None
