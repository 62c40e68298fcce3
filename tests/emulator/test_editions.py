"""The Standard and CosyVoice editions end to end, with the official SDK as the client:
media registration, the rules on what they train on, the consent check, the CosyVoice
quota, the job lifecycle, listing by Type, and the configurable CosyVoice Type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ice_emulator import EmulatorServer

from ._raw import RawIce
from ._sdk import (
    AUDIO_URL,
    DEMO_URL,
    assert_playable_wav,
    ice_error,
    job_status,
    register_audio,
    sdk_client,
    standard_media,
    submit_cosy_voice,
    submit_standard,
    wait_for_status,
)
from .test_rules import assert_error

MINUTE = 60.0


def register(ice: Client, input_url: str, **fields: Any) -> str:
    request = models.RegisterMediaInfoRequest(input_url=input_url, **fields)
    return str(ice.register_media_info(request).body.media_id)


def media_info(ice: Client, **request: Any) -> Any:
    return ice.get_media_info(models.GetMediaInfoRequest(**request)).body.media_info


def get_job(ice: Client, job_id: str) -> Any:
    request = models.GetCustomizedVoiceJobRequest(job_id=job_id)
    return ice.get_customized_voice_job(request).body.data.customized_voice_job


def get_voice(ice: Client, voice_id: str) -> Any:
    request = models.GetCustomizedVoiceRequest(voice_id=voice_id)
    return ice.get_customized_voice(request).body.data.customized_voice


def standard(ice: Client, **fields: Any) -> Any:
    request = models.SubmitStandardCustomizedVoiceJobRequest(
        **{"voice_name": "Std", "gender": "male"} | fields
    )
    return ice.submit_standard_customized_voice_job(request)


def cosy(ice: Client, **fields: Any) -> Any:
    request = models.SubmitCosyVoiceCustomizedVoiceJobRequest(
        **{"voice_name": "Cosy", "gender": "female", "model": "cosyvoice-v3-flash"} | fields
    )
    return ice.submit_cosy_voice_customized_voice_job(request)


def listed(ice: Client, job_type: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(job ids with their Type, voice ids) that the two list actions return for a Type."""
    jobs = ice.list_customized_voice_jobs(
        models.ListCustomizedVoiceJobsRequest(type=job_type, page_size=100)
    ).body.data
    voices = ice.list_customized_voices(
        models.ListCustomizedVoicesRequest(type=job_type, page_size=100)
    ).body.data
    assert jobs.total_count == len(jobs.customized_voice_job_list)
    assert voices.total_count == len(voices.customized_voice_list)
    assert [v.type for v in voices.customized_voice_list] == [
        j.type for j in jobs.customized_voice_job_list
    ]
    return (
        [(job.job_id, job.type) for job in jobs.customized_voice_job_list],
        [voice.voice_id for voice in voices.customized_voice_list],
    )


@pytest.fixture
def control(emulator: EmulatorServer) -> Iterator[Callable[..., httpx.Response]]:
    """`control(method, path, body)`: the control API, for the endpoints this tier adds."""
    with httpx.Client(base_url=f"{emulator.url}/_emulator", timeout=10.0) as http:
        yield lambda method, path, body=None: http.request(method, path, json=body)


@pytest.fixture
def cosy_voice_type(control: Callable[..., httpx.Response]) -> Iterator[Callable[[str], None]]:
    """Set the Type CosyVoice jobs report; restored to the default after the test."""

    def set_type(value: str) -> None:
        reply = control("POST", "/editions", {"cosy_voice_type": value})
        assert reply.json() == {"cosy_voice_type": value}

    try:
        yield set_type
    finally:
        set_type("CosyVoice")


# -- RegisterMediaInfo and GetMediaInfo ------------------------------------------------------


def test_registered_audio_is_described_by_get_media_info(ice: Client, fresh_emulator: Any) -> None:
    url = "oss://voices/training/narration.wav?duration=75.5"
    media_id = register(
        ice,
        url,
        title="Narration",
        description="chapter one",
        user_data='{"take": 3}',
        reference_id="narration-01",
    )
    info = media_info(ice, media_id=media_id)
    basic = info.media_basic_info
    assert (info.media_id, basic.media_id, basic.input_url) == (media_id, media_id, url)
    assert (basic.media_type, basic.status, basic.source) == ("audio", "Normal", "oss")
    assert (basic.title, basic.description, basic.user_data, basic.reference_id) == (
        "Narration",
        "chapter one",
        '{"take": 3}',
        "narration-01",
    )
    assert basic.create_time.endswith("Z")
    [file] = info.file_info_list
    assert file.file_basic_info.duration == "75.500"
    assert file.file_basic_info.file_name == "narration.wav"
    assert file.file_basic_info.file_url == (
        "https://voices.oss-cn-shanghai.aliyuncs.com/training/narration.wav?duration=75.5"
    )
    assert [stream.duration for stream in file.audio_stream_info_list] == ["75.500"]
    assert media_info(ice, input_url=url).media_id == media_id


