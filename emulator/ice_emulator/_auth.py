"""Request authentication: ACS3-HMAC-SHA256 (V3) and HMAC-SHA1 RPC (V2) signatures.

The checks and their order, for both versions: the signature parts are present and
well formed (IncompleteSignature), the timestamp parses (InvalidTimeStamp.Format), the
access key is ours (InvalidAccessKeyId.NotFound), the timestamp is within 15 minutes of
the server clock (InvalidTimeStamp.Expired), the signature matches (SignatureDoesNotMatch),
the STS token fits the configured one (MissingSecurityToken, InvalidSecurityToken.*), and
last, so that a forged request cannot burn a nonce, the nonce is new (SignatureNonceUsed).
Nonces are remembered in the store, so a replay is caught across restarts and processes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

from ._exceptions import (
    IncompleteSignature,
    InvalidAccessKeyIdNotFound,
    InvalidSecurityTokenExpired,
    InvalidSecurityTokenMismatch,
    InvalidTimeStampExpired,
    InvalidTimeStampFormat,
    MissingSecurityToken,
    SignatureDoesNotMatch,
    SignatureNonceUsed,
)

__all__ = ["TIMESTAMP_WINDOW_SECONDS", "Authenticator", "Credentials", "SignedRequest"]

TIMESTAMP_WINDOW_SECONDS = 15 * 60
_V3_ALGORITHM = "ACS3-HMAC-SHA256"
_MAX_NONCE_LENGTH = 256
_TIMESTAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z")
_V2_REQUIRED = ("AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp")


@dataclass(frozen=True)
class Credentials:
    """The key pair (and optional STS token) the emulator accepts. Secrets stay out of repr."""

    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)
    security_token_expires_at: float | None = None  # epoch seconds; None = never


@dataclass(frozen=True)
class SignedRequest:
    """What authentication needs of an HTTP request: headers by lowercase name."""

    method: str
    path: str
    query: Sequence[tuple[str, str]]
    body_params: Sequence[tuple[str, str]]
    headers: Mapping[str, Sequence[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name)
        return values[0] if values else None


def _same(a: str, b: str) -> bool:
    """Constant-time comparison of two strings of any characters."""
    return hmac.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )


def _percent(text: str) -> str:
    # RFC 3986: unreserved characters stay, everything else (space, '*', '/') is %XX.
    return quote(text, safe="~")


def parse_timestamp(value: str) -> float:
    """Seconds since the epoch of a `yyyy-MM-ddTHH:mm:ssZ` UTC timestamp."""
    match = _TIMESTAMP.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        # datetime() rejects out-of-range fields (month 13, second 61).
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc).timestamp()
    except ValueError:
        raise InvalidTimeStampFormat(value=value[:64]) from None


class Authenticator:
    """Verifies a request's signature against the current credentials."""

    def __init__(
        self,
        credentials: Credentials,
        remember_nonce: Callable[[str, float], bool],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.credentials = credentials
        self._remember_nonce = remember_nonce
        self._clock = clock

    def verify(self, request: SignedRequest) -> str:
        """Raise the ICE error a real endpoint would, or return "v3" / "v2"."""
        authorization = request.header("authorization")
        if authorization is not None:
            self._verify_v3(request, authorization)
            return "v3"
        if any(key == "Signature" for key, _ in (*request.query, *request.body_params)):
            self._verify_v2(request)
            return "v2"
        raise IncompleteSignature(reason="no Authorization header and no Signature parameter.")

    # -- V3 ----------------------------------------------------------------------------

    def _verify_v3(self, request: SignedRequest, authorization: str) -> None:
        algorithm, _, rest = authorization.strip().partition(" ")
        if algorithm != _V3_ALGORITHM:
            raise IncompleteSignature(
                reason=f"the Authorization header must start with {_V3_ALGORITHM}."
            )
        parts: dict[str, str] = {}
        for item in rest.split(","):
            name, sep, value = item.strip().partition("=")
            if not sep:
                raise IncompleteSignature(
                    reason="Authorization must be Credential=...,SignedHeaders=...,Signature=...."
                )
            parts[name] = value
        access_key_id, signed_names, signature = (
            parts.get("Credential"),
            parts.get("SignedHeaders"),
            parts.get("Signature"),
        )
        if not access_key_id or not signed_names or not signature:
            raise IncompleteSignature(
                reason="Authorization needs Credential, SignedHeaders and Signature."
            )
        date = self._required_header(request, "x-acs-date")
        nonce = self._required_header(request, "x-acs-signature-nonce")
        payload_hash = self._required_header(request, "x-acs-content-sha256")
        signed = signed_names.split(";")
        unsigned = {
            key for key in request.headers if key == "host" or key.startswith("x-acs-")
        } - set(signed)
        if unsigned:
            raise IncompleteSignature(
                reason=f"SignedHeaders must include {', '.join(sorted(unsigned))}."
            )
        credentials = self._check_key_and_time(access_key_id, date, nonce)
        if not _same(payload_hash.lower(), hashlib.sha256(request.body).hexdigest()):
            raise SignatureDoesNotMatch()
        canonical = "\n".join(
            (
                request.method,
                request.path or "/",
                "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(request.query)),
                "".join(f"{name}:{self._header_values(request, name)}\n" for name in signed),
                signed_names,
                payload_hash,
            )
        )
        string_to_sign = f"{_V3_ALGORITHM}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"
        expected = hmac.new(
            credentials.access_key_secret.encode("utf-8"),
            string_to_sign.encode("utf-8"),
            hashlib.sha256,
        ).hexdigest()
        if not _same(expected, signature.lower()):
            raise SignatureDoesNotMatch()
        self._check_token(credentials, request.header("x-acs-security-token"))
        self._check_nonce(nonce)

    @staticmethod
    def _required_header(request: SignedRequest, name: str) -> str:
        value = request.header(name)
        if not value:
            raise IncompleteSignature(reason=f"the {name} header is required.")
        return value

    @staticmethod
    def _header_values(request: SignedRequest, name: str) -> str:
        values = request.headers.get(name, ())
        return (
            values[0].strip()
            if len(values) == 1
            else ",".join(sorted(value.strip() for value in values))
        )

    # -- V2 ----------------------------------------------------------------------------

    def _verify_v2(self, request: SignedRequest) -> None:
        params = dict(request.query)
        params.update(request.body_params)
        signature = params.pop("Signature")
        missing = [name for name in _V2_REQUIRED if not params.get(name)]
        if missing:
            raise IncompleteSignature(
                reason=(
                    f"the {', '.join(missing)} "
                    f"parameter{'s are' if len(missing) > 1 else ' is'} required."
                )
            )
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            raise IncompleteSignature(
                reason="V2 signatures use SignatureMethod=HMAC-SHA1 and SignatureVersion=1.0."
            )
        credentials = self._check_key_and_time(
            params["AccessKeyId"], params["Timestamp"], params["SignatureNonce"]
        )
        canonical = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
        string_to_sign = f"{request.method}&{_percent('/')}&{_percent(canonical)}"
        digest = hmac.new(
            f"{credentials.access_key_secret}&".encode(),
            string_to_sign.encode("utf-8"),
            hashlib.sha1,
        ).digest()
        if not _same(base64.b64encode(digest).decode("ascii"), signature):
            raise SignatureDoesNotMatch()
        self._check_token(credentials, params.get("SecurityToken"))
        self._check_nonce(params["SignatureNonce"])

    # -- shared ------------------------------------------------------------------------

    def _check_key_and_time(self, access_key_id: str, timestamp: str, nonce: str) -> Credentials:
        if len(nonce) > _MAX_NONCE_LENGTH:
            raise IncompleteSignature(
                reason=f"the signature nonce is longer than {_MAX_NONCE_LENGTH} characters."
            )
        signed_at = parse_timestamp(timestamp)
        credentials = self.credentials
        if not _same(access_key_id, credentials.access_key_id):
            raise InvalidAccessKeyIdNotFound()
        if abs(self._clock() - signed_at) > TIMESTAMP_WINDOW_SECONDS:
            raise InvalidTimeStampExpired()
        return credentials

    def _check_token(self, credentials: Credentials, token: str | None) -> None:
        expected = credentials.security_token
        if expected is None:
            if token:
                raise InvalidSecurityTokenMismatch()
            return
        if not token:
            raise MissingSecurityToken()
        if not _same(token, expected):
            raise InvalidSecurityTokenMismatch()
        expires_at = credentials.security_token_expires_at
        if expires_at is not None and self._clock() >= expires_at:
            raise InvalidSecurityTokenExpired()

    def _check_nonce(self, nonce: str) -> None:
        if not self._remember_nonce(nonce, self._clock()):
            raise SignatureNonceUsed()
