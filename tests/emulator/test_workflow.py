"""The voice-cloning workflows end to end, with the official SDK as the client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ._sdk import (
    DEMO_URL,
    assert_playable_wav,
    create_voice,
    pass_recordings,
    run_basic_workflow,
    submit,
    wait_for_status,
)


def test_basic_workflow_reaches_success_with_playable_demo(ice: Client) -> None:
    result = run_basic_workflow(ice, "narrator01")
    assert_playable_wav(result["file_url"])


def test_v2_signatures_run_the_same_workflow(
    make_client: Callable[..., Client], fresh_emulator: Any
) -> None:
    result = run_basic_workflow(make_client(signature_algorithm="v2"), "legacyclient")
    assert_playable_wav(result["file_url"])


def test_demonstration_samples_are_playable(ice: Client) -> None:
    demos = ice.get_demonstration_for_customized_voice_job(
        models.GetDemonstrationForCustomizedVoiceJobRequest(scenario="navigation")
    ).body.data.demonstration_list
    assert len({demo.text for demo in demos}) == 20
    assert_playable_wav(demos[0].demo_audio)


def test_submit_without_demo_url_trains_without_demo_audio(ice: Client) -> None:
    create_voice(ice, "nodemo")
    pass_recordings(ice, "nodemo")
    job_id = submit(ice, "nodemo", demo=False)
    assert wait_for_status(ice, job_id)[0] == "Success"
    voice = ice.get_customized_voice(
        models.GetCustomizedVoiceRequest(voice_id="nodemo")
    ).body.data.customized_voice
    assert voice.demo_audio_media_id is None


def test_update_customized_voice_sets_demo_media(ice: Client) -> None:
    create_voice(ice, "updatable")
    ice.update_customized_voice(
        models.UpdateCustomizedVoiceRequest(voice_id="updatable", demo_audio_media_id="media-0001")
    )
    voice = ice.get_customized_voice(
        models.GetCustomizedVoiceRequest(voice_id="updatable")
    ).body.data.customized_voice
    assert voice.demo_audio_media_id == "media-0001"


def test_get_media_info_by_input_url(ice: Client) -> None:
    result = run_basic_workflow(ice, "byurl")
    media = ice.get_media_info(
        models.GetMediaInfoRequest(input_url=DEMO_URL.format(voice="byurl"))
    ).body.media_info
    assert media.media_id == result["media_id"]


def test_clock_set_at_run_time_applies_to_running_jobs(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.clock(3600)
    create_voice(ice, "slowvoice")
    pass_recordings(ice, "slowvoice")
    job_id = submit(ice, "slowvoice")
    assert wait_for_status(ice, job_id, ("AudioDetecting",))[0] == "AudioDetecting"
    fresh_emulator.clock(0)
    assert wait_for_status(ice, job_id)[0] == "Success"
    # A finished job stays finished when the clock slows down again.
    fresh_emulator.clock(3600)
    assert wait_for_status(ice, job_id)[0] == "Success"
