"""The icevoice client's speech methods against the emulator: what the client claims about
ICE, checked on the emulator (the official SDK checks the emulator, in test_speech.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import icevoice
from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer

SPEECH: dict[str, Any] = {"output_bucket": "speech", "format": "WAV", "voice": "Siqi"}


@pytest.fixture
def client(emulator: EmulatorServer) -> Iterator[icevoice.IceClient]:
    with icevoice.IceClient(
        endpoint=emulator.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
        retry=icevoice.RetryPolicy(max_attempts=3, base_delay=0.01),
    ) as ice:
        yield ice


def finished(client: icevoice.IceClient, job_id: str) -> icevoice.SmartJob:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job = client.get_smart_handle_job(job_id=job_id)
        if job.finished:
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} never ended")


def test_a_speech_from_submit_to_delete(
    client: icevoice.IceClient, speech: Callable[[float], None]
) -> None:
    ref = client.submit_audio_produce_job(
        text="Good morning, everyone.",
        output_object="greet",
        title="greet-1",
        user_data={"m": 1},
        **SPEECH,
    )
    assert ref.state == "Created" and ref.media_id
    job = finished(client, ref.job_id)
    assert (job.state, job.title, job.user_data, job.media_id) == (
        "Finished",
        "greet-1",
        '{"m":1}',
        ref.media_id,
    )
    assert (job.output_bucket, job.output_object, job.input_file) == (
        "speech",
        "greet",
        "Good morning, everyone.",
    )
    assert job.media_url is not None and httpx.get(job.media_url).content[:4] == b"RIFF"
    media = client.get_media_info(media_id=ref.media_id)
    assert media.duration is not None and media.duration > 1 and media.file_url == job.media_url
    page = client.list_smart_jobs(job_type=icevoice.SPEECH_JOB_TYPE, max_results=100)
    assert [(item.job_id, item.state) for item in page.items] == [(ref.job_id, "Finished")]
    assert page.total_count == 1 and page.next_token is None
    client.delete_smart_job(job_ids=[ref.job_id])
    with pytest.raises(icevoice.NotFoundError) as info:
        client.get_smart_handle_job(job_id=ref.job_id)
    assert info.value.code == "SmartJob.NotFound"


def test_the_emulator_refuses_what_the_client_cannot_know(
    client: icevoice.IceClient, speech: Callable[[float], None]
) -> None:
    with pytest.raises(icevoice.ApiError) as info:
        client.submit_audio_produce_job(
            text="hi", output_object="x", **{**SPEECH, "voice": None}, customized_voice="nobody"
        )
    assert (info.value.code, info.value.status_code) == ("InvalidParameter", 400)
    assert "customizedVoice" in info.value.message


def test_a_lost_submit_answer_is_ambiguous_and_the_job_is_found_by_its_title(
    client: icevoice.IceClient, speech: Callable[[float], None], fresh_emulator: Any
) -> None:
    fresh_emulator.faults(reset_after_rate=1.0, actions=["SubmitAudioProduceJob"])
    with pytest.raises(icevoice.AmbiguousResultError):
        client.submit_audio_produce_job(text="hi", output_object="lost", title="mine-42", **SPEECH)
    assert fresh_emulator.requests()["by_action"] == {"SubmitAudioProduceJob": 1}  # not repeated
    fresh_emulator.faults()
    found = [job for job in client.list_smart_jobs().items if job.title == "mine-42"]
    assert len(found) == 1


def test_jobs_past_the_horizon_are_not_found(
    client: icevoice.IceClient, speech: Callable[[float], None], fresh_emulator: Any
) -> None:
    ref = client.submit_audio_produce_job(text="hi", output_object="old", **SPEECH)
    finished(client, ref.job_id)
    fresh_emulator._post("/clock", {"advance_seconds": icevoice.SMART_JOB_HORIZON_DAYS * 86_400})
    with pytest.raises(icevoice.NotFoundError):
        client.get_smart_handle_job(job_id=ref.job_id)
    assert client.list_smart_jobs().items == []
