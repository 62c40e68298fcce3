"""ICE's voice-cloning vocabulary: the values and limits its actions accept.

The emulator keeps its own copy on purpose: it shares no code with `icevoice` or the
provider, so it checks them instead of agreeing with them. Job statuses live with the
state machine, in `states`.
"""

from __future__ import annotations

__all__ = [
    "COSY_VOICE_LIMIT",
    "COSY_VOICE_MODELS",
    "GENDERS",
    "JOB_TYPES",
    "MAX_PAGE_SIZE",
    "RECORDS_PER_VOICE",
    "SCENARIOS",
]

JOB_TYPES = ("Basic", "Standard", "CosyVoice")
GENDERS = ("female", "male")
SCENARIOS = ("story", "interaction", "navigation")
COSY_VOICE_MODELS = (
    "cosyvoice-v3-plus",
    "cosyvoice-v3-flash",
    "cosyvoice-v3.5-plus",
    "cosyvoice-v3.5-flash",
)
COSY_VOICE_LIMIT = 30
RECORDS_PER_VOICE = 20
MAX_PAGE_SIZE = 100
