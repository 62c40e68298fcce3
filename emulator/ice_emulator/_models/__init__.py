"""State and rules of the voice-cloning service, moto's `models` split by concern. No HTTP.

    vocabulary      ICE's accepted values and limits (genders, scenarios, models, quotas)
    fields          field rules: one check per request parameter, ICE's error for each
    states          the job state machine: statuses, training phases, the training clock
    demonstrations  the demonstration texts per scenario
    backend         VoiceCloningBackend: ICE's actions and rules over the store
    backdoor        BackDoor: what tests may do that ICE cannot (stage, clock, reset)

Demo audio is written by `.._wav`; state is kept by `.._store`.
"""

from .backdoor import BackDoor
from .backend import DEMO_AUDIO_SECONDS, FaultRules, VoiceCloningBackend
from .demonstrations import Demonstration
from .states import JOB_STATUSES, phase_at
from .vocabulary import (
    COSY_VOICE_LIMIT,
    COSY_VOICE_MODELS,
    GENDERS,
    JOB_TYPES,
    RECORDS_PER_VOICE,
    SCENARIOS,
)

__all__ = [
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "DEMO_AUDIO_SECONDS",
    "GENDERS",
    "JOB_STATUSES",
    "JOB_TYPES",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
    "BackDoor",
    "Demonstration",
    "FaultRules",
    "VoiceCloningBackend",
    "phase_at",
]
