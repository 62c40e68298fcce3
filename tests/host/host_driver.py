"""Drive a real ``python -m pulumi.dynamic`` over gRPC the way the engine does.

Small and private to tests/host (tests/engine has the full harness): start the
host, Configure it, send Create calls concurrently, read the host's stderr.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TYPE = "pulumi-python:dynamic:Resource"
# Guards against a hung host, never timing assertions.
START_TIMEOUT = 60.0
CALL_TIMEOUT = 120.0


class DynamicHost:
    """One ``python -m pulumi.dynamic`` subprocess and a gRPC channel to it.

    ``python`` picks the interpreter (and so the pulumi and grpcio versions);
    ``pythonpath`` is prepended so the host can import the toy providers.
    """

    def __init__(self, python: str = sys.executable, pythonpath: Sequence[Path] = ()) -> None:
        paths = [str(p) for p in (HERE, *pythonpath)]
        if os.environ.get("PYTHONPATH"):
            paths.append(os.environ["PYTHONPATH"])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
        self._proc = subprocess.Popen(
            [python, "-u", "-m", "pulumi.dynamic"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=HERE,
        )
        self.stderr = ""
        assert self._proc.stdout is not None
        port = self._proc.stdout.readline().decode().strip()
        if not port.isdigit():
            self.close()
            raise RuntimeError(f"the host did not start: {port!r}\n{self.stderr}")
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(self._channel).result(timeout=START_TIMEOUT)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)

    def configure(self, config: Mapping[str, Any] | None = None) -> None:
        args = _serialize(dict(config or {}))
        self._stub.Configure(provider_pb2.ConfigureRequest(args=args), timeout=CALL_TIMEOUT)

    def create_all(
        self, provider: ResourceProvider, props_list: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """Send one Create per props at once (as the engine does for independent resources)."""
        provider_string = serialize_provider(provider)
        calls = []
        for props in props_list:
            name = str(props["name"])
            request = provider_pb2.CreateRequest(
                urn=f"urn:pulumi:test::host::{TYPE}::{name}",
                properties=_serialize({**props, "__provider": provider_string}),
                type=TYPE,
                name=name,
            )
            calls.append(self._stub.Create.future(request, timeout=CALL_TIMEOUT))
        return [dict(rpc.deserialize_properties(call.result().properties)) for call in calls]

    def close(self) -> str:
        """Stop the host; return (and keep in ``self.stderr``) everything it wrote to stderr."""
        if hasattr(self, "_channel"):
            self._channel.close()
        if self._proc.poll() is None:
            self._proc.terminate()
        _, err = self._proc.communicate(timeout=START_TIMEOUT)
        self.stderr = err.decode(errors="replace")
        return self.stderr

    def __enter__(self) -> DynamicHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serialize(props: dict[str, Any]) -> Any:
    return asyncio.run(rpc.serialize_properties(props, {}))


def concurrent_creates(
    host: DynamicHost, provider: ResourceProvider, *, mode: str, count: int
) -> tuple[int, list[dict[str, Any]]]:
    """Configure the host, send ``count`` Creates at once; return their peak concurrency and outputs.

    The first Create deserializes the provider and runs its configure(), so
    the other calls queue in the host meanwhile, as in a real ``pulumi up``.
    """
    host.configure({"ice:maxConcurrency": count})
    outs = host.create_all(
        provider,
        [{"name": f"voice-{i}", "mode": mode, "expected": count} for i in range(count)],
    )
    return max(int(out["peak"]) for out in outs), outs
