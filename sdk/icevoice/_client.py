"""``IceClient``: the voice-cloning actions of Alibaba Cloud ICE (API 2020-11-09)."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._auth import AcsV3Auth, encode_query
from ._credentials import REDACTED, Credentials, CredentialsProvider, resolve_credentials
from ._endpoints import resolve_base_url
from ._errors import (
    AmbiguousResultError,
    ApiError,
    InvalidArgumentError,
    ThrottlingError,
    TransportError,
    api_error_class,
)
from ._models import (
    ApiResult,
    AudioDetection,
    CosyVoiceJobRef,
    CustomizedVoice,
    CustomizedVoiceJob,
    CustomizedVoiceJobPage,
    CustomizedVoicePage,
    DemonstrationList,
    IceResult,
    MediaInfo,
    RegisteredMedia,
    StandardVoiceJobRef,
    VoiceJobRef,
)
from ._ratelimit import RateLimiter
from ._retry import Decision, RetryPolicy, decide
from ._validation import (
    check_bool,
    check_choice,
    check_id,
    check_int,
    check_media_ids,
    check_optional_text,
    check_text,
    check_voice_id,
)
from ._version import __version__
from ._vocabulary import (
    BUSINESS_TYPES,
    COSY_VOICE_MODELS,
    GENDERS,
    MEDIA_TYPES,
    REFERENCE_ID_PATTERN,
    SCENARIOS,
    VOICE_TYPES,
)

__all__ = ["API_VERSION", "DEFAULT_TIMEOUT", "NON_IDEMPOTENT_ACTIONS", "IceClient"]

API_VERSION = "2020-11-09"

#: Actions that create or start work: repeating one after it may have reached ICE could
#: duplicate a voice, restart training or replace a media asset, so the client never does.
NON_IDEMPOTENT_ACTIONS = frozenset(
    {
        "CreateCustomizedVoiceJob",
        "SubmitCustomizedVoiceJob",
        "SubmitStandardCustomizedVoiceJob",
        "SubmitCosyVoiceCustomizedVoiceJob",
        "RegisterMediaInfo",
    }
)

logger = logging.getLogger("icevoice")

#: Connect within 5 s, wait for an answer within 30 s (per attempt).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

_R = TypeVar("_R", bound=IceResult)
_P = TypeVar("_P", CustomizedVoicePage, CustomizedVoiceJobPage)
_Body = dict[str, Any]


class IceClient:
    """A thread-safe, synchronous client of ICE's voice-cloning API.

    ``endpoint`` is a URL (``http://127.0.0.1:8080`` for a local emulator) or a host;
    without it the client calls ``https://ice.<region_id>.aliyuncs.com``. Explicit keys win
    over ``credentials`` (any :class:`CredentialsProvider`), which replaces the default chain
    (environment variables, then ``alibabacloud-credentials`` if installed). Each call is
    validated first (:class:`InvalidArgumentError`), then signed afresh for every attempt,
    paced by ``rate_limiter`` and retried per ``retry``. ``timeout`` bounds connecting and
    waiting for an answer, per attempt: one number for both, or an ``httpx.Timeout``
    (``DEFAULT_TIMEOUT`` connects within 5 s and reads within 30 s). Every argument is a
    keyword. Use it as a context manager or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        region_id: str = "cn-shanghai",
        endpoint: str | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        credentials: CredentialsProvider | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base_url = resolve_base_url(region_id, endpoint)
        self._region_id = region_id
        self._credentials = resolve_credentials(
            access_key_id, access_key_secret, security_token, credentials
        )
        self._connect_timeout, self._read_timeout = _timeout(timeout)
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise InvalidArgumentError("retry", "must be a RetryPolicy or None")
        self._retry = retry or RetryPolicy()
        if rate_limiter is not None and not (
            callable(getattr(rate_limiter, "acquire", None))
            and callable(getattr(rate_limiter, "on_response", None))
        ):
            raise InvalidArgumentError("rate_limiter", "must provide acquire() and on_response()")
        self._limiter = rate_limiter
        if transport is not None and not isinstance(transport, httpx.BaseTransport):
            raise InvalidArgumentError("transport", "must be an httpx.BaseTransport or None")
        self._http = httpx.Client(
            timeout=self._timeouts(None),
            transport=transport,
            follow_redirects=False,
            headers={
                "user-agent": f"icevoice/{__version__} httpx/{httpx.__version__}",
                "accept": "application/json",
            },
        )

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def region_id(self) -> str:
        """The region given at construction."""
        return self._region_id

    @property
    def endpoint(self) -> str:
        """The base URL requests go to, e.g. ``https://ice.cn-shanghai.aliyuncs.com``."""
        return self._base_url

    def close(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        self._http.close()

    def __enter__(self) -> IceClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"IceClient(region_id={self._region_id!r}, endpoint={self._base_url!r})"

    # -- basic edition: recordings ---------------------------------------------------------

    def get_demonstration_for_customized_voice_job(self, *, scenario: str) -> DemonstrationList:
        """The 20 texts (with sample readings) to record for ``scenario``."""
        params = {"Scenario": check_choice("scenario", scenario, SCENARIOS)}
        return self._call(
            "GetDemonstrationForCustomizedVoiceJob",
            params,
            lambda body: _model(DemonstrationList, _data(body), body, DemonstrationList=[]),
        )

    def create_customized_voice_job(
        self,
        *,
        voice_id: str,
        voice_name: str,
        gender: str,
        scenario: str,
        voice_desc: str | None = None,
    ) -> VoiceJobRef:
        """Create a basic voice and its job (status ``Initialization``). Never retried
        after it may have reached ICE: see :class:`AmbiguousResultError`."""
        params = {
            "VoiceId": check_voice_id(voice_id),
            "VoiceName": check_text("voice_name", voice_name, max_length=32),
            "Gender": check_choice("gender", gender, GENDERS),
            "Scenario": check_choice("scenario", scenario, SCENARIOS),
        }
        desc = check_optional_text("voice_desc", voice_desc, max_length=256)
        if desc is not None:
            params["VoiceDesc"] = desc
        return self._call(
            "CreateCustomizedVoiceJob", params, lambda body: _model(VoiceJobRef, _data(body), body)
        )

    def detect_audio_for_customized_voice_job(
        self, *, voice_id: str, audio_record_id: int, record_url: str
    ) -> AudioDetection:
        """Check recording ``audio_record_id`` (1-20) at ``record_url``; a pass keeps it."""
        params = {
            "VoiceId": check_voice_id(voice_id),
            "AudioRecordId": str(
                check_int("audio_record_id", audio_record_id, minimum=1, maximum=20)
            ),
            "RecordUrl": check_id("record_url", record_url),
        }
        return self._call(
            "DetectAudioForCustomizedVoiceJob",
            params,
            lambda body: _model(AudioDetection, _data(body), body),
        )

    def submit_customized_voice_job(
        self, *, voice_id: str, demo_audio_media_url: str | None = None
    ) -> VoiceJobRef:
        """Start training a basic voice whose 20 recordings passed. Not retried after a
        possible delivery: see :class:`AmbiguousResultError`."""
        params = {"VoiceId": check_voice_id(voice_id)}
        _put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitCustomizedVoiceJob", params, lambda body: _model(VoiceJobRef, _data(body), body)
        )

    # -- jobs and voices -------------------------------------------------------------------

    def get_customized_voice_job(self, *, job_id: str) -> CustomizedVoiceJob:
        """The job's state: ``status`` is one of :data:`icevoice.JOB_STATUSES`."""
        params = {"JobId": check_id("job_id", job_id)}
        return self._call(
            "GetCustomizedVoiceJob",
            params,
            lambda body: _model(CustomizedVoiceJob, _data(body, "CustomizedVoiceJob"), body),
        )

    def get_customized_voice(self, *, voice_id: str) -> CustomizedVoice:
        """A voice's settings and the media id of its demo audio. ``voice_id`` is one you
        chose (basic) or one ICE assigned (Standard, CosyVoice: ``Voice-...``)."""
        params = {"VoiceId": check_id("voice_id", voice_id)}
        return self._call(
            "GetCustomizedVoice",
            params,
            lambda body: _model(CustomizedVoice, _data(body, "CustomizedVoice"), body),
        )

    def update_customized_voice(self, *, voice_id: str, demo_audio_media_id: str) -> ApiResult:
        """Set the media asset used as the voice's demo audio (any edition's voice id)."""
        params = {
            "VoiceId": check_id("voice_id", voice_id),
            "DemoAudioMediaId": check_id("demo_audio_media_id", demo_audio_media_id),
        }
        return self._call("UpdateCustomizedVoice", params, _api_result)

    def list_customized_voices(
        self, *, page_no: int = 1, page_size: int = 10, type: str | None = None
    ) -> CustomizedVoicePage:
        """One page of voices of one edition: ``type`` is one of :data:`icevoice.VOICE_TYPES`,
        ``Basic`` when not given (ICE lists no other edition unless asked)."""
        return self._page(
            "ListCustomizedVoices",
            CustomizedVoicePage,
            "CustomizedVoiceList",
            page_no,
            page_size,
            type,
        )

    def list_customized_voice_jobs(
        self, *, page_no: int = 1, page_size: int = 10, type: str | None = None
    ) -> CustomizedVoiceJobPage:
        """One page of jobs (newest first) of one edition: ``type`` is one of
        :data:`icevoice.VOICE_TYPES`, ``Basic`` when not given."""
        return self._page(
            "ListCustomizedVoiceJobs",
            CustomizedVoiceJobPage,
            "CustomizedVoiceJobList",
            page_no,
            page_size,
            type,
        )

    def _page(
        self,
        action: str,
        page: type[_P],
        items: str,
        page_no: int,
        page_size: int,
        type: str | None,
    ) -> _P:
        """A list action's page; a page ICE sends without its list or numbers gets them."""
        params = _page_params(page_no, page_size, type)
        defaults = {items: [], "PageNo": page_no, "PageSize": page_size}
        return self._call(action, params, lambda body: _model(page, _data(body), body, **defaults))

    def delete_customized_voice_job(self, *, job_id: str) -> ApiResult:
        """Delete a job that is neither training nor trained (ICE refuses those)."""
        params = {"JobId": check_id("job_id", job_id)}
        return self._call("DeleteCustomizedVoiceJob", params, _api_result)

    # -- standard and CosyVoice editions ---------------------------------------------------

    def submit_standard_customized_voice_job(
        self,
        *,
        voice_name: str,
        gender: str,
        audios: list[str],
        authentication: str,
        demo_audio_media_url: str | None = None,
    ) -> StandardVoiceJobRef:
        """Train a Standard voice on registered audio (``audios``: media ids, each longer than
        a minute, 15-30 min in all) and the media id of a spoken consent
        (``authentication``). ICE answers only the job id; the voice id it assigns is read
        with :meth:`get_customized_voice_job`. Not retried after a possible delivery."""
        params = {
            "VoiceName": check_text("voice_name", voice_name, max_length=32),
            "Gender": check_choice("gender", gender, GENDERS),
            "Audios": check_media_ids("audios", audios),
            "Authentication": check_id("authentication", authentication),
        }
        _put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitStandardCustomizedVoiceJob",
            params,
            lambda body: _model(StandardVoiceJobRef, _data(body), body),
        )

    def submit_cosy_voice_customized_voice_job(
        self,
        *,
        voice_name: str,
        gender: str,
        audios: list[str],
        model: str,
        demo_audio_media_url: str | None = None,
    ) -> CosyVoiceJobRef:
        """Train a CosyVoice voice on one registered audio; ``model`` is one of
        :data:`icevoice.COSY_VOICE_MODELS`. Returns the job id and the voice id ICE assigned.
        An account holds at most :data:`icevoice.COSY_VOICE_QUOTA` CosyVoice voices per
        region. Not retried after a possible delivery."""
        params = {
            "VoiceName": check_text("voice_name", voice_name, max_length=32),
            "Gender": check_choice("gender", gender, GENDERS),
            "Audios": check_media_ids("audios", audios, exactly=1),
            "Model": check_choice("model", model, COSY_VOICE_MODELS),
        }
        _put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitCosyVoiceCustomizedVoiceJob",
            params,
            lambda body: _model(CosyVoiceJobRef, _data(body), body),
        )

    # -- media -----------------------------------------------------------------------------

    def register_media_info(
        self,
        *,
        input_url: str,
        media_type: str | None = None,
        business_type: str | None = None,
        title: str | None = None,
        description: str | None = None,
        user_data: str | Mapping[str, Any] | None = None,
        reference_id: str | None = None,
        overwrite: bool = False,
    ) -> RegisteredMedia:
        """Register the OSS object at ``input_url`` as a media asset, e.g. the training audio
        of a Standard or CosyVoice voice; returns its media id.

        ICE reads the file afterwards: :meth:`get_media_info` shows its ``status`` and
        ``duration``. ``media_type`` is one of :data:`icevoice.MEDIA_TYPES` (ICE infers it
        from the file name when not given); ``user_data`` a JSON object (text or a
        mapping). An ``input_url`` is registered once; ``overwrite`` replaces the media
        asset registered there. Not retried after it may have reached ICE
        (:class:`AmbiguousResultError`): look it up with ``get_media_info(input_url=...)``.
        """
        params = {"InputURL": check_id("input_url", input_url)}
        if media_type is not None:
            params["MediaType"] = check_choice("media_type", media_type, MEDIA_TYPES)
        if business_type is not None:
            params["BusinessType"] = check_choice("business_type", business_type, BUSINESS_TYPES)
        _put_optional(params, "Title", "title", title, max_bytes=128)
        _put_optional(params, "Description", "description", description, max_bytes=1024)
        _put_optional(params, "UserData", "user_data", _json_text(user_data), max_bytes=1024)
        if reference_id is not None:
            params["ReferenceId"] = _reference_id(reference_id)
        if check_bool("overwrite", overwrite):
            params["Overwrite"] = "true"
        return self._call(
            "RegisterMediaInfo",
            params,
            lambda body: _model(RegisteredMedia, {"MediaId": body.get("MediaId")}, body),
        )

    def get_media_info(
        self, *, media_id: str | None = None, input_url: str | None = None
    ) -> MediaInfo:
        """A media asset (registered audio, a voice's demo audio) by ``media_id``, or by the
        ``input_url`` it was registered with: its type, status, duration and the URL of its
        first file. Give one of the two."""
        if (media_id is None) == (input_url is None):
            raise InvalidArgumentError("media_id", "give either media_id or input_url")
        if media_id is not None:
            params = {"MediaId": check_id("media_id", media_id)}
        else:
            params = {"InputURL": check_id("input_url", input_url)}
        return self._call("GetMediaInfo", params, lambda body: _media_info(body, media_id))

    # -- the request loop ------------------------------------------------------------------

    def _call(self, action: str, params: dict[str, str], parse: Callable[[_Body], _R]) -> _R:
        """Send ``action`` with retries; return what ``parse`` makes of the answer's body."""
        idempotent = action not in NON_IDEMPOTENT_ACTIONS
        url = httpx.URL(self._base_url + "/").copy_with(query=encode_query(params))
        policy = self._retry
        started = policy.clock()
        attempt = 0
        while True:
            attempt += 1
            # Before the first attempt: no keys means no request at all.
            credentials = self._credentials.get_credentials()
            if self._limiter is not None:
                self._limiter.acquire()
            began = time.monotonic()
            timeouts = self._timeouts(policy.deadline - (policy.clock() - started))
            try:
                result = self._attempt(action, url, credentials, timeouts, parse)
            except (ApiError, TransportError) as exc:
                self._after_attempt(action, attempt, began, exc)
                decision = decide(exc, idempotent=idempotent)
                if decision is Decision.AMBIGUOUS:
                    raise AmbiguousResultError(action, params) from exc
                if decision is Decision.RAISE or attempt >= policy.max_attempts:
                    raise
                delay = policy.backoff(attempt)
                if policy.clock() - started + delay > policy.deadline:
                    raise
                policy.sleep(delay)
            else:
                self._after_attempt(action, attempt, began, result)
                return result

    def _attempt(
        self,
        action: str,
        url: httpx.URL,
        credentials: Credentials,
        timeouts: httpx.Timeout,
        parse: Callable[[_Body], _R],
    ) -> _R:
        request = self._http.build_request(
            "POST",
            url,
            content=b"",
            headers={"x-acs-action": action, "x-acs-version": API_VERSION},
            timeout=timeouts,
        )
        try:
            response = self._http.send(request, auth=AcsV3Auth(credentials))
        except httpx.HTTPError as exc:
            detail = _scrub(f"{type(exc).__name__}: {exc}", credentials.secrets)
            raise TransportError(action, detail) from exc
        body = _json_object(response)
        if body is None or not 200 <= response.status_code < 300 or body.get("Success") is False:
            raise _api_error(action, response, body, credentials.secrets)
        try:
            return parse(body)
        except pydantic.ValidationError as exc:
            raise ApiError(
                action=action,
                status_code=response.status_code,
                code="InvalidResponse",
                message=f"unexpected response shape ({exc.error_count()} error(s), "
                f"first at {_loc(exc)})",
                request_id=_request_id(response, body),
            ) from None

    def _timeouts(self, remaining: float | None) -> httpx.Timeout:
        """The configured timeouts, cut to what is left of the retry deadline."""
        connect, read = self._connect_timeout, self._read_timeout
        if remaining is not None:
            # httpx needs a positive timeout; a spent budget leaves one near-instant try.
            budget = max(remaining, 0.001)
            connect, read = min(connect, budget), min(read, budget)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def _after_attempt(
        self, action: str, attempt: int, began: float, outcome: IceResult | Exception
    ) -> None:
        throttled = isinstance(outcome, ThrottlingError)
        if self._limiter is not None:
            self._limiter.on_response(throttled)
        if not logger.isEnabledFor(logging.DEBUG):
            return
        if isinstance(outcome, ApiError):
            status, code, request_id = str(outcome.status_code), outcome.code, outcome.request_id
        elif isinstance(outcome, Exception):
            status, code, request_id = "-", type(outcome.__cause__ or outcome).__name__, None
        else:
            status, code, request_id = "2xx", "OK", outcome.request_id
        logger.debug(
            "ice %s attempt=%d status=%s code=%s request_id=%s elapsed=%.3fs",
            action,
            attempt,
            status,
            code,
            request_id,
            time.monotonic() - began,
        )


