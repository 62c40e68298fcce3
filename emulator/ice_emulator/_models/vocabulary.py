"""ICE's voice-cloning and speech vocabulary: the values and limits its actions accept.

The emulator keeps its own copy on purpose: it shares no code with `icevoice` or the
provider, so it checks them instead of agreeing with them. Job statuses live with the
state machine, in `states`.
"""

from __future__ import annotations

__all__ = [
    "AUDIO_EXTENSIONS",
    "BUSINESS_TYPES",
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "DEFAULT_COSY_VOICE_TYPE",
    "EDITIONS",
    "GENDERS",
    "IMAGE_EXTENSIONS",
    "MAX_PAGE_SIZE",
    "MEDIA_TYPES",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
    "SMART_JOB_HORIZON_SECONDS",
    "SMART_JOB_STATES",
    "SMART_JOB_TYPES",
    "SPEECH_DESCRIPTION_MAX_BYTES",
    "SPEECH_FORMATS",
    "SPEECH_JOB_TYPE",
    "SPEECH_RATE_RANGE",
    "SPEECH_TEXT_MAX_CHARACTERS",
    "SPEECH_TITLE_MAX_BYTES",
    "SPEECH_USER_DATA_MAX_BYTES",
    "SPEECH_VOLUME_RANGE",
    "STANDARD_AUDIO_MIN_SECONDS",
    "STANDARD_TOTAL_MAX_SECONDS",
    "STANDARD_TOTAL_MIN_SECONDS",
    "VIDEO_EXTENSIONS",
]

# The voice-cloning editions, as the emulator names them internally (jobs.type).
EDITIONS = ("Basic", "Standard", "CosyVoice")
# The `Type` ICE reports for CosyVoice jobs is undocumented (every Type enum lists Basic and
# Standard only): this default is a guess, configurable at run time.
DEFAULT_COSY_VOICE_TYPE = "CosyVoice"
GENDERS = ("female", "male")
SCENARIOS = ("story", "interaction", "navigation")
COSY_VOICE_MODELS = (
    "cosyvoice-v3-plus",
    "cosyvoice-v3-flash",
    "cosyvoice-v3.5-plus",
    "cosyvoice-v3.5-flash",
)
# CosyVoice voices per account and region.
COSY_VOICE_LIMIT = 30
# SubmitStandardCustomizedVoiceJob's Audios: each longer than 1 minute, 15-30 min in all.
STANDARD_AUDIO_MIN_SECONDS = 60.0
STANDARD_TOTAL_MIN_SECONDS = 15 * 60.0
STANDARD_TOTAL_MAX_SECONDS = 30 * 60.0
RECORDS_PER_VOICE = 20
MAX_PAGE_SIZE = 100

# RegisterMediaInfo
MEDIA_TYPES = ("image", "video", "audio", "text")
BUSINESS_TYPES = ("subtitles", "font", "watermark", "opening", "ending", "general")
# What MediaType a file name extension implies when MediaType is not given (ICE infers
# image, video and audio only).
AUDIO_EXTENSIONS = ("wav", "mp3", "m4a", "aac", "flac", "ogg", "opus", "pcm", "amr", "wma")
VIDEO_EXTENSIONS = ("mp4", "mov", "flv", "avi", "mkv", "ts", "m3u8", "webm", "wmv", "mpg")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "bmp", "webp", "tiff", "heic")

# SubmitAudioProduceJob (text to speech) and the smart-job actions
SPEECH_FORMATS = ("PCM", "WAV", "MP3")
SMART_JOB_STATES = ("Created", "Executing", "Finished", "Failed")
# ListSmartJobs' JobType values (the emulator makes TextToSpeech jobs only).
SMART_JOB_TYPES = ("ASR", "DynamicChart", "VideoTranslation", "TextToSpeech")
SPEECH_JOB_TYPE = "TextToSpeech"
# InputConfig: the current API reference page says 2,000 characters; the SDK model says
# 10,000 Chinese characters. The stricter one is kept (see the emulator README).
SPEECH_TEXT_MAX_CHARACTERS = 2000
SPEECH_VOLUME_RANGE = (0, 100)
SPEECH_RATE_RANGE = (-500, 500)
SPEECH_TITLE_MAX_BYTES = 128
SPEECH_DESCRIPTION_MAX_BYTES = 1024
SPEECH_USER_DATA_MAX_BYTES = 512
# GetSmartHandleJob sees jobs of the past year only.
SMART_JOB_HORIZON_SECONDS = 365 * 86_400.0
