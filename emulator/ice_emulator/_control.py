"""The control API under /_emulator/ (JSON, no signature) and the served media files.

One class per endpoint group (health, state, requests, faults, clock, speech, editions,
credentials), one method per endpoint; `control_routes` builds the routes from them.
Control requests are never counted and never faulted. Errors are `{"error": "..."}` with
HTTP 400.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ._auth import Credentials
from ._emulator import Emulator
from ._exceptions import IceError
from ._faults import FaultConfig, FaultConfigError
from ._models import COSY_VOICE_TYPE_PATTERN, RECORDS_PER_VOICE, SCENARIOS
from ._responses import job_fields
from ._speech_store import SmartJobRow
from ._store import JobRow
from ._wav import render_wav

__all__ = [
    "ClockEndpoints",
    "CredentialsEndpoints",
    "EditionsEndpoints",
    "FaultsEndpoints",
    "HealthEndpoints",
    "RequestsEndpoints",
    "SpeechEndpoints",
    "StateEndpoints",
    "control_routes",
    "media_routes",
]

Handler = Callable[[Request], Awaitable[Response]]


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


class _Endpoints:
    """A group of control endpoints over one emulator, each a method named in ROUTES."""

    # (path under /_emulator, method name, HTTP methods)
    ROUTES: ClassVar[tuple[tuple[str, str, tuple[str, ...]], ...]] = ()

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def routes(self) -> list[Route]:
        return [
            Route(path, _guarded(getattr(self, name)), methods=list(methods))
            for path, name, methods in self.ROUTES
        ]


class HealthEndpoints(_Endpoints):
    """Whether the emulator answers."""

    ROUTES = (("/health", "health", ("GET",)),)

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})


class StateEndpoints(_Endpoints):
    """The voices, jobs and OSS objects of the data directory, through the back door."""

    ROUTES = (
        ("/reset", "reset", ("POST",)),
        ("/stage", "stage", ("POST",)),
        ("/objects", "objects", ("POST",)),
        ("/jobs", "jobs", ("GET",)),
    )

    async def reset(self, request: Request) -> Response:
        counters_only = bool((await _json_body(request)).get("counters_only", False))
        self.emulator.reset(counters_only=counters_only)
        return JSONResponse({"reset": "counters" if counters_only else "all"})

    async def stage(self, request: Request) -> Response:
        body = await _json_body(request)
        staged = self.emulator.back_door.stage(
            _voice_ids(body),
            str(body.get("gender", "female")),
            str(body.get("scenario", "story")),
            _voice_name(body),
            str(body.get("status", "Initialization")),
        )
        return JSONResponse({"job_ids": staged})

    async def objects(self, request: Request) -> Response:
        body = await _json_body(request)
        url, duration = body.get("url"), body.get("duration")
        if not isinstance(url, str):
            raise _BadRequest("url must be an OSS object URL (a string)")
        if isinstance(duration, bool) or not isinstance(duration, (int, float)):
            raise _BadRequest("duration must be a number of seconds")
        key, seconds = self.emulator.back_door.stage_object(url, float(duration))
        return JSONResponse({"object": key, "duration": seconds})

    async def jobs(self, request: Request) -> Response:
        back_door = self.emulator.back_door
        editions = self.emulator.backend.editions
        items = [
            _job_item(job, editions.reported(job.type), passed) for job, passed in back_door.jobs()
        ]
        return JSONResponse({"jobs": items})


class RequestsEndpoints(_Endpoints):
    """The API request counters since the last reset."""

    ROUTES = (("/requests", "requests", ("GET",)),)

    async def requests(self, request: Request) -> Response:
        return JSONResponse(self.emulator.stats.to_json())


class FaultsEndpoints(_Endpoints):
    """The fault configuration: POST replaces it whole."""

    ROUTES = (("/faults", "faults", ("GET", "POST")),)

    async def faults(self, request: Request) -> Response:
        if request.method == "POST":
            self.emulator.faults.configure(FaultConfig.from_json(await _json_body(request)))
        return JSONResponse(self.emulator.faults.config.to_json())


class ClockEndpoints(_Endpoints):
    """The pace of jobs (training time, synthesis time per character), effective at once
    for running jobs, and the emulator's time, which may be moved forward."""

    ROUTES = (("/clock", "clock", ("GET", "POST")),)

    async def clock(self, request: Request) -> Response:
        back_door = self.emulator.back_door
        if request.method == "POST":
            body = await _json_body(request)
            changes = _clock_changes(body)
            if "training_seconds" in changes:
                back_door.training_seconds = changes["training_seconds"]
            if "synthesis_seconds_per_character" in changes:
                back_door.synthesis_seconds_per_character = changes[
                    "synthesis_seconds_per_character"
                ]
            if "advance_seconds" in changes:
                back_door.clock.advance(changes["advance_seconds"])
        now = back_door.clock()
        return JSONResponse(
            {
                "training_seconds": back_door.training_seconds,
                "synthesis_seconds_per_character": back_door.synthesis_seconds_per_character,
                "offset_seconds": back_door.clock.offset_seconds,
                "now": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
            }
        )


