"""``Engine``: the Pulumi engine's step logic, small, over a real :class:`ProviderHost`.

Each method follows the Go engine (github.com/pulumi/pulumi, pkg/resource/deploy and
pkg/resource/plugin) for one resource at a time; the functions cited in docstrings
are where each rule comes from. It keeps the "state file" in memory:
``engine.state[urn]`` is a :class:`ResourceState` (id, inputs, outputs, with
:class:`Secret` marks as the engine keeps them).

A program passed to :meth:`Engine.preview` / :meth:`Engine.up` runs for real under
``pulumi.runtime`` mocks whose resource monitor performs the steps, so the program
sees real ids and outputs (and its stack outputs are real); resources the SDK
registers concurrently are stepped concurrently, as the engine does. A
:class:`Capture` (or a list of registrations) can be replayed instead of a program.

What the engine sends the dynamic host, in short (details in each method):

- Configure first, once per host: the whole stack config, ``namespace:key`` -> string,
  secrets marked. The host answers ``acceptSecrets: false`` and no ``supportsPreview``,
  so every later request carries secrets as plain values, and Create/Update are never
  sent during a preview.
- Check(olds = old INPUTS, news = program inputs after ignoreChanges); unknowns only in
  a preview. Diff(olds = old OUTPUTS, news = checked inputs) on every update, even with
  unchanged inputs. Update(olds = old OUTPUTS, news = checked inputs). Delete(old
  OUTPUTS). Read(properties = old OUTPUTS, inputs = old inputs) on refresh.
- Replacement re-runs Check with NO olds on the program's raw inputs, then creates the
  new one before deleting the old (at the end of the update), unless
  deleteBeforeReplace (the option, else the provider's DiffResult) says delete first.
"""

from __future__ import annotations

import collections
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tests.support.program import DEFAULT_PARALLEL, Capture, Program, Registration, run_program
from tests.support.props import (
    Secret,
    annotate_secrets,
    contains_unknown,
    reveal,
    strip_for_provider,
)

from .host import ConfigureResult, DiffResult, ProviderError, ProviderHost

__all__ = [
    "CheckFailedError",
    "Engine",
    "EngineError",
    "OperationResult",
    "ResourceState",
    "Step",
]


@dataclass
class ResourceState:
    """One resource of the state file."""

    urn: str
    type: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    external: bool = False
    """Read with ``Resource.get``: refreshed, but never deleted through the provider."""
    import_id: str = ""
    retain_on_delete: bool = False
    """``ResourceOptions(retain_on_delete=True)``: deletes only forget it."""

    @property
    def name(self) -> str:
        return self.urn.split("::")[-1]


@dataclass(frozen=True)
class Step:
    """One step the engine took (or, in a preview, would take).

    ``op`` is the engine's name: same, create, update, replace, create-replacement,
    delete-replaced, delete, read, discard, import, refresh.
    """

    op: str
    urn: str
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.urn.split("::")[-1]


@dataclass
class OperationResult:
    """What one operation did: its steps in order, the gRPC calls it made, stack outputs."""

    steps: list[Step] = field(default_factory=list)
    calls: collections.Counter[str] = field(default_factory=collections.Counter)
    stack_outputs: dict[str, Any] = field(default_factory=dict)

    def ops(self, name: str | None = None) -> list[tuple[str, str]]:
        """``(op, resource name)`` of each step, optionally of one resource only."""
        return [(s.op, s.name) for s in self.steps if name is None or s.name == name]


class EngineError(Exception):
    """An operation failed as ``pulumi up`` would report it. ``result`` holds the steps
    done before the failure; the state keeps what completed, as the engine's does."""

    def __init__(self, message: str, result: OperationResult | None = None) -> None:
        super().__init__(message)
        self.result = result

    @property
    def provider_error(self) -> ProviderError | None:
        """The host's error behind this one, if any (with the provider's traceback)."""
        cause = self.__cause__
        return cause if isinstance(cause, ProviderError) else None


class CheckFailedError(EngineError):
    """Check returned failures: ``failures`` is a list of (property, reason)."""

    def __init__(self, urn: str, failures: Sequence[tuple[str, str]]) -> None:
        lines = "\n".join(f"  {prop}: {reason}" for prop, reason in failures)
        super().__init__(f"resource {urn} has check errors:\n{lines}")
        self.urn = urn
        self.failures = list(failures)


