"""Run a Pulumi Python program under ``pulumi.runtime`` mocks and see what the engine would see.

A program is a callable (sync or async) that declares resources, as ``__main__.py``
does. It runs exactly as the Python language host runs one: ``run_in_stack`` creates
the ``pulumi:pulumi:Stack`` root, runs the program, registers the stack outputs and
waits for every outstanding RPC. The resource monitor is a ``MockMonitor`` subclass
that keeps each ``RegisterResourceRequest`` (type, name, inputs exactly as
serialized by the SDK, options) as a :class:`Registration`, and answers it with
whatever a callback returns: echoed inputs for :func:`capture_registration`, the
result of real provider steps for :class:`Engine`.

Each run happens in a new thread with an empty ``contextvars`` context and its own
event loop, so the SDK's ambient settings, root stack and config (all context
variables) never leak between runs or into the caller.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import config as pulumi_config
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks, set_mocks
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import run_in_stack

from .props import from_struct, reveal, to_struct

__all__ = [
    "DEFAULT_PARALLEL",
    "STACK_TYPE",
    "Capture",
    "Program",
    "Registration",
    "capture_registration",
    "run_program",
]

STACK_TYPE = "pulumi:pulumi:Stack"

DEFAULT_PARALLEL = (os.cpu_count() or 1) * 4
"""``pulumi up --parallel`` default: 4 x CPUs (``defaultParallel``,
pkg/cmd/pulumi/operations/up.go)."""

Program = Callable[[], Any]
"""A Pulumi program: a callable that declares resources (may return an awaitable)."""

RegisterHook = Callable[["Registration"], tuple[str, Mapping[str, Any]]]
"""Answers one registration with ``(id, outputs)``, as the engine answers the SDK."""


@dataclass(frozen=True)
class Registration:
    """One resource as the engine received it in RegisterResource (or ReadResource).

    ``inputs`` are the request's ``object`` deserialized: secrets are
    :class:`Secret` (a dynamic resource's ``__provider`` is one unless its provider sets
    ``serialize_as_secret_always = False``), unknowns :data:`UNKNOWN`, numbers floats.
    ``read_id`` is set for ``Resource.get`` (ReadResource) and None for a registration.
    """

    urn: str
    type: str
    name: str
    custom: bool
    inputs: dict[str, Any]
    parent: str = ""
    provider_ref: str = ""
    import_id: str = ""
    read_id: str | None = None
    delete_before_replace: bool | None = None
    ignore_changes: tuple[str, ...] = ()
    replace_on_changes: tuple[str, ...] = ()
    additional_secret_outputs: tuple[str, ...] = ()
    protect: bool | None = None
    retain_on_delete: bool | None = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Input name -> URNs of the resources its value came from."""

    @property
    def provider_string(self) -> str:
        """The dynamic provider's ``__provider`` (base64 of its dill pickle), unwrapped."""
        return str(reveal(self.inputs["__provider"]))

    @classmethod
    def from_register(cls, urn: str, request: resource_pb2.RegisterResourceRequest) -> Registration:
        dbr: bool | None = (
            request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None
        )
        return cls(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=request.custom,
            inputs=from_struct(request.object),
            parent=request.parent,
            provider_ref=request.provider,
            import_id=request.importId,
            delete_before_replace=dbr,
            ignore_changes=tuple(request.ignoreChanges),
            replace_on_changes=tuple(request.replaceOnChanges),
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            protect=request.protect if request.HasField("protect") else None,
            retain_on_delete=(
                request.retainOnDelete if request.HasField("retainOnDelete") else None
            ),
            dependencies=tuple(request.dependencies),
            property_dependencies={
                key: tuple(deps.urns) for key, deps in request.propertyDependencies.items()
            },
        )

    @classmethod
    def from_read(cls, urn: str, request: resource_pb2.ReadResourceRequest) -> Registration:
        return cls(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=True,
            inputs=from_struct(request.properties),
            parent=request.parent,
            provider_ref=request.provider,
            read_id=request.id,
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            dependencies=tuple(request.dependencies),
        )