def _timeout(value: httpx.Timeout | float) -> tuple[float, float]:
    """(connect, read) seconds of an httpx.Timeout, or of one number for both."""
    if isinstance(value, httpx.Timeout):
        return _seconds("timeout.connect", value.connect), _seconds("timeout.read", value.read)
    seconds = _seconds("timeout", value)
    return seconds, seconds


def _seconds(argument: str, value: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidArgumentError(argument, f"must be a number of seconds > 0, got {value!r}")
    return float(value)


def _put_optional(
    params: dict[str, str],
    wire: str,
    argument: str,
    value: object,
    *,
    max_bytes: int | None = None,
) -> None:
    text = check_optional_text(argument, value, max_bytes=max_bytes)
    if text is not None:
        params[wire] = text


def _json_text(value: object) -> object:
    """A mapping as compact JSON text; anything else as given (checked as text)."""
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"))
    return value


def _reference_id(value: object) -> str:
    text = check_id("reference_id", value)
    if not REFERENCE_ID_PATTERN.fullmatch(text):
        raise InvalidArgumentError("reference_id", "must be 6-64 letters, digits, '-' or '_'")
    return text


def _page_params(page_no: int, page_size: int, voice_type: str | None) -> dict[str, str]:
    params = {
        "PageNo": str(check_int("page_no", page_no, minimum=1)),
        "PageSize": str(check_int("page_size", page_size, minimum=1, maximum=100)),
    }
    if voice_type is not None:
        params["Type"] = check_choice("type", voice_type, VOICE_TYPES)
    return params


def _json_object(response: httpx.Response) -> _Body | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _request_id(response: httpx.Response, body: Mapping[str, Any] | None) -> str | None:
    value = (body or {}).get("RequestId") or response.headers.get("x-acs-request-id")
    return str(value) if value else None


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Remove secrets from server-provided text (error messages may echo a string-to-sign)."""
    for secret in secrets:
        once = quote(secret, safe="")
        for variant in (secret, once, quote(once, safe="")):
            text = text.replace(variant, REDACTED)
    return text


def _api_error(
    action: str,
    response: httpx.Response,
    body: _Body | None,
    secrets: tuple[str, ...],
) -> ApiError:
    status = response.status_code
    if body is None:
        code = f"HTTP{status}" if not 200 <= status < 300 else "InvalidResponse"
        snippet = response.text[:200].strip() or response.reason_phrase or "no body"
        message = f"non-JSON answer: {snippet}"
    else:
        code = str(body.get("Code") or f"HTTP{status}")
        message = str(body.get("Message") or response.reason_phrase or "")
    recommend = body.get("Recommend") if body else None
    cls = api_error_class(status, code)
    return cls(
        action=action,
        status_code=status,
        code=code,
        message=_scrub(message, secrets),
        request_id=_request_id(response, body),
        recommend=str(recommend) if recommend else None,
    )


def _loc(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    return ".".join(str(part) for part in errors[0]["loc"]) if errors else "?"


def _data(body: Mapping[str, Any], *path: str) -> _Body:
    """``body["Data"][path...]`` as a dict; {} when absent."""
    node: Any = body.get("Data")
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return dict(node) if isinstance(node, dict) else {}


def _model(cls: type[_R], payload: _Body, body: Mapping[str, Any], **defaults: Any) -> _R:
    """Validate ``payload`` into ``cls`` with the body's request id; ``defaults`` fill
    fields that are absent or null on the wire."""
    merged: _Body = dict(payload)
    for key, value in defaults.items():
        if merged.get(key) is None:
            merged[key] = value
    merged["RequestId"] = body.get("RequestId")
    return cls.model_validate(merged)


def _api_result(body: _Body) -> ApiResult:
    return _model(ApiResult, {"Success": body.get("Success")}, body)


def _media_info(body: _Body, media_id: str | None) -> MediaInfo:
    """GetMediaInfo's nested ``MediaInfo``, flattened: basic info and the first file."""
    info = _dict(body.get("MediaInfo"))
    basic = _dict(info.get("MediaBasicInfo"))
    files = info.get("FileInfoList")
    first = _dict(files[0]) if isinstance(files, list) and files else {}
    file_basic = _dict(first.get("FileBasicInfo"))
    streams = first.get("AudioStreamInfoList")
    stream = _dict(streams[0]) if isinstance(streams, list) and streams else {}
    payload = {
        "MediaId": info.get("MediaId") or basic.get("MediaId") or media_id,
        "FileUrl": file_basic.get("FileUrl"),
        "InputURL": basic.get("InputURL"),
        "MediaType": basic.get("MediaType"),
        "Status": basic.get("Status"),
        "Title": basic.get("Title"),
        "Duration": _seconds_or_none(file_basic.get("Duration"), stream.get("Duration")),
    }
    return _model(MediaInfo, payload, body)


def _dict(value: object) -> _Body:
    return dict(value) if isinstance(value, dict) else {}


def _seconds_or_none(*candidates: object) -> float | None:
    """The first candidate that reads as a number of seconds (ICE sends ``"75.000"``)."""
    for raw in candidates:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            continue
        try:
            seconds = float(raw)
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None
