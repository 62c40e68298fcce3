"""CustomizedVoice input checking as the engine meets it: CheckFailures from the real host.

A few representative rules end to end (the full rule table is tested on the provider
directly): the engine stops the resource before any create, each failure names its
property, no request reaches ICE, and unknown values during a preview pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ice_emulator import EmulatorServer
from pulumi_ice_voice import CustomizedVoice
from tests.conftest import EmulatorControl
from tests.engine.harness import (
    UNKNOWN,
    CheckFailedError,
    ProviderHost,
    Registration,
    capture_registration,
)
from tests.engine.test_voice_support import RECORDINGS, engine_for, ice_config, one_voice


@pytest.fixture(scope="module")
def configured_host(
    tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer
) -> Iterator[ProviderHost]:
    """One host for the module: Check needs no ICE and no per-test config."""
    with ProviderHost(cwd=tmp_path_factory.mktemp("check")) as host:
        host.configure(ice_config(emulator.url), ["ice:accessKeySecret"])
        yield host


@pytest.fixture(scope="module")
def narrator() -> Registration:
    """A valid voice as RegisterResource carries it (with its __provider)."""
    return capture_registration(one_voice()).by_name("narrator")


def check(host: ProviderHost, registration: Registration, **changes: Any) -> dict[str, str]:
    """Check the registration's inputs with ``changes`` (None removes one): property -> reason."""
    news = {**registration.inputs, **changes}
    news["__provider"] = registration.provider_string
    news = {k: v for k, v in news.items() if v is not None}
    result = host.check({}, news, urn=registration.urn)
    return {failure.property: failure.reason for failure in result.failures}


def test_a_program_with_bad_inputs_stops_at_check_naming_every_bad_property(
    tmp_path_factory: pytest.TempPathFactory,
    emulator: EmulatorServer,
    fresh_emulator: EmulatorControl,
) -> None:
    def program() -> None:
        CustomizedVoice(
            "broken", voice_id="not-a-voice-id", voice_name="x" * 40, gender="robot",
            scenario="story", recordings=RECORDINGS[:19],
        )

    with ProviderHost(cwd=tmp_path_factory.mktemp("bad")) as host:
        engine = engine_for(host, emulator)
        with pytest.raises(CheckFailedError) as failed:
            engine.up(program)
        calls = host.calls

    assert sorted(prop for prop, _ in failed.value.failures) == [
        "gender", "recordings", "voice_id", "voice_name",
    ]
    assert "broken" in failed.value.urn
    assert calls["Create"] == 0 and engine.state == {}
    assert fresh_emulator.requests()["total"] == 0


@pytest.mark.parametrize(
    ("prop", "value", "reason"),
    [
        ("voice_id", "has-dash", "only letters and digits"),
        ("voice_id", "v" * 33, "at most 32"),
        ("voice_name", " ", "must not be empty"),
        ("gender", "robot", "female, male"),
        ("scenario", "podcast", "story, interaction, navigation"),
        ("voice_desc", "d" * 257, "at most 256"),
        ("recordings", RECORDINGS[:19], "exactly 20"),
        ("recordings", {"0": RECORDINGS[0]}, "1 to 20"),
        ("recordings", [u.replace("cn-shanghai", "cn-beijing") for u in RECORDINGS], "cn-beijing"),
        ("demo_audio_media_url", "https://example.com/demo.wav", "not an OSS object URL"),
        ("training_timeout", 0, "more than 0"),
        ("wait_for_training", "yes", "true or false"),
        ("voice_name", None, "is required"),
    ],
)
def test_check_through_the_host_names_the_bad_property(
    configured_host: ProviderHost, narrator: Registration, prop: str, value: Any, reason: str
) -> None:
    failures = check(configured_host, narrator, **{prop: value})

    assert list(failures) == [prop]
    assert reason in failures[prop]


def test_check_fills_defaults_and_the_autoname_and_keeps_it_from_olds(
    configured_host: ProviderHost, narrator: Registration
) -> None:
    news = {**narrator.inputs, "__provider": narrator.provider_string}
    news = {k: v for k, v in news.items() if v is not None}
    first = configured_host.check({}, news, urn=narrator.urn)

    assert first.failures == []
    voice_id = first.inputs["voice_id"]
    assert voice_id.startswith("narrator") and voice_id.isalnum() and len(voice_id) <= 32
    assert (first.inputs["wait_for_training"], first.inputs["training_timeout"]) == (True, 10800.0)
    # The same declaration checks to the same id (a retried create adopts its own job) ...
    assert configured_host.check({}, news, urn=narrator.urn).inputs["voice_id"] == voice_id
    # ... and a later update that changes nothing the voice is trained on keeps it.
    later = configured_host.check(first.inputs, {**news, "training_timeout": 60.0})
    assert later.inputs["voice_id"] == voice_id


def test_unknown_inputs_during_a_preview_pass_check(
    configured_host: ProviderHost, narrator: Registration
) -> None:
    recordings = [*RECORDINGS[:19], UNKNOWN]

    failures = check(configured_host, narrator, voice_name=UNKNOWN, recordings=recordings)
    result = configured_host.check(
        {},
        {
            **{k: v for k, v in narrator.inputs.items() if v is not None},
            "__provider": narrator.provider_string,
            "voice_desc": UNKNOWN,
        },
    )

    assert failures == {}
    assert result.failures == []
    assert result.inputs["voice_id"] == UNKNOWN, "the autoname depends on the unknown value"
