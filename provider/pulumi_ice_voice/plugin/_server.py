"""The plugin's gRPC server: Pulumi's experimental provider server, with what it lacks.

- ResourceInitFailed: a create or update that made the voice but could not finish it
  answers with the engine's `pulumirpc.ErrorResourceInitFailed` as a status detail (id,
  properties, reasons), so that the engine records the voice with initialization errors
  instead of forgetting it. The experimental server has no way to say this.
- Errors the provider expects (bad input, ICE's answers, a refused change) reach the user
  as their message; the experimental server appends a Python stack to every error.
- The engine is watched, as Go providers do: when it is gone, the process ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from google.protobuf import any_pb2, empty_pb2
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import Provider
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, status_pb2

from icevoice import IceError

from .._core.errors import VoiceError
from .._core.lines import say, send_lines_to
from .._core.watchdog import engine_address_of_host, watch_engine
from ._engine_log import GRPC_OPTIONS, EngineLog
from ._provider import IceVoiceProvider, ResourceInitFailed

__all__ = ["Answer", "IceVoiceServicer", "answer_in", "serve"]

# What a user should read as a message, not as a provider bug with a stack: the roots of
# the provider's own tree and of ICE's answers.
_EXPECTED: tuple[type[BaseException], ...] = (VoiceError, IceError)
#: The provider's calls whose errors are answered here: gRPC method -> provider method.
_ANSWERED = {
    "CheckConfig": "check_config",
    "DiffConfig": "diff_config",
    "Configure": "configure",
    "Check": "check",
    "Diff": "diff",
    "Create": "create",
    "Update": "update",
    "Read": "read",
    "Delete": "delete",
    "Invoke": "invoke",
}


class Answer(Exception):
    """What the engine is to be told instead of a result: a message, and trailing metadata
    (the ResourceInitFailed detail). Only this module makes one, at the provider's edge, so
    finding one in a raised error's chain is never a guess about someone else's exception,
    however Pulumi's server wraps what the provider raised: 3.272 raises every error again
    as a new Exception whose context is the provider's; 3.200's Create does not wrap."""

    def __init__(self, message: str, trailer: tuple[tuple[str, bytes], ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.trailer = trailer


def answer_in(raised: BaseException) -> Answer | None:
    """The Answer that ``raised`` is, or that caused it (its __cause__ / __context__ chain)."""
    seen: set[int] = set()
    pending: list[BaseException] = [raised]
    while pending:
        error = pending.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, Answer):
            return error
        pending += [e for e in (error.__cause__, error.__context__) if e is not None]
    return None


def _init_failed_trailer(failure: ResourceInitFailed) -> tuple[tuple[str, bytes], ...]:
    detail = provider_pb2.ErrorResourceInitFailed(
        id=failure.voice_id,
        properties=PropertyValue.marshal_map(failure.properties),
        reasons=[failure.reason],
    )
    packed = any_pb2.Any()
    packed.Pack(detail)
    status = status_pb2.Status(
        code=grpc.StatusCode.UNKNOWN.value[0], message=failure.reason, details=[packed]
    )
    return (("grpc-status-details-bin", status.SerializeToString()),)


ProviderCall = Callable[[Any], Awaitable[Any]]
Handler = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]


def _answers(call: ProviderCall) -> ProviderCall:
    """A provider method whose partial states and expected errors become Answers."""

    async def run(request: Any) -> Any:
        try:
            return await call(request)
        except ResourceInitFailed as failure:
            raise Answer(failure.reason, _init_failed_trailer(failure)) from failure
        except _EXPECTED as error:
            raise Answer(str(error)) from error

    return run


def _answering(handler: Handler) -> Handler:
    """A servicer method that tells the engine the Answer its provider call raised."""

    async def answer(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await handler(request, context)
        except Exception as raised:
            found = answer_in(raised)
            if found is None:
                raise  # a bug: the server's own report, with its stack
            await context.abort(grpc.StatusCode.UNKNOWN, found.message, found.trailer)

    return answer


class IceVoiceServicer(ProviderServicer):
    """The experimental servicer, each provider call answered through _answering."""

    def __init__(
        self,
        args: list[str],
        version: str,
        engine_address: str,
        provider: Provider | None = None,
    ) -> None:
        if provider is None:
            log = EngineLog(engine_address) if engine_address else None
            send_lines_to(log)
            provider = IceVoiceProvider(version, log)
        for method in _ANSWERED.values():
            setattr(provider, method, _answers(getattr(provider, method)))
        super().__init__(args, version, provider, engine_address)
        for name in _ANSWERED:
            setattr(self, name, _answering(getattr(self, name)))

    async def Cancel(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        """Ctrl-C: ends every wait (pulumi's own servicer forwards it only from 3.230 on)."""
        await self._provider.cancel()
        return empty_pb2.Empty()


def serve(args: list[str], version: str) -> None:
    """Serve the plugin on a free loopback port and print the port (what the CLI reads)."""
    engine = engine_address_of_host(args) or ""
    watch_engine(engine, say=say)

    async def run() -> None:
        server = grpc.aio.server(options=GRPC_OPTIONS)
        servicer = IceVoiceServicer(args, version, engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches plugins too: end quietly
        asyncio.run(run())
