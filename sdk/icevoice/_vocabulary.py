"""ICE's words for customized voices, in one place: statuses, genders, scenarios, editions,
models, media types, the limits of the Standard and CosyVoice editions, and the voice-id
rule. Everything that speaks of a voice imports them from here
(``icevoice.JobStatus``, ``icevoice.GENDERS``, ...); the emulator alone keeps a copy of its
own, on purpose, so that it stays an independent check of the client.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

__all__ = [
    "BUSINESS_TYPES",
    "COSY_VOICE_MODELS",
    "COSY_VOICE_QUOTA",
    "FINAL_STATUSES",
    "GENDERS",
    "IN_PROGRESS_STATUSES",
    "JOB_STATUSES",
    "MEDIA_TYPES",
    "REFERENCE_ID_PATTERN",
    "SCENARIOS",
    "STANDARD_AUDIO_MIN_SECONDS",
    "STANDARD_TOTAL_MAX_SECONDS",
    "STANDARD_TOTAL_MIN_SECONDS",
    "SUBMITTED_STATUSES",
    "VOICE_ID_MAX_LENGTH",
    "VOICE_ID_PATTERN",
    "VOICE_TYPES",
    "BusinessType",
    "CosyVoiceModel",
    "Gender",
    "JobStatus",
    "MediaType",
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

#: Editions, as the list actions take them in ``Type`` and jobs report them. ICE documents
#: Basic and Standard only; ``CosyVoice`` is unverified (what ICE reports for CosyVoice
#: jobs is not documented).
VoiceType = Literal["Basic", "Standard", "CosyVoice"]
VOICE_TYPES: tuple[VoiceType, ...] = get_args(VoiceType)

CosyVoiceModel = Literal[
    "cosyvoice-v3-plus", "cosyvoice-v3-flash", "cosyvoice-v3.5-plus", "cosyvoice-v3.5-flash"
]
#: Models accepted by ``SubmitCosyVoiceCustomizedVoiceJob``.
COSY_VOICE_MODELS: tuple[CosyVoiceModel, ...] = get_args(CosyVoiceModel)
#: CosyVoice voices an account may hold per region.
COSY_VOICE_QUOTA = 30

#: Standard training audio: each file longer than this many seconds...
STANDARD_AUDIO_MIN_SECONDS = 60.0
#: ...and 15 to 30 minutes in all.
STANDARD_TOTAL_MIN_SECONDS = 15 * 60.0
STANDARD_TOTAL_MAX_SECONDS = 30 * 60.0

MediaType = Literal["image", "video", "audio", "text"]
#: ``RegisterMediaInfo``'s MediaType (ICE infers it from the file name when not given).
MEDIA_TYPES: tuple[MediaType, ...] = get_args(MediaType)
BusinessType = Literal["subtitles", "font", "watermark", "opening", "ending", "general"]
BUSINESS_TYPES: tuple[BusinessType, ...] = get_args(BusinessType)
#: A media ReferenceId: 6 to 64 letters, digits, ``-`` and ``_``, unique per account.
REFERENCE_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{6,64}")

VOICE_ID_MAX_LENGTH = 32
#: A voice id: letters and digits only, 1 to 32 of them (match with ``fullmatch``).
VOICE_ID_PATTERN = re.compile(rf"[A-Za-z0-9]{{1,{VOICE_ID_MAX_LENGTH}}}")
