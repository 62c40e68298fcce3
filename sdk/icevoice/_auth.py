"""Request signing: Alibaba Cloud signature V3, ``ACS3-HMAC-SHA256``, as an ``httpx.Auth``.

::

    CanonicalRequest = METHOD \\n URI \\n CanonicalQuery \\n CanonicalHeaders \\n SignedHeaders
                       \\n sha256(body)
    StringToSign     = "ACS3-HMAC-SHA256" \\n hex(sha256(CanonicalRequest))
    Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex hmac>

Encoding and canonicalisation follow ``alibabacloud_tea_openapi.utils`` byte for byte:
values percent-encoded as RFC 3986 (``quote(v, safe="~")``: space ``%20``, ``*`` ``%2A``,
``~`` kept), ``name=`` for empty values, header values trimmed, repeated headers joined by
``,`` after sorting. The signed headers are ``host``, ``content-type`` and every ``x-acs-*``.
The auth does no I/O; every pass through :meth:`AcsV3Auth.auth_flow` sets a fresh date and
nonce, so a retried request is a new signature (ICE refuses replayed nonces).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Generator, Iterable, Mapping
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote

import httpx

from ._credentials import Credentials, CredentialsProvider

__all__ = [
    "ALGORITHM",
    "AcsV3Auth",
    "canonical_headers",
    "canonical_query",
    "canonical_request",
    "encode_query",
    "percent_encode",
    "sign_request",
]

ALGORITHM = "ACS3-HMAC-SHA256"


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the official SDK does it (``~`` kept, space as ``%20``)."""
    return quote(value, safe="~", encoding="utf-8")


def encode_query(params: Mapping[str, str]) -> bytes:
    """The query string sent on the wire: sorted, encoded exactly as it is signed."""
    return canonical_query(params.items()).encode("ascii")


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Sorted ``name=value`` pairs joined by ``&``, names and values percent-encoded."""
    items = sorted(pairs, key=lambda kv: kv[0])
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in items)


def _is_signed_header(name: str) -> bool:
    return name in ("host", "content-type") or name.startswith("x-acs-")


def canonical_headers(headers: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """``(CanonicalHeaders, SignedHeaders)`` for the headers that V3 signs."""
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        lower = name.lower()
        if _is_signed_header(lower):
            grouped.setdefault(lower, []).append(value.strip())
    names = sorted(grouped)
    text = "".join(f"{n}:{','.join(sorted(grouped[n]))}\n" for n in names)
    return text, ";".join(names)


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Iterable[tuple[str, str]],
    payload_sha256: str,
) -> tuple[str, str]:
    """``(CanonicalRequest, SignedHeaders)``."""
    header_text, signed = canonical_headers(headers)
    text = "\n".join(
        [method.upper(), path or "/", canonical_query(query), header_text, signed, payload_sha256]
    )
    return text, signed


def _query_pairs(url: httpx.URL) -> list[tuple[str, str]]:
    # Decode the query as the server will (``+`` is a space there), then re-encode canonically.
    return parse_qsl(url.query.decode("ascii"), keep_blank_values=True)


def sign_request(request: httpx.Request, credentials: Credentials, date: str, nonce: str) -> None:
    """Add the V3 signature headers to ``request`` in place, for a given date and nonce."""
    payload = hashlib.sha256(request.content).hexdigest()
    request.headers["x-acs-date"] = date
    request.headers["x-acs-signature-nonce"] = nonce
    request.headers["x-acs-content-sha256"] = payload
    if credentials.security_token:
        # As the official SDK: with STS the key id travels in a header of its own too.
        request.headers["x-acs-accesskey-id"] = credentials.access_key_id
        request.headers["x-acs-security-token"] = credentials.security_token
    else:
        request.headers.pop("x-acs-accesskey-id", None)
        request.headers.pop("x-acs-security-token", None)
    text, signed = canonical_request(
        request.method,
        request.url.path,
        _query_pairs(request.url),
        request.headers.multi_items(),
        payload,
    )
    string_to_sign = f"{ALGORITHM}\n{hashlib.sha256(text.encode('utf-8')).hexdigest()}"
    signature = hmac.new(
        credentials.access_key_secret.encode("utf-8"),
        string_to_sign.encode("utf-8"),
        hashlib.sha256,
    ).hexdigest()
    request.headers["Authorization"] = (
        f"{ALGORITHM} Credential={credentials.access_key_id},"
        f"SignedHeaders={signed},Signature={signature}"
    )


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _new_nonce() -> str:
    return uuid.uuid4().hex


class AcsV3Auth(httpx.Auth):
    """Sign each request with ``ACS3-HMAC-SHA256``.

    ``credentials`` is asked for current keys on every request (so STS keys may rotate).
    ``clock`` and ``nonce`` exist for tests: a fixed date and nonce give a fixed signature.
    """

    requires_request_body = True

    def __init__(
        self,
        credentials: CredentialsProvider,
        *,
        clock: Callable[[], datetime] = _utc_now,
        nonce: Callable[[], str] = _new_nonce,
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self._nonce = nonce

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        credentials = self._credentials.get_credentials()
        date = self._clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        sign_request(request, credentials, date, self._nonce())
        yield request

    def __repr__(self) -> str:
        return f"AcsV3Auth({self._credentials!r})"
