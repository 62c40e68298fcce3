"""Speech made with a voice: ICE's text-to-speech job and the smart-job actions that read
and forget it. ``IceClient`` inherits these methods; the request loop is the client's.

Every argument is checked before anything is sent (``InvalidArgumentError`` naming it);
the configs ICE takes as JSON strings (EditingConfig, OutputConfig) are built here from
keywords. ICE answers these four actions at the top level of the body, without ``Data``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._errors import InvalidArgumentError
from ._models import ApiResult, AudioProduceJobRef, IceResult, SmartJob, SmartJobPage
from ._validation import check_bool, check_choice, check_id, check_int, check_text
from ._vocabulary import (
    OSS_BUCKET_PATTERN,
    SMART_JOB_SORTS,
    SMART_JOB_TYPES,
    SPEECH_DESCRIPTION_MAX_BYTES,
    SPEECH_FORMATS,
    SPEECH_JOB_STATES,
    SPEECH_RATE_RANGE,
    SPEECH_TEXT_MAX_LENGTH,
    SPEECH_TITLE_MAX_BYTES,
    SPEECH_USER_DATA_MAX_BYTES,
    SPEECH_VOLUME_RANGE,
)
from ._wire import Body, api_result, as_dict, json_text, parse_model, put_optional

__all__ = ["SpeechActions"]

_R = TypeVar("_R", bound=IceResult)
_OBJECT_MAX_BYTES = 1023


class SpeechActions:
    """SubmitAudioProduceJob, GetSmartHandleJob, ListSmartJobs and DeleteSmartJob."""

    if TYPE_CHECKING:

        def _call(self, action: str, params: dict[str, str], parse: Callable[[Body], _R]) -> _R: ...

    def submit_audio_produce_job(
        self,
        *,
        text: str,
        output_bucket: str,
        output_object: str,
        format: str,
        voice: str | None = None,
        customized_voice: str | None = None,
        volume: int = 50,
        speech_rate: int = 0,
        pitch_rate: int = 0,
        overwrite: bool = False,
        title: str | None = None,
        description: str | None = None,
        user_data: str | Mapping[str, Any] | None = None,
    ) -> AudioProduceJobRef:
        """Speak ``text`` (SSML allowed, at most :data:`icevoice.SPEECH_TEXT_MAX_LENGTH`
        characters) with a trained ``customized_voice`` (a voice id of any edition) or a
        system ``voice``, into the OSS object ``output_object`` of ``output_bucket`` (ICE
        adds the format's extension: ``.mp3``, ``.wav``, ``.pcm``). ``format`` is one of
        :data:`icevoice.SPEECH_FORMATS`; ``volume`` 0-100; ``speech_rate`` and
        ``pitch_rate`` -500..500. ``overwrite`` replaces an existing object. ``title``
        (at most 128 bytes), ``description`` (1024) and ``user_data`` (a JSON object, 512
        bytes) are kept with the job: a marker there finds the job again.

        Returns the job id, the media id of the audio to be and the state. Not retried
        after it may have reached ICE (:class:`AmbiguousResultError`): look the job up
        with :meth:`list_smart_jobs` by its title or user data.
        """
        params = {
            "EditingConfig": _editing_config(
                voice, customized_voice, format, volume, speech_rate, pitch_rate
            ),
            "InputConfig": check_text("text", text, max_length=SPEECH_TEXT_MAX_LENGTH),
            "OutputConfig": _output_config(output_bucket, output_object),
        }
        put_optional(params, "Title", "title", title, max_bytes=SPEECH_TITLE_MAX_BYTES)
        put_optional(
            params,
            "Description",
            "description",
            description,
            max_bytes=SPEECH_DESCRIPTION_MAX_BYTES,
        )
        user_data_text = json_text(user_data)
        put_optional(
            params, "UserData", "user_data", user_data_text, max_bytes=SPEECH_USER_DATA_MAX_BYTES
        )
        if user_data_text is not None:
            _check_json_object("user_data", params["UserData"])
        if check_bool("overwrite", overwrite):
            params["Overwrite"] = "true"
        return self._call(
            "SubmitAudioProduceJob",
            params,
            lambda body: parse_model(AudioProduceJobRef, _top_level(body), body),
        )

    def get_smart_handle_job(self, *, job_id: str) -> SmartJob:
        """A speech job (any smart job) by id: its state, its audio's media id and URL once
        Finished, ICE's error once Failed. ICE sees the jobs of the past year only: an
        older one is not found (:class:`NotFoundError`)."""
        params = {"JobId": check_id("job_id", job_id)}
        return self._call("GetSmartHandleJob", params, _smart_job)

    def list_smart_jobs(
        self,
        *,
        job_type: str | None = None,
        job_state: str | None = None,
        sort_by: str | None = None,
        page_no: int | None = None,
        page_size: int | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> SmartJobPage:
        """One page of smart jobs, newest first unless ``sort_by`` says
        ``CreationTime:Asc``; ``job_type`` one of :data:`icevoice.SMART_JOB_TYPES` (speech:
        ``TextToSpeech``), ``job_state`` one of :data:`icevoice.SPEECH_JOB_STATES`. Pages
        go by number (``page_no``, ``page_size`` 1-100) or by token (``max_results``
        1-100, then the page's ``next_token``), not both."""
        params: dict[str, str] = {}
        if job_type is not None:
            params["JobType"] = check_choice("job_type", job_type, SMART_JOB_TYPES)
        if job_state is not None:
            params["JobState"] = check_choice("job_state", job_state, SPEECH_JOB_STATES)
        if sort_by is not None:
            params["SortBy"] = check_choice("sort_by", sort_by, SMART_JOB_SORTS)
        params.update(_paging(page_no, page_size, max_results, next_token))
        return self._call(
            "ListSmartJobs",
            params,
            lambda body: parse_model(
                SmartJobPage, {**_top_level(body), "SmartJobList": _jobs(body)}, body
            ),
        )

    def delete_smart_job(self, *, job_ids: Sequence[str]) -> ApiResult:
        """Forget speech jobs (their audio stays in OSS). ICE refuses the whole request when
        one of them is unknown (or older than a year)."""
        if isinstance(job_ids, str) or not isinstance(job_ids, Sequence) or not job_ids:
            raise InvalidArgumentError("job_ids", "must be a non-empty list of job ids")
        ids = [check_id("job_ids", job_id) for job_id in job_ids]
        if any("," in job_id for job_id in ids):
            raise InvalidArgumentError("job_ids", "job ids must not contain commas")
        return self._call("DeleteSmartJob", {"JobId": ",".join(ids)}, api_result)


def _editing_config(
    voice: object,
    customized_voice: object,
    audio_format: object,
    volume: object,
    speech_rate: object,
    pitch_rate: object,
) -> str:
    if voice is None and customized_voice is None:
        raise InvalidArgumentError("voice", "give voice (a system voice) or customized_voice")
    config: dict[str, Any] = {}
    if voice is not None:
        config["voice"] = check_id("voice", voice)
    if customized_voice is not None:
        config["customizedVoice"] = check_id("customized_voice", customized_voice)
    low, high = SPEECH_RATE_RANGE
    config |= {
        "format": check_choice("format", audio_format, SPEECH_FORMATS),
        "volume": check_int(
            "volume", volume, minimum=SPEECH_VOLUME_RANGE[0], maximum=SPEECH_VOLUME_RANGE[1]
        ),
        "speech_rate": check_int("speech_rate", speech_rate, minimum=low, maximum=high),
        "pitch_rate": check_int("pitch_rate", pitch_rate, minimum=low, maximum=high),
    }
    return json.dumps(config, ensure_ascii=False, separators=(",", ":"))


def _output_config(bucket: object, key: object) -> str:
    name = check_id("output_bucket", bucket)
    if not OSS_BUCKET_PATTERN.fullmatch(name):
        raise InvalidArgumentError(
            "output_bucket", f"must be an OSS bucket name (3-63 a-z, 0-9, '-'), got {name!r}"
        )
    text = check_text("output_object", key, max_bytes=_OBJECT_MAX_BYTES)
    if text.startswith(("/", "\\")) or any(ord(char) < 0x20 for char in text):
        raise InvalidArgumentError(
            "output_object", "must not start with '/' or '\\' nor hold control characters"
        )
    return json.dumps({"bucket": name, "object": text}, ensure_ascii=False, separators=(",", ":"))


def _check_json_object(argument: str, text: str) -> None:
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise InvalidArgumentError(argument, "must be a JSON object (text or a mapping)")


def _paging(
    page_no: int | None, page_size: int | None, max_results: int | None, next_token: str | None
) -> dict[str, str]:
    if (max_results is not None or next_token is not None) and (
        page_no is not None or page_size is not None
    ):
        raise InvalidArgumentError(
            "next_token", "page by number (page_no, page_size) or by token, not both"
        )
    if max_results is not None or next_token is not None:
        params = {
            "MaxResults": str(
                check_int(
                    "max_results",
                    10 if max_results is None else max_results,
                    minimum=1,
                    maximum=100,
                )
            )
        }
        if next_token is not None:
            params["NextToken"] = check_id("next_token", next_token)
        return params
    return {
        "PageNo": str(check_int("page_no", 1 if page_no is None else page_no, minimum=1)),
        "PageSize": str(
            check_int("page_size", 10 if page_size is None else page_size, minimum=1, maximum=100)
        ),
    }


def _top_level(body: Body) -> Body:
    """The answer's fields (these actions have no ``Data``), without the request id."""
    return {key: value for key, value in body.items() if key != "RequestId"}


def _flat(job: Body) -> Body:
    """A smart job with ICE's nested configs and result flattened into its fields."""
    info = as_dict(job.get("SmartJobInfo"))
    merged = {**info, **{key: value for key, value in job.items() if key != "SmartJobInfo"}}
    result = as_dict(merged.get("JobResult"))
    return {
        **merged,
        "InputFile": as_dict(merged.get("InputConfig")).get("InputFile"),
        "OutputBucket": as_dict(merged.get("OutputConfig")).get("Bucket"),
        "OutputObject": as_dict(merged.get("OutputConfig")).get("Object"),
        "MediaId": result.get("MediaId"),
        "MediaUrl": result.get("MediaUrl"),
    }


def _smart_job(body: Body) -> SmartJob:
    return parse_model(SmartJob, _flat(_top_level(body)), body)


def _jobs(body: Body) -> list[Body]:
    items = body.get("SmartJobList")
    return [_flat(as_dict(item)) for item in items] if isinstance(items, list) else []
