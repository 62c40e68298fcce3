"""State and rules of the voice-cloning service, moto's `models` split by concern. No HTTP.

    vocabulary      ICE's accepted values and limits (genders, scenarios, models, quotas)
    fields          field rules: one check per request parameter, ICE's error for each
    states          the job state machine: statuses, training phases, the training clock
    demonstrations  the demonstration texts per scenario
    media           MediaLibrary: registered media, demo audio, the audio voices train on
    editions        the Type each edition reports (CosyVoice's configurable), Standard's
                    duration rules
    backend         VoiceCloningBackend: ICE's actions and rules over the store
    speech_fields   SubmitAudioProduceJob's parameters (EditingConfig, OutputConfig, ...)
    speech          SpeechBackend: text to speech and the smart-job actions
    clock           EmulatorClock: the time jobs run on, which tests may move forward
    backdoor        BackDoor: what tests may do that ICE cannot (stage, clock, reset)

Demo audio is written by `.._wav`, speech by `.._synthesis`; state is kept by `.._store`
and `.._speech_store`.
"""

from .backdoor import BackDoor
from .backend import FaultRules, VoiceCloningBackend
from .clock import EmulatorClock
from .demonstrations import Demonstration
from .editions import COSY_VOICE_TYPE_PATTERN, EditionTypes
from .media import DEFAULT_AUDIO_SECONDS, DEMO_AUDIO_SECONDS, MEDIA_STATUS, MediaLibrary
from .speech import DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER, SpeechBackend, state_at
from .states import JOB_STATUSES, phase_at
from .vocabulary import (
    COSY_VOICE_LIMIT,
    COSY_VOICE_MODELS,
    DEFAULT_COSY_VOICE_TYPE,
    EDITIONS,
    GENDERS,
    RECORDS_PER_VOICE,
    SCENARIOS,
    SMART_JOB_STATES,
    SPEECH_FORMATS,
    SPEECH_TEXT_MAX_CHARACTERS,
)

__all__ = [
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "COSY_VOICE_TYPE_PATTERN",
    "DEFAULT_AUDIO_SECONDS",
    "DEFAULT_COSY_VOICE_TYPE",
    "DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER",
    "DEMO_AUDIO_SECONDS",
    "EDITIONS",
    "GENDERS",
    "JOB_STATUSES",
    "MEDIA_STATUS",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
    "SMART_JOB_STATES",
    "SPEECH_FORMATS",
    "SPEECH_TEXT_MAX_CHARACTERS",
    "BackDoor",
    "Demonstration",
    "EditionTypes",
    "EmulatorClock",
    "FaultRules",
    "MediaLibrary",
    "SpeechBackend",
    "VoiceCloningBackend",
    "phase_at",
    "state_at",
]
