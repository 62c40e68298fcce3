"""The control API under /_emulator/ (JSON, no signature) and the served media files.

Control requests are never counted and never faulted. Errors are `{"error": "..."}`
with HTTP 400.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ._auth import Credentials
from ._emulator import Emulator
from ._exceptions import IceError
from ._faults import FaultConfig, FaultConfigError
from ._models import RECORDS_PER_VOICE, SCENARIOS
from ._responses import job_fields
from ._wav import render_wav

__all__ = ["control_routes", "media_routes"]


class _BadRequest(Exception):
    pass


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest("the body must be JSON") from None
    if not isinstance(body, dict):
        raise _BadRequest("the body must be a JSON object")
    return body


def _error(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


def control_routes(emulator: Emulator) -> list[Route]:
    """Routes relative to /_emulator."""

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def reset(request: Request) -> Response:
        body = await _json_body(request)
        counters_only = bool(body.get("counters_only", False))
        emulator.reset(counters_only=counters_only)
        return JSONResponse({"reset": "counters" if counters_only else "all"})

    async def requests(request: Request) -> Response:
        return JSONResponse(emulator.stats.to_json())

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            emulator.faults.configure(FaultConfig.from_json(await _json_body(request)))
        return JSONResponse(emulator.faults.config.to_json())

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            seconds = (await _json_body(request)).get("training_seconds")
            if (
                isinstance(seconds, bool)
                or not isinstance(seconds, (int, float))
                or not 0 <= seconds < 1e9
            ):
                raise _BadRequest("training_seconds must be a number >= 0")
            emulator.backend.training_seconds = float(seconds)
        return JSONResponse({"training_seconds": emulator.backend.training_seconds})

    async def stage(request: Request) -> Response:
        body = await _json_body(request)
        voice_ids = body.get("voice_ids")
        if not isinstance(voice_ids, list) or not all(isinstance(item, str) for item in voice_ids):
            raise _BadRequest("voice_ids must be a list of strings")
        if not isinstance(body.get("voice_name", ""), str):
            raise _BadRequest("voice_name must be a string")
        staged = emulator.backend.stage(
            voice_ids,
            str(body.get("gender", "female")),
            str(body.get("scenario", "story")),
            body.get("voice_name"),
            str(body.get("status", "Initialization")),
        )
        return JSONResponse({"job_ids": staged})

    async def jobs(request: Request) -> Response:
        backend = emulator.backend
        items = []
        for job in backend.all_jobs():
            items.append(
                {
                    **job_fields(job),
                    "DemoAudioMediaURL": job.demo_audio_media_url,
                    "DemoAudioMediaId": job.demo_audio_media_id,
                    "SubmitCount": job.submit_count,
                    "PassedRecords": len(emulator.store.passed_record_ids(job.voice_id)),
                }
            )
        return JSONResponse({"jobs": items})

    async def credentials(request: Request) -> Response:
        current = emulator.authenticator.credentials
        if request.method == "POST":
            current = _credentials(await _json_body(request), current)
            emulator.authenticator.credentials = current
        return JSONResponse(
            {
                "access_key_id": current.access_key_id,
                "security_token": current.security_token is not None,
                "security_token_expires_at": current.security_token_expires_at,
            }
        )

    routes = [
        ("/health", health, ["GET"]),
        ("/reset", reset, ["POST"]),
        ("/requests", requests, ["GET"]),
        ("/faults", faults, ["GET", "POST"]),
        ("/clock", clock, ["GET", "POST"]),
        ("/stage", stage, ["POST"]),
        ("/jobs", jobs, ["GET"]),
        ("/credentials", credentials, ["GET", "POST"]),
    ]
    return [Route(path, _guarded(handler), methods=methods) for path, handler, methods in routes]


def _guarded(handler: Any) -> Any:
    async def endpoint(request: Request) -> Response:
        try:
            response: Response = await handler(request)
            return response
        except (_BadRequest, FaultConfigError) as error:
            return _error(str(error))
        except IceError as error:
            return _error(error.text)

    endpoint.__name__ = handler.__name__
    return endpoint


def _credentials(body: dict[str, Any], current: Credentials) -> Credentials:
    """New credentials from a control request; missing keys keep their current value."""
    for key in ("access_key_id", "access_key_secret", "security_token"):
        if (
            key in body
            and body[key] is not None
            and (not isinstance(body[key], str) or not body[key])
        ):
            raise _BadRequest(f"{key} must be a non-empty string")
    expires_in = body.get("security_token_expires_in")
    if expires_in is not None and (
        isinstance(expires_in, bool) or not isinstance(expires_in, (int, float))
    ):
        raise _BadRequest("security_token_expires_in must be a number of seconds")
    token = body.get("security_token", current.security_token)
    return Credentials(
        access_key_id=body.get("access_key_id") or current.access_key_id,
        access_key_secret=body.get("access_key_secret") or current.access_key_secret,
        security_token=token,
        security_token_expires_at=None
        if expires_in is None or token is None
        else time.time() + float(expires_in),
    )


def media_routes(emulator: Emulator) -> list[Route]:
    """Demo audio written on training Success, and the demonstration samples."""

    async def demo_audio(request: Request) -> Response:
        path = emulator.backend.media_path(request.path_params["media_id"])
        if path is None:
            return JSONResponse({"error": "no such media"}, status_code=404)
        return FileResponse(path, media_type="audio/wav")

    async def demonstration(request: Request) -> Response:
        scenario, audio_id = request.path_params["scenario"], request.path_params["audio_id"]
        if scenario not in SCENARIOS or not 1 <= audio_id <= RECORDS_PER_VOICE:
            return JSONResponse({"error": "no such demonstration"}, status_code=404)
        return Response(render_wav(f"{scenario}-{audio_id}", 1.0), media_type="audio/wav")

    return [
        Route(
            "/media/demonstrations/{scenario}/{audio_id:int}.wav",
            demonstration,
            methods=["GET", "HEAD"],
        ),
        Route("/media/{media_id}.wav", demo_audio, methods=["GET", "HEAD"]),
    ]
