"""ICE's field rules and job rules, each checked through the official SDK."""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ._sdk import (
    RECORD_URL,
    create_voice,
    ice_error,
    pass_recordings,
    submit,
    submit_standard,
    wait_for_status,
)

CREATE_OK = {"voice_id": "valid01", "voice_name": "Valid", "gender": "female", "scenario": "story"}


def create(ice: Client, **fields: Any) -> Any:
    return ice.create_customized_voice_job(
        models.CreateCustomizedVoiceJobRequest(**{**CREATE_OK, **fields})
    )


def detect(ice: Client, voice_id: str, record_id: int | None, url: str | None) -> Any:
    request = models.DetectAudioForCustomizedVoiceJobRequest(
        voice_id=voice_id, audio_record_id=record_id, record_url=url
    )
    return ice.detect_audio_for_customized_voice_job(request).body.data


def assert_error(error: Any, code: str, status: int, names: str | None = None) -> None:
    assert (error.code, error.status_code) == (code, status), error.data
    assert set(error.data) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}
    if names is not None:
        assert f'"{names}"' in error.data["Message"], error.data["Message"]


# -- CreateCustomizedVoiceJob ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"voice_id": None}, "MissingParameter", "VoiceId"),
        ({"voice_id": "has-dash"}, "InvalidParameter", "VoiceId"),
        ({"voice_id": "声音"}, "InvalidParameter", "VoiceId"),
        ({"voice_id": "v" * 33}, "InvalidParameter", "VoiceId"),
        ({"voice_name": "n" * 33}, "InvalidParameter", "VoiceName"),
        ({"voice_desc": "d" * 257}, "InvalidParameter", "VoiceDesc"),
        ({"gender": None}, "MissingParameter", "Gender"),
        ({"gender": "other"}, "InvalidParameter", "Gender"),
        ({"scenario": None}, "MissingParameter", "Scenario"),
        ({"scenario": "poetry"}, "InvalidParameter", "Scenario"),
    ],
)
def test_create_validates_fields(
    ice: Client, fresh_emulator: Any, fields: dict[str, Any], code: str, field: str
) -> None:
    assert_error(ice_error(lambda: create(ice, **fields)), code, 400, field)
    assert fresh_emulator.jobs() == []


def test_create_accepts_the_limits(ice: Client) -> None:
    data = create(
        ice,
        voice_id="v" * 32,
        voice_name="n" * 32,
        voice_desc="d" * 256,
        gender="male",
        scenario="navigation",
    ).body.data
    assert data.voice_id == "v" * 32


def test_voice_id_is_unique(ice: Client, fresh_emulator: Any) -> None:
    first = create(ice).body.data.job_id
    assert_error(
        ice_error(lambda: create(ice, voice_name="Other")), "CustomizedVoice.AlreadyExists", 400
    )
    assert [job["JobId"] for job in fresh_emulator.jobs()] == [first]


@pytest.mark.parametrize(
    ("scenario", "code"), [(None, "MissingParameter"), ("poetry", "InvalidParameter")]
)
def test_demonstration_needs_a_known_scenario(ice: Client, scenario: str | None, code: str) -> None:
    request = models.GetDemonstrationForCustomizedVoiceJobRequest(scenario=scenario)
    assert_error(
        ice_error(lambda: ice.get_demonstration_for_customized_voice_job(request)),
        code,
        400,
        "Scenario",
    )


# -- DetectAudioForCustomizedVoiceJob -------------------------------------------------------


