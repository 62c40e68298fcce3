"""check(): one failure per bad property, defaults, autonaming, unknowns; diff normal forms."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_ice_voice._basic.inputs import BASIC_INPUTS, BasicSpec
from pulumi_ice_voice._core.errors import InputsInvalid
from pulumi_ice_voice._core.inputs import DEFAULT_TRAINING_TIMEOUT, DeclaredVoice, InputFailure
from pulumi_ice_voice._core.unknown import UNKNOWN

REGION = "cn-shanghai"


def check_inputs(
    olds: dict[str, Any], news: dict[str, Any], region: str
) -> tuple[dict[str, Any], list[InputFailure]]:
    return BASIC_INPUTS.check(olds, news, region)


def oss(key: str, region: str = REGION) -> str:
    return f"https://voices.oss-{region}.aliyuncs.com/{key}"


RECORDINGS = [oss(f"rec/{i}.wav") for i in range(1, 21)]


def voice(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "voice_id": "narrator01",
        "voice_name": "Narrator",
        "gender": "female",
        "scenario": "story",
        "recordings": RECORDINGS,
        "autoname_prefix": "narrator",
        "autoname_seed": "org/proj/dev/narrator",
    }
    base.update(overrides)
    return base


def failures_of(**overrides: Any) -> dict[str, str]:
    _, failures = check_inputs({}, voice(**overrides), REGION)
    return {f.property: f.reason for f in failures}


def test_valid_voice_passes_and_gets_defaults() -> None:
    checked, failures = check_inputs({}, voice(), REGION)
    assert failures == []
    assert checked["wait_for_training"] is True
    assert checked["training_timeout"] == DEFAULT_TRAINING_TIMEOUT
    spec = BasicSpec.parse(checked, REGION)
    assert spec.recordings is not None and spec.recordings[20] == RECORDINGS[19]


BAD = [
    ("voice_id", "a" * 33, "at most 32"),
    ("voice_id", "voice-01", "letters and digits"),
    ("voice_id", "声音", "letters and digits"),
    ("voice_id", 12, "string"),
    ("voice_id", "", "empty"),
    ("voice_name", "n" * 33, "at most 32"),
    ("voice_name", "   ", "empty"),
    ("voice_desc", "d" * 257, "at most 256"),
    ("gender", "other", "female, male"),
    ("gender", "Female", "female, male"),
    ("scenario", "podcast", "story, interaction, navigation"),
    ("recordings", RECORDINGS[:19], "exactly 20"),
    ("recordings", [*RECORDINGS, oss("rec/21.wav")], "exactly 20"),
    ("recordings", "https://x", "list of 20"),
    ("recordings", [*RECORDINGS[:19], "https://example.com/a.wav"], "recording 20"),
    ("recordings", [*RECORDINGS[:19], oss("rec/20.wav", "cn-beijing")], "cn-beijing"),
    ("recordings", {str(i): u for i, u in enumerate(RECORDINGS, start=2)}, "1 to 20"),
    ("recordings", {"x": RECORDINGS[0]}, "1 to 20"),
    (
        "recordings",
        [*RECORDINGS[:19], RECORDINGS[3]],
        "recording 20: the same object as recording 4",
    ),
    ("demo_audio_media_url", "ftp://nope", "OSS object URL"),
    ("demo_audio_media_id", 5.0, "string"),
    ("wait_for_training", "yes", "true or false"),
    ("training_timeout", -1, "more than 0"),
    ("training_timeout", 0, "more than 0"),
    ("training_timeout", "10", "number"),
    ("training_timeout", True, "number"),
]


@pytest.mark.parametrize(
    ("prop", "value", "reason"), BAD, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(BAD)]
)
def test_each_bad_property_fails_by_name(prop: str, value: Any, reason: str) -> None:
    failures = failures_of(**{prop: value})
    assert list(failures) == [prop]
    assert reason in failures[prop]


def test_all_failures_are_reported_together() -> None:
    failures = failures_of(voice_id="bad id", gender="x", scenario="y", voice_name=None)
    assert set(failures) == {"voice_id", "gender", "scenario", "voice_name"}


@pytest.mark.parametrize("missing", ["voice_name", "gender", "scenario"])
def test_required_inputs(missing: str) -> None:
    assert failures_of(**{missing: None}) == {missing: "is required"}


def test_recordings_as_map_with_float_keys_from_the_engine() -> None:
    as_map = {float(i): u for i, u in enumerate(RECORDINGS, start=1)}
    _, failures = check_inputs({}, voice(recordings=as_map), REGION)
    assert failures == []
    declared = DeclaredVoice({}, BASIC_INPUTS)
    assert declared.normal("recordings", as_map) == declared.normal("recordings", RECORDINGS)


def test_unknowns_are_tolerated_in_preview() -> None:
    checked, failures = check_inputs(
        {}, voice(voice_name=UNKNOWN, recordings=[UNKNOWN] * 20, voice_id=None), REGION
    )
    assert failures == []
    assert checked["voice_id"] == UNKNOWN  # depends on unknown training inputs


def test_the_cores_unknown_is_the_wire_protocols() -> None:
    from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

    assert WIRE_UNKNOWN == UNKNOWN


def test_autoname_is_reproducible_bounded_and_changes_with_training_inputs() -> None:
    first, _ = check_inputs({}, voice(voice_id=None, autoname_prefix="my-narrator_" * 5), REGION)
    again, _ = check_inputs({}, voice(voice_id=None, autoname_prefix="my-narrator_" * 5), REGION)
    other, _ = check_inputs(
        {}, voice(voice_id=None, voice_name="Other", autoname_prefix="my-narrator_" * 5), REGION
    )
    assert first["voice_id"] == again["voice_id"]
    assert first["voice_id"] != other["voice_id"]
    assert len(first["voice_id"]) <= 32 and first["voice_id"].isalnum()
    assert first["voice_id"].startswith("mynarrator")


def test_autoname_differs_between_stacks() -> None:
    dev, _ = check_inputs({}, voice(voice_id=None, autoname_seed="o/p/dev/n"), REGION)
    prod, _ = check_inputs({}, voice(voice_id=None, autoname_seed="o/p/prod/n"), REGION)
    assert dev["voice_id"] != prod["voice_id"]


def test_autoname_kept_from_olds_while_training_inputs_unchanged() -> None:
    olds, _ = check_inputs({}, voice(voice_id=None), REGION)
    olds = {**olds, "voice_id": "keptName"}
    renamed, _ = check_inputs(olds, voice(voice_id=None, autoname_seed="o/p/dev/renamed"), REGION)
    assert renamed["voice_id"] == "keptName"
    changed, _ = check_inputs(olds, voice(voice_id=None, scenario="interaction"), REGION)
    assert changed["voice_id"] != "keptName"


def test_without_autoname_keys_voice_id_is_required() -> None:
    props = voice(voice_id=None)
    del props["autoname_prefix"], props["autoname_seed"]
    _, failures = check_inputs({}, props, REGION)
    assert [f.property for f in failures] == ["voice_id"]


def test_spec_parse_names_the_property() -> None:
    with pytest.raises(InputsInvalid, match="gender"):
        BasicSpec.parse(voice(gender="x"), REGION)
