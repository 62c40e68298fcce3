"""The wire format of ICE's RPC API, both ways, for ``IceClient``.

Requests: wire parameters from keyword arguments (checked first, each failure naming the
argument). Answers: the JSON body, ICE's error envelope turned into the typed errors of
``_errors`` (server text scrubbed of secrets), and ``Data`` validated into the models of
``_models``. No I/O here: ``_client`` sends, retries and paces.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._credentials import REDACTED
from ._errors import (
    ApiError,
    AuthenticationError,
    InvalidArgumentError,
    NotFoundError,
    ServerError,
    ThrottlingError,
)
from ._models import ApiResult, IceResult, MediaInfo
from ._validation import check_choice, check_id, check_int, check_optional_text
from ._vocabulary import REFERENCE_ID_PATTERN, VOICE_TYPES

__all__ = [
    "Body",
    "api_error",
    "api_error_class",
    "api_result",
    "as_dict",
    "checked_reference_id",
    "data_of",
    "first_error_location",
    "json_body",
    "json_text",
    "page_params",
    "parse_media_info",
    "parse_model",
    "positive_seconds",
    "put_optional",
    "request_id_of",
    "scrub",
    "seconds_or_none",
    "split_timeout",
]

_R = TypeVar("_R", bound=IceResult)
#: A JSON object as ICE sends it.
Body = dict[str, Any]


# -- request parameters --------------------------------------------------------------------


def split_timeout(value: httpx.Timeout | float) -> tuple[float, float]:
    """(connect, read) seconds of an httpx.Timeout, or of one number for both."""
    if isinstance(value, httpx.Timeout):
        return positive_seconds("timeout.connect", value.connect), positive_seconds(
            "timeout.read", value.read
        )
    seconds = positive_seconds("timeout", value)
    return seconds, seconds


def positive_seconds(argument: str, value: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidArgumentError(argument, f"must be a number of seconds > 0, got {value!r}")
    return float(value)


def put_optional(
    params: dict[str, str],
    wire: str,
    argument: str,
    value: object,
    *,
    max_bytes: int | None = None,
) -> None:
    text = check_optional_text(argument, value, max_bytes=max_bytes)
    if text is not None:
        params[wire] = text


def json_text(value: object) -> object:
    """A mapping as compact JSON text; anything else as given (checked as text)."""
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"))
    return value


def checked_reference_id(value: object) -> str:
    text = check_id("reference_id", value)
    if not REFERENCE_ID_PATTERN.fullmatch(text):
        raise InvalidArgumentError("reference_id", "must be 6-64 letters, digits, '-' or '_'")
    return text


def page_params(page_no: int, page_size: int, voice_type: str | None) -> dict[str, str]:
    params = {
        "PageNo": str(check_int("page_no", page_no, minimum=1)),
        "PageSize": str(check_int("page_size", page_size, minimum=1, maximum=100)),
    }
    if voice_type is not None:
        params["Type"] = check_choice("type", voice_type, VOICE_TYPES)
    return params


# -- answers -------------------------------------------------------------------------------


def json_body(response: httpx.Response) -> Body | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def request_id_of(response: httpx.Response, body: Mapping[str, Any] | None) -> str | None:
    value = (body or {}).get("RequestId") or response.headers.get("x-acs-request-id")
    return str(value) if value else None


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Remove secrets from server-provided text (error messages may echo a string-to-sign)."""
    for secret in secrets:
        once = quote(secret, safe="")
        for variant in (secret, once, quote(once, safe="")):
            text = text.replace(variant, REDACTED)
    return text


def api_error(
    action: str,
    response: httpx.Response,
    body: Body | None,
    secrets: tuple[str, ...],
) -> ApiError:
    status = response.status_code
    if body is None:
        code = f"HTTP{status}" if not 200 <= status < 300 else "InvalidResponse"
        snippet = response.text[:200].strip() or response.reason_phrase or "no body"
        message = f"non-JSON answer: {snippet}"
    else:
        code = str(body.get("Code") or f"HTTP{status}")
        message = str(body.get("Message") or response.reason_phrase or "")
    recommend = body.get("Recommend") if body else None
    cls = api_error_class(status, code)
    return cls(
        action=action,
        status_code=status,
        code=code,
        message=scrub(message, secrets),
        request_id=request_id_of(response, body),
        recommend=str(recommend) if recommend else None,
    )


