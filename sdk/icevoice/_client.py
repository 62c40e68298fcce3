"""``IceClient``: the voice-cloning and speech actions of Alibaba Cloud ICE (API 2020-11-09)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx
import pydantic

from ._auth import AcsV3Auth, encode_query
from ._credentials import Credentials, CredentialsProvider, resolve_credentials
from ._endpoints import resolve_base_url
from ._errors import (
    AmbiguousResultError,
    ApiError,
    InvalidArgumentError,
    ThrottlingError,
    TransportError,
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
from ._speech import SpeechActions
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
    SCENARIOS,
)
from ._wire import (
    Body,
    api_error,
    api_result,
    checked_reference_id,
    data_of,
    first_error_location,
    json_body,
    json_text,
    page_params,
    parse_media_info,
    parse_model,
    put_optional,
    request_id_of,
    scrub,
    split_timeout,
)

__all__ = ["API_VERSION", "DEFAULT_TIMEOUT", "NON_IDEMPOTENT_ACTIONS", "IceClient"]

API_VERSION = "2020-11-09"

#: Actions that create or start work: repeating one after it may have reached ICE could
#: duplicate a voice or a speech, restart training or replace a media asset, so the client
#: never does.
NON_IDEMPOTENT_ACTIONS = frozenset(
    {
        "CreateCustomizedVoiceJob",
        "SubmitCustomizedVoiceJob",
        "SubmitStandardCustomizedVoiceJob",
        "SubmitCosyVoiceCustomizedVoiceJob",
        "RegisterMediaInfo",
        "SubmitAudioProduceJob",
    }
)

logger = logging.getLogger("icevoice")

#: Connect within 5 s, wait for an answer within 30 s (per attempt).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

_R = TypeVar("_R", bound=IceResult)
_P = TypeVar("_P", CustomizedVoicePage, CustomizedVoiceJobPage)


class IceClient(SpeechActions):
    """A thread-safe, synchronous client of ICE's voice-cloning API and of the speech made
    with a voice (text to speech: the methods of :class:`icevoice._speech.SpeechActions`).

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
        self._connect_timeout, self._read_timeout = split_timeout(timeout)
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
            lambda body: parse_model(DemonstrationList, data_of(body), body, DemonstrationList=[]),
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
            "CreateCustomizedVoiceJob",
            params,
            lambda body: parse_model(VoiceJobRef, data_of(body), body),
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
            lambda body: parse_model(AudioDetection, data_of(body), body),
        )

    def submit_customized_voice_job(
        self, *, voice_id: str, demo_audio_media_url: str | None = None
    ) -> VoiceJobRef:
        """Start training a basic voice whose 20 recordings passed. Not retried after a
        possible delivery: see :class:`AmbiguousResultError`."""
        params = {"VoiceId": check_voice_id(voice_id)}
        put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitCustomizedVoiceJob",
            params,
            lambda body: parse_model(VoiceJobRef, data_of(body), body),
        )

    # -- jobs and voices -------------------------------------------------------------------

    def get_customized_voice_job(self, *, job_id: str) -> CustomizedVoiceJob:
        """The job's state: ``status`` is one of :data:`icevoice.JOB_STATUSES`."""
        params = {"JobId": check_id("job_id", job_id)}
        return self._call(
            "GetCustomizedVoiceJob",
            params,
            lambda body: parse_model(CustomizedVoiceJob, data_of(body, "CustomizedVoiceJob"), body),
        )

    def get_customized_voice(self, *, voice_id: str) -> CustomizedVoice:
        """A voice's settings and the media id of its demo audio. ``voice_id`` is one you
        chose (basic) or one ICE assigned (Standard, CosyVoice: ``Voice-...``)."""
        params = {"VoiceId": check_id("voice_id", voice_id)}
        return self._call(
            "GetCustomizedVoice",
            params,
            lambda body: parse_model(CustomizedVoice, data_of(body, "CustomizedVoice"), body),
        )

    def update_customized_voice(self, *, voice_id: str, demo_audio_media_id: str) -> ApiResult:
        """Set the media asset used as the voice's demo audio (any edition's voice id)."""
        params = {
            "VoiceId": check_id("voice_id", voice_id),
            "DemoAudioMediaId": check_id("demo_audio_media_id", demo_audio_media_id),
        }
        return self._call("UpdateCustomizedVoice", params, api_result)

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
        params = page_params(page_no, page_size, type)
        defaults = {items: [], "PageNo": page_no, "PageSize": page_size}
        return self._call(
            action, params, lambda body: parse_model(page, data_of(body), body, **defaults)
        )

    def delete_customized_voice_job(self, *, job_id: str) -> ApiResult:
        """Delete a job that is neither training nor trained (ICE refuses those)."""
        params = {"JobId": check_id("job_id", job_id)}
        return self._call("DeleteCustomizedVoiceJob", params, api_result)

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
        put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitStandardCustomizedVoiceJob",
            params,
            lambda body: parse_model(StandardVoiceJobRef, data_of(body), body),
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
        put_optional(params, "DemoAudioMediaURL", "demo_audio_media_url", demo_audio_media_url)
        return self._call(
            "SubmitCosyVoiceCustomizedVoiceJob",
            params,
            lambda body: parse_model(CosyVoiceJobRef, data_of(body), body),
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
        put_optional(params, "Title", "title", title, max_bytes=128)
        put_optional(params, "Description", "description", description, max_bytes=1024)
        put_optional(params, "UserData", "user_data", json_text(user_data), max_bytes=1024)
        if reference_id is not None:
            params["ReferenceId"] = checked_reference_id(reference_id)
        if check_bool("overwrite", overwrite):
            params["Overwrite"] = "true"
        return self._call(
            "RegisterMediaInfo",
            params,
            lambda body: parse_model(RegisteredMedia, {"MediaId": body.get("MediaId")}, body),
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
        return self._call("GetMediaInfo", params, lambda body: parse_media_info(body, media_id))

    # -- the request loop ------------------------------------------------------------------

    def _call(self, action: str, params: dict[str, str], parse: Callable[[Body], _R]) -> _R:
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
        parse: Callable[[Body], _R],
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
            detail = scrub(f"{type(exc).__name__}: {exc}", credentials.secrets)
            raise TransportError(action, detail) from exc
        body = json_body(response)
        if body is None or not 200 <= response.status_code < 300 or body.get("Success") is False:
            raise api_error(action, response, body, credentials.secrets)
        try:
            return parse(body)
        except pydantic.ValidationError as exc:
            raise ApiError(
                action=action,
                status_code=response.status_code,
                code="InvalidResponse",
                message=f"unexpected response shape ({exc.error_count()} error(s), "
                f"first at {first_error_location(exc)})",
                request_id=request_id_of(response, body),
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
