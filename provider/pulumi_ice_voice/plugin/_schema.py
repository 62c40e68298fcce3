"""The plugin's Pulumi package schema, made from the kinds' tables.

Every resource's properties come from its rows (`Input`, `Output`: type, requiredness,
default, what a change does, the text users read) and the configuration keys from
_core.config.SETTINGS: what `check` enforces and what users read are one source. The schema
is what `pulumi package gen-sdk` makes every language's SDK from, and what the README's
reference is made from (`pulumi-resource-icevoice --reference`).
"""

from __future__ import annotations

from typing import Any

from icevoice import COSY_VOICE_QUOTA, SCENARIOS, VOICE_TYPES

from .._basic import BASIC
from .._basic.inputs import RECORDING_COUNT
from .._core.config import SETTINGS
from .._core.inputs import Input, Output, PropertyType
from .._core.kinds import ResourceKind
from .._kinds import KINDS
from ._packages import languages, metadata
from ._values import camel

__all__ = [
    "FUNCTIONS",
    "GET_COSY_VOICE_QUOTA_TOKEN",
    "GET_DEMONSTRATION_TOKEN",
    "GET_VOICE_TOKEN",
    "LIST_VOICES_TOKEN",
    "PACKAGE",
    "package_schema",
    "token_of",
]

PACKAGE = "icevoice"


def token_of(kind: ResourceKind) -> str:
    """A resource type's token: icevoice:index:<name>."""
    return f"{PACKAGE}:index:{kind.name}"


GET_VOICE_TOKEN = f"{PACKAGE}:index:getCustomizedVoice"
LIST_VOICES_TOKEN = f"{PACKAGE}:index:listCustomizedVoices"
GET_DEMONSTRATION_TOKEN = f"{PACKAGE}:index:getDemonstration"
GET_COSY_VOICE_QUOTA_TOKEN = f"{PACKAGE}:index:getCosyVoiceQuota"
QUOTA_VOICE_TYPE = f"{PACKAGE}:index:QuotaVoice"
DEMONSTRATION_TYPE = f"{PACKAGE}:index:DemonstrationText"
VOICE_SUMMARY_TYPE = f"{PACKAGE}:index:VoiceSummary"

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
_TYPES: dict[PropertyType, dict[str, Any]] = {
    "string": _STRING,
    "number": _NUMBER,
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "string list": {"type": "array", "items": _STRING},
}


def property_spec(prop: Input | Output, *, secret: bool = False) -> dict[str, Any]:
    """One property of the schema, from its row."""
    spec = {**_TYPES[prop.type], "description": prop.description}
    if isinstance(prop, Input) and prop.default is not None:
        spec["default"] = prop.default
    return spec | ({"secret": True} if secret else {})


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


def _function(
    token: str, inputs: dict[str, Any], required: list[str], outputs: dict[str, Any]
) -> dict[str, Any]:
    """A function's schema; every output is always returned but those ICE may leave out."""
    always = [
        name
        for name in outputs
        if name in ("voiceId", "region", "voices", "texts", "used", "limit")
    ]
    return {
        "description": FUNCTIONS[token],
        "inputs": {"properties": inputs, "required": required},
        "outputs": {"properties": outputs, "required": always},
    }


def _config_properties() -> dict[str, Any]:
    kinds = {"string": _STRING, "number": _NUMBER}
    return {
        setting.key: {**kinds[setting.kind], "description": setting.description}
        | ({"secret": True} if setting.secret else {})
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
    GET_COSY_VOICE_QUOTA_TOKEN: (
        "The account's CosyVoice voices in the provider's region against ICE's limit of "
        f"{COSY_VOICE_QUOTA} per account and region (no API deletes a trained voice)."
    ),
}


def _resource(kind: ResourceKind) -> dict[str, Any]:
    inputs = {camel(row.name): property_spec(row) for row in kind.inputs.rows}
    outputs = {camel(out.name): property_spec(out) for out in kind.outputs}
    identity = [kind.inputs.identity] if kind.inputs.identity in kind.inputs.declared else []
    always = [*identity, *(out.name for out in kind.outputs if out.always)]
    return {
        "description": kind.description,
        "inputProperties": inputs,
        "requiredInputs": [camel(name) for name in kind.inputs.required],
        "properties": {**inputs, **outputs},
        "required": [camel(name) for name in always],
        "replaceOnChanges": [camel(name) for name in kind.inputs.replaces],
    }


#: What a program declares and ICE never reports: no part of a voice as ICE has it.
_DECLARED_ONLY = "demo_audio_media_url"


def _voice_read() -> dict[str, Any]:
    """What getCustomizedVoice reports: what ICE knows of a voice, not how it was declared."""
    rows: dict[str, Input | Output] = {row.name: row for row in BASIC.inputs.rows}
    rows |= {out.name: out for out in BASIC.outputs}
    fields = [name for name in BASIC.service_type.state_type.model_fields if name in rows]
    return {camel(name): property_spec(rows[name]) for name in fields if name != _DECLARED_ONLY}


def package_schema(version: str) -> dict[str, Any]:
    """The whole package schema of the plugin at ``version``."""
    read = _voice_read()
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
        "resources": {token_of(kind): _resource(kind) for kind in KINDS.values()},
        "types": {
            DEMONSTRATION_TYPE: _DEMONSTRATION,
            QUOTA_VOICE_TYPE: {
                "type": "object",
                "description": "A CosyVoice voice's job, as the quota counts it.",
                "properties": {
                    "voiceId": {**_STRING, "description": "The voice id ICE assigned."},
                    "voiceName": {**_STRING, "description": "Its name in ICE."},
                    "status": {**_STRING, "description": "Its training's status."},
                    "jobId": {**_STRING, "description": "Its job's id."},
                },
                "required": ["jobId"],
            },
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
            GET_COSY_VOICE_QUOTA_TOKEN: _function(
                GET_COSY_VOICE_QUOTA_TOKEN,
                {},
                [],
                {
                    "region": {**_STRING, "description": "The region counted."},
                    "used": {"type": "integer", "description": "CosyVoice jobs in it."},
                    "limit": {"type": "integer", "description": "ICE's limit per region."},
                    "voices": {
                        "type": "array",
                        "items": {"$ref": f"#/types/{QUOTA_VOICE_TYPE}"},
                        "description": "The CosyVoice voices counted, newest first.",
                    },
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