@dataclass
class Capture:
    """What one program run sent the engine: resources in registration order, stack outputs."""

    resources: list[Registration] = field(default_factory=list)
    stack_outputs: dict[str, Any] = field(default_factory=dict)

    def by_name(self, name: str) -> Registration:
        """The single resource registered under ``name``."""
        matches = [r for r in self.resources if r.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources named {name!r}")
        return matches[0]


class _UnusedMocks(Mocks):
    # set_mocks needs a Mocks; _RecordingMonitor answers registrations itself.
    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        raise NotImplementedError(f"invoke {args.token} is not supported by the engine harness")

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        raise AssertionError("unreachable: _RecordingMonitor answers registrations")


class _RecordingMonitor(MockMonitor):
    def __init__(
        self, on_register: RegisterHook, on_read: RegisterHook | None, report_failures: bool
    ) -> None:
        super().__init__(_UnusedMocks())
        self._on_register = on_register
        self._on_read = on_read
        self._report_failures = report_failures
        self._lock = threading.Lock()
        self.capture = Capture()
        self.stack_urn = ""

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # As Deployment.generateURN (pkg/resource/deploy/deployment.go): the root stack's
        # type is not prefixed to its children's types (MockMonitor's make_urn prefixes it).
        if parent and parent.split("::")[2] != STACK_TYPE:
            type_ = parent.split("::")[2] + "$" + type_
        stack, project = pulumi_settings.get_stack(), pulumi_settings.get_project()
        return f"urn:pulumi:{stack}::{project}::{type_}::{name}"

    def _record(self, registration: Registration) -> None:
        with self._lock:
            self.capture.resources.append(registration)

    def _answer(self, urn: str, id_: str, outputs: Mapping[str, Any]) -> struct_pb2.Struct:
        with self._lock:
            self.resources[urn] = MockMonitor.ResourceRegistration(urn, id_, reveal(outputs))
        return to_struct(outputs)

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type == STACK_TYPE:
            self.stack_urn = urn
            return resource_pb2.RegisterResourceResponse(urn=urn)
        registration = Registration.from_register(urn, request)
        self._record(registration)
        try:
            id_, outputs = self._on_register(registration)
        except Exception:
            if not (self._report_failures and request.supportsResultReporting):
                raise
            # As the engine reports a failed step: the SDK resolves the resource's outputs
            # as unknown and the program carries on (no exception in every output future).
            return resource_pb2.RegisterResourceResponse(urn=urn, result=resource_pb2.Result.FAIL)
        obj = self._answer(urn, id_, outputs)
        return resource_pb2.RegisterResourceResponse(urn=urn, id=id_, object=obj)

    def ReadResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        registration = Registration.from_read(urn, request)
        self._record(registration)
        hook = self._on_read or self._on_register
        try:
            id_, outputs = hook(registration)
        except Exception:
            if not self._report_failures:
                raise
            return resource_pb2.ReadResourceResponse(urn=urn, result=resource_pb2.Result.FAIL)
        obj = self._answer(urn, id_, outputs)
        return resource_pb2.ReadResourceResponse(urn=urn, properties=obj)

    def RegisterResourceOutputs(self, request: Any) -> Any:
        if request.urn == self.stack_urn:
            with self._lock:
                self.capture.stack_outputs = from_struct(request.outputs)
        return empty_pb2.Empty()


def run_program(
    program: Program,
    on_register: RegisterHook,
    *,
    on_read: RegisterHook | None = None,
    preview: bool = False,
    project: str = "project",
    stack: str = "stack",
    config: Mapping[str, str] | None = None,
    secret_config_keys: Sequence[str] = (),
    report_failures: bool = False,
    parallel: int = DEFAULT_PARALLEL,
) -> Capture:
    """Run ``program`` as the language host would, answering registrations with ``on_register``.

    ``preview`` sets ``pulumi.runtime.is_dry_run()``; ``config`` is what
    ``pulumi.Config`` reads inside the program. An exception from the program
    propagates; so does one from a hook, unless ``report_failures``: then the SDK is
    told the step failed (``Result.FAIL``) and the program runs to its end.
    ``parallel`` sizes the program's executor as the language host does
    (``_set_default_executor`` in pulumi-language-python-exec: ``parallel * 4``
    threads), which bounds how many RegisterResource calls can be outstanding.
    """
    monitor = _RecordingMonitor(on_register, on_read, report_failures)

    def body(loop: asyncio.AbstractEventLoop) -> None:
        loop.set_default_executor(ThreadPoolExecutor(max_workers=max(parallel, 1) * 4))
        # set_mocks makes (and finishes) a root Stack unless one exists; hold its place so
        # that run_in_stack, like the language host, makes the only one.
        pulumi_settings.set_root_resource(cast(Any, object()))
        set_mocks(_UnusedMocks(), project=project, stack=stack, preview=preview, monitor=monitor)
        pulumi_settings.set_root_resource(cast(Any, None))
        pulumi_config.set_all_config(dict(config or {}), list(secret_config_keys))
        loop.run_until_complete(run_in_stack(program))

    _run_isolated(body)
    return monitor.capture


def capture_registration(
    program: Program,
    *,
    preview: bool = False,
    project: str = "project",
    stack: str = "stack",
    config: Mapping[str, str] | None = None,
    secret_config_keys: Sequence[str] = (),
    outputs: Callable[[Registration], Mapping[str, Any]] | None = None,
) -> Capture:
    """Run ``program`` under mocks; return each resource as the engine would receive it.

    Each resource is answered with id ``<name>_id`` (empty during a preview, as the
    engine answers a create it has not done) and outputs = its inputs plus
    ``outputs(registration)`` if given (return :data:`UNKNOWN` values there to make
    dependants see unknowns during a preview).
    """

    def answer(registration: Registration) -> tuple[str, Mapping[str, Any]]:
        extra = outputs(registration) if outputs is not None else {}
        id_ = registration.read_id or ("" if preview else f"{registration.name}_id")
        return id_, {**registration.inputs, **extra}

    return run_program(
        program,
        answer,
        preview=preview,
        project=project,
        stack=stack,
        config=config,
        secret_config_keys=secret_config_keys,
    )


def _run_isolated(body: Callable[[asyncio.AbstractEventLoop], None]) -> None:
    errors: list[BaseException] = []

    def target() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            contextvars.Context().run(body, loop)
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)
        finally:
            _close_loop(loop)

    thread = threading.Thread(target=target, name="pulumi-program")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