@pytest.mark.parametrize(
    ("record_id", "url", "code", "field"),
    [
        (None, RECORD_URL.format(voice="v", n=1), "MissingParameter", "AudioRecordId"),
        (0, RECORD_URL.format(voice="v", n=1), "InvalidParameter", "AudioRecordId"),
        (21, RECORD_URL.format(voice="v", n=1), "InvalidParameter", "AudioRecordId"),
        (1, None, "MissingParameter", "RecordUrl"),
        (1, "https://example.com/recordings/01.wav", "InvalidParameter", "RecordUrl"),
        (
            1,
            "https://voices.oss-cn-beijing.aliyuncs.com/recordings/01.wav",
            "InvalidParameter",
            "RecordUrl",
        ),
        (1, "oss://Bad_Bucket/recordings/01.wav", "InvalidParameter", "RecordUrl"),
    ],
)
def test_detect_audio_validates_fields(
    ice: Client, record_id: int | None, url: str | None, code: str, field: str
) -> None:
    create(ice)
    assert_error(ice_error(lambda: detect(ice, "valid01", record_id, url)), code, 400, field)


@pytest.mark.parametrize(
    "url",
    [
        "oss://voices/recordings/01.wav",
        "https://voices.oss-cn-shanghai.aliyuncs.com/recordings/01.WAV",
        "http://voices.oss-cn-shanghai-internal.aliyuncs.com/recordings/01.pcm",
        "https://voices.oss-cn-shanghai.aliyuncs.com/recordings/01.wav?Expires=1&Signature=x",
    ],
)
def test_detect_audio_accepts_oss_urls_of_the_region(ice: Client, url: str) -> None:
    create(ice)
    data = detect(ice, "valid01", 1, url)
    assert (data.pass_, data.reason) == (True, "")


def test_detect_audio_fails_recordings_that_are_not_wav_or_pcm(ice: Client) -> None:
    create(ice)
    data = detect(ice, "valid01", 1, "oss://voices/recordings/01.mp3")
    assert data.pass_ is False and "WAV" in data.reason


def test_detect_audio_needs_an_existing_voice(ice: Client) -> None:
    assert_error(
        ice_error(lambda: detect(ice, "nobody", 1, "oss://voices/a.wav")),
        "CustomizedVoice.NotFound",
        404,
    )


# -- SubmitCustomizedVoiceJob ---------------------------------------------------------------


def test_submit_needs_all_twenty_recordings_passed(ice: Client, fresh_emulator: Any) -> None:
    create(ice)
    pass_recordings(ice, "valid01", range(1, 20))
    error = ice_error(lambda: submit(ice, "valid01"))
    assert_error(error, "CustomizedVoiceJob.AudioNotReady", 400)
    assert "AudioRecordId 20:" in error.data["Message"]
    pass_recordings(ice, "valid01", range(20, 21))
    # The latest verdict counts: a recording that fails on a second check no longer passes.
    assert detect(ice, "valid01", 7, "oss://voices/recordings/07.mp3").pass_ is False
    assert "AudioRecordId 7:" in ice_error(lambda: submit(ice, "valid01")).data["Message"]
    assert fresh_emulator.jobs()[0]["Status"] == "Initialization"


def test_submit_needs_an_existing_voice(ice: Client) -> None:
    assert_error(ice_error(lambda: submit(ice, "nobody")), "CustomizedVoice.NotFound", 404)


def test_submit_validates_demo_audio_url(ice: Client) -> None:
    create(ice)
    pass_recordings(ice, "valid01")
    request = models.SubmitCustomizedVoiceJobRequest(
        voice_id="valid01", demo_audio_media_url="ftp://example.com/demo.wav"
    )
    error = ice_error(lambda: ice.submit_customized_voice_job(request))
    assert_error(error, "InvalidParameter", 400, "DemoAudioMediaURL")


@pytest.mark.parametrize("status", ["AudioDetecting", "PreTraining", "Training", "Success"])
def test_submit_is_refused_once_training_started(
    ice: Client, fresh_emulator: Any, status: str
) -> None:
    fresh_emulator.clock(3600)  # hold the staged status
    fresh_emulator.stage(["held"], status=status)
    error = ice_error(lambda: submit(ice, "held"))
    assert_error(error, "CustomizedVoiceJob.IncorrectStatus", 400)
    assert status in error.data["Message"]


