"""State and rules of the voice-cloning service, moto's `models` split by concern. No HTTP.

    vocabulary      ICE's accepted values and limits (genders, scenarios, models, quotas)
    fields          field rules: one check per request parameter, ICE's error for each
    states          the job state machine: statuses, training phases, the training clock
    demonstrations  the demonstration texts per scenario
    media           MediaLibrary: registered media, demo audio, the audio voices train on
    editions        the Type each edition reports (CosyVoice's configurable), Standard's
                    duration rules
    backend         VoiceCloningBackend: ICE's actions and rules over the store
    backdoor        BackDoor: what tests may do that ICE cannot (stage, clock, reset)

Demo audio is written by `.._wav`; state is kept by `.._store`.
"""

from .backdoor import BackDoor
from .backend import FaultRules, VoiceCloningBackend
from .demonstrations import Demonstration
from .editions import COSY_VOICE_TYPE_PATTERN, EditionTypes
from .media import DEFAULT_AUDIO_SECONDS, DEMO_AUDIO_SECONDS, MEDIA_STATUS, MediaLibrary
from .states import JOB_STATUSES, phase_at
from .vocabulary import (
    COSY_VOICE_LIMIT,
    COSY_VOICE_MODELS,
    DEFAULT_COSY_VOICE_TYPE,
    EDITIONS,
    GENDERS,
    RECORDS_PER_VOICE,
    SCENARIOS,
)

__all__ = [
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "COSY_VOICE_TYPE_PATTERN",
    "DEFAULT_AUDIO_SECONDS",
    "DEFAULT_COSY_VOICE_TYPE",
    "DEMO_AUDIO_SECONDS",
    "EDITIONS",
    "GENDERS",
    "JOB_STATUSES",
    "MEDIA_STATUS",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
    "BackDoor",
    "Demonstration",
    "EditionTypes",
    "FaultRules",
    "MediaLibrary",
    "VoiceCloningBackend",
    "phase_at",
]
