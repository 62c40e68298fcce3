"""Signature checks: official vectors, the official SDK's two signers, and raw requests for
what no well-behaved client sends (replays, stale clocks, broken headers, STS tokens)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ice_emulator import EmulatorServer
from ice_emulator._auth import Authenticator, Credentials, SignedRequest
from ice_emulator._exceptions import SignatureDoesNotMatch

from ._raw import RawIce, sign_v2, sign_v3, timestamp
from ._sdk import ice_error, sdk_client

LIST = "ListCustomizedVoiceJobs"


def at(text: str) -> Callable[[], float]:
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    return lambda: moment


def code_of(reply: httpx.Response) -> tuple[int, str]:
    return reply.status_code, reply.json().get("Code", "")


# -- official vectors (ICE_API.md) -----------------------------------------------------------


def test_v3_official_vector() -> None:
    seen: set[str] = set()
    auth = Authenticator(
        Credentials("YourAccessKeyId", "YourAccessKeySecret"),
        lambda nonce, now: nonce not in seen and not seen.add(nonce),  # type: ignore[func-returns-value]
        clock=at("2023-10-26T10:22:32Z"),
    )
    signed = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    headers = {
        "host": ["ecs.cn-shanghai.aliyuncs.com"],
        "x-acs-action": ["RunInstances"],
        "x-acs-version": ["2014-05-26"],
        "x-acs-date": ["2023-10-26T10:22:32Z"],
        "x-acs-signature-nonce": ["3156853299f313e23d1673dc12e1703d"],
        "x-acs-content-sha256": [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ],
    }
    signature = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    query = [
        ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
        ("RegionId", "cn-shanghai"),
    ]

    def request(signature: str) -> SignedRequest:
        authorization = (
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
            f"SignedHeaders={signed},Signature={signature}"
        )
        return SignedRequest(
            "POST", "/", query, [], {**headers, "authorization": [authorization]}, b""
        )

    with pytest.raises(SignatureDoesNotMatch):
        auth.verify(request("0" * 64))
    assert auth.verify(request(signature)) == "v3"


def test_v2_official_vector() -> None:
    auth = Authenticator(
        Credentials("testid", "testsecret"),
        lambda nonce, now: True,
        clock=at("2023-03-13T08:34:30Z"),
    )
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeDedicatedHosts",
        "Format": "JSON",
        "RegionId": "cn-beijing",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "edb2b34af0af9a6d14deaf7c1a5315eb",
        "SignatureVersion": "1.0",
        "Timestamp": "2023-03-13T08:34:30Z",
        "Version": "2014-05-26",
    }
    good = [*params.items(), ("Signature", "9NaGiOspFP5UPcwX8Iwt2YJXXuk=")]
    assert auth.verify(SignedRequest("GET", "/", good, [], {}, b"")) == "v2"
    bad = [*params.items(), ("Signature", "AAAAOspFP5UPcwX8Iwt2YJXXuk=")]
    with pytest.raises(SignatureDoesNotMatch):
        auth.verify(SignedRequest("GET", "/", bad, [], {}, b""))


# -- the official SDK's signers --------------------------------------------------------------


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_wrong_secret_is_signature_does_not_match(
    make_client: Callable[..., Client], algorithm: str | None
) -> None:
    client = make_client(access_key_secret="not-the-secret", signature_algorithm=algorithm)
    error = ice_error(
        lambda: client.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest())
    )
    assert (error.status_code, error.code) == (400, "SignatureDoesNotMatch")


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_unknown_access_key_is_not_found(
    make_client: Callable[..., Client], algorithm: str | None
) -> None:
    client = make_client(access_key_id="someone-else", signature_algorithm=algorithm)
    error = ice_error(
        lambda: client.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest())
    )
    assert (error.status_code, error.code) == (404, "InvalidAccessKeyId.NotFound")


# -- nonces and timestamps -------------------------------------------------------------------


def test_replayed_v3_request_is_refused(raw: RawIce, fresh_emulator: Any) -> None:
    query, headers = sign_v3(
        raw.host,
        "CreateCustomizedVoiceJob",
        {"VoiceId": "once", "Gender": "male", "Scenario": "story"},
    )
    assert raw.send_v3(query, headers).status_code == 200
    assert code_of(raw.send_v3(query, headers)) == (400, "SignatureNonceUsed")
    assert len(fresh_emulator.jobs()) == 1


def test_replayed_v2_request_is_refused(raw: RawIce) -> None:
    params = sign_v2("GET", LIST, {})
    assert raw.http.get(f"{raw.url}/", params=params).status_code == 200
    assert code_of(raw.http.get(f"{raw.url}/", params=params)) == (400, "SignatureNonceUsed")


def test_a_forged_request_does_not_burn_the_nonce(raw: RawIce) -> None:
    query, headers = sign_v3(raw.host, LIST, {}, nonce="shared-nonce-1", access_key_secret="forged")
    assert code_of(raw.send_v3(query, headers)) == (400, "SignatureDoesNotMatch")
    query, headers = sign_v3(raw.host, LIST, {}, nonce="shared-nonce-1")
    assert raw.send_v3(query, headers).status_code == 200


@pytest.mark.parametrize(
    ("offset", "outcome"),
    [
        (timedelta(minutes=-16), (400, "InvalidTimeStamp.Expired")),
        (timedelta(minutes=16), (400, "InvalidTimeStamp.Expired")),
        (timedelta(minutes=-14), (200, "")),
        (timedelta(minutes=14), (200, "")),
    ],
)
def test_timestamps_must_be_within_fifteen_minutes(
    raw: RawIce, offset: timedelta, outcome: tuple[int, str]
) -> None:
    query, headers = sign_v3(raw.host, LIST, {}, date=timestamp(offset))
    assert code_of(raw.send_v3(query, headers)) == outcome
    params = sign_v2("GET", LIST, {}, date=timestamp(offset))
    assert code_of(raw.http.get(f"{raw.url}/", params=params)) == outcome


@pytest.mark.parametrize(
    "date",
    ["2024-13-01T00:00:00Z", "yesterday", "2024-01-01 00:00:00", "2024-01-01T00:00:00+08:00"],
)
def test_malformed_timestamps(raw: RawIce, date: str) -> None:
    query, headers = sign_v3(raw.host, LIST, {}, date=date)
    assert code_of(raw.send_v3(query, headers)) == (400, "InvalidTimeStamp.Format")


# -- broken signatures -----------------------------------------------------------------------


def broken(host: str, change: Callable[[dict[str, str]], None]) -> tuple[str, dict[str, str]]:
    query, headers = sign_v3(host, LIST, {})
    change(headers)
    return query, headers


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda h: h.update(authorization="garbage"), "IncompleteSignature"),
        (lambda h: h.update(authorization="ACS3-HMAC-SHA256 nonsense"), "IncompleteSignature"),
        (
            lambda h: h.update(
                authorization=h["authorization"].replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")
            ),
            "IncompleteSignature",
        ),
        (
            lambda h: h.update(authorization=h["authorization"].split(",Signature=")[0]),
            "IncompleteSignature",
        ),
        (lambda h: h.pop("x-acs-signature-nonce"), "IncompleteSignature"),
        (lambda h: h.pop("x-acs-date"), "IncompleteSignature"),
        (lambda h: h.pop("x-acs-content-sha256"), "IncompleteSignature"),
        (lambda h: h.update({"x-acs-extra": "unsigned"}), "IncompleteSignature"),
        (lambda h: h.update({"x-acs-content-sha256": "0" * 64}), "SignatureDoesNotMatch"),
        (
            lambda h: h.update(authorization=h["authorization"][:-4] + "abcd"),
            "SignatureDoesNotMatch",
        ),
        (lambda h: h.update(authorization=h["authorization"] + "é"), "SignatureDoesNotMatch"),
        (lambda h: h.update(host="other.example.com"), "SignatureDoesNotMatch"),
        (lambda h: h.pop("authorization"), "IncompleteSignature"),
    ],
)
def test_broken_v3_signatures(
    raw: RawIce, change: Callable[[dict[str, str]], None], code: str
) -> None:
    query, headers = broken(raw.host, change)
    encoded = {key: value.encode("utf-8") for key, value in headers.items()}
    reply = raw.http.post(f"{raw.url}/?{query}", headers=encoded)  # type: ignore[arg-type]
    assert code_of(reply) == (400, code), reply.text


def test_tampered_query_does_not_match(raw: RawIce) -> None:
    query, headers = sign_v3(raw.host, LIST, {"PageSize": "10"})
    assert code_of(raw.send_v3(query.replace("10", "20"), headers)) == (
        400,
        "SignatureDoesNotMatch",
    )


@pytest.mark.parametrize("missing", ["SignatureNonce", "Timestamp", "AccessKeyId"])
def test_incomplete_v2_signatures(raw: RawIce, missing: str) -> None:
    params = sign_v2("GET", LIST, {})
    del params[missing]
    assert code_of(raw.http.get(f"{raw.url}/", params=params)) == (400, "IncompleteSignature")


def test_v2_signature_method_must_be_hmac_sha1(raw: RawIce) -> None:
    params = {**sign_v2("GET", LIST, {}), "SignatureMethod": "HMAC-SHA256"}
    assert code_of(raw.http.get(f"{raw.url}/", params=params)) == (400, "IncompleteSignature")


def test_v2_form_body_parameters_are_signed(raw: RawIce, fresh_emulator: Any) -> None:
    params = sign_v2(
        "POST",
        "CreateCustomizedVoiceJob",
        {"VoiceId": "formvoice", "Gender": "male", "Scenario": "story"},
    )
    reply = raw.http.post(f"{raw.url}/", data=params)
    assert reply.status_code == 200, reply.text
    assert [job["VoiceId"] for job in fresh_emulator.jobs()] == ["formvoice"]
    tampered = {
        **sign_v2(
            "POST",
            "CreateCustomizedVoiceJob",
            {"VoiceId": "other", "Gender": "male", "Scenario": "story"},
        ),
        "VoiceId": "evil",
    }
    assert code_of(raw.http.post(f"{raw.url}/", data=tampered)) == (400, "SignatureDoesNotMatch")


# -- STS tokens ------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_sts_token_checks(
    make_client: Callable[..., Client], fresh_emulator: Any, algorithm: str | None
) -> None:
    fresh_emulator.credentials(security_token="sts-token-1")

    def list_with(**config: Any) -> Any:
        client = make_client(signature_algorithm=algorithm, **config)
        return client.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest())

    assert list_with(security_token="sts-token-1").body.success is True
    assert ice_error(lambda: list_with()).code == "MissingSecurityToken"
    assert (
        ice_error(lambda: list_with(security_token="sts-token-2")).code
        == "InvalidSecurityToken.MismatchWithAccessKey"
    )
    fresh_emulator.credentials(security_token_expires_in=-1)
    assert (
        ice_error(lambda: list_with(security_token="sts-token-1")).code
        == "InvalidSecurityToken.Expired"
    )
    fresh_emulator.credentials(security_token=None)
    assert (
        ice_error(lambda: list_with(security_token="sts-token-1")).code
        == "InvalidSecurityToken.MismatchWithAccessKey"
    )
    assert list_with().body.success is True


def test_credentials_can_be_rotated_and_reset_restores_them(
    make_client: Callable[..., Client], fresh_emulator: Any
) -> None:
    shown = fresh_emulator.credentials(
        access_key_id="rotated-id", access_key_secret="rotated-secret"
    )
    assert shown == {
        "access_key_id": "rotated-id",
        "security_token": False,
        "security_token_expires_at": None,
    }
    request = models.ListCustomizedVoiceJobsRequest()
    assert (
        make_client(access_key_id="rotated-id", access_key_secret="rotated-secret")
        .list_customized_voice_jobs(request)
        .body.success
    )
    assert (
        ice_error(lambda: make_client().list_customized_voice_jobs(request)).code
        == "InvalidAccessKeyId.NotFound"
    )
    fresh_emulator.reset()
    assert make_client().list_customized_voice_jobs(request).body.success


def test_server_configured_with_an_sts_token(tmp_path: Path) -> None:
    with EmulatorServer(
        data_dir=tmp_path, access_key_id="STS.abc", access_key_secret="s3cret", security_token="tok"
    ) as server:
        assert "s3cret" not in repr(server) and "tok" not in repr(server)
        request = models.ListCustomizedVoiceJobsRequest()
        good = sdk_client(
            server.url, access_key_id="STS.abc", access_key_secret="s3cret", security_token="tok"
        )
        assert good.list_customized_voice_jobs(request).body.success is True
        bare = sdk_client(server.url, access_key_id="STS.abc", access_key_secret="s3cret")
        assert (
            ice_error(lambda: bare.list_customized_voice_jobs(request)).code
            == "MissingSecurityToken"
        )


def test_auth_errors_are_ice_shaped(raw: RawIce) -> None:
    query, headers = sign_v3(raw.host, LIST, {}, access_key_secret="wrong")
    body = raw.send_v3(query, headers).json()
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["HostId"] == "ice.cn-shanghai.aliyuncs.com"
    assert "wrong" not in str(body)