@pytest.mark.parametrize(
    ("url", "media_type", "expected_type", "duration"),
    [
        ("oss://voices/a.MP3", None, "audio", "300.000"),
        (
            "https://voices.oss-cn-beijing.aliyuncs.com/clip.mp4?duration=90",
            None,
            "video",
            "90.000",
        ),
        ("oss://voices/cover.png", None, "image", None),
        ("oss://voices/recording.bin", "audio", "audio", "300.000"),
        ("oss://voices/talk.wav", "video", "video", "300.000"),
    ],
)
def test_media_type_is_given_or_inferred_from_the_extension(
    ice: Client,
    fresh_emulator: Any,
    url: str,
    media_type: str | None,
    expected_type: str,
    duration: str | None,
) -> None:
    info = media_info(ice, media_id=register(ice, url, media_type=media_type))
    assert info.media_basic_info.media_type == expected_type
    assert info.file_info_list[0].file_basic_info.duration == duration


def test_duration_comes_from_the_url_then_a_staged_object_then_the_default(
    ice: Client, fresh_emulator: Any, control: Callable[..., httpx.Response]
) -> None:
    def duration(url: str) -> str:
        return str(
            media_info(ice, media_id=register(ice, url)).file_info_list[0].file_basic_info.duration
        )

    assert duration("oss://voices/plain.wav") == "300.000"
    # A staged object is one object whichever URL form names it.
    staged = control(
        "POST",
        "/objects",
        {"url": "https://voices.oss-cn-shanghai.aliyuncs.com/staged.wav", "duration": 95},
    )
    assert staged.json() == {"object": "oss://voices/staged.wav", "duration": 95.0}
    assert duration("oss://voices/staged.wav") == "95.000"
    assert duration("oss://voices/staged.wav?duration=70") == "70.000"  # the URL's hint wins
    fresh_emulator.reset()
    assert duration("oss://voices/staged.wav") == "300.000"  # reset forgets staged objects


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://example.com/a.wav", "duration": 60},
        {"url": "oss://voices/a.wav", "duration": 0},
        {"url": "oss://voices/a.wav", "duration": True},
        {"url": "oss://voices/a.wav", "duration": "60"},
        {"duration": 60},
    ],
)
def test_staging_an_object_needs_an_oss_url_and_a_duration(
    control: Callable[..., httpx.Response], body: dict[str, Any]
) -> None:
    reply = control("POST", "/objects", body)
    assert reply.status_code == 400 and reply.json()["error"]


def test_an_input_url_is_registered_once_unless_overwritten(
    ice: Client, fresh_emulator: Any
) -> None:
    url = AUDIO_URL.format(name="once", seconds=120)
    first = register(ice, url)
    error = ice_error(lambda: register(ice, url))
    assert_error(error, "MediaAlreadyExist", 409)
    assert "InputURL" in error.data["Message"] and first in error.data["Message"]
    second = register(ice, url, overwrite=True)
    assert second != first
    assert media_info(ice, input_url=url).media_id == second
    assert_error(ice_error(lambda: media_info(ice, media_id=first)), "Media.NotFound", 404)


