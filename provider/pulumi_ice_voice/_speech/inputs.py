"""A synthesized audio as a program declares it: `Speech`'s table of inputs and `SpeechSpec`.

A speech is one SubmitAudioProduceJob: a text (or SSML) spoken with a trained voice of any
edition (`customized_voice`, its voice id) or one of ICE's system voices (`system_voice`),
written as one audio file into OSS. Every input replaces: ICE cannot change a job.

Its identity is a marker (`speech_marker`, computed by `check`): 16 hex characters digested
from the stack, the resource and everything the audio is made of, sent in the job's
UserData. The same resource with the same inputs always marks its job the same, so a
create interrupted after its submit reached ICE finds that job on the next `pulumi up`;
another stack's or resource's job never carries it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from icevoice import (
    OSS_BUCKET_PATTERN,
    SPEECH_DESCRIPTION_MAX_BYTES,
    SPEECH_FORMATS,
    SPEECH_RATE_RANGE,
    SPEECH_TEXT_MAX_LENGTH,
    SPEECH_TITLE_MAX_BYTES,
    SPEECH_VOLUME_RANGE,
    SpeechFormat,
)

from .._core.inputs import (
    Input,
    InputFailure,
    InputTable,
    SpecBase,
    bool_rule,
    choice_rule,
    kept_name,
    one_of,
    oss_region,
    oss_url_problem,
    type_name,
)
from .._core.unknown import UNKNOWN, has_unknown

__all__ = ["DEFAULT_SYNTHESIS_TIMEOUT", "MARKER_KEY", "SPEECH_INPUTS", "SpeechSpec", "output_of"]

DEFAULT_SYNTHESIS_TIMEOUT = 30 * 60.0
MAX_SYNTHESIS_TIMEOUT = 24 * 60 * 60.0
#: The key of the job's UserData that holds the resource's marker.
MARKER_KEY = "pulumiIceVoiceSpeech"
_VOICE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_OBJECT = re.compile(r"[^\x00-\x1f\\]{1,1023}")
_REPLACES = "Changing it synthesizes a new audio."


def _bytes_rule(max_bytes: int) -> Any:
    def rule(value: Any, region: str) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, not {type_name(value)}"
        size = len(value.encode())
        if size > max_bytes:
            return f"must be at most {max_bytes} bytes of UTF-8 (got {size})"
        return None

    return rule


def _text_rule(value: Any, region: str) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, not {type_name(value)}"
    if not value.strip():
        return "must not be empty"
    if len(value) > SPEECH_TEXT_MAX_LENGTH:
        return f"must be at most {SPEECH_TEXT_MAX_LENGTH} characters (got {len(value)})"
    return None


def _voice_rule(value: Any, region: str) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, not {type_name(value)}"
    if not _VOICE_NAME.fullmatch(value):
        return f"{value!r} is not a voice id (1 to 64 letters, digits, '-' or '_')"
    return None


def _integer_rule(low: int, high: int) -> Any:
    def rule(value: Any, region: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a whole number, not {type_name(value)}"
        if not float(value).is_integer() or not low <= value <= high:
            return f"must be a whole number from {low} to {high} (got {value:g})"
        return None

    return rule


def _bucket_rule(value: Any, region: str) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, not {type_name(value)}"
    if not OSS_BUCKET_PATTERN.fullmatch(value):
        return f"{value!r} is not an OSS bucket name (3 to 63 lowercase letters, digits, '-')"
    return None


def _object_rule(value: Any, region: str) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, not {type_name(value)}"
    if value.startswith("/") or not _OBJECT.fullmatch(value):
        return f"{value!r} is not an OSS object name (1 to 1023 characters, not starting with /)"
    return None


def _url_rule(value: Any, region: str) -> str | None:
    return oss_url_problem(value, region, same_region=True, what="its output")


def _timeout_rule(value: Any, region: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number of seconds, not {type_name(value)}"
    if not 0 < value <= MAX_SYNTHESIS_TIMEOUT:
        return f"must be more than 0 and at most {MAX_SYNTHESIS_TIMEOUT:.0f} seconds (got {value})"
    return None


_LOW, _HIGH = SPEECH_RATE_RANGE
_ROWS = (
    Input(
        "text",
        "string",
        f"What to say: text, or SSML, at most {SPEECH_TEXT_MAX_LENGTH} characters (ICE's "
        "current API page; its SDK's model says 10,000 Chinese characters: the stricter "
        f"is enforced). {_REPLACES}",
        _text_rule,
        required=True,
    ),
    Input(
        "customized_voice",
        "string",
        "The trained voice to speak with: the voice id of a voice of any edition (the "
        "voiceId output of a CustomizedVoice, StandardCustomizedVoice or "
        "CosyVoiceCustomizedVoice). Exactly one of customizedVoice and systemVoice. " + _REPLACES,
        _voice_rule,
    ),
    Input(
        "system_voice",
        "string",
        "One of ICE's system voices to speak with, by name. Exactly one of customizedVoice "
        f"and systemVoice. {_REPLACES}",
        _voice_rule,
    ),
    Input(
        "format",
        "string",
        f"The audio's format: {one_of(SPEECH_FORMATS)} (default WAV). {_REPLACES}",
        choice_rule(SPEECH_FORMATS),
        default="WAV",
    ),
    Input(
        "volume",
        "integer",
        f"Volume, {SPEECH_VOLUME_RANGE[0]} to {SPEECH_VOLUME_RANGE[1]} (default 50). " + _REPLACES,
        _integer_rule(*SPEECH_VOLUME_RANGE),
        default=50,
    ),
    Input(
        "speech_rate",
        "integer",
        f"Speed, {_LOW} to {_HIGH}: -500 is half speed, 0 normal (default), 500 twice as "
        f"fast. {_REPLACES}",
        _integer_rule(_LOW, _HIGH),
        default=0,
    ),
    Input(
        "pitch_rate",
        "integer",
        f"Pitch, {_LOW} to {_HIGH} (default 0). {_REPLACES}",
        _integer_rule(_LOW, _HIGH),
        default=0,
    ),
    Input(
        "output_url",
        "string",
        "Where the audio is written: the OSS URL of an object in the provider's region "
        "(https://<bucket>.oss-<region>.aliyuncs.com/<object>; ICE adds the format's "
        "extension when the object has none). Or give outputBucket and outputObject. " + _REPLACES,
        _url_rule,
    ),
    Input(
        "output_bucket",
        "string",
        f"The OSS bucket the audio is written to (with outputObject). {_REPLACES}",
        _bucket_rule,
    ),
    Input(
        "output_object",
        "string",
        "The OSS object the audio is written to, in outputBucket (ICE adds the format's "
        f"extension). {_REPLACES}",
        _object_rule,
    ),
    Input(
        "overwrite",
        "boolean",
        "Whether the audio may replace an object that exists (default true: the object is "
        "this resource's, and a changed text writes it anew; false is ICE's own default, "
        f"which refuses). {_REPLACES}",
        bool_rule,
        default=True,
    ),
    Input(
        "title",
        "string",
        f"The job's title in ICE, at most {SPEECH_TITLE_MAX_BYTES} bytes (default: the "
        f"resource's name). {_REPLACES}",
        _bytes_rule(SPEECH_TITLE_MAX_BYTES),
    ),
    Input(
        "description",
        "string",
        f"The job's description in ICE, at most {SPEECH_DESCRIPTION_MAX_BYTES} bytes. " + _REPLACES,
        _bytes_rule(SPEECH_DESCRIPTION_MAX_BYTES),
    ),
    Input(
        "delete_job_on_destroy",
        "boolean",
        "Whether destroy deletes the job in ICE too (DeleteSmartJob; default false: destroy "
        "forgets it). The audio in OSS stays either way. Changed in place.",
        bool_rule,
        default=False,
        change="in place",
    ),
    Input(
        "synthesis_timeout",
        "number",
        f"Seconds create waits for the audio (default {DEFAULT_SYNTHESIS_TIMEOUT:.0f}, at "
        f"most {MAX_SYNTHESIS_TIMEOUT:.0f}); the plugin's customTimeouts.create takes its "
        "place when set. Synthesis goes on in ICE after it, and the next `pulumi up` "
        "continues the speech.",
        _timeout_rule,
        default=DEFAULT_SYNTHESIS_TIMEOUT,
        change="nothing",
    ),
)
_MADE_OF = tuple(row.name for row in _ROWS if row.change == "replaces")


def _marker(olds: Mapping[str, Any], checked: Mapping[str, Any]) -> str | None:
    """16 hex characters only this resource with these inputs gives its job (UNKNOWN while
    an input is not known)."""
    seed = checked.get("autoname_seed")
    if not isinstance(seed, str):
        return None
    basis = {name: checked.get(name) for name in _MADE_OF}
    if has_unknown(basis):
        return UNKNOWN
    text = json.dumps([seed, "speech", basis], sort_keys=True, default=str)
    marker = hashlib.sha256(text.encode()).hexdigest()[:16]
    return kept_name(marker, olds, checked, "speech_marker", _MADE_OF)


def _one_voice_and_one_output(checked: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rules between inputs: one voice, one way to name the output."""
    failures = []
    voices = [checked.get(n) for n in ("customized_voice", "system_voice")]
    if all(v is None for v in voices):
        failures.append(("customized_voice", "is required (or systemVoice)"))
    elif all(v is not None for v in voices):
        failures.append(("system_voice", "give customizedVoice or systemVoice, not both"))
    url, bucket, key = (checked.get(n) for n in ("output_url", "output_bucket", "output_object"))
    if url is None and (bucket is None or key is None):
        missing = "output_object" if bucket is not None else "output_url"
        failures.append((missing, "is required (or outputBucket and outputObject)"))
    elif url is not None and (bucket is not None or key is not None):
        failures.append(("output_url", "give outputUrl or outputBucket and outputObject, not both"))
    return failures


