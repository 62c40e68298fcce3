"""The speech actions of the client: requests, answers (made by the official SDK's own
models), and the arguments refused before anything is sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

import icevoice
from icevoice import IceClient
from tests.sdk.icevoice_fakes import FakeIce

M = pytest.importorskip("alibabacloud_ice20201109.models")

SPEECH: dict[str, Any] = {
    "text": "你好",
    "output_bucket": "my-bucket",
    "output_object": "a/b",
    "format": "WAV",
}


def _query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))


def _answer(body_model: Any) -> httpx.Response:
    return httpx.Response(200, json=body_model.to_map())


def test_submit_sends_the_configs_as_ice_takes_them(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        _answer(
            M.SubmitAudioProduceJobResponseBody(
                job_id="j1", media_id="m1", request_id="r", state="Created"
            )
        )
    ]
    job = make_client().submit_audio_produce_job(
        **SPEECH,
        customized_voice="narrator01",
        voice="Siqi",
        volume=80,
        speech_rate=-125,
        pitch_rate=30,
        overwrite=True,
        title="greeting",
        description="the first",
        user_data={"stack": "a", "n": 1},
    )
    assert (job.job_id, job.media_id, job.state, job.request_id) == ("j1", "m1", "Created", "r")
    request = fake_ice.last
    assert request.headers["x-acs-action"] == "SubmitAudioProduceJob"
    query = _query(request)
    assert json.loads(query.pop("EditingConfig")) == {
        "voice": "Siqi",
        "customizedVoice": "narrator01",
        "format": "WAV",
        "volume": 80,
        "speech_rate": -125,
        "pitch_rate": 30,
    }
    assert json.loads(query.pop("OutputConfig")) == {"bucket": "my-bucket", "object": "a/b"}
    assert json.loads(query.pop("UserData")) == {"stack": "a", "n": 1}
    assert query == {
        "InputConfig": "你好",
        "Overwrite": "true",
        "Title": "greeting",
        "Description": "the first",
    }


def test_submit_sends_defaults_and_leaves_out_what_is_not_given(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [_answer(M.SubmitAudioProduceJobResponseBody(job_id="j1"))]
    make_client().submit_audio_produce_job(**SPEECH, voice="Siqi")
    query = _query(fake_ice.last)
    assert json.loads(query["EditingConfig"]) == {
        "voice": "Siqi",
        "format": "WAV",
        "volume": 50,
        "speech_rate": 0,
        "pitch_rate": 0,
    }
    assert set(query) == {"EditingConfig", "InputConfig", "OutputConfig"}


def test_get_smart_handle_job_flattens_the_job(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    body = M.GetSmartHandleJobResponseBody(
        job_id="j1",
        state="Finished",
        output="https://b.oss-cn-shanghai.aliyuncs.com/a.wav",
        user_data='{"k": 1}',
        request_id="r",
        job_result=M.GetSmartHandleJobResponseBodyJobResult(
            media_id="m1", media_url="http://x/a.wav"
        ),
        smart_job_info=M.GetSmartHandleJobResponseBodySmartJobInfo(
            job_type="TextToSpeech",
            title="t",
            create_time="2026-01-01T00:00:00Z",
            input_config=M.GetSmartHandleJobResponseBodySmartJobInfoInputConfig(input_file="hi"),
            output_config=M.GetSmartHandleJobResponseBodySmartJobInfoOutputConfig(
                bucket="b", object="a"
            ),
            user_id="123",
        ),
    )
    fake_ice.answers = [_answer(body)]
    job = make_client().get_smart_handle_job(job_id="j1")
    assert _query(fake_ice.last) == {"JobId": "j1"}
    assert job.model_dump(exclude_none=True) == {
        "request_id": "r",
        "job_id": "j1",
        "state": "Finished",
        "job_type": "TextToSpeech",
        "title": "t",
        "user_data": '{"k": 1}',
        "input_file": "hi",
        "output_bucket": "b",
        "output_object": "a",
        "output": "https://b.oss-cn-shanghai.aliyuncs.com/a.wav",
        "media_id": "m1",
        "media_url": "http://x/a.wav",
        "create_time": "2026-01-01T00:00:00Z",
        "user_id": "123",
    }
    assert job.finished


def test_a_failed_job_carries_ices_error(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        _answer(
            M.GetSmartHandleJobResponseBody(
                job_id="j", state="Failed", error_code="E", error_message="why"
            )
        )
    ]
    job = make_client().get_smart_handle_job(job_id="j")
    assert (job.state, job.error_code, job.error_message, job.finished) == (
        "Failed",
        "E",
        "why",
        True,
    )


def test_list_smart_jobs_by_page_and_by_token(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    item = M.ListSmartJobsResponseBodySmartJobList(
        job_id="j1",
        job_state="Executing",
        job_type="TextToSpeech",
        editing_config='{"voice":"Siqi"}',
        user_id=123,
        output_config=M.ListSmartJobsResponseBodySmartJobListOutputConfig(bucket="b", object="o"),
    )
    answer = M.ListSmartJobsResponseBody(
        smart_job_list=[item], total_count="1", max_results="2", next_token="j1", request_id="r"
    )
    fake_ice.answers = [_answer(answer)]
    client = make_client()
    page = client.list_smart_jobs(job_type="TextToSpeech", job_state="Executing", max_results=2)
    assert _query(fake_ice.last) == {
        "JobType": "TextToSpeech",
        "JobState": "Executing",
        "MaxResults": "2",
    }
    assert (page.total_count, page.max_results, page.next_token) == (1, 2, "j1")
    [job] = page.items
    assert (job.job_id, job.state, job.editing_config, job.user_id, job.output_object) == (
        "j1",
        "Executing",
        '{"voice":"Siqi"}',
        "123",
        "o",
    )
    assert not job.finished
    client.list_smart_jobs(next_token="j1")
    assert _query(fake_ice.last) == {"MaxResults": "10", "NextToken": "j1"}
    client.list_smart_jobs(sort_by="CreationTime:Asc", page_no=2)
    assert _query(fake_ice.last) == {"SortBy": "CreationTime:Asc", "PageNo": "2", "PageSize": "10"}


def test_delete_smart_job_sends_the_ids_comma_separated(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [_answer(M.DeleteSmartJobResponseBody(request_id="r"))]
    result = make_client().delete_smart_job(job_ids=["a", "b"])
    assert _query(fake_ice.last) == {"JobId": "a,b"} and result.request_id == "r"


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"voice": None}, "voice"),
        ({"voice": ""}, "voice"),
        ({"customized_voice": " v"}, "customized_voice"),
        ({"format": "wav"}, "format"),
        ({"format": "OGG"}, "format"),
        ({"volume": 101}, "volume"),
        ({"volume": True}, "volume"),
        ({"volume": 50.0}, "volume"),
        ({"speech_rate": -501}, "speech_rate"),
        ({"pitch_rate": 501}, "pitch_rate"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "字" * (icevoice.SPEECH_TEXT_MAX_LENGTH + 1)}, "text"),
        ({"output_bucket": "My_Bucket"}, "output_bucket"),
        ({"output_bucket": "ab"}, "output_bucket"),
        ({"output_object": ""}, "output_object"),
        ({"output_object": "/a"}, "output_object"),
        ({"output_object": "a\nb"}, "output_object"),
        ({"output_object": "o" * 1024}, "output_object"),
        ({"title": "题" * 43}, "title"),
        ({"description": "d" * 1025}, "description"),
        ({"user_data": "[1]"}, "user_data"),
        ({"user_data": {"k": "v" * 505}}, "user_data"),
        ({"overwrite": "yes"}, "overwrite"),
    ],
)
def test_bad_speech_arguments_are_refused_before_any_request(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, changes: dict[str, Any], argument: str
) -> None:
    arguments: dict[str, Any] = {**SPEECH, "voice": "Siqi", **changes}
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        make_client().submit_audio_produce_job(**arguments)
    assert info.value.argument == argument
    assert fake_ice.requests == []


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c: c.get_smart_handle_job(job_id=""), "job_id"),
        (lambda c: c.list_smart_jobs(job_type="TTS"), "job_type"),
        (lambda c: c.list_smart_jobs(job_state="Done"), "job_state"),
        (lambda c: c.list_smart_jobs(sort_by="Newest"), "sort_by"),
        (lambda c: c.list_smart_jobs(page_size=101), "page_size"),
        (lambda c: c.list_smart_jobs(max_results=0), "max_results"),
        (lambda c: c.list_smart_jobs(page_no=2, next_token="t"), "next_token"),
        (lambda c: c.delete_smart_job(job_ids=[]), "job_ids"),
        (lambda c: c.delete_smart_job(job_ids="a,b"), "job_ids"),
        (lambda c: c.delete_smart_job(job_ids=["a,b"]), "job_ids"),
    ],
)
def test_bad_job_arguments_are_refused_before_any_request(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    call: Callable[[IceClient], Any],
    argument: str,
) -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        call(make_client())
    assert info.value.argument == argument
    assert fake_ice.requests == []


def test_the_speech_vocabulary_is_public() -> None:
    assert icevoice.SPEECH_FORMATS == ("PCM", "WAV", "MP3")
    assert icevoice.SPEECH_JOB_STATES == ("Created", "Executing", "Finished", "Failed")
    assert {"Finished", "Failed"} == icevoice.FINAL_SPEECH_JOB_STATES
    assert icevoice.SPEECH_JOB_TYPE in icevoice.SMART_JOB_TYPES
    assert icevoice.SPEECH_TEXT_MAX_LENGTH == 2000
    assert (icevoice.SPEECH_VOLUME_RANGE, icevoice.SPEECH_RATE_RANGE) == ((0, 100), (-500, 500))
