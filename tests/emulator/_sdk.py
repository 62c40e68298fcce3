"""Official-SDK helpers for the emulator tier."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.models import Config
from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

RECORD_URL = "https://voices.oss-cn-shanghai.aliyuncs.com/recordings/{voice}/{n:02d}.wav"
DEMO_URL = "https://voices.oss-cn-shanghai.aliyuncs.com/demo/{voice}.wav"


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
        voice_id=voice_id, voice_name=fields.get("voice_name", voice_id[:32]), gender=fields.get("gender", "female"),
        scenario=fields.get("scenario", "story"), voice_desc=fields.get("voice_desc"),
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


def job_status(ice: Client, job_id: str) -> str:
    reply = ice.get_customized_voice_job(models.GetCustomizedVoiceJobRequest(job_id=job_id))
    return str(reply.body.data.customized_voice_job.status)


def wait_for_status(ice: Client, job_id: str, wanted: tuple[str, ...] = ("Success", "Fail"), limit: float = 30.0) -> tuple[str, list[str]]:
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