def test_reference_id_is_unique_per_account(ice: Client, fresh_emulator: Any) -> None:
    holder = register(ice, "oss://voices/one.wav", reference_id="my-reference")
    error = ice_error(lambda: register(ice, "oss://voices/two.wav", reference_id="my-reference"))
    assert_error(error, "MediaAlreadyExist", 409)
    assert "ReferenceId" in error.data["Message"] and holder in error.data["Message"]
    # Overwriting the media that holds it hands the ReferenceId on.
    register(ice, "oss://voices/one.wav", reference_id="my-reference", overwrite=True)


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"input_url": None}, "MissingParameter", "InputURL"),
        ({"input_url": "https://example.com/a.wav"}, "InvalidParameter", "InputURL"),
        ({"input_url": "vod://20b48fb04483915d4f2cd8ac"}, "InvalidParameter", "InputURL"),
        ({"input_url": "oss://voices/a.wav?duration=0"}, "InvalidParameter", "InputURL"),
        ({"input_url": "oss://voices/a.wav?duration=long"}, "InvalidParameter", "InputURL"),
        ({"media_type": "sound"}, "InvalidParameter", "MediaType"),
        ({"business_type": "intro"}, "InvalidParameter", "BusinessType"),
        ({"media_type": "text"}, "InvalidParameter", "BusinessType"),
        ({"title": "题" * 43}, "InvalidParameter", "Title"),  # 129 bytes in UTF-8
        ({"description": "d" * 1025}, "InvalidParameter", "Description"),
        ({"user_data": "not json"}, "InvalidParameter", "UserData"),
        ({"user_data": "[1, 2]"}, "InvalidParameter", "UserData"),
        ({"reference_id": "short"}, "InvalidParameter", "ReferenceId"),
        ({"reference_id": "has space"}, "InvalidParameter", "ReferenceId"),
    ],
)
def test_register_media_info_validates_fields(
    ice: Client, fresh_emulator: Any, fields: dict[str, Any], code: str, field: str
) -> None:
    request = models.RegisterMediaInfoRequest(**{"input_url": "oss://voices/a.wav"} | fields)
    error = ice_error(lambda: ice.register_media_info(request))
    assert_error(error, code, 400, field)
    assert_error(
        ice_error(lambda: media_info(ice, input_url="oss://voices/a.wav")), "Media.NotFound", 404
    )


def test_register_media_info_accepts_the_limits(ice: Client, fresh_emulator: Any) -> None:
    media_id = register(
        ice,
        "oss://voices/subtitles.srt",
        media_type="text",
        business_type="subtitles",
        title="题" * 42 + "ab",  # 128 bytes
        description="d" * 1024,
        reference_id="r" * 64,
    )
    basic = media_info(ice, media_id=media_id).media_basic_info
    assert (basic.media_type, basic.business_type) == ("text", "subtitles")


# -- what Standard and CosyVoice train on ---------------------------------------------------


def minutes(ice: Client, *lengths: float) -> str:
    """Audios made of registered audio of these lengths, in minutes."""
    return ",".join(register_audio(ice, f"a{n}", MINUTE * m) for n, m in enumerate(lengths))


def consent(ice: Client) -> str:
    return register_audio(ice, "consent", 12)


@pytest.mark.parametrize(
    "lengths",
    [
        (5, 5, 5),  # 15 min in all: the least
        (10, 10, 10),  # 30 min: the most
        (61 / 60, 14),  # each just over a minute
    ],
)
def test_standard_accepts_15_to_30_minutes_of_audio_over_a_minute_each(
    ice: Client, fresh_emulator: Any, lengths: tuple[float, ...]
) -> None:
    reply = standard(ice, audios=minutes(ice, *lengths), authentication=consent(ice))
    assert reply.body.data.job_id


@pytest.mark.parametrize(
    ("lengths", "words"),
    [
        ((1, 14, 1), "lasts 60 s"),  # exactly one minute is not longer than a minute
        ((15, 0.5), "lasts 30 s"),
        ((5, 5, 4.99), "15 to 30 minutes"),
        ((10, 10, 10.01), "15 to 30 minutes"),
        ((14.5,), "870 s"),
    ],
)
def test_standard_refuses_too_little_or_too_much_audio(
    ice: Client, fresh_emulator: Any, lengths: tuple[float, ...], words: str
) -> None:
    error = ice_error(
        lambda: standard(ice, audios=minutes(ice, *lengths), authentication=consent(ice))
    )
    assert_error(error, "InvalidParameter", 400, "Audios")
    assert words in error.data["Message"], error.data["Message"]
    assert fresh_emulator.jobs() == []


@pytest.mark.parametrize("bad", ["unregistered", "video", "twice"])
def test_standard_audios_must_be_registered_audio(
    ice: Client, fresh_emulator: Any, bad: str
) -> None:
    audios, consent_media = minutes(ice, 5, 5, 5), consent(ice)
    video = register(ice, "oss://voices/clip.mp4?duration=600")
    extra, words = {
        "unregistered": ("nosuchmedia", 'media "nosuchmedia" does not exist'),
        "video": (video, f'media "{video}" is not audio'),
        "twice": (audios.split(",")[0], "listed twice"),
    }[bad]
    error = ice_error(
        lambda: standard(ice, audios=f"{audios},{extra}", authentication=consent_media)
    )
    assert_error(error, "InvalidParameter", 400, "Audios")
    assert words in error.data["Message"], error.data["Message"]
    assert fresh_emulator.jobs() == []


