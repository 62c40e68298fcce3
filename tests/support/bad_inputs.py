"""Bad inputs and config values, one mistake a user makes per row: the table both the
in-process tier (tests/core/test_bad_input.py, every row through both front doors) and
the CLI tier (tests/cli/test_bad_input.py, the wiring) hold the provider to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.support.voices import recordings, voice

__all__ = ["CONFIG", "INPUTS", "RESOURCE", "BadConfig", "BadInput", "declared", "rounds"]

REGION_BUCKET = "https://bad-input.oss-cn-shanghai.aliyuncs.com"
GOOD = recordings("good1")
RESOURCE = "voice"


def declared(**overrides: Any) -> dict[str, Any]:
    """The voices program's entry of one voice, valid but for ``overrides``."""
    return {**voice(RESOURCE, "good1", voice_name="Good", demo_audio_media_url=None), **overrides}


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
    BadInput(
        "recordings", [*GOOD, f"{REGION_BUCKET}/good1/21.wav"], "exactly 20 recordings (got 21)"
    ),
    BadInput(
        "recordings", {str(i): url for i, url in enumerate(GOOD, start=0)}, "1 to 20 (got '0')"
    ),
    BadInput(
        "recordings", {str(i): url for i, url in enumerate(GOOD, start=2)}, "1 to 20 (got '21')"
    ),
    BadInput("recordings", {"1.5": GOOD[0]}, "whole numbers from 1 to 20 (got '1.5')"),
    BadInput(
        "recordings",
        dict(zip(map(str, range(1, 20)), GOOD, strict=False)),
        "all 20 audio record ids",
    ),
    BadInput(
        "recordings",
        [*GOOD[:19], "https://example.com/voice/20.wav"],
        "recording 20: 'https://example.com",
    ),
    BadInput(
        "recordings",
        [*GOOD[:19], GOOD[19].replace("cn-shanghai", "cn-beijing")],
        "in region cn-beijing",
    ),
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


def rounds(table: Iterable[BadInput]) -> list[dict[str, BadInput]]:
    """The table as rounds of one bad value per property: the n-th row of each property."""
    by_prop: dict[str, list[BadInput]] = {}
    for bad in table:
        by_prop.setdefault(bad.prop, []).append(bad)
    depth = max(len(rows) for rows in by_prop.values())
    return [
        {prop: rows[n] for prop, rows in by_prop.items() if n < len(rows)} for n in range(depth)
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
