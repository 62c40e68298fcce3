"""The plugin's Pulumi package schema, made from the provider's own tables.

Names, requiredness, defaults and which inputs force a new voice come from _inputs (what
`check` enforces) and the configuration keys from _config.SETTINGS; what users read about
each property is written here, once: the dynamic resource's docstrings are held to these
texts by a test. The schema is what `pulumi package gen-sdk` makes every language's SDK
from, and what the README's reference is made from (`pulumi-resource-icevoice --reference`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icevoice import GENDERS, SCENARIOS, VOICE_ID_MAX_LENGTH, VOICE_TYPES

from .._config import SETTINGS
from .._inputs import (
    AUTONAME_KEYS,
    DEFAULT_TRAINING_TIMEOUT,
    INPUT_NAMES,
    MAX_TRAINING_TIMEOUT,
    RECORDING_COUNT,
    REPLACE_ON_CHANGE,
    REQUIRED_INPUTS,
)
from .._state import OUTPUT_NAMES
from ._values import camel

__all__ = [
    "FUNCTIONS",
    "GET_DEMONSTRATION_TOKEN",
    "GET_VOICE_TOKEN",
    "INPUTS",
    "LIST_VOICES_TOKEN",
    "OUTPUTS",
    "PACKAGE",
    "VOICE_TOKEN",
    "Property",
    "package_schema",
]

PACKAGE = "icevoice"
VOICE_TOKEN = f"{PACKAGE}:index:CustomizedVoice"
GET_VOICE_TOKEN = f"{PACKAGE}:index:getCustomizedVoice"
LIST_VOICES_TOKEN = f"{PACKAGE}:index:listCustomizedVoices"
GET_DEMONSTRATION_TOKEN = f"{PACKAGE}:index:getDemonstration"
DEMONSTRATION_TYPE = f"{PACKAGE}:index:DemonstrationText"
VOICE_SUMMARY_TYPE = f"{PACKAGE}:index:VoiceSummary"


@dataclass(frozen=True)
class Property:
    """One property of the schema: its JSON-schema type and what users read about it."""

    type: dict[str, Any]
    description: str
    secret: bool = False

    def spec(self) -> dict[str, Any]:
        return {**self.type, "description": self.description} | (
            {"secret": True} if self.secret else {}
        )


def _one_of(values: tuple[str, ...]) -> str:
    """("a", "b", "c") -> "a, b or c"."""
    return f"{', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else values[0]


_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
_BOOLEAN = {"type": "boolean"}
_RETRAINS = "Changing it trains a new voice."

#: Every input of a basic voice (the dynamic CustomizedVoiceArgs has the same, a test
#: holds them together), in the order users read them.
INPUTS: dict[str, Property] = {
    "voice_name": Property(_STRING, f"Display name, at most 32 characters. {_RETRAINS}"),
    "gender": Property(_STRING, f"{_one_of(GENDERS)}. {_RETRAINS}"),
    "scenario": Property(_STRING, f"{_one_of(SCENARIOS)}. {_RETRAINS}"),
    "voice_id": Property(
        _STRING,
        "Unique voice id in the account and region: letters and digits, at most "
        f"{VOICE_ID_MAX_LENGTH}. Omitted: derived from the resource name and what the voice "
        f"is trained on. {_RETRAINS}",
    ),
    "voice_desc": Property(_STRING, f"Description, at most 256 characters. {_RETRAINS}"),
    "recordings": Property(
        {"type": "array", "items": _STRING},
        f"The {RECORDING_COUNT} recordings of the demonstration texts: {RECORDING_COUNT} OSS "
        "URLs, in the order of the texts' audio record ids, in the provider's region; "
        "WAV/PCM, mono, 16-bit, 48 kHz. Omitted: the audio is already in ICE and create "
        f"only submits training. {_RETRAINS}",
    ),
    "demo_audio_media_url": Property(
        _STRING, f"OSS URL where ICE writes a demo audio of the trained voice. {_RETRAINS}"
    ),
    "demo_audio_media_id": Property(
        _STRING,
        "Media id of the voice's demo audio, changed in place (UpdateCustomizedVoice). "
        "Omitted: whatever ICE has is kept.",
    ),
    "wait_for_training": Property(
        _BOOLEAN, "Whether create waits for training to end (Success or Fail). Default true."
    ),
    "training_timeout": Property(
        _NUMBER,
        f"Seconds create waits for training (more than 0, at most {MAX_TRAINING_TIMEOUT:.0f}; "
        f"default {DEFAULT_TRAINING_TIMEOUT:.0f}); the plugin's customTimeouts.create takes "
        "its place when set. Training goes on in ICE after it, and the next `pulumi up` "
        "continues the voice.",
    ),
}

#: What a voice reports besides its inputs.
OUTPUTS: dict[str, Property] = {
    "job_id": Property(_STRING, "The voice-cloning job's id."),
    "status": Property(
        _STRING, "Initialization, AudioDetecting, PreTraining, Training, Success or Fail."
    ),
    "message": Property(_STRING, "ICE's message for the job (the reason of a Fail)."),
    "demo_audio_url": Property(_STRING, "A playable URL of the demo audio (GetMediaInfo)."),
    "voice_type": Property(_STRING, "The edition: Basic."),
    "create_time": Property(_STRING, "When ICE created the job."),
    "region": Property(_STRING, "The region the voice lives in."),
}

_VOICE_SUMMARY = {
    "voice_id": "The voice id.",
    "voice_name": "Its display name.",
    "gender": "female or male.",
    "scenario": "story, interaction or navigation.",
    "voice_desc": "Its description.",
    "voice_type": f"The edition ({', '.join(VOICE_TYPES)}).",
    "demo_audio_media_id": "Media id of its demo audio.",
}

_DEMONSTRATION = {
    "type": "object",
    "description": "A text a speaker reads for one audio record id.",
    "properties": {
        "audioId": {"type": "integer", "description": "The audio record id (1..20)."},
        "text": {**_STRING, "description": "The text to read."},
        "demoAudio": {**_STRING, "description": "URL of ICE's sample reading."},
    },
    "required": ["audioId", "text"],
}


def _props(table: dict[str, Property]) -> dict[str, Any]:
    return {camel(name): prop.spec() for name, prop in table.items()}


def _function(
    token: str, inputs: dict[str, Any], required: list[str], outputs: dict[str, Any]
) -> dict[str, Any]:
    """A function's schema; every output is always returned but those ICE may leave out."""
    always = [name for name in outputs if name in ("voiceId", "region", "voices", "texts")]
    return {
        "description": FUNCTIONS[token],
        "inputs": {"properties": inputs, "required": required},
        "outputs": {"properties": outputs, "required": always},
    }