class SpeechEndpoints(_Endpoints):
    """Every speech job, the ones past ICE's one-year horizon too, for invariant checks."""

    ROUTES = (("/speech", "speech", ("GET",)),)

    async def speech(self, request: Request) -> Response:
        return JSONResponse(
            {"jobs": [_speech_item(job) for job in self.emulator.speech.all_jobs()]}
        )


class EditionsEndpoints(_Endpoints):
    """The Type CosyVoice jobs and voices report (undocumented upstream), at once for all."""

    ROUTES = (("/editions", "editions", ("GET", "POST")),)

    async def editions(self, request: Request) -> Response:
        back_door = self.emulator.back_door
        if request.method == "POST":
            back_door.cosy_voice_type = _cosy_voice_type(await _json_body(request))
        return JSONResponse({"cosy_voice_type": back_door.cosy_voice_type})


class CredentialsEndpoints(_Endpoints):
    """The credentials the API accepts; replies never carry a secret."""

    ROUTES = (("/credentials", "credentials", ("GET", "POST")),)

    async def credentials(self, request: Request) -> Response:
        authenticator = self.emulator.authenticator
        if request.method == "POST":
            body = await _json_body(request)
            authenticator.credentials = _credentials(body, authenticator.credentials)
        current = authenticator.credentials
        return JSONResponse(
            {
                "access_key_id": current.access_key_id,
                "security_token": current.security_token is not None,
                "security_token_expires_at": current.security_token_expires_at,
            }
        )


_GROUPS = (
    HealthEndpoints,
    StateEndpoints,
    RequestsEndpoints,
    FaultsEndpoints,
    ClockEndpoints,
    SpeechEndpoints,
    EditionsEndpoints,
    CredentialsEndpoints,
)


def control_routes(emulator: Emulator) -> list[Route]:
    """Routes relative to /_emulator."""
    return [route for group in _GROUPS for route in group(emulator).routes()]


