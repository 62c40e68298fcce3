"""SubmitAudioProduceJob's parameters: each checked, and its refusal naming the parameter.

EditingConfig and OutputConfig are JSON objects carried in a string; a bad key inside is
reported on the parameter, the message naming the key. Callers check them in the order
of the action's parameters (EditingConfig, InputConfig, OutputConfig, Title, Description,
UserData, Overwrite), so the first bad one is the one reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .._exceptions import InvalidParameter
from . import fields
from .vocabulary import (
    SPEECH_DESCRIPTION_MAX_BYTES,
    SPEECH_FORMATS,
    SPEECH_RATE_RANGE,
    SPEECH_TEXT_MAX_CHARACTERS,
    SPEECH_TITLE_MAX_BYTES,
    SPEECH_USER_DATA_MAX_BYTES,
    SPEECH_VOLUME_RANGE,
)

__all__ = [
    "Editing",
    "Output",
    "description",
    "editing_config",
    "input_config",
    "output_config",
    "title",
    "user_data",
]

# A system voice's name (ICE lists dozens; the emulator takes any such word).
_SYSTEM_VOICE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_VOICE_REF = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
_OBJECT_MAX_BYTES = 1023


@dataclass(frozen=True)
class Editing:
    """EditingConfig as the job uses it. `voice` is the customized voice when one was given
    (it takes precedence over a system voice), else the system voice."""

    voice: str
    customized: bool
    audio_format: str
    volume: int
    speech_rate: int
    pitch_rate: int


@dataclass(frozen=True)
class Output:
    """OutputConfig: the OSS bucket and the object as given."""

    bucket: str
    object: str


def editing_config(value: str | None) -> Editing:
    config = _json_object("EditingConfig", value)
    customized = _optional_word(config, "customizedVoice", _VOICE_REF)
    voice = customized or _optional_word(config, "voice", _SYSTEM_VOICE)
    if voice is None:
        raise InvalidParameter(
            name="EditingConfig", reason="give voice (a system voice) or customizedVoice."
        )
    audio_format = config.get("format")
    if audio_format not in SPEECH_FORMATS:
        raise InvalidParameter(
            name="EditingConfig", reason=f"format must be one of {', '.join(SPEECH_FORMATS)}."
        )
    return Editing(
        voice=voice,
        customized=customized is not None,
        audio_format=audio_format,
        volume=_integer(config, "volume", 50, SPEECH_VOLUME_RANGE),
        speech_rate=_integer(config, "speech_rate", 0, SPEECH_RATE_RANGE),
        pitch_rate=_integer(config, "pitch_rate", 0, SPEECH_RATE_RANGE),
    )


def input_config(value: str | None) -> str:
    """The text (SSML allowed): not blank, at most SPEECH_TEXT_MAX_CHARACTERS, markup
    included."""
    text = fields.required("InputConfig", value)
    if not text.strip():
        raise InvalidParameter(name="InputConfig", reason="the text must not be blank.")
    if len(text) > SPEECH_TEXT_MAX_CHARACTERS:
        raise InvalidParameter(
            name="InputConfig",
            reason=f"at most {SPEECH_TEXT_MAX_CHARACTERS} characters, got {len(text)}.",
        )
    return text


def output_config(value: str | None) -> Output:
    config = _json_object("OutputConfig", value)
    bucket, key = config.get("bucket"), config.get("object")
    if not isinstance(bucket, str) or not _BUCKET.fullmatch(bucket):
        raise InvalidParameter(
            name="OutputConfig",
            reason="bucket must be an OSS bucket name: 3-63 lowercase letters, digits, '-'.",
        )
    if (
        not isinstance(key, str)
        or not key
        or len(key.encode("utf-8")) > _OBJECT_MAX_BYTES
        or key.startswith(("/", "\\"))
        or any(ord(char) < 0x20 for char in key)
    ):
        raise InvalidParameter(
            name="OutputConfig",
            reason=f"object must be an OSS object name: 1-{_OBJECT_MAX_BYTES} bytes, "
            "not starting with '/' or '\\', no control characters.",
        )
    return Output(bucket, key)


def title(value: str | None) -> str | None:
    return fields.optional_utf8("Title", value, SPEECH_TITLE_MAX_BYTES)


def description(value: str | None) -> str | None:
    return fields.optional_utf8("Description", value, SPEECH_DESCRIPTION_MAX_BYTES)


def user_data(value: str | None) -> str | None:
    return fields.json_object("UserData", value, SPEECH_USER_DATA_MAX_BYTES)


def _json_object(name: str, value: str | None) -> dict[str, Any]:
    text = fields.required(name, value)
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise InvalidParameter(name=name, reason="must be a JSON object.")
    return parsed


def _optional_word(config: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str | None:
    value = config.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise InvalidParameter(name="EditingConfig", reason=f"{key} {value!r} is not a voice name.")
    return value


def _integer(config: dict[str, Any], key: str, default: int, bounds: tuple[int, int]) -> int:
    value = config.get(key, default)
    low, high = bounds
    # bool is an int to Python, not a number to a JSON client.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidParameter(
            name="EditingConfig", reason=f"{key} must be an integer from {low} to {high}."
        )
    return value
