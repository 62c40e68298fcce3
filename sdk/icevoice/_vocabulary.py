"""ICE's words for customized voices, in one place: statuses, genders, scenarios, editions,
models, and the voice-id rule. Everything that speaks of a voice imports them from here
(``icevoice.JobStatus``, ``icevoice.GENDERS``, ...); the emulator alone keeps a copy of its
own, on purpose, so that it stays an independent check of the client.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

__all__ = [
    "COSY_VOICE_MODELS",
    "FINAL_STATUSES",
    "GENDERS",
    "IN_PROGRESS_STATUSES",
    "JOB_STATUSES",
    "SCENARIOS",
    "SUBMITTED_STATUSES",
    "VOICE_ID_MAX_LENGTH",
    "VOICE_ID_PATTERN",
    "VOICE_TYPES",
    "CosyVoiceModel",
    "Gender",
    "JobStatus",
    "Scenario",
    "VoiceType",
]

JobStatus = Literal[
    "Initialization", "AudioDetecting", "PreTraining", "Training", "Success", "Fail"
]
#: Job states in order of progress; ``Success`` and ``Fail`` are final.
JOB_STATUSES: tuple[JobStatus, ...] = get_args(JobStatus)
#: Training or queued for it: ICE refuses to submit, retrain or delete the job.
IN_PROGRESS_STATUSES: frozenset[str] = frozenset({"AudioDetecting", "PreTraining", "Training"})
#: Submitted and not failed: in progress or trained. Submitting again is refused.
SUBMITTED_STATUSES: frozenset[str] = IN_PROGRESS_STATUSES | {"Success"}
#: Training is over.
FINAL_STATUSES: frozenset[str] = frozenset({"Success", "Fail"})

Gender = Literal["female", "male"]
GENDERS: tuple[Gender, ...] = get_args(Gender)

Scenario = Literal["story", "interaction", "navigation"]
SCENARIOS: tuple[Scenario, ...] = get_args(Scenario)

#: Editions the list actions take as ``Type`` (CosyVoice's is not documented).
VoiceType = Literal["Basic", "Standard"]
VOICE_TYPES: tuple[VoiceType, ...] = get_args(VoiceType)

CosyVoiceModel = Literal[
    "cosyvoice-v3-plus", "cosyvoice-v3-flash", "cosyvoice-v3.5-plus", "cosyvoice-v3.5-flash"
]
#: Models accepted by ``SubmitCosyVoiceCustomizedVoiceJob``.
COSY_VOICE_MODELS: tuple[CosyVoiceModel, ...] = get_args(CosyVoiceModel)

VOICE_ID_MAX_LENGTH = 32
#: A voice id: letters and digits only, 1 to 32 of them (match with ``fullmatch``).
VOICE_ID_PATTERN = re.compile(rf"[A-Za-z0-9]{{1,{VOICE_ID_MAX_LENGTH}}}")