def _guarded(handler: Handler) -> Handler:
    """The handler with bad input answered as HTTP 400 `{"error": ...}`."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except (_BadRequest, FaultConfigError) as error:
            return _error(str(error))
        except IceError as error:
            return _error(error.text)

    endpoint.__name__ = handler.__name__
    return endpoint


# -- reading control bodies ----------------------------------------------------------------


def _voice_ids(body: dict[str, Any]) -> list[str]:
    voice_ids = body.get("voice_ids")
    if not isinstance(voice_ids, list) or not all(isinstance(item, str) for item in voice_ids):
        raise _BadRequest("voice_ids must be a list of strings")
    return voice_ids


def _voice_name(body: dict[str, Any]) -> str | None:
    # Absent and null both mean "name the voice after its id".
    if not isinstance(body.get("voice_name", ""), str):
        raise _BadRequest("voice_name must be a string")
    return body.get("voice_name")


def _job_item(job: JobRow, job_type: str, passed_records: int) -> dict[str, Any]:
    """A job as GET jobs lists it: its API fields and what invariant checks need."""
    return {
        **job_fields(job, job_type),
        "Model": job.model,
        "Audios": job.audios,
        "Authentication": job.authentication,
        "DemoAudioMediaURL": job.demo_audio_media_url,
        "DemoAudioMediaId": job.demo_audio_media_id,
        "SubmitCount": job.submit_count,
        "PassedRecords": passed_records,
    }


# Keys of POST clock, with the bound each value stays under.
_CLOCK_KEYS = {
    "training_seconds": 1e9,
    "synthesis_seconds_per_character": 3600.0,
    "advance_seconds": 100 * 365 * 86_400.0,
}


def _clock_changes(body: dict[str, Any]) -> dict[str, float]:
    unknown = sorted(set(body) - set(_CLOCK_KEYS))
    if unknown or not body:
        raise _BadRequest(f"give one or more of {', '.join(_CLOCK_KEYS)}")
    changes: dict[str, float] = {}
    for key, value in body.items():
        # bool is an int to Python, not a number to a JSON client.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _BadRequest(f"{key} must be a number >= 0")
        if not 0 <= value < _CLOCK_KEYS[key]:
            raise _BadRequest(f"{key} must be a number >= 0 and below {_CLOCK_KEYS[key]:g}")
        changes[key] = float(value)
    return changes


def _speech_item(job: SmartJobRow) -> dict[str, Any]:
    """A speech job as GET speech lists it: what the job holds, and its output."""
    return {
        "JobId": job.job_id,
        "State": job.state,
        "Title": job.title,
        "UserData": job.user_data,
        "Voice": job.voice,
        "CustomizedVoice": job.customized,
        "Format": job.audio_format,
        "Volume": job.volume,
        "SpeechRate": job.speech_rate,
        "PitchRate": job.pitch_rate,
        "Text": job.input_config,
        "Bucket": job.bucket,
        "Object": job.object,
        "ObjectKey": job.object_key,
        "Overwrite": job.overwrite,
        "MediaId": job.media_id,
        "CreateTime": job.created_at,
        "ErrorCode": job.error_code,
    }


def _cosy_voice_type(body: dict[str, Any]) -> str:
    value = body.get("cosy_voice_type")
    if not isinstance(value, str) or not COSY_VOICE_TYPE_PATTERN.fullmatch(value):
        raise _BadRequest("cosy_voice_type must be a word of 1-32 letters, digits, '-', '_'")
    return value


def _credentials(body: dict[str, Any], current: Credentials) -> Credentials:
    """New credentials from a control request; missing keys keep their current value."""
    _check_credentials(body)
    token = body.get("security_token", current.security_token)
    expires_in = body.get("security_token_expires_in")
    return Credentials(
        access_key_id=body.get("access_key_id") or current.access_key_id,
        access_key_secret=body.get("access_key_secret") or current.access_key_secret,
        security_token=token,
        security_token_expires_at=None
        if expires_in is None or token is None
        else time.time() + float(expires_in),
    )


def _check_credentials(body: dict[str, Any]) -> None:
    for key in ("access_key_id", "access_key_secret", "security_token"):
        value = body.get(key)
        # null is allowed: for security_token it removes the token, elsewhere it is ignored.
        if value is not None and (not isinstance(value, str) or not value):
            raise _BadRequest(f"{key} must be a non-empty string")
    expires_in = body.get("security_token_expires_in")
    if expires_in is not None and (
        isinstance(expires_in, bool) or not isinstance(expires_in, (int, float))
    ):
        raise _BadRequest("security_token_expires_in must be a number of seconds")


def media_routes(emulator: Emulator) -> list[Route]:
    """Demo audio written on training Success, the demonstration samples, and the OSS
    objects speech jobs wrote (`/oss/<bucket>/<key>`: the emulator's stand-in for
    `https://<bucket>.oss-<region>.aliyuncs.com/<key>`)."""

    async def demo_audio(request: Request) -> Response:
        path = emulator.backend.media.media_path(request.path_params["media_id"])
        if path is None:
            return JSONResponse({"error": "no such media"}, status_code=404)
        return FileResponse(path, media_type="audio/wav")

    async def demonstration(request: Request) -> Response:
        scenario, audio_id = request.path_params["scenario"], request.path_params["audio_id"]
        if scenario not in SCENARIOS or not 1 <= audio_id <= RECORDS_PER_VOICE:
            return JSONResponse({"error": "no such demonstration"}, status_code=404)
        return Response(render_wav(f"{scenario}-{audio_id}", 1.0), media_type="audio/wav")

    async def oss_object(request: Request) -> Response:
        found = emulator.speech.output_file(
            request.path_params["bucket"], request.path_params["key"]
        )
        if found is None:
            return JSONResponse({"error": "no such object"}, status_code=404)
        path, written = found
        return FileResponse(path, media_type=written.content_type)

    return [
        Route("/oss/{bucket}/{key:path}", oss_object, methods=["GET", "HEAD"]),
        Route(
            "/media/demonstrations/{scenario}/{audio_id:int}.wav",
            demonstration,
            methods=["GET", "HEAD"],
        ),
        Route("/media/{media_id}.wav", demo_audio, methods=["GET", "HEAD"]),
    ]
