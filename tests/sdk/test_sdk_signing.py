"""ACS3-HMAC-SHA256: the official vector, and parity with the official SDK's signer."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from icevoice import Credentials, IceClient
from icevoice._auth import AcsV3Auth, canonical_query, canonical_request, encode_query, sign_request
from tests.sdk.icevoice_fakes import ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN, FakeIce

official_utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
from darabonba.request import DaraRequest  # noqa: E402  (after the importorskip guard)

FIXED_DATE = datetime(2024, 5, 17, 8, 30, 15, tzinfo=timezone.utc)
FIXED_NONCE = "0c6d2a1f8e5b4c3d9a7f6e5d4c3b2a19"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def test_official_v3_example_vector() -> None:
    # ICE_API.md: Alibaba's own worked example for signature V3.
    request = httpx.Request(
        "POST",
        "https://ecs.cn-shanghai.aliyuncs.com/"
        "?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        content=b"",
        headers={"x-acs-action": "RunInstances", "x-acs-version": "2014-05-26"},
    )
    sign_request(
        request,
        Credentials("YourAccessKeyId", "YourAccessKeySecret"),
        "2023-10-26T10:22:32Z",
        "3156853299f313e23d1673dc12e1703d",
    )
    text, signed = canonical_request(
        "POST",
        "/",
        parse_qsl(request.url.query.decode()),
        request.headers.multi_items(),
        request.headers["x-acs-content-sha256"],
    )
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    )
    assert (
        signed
        == "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    )
    assert request.headers["Authorization"] == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
        "x-acs-signature-nonce;x-acs-version,"
        "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


def test_canonical_query_encoding_rules() -> None:
    assert canonical_query([("b", "x y"), ("a", "*~"), ("c", "")]) == "a=%2A~&b=x%20y&c="
    assert canonical_query([("K", "a+b/c=d&e")]) == "K=a%2Bb%2Fc%3Dd%26e"
    assert canonical_query([("K", "声音")]) == "K=%E5%A3%B0%E9%9F%B3"
    # The wire query is the canonical query: what is signed is what is sent.
    assert encode_query({"B": "x y", "A": "*"}) == b"A=%2A&B=x%20y"


def _official_authorization(request: httpx.Request, credentials: Credentials) -> str:
    """Sign ``request``'s method, query and V3 headers with the official SDK's function."""
    dara = DaraRequest()
    dara.method = request.method
    dara.pathname = request.url.path
    dara.query = dict(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True))
    dara.headers = {
        name: value
        for name, value in request.headers.items()
        if name in ("host", "content-type") or name.startswith("x-acs-")
    }
    result: str = official_utils.Utils.get_authorization(
        dara,
        "ACS3-HMAC-SHA256",
        request.headers["x-acs-content-sha256"],
        credentials.access_key_id,
        credentials.access_key_secret,
    )
    return result


# Each case: (action, query params, credentials). Varied on purpose: unicode, spaces, '*',
# '~', reserved characters, empty values, long values, STS tokens, different hosts.
STATIC = Credentials(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
STS = Credentials(ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)
PARITY_CASES: list[tuple[str, str, dict[str, str], Credentials]] = [
    (
        "ice.cn-shanghai.aliyuncs.com",
        "GetDemonstrationForCustomizedVoiceJob",
        {"Scenario": "story"},
        STATIC,
    ),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "CreateCustomizedVoiceJob",
        {"VoiceId": "xiaoyun01", "VoiceName": "小云", "Gender": "female", "Scenario": "story"},
        STATIC,
    ),
    (
        "ice.cn-beijing.aliyuncs.com",
        "CreateCustomizedVoiceJob",
        {
            "VoiceId": "a1",
            "VoiceName": "name with spaces",
            "VoiceDesc": "温柔 的 女声 ~ *star*",
            "Gender": "male",
            "Scenario": "interaction",
        },
        STS,
    ),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "DetectAudioForCustomizedVoiceJob",
        {
            "VoiceId": "v",
            "AudioRecordId": "7",
            "RecordUrl": "https://bucket.oss-cn-shanghai.aliyuncs.com/rec/07 take~2.wav?x=1&y=a+b",
        },
        STATIC,
    ),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "SubmitCustomizedVoiceJob",
        {"VoiceId": "v", "DemoAudioMediaURL": "https://b.oss-cn-shanghai.aliyuncs.com/demo.wav"},
        STS,
    ),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "GetCustomizedVoiceJob",
        {"JobId": "****cdb3e74639973036bc84****"},
        STATIC,
    ),
    ("ice.cn-hangzhou.aliyuncs.com", "GetCustomizedVoice", {"VoiceId": "xiaoyun"}, STATIC),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "UpdateCustomizedVoice",
        {"VoiceId": "v", "DemoAudioMediaId": "****571c704445f9a0ee011406c2****"},
        STS,
    ),
    (
        "ice.cn-shanghai.aliyuncs.com",
        "ListCustomizedVoices",
        {"PageNo": "1", "PageSize": "100", "Type": ""},
        STATIC,
    ),
    (
        "ice.ap-southeast-1.aliyuncs.com",
        "ListCustomizedVoiceJobs",
        {"PageNo": "3", "PageSize": "10"},
        STATIC,
    ),
    ("ice.cn-shanghai.aliyuncs.com", "DeleteCustomizedVoiceJob", {"JobId": ""}, STATIC),
    (
        "ice.cn-shenzhen.aliyuncs.com",
        "SubmitStandardCustomizedVoiceJob",
        {
            "VoiceName": "播音员 A",
            "Gender": "female",
            "Audios": "m1,m2,m3",
            "Authentication": "consent-media",
            "DemoAudioMediaURL": "",
        },
        STS,
    ),
    (
        "ice.us-west-1.aliyuncs.com",
        "SubmitCosyVoiceCustomizedVoiceJob",
        {
            "VoiceName": "Zoë ~ Ünïcode",
            "Gender": "male",
            "Audios": "media-1",
            "Model": "cosyvoice-v3.5-flash",
        },
        STATIC,
    ),
    ("127.0.0.1:18080", "GetMediaInfo", {"MediaId": "!'()*;:@&=+$,/?#[] %"}, STATIC),
    ("ice.cn-shanghai.aliyuncs.com", "GetCustomizedVoiceJob", {}, STATIC),
]


@pytest.mark.parametrize(("host", "action", "params", "credentials"), PARITY_CASES)
def test_signature_matches_official_sdk(
    host: str, action: str, params: dict[str, str], credentials: Credentials
) -> None:
    request = httpx.Request(
        "POST",
        httpx.URL(f"https://{host}/").copy_with(query=encode_query(params) or None),
        content=b"",
        headers={"x-acs-action": action, "x-acs-version": "2020-11-09"},
    )
    auth = AcsV3Auth(credentials, clock=lambda: FIXED_DATE, nonce=lambda: FIXED_NONCE)
    signed = next(auth.auth_flow(request))

    assert signed.headers["x-acs-date"] == "2024-05-17T08:30:15Z"
    assert signed.headers["x-acs-signature-nonce"] == FIXED_NONCE
    assert signed.headers["x-acs-content-sha256"] == EMPTY_SHA256
    assert signed.headers["Authorization"] == _official_authorization(signed, credentials)
    # The official decoding of our wire query gives back exactly the parameters.
    assert dict(parse_qsl(signed.url.query.decode(), keep_blank_values=True)) == params


def test_signature_matches_official_sdk_for_a_json_body_with_content_type() -> None:
    # Not used by the voice actions, but content-type is a signed header: prove we sign it alike.
    request = httpx.Request(
        "POST",
        "https://ice.cn-shanghai.aliyuncs.com/?A=1",
        content=b'{"k": "v"}',
        headers={
            "x-acs-action": "X",
            "x-acs-version": "2020-11-09",
            "content-type": "application/json; charset=utf-8",
        },
    )
    signed = next(
        AcsV3Auth(STS, clock=lambda: FIXED_DATE, nonce=lambda: FIXED_NONCE).auth_flow(request)
    )
    assert "content-type" in signed.headers["Authorization"]
    assert signed.headers["x-acs-content-sha256"] == hashlib.sha256(b'{"k": "v"}').hexdigest()
    assert signed.headers["Authorization"] == _official_authorization(signed, STS)


def test_auth_flow_signs_each_pass_with_a_fresh_date_and_nonce() -> None:
    nonces = iter(["n1", "n2"])
    dates = iter([FIXED_DATE, FIXED_DATE.replace(second=16)])
    auth = AcsV3Auth(STATIC, clock=lambda: next(dates), nonce=lambda: next(nonces))
    request = httpx.Request("POST", "https://ice.cn-shanghai.aliyuncs.com/?A=1", content=b"")
    first = next(auth.auth_flow(request)).headers["Authorization"]
    assert request.headers["x-acs-signature-nonce"] == "n1"
    second = next(auth.auth_flow(request)).headers["Authorization"]
    assert request.headers["x-acs-signature-nonce"] == "n2"
    assert request.headers["x-acs-date"] == "2024-05-17T08:30:16Z"
    assert first != second


def test_sts_token_is_sent_and_signed_and_dropped_without_sts() -> None:
    request = httpx.Request("POST", "https://ice.cn-shanghai.aliyuncs.com/", content=b"")
    sign_request(request, STS, "2024-01-01T00:00:00Z", "n")
    assert request.headers["x-acs-security-token"] == SECURITY_TOKEN
    assert request.headers["x-acs-accesskey-id"] == ACCESS_KEY_ID
    assert "x-acs-security-token" in request.headers["Authorization"]
    sign_request(request, STATIC, "2024-01-01T00:00:00Z", "n")
    assert "x-acs-security-token" not in request.headers
    assert "x-acs-security-token" not in request.headers["Authorization"]


def test_default_nonces_are_unique_and_dates_are_utc() -> None:
    auth = AcsV3Auth(STATIC)
    seen = set()
    for _ in range(50):
        request = httpx.Request("POST", "https://ice.cn-shanghai.aliyuncs.com/", content=b"")
        next(auth.auth_flow(request))
        seen.add(request.headers["x-acs-signature-nonce"])
        assert request.headers["x-acs-date"].endswith("Z")
        datetime.strptime(request.headers["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ")
    assert len(seen) == 50


def test_every_request_the_client_sends_verifies_with_the_official_signer(
    fake_ice: FakeIce,
) -> None:
    # End to end: whatever date and nonce the client picked, the official function agrees.
    client = IceClient(
        endpoint="http://127.0.0.1:9",
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        security_token=SECURITY_TOKEN,
        transport=fake_ice.transport,
    )
    fake_ice.answers = [
        httpx.Response(200, json={"RequestId": "r", "Data": {"JobId": "j", "VoiceId": "v"}})
    ]
    with client:
        client.create_customized_voice_job(
            voice_id="abc123",
            voice_name="小 云*~",
            gender="female",
            scenario="story",
            voice_desc="desc ~ * ~",
        )
    sent = fake_ice.last
    assert sent.headers["Authorization"] == _official_authorization(sent, STS)


# -- request shape parity with the official ICE client ---------------------------------------


@pytest.fixture
def official_capture(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Run the official client without a network: capture its request, answer a success."""
    from darabonba.core import DaraCore
    from darabonba.response import DaraResponse

    captured: list[Any] = []

    def do_action(request: Any, runtime: Any = None) -> Any:
        captured.append(request)
        response = DaraResponse()
        response.status_code = 200
        response.headers = {"content-type": "application/json"}
        response.body = io.BytesIO(json.dumps({"RequestId": "r", "Data": {}}).encode())
        return response

    monkeypatch.setattr(DaraCore, "do_action", staticmethod(do_action))
    monkeypatch.setattr(
        official_utils.Utils, "get_timestamp", staticmethod(lambda: "2024-05-17T08:30:15Z")
    )
    monkeypatch.setattr(official_utils.Utils, "get_nonce", staticmethod(lambda: FIXED_NONCE))
    yield captured


