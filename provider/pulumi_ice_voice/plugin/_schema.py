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

from icevoice import (
    COSY_VOICE_MODELS,
    COSY_VOICE_QUOTA,
    GENDERS,
    SCENARIOS,
    VOICE_ID_MAX_LENGTH,
    VOICE_TYPES,
)

from .._config import SETTINGS
from .._inputs import DEFAULT_TRAINING_TIMEOUT, MAX_TRAINING_TIMEOUT, RECORDING_COUNT
from .._kinds import BASIC, COSY, STANDARD_KIND, Kind
from .._state import OUTPUT_NAMES
from ._packages import languages, metadata
from ._values import camel

__all__ = [
    "FUNCTIONS",
    "GET_DEMONSTRATION_TOKEN",
    "GET_VOICE_TOKEN",
    "INPUTS",
    "LIST_VOICES_TOKEN",
    "OUTPUTS",
    "PACKAGE",
    "RESOURCES",
    "VOICE_TOKEN",
    "Property",
    "ResourceDoc",
    "package_schema",
    "token_of",
]

PACKAGE = "icevoice"
VOICE_TOKEN = f"{PACKAGE}:index:CustomizedVoice"


def token_of(kind: Kind) -> str:
    """A resource type's token: icevoice:index:<name>."""
    return f"{PACKAGE}:index:{kind.name}"


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

_WAITING = {
    name: INPUTS[name] for name in ("demo_audio_media_id", "wait_for_training", "training_timeout")
}
_EDITION_NAME = Property(
    _STRING,
    "Display name in ICE: its first 23 characters, then `-` and 8 characters that make the "
    "name this resource's own (at most 32 in all; see iceVoiceName). Omitted: the resource "
    f"name. {_RETRAINS}",
)
_TRAINED_ALREADY = (
    "Omitted: the voice is trained already (an import), and create can only adopt it."
)

#: Every input of a Standard voice.
STANDARD_INPUTS: dict[str, Property] = {
    "voice_name": _EDITION_NAME,
    "gender": INPUTS["gender"],
    "audios": Property(
        {"type": "array", "items": _STRING},
        "The training audio, each a media id registered in ICE or the OSS URL of a file in "
        "the provider's region (registered by the provider, once): each longer than a "
        f"minute, 15 to 30 minutes in all. {_TRAINED_ALREADY} {_RETRAINS}",
    ),
    "authentication": Property(
        _STRING,
        "The speaker's spoken consent, a media id or an OSS URL as for audios; if its "
        "voiceprint does not match the training audio, training fails. "
        f"{_TRAINED_ALREADY} {_RETRAINS}",
    ),
    "demo_audio_media_url": INPUTS["demo_audio_media_url"],
    **_WAITING,
}

#: Every input of a CosyVoice voice.
COSY_INPUTS: dict[str, Property] = {
    "voice_name": _EDITION_NAME,
    "gender": INPUTS["gender"],
    "audio": Property(
        _STRING,
        "The one training audio: a media id registered in ICE, or the OSS URL of a file in "
        f"the provider's region (registered by the provider, once). {_TRAINED_ALREADY} "
        f"{_RETRAINS}",
    ),
    "model": Property(
        _STRING,
        f"The CosyVoice model: {_one_of(COSY_VOICE_MODELS)}. {_TRAINED_ALREADY} {_RETRAINS}",
    ),
    "demo_audio_media_url": INPUTS["demo_audio_media_url"],
    **_WAITING,
}

#: What a Standard or CosyVoice voice reports besides its inputs.
EDITION_OUTPUTS: dict[str, Property] = {
    "voice_id": Property(_STRING, "The voice id ICE assigned (also the resource id)."),
    "ice_voice_name": Property(
        _STRING,
        "The voice's name in ICE: voice_name's first 23 characters, `-` and 8 characters "
        "digested from the stack, the resource and what the voice is trained on.",
    ),
    **{name: OUTPUTS[name] for name in ("job_id", "status", "message", "demo_audio_url")},
    "voice_type": Property(_STRING, "The edition: Standard or CosyVoice."),
    **{name: OUTPUTS[name] for name in ("create_time", "region")},
}