@dataclass(frozen=True)
class _SpeechTable(InputTable):
    """Speech's table: its rows, and the rules between them."""

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], region: str
    ) -> tuple[dict[str, Any], list[InputFailure]]:
        checked, failures = super().check(olds, news, region)
        failures += [InputFailure(p, r) for p, r in _one_voice_and_one_output(checked)]
        return checked, failures


SPEECH_INPUTS = _SpeechTable(
    rows=_ROWS, identity="speech_marker", autoname=_marker, derived=("speech_marker",)
)


def output_of(url: str, audio_format: str) -> tuple[str, str]:
    """(bucket, object) of an OSS URL, the format's extension off the object (ICE adds it)."""
    match = re.fullmatch(r"https?://([^./]+)\.oss-[^/]+\.aliyuncs\.com/(.+)", url)
    if match is None or oss_region(url) is None:
        raise ValueError(f"{url!r} is not an OSS object URL")
    bucket, key = match.groups()
    suffix = f".{audio_format.lower()}"
    return bucket, key[: -len(suffix)] if key.lower().endswith(suffix) else key


class SpeechSpec(SpecBase):
    """Checked inputs of one speech, every value known."""

    INPUTS = SPEECH_INPUTS
    TIMEOUT = "synthesis_timeout"

    text: str
    speech_marker: str
    customized_voice: str | None = None
    system_voice: str | None = None
    format: SpeechFormat = "WAV"
    volume: int = 50
    speech_rate: int = 0
    pitch_rate: int = 0
    output_url: str | None = None
    output_bucket: str | None = None
    output_object: str | None = None
    overwrite: bool = True
    title: str | None = None
    description: str | None = None
    delete_job_on_destroy: bool = False
    synthesis_timeout: float = DEFAULT_SYNTHESIS_TIMEOUT

    @property
    def output(self) -> tuple[str, str]:
        """(bucket, object) the audio is written to."""
        if self.output_url is not None:
            return output_of(self.output_url, self.format)
        return self.output_bucket or "", self.output_object or ""

    @property
    def label(self) -> str:
        """How the user's lines name the speech."""
        return self.title or self.autoname_prefix or self.speech_marker
