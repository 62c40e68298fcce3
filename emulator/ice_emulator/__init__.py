"""A local emulator of the Alibaba Cloud ICE voice-cloning and text-to-speech API.

    from ice_emulator import EmulatorServer

    with EmulatorServer(data_dir=".ice-emulator", port=0, training_seconds=1.0) as server:
        ...  # point any ICE client at server.url with the default key pair

It speaks ICE's wire protocol (both signature versions, ICE's JSON replies and errors),
keeps its state in SQLite under `data_dir`, and is steered over HTTP under
`/_emulator/` (faults, clock, counters, reset). See emulator/README.md.
"""

from ._emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_COSY_VOICE_TYPE,
    DEFAULT_REGION,
    DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    DEFAULT_TRAINING_SECONDS,
)
from ._server import DEFAULT_DATA_DIR, EmulatorServer

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_SECRET",
    "DEFAULT_COSY_VOICE_TYPE",
    "DEFAULT_DATA_DIR",
    "DEFAULT_REGION",
    "DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER",
    "DEFAULT_TRAINING_SECONDS",
    "EmulatorServer",
]
