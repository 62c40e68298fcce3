"""Bad inputs and config values, one mistake a user makes per row: the table both the
in-process tier (tests/core/test_bad_input.py, every row through both front doors) and
the CLI tier (tests/cli/test_bad_input.py, the wiring) hold the provider to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.support.voices import recordings, voice

__all__ = [
    "CONFIG",
    "INPUTS",
    "RESOURCE",
    "SPEECH_COMBINATIONS",
    "SPEECH_INPUTS",
    "SPEECH_RESOURCE",
    "BadConfig",
    "BadInput",
    "declared",
    "rounds",
    "speech_declared",
]

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


SPEECH_URL = "https://bad-input.oss-cn-shanghai.aliyuncs.com/speech/welcome.wav"
SPEECH_RESOURCE = "speech"


def speech_declared(**overrides: Any) -> dict[str, Any]:
    """The programs' entry of one speech, valid but for ``overrides`` (None drops an input)."""
    entry: dict[str, Any] = {
        "name": SPEECH_RESOURCE,
        "edition": "speech",
        "text": "Welcome aboard.",
        "customized_voice": "good1",
        "output_url": SPEECH_URL,
        **overrides,
    }
    return {k: v for k, v in entry.items() if v is not None}


SPEECH_BUCKET = {"output_url": None, "output_bucket": "bad-input", "output_object": "speech/x"}
SPEECH_INPUTS = [
    BadInput("text", "", "must not be empty"),
    BadInput("text", "x" * 2001, "at most 2000 characters"),
    BadInput("text", 5, "must be a string, not a number"),
    BadInput("customized_voice", "bad voice!", "is not a voice id"),
    BadInput("format", "OGG", "must be one of PCM, WAV, MP3"),
    BadInput("volume", 101, "whole number from 0 to 100"),
    BadInput("volume", 2.5, "whole number from 0 to 100"),
    BadInput("speech_rate", 600, "whole number from -500 to 500"),
    BadInput("pitch_rate", -501, "whole number from -500 to 500"),
    BadInput("output_url", "https://example.com/x.wav", "not an OSS object URL"),
    BadInput("output_url", SPEECH_URL.replace("cn-shanghai", "cn-beijing"), "in region cn-beijing"),
    BadInput("title", "t" * 129, "at most 128 bytes"),
    BadInput("description", "声" * 342, "at most 1024 bytes"),
    BadInput("overwrite", "yes", "must be true or false"),
    BadInput("delete_job_on_destroy", "no", "must be true or false"),
    BadInput("synthesis_timeout", 0, "more than 0"),
]
"""One bad value of a speech's input each (the rest of the speech valid)."""

SPEECH_COMBINATIONS = [
    ({"customized_voice": None}, "customized_voice", "is required (or systemVoice)"),
    ({"system_voice": "xiaoyun"}, "system_voice", "not both"),
    ({"output_url": None}, "output_url", "is required (or outputBucket and outputObject)"),
    ({"output_bucket": "bad-input"}, "output_url", "not both"),
    ({**SPEECH_BUCKET, "output_bucket": "Bad_Bucket"}, "output_bucket", "not an OSS bucket"),
    ({**SPEECH_BUCKET, "output_object": "/abs"}, "output_object", "not an OSS object name"),
]
"""(overrides, the property refused, its reason): the rules between a speech's inputs."""