def first_error_location(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    return ".".join(str(part) for part in errors[0]["loc"]) if errors else "?"


def data_of(body: Mapping[str, Any], *path: str) -> Body:
    """``body["Data"][path...]`` as a dict; {} when absent."""
    node: Any = body.get("Data")
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return dict(node) if isinstance(node, dict) else {}


def parse_model(cls: type[_R], payload: Body, body: Mapping[str, Any], **defaults: Any) -> _R:
    """Validate ``payload`` into ``cls`` with the body's request id; ``defaults`` fill
    fields that are absent or null on the wire."""
    merged: Body = dict(payload)
    for key, value in defaults.items():
        if merged.get(key) is None:
            merged[key] = value
    merged["RequestId"] = body.get("RequestId")
    return cls.model_validate(merged)


def api_result(body: Body) -> ApiResult:
    return parse_model(ApiResult, {"Success": body.get("Success")}, body)


def parse_media_info(body: Body, media_id: str | None) -> MediaInfo:
    """GetMediaInfo's nested ``MediaInfo``, flattened: basic info and the first file."""
    info = as_dict(body.get("MediaInfo"))
    basic = as_dict(info.get("MediaBasicInfo"))
    files = info.get("FileInfoList")
    first = as_dict(files[0]) if isinstance(files, list) and files else {}
    file_basic = as_dict(first.get("FileBasicInfo"))
    streams = first.get("AudioStreamInfoList")
    stream = as_dict(streams[0]) if isinstance(streams, list) and streams else {}
    payload = {
        "MediaId": info.get("MediaId") or basic.get("MediaId") or media_id,
        "FileUrl": file_basic.get("FileUrl"),
        "InputURL": basic.get("InputURL"),
        "MediaType": basic.get("MediaType"),
        "Status": basic.get("Status"),
        "Title": basic.get("Title"),
        "Duration": seconds_or_none(file_basic.get("Duration"), stream.get("Duration")),
    }
    return parse_model(MediaInfo, payload, body)


def as_dict(value: object) -> Body:
    return dict(value) if isinstance(value, dict) else {}


def seconds_or_none(*candidates: object) -> float | None:
    """The first candidate that reads as a number of seconds (ICE sends ``"75.000"``)."""
    for raw in candidates:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            continue
        try:
            seconds = float(raw)
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


# Codes that say "your credentials or signature are wrong": retrying cannot help.
_AUTH_CODES = frozenset(
    {
        "IncompleteSignature",
        "SignatureDoesNotMatch",
        "SignatureNonceUsed",
        "MissingSecurityToken",
        "InvalidAuthorization",
        "Forbidden",
        "NoPermission",
    }
)
_AUTH_PREFIXES = (
    "InvalidTimeStamp.",
    "InvalidAccessKeyId",
    "InvalidSecurityToken",
    "Forbidden.",
    "SignatureDoesNotMatch.",
    "IncompleteSignature.",
)
_SERVER_CODES = frozenset({"InternalError", "ServiceUnavailable", "InternalServerError"})


def api_error_class(status_code: int, code: str) -> type[ApiError]:
    """The :class:`ApiError` subclass for an HTTP status and an ICE error code.

    Order matters: ``InvalidAccessKeyId.NotFound`` is an authentication error, not a
    missing resource, and ``Throttling`` answered with 503 is throttling, not a server fault.
    """
    if code == "Throttling" or code.startswith("Throttling.") or status_code == 429:
        return ThrottlingError
    if code in _AUTH_CODES or code.startswith(_AUTH_PREFIXES) or status_code in (401, 403):
        return AuthenticationError
    if status_code == 404 or "NotFound" in code or "NotExist" in code:
        return NotFoundError
    if status_code >= 500 or code in _SERVER_CODES:
        return ServerError
    return ApiError