@pytest.mark.parametrize(
    ("bad", "words"), [("unregistered", "does not exist"), ("image", "is not audio")]
)
def test_standard_consent_must_be_registered_audio(
    ice: Client, fresh_emulator: Any, bad: str, words: str
) -> None:
    audios = minutes(ice, 5, 5, 5)
    consent_media = register(ice, "oss://voices/consent.png") if bad == "image" else "noconsent"
    error = ice_error(lambda: standard(ice, audios=audios, authentication=consent_media))
    assert_error(error, "InvalidParameter", 400, "Authentication")
    assert words in error.data["Message"], error.data["Message"]
    assert fresh_emulator.jobs() == []


@pytest.mark.parametrize(
    ("bad", "words"), [("unregistered", "does not exist"), ("video", "is not audio")]
)
def test_cosy_voice_audio_must_be_a_registered_audio(
    ice: Client, fresh_emulator: Any, bad: str, words: str
) -> None:
    sample = register(ice, "oss://voices/clip.mp4") if bad == "video" else "nosuchmedia"
    error = ice_error(lambda: cosy(ice, audios=sample))
    assert_error(error, "InvalidParameter", 400, "Audios")
    assert words in error.data["Message"], error.data["Message"]
    assert fresh_emulator.jobs() == []


# -- the consent check ----------------------------------------------------------------------


@pytest.mark.parametrize("listed_by", ["consent media id", "voice name"])
def test_a_consent_that_does_not_match_fails_the_standard_job(
    ice: Client, fresh_emulator: Any, listed_by: str
) -> None:
    fresh_emulator.clock(3600)  # hold jobs in AudioDetecting
    audios, consent_media = standard_media(ice, "mismatch")
    name = "Impostor"
    fresh_emulator.faults(
        consent_mismatch=[consent_media if listed_by == "consent media id" else name]
    )
    reply = standard(ice, voice_name=name, audios=audios, authentication=consent_media)
    job_id = reply.body.data.job_id
    honest = submit_standard(ice, "Honest")
    cosy_job, _ = submit_cosy_voice(ice, name)  # no consent in CosyVoice: unaffected
    # ICE checks the consent while it detects the audio: not failed yet.
    assert job_status(ice, job_id) == "AudioDetecting"
    fresh_emulator.clock(0)
    job = get_job(ice, job_id)
    assert job.status == "Fail"
    assert "voiceprint" in job.message and "Authentication" in job.message
    assert (job_status(ice, honest), job_status(ice, cosy_job)) == ("Success", "Success")


# -- the CosyVoice quota --------------------------------------------------------------------


def test_cosy_voice_quota_is_thirty_voices_failed_ones_included(
    ice: Client, fresh_emulator: Any
) -> None:
    fresh_emulator.clock(0)
    fresh_emulator.faults(fail_voice_ids=["Doomed"])
    fresh_emulator.stage(["basic01"])  # other editions do not count
    submit_standard(ice, "Std")
    sample = register_audio(ice, "sample", 20)
    job_ids = [
        cosy(ice, voice_name="Doomed" if n == 0 else f"Cosy{n}", audios=sample).body.data.job_id
        for n in range(30)
    ]
    assert job_status(ice, job_ids[0]) == "Fail"  # a failed voice still holds its slot

    error = ice_error(lambda: cosy(ice, voice_name="Extra", audios=sample))
    assert_error(error, "QuotaExceeded.CosyVoice", 400)
    assert "quota is 30 per account and region" in error.data["Message"], error.data["Message"]
    cosy_jobs = [job for job in fresh_emulator.jobs() if job["Type"] == "CosyVoice"]
    assert len(cosy_jobs) == 30 and "Extra" not in {job["VoiceName"] for job in cosy_jobs}

    # Deleting the failed job frees its slot, for one more voice only.
    ice.delete_customized_voice_job(models.DeleteCustomizedVoiceJobRequest(job_id=job_ids[0]))
    assert cosy(ice, voice_name="Extra", audios=sample).body.data.voice_id
    assert ice_error(lambda: cosy(ice, voice_name="More", audios=sample)).code == (
        "QuotaExceeded.CosyVoice"
    )


