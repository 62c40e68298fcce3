"""Text to speech end to end, with the official SDK as the client: SubmitAudioProduceJob,
GetSmartHandleJob, ListSmartJobs and DeleteSmartJob; the states on the emulator's clock;
the audio served at JobResult.MediaUrl, of the requested format, whose length follows the
text; the one-year horizon; the rules and their refusals; faults and counters."""

from __future__ import annotations

import io
import json
import time
import wave
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from darabonba.exceptions import UnretryableException

from ice_emulator import EmulatorServer

from ._raw import RawIce
from ._sdk import create_voice, ice_error, pass_recordings, submit, wait_for_status
from .test_rules import assert_error

YEAR = 365 * 86_400


def editing(**config: Any) -> str:
    return json.dumps({"voice": "Siqi", "format": "WAV"} | config)


def output(bucket: str = "speech", key: str = "out/hello") -> str:
    return json.dumps({"bucket": bucket, "object": key})


def produce(ice: Client, text: str = "Hello there.", **fields: Any) -> Any:
    """SubmitAudioProduceJob with a system voice, WAV, to speech/out/hello by default."""
    request = models.SubmitAudioProduceJobRequest(
        **{"editing_config": editing(), "input_config": text, "output_config": output()} | fields
    )
    return ice.submit_audio_produce_job(request).body


def get(ice: Client, job_id: str) -> Any:
    return ice.get_smart_handle_job(models.GetSmartHandleJobRequest(job_id=job_id)).body


def listed(ice: Client, **request: Any) -> Any:
    return ice.list_smart_jobs(models.ListSmartJobsRequest(**request)).body


def finish(ice: Client, job_id: str, limit: float = 20.0) -> tuple[Any, list[str]]:
    """Poll GetSmartHandleJob until the job ends; returns its last answer and every state seen."""
    seen: list[str] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        body = get(ice, job_id)
        if not seen or seen[-1] != body.state:
            seen.append(body.state)
        if body.state in ("Finished", "Failed"):
            return body, seen
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} never ended; saw {seen}")


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
        return float(audio.getnframes() / audio.getframerate())


# -- the life of a job ---------------------------------------------------------------------


def test_a_job_speaks_its_text_into_the_oss_object(
    ice: Client, speech: Any, control: Callable[..., Any]
) -> None:
    speech(0.05)  # 36 characters: about 1.8 s
    text = "Hello there. 你好\uff0c世界。This is a test."
    submitted = produce(ice, text, title="greeting", user_data='{"owner": "stack-a"}')
    assert submitted.state == "Created" and submitted.job_id and submitted.media_id

    body, seen = finish(ice, submitted.job_id)
    assert seen == ["Created", "Executing", "Finished"]
    assert (body.job_id, body.user_data) == (submitted.job_id, '{"owner": "stack-a"}')
    assert body.error_code is None and body.error_message is None
    info = body.smart_job_info
    assert (info.job_type, info.title, info.input_config.input_file) == (
        "TextToSpeech",
        "greeting",
        text,
    )
    assert (info.output_config.bucket, info.output_config.object) == ("speech", "out/hello")
    assert info.create_time.endswith("Z") and info.user_id
    assert body.output == "https://speech.oss-cn-shanghai.aliyuncs.com/out/hello.wav"
    assert body.job_result.media_id == submitted.media_id
    url = body.job_result.media_url
    assert url.startswith("http://127.0.0.1:") and url.endswith("/oss/speech/out/hello.wav")

    reply = httpx.get(url, timeout=10.0)
    assert reply.status_code == 200 and reply.headers["content-type"] == "audio/wav"
    seconds = wav_seconds(reply.content)
    assert seconds > 2.0
    with wave.open(io.BytesIO(reply.content)) as audio:
        assert any(audio.readframes(audio.getnframes())), "the speech is silent"

    media = ice.get_media_info(models.GetMediaInfoRequest(media_id=submitted.media_id))
    file_info = media.body.media_info.file_info_list[0].file_basic_info
    assert file_info.file_url == url and float(file_info.duration) == pytest.approx(seconds)
    assert media.body.media_info.media_basic_info.input_url == body.output


