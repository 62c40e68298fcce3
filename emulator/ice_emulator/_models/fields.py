"""Field rules: each checks one request parameter and returns its value as the rules use it.

A rule raises MissingParameter or InvalidParameter naming the field, the way ICE does.
The README's "Field rules" lists them for users. Callers check fields in the order of
the action's parameters, so the first bad one is the one reported.
"""

from __future__ import annotations

import json
import re

from .._exceptions import InvalidParameter, MissingParameter
from .vocabulary import MAX_PAGE_SIZE, RECORDS_PER_VOICE

__all__ = [
    "boolean",
    "choice",
    "is_media_id",
    "json_object",
    "media_id",
    "media_ids",
    "optional_choice",
    "optional_media_id",
    "optional_oss_url",
    "optional_text",
    "optional_utf8",
    "oss_object_key",
    "oss_url",
    "page",
    "record_id",
    "reference_id",
    "required",
    "voice_id",
    "voice_ref",
]

_VOICE_ID = re.compile(r"[A-Za-z0-9]{1,32}")
# Voice ids ICE assigns (CosyVoice: "Voice-...") are not bound by the basic-voice rule.
_VOICE_REF = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_REFERENCE_ID = re.compile(r"[A-Za-z0-9_-]{6,64}")
_BUCKET = r"(?P<bucket>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])"
_OSS_SCHEME_URL = re.compile(rf"oss://{_BUCKET}/(?P<key>[^?#]+)(?:\?[^#]*)?")
_OSS_HTTP_URL = re.compile(
    rf"https?://{_BUCKET}\.oss-(?P<region>[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com"
    r"/(?P<key>[^?#]+)(?:\?[^#]*)?"
)


def required(name: str, value: str | None) -> str:
    if value is None or value == "":
        raise MissingParameter(name=name)
    return value


def voice_id(value: str | None) -> str:
    """A VoiceId the caller chooses (basic edition): 1-32 letters and digits."""
    value = required("VoiceId", value)
    if not _VOICE_ID.fullmatch(value):
        raise InvalidParameter(name="VoiceId", reason="use 1-32 letters and digits.")
    return value


def voice_ref(value: str | None) -> str:
    """A VoiceId to look up: a basic one, or one ICE assigned (e.g. `Voice-...`)."""
    value = required("VoiceId", value)
    if not _VOICE_REF.fullmatch(value):
        raise InvalidParameter(
            name="VoiceId", reason="a voice id is 1-64 letters, digits, '-' or '_'."
        )
    return value


def choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str:
    value = required(name, value)
    if value not in allowed:
        raise InvalidParameter(name=name, reason=f"must be one of {', '.join(allowed)}.")
    return value


def optional_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    return None if value is None or value == "" else choice(name, value, allowed)


def optional_text(name: str, value: str | None, limit: int) -> str | None:
    if value is not None and len(value) > limit:
        raise InvalidParameter(name=name, reason=f"at most {limit} characters.")
    return value or None


def optional_utf8(name: str, value: str | None, limit: int) -> str | None:
    """Optional text limited in UTF-8 bytes (as ICE limits media fields), not characters."""
    if value is not None and len(value.encode("utf-8")) > limit:
        raise InvalidParameter(name=name, reason=f"at most {limit} bytes in UTF-8.")
    return value or None


def json_object(name: str, value: str | None, limit: int) -> str | None:
    """Optional JSON object text of at most `limit` UTF-8 bytes (UserData)."""
    value = optional_utf8(name, value, limit)
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise InvalidParameter(name=name, reason="must be a JSON object.")
    return value


def boolean(name: str, value: str | None, default: bool) -> bool:
    """`true`/`false` in any case (the official Python SDK sends `True`/`False`)."""
    if value is None or value == "":
        return default
    if value.lower() not in ("true", "false"):
        raise InvalidParameter(name=name, reason="must be true or false.")
    return value.lower() == "true"


def reference_id(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _REFERENCE_ID.fullmatch(value):
        raise InvalidParameter(name="ReferenceId", reason="use 6-64 letters, digits, '-' or '_'.")
    return value


def record_id(value: int | None) -> int:
    if value is None:
        raise MissingParameter(name="AudioRecordId")
    if not 1 <= value <= RECORDS_PER_VOICE:
        raise InvalidParameter(
            name="AudioRecordId", reason=f"must be between 1 and {RECORDS_PER_VOICE}."
        )
    return value


def oss_url(name: str, value: str | None, region: str | None = None) -> str:
    """An OSS object URL: oss://bucket/key or http(s)://bucket.oss-<region>.aliyuncs.com/key,
    either with an optional query string. With `region`, an http(s) URL must name it."""
    value = required(name, value)
    if _OSS_SCHEME_URL.fullmatch(value):
        return value
    match = _OSS_HTTP_URL.fullmatch(value)
    if match is None:
        raise InvalidParameter(
            name=name,
            reason=(
                "must be an OSS object URL: oss://bucket/key or "
                "https://bucket.oss-<region>.aliyuncs.com/key."
            ),
        )
    if region is not None and match.group("region") != region:
        raise InvalidParameter(
            name=name, reason=f"the OSS bucket must be in the service region {region}."
        )
    return value


def oss_object_key(url: str) -> str:
    """`oss://bucket/key` of a URL `oss_url` accepted: one name for an object in either form."""
    match = _OSS_SCHEME_URL.fullmatch(url) or _OSS_HTTP_URL.fullmatch(url)
    assert match is not None, url
    return f"oss://{match.group('bucket')}/{match.group('key')}"


def optional_oss_url(name: str, value: str | None) -> str | None:
    return None if value is None or value == "" else oss_url(name, value)


def is_media_id(value: str) -> bool:
    return _MEDIA_ID.fullmatch(value) is not None


def media_id(name: str, value: str | None) -> str:
    value = required(name, value)
    if not is_media_id(value):
        raise InvalidParameter(name=name, reason="a media id is 1-64 letters, digits, '-' or '_'.")
    return value


def optional_media_id(name: str, value: str | None) -> str | None:
    # Unlike other optional fields, an empty value is refused: it names no media.
    if value is not None and not is_media_id(value):
        raise InvalidParameter(name=name, reason="a media id is 1-64 letters, digits, '-' or '_'.")
    return value


def media_ids(name: str, value: str | None, at_most: int) -> list[str]:
    ids = [part.strip() for part in required(name, value).split(",")]
    if len(ids) > at_most:
        raise InvalidParameter(
            name=name, reason=f"at most {at_most} media id{'s' if at_most > 1 else ''}."
        )
    if not all(is_media_id(media_id) for media_id in ids):
        raise InvalidParameter(
            name=name, reason="media ids are 1-64 letters, digits, '-' or '_', separated by commas."
        )
    twice = next((media_id for media_id in ids if ids.count(media_id) > 1), None)
    if twice is not None:
        raise InvalidParameter(name=name, reason=f'media "{twice}" is listed twice.')
    return ids


def page(page_no: int | None, page_size: int | None) -> tuple[int, int]:
    """(offset, limit) of a page; PageNo from 1, PageSize 1-100, 10 when not given."""
    page_no = 1 if page_no is None else page_no
    page_size = 10 if page_size is None else page_size
    if page_no < 1:
        raise InvalidParameter(name="PageNo", reason="must be 1 or more.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidParameter(name="PageSize", reason=f"must be between 1 and {MAX_PAGE_SIZE}.")
    return (page_no - 1) * page_size, page_size