def test_same_query_and_acs_headers_as_the_official_client(
    official_capture: list[Any], fake_ice: FakeIce
) -> None:
    from alibabacloud_ice20201109 import models as official_models
    from alibabacloud_ice20201109.client import Client as OfficialClient
    from alibabacloud_tea_openapi import utils_models

    official = OfficialClient(
        utils_models.Config(
            access_key_id=ACCESS_KEY_ID,
            access_key_secret=ACCESS_KEY_SECRET,
            security_token=SECURITY_TOKEN,
            endpoint="ice.cn-shanghai.aliyuncs.com",
        )
    )
    official.submit_standard_customized_voice_job(
        official_models.SubmitStandardCustomizedVoiceJobRequest(
            voice_name="播音员 A*~",
            gender="female",
            audios="m1,m2",
            authentication="consent",
            demo_audio_media_url="https://b.oss-cn-shanghai.aliyuncs.com/d e.wav",
        )
    )
    theirs = official_capture[0]

    fake_ice.answers = [httpx.Response(200, json={"RequestId": "r", "Data": {"JobId": "j"}})]
    with IceClient(
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        security_token=SECURITY_TOKEN,
        transport=fake_ice.transport,
    ) as ours_client:
        ours_client.submit_standard_customized_voice_job(
            voice_name="播音员 A*~",
            gender="female",
            audios=["m1", "m2"],
            authentication="consent",
            demo_audio_media_url="https://b.oss-cn-shanghai.aliyuncs.com/d e.wav",
        )
    ours = fake_ice.last

    assert ours.method == theirs.method == "POST"
    assert ours.url.path == theirs.pathname == "/"
    assert ours.content == b"" and theirs.body is None
    assert dict(parse_qsl(ours.url.query.decode(), keep_blank_values=True)) == theirs.query
    for header in (
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-content-sha256",
        "x-acs-accesskey-id",
        "x-acs-security-token",
    ):
        assert ours.headers[header] == theirs.headers[header], header
    assert "content-type" not in ours.headers and "content-type" not in theirs.headers
