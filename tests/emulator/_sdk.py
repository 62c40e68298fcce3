"""Official-SDK helpers for the emulator tier."""

from __future__ import annotations

import io
import time
import wave
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.models import Config

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

RECORD_URL = "https://voices.oss-cn-shanghai.aliyuncs.com/recordings/{voice}/{n:02d}.wav"
DEMO_URL = "https://voices.oss-cn-shanghai.aliyuncs.com/demo/{voice}.wav"
# Training audio; `duration=` is the emulator's shortcut for the audio's length.
AUDIO_URL = "oss://voices/training/{name}.wav?duration={seconds:g}"


def sdk_client(server_url: str, **config: Any) -> Client:
    """An official ICE client for an emulator URL; `config` overrides Config fields."""
    settings: dict[str, Any] = {
        "endpoint": server_url.split("://", 1)[1],
        "protocol": "http",
        "region_id": "cn-shanghai",
        "access_key_id": DEFAULT_ACCESS_KEY_ID,
        "access_key_secret": DEFAULT_ACCESS_KEY_SECRET,
        "connect_timeout": 5000,
        "read_timeout": 10000,
        **config,
    }
    return Client(Config(**settings))


def ice_error(call: Callable[[], Any]) -> AlibabaCloudException:
    """The error an SDK call raises (fails the test when it succeeds)."""
    with pytest.raises(AlibabaCloudException) as info:
        call()
    return info.value


def create_voice(ice: Client, voice_id: str, **fields: Any) -> str:
    request = models.CreateCustomizedVoiceJobRequest(
        voice_id=voice_id,
        voice_name=fields.get("voice_name", voice_id[:32]),
        gender=fields.get("gender", "female"),
        scenario=fields.get("scenario", "story"),
        voice_desc=fields.get("voice_desc"),
    )
    return str(ice.create_customized_voice_job(request).body.data.job_id)


def pass_recordings(ice: Client, voice_id: str, record_ids: range = range(1, 21)) -> None:
    for n in record_ids:
        request = models.DetectAudioForCustomizedVoiceJobRequest(
            voice_id=voice_id, audio_record_id=n, record_url=RECORD_URL.format(voice=voice_id, n=n)
        )
        assert ice.detect_audio_for_customized_voice_job(request).body.data.pass_ is True


def submit(ice: Client, voice_id: str, demo: bool = True) -> str:
    request = models.SubmitCustomizedVoiceJobRequest(
        voice_id=voice_id, demo_audio_media_url=DEMO_URL.format(voice=voice_id) if demo else None
    )
    return str(ice.submit_customized_voice_job(request).body.data.job_id)


def register_audio(ice: Client, name: str, seconds: float = 300.0, **fields: Any) -> str:
    """RegisterMediaInfo of an audio lasting `seconds`; returns its MediaId."""
    request = models.RegisterMediaInfoRequest(
        input_url=AUDIO_URL.format(name=name, seconds=seconds), **fields
    )
    return str(ice.register_media_info(request).body.media_id)


def standard_media(
    ice: Client, name: str, minutes: tuple[float, ...] = (5, 5, 5)
) -> tuple[str, str]:
    """Registered training audio for a Standard voice (15 min by default) and a spoken
    consent: (Audios, Authentication) as the submit takes them."""
    audios = [register_audio(ice, f"{name}-{n}", 60 * m) for n, m in enumerate(minutes)]
    return ",".join(audios), register_audio(ice, f"{name}-consent", 12)


def submit_standard(ice: Client, name: str, **fields: Any) -> str:
    """Register the media and submit a Standard voice named `name`; returns the JobId."""
    audios, consent = standard_media(ice, name)
    request = models.SubmitStandardCustomizedVoiceJobRequest(
        **{"voice_name": name, "gender": "male", "audios": audios, "authentication": consent}
        | fields
    )
    return str(ice.submit_standard_customized_voice_job(request).body.data.job_id)


