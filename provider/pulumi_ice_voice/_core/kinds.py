"""The seam both front doors adapt: a resource type of the provider, as `ResourceKind`.

A door (the dynamic provider, the plugin) turns the engine's property bags into plain
mappings, asks a ResourceKind, and turns what it answers back: `Recorded` (a resource id
and outputs), a `Plan`, check failures. `JobKind` is a ResourceKind for a family whose
resources are ICE jobs (an edition's voices, speeches), typed by the family's spec, state
and `Service`; the doors never see those types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol

from icevoice import IceError

from .errors import JobIncomplete, VoiceError
from .inputs import DeclaredVoice, InputFailure, InputTable, Output
from .parallelism import Parallelism
from .records import Plan, Record, Recorded, SpecT, StateT, parsed_spec
from .unknown import is_unknown

if TYPE_CHECKING:
    from .session import Session

__all__ = ["JobKind", "ReadBack", "ResourceKind", "Service"]

#: Outputs that only ICE can change; a diff never touches them.
STABLE_OUTPUTS = ("job_id", "create_time", "voice_type", "region")

Properties = Mapping[str, object]
"""A property bag as the core reads it: snake_case keys, plain values, unknowns marked."""


@dataclass(frozen=True)
class ReadBack:
    """What a refresh or an import records of a resource: its outputs and its inputs."""

    outputs: dict[str, object]
    inputs: dict[str, object]


class ResourceKind(Protocol):
    """One resource type, as both front doors adapt it."""

    @property
    def name(self) -> str:
        """The type's name: CustomizedVoice, StandardCustomizedVoice, ..."""

    @property
    def description(self) -> str:
        """What users read about the type."""

    @property
    def inputs(self) -> InputTable: ...

    @property
    def outputs(self) -> tuple[Output, ...]:
        """What the type reports besides its inputs."""

    @property
    def stable(self) -> tuple[str, ...]:
        """Outputs that only ICE changes: a diff never touches them."""

    def check(
        self, olds: Properties, news: Properties, region: str
    ) -> tuple[dict[str, object], list[InputFailure]]:
        """The checked inputs and a failure per bad property (no network; unknowns pass)."""

    def plan(self, old_outputs: Properties, news: Properties, region: str) -> Plan:
        """The change from a resource as recorded to its checked inputs (no network)."""

    def label(self, props: Properties, region: str) -> str:
        """How the user's lines name the resource (a voice id, a voice's name in ICE)."""

    def create(
        self, session: Session, props: Properties, region: str, timeout: float | None
    ) -> Recorded:
        """Make the resource in ICE (``timeout`` in place of the declared training timeout);
        a JobIncomplete carries what to record of a resource it left unfinished."""

    def update(
        self,
        session: Session,
        old_outputs: Properties,
        news: Properties,
        region: str,
        timeout: float | None,
    ) -> Recorded: ...

    def read(
        self,
        session: Session,
        resource_id: str,
        recorded: Properties,
        declared: Properties,
        region: str,
    ) -> ReadBack | None:
        """The resource as ICE has it now, or None when ICE no longer knows it.
        ``recorded``: what the stack holds of it (its old outputs and inputs; nothing for an
        import); ``declared``: the inputs to read it back with."""

    def forget(self, session: Session, resource_id: str, props: Properties) -> None:
        """Delete what ICE lets be deleted; the rest is only forgotten."""

    def notice(self, session: Session, olds: Properties, checked: Properties) -> list[str]:
        """What a check of these inputs warns of before anything is submitted (a quota the
        stack's creates would pass); best effort, never an error."""


class Service(Protocol[SpecT, StateT]):
    """What acts on a family's resources in ICE for one session (core.voices.Voices, ...)."""

    state_type: ClassVar[type[StateT]]

    def __init__(self, session: Session) -> None: ...

    @staticmethod
    def plan(record: Record[SpecT, StateT], declared: DeclaredVoice) -> Plan: ...

    @staticmethod
    def label(spec: SpecT) -> str: ...

    @staticmethod
    def resource_id(record: Record[SpecT, StateT]) -> str: ...

    def create(self, spec: SpecT) -> Record[SpecT, StateT]: ...

    def update(self, record: Record[SpecT, StateT], spec: SpecT) -> Record[SpecT, StateT]: ...

    def read(self, resource_id: str, recorded: StateT | None, spec: SpecT | None) -> StateT | None:
        """The resource as ICE has it now (None: gone); ``recorded``: as the stack holds it
        (None for an import)."""

    def forget(self, resource_id: str, record: Record[SpecT, StateT]) -> None: ...

    def left_by(self, spec: SpecT, incomplete: JobIncomplete) -> StateT:
        """What to record of a resource whose create or update ended in ``incomplete``."""

    def planned(self, identity: str) -> str | None:
        """A create of ``identity`` is planned: a warning, if this one is one too many."""


