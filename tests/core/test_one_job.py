"""One job per basic voice, whatever happened before: the core against the emulator.

A create interrupted at any point (a killed host, a lost answer, a request ICE never acted
on) leaves ICE in some state; the next create of the same voice must adopt it: exactly one
job, submitted once, and the outputs a voice created without interruption has. Here each
such state is made directly in the emulator (as a killed host would leave it) or with its
faults, and the core's create is called in-process, as both front doors call it.
tests/cli/test_host_interruptions.py proves the same through the real CLI, once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from icevoice import IceClient
from pulumi_ice_voice._core.errors import (
    NoAnswer,
    TrainingFailed,
    TrainingTimedOut,
    VoiceConflict,
    WaitCancelled,
)
from pulumi_ice_voice._core.records import Recorded
from pulumi_ice_voice._kinds import BASIC
from tests.support.core import Core, basic_props, client_of, core_session
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import recordings

VOICE = "interrupted1"
REFERENCE = "uninterrupted1"


@pytest.fixture
def ice(tmp_path: Path) -> Any:
    with running_emulator(tmp_path, training_seconds=0.3) as under_test:
        yield under_test


def _create_job(client: IceClient, voice_id: str) -> None:
    props = basic_props(voice_id)
    client.create_customized_voice_job(
        voice_id=voice_id,
        voice_name=props["voice_name"],
        gender=props["gender"],
        scenario=props["scenario"],
    )


def _detect(client: IceClient, voice_id: str, count: int) -> None:
    for record_id, url in enumerate(recordings(voice_id)[:count], start=1):
        client.detect_audio_for_customized_voice_job(
            voice_id=voice_id, audio_record_id=record_id, record_url=url
        )


def created_only(client: IceClient, ice: IceUnderTest) -> None:
    _create_job(client, VOICE)


def partly_detected(client: IceClient, ice: IceUnderTest) -> None:
    _create_job(client, VOICE)
    _detect(client, VOICE, 7)


def submitted(client: IceClient, ice: IceUnderTest) -> None:
    _create_job(client, VOICE)
    _detect(client, VOICE, 20)
    demo = basic_props(VOICE)["demo_audio_media_url"]  # as the provider submits it
    client.submit_customized_voice_job(voice_id=VOICE, demo_audio_media_url=demo)


LEFT_BY_A_KILLED_HOST: dict[str, Callable[[IceClient, IceUnderTest], None]] = {
    "after CreateCustomizedVoiceJob": created_only,
    "after some audio detections": partly_detected,
    "right after SubmitCustomizedVoiceJob": submitted,
}


def normalized(recorded: Recorded, voice_id: str) -> dict[str, Any]:
    """Outputs with what differs between two voices (ids, times, media ids) abstracted."""
    outputs = recorded.outputs
    ids = {outputs["job_id"]: "<job>", outputs.get("demo_audio_media_id"): "<media>"}
    result: dict[str, Any] = {}
    for key, value in outputs.items():
        if key in ("create_time", "autoname_prefix", "autoname_seed"):
            value = bool(value)
        elif isinstance(value, str):
            for real, placeholder in ids.items():
                value = value.replace(real, placeholder) if real else value
            value = value.replace(voice_id, "<voice>")
        elif isinstance(value, list):
            value = [str(v).replace(voice_id, "<voice>") for v in value]
        result[key] = value
    return result


def assert_trained_once_like_a_normal_create(core: Core, ice: IceUnderTest, got: Recorded) -> None:
    reference = core.create(BASIC, basic_props(REFERENCE))
    jobs = ice.jobs_by_voice()
    for voice_id in (VOICE, REFERENCE):
        assert [(j["Status"], j["SubmitCount"]) for j in jobs[voice_id]] == [("Success", 1)]
    assert got.resource_id == VOICE
    assert got.outputs["job_id"] == jobs[VOICE][0]["JobId"]
    assert normalized(got, VOICE) == normalized(reference, REFERENCE)


@pytest.mark.parametrize("point", LEFT_BY_A_KILLED_HOST)
def test_a_create_adopts_what_a_killed_host_left(ice: IceUnderTest, point: str) -> None:
    with client_of(ice) as client:
        LEFT_BY_A_KILLED_HOST[point](client, ice)
    [left] = ice.jobs_of(VOICE)

    with core_session(ice) as core:
        got = core.create(BASIC, basic_props(VOICE))
        assert core.said(f"voice {VOICE}: adopting job {left['JobId']}"), core.lines
        assert_trained_once_like_a_normal_create(core, ice, got)


@pytest.mark.parametrize("action", ["CreateCustomizedVoiceJob", "SubmitCustomizedVoiceJob"])
def test_an_answer_lost_after_ice_acted_is_adopted_not_sent_again(
    ice: IceUnderTest, action: str
) -> None:
    ice.control.faults(reset_after_rate=1.0, actions=[action])
    with core_session(ice) as core:
        got = core.create(BASIC, basic_props(VOICE))
        assert core.said("after AmbiguousResultError"), core.lines
        assert ice.count(action) == 1, "the lost one was not sent again"
        ice.control.faults()
        assert_trained_once_like_a_normal_create(core, ice, got)


def test_a_read_timeout_while_ice_takes_the_submit_trains_once(ice: IceUnderTest) -> None:
    ice.control.faults(latency_ms=1200, actions=["SubmitCustomizedVoiceJob"])
    with core_session(ice, read_timeout=0.4) as core:
        got = core.create(BASIC, basic_props(VOICE))
        assert core.said("after AmbiguousResultError (ReadTimeout)"), core.lines
        ice.control.faults()
        assert_trained_once_like_a_normal_create(core, ice, got)


@pytest.mark.parametrize(
    ("action", "fault"),
    [("CreateCustomizedVoiceJob", "reset_rate"), ("SubmitCustomizedVoiceJob", "server_error_rate")],
)
def test_a_request_ice_never_acted_on_is_sent_a_bounded_number_of_times(
    ice: IceUnderTest, action: str, fault: str
) -> None:
    ice.control.faults(**{fault: 1.0}, actions=[action])
    with core_session(ice) as core:
        with pytest.raises(NoAnswer) as failed:
            core.create(BASIC, basic_props(VOICE))
        assert str(failed.value).startswith(
            f"voice {VOICE}: {action} got no answer from ICE in 5 attempts"
        )
        sent = ice.count(action)
        assert 1 < sent <= 5, "sent again, but not forever"
        ice.control.faults()
        got = core.create(BASIC, basic_props(VOICE))
        assert_trained_once_like_a_normal_create(core, ice, got)


def test_a_voice_id_two_resources_create_at_once_trains_once(ice: IceUnderTest) -> None:
    ice.control.clock(1.0)
    outcomes: list[object] = []
    with core_session(ice) as core:

        def create() -> None:
            try:
                outcomes.append(core.create(BASIC, basic_props(VOICE)))
            except VoiceConflict as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    [conflict] = [o for o in outcomes if isinstance(o, VoiceConflict)]
    assert "is being created by another resource of this stack" in str(conflict)
    assert [j["SubmitCount"] for j in ice.jobs_of(VOICE)] == [1]


def test_a_failed_training_keeps_its_record_and_the_next_create_resubmits_the_same_job(
    ice: IceUnderTest,
) -> None:
    ice.control.faults(fail_voice_ids=[VOICE])
    with core_session(ice) as core:
        with pytest.raises(TrainingFailed) as failed:
            core.create(BASIC, basic_props(VOICE))
        [job] = ice.jobs_of(VOICE)
        kept = failed.value.recorded
        assert kept is not None and kept.resource_id == VOICE
        assert (kept.outputs["job_id"], kept.outputs["status"]) == (job["JobId"], "Fail")

        ice.control.faults()
        got = core.create(BASIC, basic_props(VOICE))
    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        2,
    )
    assert got.outputs["job_id"] == job["JobId"]


def test_a_wait_that_times_out_keeps_its_record_and_the_next_create_waits_for_it(
    ice: IceUnderTest,
) -> None:
    ice.control.clock(120)
    with core_session(ice) as core:
        with pytest.raises(TrainingTimedOut) as timed_out:
            core.create(BASIC, basic_props(VOICE, training_timeout=1))
        kept = timed_out.value.recorded
        assert kept is not None and kept.outputs["training_timeout"] == 1
        ice.control.clock(0.3)
        got = core.create(BASIC, basic_props(VOICE))
    assert [(j["JobId"], j["SubmitCount"]) for j in ice.jobs_of(VOICE)] == [
        (got.outputs["job_id"], 1)
    ]


def test_a_cancelled_wait_ends_at_once_and_keeps_the_job(ice: IceUnderTest) -> None:
    ice.control.clock(600)
    with core_session(ice) as core:
        outcome: list[BaseException] = []

        def create() -> None:
            try:
                core.create(BASIC, basic_props(VOICE))
            except WaitCancelled as exc:
                outcome.append(exc)

        thread = threading.Thread(target=create)
        thread.start()
        _wait(lambda: core.said("waiting for training"))
        core.session.tracker.cancel()
        thread.join(timeout=30)
    [cancelled] = outcome
    assert isinstance(cancelled, WaitCancelled) and cancelled.recorded is not None
    assert cancelled.recorded.outputs["job_id"] == ice.jobs_of(VOICE)[0]["JobId"]


def _wait(condition: Callable[[], bool], timeout: float = 30) -> None:
    done = threading.Event()
    for _ in range(int(timeout * 20)):
        if condition():
            return
        done.wait(0.05)
    raise AssertionError("timed out waiting")