def test_the_state_follows_the_clock_and_the_text_length(
    ice: Client, speech: Any, control: Callable[..., Any], emulator: EmulatorServer
) -> None:
    speech(10.0)  # a short text takes minutes
    short = produce(ice, "Hi.", output_config=output(key="short"))
    long = produce(ice, "Hi." * 5, output_config=output(key="long"))
    assert get(ice, short.job_id).state == "Created"
    control("POST", "/clock", {"advance_seconds": 20})  # 20 s of the 30 s "Hi." takes
    assert get(ice, short.job_id).state == "Executing"
    assert get(ice, long.job_id).state == "Created"  # 150 s: 20 s is within its first 20 %
    served = f"{emulator.url}/oss/speech/short.wav"
    assert httpx.get(served).status_code == 404  # not written before it is Finished
    control("POST", "/clock", {"advance_seconds": 15})
    assert httpx.get(served).status_code == 200  # serving it brings its job up to now
    assert get(ice, short.job_id).state == "Finished"
    assert get(ice, long.job_id).state == "Executing"
    clock = control("GET", "/clock")
    assert clock["offset_seconds"] == 35 and clock["synthesis_seconds_per_character"] == 10


@pytest.mark.parametrize(
    ("audio_format", "content_type", "extension"),
    [
        ("WAV", "audio/wav", "wav"),
        ("PCM", "application/octet-stream", "pcm"),
        ("MP3", "audio/mpeg", "mp3"),
    ],
)
def test_every_format_is_a_file_of_that_format(
    ice: Client, speech: Any, audio_format: str, content_type: str, extension: str
) -> None:
    text = "One two three four five six seven."
    job = produce(ice, text, editing_config=editing(format=audio_format))
    body, _ = finish(ice, job.job_id)
    assert body.job_result.media_url.endswith(f"/oss/speech/out/hello.{extension}")
    reply = httpx.get(body.job_result.media_url, timeout=10.0)
    assert reply.headers["content-type"] == content_type
    media = ice.get_media_info(models.GetMediaInfoRequest(media_id=job.media_id)).body.media_info
    duration = float(media.file_info_list[0].file_basic_info.duration)
    data = reply.content
    if audio_format == "WAV":
        assert wav_seconds(data) == pytest.approx(duration)
    elif audio_format == "PCM":  # headerless 16-bit mono at 16 kHz
        assert len(data) == pytest.approx(duration * 16_000 * 2)
    else:  # MPEG-1 Layer III frames: 96 bytes, 1152 samples at 48 kHz each
        frames = [data[at : at + 96] for at in range(0, len(data), 96)]
        assert all(frame[:4] == b"\xff\xfb\x14\xc0" for frame in frames)
        assert len(frames) * 1152 / 48_000 == pytest.approx(duration)
    assert duration > 1.5
    assert media.file_info_list[0].audio_stream_info_list[0].codec_name == (
        "mp3" if audio_format == "MP3" else "pcm_s16le"
    )


def test_the_audio_lasts_what_the_text_and_the_speech_rate_say(ice: Client, speech: Any) -> None:
    def seconds(text: str, key: str, **config: Any) -> float:
        job = produce(ice, text, editing_config=editing(**config), output_config=output(key=key))
        return wav_seconds(httpx.get(finish(ice, job.job_id)[0].job_result.media_url).content)

    one = seconds("春眠不觉晓", "a")
    assert seconds("春眠不觉晓\uff0c处处闻啼鸟", "b") > one
    assert seconds("春眠不觉晓", "c", speech_rate=500) == pytest.approx(one / 2, rel=0.01)
    assert seconds("春眠不觉晓", "d", speech_rate=-500) == pytest.approx(one * 2, rel=0.01)
    assert seconds("<speak>春眠<break/>不觉晓</speak>", "e") == pytest.approx(one)  # tags are mute


def test_volume_zero_is_silence(ice: Client, speech: Any) -> None:
    job = produce(ice, "quiet please", editing_config=editing(volume=0))
    data = httpx.get(finish(ice, job.job_id)[0].job_result.media_url).content
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getnframes() > 0 and not any(audio.readframes(audio.getnframes()))


