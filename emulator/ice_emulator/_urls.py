"""Routing: which URL reaches which handler.

    GET|POST /                 the ICE RPC API (_api.ApiEndpoint)
    GET|POST /_emulator/...    the control API (_control)
    GET      /media/...        served WAV files (_control.media_routes)
    anything else              ICE-shaped 404

`/` is dispatched before Starlette's router and middleware: it is the hot path, and
the API endpoint does its own error handling.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount

from ._api import ApiEndpoint, ConnectionDropper, Receive, Scope, Send, error_body, new_request_id
from ._control import control_routes, media_routes
from ._emulator import Emulator
from ._exceptions import IceError, InvalidAction, UnsupportedHTTPMethod

__all__ = ["build_app"]


class EmulatorApp:
    """The ASGI application of one emulator."""

    def __init__(self, emulator: Emulator, drop_connection: ConnectionDropper) -> None:
        self.emulator = emulator
        self.api = ApiEndpoint(
            emulator.responses,
            emulator.authenticator,
            emulator.faults,
            emulator.stats,
            emulator.region,
            drop_connection,
        )
        self.site = Starlette(
            routes=[Mount("/_emulator", routes=control_routes(emulator)), *media_routes(emulator)],
            exception_handlers={HTTPException: _http_error(self.api.host_id)},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/":
            await self.api(scope, receive, send)
        else:
            await self.site(scope, receive, send)


def _http_error(host_id: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    """Starlette's 404/405 for paths outside the API, in ICE's error shape."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        error: IceError
        if exc.status_code == 405:
            error = UnsupportedHTTPMethod(method=request.method[:16])
        else:
            error = InvalidAction(action=request.url.path[:128])
        request_id = new_request_id()
        return JSONResponse(
            error_body(error, request_id, host_id),
            status_code=error.http_status,
            headers={"x-acs-request-id": request_id},
        )

    return handler


def build_app(emulator: Emulator, drop_connection: ConnectionDropper) -> EmulatorApp:
    return EmulatorApp(emulator, drop_connection)