def test_resubmit_after_fail_restarts_the_same_job(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(fail_voice_ids=["unlucky"])
    job_id = create_voice(ice, "unlucky")
    pass_recordings(ice, "unlucky")
    assert submit(ice, "unlucky") == job_id
    assert wait_for_status(ice, job_id)[0] == "Fail"
    job = ice.get_customized_voice_job(
        models.GetCustomizedVoiceJobRequest(job_id=job_id)
    ).body.data.customized_voice_job
    assert job.message
    fresh_emulator.faults()
    assert submit(ice, "unlucky") == job_id
    assert wait_for_status(ice, job_id)[0] == "Success"
    [stored] = fresh_emulator.jobs()
    assert (stored["SubmitCount"], stored.get("Message")) == (2, None)


# -- reading, updating, deleting ------------------------------------------------------------


def test_unknown_ids_are_404_not_found(ice: Client) -> None:
    calls = [
        lambda: ice.get_customized_voice_job(models.GetCustomizedVoiceJobRequest(job_id="0" * 32)),
        lambda: ice.delete_customized_voice_job(
            models.DeleteCustomizedVoiceJobRequest(job_id="0" * 32)
        ),
        lambda: ice.get_customized_voice(models.GetCustomizedVoiceRequest(voice_id="nobody")),
        lambda: ice.update_customized_voice(
            models.UpdateCustomizedVoiceRequest(voice_id="nobody", demo_audio_media_id="m1")
        ),
        lambda: ice.get_media_info(models.GetMediaInfoRequest(media_id="nomedia")),
    ]
    for call in calls:
        error = ice_error(call)
        assert error.status_code == 404 and "NotFound" in error.code, error.data


def test_ids_are_required(ice: Client) -> None:
    calls = [
        (lambda: ice.get_customized_voice_job(models.GetCustomizedVoiceJobRequest()), "JobId"),
        (
            lambda: ice.delete_customized_voice_job(models.DeleteCustomizedVoiceJobRequest()),
            "JobId",
        ),
        (lambda: ice.get_customized_voice(models.GetCustomizedVoiceRequest()), "VoiceId"),
        (lambda: ice.get_media_info(models.GetMediaInfoRequest()), "MediaId"),
    ]
    for call, field in calls:
        assert_error(ice_error(call), "MissingParameter", 400, field)


def test_update_validates_media_id(ice: Client) -> None:
    create(ice)
    request = models.UpdateCustomizedVoiceRequest(
        voice_id="valid01", demo_audio_media_id="not a media id"
    )
    assert_error(
        ice_error(lambda: ice.update_customized_voice(request)),
        "InvalidParameter",
        400,
        "DemoAudioMediaId",
    )


@pytest.mark.parametrize("status", ["Training", "Success"])
def test_delete_is_refused_for_training_and_success(
    ice: Client, fresh_emulator: Any, status: str
) -> None:
    fresh_emulator.clock(3600)
    job_id = fresh_emulator.stage(["keeper"], status=status)["keeper"]
    error = ice_error(
        lambda: ice.delete_customized_voice_job(
            models.DeleteCustomizedVoiceJobRequest(job_id=job_id)
        )
    )
    assert_error(error, "CustomizedVoiceJob.IncorrectStatus", 400)
    assert [job["JobId"] for job in fresh_emulator.jobs()] == [job_id]


@pytest.mark.parametrize("status", ["Initialization", "AudioDetecting", "PreTraining", "Fail"])
def test_delete_frees_the_voice_id(ice: Client, fresh_emulator: Any, status: str) -> None:
    fresh_emulator.clock(3600)
    job_id = fresh_emulator.stage(["recycled"], status=status)["recycled"]
    ice.delete_customized_voice_job(models.DeleteCustomizedVoiceJobRequest(job_id=job_id))
    assert fresh_emulator.jobs() == []
    assert create(ice, voice_id="recycled").body.data.job_id != job_id


# -- lists ----------------------------------------------------------------------------------


def test_lists_page_newest_first_with_total_count(ice: Client, fresh_emulator: Any) -> None:
    voice_ids = [f"voice{n:02d}" for n in range(25)]
    fresh_emulator.stage(voice_ids)
    submit_standard(ice, "Std")
    newest_first = voice_ids[::-1]
    for page_no, expected in [
        (1, newest_first[:10]),
        (2, newest_first[10:20]),
        (3, newest_first[20:]),
        (4, []),
    ]:
        jobs = ice.list_customized_voice_jobs(
            models.ListCustomizedVoiceJobsRequest(page_no=page_no, page_size=10)
        ).body.data
        assert [job.voice_id for job in jobs.customized_voice_job_list] == expected
        assert jobs.total_count == 25
        assert all(job.type == "Basic" and job.gmt_create for job in jobs.customized_voice_job_list)
        voices = ice.list_customized_voices(
            models.ListCustomizedVoicesRequest(page_no=page_no, page_size=10, type="Basic")
        ).body.data
        assert [voice.voice_id for voice in voices.customized_voice_list] == expected
        assert voices.total_count == 25
    default = ice.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest()).body.data
    assert len(default.customized_voice_job_list) == 10
    everything = ice.list_customized_voice_jobs(
        models.ListCustomizedVoiceJobsRequest(page_size=100)
    ).body.data
    assert len(everything.customized_voice_job_list) == 25
    standard = ice.list_customized_voices(
        models.ListCustomizedVoicesRequest(type="Standard")
    ).body.data
    assert standard.total_count == 1 and standard.customized_voice_list[0].type == "Standard"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"page_size": 0}, "PageSize"),
        ({"page_size": 101}, "PageSize"),
        ({"page_no": 0}, "PageNo"),
        ({"type": "Premium"}, "Type"),
    ],
)
def test_list_validates_paging_and_type(ice: Client, fields: dict[str, Any], field: str) -> None:
    for call in (
        lambda: ice.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest(**fields)),
        lambda: ice.list_customized_voices(models.ListCustomizedVoicesRequest(**fields)),
    ):
        assert_error(ice_error(call), "InvalidParameter", 400, field)


