"""When to try a request again, and how long to wait.

Retried: :class:`ThrottlingError`, :class:`ServerError` (5xx, ``InternalError``,
``ServiceUnavailable``) and transport failures (connect errors, timeouts, dropped
connections). Everything else ICE answers (signature, key, token, nonce, timestamp,
``Forbidden.*``, ``InvalidParameter``, other 4xx) is final.

Non-idempotent actions (create and submit) are retried only when the request provably never
reached ICE: the connection could not be made, or ICE answered ``Throttling``. After a
possible delivery (read timeout, connection dropped after sending, 5xx) the outcome is
:data:`Decision.AMBIGUOUS`, which the client raises as :class:`AmbiguousResultError`.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ._errors import (
    ApiError,
    InvalidArgumentError,
    ServerError,
    ThrottlingError,
    TransportError,
)

__all__ = ["Decision", "RetryPolicy", "decide", "never_sent", "retryable"]


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter, within a total deadline.

    The wait before attempt ``n + 1`` is ``uniform(0, min(max_delay, base_delay * 2**(n-1)))``.
    No wait begins that would end more than ``deadline`` seconds after the first attempt
    started, and each attempt's connect/read timeouts are cut to the time left, so a call
    gives up about ``deadline`` seconds in; at most ``max_attempts`` attempts are made.
    ``sleep``, ``clock`` (monotonic seconds) and ``random`` (uniform in [0, 1)) are
    injectable so tests run without waiting.
    """

    max_attempts: int = 6
    base_delay: float = 0.2
    max_delay: float = 10.0
    deadline: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts < 1
        ):
            raise InvalidArgumentError("max_attempts", "must be an integer >= 1")
        for name in ("base_delay", "max_delay", "deadline"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise InvalidArgumentError(name, "must be a number >= 0")
        if self.deadline <= 0:
            raise InvalidArgumentError("deadline", "must be > 0 seconds")

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that makes exactly one attempt."""
        return cls(max_attempts=1)

    def backoff(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failed attempts (full jitter)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** max(failures - 1, 0))
        return self.random() * ceiling


class Decision(enum.Enum):
    """What the client does with a failed attempt."""

    RETRY = "retry"
    RAISE = "raise"
    AMBIGUOUS = "ambiguous"


# httpx errors raised before a single byte of the request could reach ICE, where another
# try may work (the host was unreachable or busy).
_NEVER_SENT_RETRYABLE: tuple[type[httpx.HTTPError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)
# Raised before sending too, but a retry would fail the same way.
_NEVER_SENT_FINAL: tuple[type[httpx.HTTPError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)
# The network failed during the exchange: the request may have been delivered.
_MAYBE_SENT_RETRYABLE: tuple[type[httpx.HTTPError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def never_sent(cause: BaseException | None) -> bool:
    """Whether a transport failure certainly happened before the request was sent."""
    return isinstance(cause, _NEVER_SENT_RETRYABLE + _NEVER_SENT_FINAL)


def decide(error: BaseException, *, idempotent: bool) -> Decision:
    """The fate of an attempt that failed with ``error``, before budget checks."""
    if isinstance(error, ThrottlingError):
        return Decision.RETRY
    if isinstance(error, ServerError):
        return Decision.RETRY if idempotent else Decision.AMBIGUOUS
    if isinstance(error, ApiError):
        # A 2xx whose body could not be read: ICE did the work, we cannot tell the result.
        delivered = 200 <= error.status_code < 300
        return Decision.AMBIGUOUS if delivered and not idempotent else Decision.RAISE
    if isinstance(error, TransportError):
        return _decide_transport(error.__cause__, idempotent=idempotent)
    return Decision.RAISE


def retryable(error: BaseException, *, idempotent: bool = True) -> bool:
    """Whether another try of the request that failed with ``error`` may succeed: the one
    answer to "is this error final?" for the client and for whoever calls it again later."""
    return decide(error, idempotent=idempotent) is Decision.RETRY


def _decide_transport(cause: BaseException | None, *, idempotent: bool) -> Decision:
    if isinstance(cause, _NEVER_SENT_RETRYABLE):
        return Decision.RETRY
    if isinstance(cause, _NEVER_SENT_FINAL):
        return Decision.RAISE
    if isinstance(cause, _MAYBE_SENT_RETRYABLE):
        return Decision.RETRY if idempotent else Decision.AMBIGUOUS
    # Anything else (undecodable body, redirects) happened after ICE got the request.
    return Decision.RAISE if idempotent else Decision.AMBIGUOUS
