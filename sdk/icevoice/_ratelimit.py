"""Client-side request pacing shared by clients and threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ._errors import InvalidArgumentError

__all__ = ["AdaptiveRateLimiter", "RateLimiter"]


@runtime_checkable
class RateLimiter(Protocol):
    """What :class:`IceClient` calls around every attempt, retries included.

    ``acquire()`` blocks until a request may be sent; ``on_response(throttled)`` reports
    whether ICE answered with throttling. Implementations must be thread-safe.
    """

    def acquire(self) -> None: ...

    def on_response(self, throttled: bool) -> None: ...


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidArgumentError(name, f"must be a number > 0, got {value!r}")
    return float(value)


class AdaptiveRateLimiter:
    """At most ``max_per_second`` requests a second, slowing down when ICE throttles (AIMD).

    Requests are spaced ``1/rate`` seconds apart (no bursts after idle time), so any
    one-second window sees at most ``rate`` of them. A throttled answer halves the rate
    (at most once per ``decrease_cooldown`` seconds, since the requests already in flight
    when the quota tripped all come back throttled), down to ``min_per_second``; every
    other answer adds ``increase_per_success`` back, up to ``max_per_second``.

    Thread-safe: waiting happens outside the lock, each caller on its own reserved slot.
    ``clock`` (monotonic seconds) and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        max_per_second: float,
        *,
        min_per_second: float | None = None,
        increase_per_success: float | None = None,
        decrease_factor: float = 0.5,
        decrease_cooldown: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._max = _positive("max_per_second", max_per_second)
        self._min = (
            self._max / 32
            if min_per_second is None
            else _positive("min_per_second", min_per_second)
        )
        if self._min > self._max:
            raise InvalidArgumentError("min_per_second", "must not exceed max_per_second")
        self._increase = (
            self._max / 20
            if increase_per_success is None
            else _positive("increase_per_success", increase_per_success)
        )
        factor = _positive("decrease_factor", decrease_factor)
        if factor >= 1:
            raise InvalidArgumentError("decrease_factor", "must be below 1")
        self._factor = factor
        if isinstance(decrease_cooldown, bool) or not isinstance(decrease_cooldown, (int, float)):
            raise InvalidArgumentError("decrease_cooldown", "must be a number of seconds")
        if decrease_cooldown < 0:
            raise InvalidArgumentError("decrease_cooldown", "must be >= 0")
        self._cooldown = float(decrease_cooldown)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rate = self._max
        self._next_slot = clock()
        self._last_decrease: float | None = None

    @property
    def max_per_second(self) -> float:
        """The ceiling given at construction."""
        return self._max

    @property
    def rate(self) -> float:
        """The rate currently allowed, in requests per second."""
        with self._lock:
            return self._rate

    def acquire(self) -> None:
        """Block until this caller's slot comes up."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self._rate
        wait = slot - now
        if wait > 0:
            self._sleep(wait)

    def on_response(self, throttled: bool) -> None:
        """Adapt the rate to ICE's last answer."""
        with self._lock:
            if not throttled:
                self._rate = min(self._max, self._rate + self._increase)
                return
            now = self._clock()
            if self._last_decrease is not None and now - self._last_decrease < self._cooldown:
                return
            self._last_decrease = now
            self._rate = max(self._min, self._rate * self._factor)
            # Give the quota a full slot at the lower rate before the next request.
            self._next_slot = max(self._next_slot, now + 1.0 / self._rate)

    def __repr__(self) -> str:
        return f"AdaptiveRateLimiter(max_per_second={self._max:g}, rate={self.rate:g})"