def _config_properties() -> dict[str, Any]:
    kinds = {"string": _STRING, "number": _NUMBER}
    return {
        setting.key: Property(kinds[setting.kind], setting.description, setting.secret).spec()
        for setting in SETTINGS.values()
    }


FUNCTIONS: dict[str, str] = {
    GET_VOICE_TOKEN: "A voice as ICE has it now, by its voice id.",
    LIST_VOICES_TOKEN: (
        "The account's voices of one edition in the provider's region, newest first."
    ),
    GET_DEMONSTRATION_TOKEN: (
        "The texts a speaker must record for a scenario, with ICE's sample readings."
    ),
}


def package_schema(version: str) -> dict[str, Any]:
    """The whole package schema of the plugin at ``version``."""
    inputs = _props(INPUTS)
    inputs[camel("wait_for_training")]["default"] = True
    inputs[camel("training_timeout")]["default"] = DEFAULT_TRAINING_TIMEOUT
    outputs = {**inputs, **_props(OUTPUTS)}
    # What getCustomizedVoice reports: what ICE knows of a voice, not how it was declared.
    read = {
        camel(name): outputs[camel(name)] for name in OUTPUT_NAMES if name != "demo_audio_media_url"
    }
    summary = {camel(k): {**_STRING, "description": v} for k, v in _VOICE_SUMMARY.items()}
    config = _config_properties()
    return {
        "name": PACKAGE,
        "displayName": "Alibaba Cloud ICE customized voices",
        "version": version,
        "description": "Alibaba Cloud Intelligent Media Services (ICE) customized (cloned) voices.",
        "keywords": ["pulumi", "alibaba-cloud", "ice", "voice", "category/cloud"],
        "license": "Apache-2.0",
        "publisher": "pulumi-ice-voice",
        "config": {"variables": config},
        "provider": {
            "description": "The ICE voice provider: a region, an endpoint, credentials, quotas.",
            "inputProperties": config,
        },
        "resources": {
            VOICE_TOKEN: {
                "description": (
                    "A customized (cloned) voice trained by Alibaba Cloud ICE, basic edition: "
                    f"{RECORDING_COUNT} recordings of ICE's demonstration texts. Create submits "
                    "the voice-cloning job and waits for training; a job left by an interrupted "
                    "run is adopted, never submitted twice. A trained voice cannot be deleted "
                    "through the ICE API: destroy removes it from the stack only."
                ),
                "inputProperties": inputs,
                "requiredInputs": [camel(name) for name in REQUIRED_INPUTS],
                "properties": outputs,
                "required": [camel(n) for n in ("voice_id", "region", "job_id", "status")],
                "replaceOnChanges": [camel(name) for name in REPLACE_ON_CHANGE],
            }
        },
        "types": {
            DEMONSTRATION_TYPE: _DEMONSTRATION,
            VOICE_SUMMARY_TYPE: {
                "type": "object",
                "description": "A voice as ICE lists it.",
                "properties": summary,
                "required": ["voiceId"],
            },
        },
        "functions": {
            GET_VOICE_TOKEN: _function(
                GET_VOICE_TOKEN,
                {"voiceId": {**_STRING, "description": "The voice id."}},
                ["voiceId"],
                read,
            ),
            LIST_VOICES_TOKEN: _function(
                LIST_VOICES_TOKEN,
                {"type": {**_STRING, "description": f"{', '.join(VOICE_TYPES)} (default Basic)."}},
                [],
                {
                    "voices": {
                        "type": "array",
                        "items": {"$ref": f"#/types/{VOICE_SUMMARY_TYPE}"},
                        "description": "The voices, newest first.",
                    }
                },
            ),
            GET_DEMONSTRATION_TOKEN: _function(
                GET_DEMONSTRATION_TOKEN,
                {"scenario": {**_STRING, "description": f"{', '.join(SCENARIOS)}."}},
                ["scenario"],
                {
                    "texts": {
                        "type": "array",
                        "items": {"$ref": f"#/types/{DEMONSTRATION_TYPE}"},
                        "description": f"The {RECORDING_COUNT} texts, by audio record id.",
                    }
                },
            ),
        },
        "language": {
            "python": {"packageName": "pulumi_icevoice", "respectSchemaVersion": True},
            "nodejs": {"packageName": "@pulumi-ice-voice/icevoice", "respectSchemaVersion": True},
        },
    }


assert set(INPUTS) == set(INPUT_NAMES) - set(AUTONAME_KEYS)
assert not set(OUTPUTS) & set(INPUTS)
assert set(OUTPUT_NAMES) <= {*INPUTS, *OUTPUTS}, set(OUTPUT_NAMES) - {*INPUTS, *OUTPUTS}
