"""The plugin's progress lines, as the engine's own log messages on each voice.

A plugin's stderr reaches only the engine's debug log, so the plugin sends the core's
lines ("voice V: job J Training -> Success") to the engine's Log service instead, on the
URN of the resource whose voice the line names: `pulumi up` shows them under that
resource. Lines that name no voice of a resource in flight go on the stack.
"""

from __future__ import annotations

import contextlib
import re
import threading

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

__all__ = ["GRPC_OPTIONS", "EngineLog"]

#: The engine sends and takes whole states: allow messages as large as Pulumi's own processes
#: do (pulumi.runtime._grpc_settings, private, and absent from older pulumi).
GRPC_OPTIONS = [("grpc.max_receive_message_length", 400 * 1024 * 1024)]

# "voice <voice id or name in ICE>: ...", "speech <title>: ..."; a name in ICE may hold
# spaces, never ": ".
_VOICE = re.compile(r"(?:pulumi-ice-voice: )?(?:voice|speech) (.+?): ")


class EngineLog:
    """Sends lines to the engine at ``address``; ``track`` names the URN of a voice id."""

    def __init__(self, address: str) -> None:
        self._channel = grpc.insecure_channel(address, options=GRPC_OPTIONS)
        self._engine = engine_pb2_grpc.EngineStub(self._channel)
        self._urns: dict[str, str] = {}
        self._lock = threading.Lock()

    def track(self, voice_id: str, urn: str) -> None:
        with self._lock:
            self._urns[voice_id] = urn

    def __call__(self, line: str) -> None:
        match = _VOICE.match(line)
        with self._lock:
            urn = self._urns.get(match.group(1), "") if match else ""
        self.send(line.removeprefix("pulumi-ice-voice: "), urn, engine_pb2.INFO)

    def warning(self, text: str, urn: str) -> None:
        """A warning on ``urn``'s resource (what the user must act on before the up)."""
        self.send(text, urn, engine_pb2.WARNING)

    def send(self, text: str, urn: str, severity: int) -> None:
        request = engine_pb2.LogRequest(severity=severity, message=text, urn=urn)  # type: ignore[arg-type]
        with contextlib.suppress(grpc.RpcError):  # the engine is going away: nowhere to say it
            self._engine.Log(request, timeout=10)