# -- the job lifecycle ----------------------------------------------------------------------


def test_standard_voice_trains_to_success_with_demo_audio(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.clock(3600)
    job_id = submit_standard(ice, "Studio", demo_audio_media_url=DEMO_URL.format(voice="studio"))
    job = get_job(ice, job_id)
    assert (job.status, job.type, job.voice_name, job.gender) == (
        "AudioDetecting",
        "Standard",
        "Studio",
        "male",
    )
    assert job.voice_id and job.create_time.endswith("Z") and job.scenario is None

    fresh_emulator.clock(0)
    assert job_status(ice, job_id) == "Success"
    voice = get_voice(ice, job.voice_id)
    assert (voice.voice_id, voice.voice_name, voice.gender) == (job.voice_id, "Studio", "male")
    media = media_info(ice, media_id=voice.demo_audio_media_id)
    assert media.media_basic_info.input_url == DEMO_URL.format(voice="studio")
    assert_playable_wav(media.file_info_list[0].file_basic_info.file_url)
    error = ice_error(
        lambda: ice.delete_customized_voice_job(
            models.DeleteCustomizedVoiceJobRequest(job_id=job_id)
        )
    )
    assert_error(error, "CustomizedVoiceJob.IncorrectStatus", 400)


def test_cosy_voice_trains_through_each_phase_to_success(ice: Client, fresh_emulator: Any) -> None:
    job_id, voice_id = submit_cosy_voice(
        ice, "Cosy", demo_audio_media_url="oss://voices/demo/cosy.wav"
    )
    assert voice_id.startswith("Voice-")
    job = get_job(ice, job_id)
    assert (job.voice_id, job.type, job.voice_name, job.gender) == (
        voice_id,
        "CosyVoice",
        "Cosy",
        "female",
    )
    final, seen = wait_for_status(ice, job_id)
    assert final == "Success", seen
    order = ["AudioDetecting", "PreTraining", "Training", "Success"]
    assert seen == sorted(seen, key=order.index)
    voice = get_voice(ice, voice_id)  # by the id ICE assigned
    assert voice.voice_id == voice_id and voice.demo_audio_media_id
    demo = media_info(ice, media_id=voice.demo_audio_media_id)
    assert_playable_wav(demo.file_info_list[0].file_basic_info.file_url)


@pytest.mark.parametrize("edition", ["Standard", "CosyVoice"])
def test_failed_training_reports_why_and_the_job_can_be_deleted(
    ice: Client, fresh_emulator: Any, edition: str
) -> None:
    fresh_emulator.clock(0)
    fresh_emulator.faults(fail_voice_ids=["Unlucky"])
    if edition == "Standard":
        job_id = submit_standard(ice, "Unlucky")
    else:
        job_id, _ = submit_cosy_voice(ice, "Unlucky")
    job = get_job(ice, job_id)
    assert (job.status, job.type) == ("Fail", edition)
    assert job.message
    ice.delete_customized_voice_job(models.DeleteCustomizedVoiceJobRequest(job_id=job_id))
    assert fresh_emulator.jobs() == []
    assert_error(ice_error(lambda: get_voice(ice, job.voice_id)), "CustomizedVoice.NotFound", 404)


def test_lists_show_an_edition_only_when_its_type_is_asked(
    ice: Client, fresh_emulator: Any
) -> None:
    basic_job = fresh_emulator.stage(["basic01"])["basic01"]
    standard_job = submit_standard(ice, "Std")
    standard_voice = get_job(ice, standard_job).voice_id
    cosy_job, cosy_voice = submit_cosy_voice(ice, "Cosy")
    assert listed(ice, None) == ([(basic_job, "Basic")], ["basic01"])
    assert listed(ice, "Basic") == ([(basic_job, "Basic")], ["basic01"])
    assert listed(ice, "Standard") == ([(standard_job, "Standard")], [standard_voice])
    assert listed(ice, "CosyVoice") == ([(cosy_job, "CosyVoice")], [cosy_voice])


def test_the_cosy_voice_type_is_configurable(
    ice: Client, fresh_emulator: Any, control: Callable[..., httpx.Response], cosy_voice_type: Any
) -> None:
    assert control("GET", "/editions").json() == {"cosy_voice_type": "CosyVoice"}
    standard_job = submit_standard(ice, "Std")
    cosy_job, cosy_voice = submit_cosy_voice(ice, "Cosy")

    cosy_voice_type("Standard")  # relabels existing voices too
    assert get_job(ice, cosy_job).type == "Standard"
    jobs, _ = listed(ice, "Standard")
    assert jobs == [(cosy_job, "Standard"), (standard_job, "Standard")]
    assert_error(ice_error(lambda: listed(ice, "CosyVoice")), "InvalidParameter", 400, "Type")

    cosy_voice_type("CosyVoiceClone")
    assert listed(ice, "CosyVoiceClone") == ([(cosy_job, "CosyVoiceClone")], [cosy_voice])
    assert listed(ice, "Standard")[0] == [(standard_job, "Standard")]
    for bad in ("", "two words", 7):
        assert control("POST", "/editions", {"cosy_voice_type": bad}).status_code == 400


def test_emulator_server_takes_the_cosy_voice_type(tmp_path: Path) -> None:
    with EmulatorServer(data_dir=tmp_path, cosy_voice_type="Cosy", training_seconds=0) as server:
        ice = sdk_client(server.url)
        job_id, voice_id = submit_cosy_voice(ice, "Cosy")
        assert listed(ice, "Cosy") == ([(job_id, "Cosy")], [voice_id])
    with pytest.raises(ValueError, match="cosy_voice_type"):
        EmulatorServer(data_dir=tmp_path, cosy_voice_type="not a word").start()


# -- replies in the official SDK's models ---------------------------------------------------


def _round_trip(model: Any, body: dict[str, Any]) -> dict[str, Any]:
    """`body` as the official model reads and writes it: what the model does not know is lost."""
    result: dict[str, Any] = model().from_map(body).to_map()
    return result


def test_replies_carry_only_fields_of_the_official_models(raw: RawIce, fresh_emulator: Any) -> None:
    fresh_emulator.clock(0)

    def call(action: str, **params: Any) -> dict[str, Any]:
        reply = raw.call(action, **params)
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body

    def audio(name: str, seconds: float) -> str:
        body = call("RegisterMediaInfo", InputURL=AUDIO_URL.format(name=name, seconds=seconds))
        assert set(body) == {"RequestId", "MediaId"}
        assert _round_trip(models.RegisterMediaInfoResponseBody, body) == body
        return str(body["MediaId"])

    audios = ",".join(audio(f"s{n}", 300) for n in range(3))
    submitted = call(
        "SubmitStandardCustomizedVoiceJob",
        VoiceName="Std",
        Gender="male",
        Audios=audios,
        Authentication=audio("consent", 10),
        DemoAudioMediaURL="oss://voices/demo/std.wav",
    )
    assert set(submitted["Data"]) == {"JobId"}  # Standard: no VoiceId until the job is read
    assert _round_trip(models.SubmitStandardCustomizedVoiceJobResponseBody, submitted) == submitted
    cosy_reply = call(
        "SubmitCosyVoiceCustomizedVoiceJob",
        VoiceName="Cosy",
        Gender="female",
        Audios=audio("sample", 20),
        Model="cosyvoice-v3.5-plus",
    )
    assert set(cosy_reply["Data"]) == {"JobId", "VoiceId"}
    assert (
        _round_trip(models.SubmitCosyVoiceCustomizedVoiceJobResponseBody, cosy_reply) == cosy_reply
    )

    job = call("GetCustomizedVoiceJob", JobId=submitted["Data"]["JobId"])
    assert _round_trip(models.GetCustomizedVoiceJobResponseBody, job) == job
    voice_id = job["Data"]["CustomizedVoiceJob"]["VoiceId"]
    voice = call("GetCustomizedVoice", VoiceId=voice_id)
    assert "Type" not in voice["Data"]["CustomizedVoice"]  # ICE's model has none
    assert _round_trip(models.GetCustomizedVoiceResponseBody, voice) == voice
    for job_type in ("Standard", "CosyVoice"):
        jobs = call("ListCustomizedVoiceJobs", Type=job_type)
        assert _round_trip(models.ListCustomizedVoiceJobsResponseBody, jobs) == jobs
        voices = call("ListCustomizedVoices", Type=job_type)
        assert _round_trip(models.ListCustomizedVoicesResponseBody, voices) == voices
    for media_id in (voice["Data"]["CustomizedVoice"]["DemoAudioMediaId"], audios.split(",")[0]):
        media = call("GetMediaInfo", MediaId=media_id)
        assert _round_trip(models.GetMediaInfoResponseBody, media) == media
