"""Injected faults and request counters (POST /_emulator/faults, GET /_emulator/requests)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from darabonba.exceptions import UnretryableException

from ._raw import RawIce, sign_v3
from ._sdk import create_voice, ice_error

LIST = "ListCustomizedVoiceJobs"


def list_jobs(ice: Client) -> Any:
    return ice.list_customized_voice_jobs(models.ListCustomizedVoiceJobsRequest())


def test_throttle_rate(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(throttle_rate=1.0)
    error = ice_error(lambda: create_voice(ice, "throttled"))
    assert (error.status_code, error.code) == (503, "Throttling")
    fresh_emulator.faults()
    assert fresh_emulator.jobs() == []
    counts = fresh_emulator.requests()
    assert (counts["total"], counts["throttled"], counts["by_action"]) == (
        1,
        1,
        {"CreateCustomizedVoiceJob": 1},
    )


def test_server_error_rate(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(server_error_rate=1.0)
    error = ice_error(lambda: create_voice(ice, "broken"))
    assert (error.status_code, error.code) == (500, "InternalError")
    assert set(error.data) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert fresh_emulator.jobs() == []


def test_reset_rate_drops_the_connection_before_acting(raw: RawIce, fresh_emulator: Any) -> None:
    fresh_emulator.faults(reset_rate=1.0)
    with pytest.raises(httpx.TransportError):
        raw.call("CreateCustomizedVoiceJob", VoiceId="dropped", Gender="male", Scenario="story")
    assert fresh_emulator.jobs() == []
    assert fresh_emulator.requests()["total"] == 1


def test_reset_rate_with_the_official_sdk(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(reset_rate=1.0)
    with pytest.raises(UnretryableException) as info:
        list_jobs(ice)
    # A transport error, not an ICE error reply: the server reset the connection unanswered.
    assert "Connection reset by peer" in str(info.value)


def test_reset_after_rate_acts_then_drops(raw: RawIce, fresh_emulator: Any) -> None:
    fresh_emulator.faults(reset_after_rate=1.0, actions=["CreateCustomizedVoiceJob"])
    with pytest.raises(httpx.TransportError):
        raw.call("CreateCustomizedVoiceJob", VoiceId="ambiguous", Gender="male", Scenario="story")
    # The create took effect although the client never heard: looking it up resolves it.
    reply = raw.call("GetCustomizedVoice", VoiceId="ambiguous")
    assert (
        reply.status_code == 200
        and reply.json()["Data"]["CustomizedVoice"]["VoiceId"] == "ambiguous"
    )


def test_actions_limit_the_faults(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(throttle_rate=1.0, actions=["SubmitCustomizedVoiceJob"])
    assert list_jobs(ice).body.success is True
    fresh_emulator.stage(["limited"])
    request = models.SubmitCustomizedVoiceJobRequest(voice_id="limited")
    assert ice_error(lambda: ice.submit_customized_voice_job(request)).code == "Throttling"


def test_latency_ms_delays_answers(raw: RawIce, fresh_emulator: Any) -> None:
    fresh_emulator.faults(latency_ms=2000, actions=[LIST])
    query, headers = sign_v3(raw.host, LIST, {})
    with pytest.raises(httpx.ReadTimeout):
        raw.http.post(f"{raw.url}/?{query}", headers=headers, timeout=0.25)
    # Other actions and the control API are not delayed.
    assert raw.call("GetCustomizedVoice", VoiceId="nobody").status_code == 404
    assert fresh_emulator.health() == {"status": "ok"}
    assert raw.call(LIST).status_code == 200  # slow, but answered


def test_qps_throttles_with_throttling_user(raw: RawIce, fresh_emulator: Any) -> None:
    fresh_emulator.faults(qps=2)
    outcomes = [raw.call(LIST) for _ in range(12)]
    assert [reply.status_code for reply in outcomes[:2]] == [200, 200]
    throttled = [reply for reply in outcomes if reply.status_code != 200]
    assert throttled, "12 requests in a row never exceeded 2 per second"
    assert {(reply.status_code, reply.json()["Code"]) for reply in throttled} == {
        (400, "Throttling.User")
    }
    assert fresh_emulator.requests()["throttled"] == len(throttled)


def test_reject_records(ice: Client, fresh_emulator: Any) -> None:
    url = "oss://voices/recordings/noisy.wav"
    fresh_emulator.faults(reject_records={url: "Too much background noise."})
    create_voice(ice, "noisy")
    request = models.DetectAudioForCustomizedVoiceJobRequest(
        voice_id="noisy", audio_record_id=3, record_url=url
    )
    data = ice.detect_audio_for_customized_voice_job(request).body.data
    assert (data.pass_, data.reason) == (False, "Too much background noise.")


def test_control_requests_are_never_faulted_nor_counted(
    ice: Client, fresh_emulator: Any, emulator: Any
) -> None:
    fresh_emulator.faults(throttle_rate=1.0, server_error_rate=1.0, reset_rate=1.0, latency_ms=0)
    for _ in range(3):
        assert fresh_emulator.health() == {"status": "ok"}
        fresh_emulator.jobs()
        fresh_emulator.clock(0.5)
    assert httpx.get(f"{emulator.url}/media/demonstrations/story/1.wav").status_code == 200
    assert fresh_emulator.requests() == {
        "total": 0,
        "by_action": {},
        "throttled": 0,
        "max_per_second": 0,
    }


def test_counters_by_action_and_peak_rate(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.stage(["counted"])
    for _ in range(5):
        list_jobs(ice)
    ice.get_customized_voice(models.GetCustomizedVoiceRequest(voice_id="counted"))
    counts = fresh_emulator.requests()
    assert counts["by_action"] == {"GetCustomizedVoice": 1, "ListCustomizedVoiceJobs": 5}
    assert counts["total"] == 6 and counts["throttled"] == 0
    assert 1 <= counts["max_per_second"] <= 6
    fresh_emulator.reset(counters_only=True)
    assert fresh_emulator.requests()["total"] == 0
    assert [job["VoiceId"] for job in fresh_emulator.jobs()] == ["counted"]


def test_seeded_faults_repeat(raw: RawIce, fresh_emulator: Any) -> None:
    def pattern() -> list[int]:
        fresh_emulator.faults(throttle_rate=0.5, server_error_rate=0.2, seed=1234)
        return [raw.call(LIST).status_code for _ in range(24)]

    first = pattern()
    assert set(first) == {200, 500, 503}
    assert pattern() == first


@pytest.mark.parametrize(
    "config",
    [
        {"throttle_rate": 1.5},
        {"reset_rate": -0.1},
        {"latency_ms": "slow"},
        {"qps": 0},
        {"fail_voice_ids": "v1"},
        {"consent_mismatch": [1]},
        {"reject_records": ["oss://a/b.wav"]},
        {"seed": 1.5},
        {"throtle_rate": 0.5},
    ],
)
def test_invalid_fault_configs_are_refused(
    emulator: Any, fresh_emulator: Any, config: dict[str, Any]
) -> None:
    reply = httpx.post(f"{emulator.url}/_emulator/faults", json=config)
    assert reply.status_code == 400
    assert next(iter(config)) in reply.json()["error"]
    assert httpx.get(f"{emulator.url}/_emulator/faults").json()["throttle_rate"] == 0.0


def test_reset_clears_faults(ice: Client, fresh_emulator: Any) -> None:
    fresh_emulator.faults(throttle_rate=1.0)
    fresh_emulator.reset()
    assert list_jobs(ice).body.success is True