class Engine:
    """The engine's step logic for Python dynamic resources, over one provider host.

    :param host: the host to drive. Assign ``engine.host`` a new one (for instance
        ``old.respawn()`` after ``old.kill()``) and the next call configures it first.
        The CLI starts a fresh host for every operation; do the same for the strictest test.
    :param config: the stack config, ``namespace:key`` -> string; sent to Configure and
        readable by the program through ``pulumi.Config``.
    :param secret_keys: the config keys that are secrets.
    :param parallel: ``pulumi up --parallel`` (default 4 x CPUs): the most registrations
        stepped at once, and the program's executor size (parallel x 4 threads).
    :param import_sends_inputs: how Read is sent for ``ResourceOptions(import_=...)``.
        True: ``inputs`` = the program's inputs and no ``properties`` (the case the host's
        Read falls back for, pulumi >= 3.2xx). False: only the id, as ``ImportStep.Apply``
        (pkg/resource/deploy/step.go) sends it in pulumi 3.259, which the host answers
        with ``KeyError: '__provider'`` (pulumi/pulumi#16175).
    """

    def __init__(
        self,
        host: ProviderHost,
        *,
        config: Mapping[str, str] | None = None,
        secret_keys: Iterable[str] = (),
        project: str = "project",
        stack: str = "stack",
        import_sends_inputs: bool = True,
        parallel: int = DEFAULT_PARALLEL,
    ) -> None:
        self.host = host
        self.config = dict(config or {})
        self.secret_keys = tuple(secret_keys)
        self.project = project
        self.stack = stack
        self.import_sends_inputs = import_sends_inputs
        self.parallel = parallel
        # The step executor runs at most `parallel` steps at once (--parallel).
        self._slots = threading.BoundedSemaphore(max(parallel, 1))
        self.state: dict[str, ResourceState] = {}
        self.pending_deletes: list[ResourceState] = []
        self.stack_outputs: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._configured: tuple[ProviderHost, ConfigureResult] | None = None
        self._op: _Operation | None = None

    # -- operations ----------------------------------------------------------------

    def preview(self, program: Program | Capture | Sequence[Registration]) -> OperationResult:
        """``pulumi preview``: Check and Diff with unknowns allowed, never Create/Update/Delete.

        The state does not change. Creates and updates answer the program with the
        checked inputs as outputs (``provider.Create``/``Update`` with ``Preview`` on a
        provider without ``supportsPreview``, pkg/resource/plugin/provider_plugin.go).
        """
        return self._run(program, dry_run=True)

    def up(self, program: Program | Capture | Sequence[Registration]) -> OperationResult:
        """``pulumi up``: step every registration, then delete what the program no longer
        declares and what create-before-delete replacements condemned, last first
        (``stepGenerator.GenerateDeletes``)."""
        return self._run(program, dry_run=False)

    def import_(self, program: Program | Capture | Sequence[Registration]) -> OperationResult:
        """``pulumi up`` of a program whose resources carry ``ResourceOptions(import_=id)``.

        The same as :meth:`up`, which imports any registration whose import id differs
        from the state's (``stepGenerator.generateSteps``, ``isImport``): Read, then
        Check(olds = read inputs) and Diff against what was read; an update follows a
        diff, a replacement is an error. ``pulumi import`` (no program) is not modelled:
        it never sends ``__provider``, so the dynamic host cannot serve it.
        """
        return self._run(program, dry_run=False)

    def refresh(self) -> OperationResult:
        """``pulumi refresh``: Read each resource (``RefreshStep.Apply``, step.go).

        Read gets ``properties`` = old outputs, ``inputs`` = old inputs. An empty id
        drops the resource from the state. Otherwise outputs (and inputs, if the
        provider returned some) are replaced, and Diff is called with
        olds = refreshed outputs, news = old inputs to show the drift.
        """
        op = self._begin(dry_run=False)
        try:
            for res in list(self.state.values()):
                self._refresh_one(res)
        except Exception as exc:
            raise self._fail(exc) from exc
        return self._finish(op)

    def destroy(self) -> OperationResult:
        """``pulumi destroy``: Delete(old outputs) for every resource, last created first;
        resources read with ``get`` are only forgotten (``discard``)."""
        op = self._begin(dry_run=False)
        try:
            for res in list(reversed(self.pending_deletes)):
                self._delete(res, "delete", condemned=True)
            for res in reversed(list(self.state.values())):
                self._delete(res, "delete")
        except Exception as exc:
            raise self._fail(exc) from exc
        self.stack_outputs = {}
        return self._finish(op)

    # -- plumbing ------------------------------------------------------------------

    def _run(
        self, program: Program | Capture | Sequence[Registration], dry_run: bool
    ) -> OperationResult:
        op = self._begin(dry_run)
        stack_outputs: dict[str, Any] = {}
        try:
            if callable(program):
                capture = run_program(
                    program,
                    self._on_register,
                    on_read=self._on_read,
                    preview=dry_run,
                    project=self.project,
                    stack=self.stack,
                    config=self.config,
                    secret_config_keys=self.secret_keys,
                    report_failures=True,
                    parallel=self.parallel,
                )
                stack_outputs = capture.stack_outputs
            else:
                registrations = program.resources if isinstance(program, Capture) else program
                for reg in registrations:
                    (self._on_read if reg.read_id is not None else self._on_register)(reg)
                if isinstance(program, Capture):
                    stack_outputs = program.stack_outputs
        except Exception as exc:
            # A failed step fails the program too; report the step's error, not the SDK's.
            first = op.errors[0] if op.errors else exc
            raise self._fail(first) from first
        if op.errors:
            raise self._fail(op.errors[0]) from op.errors[0]
        try:
            self._delete_phase(op)
        except Exception as exc:
            raise self._fail(exc) from exc
        op.result.stack_outputs = stack_outputs
        if not dry_run:
            self.stack_outputs = stack_outputs
        return self._finish(op)

    def _begin(self, dry_run: bool) -> _Operation:
        op = _Operation(
            dry_run=dry_run,
            old_order=list(self.state.values()),
            calls_before=collections.Counter(self.host.calls),
            host=self.host,
        )
        self._op = op
        return op

    def _finish(self, op: _Operation) -> OperationResult:
        if op.host is self.host:
            op.result.calls = collections.Counter(self.host.calls) - op.calls_before
        self._op = None
        return op.result

    def _fail(self, exc: BaseException) -> EngineError:
        op = self._op
        result = self._finish(op) if op is not None else None
        if isinstance(exc, EngineError):
            exc.result = result
            return exc
        return EngineError(str(exc), result)

    def _step(self, op: str, urn: str, **detail: Any) -> None:
        assert self._op is not None
        with self._lock:
            self._op.result.steps.append(Step(op, urn, detail))

    @property
    def _dry_run(self) -> bool:
        assert self._op is not None
        return self._op.dry_run

    def _protocol(self) -> ConfigureResult:
        """Configure a host the first time it is used (``Registry`` loading the default
        ``pulumi-python`` provider: Handshake, CheckConfig, then Configure)."""
        with self._lock:
            if self._configured is not None and self._configured[0] is self.host:
                return self._configured[1]
            host = self.host
            host.handshake()
            host.check_config(self.config)  # marshalled without secrets; unimplemented anyway
            protocol = host.configure(self.config, self.secret_keys)
            self._configured = (host, protocol)
            return protocol

    def _send(self, props: Mapping[str, Any], *, unknowns: bool | None = None) -> dict[str, Any]:
        """Marshal as ``MarshalProperties``: secrets plain unless the provider accepts them,
        unknowns only in a preview."""
        keep_unknowns = self._dry_run if unknowns is None else unknowns
        return strip_for_provider(
            props, keep_unknowns=keep_unknowns, keep_secrets=self._protocol().accept_secrets
        )

    # -- registrations -------------------------------------------------------------

    def _on_register(self, reg: Registration) -> tuple[str, Mapping[str, Any]]:
        return self._guarded(self._register, reg)

    def _on_read(self, reg: Registration) -> tuple[str, Mapping[str, Any]]:
        return self._guarded(self._read_external, reg)

    def _guarded(
        self, step: Callable[[Registration], tuple[str, Mapping[str, Any]]], reg: Registration
    ) -> tuple[str, Mapping[str, Any]]:
        """Run one registration's steps; after a failure, start no more (the engine stops
        issuing steps once one fails, unless --continue-on-error)."""
        assert self._op is not None
        with self._lock:
            if self._op.errors:
                raise _NotStarted(reg.urn)
        try:
            with self._slots:
                return step(reg)
        except Exception as exc:
            with self._lock:
                self._op.errors.append(exc)
            raise

    def _register(self, reg: Registration) -> tuple[str, Mapping[str, Any]]:
        assert self._op is not None
        if reg.type.startswith("pulumi:providers:"):
            raise NotImplementedError("explicit provider resources are not modelled")
        with self._lock:
            old = self.state.get(reg.urn)
            self._op.seen.add(reg.urn)
        if not reg.custom:
            self._step("same" if old else "create", reg.urn)
            if not self._dry_run:
                with self._lock:
                    self.state[reg.urn] = ResourceState(reg.urn, reg.type, "", reg.inputs, {})
            return "", {}
        if reg.import_id and (old is None or (old.import_id or old.id) != reg.import_id):
            old = self._import(reg)
        return self._register_custom(reg, old)

    def _register_custom(
        self, reg: Registration, old: ResourceState | None
    ) -> tuple[str, Mapping[str, Any]]:
        """``stepGenerator.continueStepsFromImport`` then ``continueStepsFromDiff``."""
        if old is None:
            inputs = self._check(reg, {}, reg.inputs)
            return self._create(reg, inputs, "create")
        news = process_ignore_changes(reg.inputs, old.inputs, reg.ignore_changes)
        inputs = self._check(reg, old.inputs, news)
        diff = self._diff(reg, old, inputs)
        if diff.changes == "none":
            self._step("same", reg.urn)
            return old.id, old.outputs
        if diff.replaces:
            return self._replace(reg, old, diff)
        return self._update(reg, old, inputs, diff)

    def _check(
        self, reg: Registration, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Check(olds = old inputs, news); failures stop the resource (``issueCheckErrors``).
        Secrets the provider could not see are re-marked by key (``annotateSecrets``)."""
        result = self._host().check(
            self._send(olds), self._send(news), urn=reg.urn, random_seed=os.urandom(32)
        )
        if result.failures:
            raise CheckFailedError(reg.urn, [(f.property, f.reason) for f in result.failures])
        return annotate_secrets(result.inputs, news)

    def _diff(self, reg: Registration, old: ResourceState, inputs: Mapping[str, Any]) -> DiffResult:
        """``diffResource`` (step_generator.go): Diff(id, olds = old OUTPUTS, news = checked
        inputs, old_inputs). An "unknown" answer (the provider's ``changes`` left None)
        is settled by comparing old and new inputs, secrets unwrapped. replaceOnChanges
        then turns changed keys into replacements (``applyReplaceOnChanges``)."""
        diff = self._host().diff(
            old.id,
            self._send(old.outputs),
            self._send(inputs),
            old_inputs=self._send(old.inputs),
            urn=reg.urn,
            ignore_changes=reg.ignore_changes,
        )
        changed = list(diff.diffs)
        if diff.changes == "unknown":
            news = process_ignore_changes(inputs, old.inputs, reg.ignore_changes)
            old_plain, new_plain = reveal(old.inputs), reveal(news)
            changed = sorted(
                k
                for k in old_plain.keys() | new_plain.keys()
                if old_plain.get(k) != new_plain.get(k)
            )
            diff = replace(diff, changes="some" if changed else "none", diffs=changed)
        if diff.changes == "some" and reg.replace_on_changes:
            forced = [
                k for k in changed if "*" in reg.replace_on_changes or k in reg.replace_on_changes
            ]
            diff = replace(diff, replaces=sorted({*diff.replaces, *forced}))
        return diff

    def _create(
        self, reg: Registration, inputs: dict[str, Any], op_name: str
    ) -> tuple[str, Mapping[str, Any]]:
        """``CreateStep.Apply`` (step.go): Create(checked inputs). Nothing is recorded if it
        fails; an empty id is an error. In a preview the host is not called."""
        self._step(op_name, reg.urn)
        if self._dry_run:
            return "", inputs
        created = self._host().create(self._send(inputs), urn=reg.urn)
        if not created.id:
            raise EngineError(f"plugin returned empty resource.ID from create '{reg.urn}'")
        outputs = self._secret_outputs(reg, annotate_secrets(created.outputs, inputs))
        with self._lock:
            self.state[reg.urn] = ResourceState(
                reg.urn,
                reg.type,
                created.id,
                inputs,
                outputs,
                import_id=reg.import_id,
                retain_on_delete=bool(reg.retain_on_delete),
            )
        return created.id, outputs

    def _update(
        self, reg: Registration, old: ResourceState, inputs: dict[str, Any], diff: DiffResult
    ) -> tuple[str, Mapping[str, Any]]:
        """``UpdateStep.Apply``: Update(id, olds = old OUTPUTS, news = checked inputs,
        old_inputs); the new outputs replace the old ones."""
        self._step("update", reg.urn, diffs=diff.diffs)
        if self._dry_run:
            return old.id, inputs
        outs = self._host().update(
            old.id,
            self._send(old.outputs),
            self._send(inputs),
            old_inputs=self._send(old.inputs),
            urn=reg.urn,
            ignore_changes=reg.ignore_changes,
        )
        outputs = self._secret_outputs(reg, annotate_secrets(outs, inputs))
        with self._lock:
            self.state[reg.urn] = replace(old, inputs=inputs, outputs=outputs)
        return old.id, outputs

    def _replace(
        self, reg: Registration, old: ResourceState, diff: DiffResult
    ) -> tuple[str, Mapping[str, Any]]:
        """``continueStepsFromDiff``, replacement branch: Check again with no olds on the
        program's raw inputs (so defaults and autonames are recomputed), then either
        create-replacement now and delete-replaced at the end (default), or, when
        deleteBeforeReplace (the resource option, else the provider's answer), delete
        the old one first."""
        if reg.import_id:
            message = (
                "previously-imported resources that still specify an ID may not be replaced; "
                f"please remove the `import` declaration from your program ({reg.urn})"
            )
            if not self._dry_run:
                raise EngineError(message)
        inputs = self._check(reg, {}, reg.inputs)
        dbr = diff.delete_before_replace
        if reg.delete_before_replace is not None:
            dbr = reg.delete_before_replace
        if dbr:
            self._step("delete-replaced", reg.urn, replaces=diff.replaces)
            if not self._dry_run:
                self._provider_delete(old)
                with self._lock:
                    self.state.pop(reg.urn, None)
            self._step("replace", reg.urn, replaces=diff.replaces, delete_before_replace=True)
            return self._create(reg, inputs, "create-replacement")
        created = self._create(reg, inputs, "create-replacement")
        self._step("replace", reg.urn, replaces=diff.replaces, delete_before_replace=False)
        assert self._op is not None
        with self._lock:
            self._op.condemned.append(old)
        return created

    def _import(self, reg: Registration) -> ResourceState:
        """``ImportStep.Apply`` (step.go): Read(import id) and take its inputs and outputs
        as the old state. Fails when the provider returns no inputs ("provider does not
        support importing resources"): a dynamic provider's ``read`` must set
        ``ReadResult.inputs``."""
        self._step("import", reg.urn, id=reg.import_id)
        inputs = self._send(reg.inputs, unknowns=False) if self.import_sends_inputs else None
        read = self._host().read(reg.import_id, None, inputs=inputs, urn=reg.urn)
        if read.inputs is None:
            raise EngineError(
                "provider does not support importing resources; please try updating the "
                "'pulumi-python' plugin"
            )
        imported = ResourceState(
            reg.urn,
            reg.type,
            read.id or reg.import_id,
            annotate_secrets(read.inputs, reg.inputs) if inputs is not None else read.inputs,
            read.outputs,
            import_id=reg.import_id,
        )
        if not self._dry_run:
            with self._lock:
                self.state[reg.urn] = imported
        return imported

    def _read_external(self, reg: Registration) -> tuple[str, Mapping[str, Any]]:
        """``ReadStep.Apply`` (``Resource.get``), also in a preview: Read(id, properties =
        inputs, inputs = inputs). An unknown id reads nothing."""
        assert self._op is not None and reg.read_id is not None
        with self._lock:
            self._op.seen.add(reg.urn)
        self._step("read", reg.urn, id=reg.read_id)
        if contains_unknown(reg.read_id):
            return reg.read_id, {}
        props = self._send(reg.inputs, unknowns=False)
        read = self._host().read(reg.read_id, props, inputs=props, urn=reg.urn)
        id_ = read.id or reg.read_id
        outputs = self._secret_outputs(reg, annotate_secrets(read.outputs, reg.inputs))
        if not self._dry_run:
            with self._lock:
                self.state[reg.urn] = ResourceState(
                    reg.urn, reg.type, id_, reg.inputs, outputs, external=True
                )
        return id_, outputs

    def _secret_outputs(self, reg: Registration, outputs: dict[str, Any]) -> dict[str, Any]:
        for key in reg.additional_secret_outputs:
            if key in outputs and not isinstance(outputs[key], Secret):
                outputs[key] = Secret(outputs[key])
        return outputs

    # -- deletes and refresh -------------------------------------------------------

    def _delete_phase(self, op: _Operation) -> None:
        """Deletes after the program finished, in reverse state order: resources marked
        by an earlier failed delete, olds condemned by create-before-delete
        replacements, and resources the program no longer registers."""
        for res in list(reversed(self.pending_deletes)):
            self._delete(res, "delete", condemned=True)
        for res in reversed(op.old_order):
            if _holds(op.condemned, res):
                self._delete(res, "delete-replaced", condemned=True)
            elif res.urn not in op.seen:
                self._delete(res, "delete")

    def _delete(self, res: ResourceState, op_name: str, *, condemned: bool = False) -> None:
        """``DeleteStep.Apply``: Delete(id, properties = old OUTPUTS, old_inputs). A failed
        delete leaves the resource where it was: in the state, or pending deletion for a
        replaced one (deleted first by the next operation)."""
        self._step("discard" if res.external else op_name, res.urn)
        if self._dry_run:
            return
        with self._lock:
            if condemned and not _holds(self.pending_deletes, res):
                self.pending_deletes.append(res)
        self._provider_delete(res)
        with self._lock:
            self.pending_deletes = [r for r in self.pending_deletes if r is not res]
            if self.state.get(res.urn) is res:
                del self.state[res.urn]

    def _provider_delete(self, res: ResourceState) -> None:
        # DeleteStep.Apply skips the provider for retainOnDelete; a read (external)
        # resource is never the engine's to delete; a component (no id) has no provider.
        if res.external or res.retain_on_delete or not res.id:
            return
        self._host().delete(
            res.id, self._send(res.outputs), old_inputs=self._send(res.inputs), urn=res.urn
        )

    def _refresh_one(self, res: ResourceState) -> None:
        if not res.id:  # components: nothing to read
            return
        read = self._host().read(
            res.id, self._send(res.outputs), inputs=self._send(res.inputs), urn=res.urn
        )
        if not read.id:
            self._step("refresh", res.urn, deleted=True)
            with self._lock:
                self.state.pop(res.urn, None)
            return
        inputs = (
            annotate_secrets(read.inputs, res.inputs) if read.inputs is not None else res.inputs
        )
        outputs = annotate_secrets(read.outputs, res.outputs)
        refreshed = replace(res, id=read.id, inputs=inputs, outputs=outputs)
        changes = "none" if outputs == res.outputs and inputs == res.inputs else "some"
        if not res.external:
            # The drift shown to the user: the diff an `up` of the old inputs would make,
            # inverted (RefreshStep.Apply passes new inputs/outputs as the olds).
            diff = self._host().diff(
                refreshed.id,
                self._send(outputs),
                self._send(res.inputs),
                old_inputs=self._send(inputs),
                urn=res.urn,
            )
            changes = diff.changes
        self._step("refresh", res.urn, deleted=False, changes=changes)
        with self._lock:
            self.state[res.urn] = refreshed

    def _host(self) -> ProviderHost:
        """The current host, configured first if it is new."""
        self._protocol()
        return self.host


class _NotStarted(Exception):
    """A registration that arrived after a step failed: answered as failed, never stepped."""


@dataclass
class _Operation:
    dry_run: bool
    old_order: list[ResourceState]
    calls_before: collections.Counter[str]
    host: ProviderHost
    result: OperationResult = field(default_factory=OperationResult)
    seen: set[str] = field(default_factory=set)
    condemned: list[ResourceState] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def process_ignore_changes(
    inputs: Mapping[str, Any], old_inputs: Mapping[str, Any], ignore_changes: Sequence[str]
) -> dict[str, Any]:
    """``processIgnoreChanges`` (step_generator.go) for ``a`` and ``a.b.c`` paths: each
    ignored path takes its old value, or disappears if the old inputs lack it."""
    result: dict[str, Any] = _deep_copy(dict(inputs))
    for path in ignore_changes:
        keys = path.split(".")
        old: Any = old_inputs
        new: Any = result
        for key in keys[:-1]:
            old = old.get(key) if isinstance(old, Mapping) else None
            new = new.get(key) if isinstance(new, dict) else None
        if not isinstance(new, dict):
            continue
        last = keys[-1]
        if isinstance(old, Mapping) and last in old:
            new[last] = _deep_copy(old[last])
        else:
            new.pop(last, None)
    return result


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def _holds(items: Iterable[ResourceState], res: ResourceState) -> bool:
    return any(item is res for item in items)
