"""Promise 4: bad input is refused by name before anything reaches ICE.

Every row is a program (or its stack config) with one mistake a user makes, run through
the real provider host as `pulumi preview`/`up` would: it must stop with a CheckFailure
or a configuration error that names the property or config key, and the emulator must
have received no request at all. Bad credentials, which only ICE can judge, get one
clear error and no retry storm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pulumi_ice_voice import CustomizedVoice
from tests.engine.harness import CheckFailedError, Engine, EngineError, ProviderHost

from ._support import IceUnderTest, engine_for, ice_config, recordings, running_emulator

REGION_BUCKET = "https://bad-input.oss-cn-shanghai.aliyuncs.com"
GOOD = recordings("good1")


def program(**overrides: Any) -> Callable[[], None]:
    """One voice, valid but for ``overrides``."""
    declared: dict[str, Any] = {
        "voice_id": "good1",
        "voice_name": "Good",
        "gender": "female",
        "scenario": "story",
        "recordings": GOOD,
        **overrides,
    }

    def declare() -> None:
        CustomizedVoice("voice", **declared)

    return declare


@dataclass(frozen=True)
class BadInput:
    prop: str
    value: Any
    reason: str


INPUTS = [
    BadInput("voice_id", "has-dash", "only letters and digits"),
    BadInput("voice_id", "under_score", "only letters and digits"),
    BadInput("voice_id", "v" * 33, "at most 32 characters"),
    BadInput("voice_id", "声音01", "only letters and digits"),
    BadInput("voice_id", "", "must not be empty"),
    BadInput("voice_id", 12, "must be a string, not a number"),
    BadInput("voice_name", "n" * 33, "at most 32 characters"),
    BadInput("voice_name", "   ", "must not be empty"),
    BadInput("voice_name", 3.5, "must be a string, not a number"),
    BadInput("gender", "robot", "must be one of female, male"),
    BadInput("gender", "Female", "must be one of female, male"),
    BadInput("scenario", "podcast", "must be one of story, interaction, navigation"),
    BadInput("voice_desc", "d" * 257, "at most 256 characters"),
    BadInput("voice_desc", ["a", "list"], "must be a string, not a list"),
    BadInput("recordings", GOOD[:19], "exactly 20 recordings (got 19)"),
    BadInput("recordings", [*GOOD, f"{REGION_BUCKET}/good1/21.wav"], "exactly 20 recordings (got 21)"),
    BadInput("recordings", {str(i): url for i, url in enumerate(GOOD, start=0)}, "1 to 20 (got '0')"),
    BadInput("recordings", {str(i): url for i, url in enumerate(GOOD, start=2)}, "1 to 20 (got '21')"),
    BadInput("recordings", {"1.5": GOOD[0]}, "whole numbers from 1 to 20 (got '1.5')"),
    BadInput("recordings", dict(zip(map(str, range(1, 20)), GOOD, strict=False)), "all 20 audio record ids"),
    BadInput("recordings", [*GOOD[:19], "https://example.com/voice/20.wav"], "recording 20: 'https://example.com"),
    BadInput("recordings", [*GOOD[:19], GOOD[19].replace("cn-shanghai", "cn-beijing")], "in region cn-beijing"),
    BadInput("recordings", [*GOOD[:19], "s3://bucket/20.wav"], "not an OSS object URL"),
    BadInput("recordings", [*GOOD[:19], GOOD[0]], "the same object as recording 1"),
    BadInput("recordings", GOOD[0], "must be a list of 20 OSS URLs"),
    BadInput("demo_audio_media_url", "https://example.com/demo.wav", "not an OSS object URL"),
    BadInput("demo_audio_media_id", "m" * 129, "at most 128 characters"),
    BadInput("training_timeout", 0, "more than 0"),
    BadInput("training_timeout", -5, "more than 0"),
    BadInput("training_timeout", 8 * 86_400, "at most 604800 seconds"),
    BadInput("training_timeout", "soon", "must be a number of seconds, not a string"),
    BadInput("wait_for_training", "yes", "must be true or false, not a string"),
    BadInput("wait_for_training", 1, "must be true or false, not a number"),
]


@dataclass(frozen=True)
class BadConfig:
    key: str
    value: str
    reason: str


CONFIG = [
    BadConfig("ice:endpoint", "ftp://ice.example.com", "ice:endpoint"),
    BadConfig("ice:endpoint", "http://user:pass@127.0.0.1:1", "ice:endpoint"),
    BadConfig("ice:endpoint", "http://", "ice:endpoint"),
    BadConfig("ice:region", "mars-north-1", "ice:region"),
    BadConfig("ice:maxRequestsPerSecond", "fast", "ice:maxRequestsPerSecond: must be a number"),
    BadConfig("ice:maxRequestsPerSecond", "-1", "ice:maxRequestsPerSecond: must be between 0"),
    BadConfig("ice:maxConcurrency", "0", "ice:maxConcurrency: must be between 1"),
    BadConfig("ice:maxConcurrency", "2.5", "ice:maxConcurrency: must be a whole number"),
    BadConfig("ice:pollInterval", "-1", "ice:pollInterval: must be between"),
    BadConfig("ice:readTimeout", "never", "ice:readTimeout: must be a number"),
]


@pytest.fixture(scope="module")
def ice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path_factory.mktemp("bad-input")) as emulator:
        yield emulator


@pytest.fixture
def no_requests(ice: IceUnderTest) -> Iterator[None]:
    ice.control.reset(counters_only=True)
    yield
    assert ice.control.requests()["total"] == 0, "a request reached ICE"


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProviderHost]:
    with ProviderHost(cwd=tmp_path_factory.mktemp("bad-input-host")) as running:
        yield running


def test_the_table_is_as_large_as_promised() -> None:
    assert len(INPUTS) + len(CONFIG) + 2 >= 30


@pytest.mark.parametrize("bad", INPUTS, ids=lambda b: f"{b.prop}={b.value!r:.30}")
def test_a_bad_input_stops_the_up_at_check_naming_the_property(
    ice: IceUnderTest, host: ProviderHost, no_requests: None, bad: BadInput
) -> None:
    engine = engine_for(host, ice.url)

    with pytest.raises(CheckFailedError) as failed:
        engine.up(program(**{bad.prop: bad.value}))

    [(prop, reason)] = failed.value.failures
    assert prop == bad.prop
    assert bad.reason in reason, reason
    assert engine.state == {}
    assert host.calls["Create"] == 0


def test_a_missing_required_input_is_a_type_error_before_any_registration(
    ice: IceUnderTest, host: ProviderHost, no_requests: None
) -> None:
    engine = engine_for(host, ice.url)
    calls_before = host.calls["Check"]

    def missing_gender() -> None:
        CustomizedVoice("voice", voice_id="good1", voice_name="Good", scenario="story")  # type: ignore[call-arg]

    with pytest.raises(EngineError, match="missing required keyword argument: 'gender'") as failed:
        engine.up(missing_gender)
    assert isinstance(failed.value.__cause__, TypeError)
    assert host.calls["Check"] == calls_before


@pytest.mark.parametrize("bad", CONFIG, ids=lambda b: f"{b.key}={b.value}")
def test_a_bad_config_value_fails_naming_the_key(
    ice: IceUnderTest, tmp_path: Path, no_requests: None, bad: BadConfig
) -> None:
    config = {bad.key: bad.value}
    if bad.key == "ice:region":
        config["ice:endpoint"] = ""  # no endpoint: the region must be one ICE serves
    with ProviderHost(cwd=tmp_path) as host:
        engine = engine_for(host, ice.url, **config)
        with pytest.raises(EngineError) as failed:
            engine.preview(program())

    assert bad.reason in _provider_message(failed.value)


def test_missing_credentials_fail_before_any_request_and_say_where_to_put_them(
    ice: IceUnderTest, tmp_path: Path, no_requests: None
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with ProviderHost(cwd=tmp_path, env=_env_without_credentials(home), inherit_env=False) as host:
        config = {k: v for k, v in ice_config(ice.url).items() if not k.startswith("ice:access")}
        engine = Engine(host, config=config, secret_keys=[])
        with pytest.raises(EngineError) as failed:
            engine.up(program())

    message = _provider_message(failed.value)
    assert "ice:accessKeyId" in message or "ALIBABA_CLOUD_ACCESS_KEY_ID" in message, message
    assert engine.state == {}


def test_a_wrong_secret_is_one_clear_error_not_a_retry_storm(ice: IceUnderTest, tmp_path: Path) -> None:
    ice.control.reset(counters_only=True)
    with ProviderHost(cwd=tmp_path) as host:
        engine = engine_for(host, ice.url, access_key_secret="not-the-secret")
        with pytest.raises(EngineError) as failed:
            engine.up(program())

    assert "SignatureDoesNotMatch" in _provider_message(failed.value)
    assert ice.control.requests()["total"] <= 2, "refused once, not retried"
    assert engine.state == {}


def _provider_message(error: EngineError) -> str:
    """What the user reads: the provider's exception as the host reported it."""
    provider_error = error.provider_error
    return provider_error.details if provider_error is not None else str(error)


def _env_without_credentials(home: Path) -> Mapping[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA_CLOUD_", "ALICLOUD_"))}
    env["HOME"] = str(home)
    env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"  # never probe 100.100.100.200
    return env
