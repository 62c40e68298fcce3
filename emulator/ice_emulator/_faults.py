"""Injected faults and request counters, set and read through /_emulator/.

Faults and counters belong to one server (like a network path to it), not to the data
directory: two emulator processes sharing state each keep their own.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FaultConfig", "FaultConfigError", "Faults", "RequestStats"]


class FaultConfigError(ValueError):
    """A fault configuration that cannot be applied; the message names the key."""


@dataclass(frozen=True)
class FaultConfig:
    """What `POST /_emulator/faults` accepts; every key optional, all off by default.

    Rates are independent probabilities per API request. `actions`, when given, limits the
    rate faults and the latency to those actions. `seed` makes the random draws repeatable.
    `fail_voice_ids` fails training at its end; `consent_mismatch` fails Standard training
    after AudioDetecting, as ICE does when the consent's voiceprint does not match;
    `fail_speech` ends speech jobs in Failed, by their Title or their voice.
    """

    throttle_rate: float = 0.0
    server_error_rate: float = 0.0
    reset_rate: float = 0.0
    reset_after_rate: float = 0.0
    latency_ms: float = 0.0
    qps: float | None = None
    fail_voice_ids: frozenset[str] = frozenset()
    consent_mismatch: frozenset[str] = frozenset()
    fail_speech: frozenset[str] = frozenset()
    reject_records: Mapping[str, str] = field(default_factory=dict)
    actions: frozenset[str] | None = None
    seed: int | None = None

    @classmethod
    def from_json(cls, body: object) -> FaultConfig:
        if not isinstance(body, dict):
            raise FaultConfigError("the body must be a JSON object")
        unknown = sorted(set(body) - set(cls.__dataclass_fields__))
        if unknown:
            raise FaultConfigError(f"unknown fault keys: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name in ("throttle_rate", "server_error_rate", "reset_rate", "reset_after_rate"):
            if body.get(name) is not None:
                values[name] = _number(name, body[name], 0.0, 1.0)
        if body.get("latency_ms") is not None:
            values["latency_ms"] = _number("latency_ms", body["latency_ms"], 0.0, 60_000.0)
        if body.get("qps") is not None:
            values["qps"] = _number("qps", body["qps"], 0.001, 1e9)
        for name in ("fail_voice_ids", "consent_mismatch", "fail_speech"):
            if body.get(name) is not None:
                values[name] = frozenset(_strings(name, body[name]))
        if body.get("actions") is not None:
            values["actions"] = frozenset(_strings("actions", body["actions"]))
        if body.get("reject_records") is not None:
            records = body["reject_records"]
            if not isinstance(records, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in records.items()
            ):
                raise FaultConfigError("reject_records must map record URLs to reasons (strings)")
            values["reject_records"] = dict(records)
        if body.get("seed") is not None:
            if not isinstance(body["seed"], int) or isinstance(body["seed"], bool):
                raise FaultConfigError("seed must be an integer")
            values["seed"] = body["seed"]
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {
            "throttle_rate": self.throttle_rate,
            "server_error_rate": self.server_error_rate,
            "reset_rate": self.reset_rate,
            "reset_after_rate": self.reset_after_rate,
            "latency_ms": self.latency_ms,
            "qps": self.qps,
            "fail_voice_ids": sorted(self.fail_voice_ids),
            "consent_mismatch": sorted(self.consent_mismatch),
            "fail_speech": sorted(self.fail_speech),
            "reject_records": dict(self.reject_records),
            "actions": None if self.actions is None else sorted(self.actions),
            "seed": self.seed,
        }


def _number(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise FaultConfigError(f"{name} must be a number between {low:g} and {high:g}")
    return float(value)


def _strings(name: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FaultConfigError(f"{name} must be a list of strings")
    return value


class Faults:
    """The active fault configuration and its random draws; thread-safe."""

    # What a request draws, in the order it is drawn.
    RESET = "reset"
    THROTTLE = "throttle"
    SERVER_ERROR = "server_error"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.config = FaultConfig()
        self._random = random.Random()
        self._admitted: deque[float] = deque()

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self.config = config
            self._random = random.Random(config.seed)
            self._admitted.clear()

    # -- per request -------------------------------------------------------------------

    def applies_to(self, action: str) -> bool:
        actions = self.config.actions
        return actions is None or action in actions

    def latency_seconds(self, action: str) -> float:
        config = self.config
        return config.latency_ms / 1000.0 if config.latency_ms and self.applies_to(action) else 0.0

    def draw(self, action: str) -> str | None:
        """The fault this request suffers before it is handled, if any."""
        config = self.config
        if not self.applies_to(action):
            return None
        with self._lock:
            for fault, rate in (
                (self.RESET, config.reset_rate),
                (self.THROTTLE, config.throttle_rate),
                (self.SERVER_ERROR, config.server_error_rate),
            ):
                if rate and self._random.random() < rate:
                    return fault
        return None

    def draw_reset_after(self, action: str) -> bool:
        """Whether to drop the connection after the action took effect (an ambiguous result)."""
        rate = self.config.reset_after_rate
        if not rate or not self.applies_to(action):
            return False
        with self._lock:
            return self._random.random() < rate

    def admit(self) -> bool:
        """Count a request against `qps`; False when it exceeds the limit (Throttling.User).

        A sliding one-second window over admitted requests: at most `qps` in any second.
        """
        qps = self.config.qps
        if qps is None:
            return True
        now = self._clock()
        with self._lock:
            window = self._admitted
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= qps:
                return False
            window.append(now)
            return True

    # -- FaultRules for the backend ----------------------------------------------------

    def fails(self, voice_id: str, voice_name: str | None) -> bool:
        ids = self.config.fail_voice_ids
        return voice_id in ids or (voice_name is not None and voice_name in ids)

    def rejects_consent(self, consent_media_id: str | None, voice_name: str | None) -> bool:
        names = self.config.consent_mismatch
        return any(value is not None and value in names for value in (consent_media_id, voice_name))

    def fails_speech(self, title: str, voice: str) -> bool:
        names = self.config.fail_speech
        return title in names or voice in names

    def record_rejection(self, record_url: str) -> str | None:
        return self.config.reject_records.get(record_url)


class RequestStats:
    """API requests received since the last reset: by action, throttled, peak per second."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self.total = 0
            self.throttled = 0
            self.by_action: dict[str, int] = {}
            self.max_per_second = 0
            self._recent: deque[float] = deque()

    def received(self) -> None:
        now = self._clock()
        with self._lock:
            self.total += 1
            recent = self._recent
            recent.append(now)
            while recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) > self.max_per_second:
                self.max_per_second = len(recent)

    def named(self, action: str) -> None:
        with self._lock:
            self.by_action[action] = self.by_action.get(action, 0) + 1

    def was_throttled(self) -> None:
        with self._lock:
            self.throttled += 1

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "total": self.total,
                "by_action": dict(sorted(self.by_action.items())),
                "throttled": self.throttled,
                "max_per_second": self.max_per_second,
            }
