"""Bad input fails before any request, naming the snake_case argument."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

import icevoice
from icevoice import IceClient
from tests.sdk.icevoice_fakes import FakeIce, ok

GOOD_CREATE = {"voice_id": "abc123", "voice_name": "n", "gender": "female", "scenario": "story"}
GOOD_STANDARD = {"voice_name": "n", "gender": "male", "audios": ["m1"], "authentication": "a"}
GOOD_COSY = {"voice_name": "n", "gender": "male", "audios": ["m1"], "model": "cosyvoice-v3-plus"}


def _create(**overrides: Any) -> Callable[[IceClient], Any]:
    return lambda c: c.create_customized_voice_job(**{**GOOD_CREATE, **overrides})


def _detect(**overrides: Any) -> Callable[[IceClient], Any]:
    args = {"voice_id": "v", "audio_record_id": 1, "record_url": "https://oss/1.wav", **overrides}
    return lambda c: c.detect_audio_for_customized_voice_job(**args)


def _standard(**overrides: Any) -> Callable[[IceClient], Any]:
    return lambda c: c.submit_standard_customized_voice_job(**{**GOOD_STANDARD, **overrides})


def _cosy(**overrides: Any) -> Callable[[IceClient], Any]:
    return lambda c: c.submit_cosy_voice_customized_voice_job(**{**GOOD_COSY, **overrides})


def _register(**overrides: Any) -> Callable[[IceClient], Any]:
    return lambda c: c.register_media_info(**{"input_url": "oss://b/a.wav", **overrides})


BAD_CALLS: list[tuple[str, Callable[[IceClient], Any]]] = [
    ("voice_id", _create(voice_id="")),
    ("voice_id", _create(voice_id="has space")),
    ("voice_id", _create(voice_id="dash-ed")),
    ("voice_id", _create(voice_id="中文")),
    ("voice_id", _create(voice_id="a" * 33)),
    ("voice_id", _create(voice_id=None)),
    ("voice_id", _create(voice_id=123)),
    ("voice_name", _create(voice_name="")),
    ("voice_name", _create(voice_name="x" * 33)),
    ("voice_desc", _create(voice_desc="d" * 257)),
    ("voice_desc", _create(voice_desc="")),
    ("gender", _create(gender="Female")),
    ("gender", _create(gender="other")),
    ("scenario", _create(scenario="podcast")),
    ("scenario", lambda c: c.get_demonstration_for_customized_voice_job(scenario="")),
    ("audio_record_id", _detect(audio_record_id=0)),
    ("audio_record_id", _detect(audio_record_id=21)),
    ("audio_record_id", _detect(audio_record_id=True)),
    ("audio_record_id", _detect(audio_record_id=1.0)),
    ("audio_record_id", _detect(audio_record_id="1")),
    ("record_url", _detect(record_url="")),
    ("voice_id", _detect(voice_id="")),
    ("voice_id", lambda c: c.submit_customized_voice_job(voice_id="")),
    (
        "demo_audio_media_url",
        lambda c: c.submit_customized_voice_job(voice_id="v", demo_audio_media_url=""),
    ),
    ("job_id", lambda c: c.get_customized_voice_job(job_id="")),
    ("job_id", lambda c: c.get_customized_voice_job(job_id=" j ")),
    ("job_id", lambda c: c.delete_customized_voice_job(job_id=None)),  # type: ignore[arg-type]  # the wrong type is the test
    ("voice_id", lambda c: c.get_customized_voice(voice_id="")),
    (
        "demo_audio_media_id",
        lambda c: c.update_customized_voice(voice_id="v", demo_audio_media_id=""),
    ),
    ("page_size", lambda c: c.list_customized_voices(page_size=0)),
    ("page_size", lambda c: c.list_customized_voices(page_size=101)),
    ("page_size", lambda c: c.list_customized_voice_jobs(page_size=10.0)),  # type: ignore[arg-type]  # the wrong type is the test
    ("page_no", lambda c: c.list_customized_voice_jobs(page_no=0)),
    ("page_no", lambda c: c.list_customized_voices(page_no=False)),
    ("type", lambda c: c.list_customized_voices(type="basic")),
    ("audios", _standard(audios=[])),
    ("audios", _standard(audios="m1,m2")),
    ("audios", _standard(audios=["m1", ""])),
    ("audios", _standard(audios=["a,b"])),
    ("authentication", _standard(authentication="")),
    ("voice_name", _standard(voice_name="y" * 33)),
    ("gender", _standard(gender="")),
    ("audios", _cosy(audios=["m1", "m2"])),
    ("model", _cosy(model="cosyvoice-v2")),
    ("model", _cosy(model="")),
    ("media_id", lambda c: c.get_media_info(media_id="")),
    ("media_id", lambda c: c.get_media_info()),
    ("media_id", lambda c: c.get_media_info(media_id="m", input_url="oss://b/a.wav")),
    ("input_url", lambda c: c.get_media_info(input_url=" oss://b/a.wav")),
    ("type", lambda c: c.list_customized_voice_jobs(type="Premium")),
    ("input_url", _register(input_url="")),
    ("input_url", _register(input_url=None)),
    ("media_type", _register(media_type="sound")),
    ("business_type", _register(business_type="intro")),
    ("title", _register(title="题" * 43)),  # 129 bytes of UTF-8
    ("description", _register(description="d" * 1025)),
    ("user_data", _register(user_data="x" * 1025)),
    ("user_data", _register(user_data={"x": "y" * 1020})),
    ("reference_id", _register(reference_id="short")),
    ("reference_id", _register(reference_id="has space")),
    ("overwrite", _register(overwrite="yes")),
    ("overwrite", _register(overwrite=1)),
]


@pytest.mark.parametrize(("argument", "call"), BAD_CALLS)
def test_bad_argument_fails_before_any_request(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    argument: str,
    call: Callable[[IceClient], Any],
) -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        call(make_client())
    assert info.value.argument == argument
    assert str(info.value).startswith(f"{argument}: ")
    assert fake_ice.requests == []


def test_boundaries_are_accepted(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    client = make_client()
    fake_ice.answers = []
    client.list_customized_voices(page_size=1)
    client.list_customized_voices(page_size=100, page_no=10**6)
    fake_ice.answers = [ok({"Pass": True})]
    for record in (1, 20):
        client.detect_audio_for_customized_voice_job(
            voice_id="v", audio_record_id=record, record_url="u"
        )
    assert len(fake_ice.requests) == 4


def test_edition_and_media_boundaries_are_accepted(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    client = make_client()
    fake_ice.answers = [ok({"CustomizedVoice": {"VoiceId": "Voice-l12345"}}, MediaId="m")]
    client.get_customized_voice(voice_id="Voice-l12345")  # an id ICE assigned
    client.update_customized_voice(voice_id="Voice-l12345", demo_audio_media_id="m")
    for voice_type in icevoice.VOICE_TYPES:
        client.list_customized_voice_jobs(type=voice_type)
    client.register_media_info(
        input_url="oss://b/a.wav",
        title="题" * 42 + "ab",  # 128 bytes
        description="d" * 1024,
        reference_id="r" * 64,
        overwrite=False,
    )
    assert len(fake_ice.requests) == 3 + len(icevoice.VOICE_TYPES)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"region_id": "mars-north-1"}, "region_id"),
        ({"region_id": ""}, "region_id"),
        ({"region_id": "CN_SHANGHAI"}, "region_id"),
        ({"endpoint": "ftp://host"}, "endpoint"),
        ({"endpoint": "http://"}, "endpoint"),
        ({"endpoint": "host with space"}, "endpoint"),
        ({"endpoint": "http://host:99999"}, "endpoint"),
        ({"endpoint": 8080}, "endpoint"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "30"}, "timeout"),
        ({"timeout": httpx.Timeout(30.0, connect=0)}, "timeout.connect"),
        ({"timeout": httpx.Timeout(None, connect=5.0)}, "timeout.read"),
        ({"retry": 3}, "retry"),
        ({"rate_limiter": object()}, "rate_limiter"),
        ({"transport": object()}, "transport"),
    ],
)
def test_bad_construction_names_the_argument(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        IceClient(access_key_id="a", access_key_secret="b", **kwargs)
    assert info.value.argument == argument


def test_unknown_region_message_suggests_an_endpoint() -> None:
    with pytest.raises(icevoice.InvalidArgumentError, match=r"mars-north-1.*endpoint="):
        IceClient(region_id="mars-north-1")


def test_unknown_region_works_with_an_endpoint() -> None:
    with IceClient(region_id="eu-central-1", endpoint="ice.aliyuncs.com") as client:
        assert client.endpoint == "https://ice.aliyuncs.com"


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/ignored/path?x=1", "http://127.0.0.1:8080"),
        ("https://ice.cn-shanghai.aliyuncs.com/", "https://ice.cn-shanghai.aliyuncs.com"),
        ("ice-vpc.cn-shanghai.aliyuncs.com", "https://ice-vpc.cn-shanghai.aliyuncs.com"),
        ("localhost:9000", "https://localhost:9000"),
        ("[::1]:9000", "https://[::1]:9000"),
        (None, "https://ice.cn-shanghai.aliyuncs.com"),
        ("", "https://ice.cn-shanghai.aliyuncs.com"),
    ],
)
def test_endpoint_forms(endpoint: str | None, expected: str) -> None:
    with IceClient(endpoint=endpoint, access_key_id="a", access_key_secret="b") as client:
        assert client.endpoint == expected


def test_every_documented_region_resolves() -> None:
    for region in sorted(icevoice.REGIONS):
        with IceClient(region_id=region) as client:
            assert client.endpoint == f"https://ice.{region}.aliyuncs.com"


def test_endpoint_userinfo_is_refused_without_echoing_it() -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        IceClient(endpoint="https://user:hunter2@ice.example.com")
    assert info.value.argument == "endpoint"
    assert "hunter2" not in str(info.value)


def test_keys_cannot_be_passed_by_position() -> None:
    with pytest.raises(TypeError):
        IceClient("cn-shanghai", None, "key", "secret")  # type: ignore[call-arg]  # the point
