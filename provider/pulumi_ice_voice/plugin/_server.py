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
from google.protobuf import any_pb2
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, status_pb2

from icevoice import IceError

from .._config import ConfigurationError
from .._editions import QuotaReached
from .._resend import NoAnswer
from .._stderr import send_lines_to, write_line
from .._voices import RetrainRefused, VoiceConflict
from .._watchdog import engine_address_of_host, watch_engine
from ._log import EngineLog
from ._provider import IceVoiceProvider, ResourceInitFailed

__all__ = ["serve"]

# What a user should read as a message, not as a provider bug with a stack.
_EXPECTED: tuple[type[BaseException], ...] = (
    ConfigurationError,
    IceError,
    NoAnswer,
    QuotaReached,
    RetrainRefused,
    VoiceConflict,
    TimeoutError,
    ValueError,
)
_ANSWERED = ("Check", "Diff", "Create", "Update", "Read", "Delete", "Invoke", "Configure")


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


Handler = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]


def _answering(handler: Handler) -> Handler:
    """Turn what a provider call raised into the answer the engine should see."""

    async def answer(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await handler(request, context)
        except Exception as raised:
            # The experimental server raises every error again as a new Exception that
            # carries a stack; the provider's own exception is its context.
            error = raised.__context__ or raised
            if isinstance(error, ResourceInitFailed):
                trailer = _init_failed_trailer(error)
                await context.abort(grpc.StatusCode.UNKNOWN, error.reason, trailer)
            if isinstance(error, _EXPECTED):
                await context.abort(grpc.StatusCode.UNKNOWN, str(error))
            raise

    return answer


class IceVoiceServicer(ProviderServicer):
    """The experimental servicer, each provider call answered through _answering."""

    def __init__(self, args: list[str], version: str, engine_address: str) -> None:
        log = EngineLog(engine_address) if engine_address else None
        send_lines_to(log)
        super().__init__(args, version, IceVoiceProvider(version, log), engine_address)
        for name in _ANSWERED:
            setattr(self, name, _answering(getattr(self, name)))


def serve(args: list[str], version: str) -> None:
    """Serve the plugin on a free loopback port and print the port (what the CLI reads)."""
    engine = engine_address_of_host(args) or ""
    watch_engine(engine, say=lambda line: write_line(f"pulumi-ice-voice: {line}"))

    async def run() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = IceVoiceServicer(args, version, engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches plugins too: end quietly
        asyncio.run(run())