def test_a_trained_customized_voice_speaks_and_an_untrained_one_is_refused(
    ice: Client, speech: Any, fresh_emulator: Any
) -> None:
    fresh_emulator.clock(3600)  # training holds
    create_voice(ice, "narrator01")
    unknown = ice_error(lambda: produce(ice, editing_config=editing(customizedVoice="nobody01")))
    assert_error(unknown, "InvalidParameter", 400, "EditingConfig")
    assert "nobody01" in unknown.data["Message"]
    pass_recordings(ice, "narrator01")
    job_id = submit(ice, "narrator01")
    training = ice_error(lambda: produce(ice, editing_config=editing(customizedVoice="narrator01")))
    assert_error(training, "InvalidParameter", 400, "EditingConfig")
    assert "AudioDetecting" in training.data["Message"]
    fresh_emulator.clock(0)
    assert wait_for_status(ice, job_id)[0] == "Success"
    # customizedVoice takes precedence over voice.
    job = produce(ice, editing_config=editing(customizedVoice="narrator01"))
    assert finish(ice, job.job_id)[0].state == "Finished"
    [item] = fresh_emulator_speech(fresh_emulator)
    assert (item["Voice"], item["CustomizedVoice"]) == ("narrator01", True)


def fresh_emulator_speech(control: Any) -> list[dict[str, Any]]:
    return list(control._get("/speech")["jobs"])


# -- lists, deletes and the one-year horizon -----------------------------------------------


def test_list_smart_jobs_filters_sorts_and_pages(
    ice: Client, speech: Any, control: Callable[..., Any]
) -> None:
    ids = [produce(ice, f"text {n}", output_config=output(key=f"k{n}")).job_id for n in range(5)]
    for job_id in ids:
        finish(ice, job_id)
    speech(1000.0)
    running = produce(ice, "slow", output_config=output(key="slow")).job_id
    everything = listed(ice, job_type="TextToSpeech", page_size=100)
    assert [job.job_id for job in everything.smart_job_list] == [running, *reversed(ids)]
    assert (everything.total_count, everything.max_results) == ("6", "100")
    assert {job.job_state for job in everything.smart_job_list} == {"Finished", "Created"}
    item = everything.smart_job_list[1]
    assert (item.job_type, item.editing_config, item.input_config.input_file) == (
        "TextToSpeech",
        editing(),
        "text 4",
    )
    assert [job.job_id for job in listed(ice, job_state="Created").smart_job_list] == [running]
    assert listed(ice, job_type="ASR").smart_job_list == []
    oldest_first = listed(ice, sort_by="CreationTime:Asc", page_no=2, page_size=2)
    assert [job.job_id for job in oldest_first.smart_job_list] == ids[2:4]
    # Tokens: pages of two, the last without a NextToken.
    seen, token = [], None
    while True:
        page = listed(ice, max_results=2, next_token=token)
        seen += [job.job_id for job in page.smart_job_list]
        token = page.next_token
        if not token:
            break
    assert seen == [running, *reversed(ids)]


def test_delete_forgets_jobs_and_leaves_their_objects(ice: Client, speech: Any) -> None:
    first = produce(ice, "one", output_config=output(key="one"))
    second = produce(ice, "two", output_config=output(key="two"))
    url = finish(ice, first.job_id)[0].job_result.media_url
    missing = ice_error(
        lambda: ice.delete_smart_job(models.DeleteSmartJobRequest(job_id=f"{first.job_id},nope"))
    )
    assert_error(missing, "SmartJob.NotFound", 404, "nope")
    assert get(ice, first.job_id).state == "Finished"  # nothing deleted: all or none
    ice.delete_smart_job(models.DeleteSmartJobRequest(job_id=f"{first.job_id},{second.job_id}"))
    for job_id in (first.job_id, second.job_id):
        error = ice_error(lambda job_id=job_id: get(ice, job_id))  # type: ignore[misc]
        assert_error(error, "SmartJob.NotFound", 404, job_id)
    assert listed(ice).smart_job_list == []
    assert httpx.get(url).status_code == 200  # the OSS object stays


