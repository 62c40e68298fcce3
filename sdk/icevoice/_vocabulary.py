"""ICE's words for customized voices and the speech they make, in one place: statuses,
genders, scenarios, editions, models, media types, the limits of the Standard and CosyVoice
editions, the voice-id rule, and the formats, states and limits of speech jobs. Everything
that speaks of a voice imports them from here (``icevoice.JobStatus``, ``icevoice.GENDERS``,
``icevoice.SPEECH_FORMATS``, ...); the emulator alone keeps a copy of its own, on purpose,
so that it stays an independent check of the client.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

__all__ = [
    "BUSINESS_TYPES",
    "COSY_VOICE_MODELS",
    "COSY_VOICE_QUOTA",
    "FINAL_SPEECH_JOB_STATES",
    "FINAL_STATUSES",
    "GENDERS",
    "IN_PROGRESS_STATUSES",
    "JOB_STATUSES",
    "MEDIA_TYPES",
    "OSS_BUCKET_PATTERN",
    "REFERENCE_ID_PATTERN",
    "SCENARIOS",
    "SMART_JOB_HORIZON_DAYS",
    "SMART_JOB_SORTS",
    "SMART_JOB_TYPES",
    "SPEECH_DESCRIPTION_MAX_BYTES",
    "SPEECH_FORMATS",
    "SPEECH_JOB_STATES",
    "SPEECH_JOB_TYPE",
    "SPEECH_RATE_RANGE",
    "SPEECH_TEXT_MAX_LENGTH",
    "SPEECH_TITLE_MAX_BYTES",
    "SPEECH_USER_DATA_MAX_BYTES",
    "SPEECH_VOLUME_RANGE",
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
    "SmartJobType",
    "SpeechFormat",
    "SpeechJobState",
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

# -- speech with a voice (SubmitAudioProduceJob and the smart-job actions) ----------------

SpeechFormat = Literal["PCM", "WAV", "MP3"]
#: ``format`` of a speech: ICE writes ``<object>.<pcm|wav|mp3>``.
SPEECH_FORMATS: tuple[SpeechFormat, ...] = get_args(SpeechFormat)
SpeechJobState = Literal["Created", "Executing", "Finished", "Failed"]
#: States of a smart job (a speech job among them), in order; Finished and Failed are final.
SPEECH_JOB_STATES: tuple[SpeechJobState, ...] = get_args(SpeechJobState)
FINAL_SPEECH_JOB_STATES: frozenset[str] = frozenset({"Finished", "Failed"})
SmartJobType = Literal["ASR", "DynamicChart", "VideoTranslation", "TextToSpeech"]
#: ``ListSmartJobs``' JobType; speech jobs are ``TextToSpeech``.
SMART_JOB_TYPES: tuple[SmartJobType, ...] = get_args(SmartJobType)
SPEECH_JOB_TYPE: SmartJobType = "TextToSpeech"
#: ``ListSmartJobs``' SortBy (the default is newest first).
SMART_JOB_SORTS = ("CreationTime:Desc", "CreationTime:Asc")
#: The text of one speech (SSML markup included), in characters. ICE's current API
#: reference says 2,000 characters; the SDK's model says 10,000 Chinese characters. The
#: stricter is kept, so a text accepted here is accepted by ICE under either.
SPEECH_TEXT_MAX_LENGTH = 2000
#: ``volume``: 0 to 100, default 50.
SPEECH_VOLUME_RANGE = (0, 100)
#: ``speech_rate`` and ``pitch_rate``: -500 to 500, default 0 (speech_rate -500, 0, 500
#: is 0.5x, 1x, 2x).
SPEECH_RATE_RANGE = (-500, 500)
SPEECH_TITLE_MAX_BYTES = 128
SPEECH_DESCRIPTION_MAX_BYTES = 1024
SPEECH_USER_DATA_MAX_BYTES = 512
#: GetSmartHandleJob sees the jobs of the past year only (in days).
SMART_JOB_HORIZON_DAYS = 365
#: An OSS bucket name: 3 to 63 lowercase letters, digits and ``-``.
OSS_BUCKET_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
