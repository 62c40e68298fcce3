"""Request building and response parsing for every action.

Response bodies are produced by the official SDK's own models (``to_map()``), so the
shapes parsed here are the shapes the official client expects from ICE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

import icevoice
from icevoice import IceClient
from tests.sdk.icevoice_fakes import FakeIce, ok

M = pytest.importorskip("alibabacloud_ice20201109.models")


def _query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))


def _answer(body_model: Any) -> httpx.Response:
    return httpx.Response(200, json=body_model.to_map())


# (method call, expected action, expected query)
REQUEST_CASES: list[tuple[Callable[[IceClient], Any], str, dict[str, str]]] = [
    (
        lambda c: c.get_demonstration_for_customized_voice_job(scenario="navigation"),
        "GetDemonstrationForCustomizedVoiceJob",
        {"Scenario": "navigation"},
    ),
    (
        lambda c: c.create_customized_voice_job(
            voice_id="xiaoyun01", voice_name="小云", gender="female", scenario="story"
        ),
        "CreateCustomizedVoiceJob",
        {"VoiceId": "xiaoyun01", "VoiceName": "小云", "Gender": "female", "Scenario": "story"},
    ),
    (
        lambda c: c.create_customized_voice_job(
            voice_id="v2", voice_name="n", gender="male", scenario="interaction", voice_desc="温柔"
        ),
        "CreateCustomizedVoiceJob",
        {
            "VoiceId": "v2",
            "VoiceName": "n",
            "Gender": "male",
            "Scenario": "interaction",
            "VoiceDesc": "温柔",
        },
    ),
    (
        lambda c: c.detect_audio_for_customized_voice_job(
            voice_id="v",
            audio_record_id=20,
            record_url="https://b.oss-cn-shanghai.aliyuncs.com/20.wav",
        ),
        "DetectAudioForCustomizedVoiceJob",
        {
            "VoiceId": "v",
            "AudioRecordId": "20",
            "RecordUrl": "https://b.oss-cn-shanghai.aliyuncs.com/20.wav",
        },
    ),
    (
        lambda c: c.submit_customized_voice_job(voice_id="v"),
        "SubmitCustomizedVoiceJob",
        {"VoiceId": "v"},
    ),
    (
        lambda c: c.submit_customized_voice_job(
            voice_id="v", demo_audio_media_url="https://x/d.wav"
        ),
        "SubmitCustomizedVoiceJob",
        {"VoiceId": "v", "DemoAudioMediaURL": "https://x/d.wav"},
    ),
    (
        lambda c: c.get_customized_voice_job(job_id="job-1"),
        "GetCustomizedVoiceJob",
        {"JobId": "job-1"},
    ),
    (lambda c: c.get_customized_voice(voice_id="v"), "GetCustomizedVoice", {"VoiceId": "v"}),
    (
        lambda c: c.update_customized_voice(voice_id="v", demo_audio_media_id="m-1"),
        "UpdateCustomizedVoice",
        {"VoiceId": "v", "DemoAudioMediaId": "m-1"},
    ),
    (
        lambda c: c.list_customized_voices(),
        "ListCustomizedVoices",
        {"PageNo": "1", "PageSize": "10"},
    ),
    (
        lambda c: c.list_customized_voices(page_no=2, page_size=100, type="Standard"),
        "ListCustomizedVoices",
        {"PageNo": "2", "PageSize": "100", "Type": "Standard"},
    ),
    (
        lambda c: c.list_customized_voice_jobs(page_no=3, page_size=1, type="Basic"),
        "ListCustomizedVoiceJobs",
        {"PageNo": "3", "PageSize": "1", "Type": "Basic"},
    ),
    (
        lambda c: c.delete_customized_voice_job(job_id="j"),
        "DeleteCustomizedVoiceJob",
        {"JobId": "j"},
    ),
    (
        lambda c: c.submit_standard_customized_voice_job(
            voice_name="std",
            gender="male",
            audios=["m1", "m2"],
            authentication="consent",
            demo_audio_media_url="https://x/d.wav",
        ),
        "SubmitStandardCustomizedVoiceJob",
        {
            "VoiceName": "std",
            "Gender": "male",
            "Audios": "m1,m2",
            "Authentication": "consent",
            "DemoAudioMediaURL": "https://x/d.wav",
        },
    ),
    (
        lambda c: c.submit_cosy_voice_customized_voice_job(
            voice_name="cosy", gender="female", audios=["m1"], model="cosyvoice-v3-plus"
        ),
        "SubmitCosyVoiceCustomizedVoiceJob",
        {"VoiceName": "cosy", "Gender": "female", "Audios": "m1", "Model": "cosyvoice-v3-plus"},
    ),
    (
        lambda c: c.list_customized_voice_jobs(type="CosyVoice"),
        "ListCustomizedVoiceJobs",
        {"PageNo": "1", "PageSize": "10", "Type": "CosyVoice"},
    ),
    (
        lambda c: c.get_customized_voice(voice_id="Voice-l12345"),
        "GetCustomizedVoice",
        {"VoiceId": "Voice-l12345"},
    ),
    (lambda c: c.get_media_info(media_id="m-9"), "GetMediaInfo", {"MediaId": "m-9"}),
    (
        lambda c: c.get_media_info(input_url="oss://b/a.wav"),
        "GetMediaInfo",
        {"InputURL": "oss://b/a.wav"},
    ),
    (
        lambda c: c.register_media_info(input_url="oss://b/train/01.wav"),
        "RegisterMediaInfo",
        {"InputURL": "oss://b/train/01.wav"},
    ),
    (
        lambda c: c.register_media_info(
            input_url="https://b.oss-cn-shanghai.aliyuncs.com/01.wav",
            media_type="audio",
            business_type="general",
            title="第一段",
            description="d",
            user_data={"take": 1, "名": "值"},
            reference_id="train-01",
            overwrite=True,
        ),
        "RegisterMediaInfo",
        {
            "InputURL": "https://b.oss-cn-shanghai.aliyuncs.com/01.wav",
            "MediaType": "audio",
            "BusinessType": "general",
            "Title": "第一段",
            "Description": "d",
            "UserData": '{"take":1,"名":"值"}',
            "ReferenceId": "train-01",
            "Overwrite": "true",
        },
    ),
    (
        lambda c: c.register_media_info(input_url="oss://b/a.wav", user_data='{"a": 1}'),
        "RegisterMediaInfo",
        {"InputURL": "oss://b/a.wav", "UserData": '{"a": 1}'},
    ),
]


@pytest.mark.parametrize(("call", "action", "query"), REQUEST_CASES)
def test_request_shape(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    call: Callable[[IceClient], Any],
    action: str,
    query: dict[str, str],
) -> None:
    fake_ice.answers = [
        httpx.Response(
            200,
            json={
                "RequestId": "r",
                "MediaId": "m-9",
                "Data": {
                    "JobId": "j",
                    "VoiceId": "v",
                    "Pass": True,
                    "CustomizedVoiceJob": {"JobId": "j", "Status": "Training"},
                    "CustomizedVoice": {"VoiceId": "v"},
                },
                "MediaInfo": {"MediaId": "m-9"},
            },
        )
    ]
    call(make_client())
    [request] = fake_ice.requests
    assert request.method == "POST"
    assert request.url.scheme == "https"
    assert request.url.host == "ice.cn-shanghai.aliyuncs.com"
    assert request.url.path == "/"
    assert request.content == b""
    assert request.headers["x-acs-action"] == action
    assert request.headers["x-acs-version"] == "2020-11-09"
    assert request.headers["accept"] == "application/json"
    assert _query(request) == query
    assert request.headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=")


def test_endpoint_url_and_bare_host(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(200, json={"RequestId": "r", "Data": {"CustomizedVoice": {"VoiceId": "v"}}})
    ]
    make_client(endpoint="http://127.0.0.1:8765").get_customized_voice(voice_id="v")
    assert str(fake_ice.last.url).startswith("http://127.0.0.1:8765/?")
    assert fake_ice.last.headers["host"] == "127.0.0.1:8765"
    make_client(endpoint="ice-vpc.cn-shanghai.aliyuncs.com").get_customized_voice(voice_id="v")
    assert str(fake_ice.last.url).startswith("https://ice-vpc.cn-shanghai.aliyuncs.com/?")
    make_client(region_id="cn-beijing").get_customized_voice(voice_id="v")
    assert fake_ice.last.url.host == "ice.cn-beijing.aliyuncs.com"


# -- response parsing -------------------------------------------------------------------------


def test_parse_demonstrations(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    items = [
        M.GetDemonstrationForCustomizedVoiceJobResponseBodyDataDemonstrationList(
            audio_id=i, text=f"第{i}句", demo_audio=f"https://oss/demo{i}.wav"
        )
        for i in range(1, 21)
    ]
    fake_ice.answers = [
        _answer(
            M.GetDemonstrationForCustomizedVoiceJobResponseBody(
                request_id="rid-demo",
                success=True,
                data=M.GetDemonstrationForCustomizedVoiceJobResponseBodyData(
                    demonstration_list=items
                ),
            )
        )
    ]
    result = make_client().get_demonstration_for_customized_voice_job(scenario="story")
    assert isinstance(result, icevoice.DemonstrationList)
    assert result.request_id == "rid-demo"
    assert [d.audio_id for d in result.items] == list(range(1, 21))
    assert result.items[4].text == "第5句"
    assert result.items[4].demo_audio == "https://oss/demo5.wav"


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (
            M.CreateCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.CreateCustomizedVoiceJobResponseBodyData(job_id="job-1", voice_id="v1"),
            ),
            lambda c: c.create_customized_voice_job(
                voice_id="v1", voice_name="n", gender="male", scenario="story"
            ),
        ),
        (
            M.SubmitCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.SubmitCustomizedVoiceJobResponseBodyData(job_id="job-1", voice_id="v1"),
            ),
            lambda c: c.submit_customized_voice_job(voice_id="v1"),
        ),
    ],
)
def test_parse_job_refs(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    body: Any,
    call: Callable[[IceClient], Any],
) -> None:
    fake_ice.answers = [_answer(body)]
    result = call(make_client())
    assert isinstance(result, icevoice.VoiceJobRef)
    assert (result.job_id, result.voice_id, result.request_id) == ("job-1", "v1", "rid")


def test_parse_standard_job_ref_is_a_job_id_only(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        _answer(
            M.SubmitStandardCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.SubmitStandardCustomizedVoiceJobResponseBodyData(job_id="job-std"),
            )
        )
    ]
    result = make_client().submit_standard_customized_voice_job(
        voice_name="n", gender="female", audios=["a", "b"], authentication="auth"
    )
    assert isinstance(result, icevoice.StandardVoiceJobRef)
    assert result.model_dump() == {"request_id": "rid", "job_id": "job-std"}


def test_parse_cosy_voice_job_ref_with_the_assigned_voice_id(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        _answer(
            M.SubmitCosyVoiceCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.SubmitCosyVoiceCustomizedVoiceJobResponseBodyData(
                    job_id="job-1", voice_id="Voice-l12345"
                ),
            )
        )
    ]
    result = make_client().submit_cosy_voice_customized_voice_job(
        voice_name="n", gender="male", audios=["m"], model="cosyvoice-v3.5-plus"
    )
    assert isinstance(result, icevoice.CosyVoiceJobRef)
    assert (result.job_id, result.voice_id, result.request_id) == ("job-1", "Voice-l12345", "rid")


def test_a_cosy_voice_answer_without_its_voice_id_is_not_a_result(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [ok({"JobId": "job-1"})]
    # The voice may exist: like any unreadable answer to a submit, the outcome is unknown.
    with pytest.raises(icevoice.AmbiguousResultError) as info:
        make_client().submit_cosy_voice_customized_voice_job(
            voice_name="n", gender="male", audios=["m"], model="cosyvoice-v3-plus"
        )
    cause = info.value.__cause__
    assert isinstance(cause, icevoice.ApiError)
    assert cause.code == "InvalidResponse" and "VoiceId" in str(cause)


def test_parse_registered_media(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    fake_ice.answers = [
        _answer(M.RegisterMediaInfoResponseBody(request_id="rid", media_id="media-1"))
    ]
    result = make_client().register_media_info(input_url="oss://b/a.wav")
    assert isinstance(result, icevoice.RegisteredMedia)
    assert (result.media_id, result.request_id) == ("media-1", "rid")


@pytest.mark.parametrize(("passed", "reason"), [(True, None), (False, "音量过低")])
def test_parse_audio_detection(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, passed: bool, reason: str | None
) -> None:
    fake_ice.answers = [
        _answer(
            M.DetectAudioForCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.DetectAudioForCustomizedVoiceJobResponseBodyData(
                    pass_=passed, reason=reason
                ),
            )
        )
    ]
    result = make_client().detect_audio_for_customized_voice_job(
        voice_id="v", audio_record_id=1, record_url="https://oss/1.wav"
    )
    assert isinstance(result, icevoice.AudioDetection)
    assert (result.passed, result.reason, result.request_id) == (passed, reason, "rid")


JOB_FIELDS = dict(
    job_id="job-1",
    voice_id="v1",
    voice_name="小云",
    voice_desc="desc",
    gender="female",
    scenario="story",
    status="Training",
    message="",
    type="Basic",
    create_time="2024-05-17T08:30:15Z",
)


def test_parse_customized_voice_job(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        _answer(
            M.GetCustomizedVoiceJobResponseBody(
                request_id="rid",
                success=True,
                data=M.GetCustomizedVoiceJobResponseBodyData(
                    customized_voice_job=M.GetCustomizedVoiceJobResponseBodyDataCustomizedVoiceJob(
                        **JOB_FIELDS
                    )
                ),
            )
        )
    ]
    job = make_client().get_customized_voice_job(job_id="job-1")
    assert isinstance(job, icevoice.CustomizedVoiceJob)
    assert job.model_dump(exclude={"request_id", "gmt_create"}) == JOB_FIELDS
    assert job.request_id == "rid"
    assert not job.finished


def test_parse_customized_voice(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    fields = dict(
        voice_id="v1",
        voice_name="小云",
        voice_desc="d",
        gender="male",
        scenario="navigation",
        demo_audio_media_id="media-1",
    )
    fake_ice.answers = [
        _answer(
            M.GetCustomizedVoiceResponseBody(
                request_id="rid",
                success=True,
                data=M.GetCustomizedVoiceResponseBodyData(
                    customized_voice=M.GetCustomizedVoiceResponseBodyDataCustomizedVoice(**fields)
                ),
            )
        )
    ]
    voice = make_client().get_customized_voice(voice_id="v1")
    assert isinstance(voice, icevoice.CustomizedVoice)
    assert voice.model_dump(exclude={"request_id", "type"}) == fields
    assert voice.request_id == "rid"


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (
            M.UpdateCustomizedVoiceResponseBody(request_id="rid", success=True),
            lambda c: c.update_customized_voice(voice_id="v", demo_audio_media_id="m"),
        ),
        (
            M.DeleteCustomizedVoiceJobResponseBody(request_id="rid", success=True),
            lambda c: c.delete_customized_voice_job(job_id="j"),
        ),
    ],
)
def test_parse_api_results(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    body: Any,
    call: Callable[[IceClient], Any],
) -> None:
    fake_ice.answers = [_answer(body)]
    result = call(make_client())
    assert isinstance(result, icevoice.ApiResult)
    assert (result.request_id, result.success) == ("rid", True)


def test_parse_voice_page(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    voices = [
        M.ListCustomizedVoicesResponseBodyDataCustomizedVoiceList(
            voice_id=f"v{i}",
            voice_name=f"n{i}",
            gender="female",
            scenario="story",
            type="Basic",
            demo_audio_media_id=f"m{i}",
        )
        for i in range(3)
    ]
    fake_ice.answers = [
        _answer(
            M.ListCustomizedVoicesResponseBody(
                request_id="rid",
                success=True,
                data=M.ListCustomizedVoicesResponseBodyData(
                    customized_voice_list=voices, total_count=42
                ),
            )
        )
    ]
    page = make_client().list_customized_voices(page_no=2, page_size=3)
    assert isinstance(page, icevoice.CustomizedVoicePage)
    assert [v.voice_id for v in page.items] == ["v0", "v1", "v2"]
    assert page.items[1].demo_audio_media_id == "m1"
    assert page.items[1].type == "Basic"
    assert (page.total_count, page.page_no, page.page_size, page.request_id) == (42, 2, 3, "rid")


def test_parse_job_page(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    jobs = [
        M.ListCustomizedVoiceJobsResponseBodyDataCustomizedVoiceJobList(
            **{**JOB_FIELDS, "job_id": f"j{i}", "status": status}, gmt_create="2024-05-17 08:30:15"
        )
        for i, status in enumerate(["Success", "Fail", "Initialization"])
    ]
    fake_ice.answers = [
        _answer(
            M.ListCustomizedVoiceJobsResponseBody(
                request_id="rid",
                success=True,
                data=M.ListCustomizedVoiceJobsResponseBodyData(
                    customized_voice_job_list=jobs, total_count=3
                ),
            )
        )
    ]
    page = make_client().list_customized_voice_jobs()
    assert isinstance(page, icevoice.CustomizedVoiceJobPage)
    assert [(j.job_id, j.status, j.finished) for j in page.items] == [
        ("j0", "Success", True),
        ("j1", "Fail", True),
        ("j2", "Initialization", False),
    ]
    assert page.items[0].gmt_create == "2024-05-17 08:30:15"
    assert page.items[0].request_id is None
    assert (page.total_count, page.page_no, page.page_size) == (3, 1, 10)


def test_parse_empty_pages(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    fake_ice.answers = [
        httpx.Response(200, json={"RequestId": "r", "Data": {"CustomizedVoiceList": None}})
    ]
    page = make_client().list_customized_voices()
    assert page.items == [] and page.total_count == 0


def test_parse_media_info(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    fake_ice.answers = [
        _answer(
            M.GetMediaInfoResponseBody(
                request_id="rid",
                media_info=M.GetMediaInfoResponseBodyMediaInfo(
                    media_id="media-1",
                    media_basic_info=M.GetMediaInfoResponseBodyMediaInfoMediaBasicInfo(
                        media_id="media-1",
                        media_type="audio",
                        status="Normal",
                        input_url="oss://b/demo.wav",
                        title="Demo",
                    ),
                    file_info_list=[
                        M.GetMediaInfoResponseBodyMediaInfoFileInfoList(
                            file_basic_info=M.GetMediaInfoResponseBodyMediaInfoFileInfoListFileBasicInfo(
                                file_url="https://b.oss-cn-shanghai.aliyuncs.com/demo.wav?Expires=1",
                                file_name="demo.wav",
                                duration="75.500",
                            )
                        )
                    ],
                ),
            )
        )
    ]
    info = make_client().get_media_info(media_id="media-1")
    assert isinstance(info, icevoice.MediaInfo)
    assert info.media_id == "media-1"
    assert info.file_url == "https://b.oss-cn-shanghai.aliyuncs.com/demo.wav?Expires=1"
    assert (info.media_type, info.status, info.input_url, info.title) == (
        "audio",
        "Normal",
        "oss://b/demo.wav",
        "Demo",
    )
    assert info.duration == 75.5
    assert info.request_id == "rid"


@pytest.mark.parametrize(
    ("file_duration", "stream_duration", "expected"),
    [
        (None, "12.250", 12.25),  # only the audio stream says
        ("n/a", "3", 3.0),
        ("nan", None, None),
        ("-1", None, None),
        (None, None, None),  # not read yet, or an image
    ],
)
def test_media_duration_is_read_where_ice_puts_it(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    file_duration: str | None,
    stream_duration: str | None,
    expected: float | None,
) -> None:
    file_info = M.GetMediaInfoResponseBodyMediaInfoFileInfoList(
        file_basic_info=M.GetMediaInfoResponseBodyMediaInfoFileInfoListFileBasicInfo(
            duration=file_duration
        ),
        audio_stream_info_list=[
            M.GetMediaInfoResponseBodyMediaInfoFileInfoListAudioStreamInfoList(
                duration=stream_duration
            )
        ],
    )
    fake_ice.answers = [
        _answer(
            M.GetMediaInfoResponseBody(
                request_id="rid",
                media_info=M.GetMediaInfoResponseBodyMediaInfo(
                    media_id="m", file_info_list=[file_info]
                ),
            )
        )
    ]
    assert make_client().get_media_info(input_url="oss://b/a.wav").duration == expected


def test_parse_media_info_without_files(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(
            200, json={"RequestId": "r", "MediaInfo": {"MediaBasicInfo": {"MediaId": "m"}}}
        )
    ]
    info = make_client().get_media_info(media_id="m")
    assert (info.media_id, info.file_url, info.duration, info.status) == ("m", None, None, None)


def test_unknown_fields_are_ignored(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(
            200,
            json={
                "RequestId": "r",
                "NewTopLevel": 1,
                "Data": {
                    "CustomizedVoiceJob": {
                        "JobId": "j",
                        "Status": "PreTraining",
                        "BrandNewField": {"x": [1]},
                    }
                },
            },
        )
    ]
    assert make_client().get_customized_voice_job(job_id="j").status == "PreTraining"


def test_models_accept_snake_case_names_and_dump_wire_names() -> None:
    job = icevoice.CustomizedVoiceJob(job_id="j", status="Success")
    assert job.finished
    assert job.model_dump(by_alias=True)["JobId"] == "j"
    detection = icevoice.AudioDetection.model_validate({"Pass": False, "Reason": "noise"})
    assert detection.model_dump(by_alias=True) == {
        "RequestId": None,
        "Pass": False,
        "Reason": "noise",
    }
    with pytest.raises(Exception, match="frozen"):
        job.status = "Fail"


def test_malformed_success_body_is_an_api_error(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(
            200, json={"RequestId": "r", "Data": {"CustomizedVoiceJob": {"Status": "x"}}}
        )
    ]
    with pytest.raises(icevoice.ApiError) as info:
        make_client().get_customized_voice_job(job_id="j")
    assert info.value.code == "InvalidResponse"
    assert "JobId" in str(info.value)
    assert len(fake_ice.requests) == 1  # not retried


def test_client_is_a_context_manager_and_has_a_safe_repr(
    make_client: Callable[..., IceClient],
) -> None:
    client = make_client()
    assert (
        repr(client)
        == "IceClient(region_id='cn-shanghai', endpoint='https://ice.cn-shanghai.aliyuncs.com')"
    )
    assert client.region_id == "cn-shanghai"
    with client as entered:
        assert entered is client
    with pytest.raises(RuntimeError):
        client.get_customized_voice(voice_id="v")


def test_one_client_serves_many_threads(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def answer(request: httpx.Request) -> httpx.Response:
        job_id = dict(parse_qsl(request.url.query.decode()))["JobId"]
        return httpx.Response(
            200,
            json={
                "RequestId": job_id,
                "Data": {"CustomizedVoiceJob": {"JobId": job_id, "Status": "Training"}},
            },
        )

    fake_ice.answers = [answer]
    client = make_client(rate_limiter=icevoice.AdaptiveRateLimiter(1e9))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda i: client.get_customized_voice_job(job_id=f"j{i}"), range(200))
        )
    assert [r.job_id for r in results] == [f"j{i}" for i in range(200)]
    assert all(r.request_id == r.job_id for r in results)
    assert len({r.headers["x-acs-signature-nonce"] for r in fake_ice.requests}) == 200
