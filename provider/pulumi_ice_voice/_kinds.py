"""The provider's resource types, each as both front doors adapt it.

A Kind ties one resource type to its input table, how its checked inputs and recorded
outputs parse, the service that acts on it, and what it calls its resource id. The dynamic
provider and the plugin are thin adapters over these: property bags in, a Kind's calls,
property bags out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from icevoice import CustomizedVoiceJob

from ._edition_inputs import COSY_VOICE, STANDARD, EditionInputs, EditionRecord, EditionSpec
from ._edition_inputs import OUTPUT_NAMES as EDITION_OUTPUTS
from ._editions import plan
from ._inputs import (
    BASIC_INPUTS,
    INPUT_NAMES,
    REPLACE_ON_CHANGE,
    DeclaredVoice,
    InputTable,
    VoiceSpec,
)
from ._session import Session
from ._state import OUTPUT_NAMES, VoiceRecord
from ._voices import STABLE_OUTPUTS, Plan, VoiceService

__all__ = ["BASIC", "COSY", "KINDS", "STANDARD_KIND", "Kind", "Record", "State"]


class State(Protocol):
    """What ICE showed of a voice (VoiceState, EditionState)."""

    @property
    def status(self) -> str | None: ...

    def outputs(self) -> dict[str, Any]: ...

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]: ...


class Record(Protocol):
    """A voice as the stack keeps it (VoiceRecord, EditionRecord)."""

    @property
    def spec(self) -> Any: ...

    @property
    def state(self) -> Any: ...

    def outputs(self) -> dict[str, Any]: ...


class Service(Protocol):
    """What a front door asks of an edition's voices (VoiceService, EditionVoices)."""

    def create(self, spec: Any) -> Any: ...

    def update(self, record: Any, spec: Any) -> Any: ...

    def read(self, voice_id: str, job_id: str | None, spec: Any) -> Any: ...

    def forget(self, voice_id: str, job_id: str | None) -> None: ...

    def state_of(self, spec: Any, job: CustomizedVoiceJob) -> Any: ...


@dataclass(frozen=True)
class Kind:
    """One resource type of the provider."""

    name: str
    """CustomizedVoice, StandardCustomizedVoice, CosyVoiceCustomizedVoice."""
    table: InputTable
    declared: tuple[str, ...]
    """The inputs a program declares (the schema's, the resource class's)."""
    service: Callable[[Session], Service]
    plan: Callable[[Any, DeclaredVoice], Plan]
    """A recorded voice and its inputs as now declared -> the change (no network)."""
    parse: Callable[[Mapping[str, Any], str], Any]
    """Checked properties -> the edition's spec; ValueError naming a bad one."""
    record: Callable[[Mapping[str, Any], str], Record]
    """Recorded outputs -> the edition's record."""
    resource_id: Callable[[Record], str]
    made: Callable[[Any, Any], Record]
    """A spec and a state -> the record to keep (VoiceRecord, EditionRecord)."""
    label: Callable[[Any], str]
    """How the user's lines name a spec's voice: its voice id, or its name in ICE."""
    outputs: tuple[str, ...]
    """What ICE reports of a voice (the state's fields)."""
    replaces: tuple[str, ...]
    """Declared inputs whose change trains a new voice."""
    id_input: str | None = None
    """The input the resource id is (Basic's voice_id); None where ICE assigns the id."""
    stable: tuple[str, ...] = STABLE_OUTPUTS

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], region: str
    ) -> tuple[dict[str, Any], list[Any]]:
        return self.table.check(olds, news, region)

    def declared_voice(self, checked: Mapping[str, Any]) -> DeclaredVoice:
        return DeclaredVoice.from_checked(checked, self.table.names)

    def parse_or_none(self, resource_id: str, props: Mapping[str, Any], region: str) -> Any:
        """The spec of a voice read by id, or None when its inputs are not all known (an
        import, a get)."""
        if self.id_input is not None:
            props = {**props, self.id_input: resource_id}
        try:
            return self.parse(props, region)
        except ValueError:
            return None


def _edition(inputs: EditionInputs, service: Callable[[Session], Service]) -> Kind:
    def parse(props: Mapping[str, Any], region: str) -> EditionSpec:
        return EditionSpec.parse(inputs, props, region)

    def record(outputs: Mapping[str, Any], region: str) -> EditionRecord:
        return EditionRecord.from_outputs(inputs, outputs, region)

    def resource_id(record: Record) -> str:
        state = record.state
        return str(state.voice_id or state.job_id)

    def planned(record: Any, declared: DeclaredVoice) -> Plan:
        return plan(inputs, record, declared)

    return Kind(
        name=inputs.resource,
        table=inputs.table,
        declared=inputs.declared_names,
        service=service,
        plan=planned,
        parse=parse,
        record=record,
        resource_id=resource_id,
        made=lambda spec, state: EditionRecord(inputs, spec, state),
        label=lambda spec: str(spec.ice_voice_name),
        outputs=EDITION_OUTPUTS,
        replaces=inputs.training,
    )


BASIC = Kind(
    name="CustomizedVoice",
    table=BASIC_INPUTS,
    declared=tuple(name for name in INPUT_NAMES if not name.startswith("autoname_")),
    service=lambda session: session.voices,
    plan=VoiceService.plan,
    parse=VoiceSpec.from_properties,
    record=VoiceRecord.from_outputs,
    resource_id=lambda record: str(record.spec.voice_id),
    made=VoiceRecord,
    label=lambda spec: str(spec.voice_id),
    outputs=OUTPUT_NAMES,
    replaces=REPLACE_ON_CHANGE,
    id_input="voice_id",
)
STANDARD_KIND = _edition(STANDARD, lambda session: session.standard)
COSY = _edition(COSY_VOICE, lambda session: session.cosy_voice)
KINDS = {kind.name: kind for kind in (BASIC, STANDARD_KIND, COSY)}
