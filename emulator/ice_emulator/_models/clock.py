"""The emulator's clock: the wall clock, plus however far tests have moved it forward.

Jobs (training, speech) and the one-year horizon of the speech reads run on it; request
signatures and nonces keep the wall clock, so a moved clock never makes a request
"expired". The offset is kept in the store, like the training time, so every process
on a data directory agrees on the time. Time only moves forward; a reset brings the
offset back to 0.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .._store import Store

__all__ = ["EmulatorClock"]

_SETTING = "clock_offset_seconds"


class EmulatorClock:
    """`clock()` is the emulator's time in seconds since the epoch."""

    def __init__(self, store: Store, wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.wall = wall

    def __call__(self) -> float:
        return self.wall() + self.offset_seconds

    @property
    def offset_seconds(self) -> float:
        """How far ahead of the wall clock the emulator's time is."""
        value = self.store.get_setting(_SETTING)
        return 0.0 if value is None else float(value)

    def advance(self, seconds: float) -> None:
        """Move the emulator's time `seconds` forward (a finite number >= 0)."""
        if not (seconds >= 0 and math.isfinite(seconds)):
            raise ValueError("the clock only moves forward: seconds must be a finite number >= 0")
        self.store.set_setting(_SETTING, repr(self.offset_seconds + float(seconds)))

    def reset(self) -> None:
        self.store.set_setting(_SETTING, "0.0")
