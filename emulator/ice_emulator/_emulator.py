"""One emulator's parts wired together: store, backend, back door, signatures, faults, counters."""

from __future__ import annotations

from pathlib import Path

from ._auth import Authenticator, Credentials
from ._faults import FaultConfig, Faults, RequestStats
from ._models import (
    DEFAULT_COSY_VOICE_TYPE,
    DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    BackDoor,
    EmulatorClock,
    SpeechBackend,
    VoiceCloningBackend,
)
from ._responses import IceResponses
from ._store import Store

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_SECRET",
    "DEFAULT_COSY_VOICE_TYPE",
    "DEFAULT_REGION",
    "DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER",
    "DEFAULT_TRAINING_SECONDS",
    "Emulator",
]

DEFAULT_ACCESS_KEY_ID = "ice-emulator-access-key"
DEFAULT_ACCESS_KEY_SECRET = "ice-emulator-secret"  # a documented, public key pair
DEFAULT_REGION = "cn-shanghai"
DEFAULT_TRAINING_SECONDS = 3.0


class Emulator:
    """The state behind one server: durable (store) and per server (faults, counters)."""

    def __init__(
        self,
        data_dir: Path,
        credentials: Credentials,
        region: str = DEFAULT_REGION,
        training_seconds: float = DEFAULT_TRAINING_SECONDS,
        cosy_voice_type: str = DEFAULT_COSY_VOICE_TYPE,
        synthesis_seconds_per_character: float = DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.region = region
        self.initial_credentials = credentials
        self.store = Store(data_dir)
        self.faults = Faults()
        self.stats = RequestStats()
        # Jobs run on the emulator's clock (tests may move it forward); signatures do not.
        self.clock = EmulatorClock(self.store)
        self.backend = VoiceCloningBackend(
            self.store,
            data_dir / "media",
            region,
            self.faults,
            training_seconds,
            clock=self.clock,
            cosy_voice_type=cosy_voice_type,
        )
        self.speech = SpeechBackend(
            self.store,
            self.backend.media,
            self.backend,
            self.faults,
            region,
            data_dir / "oss",
            clock=self.clock,
        )
        self.speech.seconds_per_character = synthesis_seconds_per_character
        self.back_door = BackDoor(self.backend, self.speech, self.clock)
        self.responses = IceResponses(self.backend, self.speech)
        self.authenticator = Authenticator(credentials, self.store.remember_nonce)

    def reset(self, counters_only: bool = False) -> None:
        """Clear the counters; unless `counters_only`, also every voice, job, media, fault and
        credential change."""
        self.stats.clear()
        if counters_only:
            return
        self.faults.configure(FaultConfig())
        self.authenticator.credentials = self.initial_credentials
        self.back_door.reset()

    def close(self) -> None:
        self.store.close()
