"""What the provider expects to go wrong, as one tree; each message says what to do.

    VoiceError                  an error the user reads as its message (the plugin answers
    |                           it without a stack; anything else is a bug)
    +-- ConfigurationError      a stack config value or environment variable it cannot use
    +-- InputsInvalid           declared inputs that break ICE's rules
    +-- VoiceConflict           the voice's identity belongs to another voice or resource
    +-- RetrainRefused          a change that needs new training under a trained voice's id
    +-- AudioNotUsable          audio ICE would refuse, found before anything is submitted
    +-- QuotaReached            the account holds as many voices as ICE allows in the region
    +-- NoAnswer                a create or submit never answered, and ICE shows no effect
    +-- ReadTimedOut            a read of ICE took longer than it may
    +-- UnknownResourceType     a resource type the provider does not have
    +-- JobIncomplete           a create or update left its job in ICE, unfinished
        +-- VoiceIncomplete     ... a voice's training job
            +-- TrainingFailed      ICE reported Fail
            +-- TrainingTimedOut    the wait outlasted its timeout
            +-- WaitCancelled       Pulumi cancelled the wait (Ctrl-C)
            +-- AudioRejected       recordings failed ICE's audio detection

ICE's own answers are icevoice.IceError (their own tree, in sdk/icevoice/_errors.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .statuses import status_text

if TYPE_CHECKING:
    from icevoice import CustomizedVoiceJob

    from .records import Recorded

__all__ = [
    "AudioNotUsable",
    "AudioRejected",
    "ConfigurationError",
    "InputsInvalid",
    "JobIncomplete",
    "NoAnswer",
    "QuotaReached",
    "ReadTimedOut",
    "RetrainRefused",
    "TrainingFailed",
    "TrainingTimedOut",
    "UnknownResourceType",
    "VoiceConflict",
    "VoiceError",
    "VoiceIncomplete",
    "WaitCancelled",
]


class VoiceError(Exception):
    """An error the provider expects: its message is for the user."""


class ConfigurationError(VoiceError, ValueError):
    """A stack config value or environment variable the provider cannot use."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key


class InputsInvalid(VoiceError, ValueError):
    """Inputs that break ICE's rules, each failure as `<property>: <reason>`."""


class VoiceConflict(VoiceError):
    """The voice id (or name in ICE) belongs to a voice that differs from the declared one,
    or another resource of the stack is creating it."""


class RetrainRefused(VoiceError, ValueError):
    """A change that needs new training, under the voice id of a voice that is trained or
    training: ICE can neither retrain nor delete it."""

    def __init__(self, names: list[str], voice_id: str, status: str | None) -> None:
        super().__init__(
            f"{', '.join(names)}: cannot change voice {voice_id}: it is {status} in ICE, and "
            "ICE can neither retrain nor delete a voice under the same voice_id. Give the "
            "changed voice a new voice_id (or omit voice_id to autoname it)"
        )


class AudioNotUsable(VoiceError, ValueError):
    """Registered audio that ICE would refuse: missing, not ready, too short or too long.
    Raised before anything is submitted."""


class QuotaReached(VoiceError):
    """The account holds as many voices of the edition as ICE allows in the region."""


class NoAnswer(VoiceError):
    """A create or submit got no answer every time it was sent, and ICE shows it did not
    take effect: nothing happened, and the next `pulumi up` sends it again."""

    def __init__(self, action: str, voice_id: str, attempts: int, seen: str) -> None:
        super().__init__(
            f"voice {voice_id}: {action} got no answer from ICE in {attempts} attempts, and "
            f"ICE shows {seen}: it did not take effect. Run `pulumi up` again when ICE answers"
        )


class ReadTimedOut(VoiceError, TimeoutError):
    """A read of ICE (a job, a voice) took longer than the caller may wait."""


class UnknownResourceType(VoiceError, ValueError):
    """A resource type token the provider does not have."""


class JobIncomplete(VoiceError):
    """A create or update that left its job in ICE but unfinished. ``recorded`` is what the
    stack should keep of the resource (the plugin records it as partial state); the next
    `pulumi up` continues the job."""

    recorded: Recorded | None = None


class VoiceIncomplete(JobIncomplete):
    """A voice whose training job exists but has not trained: training failed, timed out or
    was cancelled, or recordings were rejected. ``job`` is the job as last read; the next
    `pulumi up` continues it (adopts, or resubmits after a Fail)."""

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
