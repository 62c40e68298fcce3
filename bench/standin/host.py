"""``ProviderHost``: the real ``python -m pulumi.dynamic`` in a subprocess, driven over gRPC.

The Pulumi CLI starts the dynamic-provider host through its plugin script
``pulumi-resource-pulumi-python`` (sdk/python/dist in pulumi/pulumi), which runs
``python -u -m pulumi.dynamic <engine address>`` in the program's directory with
``PULUMI_PROJECT`` and the runtime options in its environment, reads the port from
the first line of stdout and opens a gRPC channel to ``127.0.0.1:<port>``.
:class:`ProviderHost` does the same and offers one typed method per RPC. It sends
exactly what it is given (secrets and unknowns included); :class:`Engine` in
``_engine.py`` decides what the engine would send.
"""

from __future__ import annotations

import collections
import os
import re
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.support.props import Secret, from_struct, to_struct

__all__ = [
    "DEFAULT_URN",
    "PROVIDER_TYPE",
    "REPO_ROOT",
    "CheckFailure",
    "CheckResult",
    "ConfigureResult",
    "CreateResult",
    "DiffResult",
    "ProviderError",
    "ProviderHost",
    "ReadResult",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root: always on the host's PYTHONPATH so ``tests.*`` modules import."""

DEFAULT_URN = "urn:pulumi:stack::project::pulumi-python:dynamic:Resource::resource"
"""URN sent when a test does not name one (the host never reads it)."""

PROVIDER_TYPE = "pulumi:providers:pulumi-python"
"""Type of the default provider resource the engine configures for Python dynamic resources."""

_START_TIMEOUT = 60.0  # guards a host that never prints its port; not a performance bound


class ProviderError(Exception):
    """A provider RPC failed. ``details`` carries the host's traceback text.

    The host wraps every Check/Diff/Create/Read/Update/Delete in
    ``_abort_with_traceback``, so an exception in the provider arrives as status
    UNKNOWN with ``traceback.format_exc()`` as details. A killed host gives UNAVAILABLE.
    """

    def __init__(self, method: str, code: grpc.StatusCode, details: str) -> None:
        self.method = method
        self.code = code
        self.details = details
        super().__init__(f"{method} failed with {code.name}:\n{details}")

    @property
    def last_line(self) -> str:
        """The last non-empty line of the details (for a traceback, the exception itself)."""
        lines = [line for line in self.details.splitlines() if line.strip()]
        return lines[-1] if lines else ""


@dataclass(frozen=True)
class ConfigureResult:
    """What the host answered to Configure (the engine keys its marshalling on these)."""

    accept_secrets: bool
    accept_resources: bool
    supports_preview: bool
    accept_outputs: bool


@dataclass(frozen=True)
class CheckFailure:
    property: str
    reason: str


@dataclass(frozen=True)
class CheckResult:
    inputs: dict[str, Any]
    failures: list[CheckFailure] = field(default_factory=list)


@dataclass(frozen=True)
class DiffResult:
    """A DiffResponse. ``changes`` is ``"none"``, ``"some"`` or ``"unknown"``.

    The dynamic host answers ``"unknown"`` when the provider's ``DiffResult.changes``
    is None; the engine then compares old and new inputs itself (``diffResource``).
    """

    changes: str
    replaces: list[str]
    stables: list[str]
    delete_before_replace: bool
    diffs: list[str]


@dataclass(frozen=True)
class CreateResult:
    id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class ReadResult:
    """A ReadResponse. ``id == ""`` means the resource is gone; ``inputs`` is None unless
    the provider's ``ReadResult`` set inputs (needed for an import to succeed)."""

    id: str
    outputs: dict[str, Any]
    inputs: dict[str, Any] | None


_CHANGES = {
    provider_pb2.DiffResponse.DIFF_UNKNOWN: "unknown",
    provider_pb2.DiffResponse.DIFF_NONE: "none",
    provider_pb2.DiffResponse.DIFF_SOME: "some",
}


class ProviderHost:
    """One ``python -m pulumi.dynamic`` process and a gRPC stub to it.

    :param cwd: working directory of the host (the CLI uses the program directory).
    :param env: environment variables set on top of ``os.environ`` (or instead of it
        with ``inherit_env=False``).
    :param pythonpath: extra PYTHONPATH entries, after the repository root.
    :param project: ``PULUMI_PROJECT`` (the host configures pulumi settings with it).
    :param call_timeout: deadline of each RPC in seconds (None: no deadline). A guard
        against hangs, never a performance assertion.

    Thread-safe: RPC methods may be called from several threads at once (the host
    serves at most four at a time). ``calls`` counts the RPCs made, by method name.
    """

    def __init__(
        self,
        *,
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        inherit_env: bool = True,
        pythonpath: Sequence[str | os.PathLike[str]] = (),
        python: str = sys.executable,
        project: str = "project",
        call_timeout: float | None = 600.0,
    ) -> None:
        self._init_args: dict[str, Any] = dict(
            cwd=cwd,
            env=env,
            inherit_env=inherit_env,
            pythonpath=pythonpath,
            python=python,
            project=project,
            call_timeout=call_timeout,
        )
        self.call_timeout = call_timeout
        self.calls: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._output_changed = threading.Condition(self._lock)
        self._stderr: list[str] = []
        self._stdout: list[str] = []
        self._port_line: str | None = None
        self._inflight = 0
        self._closed = False
        self._channel: grpc.Channel | None = None

        self._proc = subprocess.Popen(
            [python, "-u", "-m", "pulumi.dynamic"],
            cwd=cwd,
            env=_host_env(env, inherit_env, pythonpath, project),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self._proc.stdout is not None and self._proc.stderr is not None
        self._readers = [
            threading.Thread(
                target=self._pump, args=(self._proc.stdout, self._stdout, True), daemon=True
            ),
            threading.Thread(
                target=self._pump, args=(self._proc.stderr, self._stderr, False), daemon=True
            ),
        ]
        for reader in self._readers:
            reader.start()
        try:
            self.port = self._wait_for_port()
            self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
            grpc.channel_ready_future(self._channel).result(timeout=_START_TIMEOUT)
        except BaseException:
            self.kill()
            raise
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)

    # -- lifecycle -----------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return self._proc.poll()

    def respawn(self) -> ProviderHost:
        """Start a new host with the same arguments (this one is left as it is)."""
        return ProviderHost(**self._init_args)

    def kill(self) -> None:
        """SIGKILL the host, as a crash or an OOM kill would. Idempotent."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._shutdown()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the host cleanly: SIGINT (the host then calls ``server.stop(0)``), SIGKILL
        after ``timeout``. Idempotent."""
        with self._lock:
            if self._inflight == 0 and self._channel is not None:
                # Closed first, the channel never sees the server's GOAWAY (grpc logs it).
                self._channel.close()
                self._channel = None
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)
            try:
                self._proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._shutdown()

    def _shutdown(self) -> None:
        self._proc.wait()
        with self._output_changed:
            if self._closed:
                return
            self._closed = True
            # Let calls in flight see the dead connection (UNAVAILABLE, as the engine would)
            # before the channel closes under them (which would read CANCELLED).
            self._output_changed.wait_for(lambda: self._inflight == 0, timeout=_START_TIMEOUT)
        if self._channel is not None:
            self._channel.close()
        for reader in self._readers:
            reader.join()
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> ProviderHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.alive else f"exited {self.returncode}"
        return f"<ProviderHost pid={self.pid} port={getattr(self, 'port', None)} {state}>"

    # -- output --------------------------------------------------------------------

    def _pump(self, stream: IO[bytes], sink: list[str], first_line_is_port: bool) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            with self._output_changed:
                if first_line_is_port and self._port_line is None:
                    self._port_line = line
                else:
                    sink.append(line)
                self._output_changed.notify_all()
        with self._output_changed:
            if first_line_is_port and self._port_line is None:
                self._port_line = ""
            self._output_changed.notify_all()

    def _wait_for_port(self) -> int:
        with self._output_changed:
            self._output_changed.wait_for(lambda: self._port_line is not None, _START_TIMEOUT)
            line = self._port_line
        if not line or not line.strip().isdigit():
            self._proc.wait(timeout=_START_TIMEOUT)
            for reader in self._readers:
                reader.join(timeout=_START_TIMEOUT)
            raise RuntimeError(
                f"the dynamic provider host did not print a port (got {line!r}):\n"
                + self.stderr_text()
            )
        return int(line)

    def stderr_text(self) -> str:
        """Everything the host wrote to stderr so far (what the CLI shows the user)."""
        with self._lock:
            return "".join(self._stderr)

    def stdout_text(self) -> str:
        """Everything the host wrote to stdout after the port line."""
        with self._lock:
            return "".join(self._stdout)

    def wait_for_stderr(self, pattern: str | re.Pattern[str], timeout: float = 60.0) -> str:
        """Block until stderr matches ``pattern`` (a regex); return the matching line.

        Raises TimeoutError after ``timeout`` seconds or when the host exits first.
        For sequencing tests (e.g. kill the host once training started), not timing.
        """
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        found: list[str] = []

        def match() -> bool:
            for line in self._stderr:
                if regex.search(line):
                    found.append(line)
                    return True
            return self._proc.poll() is not None

        with self._output_changed:
            self._output_changed.wait_for(match, timeout)
        if not found:
            raise TimeoutError(
                f"host stderr never matched {regex.pattern!r}:\n{self.stderr_text()}"
            )
        return found[0]

    # -- RPCs ----------------------------------------------------------------------

    def _call(self, method: str, request: Any) -> Any:
        with self._lock:
            self.calls[method] += 1
            self._inflight += 1
        try:
            return getattr(self._stub, method)(request, timeout=self.call_timeout)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            details = exc.details() if hasattr(exc, "details") else str(exc)
            raise ProviderError(method, code, details or "") from None
        finally:
            with self._output_changed:
                self._inflight -= 1
                self._output_changed.notify_all()

    def reset_calls(self) -> collections.Counter[str]:
        """Return the call counts so far and start counting from zero."""
        with self._lock:
            counts = collections.Counter(self.calls)
            self.calls.clear()
        return counts

    def get_plugin_info(self) -> str:
        return str(self._call("GetPluginInfo", empty_pb2.Empty()).version)

    def handshake(self) -> bool:
        """Send Handshake as the engine does first; False when the host does not implement it
        (the Python host does not, so the engine falls back to Configure's answer)."""
        try:
            self._call("Handshake", provider_pb2.ProviderHandshakeRequest(configure_with_urn=True))
        except ProviderError as exc:
            if exc.code == grpc.StatusCode.UNIMPLEMENTED:
                return False
            raise
        return True

    def check_config(self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None) -> bool:
        """Send CheckConfig for the default provider; False when unimplemented (the Python
        host's answer, which the engine treats as "inputs are fine as they are")."""
        request = provider_pb2.CheckRequest(
            urn=_provider_urn(),
            name="default",
            type=PROVIDER_TYPE,
            olds=to_struct(olds or {}),
            news=to_struct(news),
        )
        try:
            self._call("CheckConfig", request)
        except ProviderError as exc:
            if exc.code == grpc.StatusCode.UNIMPLEMENTED:
                return False
            raise
        return True

    def configure(
        self, config: Mapping[str, str], secret_keys: Iterable[str] = ()
    ) -> ConfigureResult:
        """Configure as the engine configures the default ``pulumi-python`` provider.

        For dynamic providers the engine passes the whole stack config keyed
        ``namespace:key`` (``Target.GetPackageConfig``, pkg/resource/deploy/target.go),
        values as strings, secrets decrypted but marked secret in ``args``; ``variables``
        repeats them keyed ``pulumi-python:config:namespace:key`` (``provider.Configure``,
        pkg/resource/plugin/provider_plugin.go). The host reads ``args`` only and unwraps
        the secrets before handing them to ``ResourceProvider.configure``.
        """
        secrets = set(secret_keys)
        unknown = secrets - set(config)
        if unknown:
            raise ValueError(f"secret_keys not in config: {sorted(unknown)}")
        args = {k: Secret(v) if k in secrets else v for k, v in config.items()}
        request = provider_pb2.ConfigureRequest(
            variables={f"pulumi-python:config:{k}": v for k, v in config.items()},
            args=to_struct(args),
            acceptSecrets=True,
            acceptResources=True,
            sends_old_inputs=True,
            sends_old_inputs_to_delete=True,
            urn=_provider_urn(),
            name="default",
            type=PROVIDER_TYPE,
            id=str(uuid.uuid4()),
        )
        response = self._call("Configure", request)
        return ConfigureResult(
            accept_secrets=response.acceptSecrets,
            accept_resources=response.acceptResources,
            supports_preview=response.supportsPreview,
            accept_outputs=response.acceptOutputs,
        )

    def check(
        self,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        urn: str = DEFAULT_URN,
        random_seed: bytes = b"",
    ) -> CheckResult:
        """Check(olds = old INPUTS, news = new program inputs)."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Check",
            provider_pb2.CheckRequest(
                urn=urn,
                name=name,
                type=type_,
                olds=to_struct(olds),
                news=to_struct(news),
                randomSeed=random_seed,
            ),
        )
        failures = [CheckFailure(f.property, f.reason) for f in response.failures]
        return CheckResult(from_struct(response.inputs), failures)

    def diff(
        self,
        id: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        old_inputs: Mapping[str, Any] | None = None,
        urn: str = DEFAULT_URN,
        ignore_changes: Sequence[str] = (),
    ) -> DiffResult:
        """Diff(olds = old OUTPUTS, news = new checked inputs, old_inputs = old inputs)."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Diff",
            provider_pb2.DiffRequest(
                id=id,
                urn=urn,
                name=name,
                type=type_,
                olds=to_struct(olds),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs if old_inputs is not None else {}),
                ignoreChanges=list(ignore_changes),
            ),
        )
        return DiffResult(
            changes=_CHANGES[response.changes],
            replaces=list(response.replaces),
            stables=list(response.stables),
            delete_before_replace=response.deleteBeforeReplace,
            diffs=list(response.diffs),
        )

    def create(
        self,
        props: Mapping[str, Any],
        *,
        urn: str = DEFAULT_URN,
        preview: bool = False,
        timeout: float = 0.0,
    ) -> CreateResult:
        """Create(properties = checked inputs). The host ignores ``preview`` and ``timeout``."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Create",
            provider_pb2.CreateRequest(
                urn=urn,
                name=name,
                type=type_,
                properties=to_struct(props),
                preview=preview,
                timeout=timeout,
            ),
        )
        return CreateResult(response.id, from_struct(response.properties))

    def read(
        self,
        id: str,
        props: Mapping[str, Any] | None,
        *,
        inputs: Mapping[str, Any] | None = None,
        urn: str = DEFAULT_URN,
    ) -> ReadResult:
        """Read(properties = old outputs, inputs = old inputs); None leaves a field unset."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.ReadRequest(id=id, urn=urn, name=name, type=type_)
        if props is not None:
            request.properties.CopyFrom(to_struct(props))
        if inputs is not None:
            request.inputs.CopyFrom(to_struct(inputs))
        response = self._call("Read", request)
        read_inputs = from_struct(response.inputs) if response.HasField("inputs") else None
        return ReadResult(response.id, from_struct(response.properties), read_inputs)

    def update(
        self,
        id: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        old_inputs: Mapping[str, Any] | None = None,
        urn: str = DEFAULT_URN,
        ignore_changes: Sequence[str] = (),
        preview: bool = False,
        timeout: float = 0.0,
    ) -> dict[str, Any]:
        """Update(olds = old OUTPUTS, news = new checked inputs); returns the new outputs."""
        name, type_ = _name_and_type(urn)
        response = self._call(
            "Update",
            provider_pb2.UpdateRequest(
                id=id,
                urn=urn,
                name=name,
                type=type_,
                olds=to_struct(olds),
                news=to_struct(news),
                old_inputs=to_struct(old_inputs if old_inputs is not None else {}),
                ignoreChanges=list(ignore_changes),
                preview=preview,
                timeout=timeout,
            ),
        )
        return from_struct(response.properties)

    def delete(
        self,
        id: str,
        props: Mapping[str, Any],
        *,
        old_inputs: Mapping[str, Any] | None = None,
        urn: str = DEFAULT_URN,
        timeout: float = 0.0,
    ) -> None:
        """Delete(properties = old OUTPUTS, old_inputs = old inputs)."""
        name, type_ = _name_and_type(urn)
        self._call(
            "Delete",
            provider_pb2.DeleteRequest(
                id=id,
                urn=urn,
                name=name,
                type=type_,
                properties=to_struct(props),
                old_inputs=to_struct(old_inputs if old_inputs is not None else {}),
                timeout=timeout,
            ),
        )

    def cancel(self) -> None:
        """Cancel (a no-op in the Python host)."""
        self._call("Cancel", empty_pb2.Empty())


def _host_env(
    env: Mapping[str, str] | None,
    inherit: bool,
    pythonpath: Sequence[str | os.PathLike[str]],
    project: str,
) -> dict[str, str]:
    result = dict(os.environ) if inherit else {}
    result.update(env or {})
    paths = [str(REPO_ROOT), *(str(p) for p in pythonpath)]
    if result.get("PYTHONPATH"):
        paths.append(result["PYTHONPATH"])
    result["PYTHONPATH"] = os.pathsep.join(paths)
    result.setdefault("PULUMI_PROJECT", project)
    return result


def _name_and_type(urn: str) -> tuple[str, str]:
    # urn:pulumi:<stack>::<project>::<qualified type>::<name>; the type is the last
    # `$`-separated segment of the qualified type.
    parts = urn.split("::")
    if len(parts) < 4:
        return "", ""
    return parts[-1], parts[2].split("$")[-1]


def _provider_urn(stack: str = "stack", project: str = "project") -> str:
    return f"urn:pulumi:{stack}::{project}::{PROVIDER_TYPE}::default"
