"""Voices of the Standard and CosyVoice editions as programs declare them and stacks keep them.

Both train on audio registered in ICE as media (media ids), and ICE, not the caller, chooses
their voice id. What identifies such a voice before ICE has assigned its id is its name in
ICE: the declared `voice_name` (the resource name when left out; its first 23 characters)
followed by `-` and 8 hex characters digested from the stack, the resource and what the
voice is trained on (`ice_voice_name`, computed by `check`). The same resource with the
same inputs always names its voice the same, so a create that was interrupted after its
submit reached ICE finds that job on the next `pulumi up` by listing the edition's jobs;
another stack, another resource, or a voice trained outside Pulumi never has that name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.runtime.rpc import UNKNOWN
from pydantic import BaseModel, ConfigDict, ValidationError

from icevoice import COSY_VOICE_MODELS, GENDERS, CosyVoiceModel, Gender

from ._inputs import (
    AUTONAME_KEYS,
    DEFAULT_TRAINING_TIMEOUT,
    UPDATABLE,
    WAIT_SETTINGS,
    InputTable,
    Rule,
    SpecBase,
    autonamed,
    bool_rule,
    choice_rule,
    is_unknown,
    oss_url_problem,
    text_rule,
    training_timeout_rule,
    type_name,
)

__all__ = [
    "COSY_VOICE",
    "NAME_SUFFIX_LENGTH",
    "STANDARD",
    "VOICE_NAME_MAX_LENGTH",
    "EditionInputs",
    "EditionRecord",
    "EditionSpec",
    "EditionState",
    "is_audio_url",
]

#: ICE's VoiceName is at most 32 characters; 9 of them are the `-` and the 8 hex characters
#: that make the name this resource's own, so a voice_name keeps its first 23.
NAME_SUFFIX_LENGTH = 9
VOICE_NAME_MAX_LENGTH = 32
_MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_audio_url(value: str) -> bool:
    """Whether a declared audio is an OSS URL (registered by the provider) or a media id."""
    return "://" in value


def _media_id(value: Any, region: str) -> str | None:
    """A media id, or the OSS URL of an audio file in the provider's region."""
    if not isinstance(value, str):
        return f"must be a media id or an OSS URL, not {type_name(value)}"
    if is_audio_url(value):
        problem = oss_url_problem(value, region, same_region=True)
        return problem.replace("recordings", "training audio") if problem else None
    if not _MEDIA_ID.fullmatch(value):
        return f"{value!r} is not a media id (1 to 64 letters, digits, '-' or '_') or an OSS URL"
    return None


def _media_ids(value: Any, region: str) -> str | None:
    if not isinstance(value, (list, tuple)) or not value:
        return f"must be a non-empty list of media ids or OSS URLs, not {type_name(value)}"
    problems = [
        f"audio {n}: {problem}"
        for n, item in enumerate(value, start=1)
        if not is_unknown(item) and (problem := _media_id(item, region))
    ]
    known = [item for item in value if not is_unknown(item)]
    if len(set(known)) != len(known):
        problems.append("an audio is listed twice")
    return "; ".join(problems) or None


@dataclass(frozen=True)
class EditionInputs:
    """One edition's inputs: its ICE `Type`, what its training is made of, its rules."""

    voice_type: str
    """The edition as ICE's list actions take it in `Type` (CosyVoice's is unverified)."""
    training: tuple[str, ...]
    """Inputs whose change needs a new voice (training inputs), the name included."""
    rules: Mapping[str, Rule]
    required: tuple[str, ...]
    resource: str
    """The resource's type name: StandardCustomizedVoice, CosyVoiceCustomizedVoice."""

    @property
    def replace_on_change(self) -> tuple[str, ...]:
        return (*self.training, "ice_voice_name")

    @property
    def names(self) -> tuple[str, ...]:
        """Every checked input: the declared ones, the derived name, the autoname keys."""
        return (*self.training, "ice_voice_name", *UPDATABLE, *WAIT_SETTINGS, *AUTONAME_KEYS)

    @property
    def declared_names(self) -> tuple[str, ...]:
        """The inputs a program declares (what the schema and the resource classes list)."""
        return (*self.training, *UPDATABLE, *WAIT_SETTINGS)

    @property
    def table(self) -> InputTable:
        return InputTable(
            names=self.names,
            rules=self.rules,
            required=self.required,
            defaults={"wait_for_training": True, "training_timeout": DEFAULT_TRAINING_TIMEOUT},
            identity="ice_voice_name",
            autoname=self._name,
        )

    def _name(self, olds: Mapping[str, Any], checked: Mapping[str, Any]) -> str | None:
        """`<voice_name>-<8 hex>`: the name in ICE that only this resource gives a voice."""
        basis = {name: checked.get(name) for name in self.training}
        stem = checked.get("voice_name") or checked.get("autoname_prefix")
        if is_unknown(stem):
            return UNKNOWN
        name = autonamed(
            stem,
            checked.get("autoname_seed"),
            {"edition": self.voice_type, **basis},
            max_length=32,
            separator="-",
            drop=r"[\x00-\x1f]",
        )
        old = olds.get("ice_voice_name")
        unchanged = all(olds.get(k) == checked.get(k) for k in basis)
        return old if isinstance(old, str) and unchanged and name is not None else name


