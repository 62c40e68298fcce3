"""What the provider records about a voice: what it saw in ICE (a state), and with the
inputs it was made from, what the stack keeps of it (a record).

Every edition's state is made the same way: each of its fields is the first value that
says something among what ICE reports of the voice, of its job, and what was declared
(`StateBase.merged`, with the edition's `SOURCES`): ICE wins, and a difference is drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from icevoice import CustomizedVoice, CustomizedVoiceJob

from .inputs import SpecBase

__all__ = [
    "Plan",
    "Record",
    "Recorded",
    "SpecT",
    "StateBase",
    "StateT",
    "VoiceStateBase",
    "first_known",
    "parsed_spec",
]


def first_known(*values: Any) -> Any:
    """The first value that says something (not None, not empty): what ICE reports, else
    what was declared."""
    return next((v for v in values if v not in (None, "")), None)


class StateBase(BaseModel):
    """What ICE shows of a resource: the root of every family's state. Every field is an
    output of the resource."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    region: str

    def outputs(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a refresh or an import records of the resource: (outputs, inputs), from the
        inputs as declared (a refresh) or none (an import). Each family says how."""
        raise NotImplementedError


class VoiceStateBase(StateBase):
    """What ICE shows of a voice: its training job and demo audio, and (per edition) its
    identity."""

    SOURCES: ClassVar[Mapping[str, tuple[str | None, str | None, str | None]]]
    """field -> (the voice's attribute, the job's, the spec's) it is merged from."""

    voice_id: str | None = None
    job_id: str | None = None
    status: str | None = None
    message: str | None = None
    voice_type: str | None = None
    create_time: str | None = None
    demo_audio_media_id: str | None = None
    demo_audio_url: str | None = None

    @classmethod
    def merged(
        cls,
        *,
        region: str,
        voice_type: str,
        voice: CustomizedVoice | None,
        job: CustomizedVoiceJob | None,
        spec: SpecBase | None,
        demo_audio_url: str | None,
    ) -> Any:
        """What ICE reports over what was declared (ICE wins: that is drift)."""
        values: dict[str, Any] = {}
        for name, sources in cls.SOURCES.items():
            pairs = zip((voice, job, spec), sources, strict=True)
            found = [getattr(obj, attr) for obj, attr in pairs if obj is not None and attr]
            values[name] = first_known(*found)
        values["voice_type"] = values.get("voice_type") or voice_type
        return cls.model_validate({**values, "region": region, "demo_audio_url": demo_audio_url})

    def outputs(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a refresh or an import records of the voice: (outputs, inputs), from the
        inputs as declared (a refresh) or none (an import). Each edition says how."""
        raise NotImplementedError


#: Where every edition's job and demo audio fields come from.
JOB_SOURCES: dict[str, tuple[str | None, str | None, str | None]] = {
    "job_id": (None, "job_id", None),
    "status": (None, "status", None),
    "message": (None, "message", None),
    "voice_type": (None, "type", None),
    "create_time": (None, "create_time", None),
    "demo_audio_media_id": ("demo_audio_media_id", None, None),
}

SpecT = TypeVar("SpecT", bound=SpecBase)
StateT = TypeVar("StateT", bound=StateBase)


@dataclass(frozen=True)
class Record(Generic[SpecT, StateT]):
    """A voice as the stack keeps it: the inputs it was made from and what ICE showed."""

    spec: SpecT
    state: StateT

    def outputs(self) -> dict[str, Any]:
        """The resource's outputs: every input as declared, then what ICE reports."""
        return {**self.spec.declared(), **self.state.outputs()}


@dataclass(frozen=True)
class Plan:
    """What a change of a resource's inputs takes: nothing, an update in place, or a new one."""

    updates: list[str]
    replaces: list[str]
    delete_before_replace: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.updates or self.replaces)


@dataclass(frozen=True)
class Recorded:
    """What a front door hands the engine of a resource: its id and its outputs."""

    resource_id: str
    outputs: dict[str, Any]


def parsed_spec(spec_type: type[SpecT], outputs: Mapping[str, Any], region: str) -> SpecT:
    """The spec a resource was made from, out of its recorded outputs. Inputs recorded by an
    earlier version under rules it no longer has are taken as they are: a diff of an old
    resource must not fail for a rule that came later."""
    checked, _ = spec_type.INPUTS.check({}, outputs, region)
    try:
        return spec_type.parse(checked, region)
    except (ValueError, ValidationError):
        known = {k: v for k, v in checked.items() if v is not None}
        return spec_type.model_construct(**known)
