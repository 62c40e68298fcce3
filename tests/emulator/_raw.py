"""Raw signed ICE requests for what the official SDK will not send: replays, stale or
malformed signatures, hand-picked nonces. A small signer written from ICE's published
algorithm, independent of the emulator's code (the SDK-driven tests check the emulator
against the official signer)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import string
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

VERSION = "2020-11-09"
ICE_ERROR_KEYS = {"RequestId", "HostId", "Code", "Message", "Recommend"}
"""The fields of every ICE error body."""


def _pe(text: str) -> str:
    return quote(text, safe="~")


def timestamp(offset: timedelta = timedelta(0)) -> str:
    return (datetime.now(timezone.utc) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_v3(
    host: str,
    action: str,
    params: dict[str, str],
    *,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
    date: str | None = None,
    nonce: str | None = None,
    security_token: str | None = None,
    body: bytes = b"",
    content_type: str | None = None,
) -> tuple[str, dict[str, str]]:
    """(query string, headers) of a `POST /` signed with ACS3-HMAC-SHA256."""
    query = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": VERSION,
        "x-acs-date": date or timestamp(),
        "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
    }
    if security_token is not None:
        headers["x-acs-security-token"] = security_token
    if content_type is not None:
        headers["content-type"] = content_type
    names = sorted(headers)
    canonical = "\n".join(
        [
            "POST",
            "/",
            query,
            "".join(f"{n}:{headers[n]}\n" for n in names),
            ";".join(names),
            headers["x-acs-content-sha256"],
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(access_key_secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"ACS3-HMAC-SHA256 Credential={access_key_id},"
        f"SignedHeaders={';'.join(names)},Signature={signature}"
    )
    return query, headers


def sign_v2(
    method: str,
    action: str,
    params: dict[str, str],
    *,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
    date: str | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """All query parameters of a V2 (HMAC-SHA1) RPC request, Signature included."""
    signed = {
        **params,
        "Action": action,
        "Version": VERSION,
        "Format": "JSON",
        "AccessKeyId": access_key_id,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "Timestamp": date or timestamp(),
    }
    canonical = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(signed.items()))
    to_sign = f"{method}&%2F&{_pe(canonical)}"
    digest = hmac.new(f"{access_key_secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return {**signed, "Signature": base64.b64encode(digest).decode()}


class RawIce:
    """Signed requests over httpx to one emulator."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.host = url.split("://", 1)[1]
        self.http = httpx.Client(timeout=10.0)

    def close(self) -> None:
        self.http.close()

    def send_v3(self, query: str, headers: dict[str, str], body: bytes = b"") -> httpx.Response:
        return self.http.post(f"{self.url}/?{query}", headers=headers, content=body)

    def call(self, action: str, **params: Any) -> httpx.Response:
        query, headers = sign_v3(self.host, action, {k: str(v) for k, v in params.items()})
        return self.send_v3(query, headers)


def random_request(rng: random.Random, raw: RawIce) -> httpx.Response:
    """A request made of plausible and implausible pieces."""
    # Submit is left out: a well-formed one for the staged voice would rightly change state.
    actions = [
        "GetCustomizedVoice",
        "CreateCustomizedVoiceJob",
        "DeleteCustomizedVoiceJob",
        "ListCustomizedVoices",
        "Nope",
        "",
    ]
    names = [
        "VoiceId",
        "JobId",
        "PageSize",
        "PageNo",
        "Type",
        "Gender",
        "Scenario",
        "AudioRecordId",
        "RecordUrl",
        "Audios",
        "Model",
        "Signature",
        "Timestamp",
    ]
    alphabet = string.printable + "éü中\x00\u2028"

    def junk() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 5, 40, 300])))

    params = {
        rng.choice(names): rng.choice(["existing", "training", "-1", "0", "101", junk()])
        for _ in range(rng.randint(0, 5))
    }
    action = rng.choice(actions)
    style = rng.random()
    if style < 0.35:
        query, headers = sign_v3(raw.host, action, params)
        if rng.random() < 0.5:
            key = rng.choice(list(headers))
            headers[key] = junk().encode("utf-8", "replace").decode("latin-1")
        return raw.http.post(f"{raw.url}/?{query}", headers=headers)
    if style < 0.6:
        v2 = sign_v2(rng.choice(["GET", "POST"]), action, params)
        if rng.random() < 0.5:
            v2[rng.choice(list(v2))] = junk()
        return raw.http.get(f"{raw.url}/", params=v2)
    body = bytes(rng.randrange(256) for _ in range(rng.choice([0, 10, 500])))
    headers = {
        "x-acs-action": action,
        "x-acs-version": rng.choice(["2020-11-09", junk()]),
        "content-type": rng.choice(
            ["application/x-www-form-urlencoded", "application/json", junk()]
        ),
    }
    headers = {
        key: value.encode("utf-8", "replace").decode("latin-1") for key, value in headers.items()
    }
    return raw.http.request(
        rng.choice(["GET", "POST", "PUT", "PATCH"]),
        f"{raw.url}/",
        params=params,
        headers=headers,
        content=body,
    )
