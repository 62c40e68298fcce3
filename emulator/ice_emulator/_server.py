"""Serving an emulator with uvicorn: in a background thread (tests, the embedded
provider backend) or in the foreground (the CLI).

The listening socket is bound before uvicorn starts, so `start()` fails fast with
OSError when the port is taken and the port chosen for `port=0` is known at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from ._api import MAX_QUERY_BYTES, Scope
from ._auth import Credentials
from ._emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_COSY_VOICE_TYPE,
    DEFAULT_REGION,
    DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    DEFAULT_TRAINING_SECONDS,
    Emulator,
)
from ._urls import build_app

__all__ = ["DEFAULT_DATA_DIR", "EmulatorServer"]

DEFAULT_DATA_DIR = ".ice-emulator"
_START_TIMEOUT_SECONDS = 15.0

logger = logging.getLogger("ice_emulator")

_ConnectionKey = tuple[str, int, str, int]


class _Connections:
    """Open client connections by address, so a fault can drop one mid-request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[_ConnectionKey, asyncio.Transport] = {}

    @staticmethod
    def _key(peer: Any, local: Any) -> _ConnectionKey | None:
        if not isinstance(peer, tuple) or not isinstance(local, tuple):
            return None
        return (str(peer[0]), int(peer[1]), str(local[0]), int(local[1]))

    def add(self, transport: asyncio.Transport) -> None:
        key = self._key(transport.get_extra_info("peername"), transport.get_extra_info("sockname"))
        if key is not None:
            with self._lock:
                self._by_key[key] = transport

    def remove(self, transport: asyncio.Transport) -> None:
        key = self._key(transport.get_extra_info("peername"), transport.get_extra_info("sockname"))
        if key is not None:
            with self._lock:
                if self._by_key.get(key) is transport:
                    del self._by_key[key]

    def drop(self, scope: Scope) -> bool:
        """Reset the connection a request came on (TCP RST, no answer); False if unknown."""
        client, server = scope.get("client"), scope.get("server")
        key = self._key(tuple(client) if client else None, tuple(server) if server else None)
        with self._lock:
            transport = self._by_key.get(key) if key is not None else None
        if transport is None:
            return False
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends RST, the client sees "connection reset by peer".
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        return True

    def protocol(self, base: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
        """uvicorn's HTTP protocol class, registering each connection here."""
        connections = self

        class TrackedProtocol(base):  # type: ignore[valid-type,misc]
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                # asyncio only disables Nagle for sockets created with proto=IPPROTO_TCP;
                # ours (socket.create_server) has proto 0. Without this, the response body
                # waits ~40 ms for the client's delayed ACK of the headers.
                sock = transport.get_extra_info("socket")
                if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().connection_made(transport)
                connections.add(transport)  # type: ignore[arg-type]

            def connection_lost(self, exc: Exception | None) -> None:
                connections.remove(self.transport)
                super().connection_lost(exc)

        return TrackedProtocol


class _ForegroundServer(uvicorn.Server):
    """uvicorn for the CLI: SIGINT/SIGTERM shut down gracefully and `run()` returns, so the
    process closes its state and exits 0 (plain uvicorn re-raises the signal instead)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {
            sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _http_protocol_class(http: str) -> type[asyncio.Protocol]:
    if http == "h11":
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol
    if http == "httptools":
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return HttpToolsProtocol
    # "auto": httptools when installed (faster), h11 otherwise.
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    return AutoHTTPProtocol


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    sock.set_inheritable(True)
    return sock


class EmulatorServer:
    """A local ICE emulator serving HTTP on `host:port`, its state in `data_dir`.

        with EmulatorServer(data_dir=tmp, port=0, training_seconds=0.5) as server:
            server.url   # "http://127.0.0.1:PORT"

    `start()` serves from a background thread and returns once requests are answered;
    `stop()` shuts down and closes the state. The accepted keys default to
    DEFAULT_ACCESS_KEY_ID / DEFAULT_ACCESS_KEY_SECRET; with `security_token` set, requests
    must carry that STS token. `cosy_voice_type` is the `Type` CosyVoice jobs report (ICE
    does not document it; DEFAULT_COSY_VOICE_TYPE is a guess).
    `synthesis_seconds_per_character` paces speech jobs: a job's time is that times the
    length of its text.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        access_key_id: str = DEFAULT_ACCESS_KEY_ID,
        access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
        region: str = DEFAULT_REGION,
        training_seconds: float = DEFAULT_TRAINING_SECONDS,
        *,
        security_token: str | None = None,
        http: str = "auto",
        cosy_voice_type: str = DEFAULT_COSY_VOICE_TYPE,
        synthesis_seconds_per_character: float = DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    ) -> None:
        self.data_dir = Path(data_dir if data_dir is not None else DEFAULT_DATA_DIR).resolve()
        self.host = host
        self.port = port
        self.region = region
        self.training_seconds = training_seconds
        self.cosy_voice_type = cosy_voice_type
        self.synthesis_seconds_per_character = synthesis_seconds_per_character
        self._credentials = Credentials(access_key_id, access_key_secret, security_token)
        self._http = http
        self._emulator: Emulator | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._connections = _Connections()

    def __repr__(self) -> str:
        return f"EmulatorServer(url={self.url!r}, data_dir={str(self.data_dir)!r})"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def access_key_id(self) -> str:
        return self._credentials.access_key_id

    def get_host_and_port(self) -> tuple[str, int]:
        return self.host, self.port

    # -- lifecycle ---------------------------------------------------------------------

    def _prepare(self, server_class: type[uvicorn.Server] = uvicorn.Server) -> uvicorn.Server:
        """Bind the socket and build the app; raises OSError when the port is taken."""
        if self._server is not None:
            raise RuntimeError("the emulator is already started")
        sock = _bind(self.host, self.port)
        try:
            self.port = sock.getsockname()[1]
            emulator = Emulator(
                self.data_dir,
                self._credentials,
                self.region,
                self.training_seconds,
                self.cosy_voice_type,
                self.synthesis_seconds_per_character,
            )
        except BaseException:
            sock.close()
            raise
        config = uvicorn.Config(
            build_app(emulator, self._connections.drop),
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            http=self._connections.protocol(_http_protocol_class(self._http)),
            ws="none",
            timeout_graceful_shutdown=5,
            timeout_keep_alive=30,
            # h11 refuses request heads over 16 KiB; the official SDK sends a speech's text
            # in the query string (2,000 CJK characters are 18 KB percent-encoded).
            h11_max_incomplete_event_size=MAX_QUERY_BYTES + 16 * 1024,
        )
        self._socket, self._emulator = sock, emulator
        self._server = server_class(config)
        return self._server

    def start(self) -> None:
        """Serve from a background thread; returns once the server accepts requests."""
        server = self._prepare()
        assert self._socket is not None
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [self._socket]},
            name=f"ice-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    "the ICE emulator did not start; see the log of logger 'uvicorn.error'"
                )
            time.sleep(0.005)

    def serve_forever(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve in this thread until SIGINT/SIGTERM (the CLI).

        `on_ready` runs once the socket listens: connections made from then on are served.
        """
        server = self._prepare(_ForegroundServer)
        try:
            if on_ready is not None:
                on_ready()
            server.run(sockets=[self._socket] if self._socket else None)
        finally:
            self._close()

    def stop(self) -> None:
        """Stop serving and close the state; safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self._close()

    def _close(self) -> None:
        if self._emulator is not None:
            self._emulator.close()
            self._emulator = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._server = None

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
