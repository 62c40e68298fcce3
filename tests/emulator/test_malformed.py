"""Malformed requests get ICE-shaped 4xx errors: never a 500, never a stack trace, never a
change of state."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from ._raw import ICE_ERROR_KEYS, RawIce, random_request, sign_v2, sign_v3

Send = Callable[[RawIce], httpx.Response]


@pytest.fixture
def staged(fresh_emulator: Any) -> Iterator[list[dict[str, Any]]]:
    """A store with one staged and one submitted voice; yields its jobs, then checks they
    are unchanged."""
    fresh_emulator.clock(3600)
    fresh_emulator.stage(["existing"])
    fresh_emulator.stage(["training"], status="Training")
    before = fresh_emulator.jobs()
    yield before
    assert fresh_emulator.jobs() == before


def signed(action: str, **params: str) -> Send:
    return lambda raw: raw.send_v3(*sign_v3(raw.host, action, params))


def plain(method: str = "POST", path: str = "/", url_suffix: str = "", **kwargs: Any) -> Send:
    """An unsigned request; `url_suffix` is appended to the URL as is (raw query strings)."""
    return lambda raw: raw.http.request(method, f"{raw.url}{path}{url_suffix}", **kwargs)


ACS = {"x-acs-version": "2020-11-09"}
CASES: dict[str, tuple[Send, int, str]] = {
    "no action": (plain(), 400, "MissingParameter"),
    "no action, V2 style": (
        plain("GET", params={"Version": "2020-11-09"}),
        400,
        "MissingParameter",
    ),
    "unknown action": (
        plain(headers={**ACS, "x-acs-action": "DeleteEverything"}),
        404,
        "InvalidAction.NotFound",
    ),
    "unknown V2 action": (
        plain("GET", params={"Action": "RunInstances", "Version": "2020-11-09"}),
        404,
        "InvalidAction.NotFound",
    ),
    "bad version": (
        plain(headers={"x-acs-action": "GetCustomizedVoice", "x-acs-version": "2017-01-01"}),
        400,
        "InvalidVersion",
    ),
    "no version": (plain(headers={"x-acs-action": "GetCustomizedVoice"}), 400, "MissingParameter"),
    "no signature": (
        plain(
            params={"VoiceId": "existing"}, headers={**ACS, "x-acs-action": "GetCustomizedVoice"}
        ),
        400,
        "IncompleteSignature",
    ),
    "garbage Authorization": (
        plain(
            headers={
                **ACS,
                "x-acs-action": "CreateCustomizedVoiceJob",
                "authorization": "Bearer x" * 50,
            }
        ),
        400,
        "IncompleteSignature",
    ),
    "binary Authorization": (
        plain(headers={**ACS, "x-acs-action": "GetCustomizedVoice", "authorization": b"\xff\xfe"}),
        400,
        "IncompleteSignature",
    ),
    "non-numeric PageSize": (
        signed("ListCustomizedVoiceJobs", PageSize="ten"),
        400,
        "InvalidParameter",
    ),
    "float PageSize": (signed("ListCustomizedVoiceJobs", PageSize="1.5"), 400, "InvalidParameter"),
    "empty PageNo": (signed("ListCustomizedVoices", PageNo=" "), 400, "InvalidParameter"),
    "huge PageNo": (signed("ListCustomizedVoiceJobs", PageNo="9" * 30), 400, "InvalidParameter"),
    "non-numeric AudioRecordId": (
        signed(
            "DetectAudioForCustomizedVoiceJob",
            VoiceId="existing",
            AudioRecordId="one",
            RecordUrl="oss://b1/a.wav",
        ),
        400,
        "InvalidParameter",
    ),
    "oversized VoiceName": (
        signed(
            "CreateCustomizedVoiceJob",
            VoiceId="big",
            VoiceName="n" * 1000,
            Gender="male",
            Scenario="story",
        ),
        400,
        "InvalidParameter",
    ),
    "oversized VoiceId": (
        signed("GetCustomizedVoice", VoiceId="v" * 5000),
        400,
        "InvalidParameter",
    ),
    "oversized unknown field": (
        signed("GetCustomizedVoice", VoiceId="existing", Junk="j" * 5000),
        400,
        "InvalidParameter",
    ),
    "oversized body": (
        plain(
            content=b"a=" + b"x" * 70_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        413,
        "RequestTooLarge",
    ),
    "oversized query": (
        plain(params={"Action": "GetCustomizedVoice", "Pad": "x" * 40_000}),
        413,
        "RequestTooLarge",
    ),
    "bad form body": (
        plain(
            content=b"Action=GetCustomizedVoice&VoiceId=%ff%fe",
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        400,
        "InvalidParameter",
    ),
    "bad query encoding": (
        plain(headers=ACS, url_suffix="?VoiceId=%C3%28"),
        400,
        "InvalidParameter",
    ),
    "too many fields": (plain(params={f"F{n}": "1" for n in range(300)}), 400, "InvalidParameter"),
    "PUT": (plain("PUT"), 400, "UnsupportedHTTPMethod"),
    "DELETE": (
        plain("DELETE", params={"Action": "DeleteCustomizedVoiceJob"}),
        400,
        "UnsupportedHTTPMethod",
    ),
    "unknown path": (plain(path="/v1/voices"), 404, "InvalidAction.NotFound"),
    "wrong method on control path": (
        plain("DELETE", path="/_emulator/jobs"),
        400,
        "UnsupportedHTTPMethod",
    ),
    "V2 with tampered value": (
        lambda raw: raw.http.get(
            f"{raw.url}/",
            params={**sign_v2("GET", "DeleteCustomizedVoiceJob", {"JobId": "x"}), "JobId": "y"},
        ),
        400,
        "SignatureDoesNotMatch",
    ),
    "unsigned delete": (
        plain(
            "GET",
            params={"Action": "DeleteCustomizedVoiceJob", "Version": "2020-11-09", "JobId": "x"},
        ),
        400,
        "IncompleteSignature",
    ),
}


def assert_ice_error(reply: httpx.Response, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == ICE_ERROR_KEYS
    assert body["Code"] == code, body
    assert "Traceback" not in reply.text and 'File "' not in reply.text


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_request(raw: RawIce, staged: list[dict[str, Any]], case: str) -> None:
    send, status, code = CASES[case]
    assert_ice_error(send(raw), status, code)


def test_control_api_rejects_bad_json(emulator: Any, staged: list[dict[str, Any]]) -> None:
    for path, body in [
        ("/_emulator/faults", b"{not json"),
        ("/_emulator/faults", b"[1, 2]"),
        ("/_emulator/clock", b'{"training_seconds": -1}'),
        ("/_emulator/clock", b'{"training_seconds": "fast"}'),
        ("/_emulator/stage", b'{"voice_ids": "existing"}'),
        ("/_emulator/stage", b'{"voice_ids": ["bad-id"]}'),
        ("/_emulator/stage", b'{"voice_ids": ["ok"], "status": "Done"}'),
        ("/_emulator/credentials", b'{"access_key_secret": ""}'),
        ("/_emulator/reset", b"\xff"),
    ]:
        reply = httpx.post(f"{emulator.url}{path}", content=body)
        assert reply.status_code == 400, (path, body, reply.text)
        assert set(reply.json()) == {"error"}


def test_random_malformed_requests_never_500(raw: RawIce, staged: list[dict[str, Any]]) -> None:
    rng = random.Random(20201109)
    statuses: dict[int, int] = {}
    for _ in range(300):
        try:
            reply = random_request(rng, raw)
        except (httpx.LocalProtocolError, UnicodeEncodeError):
            continue  # httpx itself refuses to send it
        statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
        assert reply.status_code < 500, reply.text
        if reply.status_code >= 400:
            assert set(reply.json()) == ICE_ERROR_KEYS
    assert sum(count for status, count in statuses.items() if status >= 400) > 100, statuses
