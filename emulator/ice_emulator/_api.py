"""The ICE API endpoint (`GET|POST /`): from raw ASGI request to ICE's JSON reply.

Per request, in order: read and parse (size limits, query string, form body); find the
action and version; count it; verify the signature; suffer the configured faults; run
the action; answer. Every failure on the way is an `IceError` and becomes ICE's error
body with its HTTP status; anything unexpected becomes InternalError (logged here,
never a stack trace to the client). A request that fails before its action runs changes
no state.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from ._auth import Authenticator, SignedRequest
from ._exceptions import (
    IceError,
    InternalError,
    InvalidAction,
    InvalidParameter,
    InvalidVersion,
    MissingParameter,
    RequestTooLarge,
    Throttling,
    ThrottlingUser,
    UnsupportedHTTPMethod,
)
from ._faults import Faults, RequestStats
from ._responses import ACTIONS, API_VERSION, TOP_LEVEL_ACTIONS, IceResponses, Params

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_QUERY_BYTES",
    "MAX_VALUE_CHARS",
    "ApiEndpoint",
    "ConnectionDropper",
    "error_body",
    "new_request_id",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ConnectionDropper = Callable[[Scope], bool]

MAX_BODY_BYTES = 64 * 1024
MAX_QUERY_BYTES = 32 * 1024
MAX_VALUE_CHARS = 4096
_MAX_NAME_CHARS = 128
_MAX_FIELDS = 200
_FORM = "application/x-www-form-urlencoded"
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")

logger = logging.getLogger("ice_emulator")


class _ClientGone(Exception):
    """The client disconnected before its request was read."""


class ApiEndpoint:
    """The ASGI app answering ICE RPC requests."""

    def __init__(
        self,
        responses: IceResponses,
        authenticator: Authenticator,
        faults: Faults,
        stats: RequestStats,
        region: str,
        drop_connection: ConnectionDropper,
    ) -> None:
        self.responses = responses
        self.authenticator = authenticator
        self.faults = faults
        self.stats = stats
        self.host_id = f"ice.{region}.aliyuncs.com"
        self.drop_connection = drop_connection

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = new_request_id()
        self.stats.received()
        try:
            reply = await self._handle(scope, receive, send, request_id)
        except _ClientGone:
            return
        except IceError as error:
            await self._send_error(send, request_id, error)
            return
        except Exception:
            logger.exception("ICE emulator failed on request %s", request_id)
            await self._send_error(send, request_id, InternalError())
            return
        if reply is not None:
            await self._send_json(send, 200, request_id, reply)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, request_id: str
    ) -> dict[str, Any] | None:
        body = await _read_body(receive)
        method = scope["method"]
        if method not in ("GET", "POST"):
            raise UnsupportedHTTPMethod(method=method[:16])
        headers: dict[str, list[str]] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        query = _parse_query(scope["query_string"])
        body_params = _parse_form(body) if _is_form(headers) else []
        params = dict(query)
        params.update(body_params)
        action = self._action(headers, params)
        request = SignedRequest(
            method, scope.get("raw_path", b"/").decode("latin-1"), query, body_params, headers, body
        )
        self.authenticator.verify(request)
        if not await self._suffer_faults(scope, receive, action):
            return None
        data = ACTIONS[action](self.responses, Params(params, _base_url(scope, headers)))
        if self.faults.draw_reset_after(action):
            # The action took effect; the client never learns it (an ambiguous result).
            await self._drop(scope, receive)
            return None
        if action in TOP_LEVEL_ACTIONS:
            return {"RequestId": request_id, **(data or {})}
        reply: dict[str, Any] = {"RequestId": request_id, "Success": True}
        if data is not None:
            reply["Data"] = data
        return reply

    def _action(self, headers: dict[str, list[str]], params: dict[str, str]) -> str:
        action = _first(headers, "x-acs-action") or params.get("Action")
        if not action:
            raise MissingParameter(name="Action")
        if action not in ACTIONS:
            raise InvalidAction(action=action[:_MAX_NAME_CHARS])
        self.stats.named(action)
        version = _first(headers, "x-acs-version") or params.get("Version")
        if not version:
            raise MissingParameter(name="Version")
        if version != API_VERSION:
            raise InvalidVersion(version=version[:_MAX_NAME_CHARS])
        for name, value in params.items():
            if len(name) > _MAX_NAME_CHARS:
                raise InvalidParameter(
                    name=name[:_MAX_NAME_CHARS] + "...", reason="parameter name too long."
                )
            if len(value) > MAX_VALUE_CHARS:
                raise InvalidParameter(name=name, reason=f"at most {MAX_VALUE_CHARS} characters.")
        return action

    async def _suffer_faults(self, scope: Scope, receive: Receive, action: str) -> bool:
        """Apply latency and the drawn fault; False when the connection was dropped."""
        delay = self.faults.latency_seconds(action)
        if delay:
            await asyncio.sleep(delay)
        fault = self.faults.draw(action)
        if fault == Faults.RESET:
            await self._drop(scope, receive)
            return False
        if fault == Faults.THROTTLE:
            self.stats.was_throttled()
            raise Throttling()
        if fault == Faults.SERVER_ERROR:
            raise InternalError()
        if not self.faults.admit():
            self.stats.was_throttled()
            raise ThrottlingUser()
        return True

    async def _drop(self, scope: Scope, receive: Receive) -> None:
        if not self.drop_connection(scope):
            # Not served by our uvicorn protocol (no transport to abort): the closest
            # thing to silence is an error the client must treat as ambiguous.
            raise InternalError()
        # Wait for the server to notice, so it does not answer on our behalf.
        while (await receive())["type"] != "http.disconnect":
            pass

    async def _send_error(self, send: Send, request_id: str, error: IceError) -> None:
        await self._send_json(
            send, error.http_status, request_id, error_body(error, request_id, self.host_id)
        )

    @staticmethod
    async def _send_json(send: Send, status: int, request_id: str, body: dict[str, Any]) -> None:
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = [
            (b"content-type", b"application/json;charset=utf-8"),
            (b"content-length", str(len(payload)).encode("ascii")),
            (b"x-acs-request-id", request_id.encode("ascii")),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def new_request_id() -> str:
    return str(uuid.uuid4()).upper()


def error_body(error: IceError, request_id: str, host_id: str) -> dict[str, Any]:
    """ICE's error reply for `error`."""
    return {
        "RequestId": request_id,
        "HostId": host_id,
        "Code": error.code,
        "Message": error.text,
        "Recommend": f"https://api.aliyun.com/troubleshoot?q={error.code}&product=ICE&requestId={request_id}",
    }


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise RequestTooLarge(limit=MAX_BODY_BYTES)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _parse_pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(
            raw.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=_MAX_FIELDS
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidParameter(
            name=what, reason="not valid percent-encoded UTF-8 form data."
        ) from None


def _parse_query(raw: bytes) -> list[tuple[str, str]]:
    if len(raw) > MAX_QUERY_BYTES:
        raise RequestTooLarge(limit=MAX_QUERY_BYTES)
    return _parse_pairs(raw, "QueryString") if raw else []


def _parse_form(body: bytes) -> list[tuple[str, str]]:
    return _parse_pairs(body, "Body") if body else []


def _first(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


def _is_form(headers: dict[str, list[str]]) -> bool:
    return (_first(headers, "content-type") or "").lower().startswith(_FORM)


def _base_url(scope: Scope, headers: dict[str, list[str]]) -> str:
    """Where the client reached us, for links to served media."""
    host = _first(headers, "host") or ""
    if not _HOST.fullmatch(host):
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"