def submit_cosy_voice(ice: Client, name: str, **fields: Any) -> tuple[str, str]:
    """Register an audio and submit a CosyVoice voice named `name`; (JobId, VoiceId)."""
    request = models.SubmitCosyVoiceCustomizedVoiceJobRequest(
        **{
            "voice_name": name,
            "gender": "female",
            "audios": register_audio(ice, f"{name}-sample", 20),
            "model": "cosyvoice-v3-plus",
        }
        | fields
    )
    data = ice.submit_cosy_voice_customized_voice_job(request).body.data
    return str(data.job_id), str(data.voice_id)


def job_status(ice: Client, job_id: str) -> str:
    reply = ice.get_customized_voice_job(models.GetCustomizedVoiceJobRequest(job_id=job_id))
    return str(reply.body.data.customized_voice_job.status)


def wait_for_status(
    ice: Client, job_id: str, wanted: tuple[str, ...] = ("Success", "Fail"), limit: float = 30.0
) -> tuple[str, list[str]]:
    """Poll until the job reaches one of `wanted`; returns it and every status seen."""
    seen: list[str] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status = job_status(ice, job_id)
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in wanted:
            return status, seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {wanted}; saw {seen}")


def run_basic_workflow(ice: Client, voice_id: str) -> dict[str, Any]:
    """GetDemonstration, Create, 20 x DetectAudio, Submit, poll to Success, then read the
    voice and its demo audio. Returns what a caller would keep."""
    demos = ice.get_demonstration_for_customized_voice_job(
        models.GetDemonstrationForCustomizedVoiceJobRequest(scenario="story")
    ).body.data.demonstration_list
    assert [demo.audio_id for demo in demos] == list(range(1, 21))
    assert all(demo.text and demo.demo_audio.startswith("http://") for demo in demos)

    job_id = create_voice(ice, voice_id, voice_name="Demo Voice", voice_desc="a calm narrator")
    created = ice.get_customized_voice_job(
        models.GetCustomizedVoiceJobRequest(job_id=job_id)
    ).body.data.customized_voice_job
    assert created.status == "Initialization"
    assert (
        created.voice_id,
        created.voice_name,
        created.voice_desc,
        created.gender,
        created.scenario,
        created.type,
    ) == (
        voice_id,
        "Demo Voice",
        "a calm narrator",
        "female",
        "story",
        "Basic",
    )
    assert created.create_time.endswith("Z")

    pass_recordings(ice, voice_id)
    assert submit(ice, voice_id) == job_id  # one job per voice: Submit returns the same JobId
    final, seen = wait_for_status(ice, job_id)
    assert final == "Success", seen
    # Statuses only move forward, through the documented phases.
    order = ["AudioDetecting", "PreTraining", "Training", "Success"]
    assert seen == sorted(seen, key=order.index)

    voice = ice.get_customized_voice(
        models.GetCustomizedVoiceRequest(voice_id=voice_id)
    ).body.data.customized_voice
    assert voice.voice_id == voice_id and voice.demo_audio_media_id
    media = ice.get_media_info(
        models.GetMediaInfoRequest(media_id=voice.demo_audio_media_id)
    ).body.media_info
    assert media.media_id == voice.demo_audio_media_id
    assert media.media_basic_info.input_url == DEMO_URL.format(voice=voice_id)
    file_info = media.file_info_list[0].file_basic_info
    assert file_info.file_name == f"{voice_id}.wav"
    return {"job_id": job_id, "media_id": voice.demo_audio_media_id, "file_url": file_info.file_url}


def assert_playable_wav(url: str) -> None:
    reply = httpx.get(url, timeout=10.0)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("audio/wav")
    with wave.open(io.BytesIO(reply.content)) as audio:
        assert audio.getnchannels() == 1
        assert audio.getsampwidth() == 2
        assert audio.getnframes() / audio.getframerate() >= 0.5
        frames = audio.readframes(audio.getnframes())
    assert any(frames), "the demo audio is silent"