# -- standard and CosyVoice editions: field rules (media rules: test_editions) ------------


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"audios": None}, "MissingParameter", "Audios"),
        ({"audios": "m1,,m2"}, "InvalidParameter", "Audios"),
        ({"authentication": None}, "MissingParameter", "Authentication"),
        ({"authentication": "c1,c2"}, "InvalidParameter", "Authentication"),
        ({"gender": "robot"}, "InvalidParameter", "Gender"),
        ({"voice_name": "n" * 33}, "InvalidParameter", "VoiceName"),
        (
            {"demo_audio_media_url": "https://example.com/demo.wav"},
            "InvalidParameter",
            "DemoAudioMediaURL",
        ),
    ],
)
def test_standard_submit_validates_fields(
    ice: Client, fresh_emulator: Any, fields: dict[str, Any], code: str, field: str
) -> None:
    request = models.SubmitStandardCustomizedVoiceJobRequest(
        **{
            "voice_name": "Std",
            "gender": "male",
            "audios": "m1,m2",
            "authentication": "c1",
            **fields,
        }
    )
    assert_error(
        ice_error(lambda: ice.submit_standard_customized_voice_job(request)), code, 400, field
    )
    assert fresh_emulator.jobs() == []


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"audios": "m1,m2"}, "InvalidParameter", "Audios"),
        ({"model": None}, "MissingParameter", "Model"),
        ({"model": "cosyvoice-v1"}, "InvalidParameter", "Model"),
        ({"gender": None}, "MissingParameter", "Gender"),
    ],
)
def test_cosy_voice_submit_validates_fields(
    ice: Client, fresh_emulator: Any, fields: dict[str, Any], code: str, field: str
) -> None:
    request = models.SubmitCosyVoiceCustomizedVoiceJobRequest(
        **{
            "voice_name": "Cosy",
            "gender": "female",
            "audios": "m1",
            "model": "cosyvoice-v3-plus",
            **fields,
        }
    )
    assert_error(
        ice_error(lambda: ice.submit_cosy_voice_customized_voice_job(request)), code, 400, field
    )
    assert fresh_emulator.jobs() == []