@dataclass(frozen=True)
class JobKind(Generic[SpecT, StateT]):
    """A ResourceKind for a family whose resources are ICE jobs."""

    name: str
    description: str
    spec_type: type[SpecT]
    service_type: type[Service[SpecT, StateT]]
    outputs: tuple[Output, ...]
    id_input: str | None = None
    """The input the resource id is (Basic's voice_id); None where ICE assigns the id."""
    stable: tuple[str, ...] = STABLE_OUTPUTS
    long_waits: bool = True
    """Whether a create waits as long as a training (the engine's step limit matters)."""

    @property
    def inputs(self) -> InputTable:
        return self.spec_type.INPUTS

    def check(
        self, olds: Properties, news: Properties, region: str
    ) -> tuple[dict[str, object], list[InputFailure]]:
        return self.inputs.check(olds, news, region)

    def plan(self, old_outputs: Properties, news: Properties, region: str) -> Plan:
        declared = DeclaredVoice.from_checked(news, self.inputs)
        return self.service_type.plan(self._record(old_outputs, region), declared)

    def label(self, props: Properties, region: str) -> str:
        return self.service_type.label(self.spec_type.parse(props, region))

    def create(
        self, session: Session, props: Properties, region: str, timeout: float | None
    ) -> Recorded:
        spec = self.spec_type.parse(props, region)
        service = session.service(self.service_type)
        identity = str(getattr(spec, self.inputs.identity))
        creates = session.service(Parallelism) if self.long_waits else None
        if creates is not None:
            creates.started(identity)
        try:
            record = service.create(spec.waiting(timeout))
        except JobIncomplete as exc:
            exc.recorded = self._recorded(Record(spec, service.left_by(spec, exc)))
            raise
        finally:
            if creates is not None:
                creates.ended(identity)
        return self._recorded(Record(spec, record.state))

    def notice(self, session: Session, olds: Properties, checked: Properties) -> list[str]:
        identity = checked.get(self.inputs.identity)
        if olds.get(self.inputs.identity) or not isinstance(identity, str) or is_unknown(identity):
            return []  # not a create, or not known yet
        if self.long_waits and checked.get("wait_for_training") is not False:
            session.service(Parallelism).planned(identity)
        try:
            warning = session.service(self.service_type).planned(identity)
        except (IceError, VoiceError):
            return []  # a warning is best effort: the create itself says what is wrong
        return [warning] if warning else []

    def update(
        self,
        session: Session,
        old_outputs: Properties,
        news: Properties,
        region: str,
        timeout: float | None,
    ) -> Recorded:
        spec = self.spec_type.parse(news, region)
        service = session.service(self.service_type)
        try:
            record = service.update(self._record(old_outputs, region), spec.waiting(timeout))
        except JobIncomplete as exc:
            exc.recorded = self._recorded(Record(spec, service.left_by(spec, exc)))
            raise
        # The spec as declared (not the wait that bounded this update), what update kept.
        kept = record.spec.model_copy(update={spec.TIMEOUT: spec.timeout})
        return self._recorded(Record(kept, record.state))

    def read(
        self,
        session: Session,
        resource_id: str,
        recorded: Properties,
        declared: Properties,
        region: str,
    ) -> ReadBack | None:
        spec = self._spec_or_none(resource_id, recorded, region)
        held = self._record(recorded, region).state if _job_id(recorded) else None
        state = session.service(self.service_type).read(resource_id, held, spec)
        if state is None:
            return None
        outputs, inputs = state.read_back({name: declared.get(name) for name in self.inputs.names})
        return ReadBack(outputs, inputs)

    def forget(self, session: Session, resource_id: str, props: Properties) -> None:
        region = str(props.get("region") or session.config.region)
        session.service(self.service_type).forget(resource_id, self._record(props, region))

    def _record(self, outputs: Properties, region: str) -> Record[SpecT, StateT]:
        """A recorded resource, out of the outputs the engine kept (its old outputs)."""
        state_type = self.service_type.state_type
        known = {k: v for k, v in outputs.items() if k in state_type.model_fields}
        state = state_type.model_validate(
            {k: v for k, v in known.items() if v is not None}
            | {"region": outputs.get("region") or region}
        )
        return Record(parsed_spec(self.spec_type, outputs, region), state)

    def _recorded(self, record: Record[SpecT, StateT]) -> Recorded:
        return Recorded(self.service_type.resource_id(record), record.outputs())

    def _spec_or_none(self, resource_id: str, props: Properties, region: str) -> SpecT | None:
        """The spec of a voice read by id, or None when its inputs are not all known (an
        import, a get)."""
        if self.id_input is not None:
            props = {**props, self.id_input: resource_id}
        try:
            return self.spec_type.parse(props, region)
        except ValueError:  # InputsInvalid, or what the spec's model refuses
            return None


def _job_id(recorded: Properties) -> str | None:
    """The job id a resource recorded, if any."""
    job_id = recorded.get("job_id")
    return job_id if isinstance(job_id, str) and job_id else None