def test_jobs_older_than_a_year_are_out_of_sight(
    ice: Client, speech: Any, control: Callable[..., Any]
) -> None:
    job = produce(ice, "old news")
    url = finish(ice, job.job_id)[0].job_result.media_url
    control("POST", "/clock", {"advance_seconds": YEAR - 60})
    assert get(ice, job.job_id).state == "Finished"
    control("POST", "/clock", {"advance_seconds": 120})
    assert_error(ice_error(lambda: get(ice, job.job_id)), "SmartJob.NotFound", 404, job.job_id)
    assert listed(ice).smart_job_list == []
    gone = ice_error(lambda: ice.delete_smart_job(models.DeleteSmartJobRequest(job_id=job.job_id)))
    assert_error(gone, "SmartJob.NotFound", 404)
    assert [item["JobId"] for item in control("GET", "/speech")["jobs"]] == [job.job_id]
    assert httpx.get(url).status_code == 200
    control("POST", "/reset")
    assert control("GET", "/clock")["offset_seconds"] == 0


# -- the rules -----------------------------------------------------------------------------


_TOO_LONG = "字" * 2001


@pytest.mark.parametrize(
    ("fields", "code", "name", "says"),
    [
        ({"editing_config": None}, "MissingParameter", "EditingConfig", ""),
        ({"editing_config": "voice=Siqi"}, "InvalidParameter", "EditingConfig", "JSON object"),
        ({"editing_config": '["Siqi"]'}, "InvalidParameter", "EditingConfig", "JSON object"),
        ({"editing_config": '{"format": "WAV"}'}, "InvalidParameter", "EditingConfig", "voice"),
        ({"editing_config": editing(format="wav")}, "InvalidParameter", "EditingConfig", "format"),
        ({"editing_config": editing(format="OGG")}, "InvalidParameter", "EditingConfig", "format"),
        ({"editing_config": '{"voice": "Siqi"}'}, "InvalidParameter", "EditingConfig", "format"),
        ({"editing_config": editing(voice="a b")}, "InvalidParameter", "EditingConfig", "voice"),
        ({"editing_config": editing(volume=101)}, "InvalidParameter", "EditingConfig", "volume"),
        ({"editing_config": editing(volume=-1)}, "InvalidParameter", "EditingConfig", "volume"),
        ({"editing_config": editing(volume="50")}, "InvalidParameter", "EditingConfig", "volume"),
        ({"editing_config": editing(volume=True)}, "InvalidParameter", "EditingConfig", "volume"),
        (
            {"editing_config": editing(speech_rate=501)},
            "InvalidParameter",
            "EditingConfig",
            "speech_rate",
        ),
        (
            {"editing_config": editing(pitch_rate=-501)},
            "InvalidParameter",
            "EditingConfig",
            "pitch_rate",
        ),
        ({"input_config": None}, "MissingParameter", "InputConfig", ""),
        ({"input_config": "   "}, "InvalidParameter", "InputConfig", "blank"),
        ({"input_config": _TOO_LONG}, "InvalidParameter", "InputConfig", "2000"),
        ({"output_config": None}, "MissingParameter", "OutputConfig", ""),
        ({"output_config": "oss://speech/out"}, "InvalidParameter", "OutputConfig", "JSON"),
        ({"output_config": '{"object": "a"}'}, "InvalidParameter", "OutputConfig", "bucket"),
        (
            {"output_config": output(bucket="My_Bucket")},
            "InvalidParameter",
            "OutputConfig",
            "bucket",
        ),
        ({"output_config": output(key="")}, "InvalidParameter", "OutputConfig", "object"),
        ({"output_config": output(key="/abs")}, "InvalidParameter", "OutputConfig", "object"),
        ({"output_config": output(key="a" * 1024)}, "InvalidParameter", "OutputConfig", "object"),
        ({"title": "题" * 43}, "InvalidParameter", "Title", "128 bytes"),
        ({"description": "d" * 1025}, "InvalidParameter", "Description", "1024 bytes"),
        ({"user_data": "[1]"}, "InvalidParameter", "UserData", "JSON object"),
        ({"user_data": json.dumps({"k": "v" * 505})}, "InvalidParameter", "UserData", "512"),
    ],
)
def test_bad_submits_are_refused_and_change_nothing(
    ice: Client,
    speech: Any,
    control: Callable[..., Any],
    fields: dict[str, Any],
    code: str,
    name: str,
    says: str,
) -> None:
    error = ice_error(lambda: produce(ice, **fields))
    assert_error(error, code, 400, name)
    assert says in error.data["Message"]
    assert control("GET", "/speech")["jobs"] == []


