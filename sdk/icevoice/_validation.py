"""Argument checks run before any request; each failure names the snake_case argument.

The rules are ICE's documented field rules, so a bad value fails here, at once and with
a clear message, instead of as a ``InvalidParameter`` after a round trip (and a retry budget).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ._errors import InvalidArgumentError
from ._vocabulary import VOICE_ID_PATTERN

__all__ = [
    "check_bool",
    "check_choice",
    "check_id",
    "check_int",
    "check_media_ids",
    "check_optional_text",
    "check_text",
    "check_voice_id",
]


def check_text(
    argument: str,
    value: object,
    *,
    max_length: int | None = None,
    max_bytes: int | None = None,
) -> str:
    """A non-empty string of at most ``max_length`` characters and ``max_bytes`` bytes of
    UTF-8 (ICE limits media fields in bytes)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(argument, f"must be a string, got {type(value).__name__}")
    if not value.strip():
        raise InvalidArgumentError(argument, "must not be empty")
    if max_length is not None and len(value) > max_length:
        raise InvalidArgumentError(
            argument, f"must be at most {max_length} characters, got {len(value)}"
        )
    size = len(value.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise InvalidArgumentError(
            argument, f"must be at most {max_bytes} bytes in UTF-8, got {size}"
        )
    return value


def check_optional_text(
    argument: str,
    value: object,
    *,
    max_length: int | None = None,
    max_bytes: int | None = None,
) -> str | None:
    """None, or what :func:`check_text` accepts."""
    if value is None:
        return None
    return check_text(argument, value, max_length=max_length, max_bytes=max_bytes)


def check_id(argument: str, value: object) -> str:
    """A non-empty identifier (job id, media id) without surrounding whitespace."""
    text = check_text(argument, value)
    if text != text.strip():
        raise InvalidArgumentError(argument, "must not start or end with whitespace")
    return text


def check_voice_id(value: object, argument: str = "voice_id") -> str:
    """ICE's voice id rule: 1 to 32 ASCII letters and digits."""
    text = check_text(argument, value)
    if not VOICE_ID_PATTERN.fullmatch(text):
        if len(text) > 32:
            raise InvalidArgumentError(argument, f"must be at most 32 characters, got {len(text)}")
        raise InvalidArgumentError(argument, f"must contain only letters and digits, got {text!r}")
    return text


def check_choice(argument: str, value: object, choices: Collection[str]) -> str:
    """One of ``choices`` exactly (case-sensitive, as ICE compares them)."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidArgumentError(argument, f"must be one of {', '.join(choices)}, got {value!r}")
    return value


def check_bool(argument: str, value: object) -> bool:
    """A ``bool`` (not 0 or 1, not a string)."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(argument, f"must be True or False, got {value!r}")
    return value


def check_int(argument: str, value: object, *, minimum: int, maximum: int | None = None) -> int:
    """An ``int`` (not a bool, not a float) in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(argument, f"must be an integer, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise InvalidArgumentError(argument, f"must be in {bounds}, got {value}")
    return value


def check_media_ids(argument: str, value: object, *, exactly: int | None = None) -> str:
    """A list of media ids, sent comma-separated as ICE expects."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InvalidArgumentError(argument, "must be a list of media ids")
    if not value:
        raise InvalidArgumentError(argument, "must not be empty")
    if exactly is not None and len(value) != exactly:
        raise InvalidArgumentError(
            argument, f"must hold exactly {exactly} media id(s), got {len(value)}"
        )
    ids = [check_id(argument, item) for item in value]
    if any("," in item for item in ids):
        raise InvalidArgumentError(argument, "media ids must not contain commas")
    return ",".join(ids)
