"""Promise 2: an interrupted create never loses its job nor trains the voice twice.

The provider host is SIGKILLed (a crash, an OOM kill, a CI runner going away) at each
point of a create; the engine records nothing for a failed create, so the next `up`
creates again, in a fresh host, with the same inputs. It must adopt what the first
host left in ICE: exactly one job for the voice, submitted once, and the same outputs
as a create that was never interrupted. The same holds when ICE's answer to a create or
a submit is lost (read timeout, dropped connection, 5xx).

Each kill point is reached by watching the emulator's request counters (or the job's
status), with latency on the action that comes next so the host is caught there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import Engine, EngineError, ProviderHost, reveal

from ._support import (
    OUTPUT_KEYS_OF_A_TRAINED_VOICE,
    IceUnderTest,
    engine_for,
    running_emulator,
    voice_program,
    wait_until,
)

VOICE = "interrupted1"
REFERENCE = "uninterrupted1"
TRAINING_SECONDS = 0.3
HOLD_MS = 1500  # latency that keeps the host at a kill point until it is killed


@dataclass(frozen=True)
class KillPoint:
    name: str
    reached: Callable[[IceUnderTest, ProviderHost], bool]
    hold: dict[str, Any] = field(default_factory=dict)
    training_seconds: float = TRAINING_SECONDS


def _job_status(ice: IceUnderTest) -> str | None:
    jobs = ice.jobs_of(VOICE)
    return str(jobs[0]["Status"]) if jobs else None


KILL_POINTS = [
    KillPoint(
        "after CreateCustomizedVoiceJob",
        lambda ice, host: ice.count("CreateCustomizedVoiceJob") >= 1 and _job_status(ice) is not None,
        hold={"latency_ms": HOLD_MS, "actions": ["DetectAudioForCustomizedVoiceJob"]},
    ),
    KillPoint(
        "after some audio detections",
        lambda ice, host: ice.count("DetectAudioForCustomizedVoiceJob") >= 5,
        hold={"latency_ms": 50, "actions": ["DetectAudioForCustomizedVoiceJob"]},
    ),
    KillPoint(
        "right after SubmitCustomizedVoiceJob",
        lambda ice, host: _job_status(ice) not in (None, "Initialization"),
        hold={
            "latency_ms": HOLD_MS,
            "actions": ["GetCustomizedVoiceJob", "ListCustomizedVoiceJobs"],
        },
        training_seconds=30.0,
    ),
    KillPoint(
        "during Training",
        lambda ice, host: _job_status(ice) == "Training" and "-> Training" in host.stderr_text(),
        training_seconds=3.0,
    ),
]


def _up_in_background(engine: Engine, program: Callable[[], None]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def up() -> None:
        try:
            engine.up(program)
        except BaseException as exc:  # inspected by the test
            errors.append(exc)

    thread = threading.Thread(target=up, name="interrupted-up", daemon=True)
    thread.start()
    return thread, errors


def normalized(outputs: dict[str, Any], voice_id: str, job_id: str) -> dict[str, Any]:
    """Outputs with what differs between two voices (ids, times, media ids) abstracted."""
    plain = reveal(outputs)
    ids = {job_id: "<job id>", voice_id: "<voice id>", plain.get("demo_audio_media_id"): "<media id>"}
    result: dict[str, Any] = {}
    for key, value in plain.items():
        if key == "__provider":
            continue
        if key == "create_time" and value:
            value = "<present>"
        elif isinstance(value, str):
            for real, placeholder in ids.items():
                value = value.replace(real, placeholder) if real else value
        elif key == "recordings":
            value = [url.replace(voice_id, "<voice id>") for url in value]
        result[key] = value
    return result


def assert_trained_once_like_a_normal_create(ice: IceUnderTest, engine: Engine) -> None:
    jobs = ice.jobs_by_voice()
    assert [(j["Status"], j["SubmitCount"]) for j in jobs[VOICE]] == [("Success", 1)], jobs[VOICE]
    assert [(j["Status"], j["SubmitCount"]) for j in jobs[REFERENCE]] == [("Success", 1)]
    outputs = {voice_id: engine.state[_urn(engine, voice_id)].outputs for voice_id in (VOICE, REFERENCE)}
    assert all(outputs[VOICE].get(key) is not None for key in OUTPUT_KEYS_OF_A_TRAINED_VOICE)
    assert normalized(outputs[VOICE], VOICE, jobs[VOICE][0]["JobId"]) == normalized(
        outputs[REFERENCE], REFERENCE, jobs[REFERENCE][0]["JobId"]
    )


def _urn(engine: Engine, name: str) -> str:
    (urn,) = [urn for urn in engine.state if urn.endswith(f"::{name}")]
    return urn


@pytest.mark.parametrize("point", KILL_POINTS, ids=lambda p: p.name.replace(" ", "-"))
def test_a_host_killed_during_create_leaves_a_job_the_next_create_adopts(
    tmp_path: Path, point: KillPoint
) -> None:
    with running_emulator(tmp_path, training_seconds=point.training_seconds) as ice:
        host = ProviderHost(cwd=tmp_path, call_timeout=120)
        fresh: ProviderHost | None = None
        try:
            engine = engine_for(host, ice.url)
            ice.control.faults(**point.hold)
            thread, errors = _up_in_background(engine, voice_program([VOICE]))
            wait_until(lambda: point.reached(ice, host), point.name)
            host.kill()
            thread.join(timeout=60)

            assert not thread.is_alive()
            assert errors and isinstance(errors[0], EngineError), errors
            assert engine.state == {}, "a failed create records nothing"
            assert len(ice.jobs_of(VOICE)) == 1, "the killed host had created the job"

            ice.control.faults()
            ice.control.clock(TRAINING_SECONDS)
            fresh = engine.host = host.respawn()
            result = engine.up(voice_program([VOICE, REFERENCE]))

            assert sorted(result.ops()) == [("create", VOICE), ("create", REFERENCE)]
            assert_trained_once_like_a_normal_create(ice, engine)
            assert f"voice {VOICE}: adopting job" in fresh.stderr_text()
        finally:
            host.kill()
            if fresh is not None:
                fresh.close()


def test_a_read_timeout_after_submit_reached_ice_trains_once(tmp_path: Path) -> None:
    """The submit is slower than the client's read timeout: the client gives up while ICE
    is still taking the job. The provider must find the job training, never submit twice."""
    with running_emulator(tmp_path, training_seconds=TRAINING_SECONDS) as ice, ProviderHost(
        cwd=tmp_path, call_timeout=120
    ) as host:
        engine = engine_for(host, ice.url, **{"ice:readTimeout": "0.4"})
        ice.control.faults(latency_ms=1200, actions=["SubmitCustomizedVoiceJob"])

        engine.up(voice_program([VOICE, REFERENCE]))

        assert ice.count("SubmitCustomizedVoiceJob") > 2, "the client did time out"
        assert_trained_once_like_a_normal_create(ice, engine)
        assert "after AmbiguousResultError (ReadTimeout)" in host.stderr_text(), host.stderr_text()


@pytest.mark.parametrize("action", ["CreateCustomizedVoiceJob", "SubmitCustomizedVoiceJob"])
def test_an_answer_lost_after_ice_acted_is_adopted(tmp_path: Path, action: str) -> None:
    """The connection drops after ICE created the job (or started training)."""
    with running_emulator(tmp_path, training_seconds=TRAINING_SECONDS) as ice, ProviderHost(
        cwd=tmp_path, call_timeout=120
    ) as host:
        engine = engine_for(host, ice.url)
        ice.control.faults(reset_after_rate=1.0, actions=[action])

        engine.up(voice_program([VOICE]))
        ice.control.faults()
        engine.up(voice_program([VOICE, REFERENCE]))

        assert ice.count(action) == 2, "one for each voice: the lost one was not sent again"
        assert_trained_once_like_a_normal_create(ice, engine)


@pytest.mark.parametrize(
    ("action", "fault"),
    [("CreateCustomizedVoiceJob", "reset_rate"), ("SubmitCustomizedVoiceJob", "server_error_rate")],
)
def test_a_request_lost_before_ice_acted_is_sent_again_a_bounded_number_of_times(
    tmp_path: Path, action: str, fault: str
) -> None:
    """ICE never acts (every attempt dropped, or a 5xx): the provider sends it again, gives
    up after a few tries with the job (if any) left for the next up, which trains it once."""
    with running_emulator(tmp_path, training_seconds=TRAINING_SECONDS) as ice, ProviderHost(
        cwd=tmp_path, call_timeout=120
    ) as host:
        engine = engine_for(host, ice.url)
        ice.control.faults(**{fault: 1.0}, actions=[action])

        with pytest.raises(EngineError, match=f"AmbiguousResultError: {action}"):
            engine.up(voice_program([VOICE]))
        sent = ice.count(action)
        ice.control.faults()
        engine.up(voice_program([VOICE, REFERENCE]))

        assert 1 < sent <= 5, "sent again, but not forever"
        assert_trained_once_like_a_normal_create(ice, engine)