def test_overwrite_is_needed_to_replace_an_object(
    ice: Client, speech: Any, raw: RawIce, control: Callable[..., Any]
) -> None:
    speech(1000.0)
    produce(ice, "first")
    # A running job will write the object: a second one needs Overwrite too.
    assert_error(ice_error(lambda: produce(ice, "second")), "InvalidParameter", 400, "OutputConfig")
    bad = raw.call(
        "SubmitAudioProduceJob",
        EditingConfig=editing(),
        InputConfig="x",
        OutputConfig=output(),
        Overwrite="maybe",
    )
    assert (bad.status_code, bad.json()["Code"]) == (400, "InvalidParameter")
    speech(0.001)
    replaced = produce(ice, "second, longer than the first", overwrite=True)
    body, _ = finish(ice, replaced.job_id)
    # The object already named ".wav" is not given a second extension.
    same = produce(ice, "third", output_config=output(key="out/hello.wav"), overwrite=True)
    assert finish(ice, same.job_id)[0].job_result.media_url == body.job_result.media_url
    assert len(control("GET", "/speech")["jobs"]) == 3


def test_a_long_text_travels_in_the_query_string(ice: Client, speech: Any) -> None:
    text = "春" * 2000  # 18 KB percent-encoded, as the official SDK sends it
    job = produce(ice, text)
    assert get(ice, job.job_id).smart_job_info.input_config.input_file == text


# -- faults and counters -------------------------------------------------------------------


def test_fail_speech_ends_jobs_in_failed(ice: Client, speech: Any, fresh_emulator: Any) -> None:
    fresh_emulator.faults(fail_speech=["doomed"])
    job = produce(ice, title="doomed")
    body, seen = finish(ice, job.job_id)
    assert seen[-1] == "Failed" and (body.error_code, body.error_message)
    assert body.job_result.media_url is None and body.output is None
    assert [item.job_state for item in listed(ice).smart_job_list] == ["Failed"]


def test_speech_actions_are_counted_and_faulted(
    ice: Client, speech: Any, raw: RawIce, fresh_emulator: Any, control: Callable[..., Any]
) -> None:
    fresh_emulator.faults(server_error_rate=1.0, actions=["SubmitAudioProduceJob"])
    assert_error(ice_error(lambda: produce(ice)), "InternalError", 500)
    assert control("GET", "/speech")["jobs"] == []  # faulted before the action ran
    fresh_emulator.faults(reset_after_rate=1.0, actions=["SubmitAudioProduceJob"])
    with pytest.raises(httpx.TransportError):
        raw.call(
            "SubmitAudioProduceJob", EditingConfig=editing(), InputConfig="x", OutputConfig=output()
        )
    # The job exists although the client never heard: a lost answer, found by listing.
    assert len(listed(ice).smart_job_list) == 1
    fresh_emulator.faults()
    counted = fresh_emulator.requests()["by_action"]
    assert counted == {"SubmitAudioProduceJob": 2, "ListSmartJobs": 1}


def test_the_official_sdk_sees_a_dropped_submit_as_a_transport_error(
    ice: Client, speech: Any, fresh_emulator: Any
) -> None:
    fresh_emulator.faults(reset_rate=1.0, actions=["GetSmartHandleJob"])
    job = produce(ice)
    with pytest.raises(UnretryableException):
        get(ice, job.job_id)