_COMMON: dict[str, Rule] = {
    "voice_name": text_rule(VOICE_NAME_MAX_LENGTH),
    "gender": choice_rule(GENDERS),
    "demo_audio_media_url": lambda v, r: oss_url_problem(v, r, same_region=False),
    "demo_audio_media_id": text_rule(128),
    "wait_for_training": bool_rule,
    "training_timeout": training_timeout_rule,
}

STANDARD = EditionInputs(
    voice_type="Standard",
    training=("voice_name", "gender", "audios", "authentication", "demo_audio_media_url"),
    rules={**_COMMON, "audios": _media_ids, "authentication": _media_id},
    required=("gender",),
    resource="StandardCustomizedVoice",
)

COSY_VOICE = EditionInputs(
    voice_type="CosyVoice",
    training=("voice_name", "gender", "audio", "model", "demo_audio_media_url"),
    rules={**_COMMON, "audio": _media_id, "model": choice_rule(COSY_VOICE_MODELS)},
    required=("gender",),
    resource="CosyVoiceCustomizedVoice",
)


class EditionSpec(SpecBase):
    """Checked inputs of a Standard or CosyVoice voice, every value known."""

    ice_voice_name: str
    gender: Gender
    voice_name: str | None = None
    audios: tuple[str, ...] | None = None
    authentication: str | None = None
    audio: str | None = None
    model: CosyVoiceModel | None = None

    @classmethod
    def parse(cls, inputs: EditionInputs, props: Mapping[str, Any], region: str) -> EditionSpec:
        """Parse checked properties; a bad one raises ValueError naming the property."""
        checked, failures = inputs.table.check({}, props, region)
        if failures:
            raise ValueError("; ".join(f"{f.property}: {f.reason}" for f in failures))
        values = {k: v for k, v in checked.items() if v is not None and k in cls.model_fields}
        return cls.model_validate(values)

    def declared(self, inputs: EditionInputs) -> dict[str, Any]:
        """The inputs as the program declared them, the derived name included."""
        values = self.model_dump(mode="json", include={*inputs.names})
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


class EditionState(BaseModel):
    """What ICE shows of a Standard or CosyVoice voice: identity, training job, demo audio."""

    model_config = ConfigDict(frozen=True)

    voice_id: str | None = None
    """Assigned by ICE (a Standard voice's is read from its job)."""
    region: str
    ice_voice_name: str | None = None
    gender: str | None = None
    job_id: str | None = None
    status: str | None = None
    message: str | None = None
    voice_type: str | None = None
    create_time: str | None = None
    demo_audio_media_id: str | None = None
    demo_audio_url: str | None = None

    def outputs(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a refresh or an import records of the voice: (outputs, inputs). An import
        declares the voice as ICE names it (voice_name is its whole name in ICE), with no
        training inputs: its audio is trained already, so create can only adopt it."""
        live = self.outputs()
        imported = declared.get("ice_voice_name") is None  # never named by this resource
        declared = {
            **declared,
            "gender": live["gender"],
            "ice_voice_name": live["ice_voice_name"],
            "voice_name": live["ice_voice_name"] if imported else declared.get("voice_name"),
        }
        inputs = {k: v for k, v in declared.items() if v is not None}
        return {**declared, **live}, inputs


@dataclass(frozen=True)
class EditionRecord:
    """A Standard or CosyVoice voice as the stack keeps it: its inputs, what ICE showed."""

    inputs: EditionInputs
    spec: EditionSpec
    state: EditionState

    @classmethod
    def from_outputs(
        cls, inputs: EditionInputs, outputs: Mapping[str, Any], region: str
    ) -> EditionRecord:
        """Parse a resource's outputs (the engine's old outputs): inputs recorded under
        rules that came later are taken as they are."""
        state = EditionState.model_validate(
            {k: v for k, v in outputs.items() if k in EditionState.model_fields and v is not None}
            | {"region": outputs.get("region") or region}
        )
        try:
            spec = EditionSpec.parse(inputs, outputs, region)
        except (ValueError, ValidationError):
            known = {k: v for k, v in outputs.items() if k in EditionSpec.model_fields}
            spec = EditionSpec.model_construct(**{k: v for k, v in known.items() if v is not None})
        return cls(inputs, spec, state)

    def outputs(self) -> dict[str, Any]:
        """The resource's outputs: every input as declared, then what ICE reports."""
        return {**self.spec.declared(self.inputs), **self.state.outputs()}


OUTPUT_NAMES = tuple(EditionState.model_fields)
