"""Sending a request that must take effect once: a voice's create, a job's submit.

The client never repeats these itself (a repeat after a lost answer could create or start
twice). When one fails, the provider asks ICE what happened (`look`): if the request took
effect, its effect is the result; if ICE shows it did not and the failure left the outcome
unknown (an AmbiguousResultError: a timeout, a dropped connection, a 5xx), the request is
sent again, at most RESEND_ATTEMPTS times in all. ICE itself refuses a second create of a
voice id and a submit of a job that is training, so a resend can never make two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from icevoice import AmbiguousResultError, ApiError

from .errors import NoAnswer

__all__ = ["RESEND_ATTEMPTS", "NotTaken", "named", "send_once"]

#: How many times a request is sent in all while answers are lost and ICE shows no effect.
RESEND_ATTEMPTS = 5

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class NotTaken:
    """What `look` answers when ICE shows the request did not take effect."""

    seen: str
    """What ICE shows instead, in words: "no job for it", "job J still Initialization"."""


def send_once(
    send: Callable[[], T],
    look: Callable[[Exception], R | NotTaken],
    *,
    action: str,
    voice_id: str,
    say: Callable[[str], None],
) -> T | R:
    """``send()``; after a failure, ``look(error)`` at ICE: its answer when the request
    took effect (look may raise instead, to end with an error), or NotTaken to send again."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return send()
        except (AmbiguousResultError, ApiError) as exc:
            seen = look(exc)
            if not isinstance(seen, NotTaken):
                return seen
            if not isinstance(exc, AmbiguousResultError):
                raise  # ICE answered: its error stands
            if attempt >= RESEND_ATTEMPTS:
                _give_up(exc, action, voice_id, attempt, seen.seen)
            say(f"voice {voice_id}: {seen.seen} after {named(exc)}; sending {action} again")


def _give_up(exc: Exception, action: str, voice_id: str, attempts: int, seen: str) -> NoReturn:
    raise NoAnswer(action, voice_id, attempts, seen) from exc


def named(exc: Exception) -> str:
    """The error and what lay under it: 'AmbiguousResultError (ReadTimeout)'."""
    root: BaseException = exc
    while root.__cause__ is not None:  # TransportError wraps httpx's; name what happened
        root = root.__cause__
    if root is exc:
        return type(exc).__name__
    code = f" {root.code}" if isinstance(root, ApiError) else ""
    return f"{type(exc).__name__} ({type(root).__name__}{code})"
