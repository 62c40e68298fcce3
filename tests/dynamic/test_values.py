"""The dynamic host's unknowns reach the core as its own marker (tests/core holds the rules)."""

from __future__ import annotations

from pulumi.output import Unknown

from pulumi_ice_voice import CustomizedVoiceProvider
from pulumi_ice_voice._core.unknown import UNKNOWN
from pulumi_ice_voice._dynamic.values import marked

BUCKET = "https://voices.oss-cn-shanghai.aliyuncs.com"


def test_unknown_instances_inside_lists_and_maps_become_the_cores_marker() -> None:
    value = {"a": [Unknown(), "x"], "b": Unknown(), "c": ("y", {"d": Unknown()})}
    assert marked(value) == {"a": [UNKNOWN, "x"], "b": UNKNOWN, "c": ["y", {"d": UNKNOWN}]}


def test_check_passes_unknown_instances_from_the_host_and_leaves_the_autoname_unknown() -> None:
    news = {
        "voice_name": "Narrator",
        "gender": Unknown(),
        "scenario": "story",
        "recordings": [Unknown()] * 20,
        "autoname_prefix": "narrator",
        "autoname_seed": "o/p/dev/narrator",
    }
    checked = CustomizedVoiceProvider().check({}, news)
    assert checked.failures == []
    assert checked.inputs["voice_id"] == UNKNOWN


def test_a_known_bad_input_beside_an_unknown_one_still_fails_by_name() -> None:
    news = {
        "voice_name": Unknown(),
        "gender": "other",
        "scenario": "story",
        "recordings": [f"{BUCKET}/r/{i}.wav" for i in range(1, 21)],
        "voice_id": "narrator01",
    }
    checked = CustomizedVoiceProvider().check({}, news)
    assert [f.property for f in checked.failures] == ["gender"]
