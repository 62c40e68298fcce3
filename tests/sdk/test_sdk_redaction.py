"""No secret in any exception text, repr or log line: scan everything a user can see."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest

import icevoice
from icevoice import IceClient
from icevoice._auth import AcsV3Auth
from tests.sdk.icevoice_fakes import (
    ACCESS_KEY_ID,
    ACCESS_KEY_SECRET,
    SECURITY_TOKEN,
    FakeIce,
    error,
)

SECRETS = (
    ACCESS_KEY_SECRET,
    SECURITY_TOKEN,
    quote(ACCESS_KEY_SECRET, safe=""),
    quote(SECURITY_TOKEN, safe=""),
)


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"secret leaked into: {text[:300]!r}"


def _echoing_server(request: httpx.Request) -> httpx.Response:
    # A signature error whose message echoes what it computed, token included, as V2 servers do.
    token = request.headers["x-acs-security-token"]
    return error(
        400,
        "SignatureDoesNotMatch",
        message=(
            f"Specified signature is not matched with our calculation. server string to sign is: "
            f"POST&%2F&SecurityToken%3D{quote(quote(token, safe=''), safe='')} token={token} "
            f"secret={ACCESS_KEY_SECRET} encoded={quote(ACCESS_KEY_SECRET, safe='')}"
        ),
    )


def test_nothing_a_user_sees_contains_a_secret(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: icevoice, httpx, httpcore
    client = make_client(security_token=SECURITY_TOKEN)
    seen: list[str] = [repr(client), str(client)]
    scenarios: list[tuple[list[object], Callable[[IceClient], object]]] = [
        ([_echoing_server], lambda c: c.get_customized_voice(voice_id="v")),
        (
            [httpx.ConnectError(f"refused while sending secret={ACCESS_KEY_SECRET}")],
            lambda c: c.get_customized_voice_job(job_id="j"),
        ),
        (
            [httpx.ReadTimeout(f"token {SECURITY_TOKEN} timed out")],
            lambda c: c.create_customized_voice_job(
                voice_id="v", voice_name="n", gender="male", scenario="story"
            ),
        ),
        (
            [error(500, "InternalError", message=f"oops {SECURITY_TOKEN}")],
            lambda c: c.submit_customized_voice_job(voice_id="v"),
        ),
        (
            [httpx.Response(502, text=f"<html>{ACCESS_KEY_SECRET}</html>")],
            lambda c: c.list_customized_voices(),
        ),
        (
            [error(400, "Throttling", message=f"slow down {ACCESS_KEY_SECRET}")],
            lambda c: c.list_customized_voice_jobs(),
        ),
    ]
    for answers, call in scenarios:
        fake_ice.answers = list(answers)
        with pytest.raises(icevoice.IceError) as info:
            call(client)
        exc = info.value
        seen += [str(exc), repr(exc)]
        if isinstance(exc, icevoice.ApiError):
            seen += [exc.message, "".join(traceback.format_exception(exc))]
        cause = exc.__cause__
        if isinstance(cause, icevoice.IceError):
            seen += [str(cause), repr(cause)]
    assert len(fake_ice.requests) > len(scenarios)  # the retried ones were attempted again
    seen += [record.getMessage() for record in caplog.records]
    assert any("GetCustomizedVoice attempt=1" in line for line in seen)
    for text in seen:
        _assert_clean(text)


def test_reprs_of_credential_holders_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    creds = icevoice.Credentials(ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET)
    texts = [
        repr(creds),
        str(creds),
        f"{creds}",
        repr([creds]),
        repr(icevoice.DefaultCredentialsChain()),
        repr(icevoice.EnvironmentCredentials()),
        repr(AcsV3Auth(creds)),
        repr(IceClient(access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET)),
        repr(icevoice.DefaultCredentialsChain().get_credentials()),
    ]
    assert ACCESS_KEY_ID in texts[0]  # the id is not a secret and helps debugging
    for text in texts:
        _assert_clean(text)


def test_missing_credential_messages_do_not_echo_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET)
    with pytest.raises(icevoice.MissingCredentialsError) as info:
        icevoice.EnvironmentCredentials().get_credentials()
    assert info.value.argument == "access_key_id"
    _assert_clean(str(info.value))
    with pytest.raises(icevoice.MissingCredentialsError) as info:
        IceClient(access_key_secret=ACCESS_KEY_SECRET, security_token=SECURITY_TOKEN)
    _assert_clean(str(info.value))