@dataclass(frozen=True)
class ResourceDoc:
    """One resource type as users read it: its Kind, what it is, its properties' texts."""

    kind: Kind
    description: str
    inputs: dict[str, Property]
    outputs: dict[str, Property]

    @property
    def token(self) -> str:
        return token_of(self.kind)


_DESTROY = (
    "A trained voice cannot be deleted through the ICE API: destroy removes it from the stack only."
)
RESOURCES: dict[str, ResourceDoc] = {
    doc.kind.name: doc
    for doc in (
        ResourceDoc(
            BASIC,
            "A customized (cloned) voice trained by Alibaba Cloud ICE, basic edition: "
            f"{RECORDING_COUNT} recordings of ICE's demonstration texts. Create submits the "
            "voice-cloning job and waits for training; a job left by an interrupted run is "
            f"adopted, never submitted twice. {_DESTROY}",
            INPUTS,
            OUTPUTS,
        ),
        ResourceDoc(
            STANDARD_KIND,
            "A customized voice of ICE's Standard edition, the best quality: 15 to 30 minutes "
            "of registered audio and the speaker's spoken consent. ICE assigns the voice id; "
            "the voice's name in ICE (iceVoiceName) is this resource's own, so a create "
            "interrupted after its submit finds its job on the next up instead of submitting "
            f"again. After a Fail the next up deletes the failed job and submits anew. {_DESTROY}",
            STANDARD_INPUTS,
            EDITION_OUTPUTS,
        ),
        ResourceDoc(
            COSY,
            "A customized voice of ICE's CosyVoice edition: one registered audio and a model. "
            f"An account holds at most {COSY_VOICE_QUOTA} CosyVoice voices per region; a "
            "create past that fails before submitting. ICE assigns the voice id; identity and "
            f"interruptions as for StandardCustomizedVoice. {_DESTROY}",
            COSY_INPUTS,
            EDITION_OUTPUTS,
        ),
    )
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


def _resource(doc: ResourceDoc) -> dict[str, Any]:
    inputs = _props(doc.inputs)
    inputs[camel("wait_for_training")]["default"] = True
    inputs[camel("training_timeout")]["default"] = DEFAULT_TRAINING_TIMEOUT
    always = ("voice_id", "region", "job_id", "status")
    return {
        "description": doc.description,
        "inputProperties": inputs,
        "requiredInputs": [camel(name) for name in doc.kind.table.required],
        "properties": {**inputs, **_props(doc.outputs)},
        "required": [camel(name) for name in always],
        "replaceOnChanges": [camel(name) for name in doc.kind.replaces],
    }


def package_schema(version: str) -> dict[str, Any]:
    """The whole package schema of the plugin at ``version``."""
    basic = _props({**INPUTS, **OUTPUTS})
    # What getCustomizedVoice reports: what ICE knows of a voice, not how it was declared.
    read = {
        camel(name): basic[camel(name)] for name in OUTPUT_NAMES if name != "demo_audio_media_url"
    }
    summary = {camel(k): {**_STRING, "description": v} for k, v in _VOICE_SUMMARY.items()}
    config = _config_properties()
    return {
        "name": PACKAGE,
        "displayName": "Alibaba Cloud ICE customized voices",
        "version": version,
        "description": "Alibaba Cloud Intelligent Media Services (ICE) customized (cloned) voices.",
        "keywords": ["pulumi", "alibaba-cloud", "ice", "voice", "category/cloud", "kind/native"],
        "license": "Apache-2.0",
        "publisher": "pulumi-ice-voice",
        **metadata(),
        "config": {"variables": config},
        "provider": {
            "description": "The ICE voice provider: a region, an endpoint, credentials, quotas.",
            "inputProperties": config,
        },
        "resources": {doc.token: _resource(doc) for doc in RESOURCES.values()},
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
        "language": languages(),
    }


for _doc in RESOURCES.values():
    assert set(_doc.inputs) == set(_doc.kind.declared), _doc.kind.name
    assert not set(_doc.outputs) & set(_doc.inputs), _doc.kind.name
    assert set(_doc.kind.outputs) <= {*_doc.inputs, *_doc.outputs}, _doc.kind.name
