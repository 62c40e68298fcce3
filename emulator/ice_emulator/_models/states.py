"""The job state machine: ICE's job statuses, the phases of training, and their pace.

A submitted job's status is a function of the wall-clock time since submit and the
current training time T: AudioDetecting for the first 20 % of T, PreTraining to 40 %,
Training to 100 %, then Success (or Fail, which the backend decides). Statuses only move
forward: `TrainingClock.reached` names a status only when it is ahead of the stored one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .._exceptions import IncorrectJobStatus
from .._store import JobRow, Store

__all__ = [
    "CONSENT_FAIL_MESSAGE",
    "DELETABLE",
    "FAIL_MESSAGE",
    "JOB_STATUSES",
    "SUBMITTABLE",
    "TrainingClock",
    "phase_at",
    "require_status",
]

JOB_STATUSES = ("Initialization", "AudioDetecting", "PreTraining", "Training", "Success", "Fail")
# Where recordings may be checked and a job (re)submitted: before training, or after it failed.
SUBMITTABLE = ("Initialization", "Fail")
# Training and Success jobs stay: no API deletes a trained voice.
DELETABLE = ("Initialization", "AudioDetecting", "PreTraining", "Fail")
FAIL_MESSAGE = "Training failed: the recordings do not meet the voice-cloning quality requirements."
CONSENT_FAIL_MESSAGE = (
    "Training failed: the voiceprint of the consent audio (Authentication) does not match "
    "the training audio (Audios)."
)

_TERMINAL = ("Success", "Fail")
# Success and Fail share a rank: neither follows the other.
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
_SETTING = "training_seconds"


def phase_at(elapsed: float, training_seconds: float) -> str:
    """The status a job reaches `elapsed` seconds after submit (Success at the end)."""
    if training_seconds <= 0:
        return "Success"
    share = elapsed / training_seconds
    for phase, end in _PHASES:
        if share < end:
            return phase
    return "Success"


def require_status(job: JobRow, allowed: tuple[str, ...], reason: str) -> None:
    """Refuse an action on a job whose status is not one of `allowed`."""
    if job.status not in allowed:
        raise IncorrectJobStatus(job_id=job.job_id, status=job.status, reason=reason)


class TrainingClock:
    """The pace of training: wall-clock time and the training time T.

    T is kept in the store, so every process on a data directory trains at the same
    pace and a change at run time reaches running jobs at once.
    """

    def __init__(self, store: Store, now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.now = now

    @property
    def training_seconds(self) -> float:
        """How long a submitted job takes to reach Success."""
        value = self.store.get_setting(_SETTING)
        return 0.0 if value is None else float(value)

    @training_seconds.setter
    def training_seconds(self, seconds: float) -> None:
        if not seconds >= 0 or seconds == float("inf"):
            raise ValueError("training_seconds must be a finite number >= 0")
        self.store.set_setting(_SETTING, repr(float(seconds)))

    def reached(self, job: JobRow) -> str | None:
        """The status `job` has reached by now when it is ahead of the stored one, else None."""
        # Checked before reading T: most reads are of unsubmitted or finished jobs.
        if job.submitted_at is None or job.status in _TERMINAL:
            return None
        phase = phase_at(self.now() - job.submitted_at, self.training_seconds)
        return phase if _RANK[phase] > _RANK[job.status] else None
