"""A Speech through the real CLI, from both front doors: the wiring of what tests/core holds.

A voice and a speech spoken with it (its `customized_voice` is the voice's output): up to a
finished job whose audio is a playable WAV, a no-op up with zero ICE requests, a changed text
replacing it (the new speech made before the old is forgotten), refresh, destroy. Then the
interruptions, once each: the dynamic provider's host SIGKILLed right after the submit
reached ICE, and an answer lost after ICE took the submit (the plugin): one job each.
"""

from __future__ import annotations

import io
import os
import signal
import wave
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack, wait_for
from tests.support.emulator import IceUnderTest
from tests.support.hosts import hosts_of, session_processes
from tests.support.plugin import plugin_config
from tests.support.voices import REGION, ice_config, voice

URL = f"https://announcements.oss-{REGION}.aliyuncs.com"
TEXT = "Welcome aboard. Please fasten your seat belts."


def _stack(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, front_door: str, sdk: Path | None
) -> Stack:
    if front_door == "plugin":
        assert sdk is not None
        return cli.stack(
            tmp_path / "project",
            program=PLUGIN_VOICES_PROGRAM,
            pythonpath=(sdk,),
            config=plugin_config(ice.url),
        )
    return cli.stack(tmp_path / "project", program=VOICES_PROGRAM, config=ice_config(ice.url))


def _declared(front_door: str, text: str = TEXT) -> list[dict[str, Any]]:
    """The narrator and a speech of its voice."""
    speech: dict[str, Any] = {
        "name": "welcome",
        "edition": "speech",
        "text": text,
        "output_url": f"{URL}/welcome.wav",
    }
    if front_door == "plugin":
        speech["outputs_of"] = {"customized_voice": "narrator.voice_id"}
    else:
        speech["computed"] = {"customized_voice": "output:narrator.voice_id"}
    return [voice("narrator", "narrator01"), speech]


def _seconds_of_wav(url: str) -> float:
    body = httpx.get(url, timeout=10).content
    with wave.open(io.BytesIO(body)) as audio:
        return float(audio.getnframes() / audio.getframerate())


@pytest.mark.parametrize("front_door", ["dynamic", "plugin"])
def test_a_speech_through_up_noop_replacement_refresh_and_destroy(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    front_door: str,
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if front_door == "plugin" else None
    stack = _stack(cli, ice, tmp_path, front_door, sdk)
    stack.set_voices(_declared(front_door))

    stack.up()
    made = stack.outputs()["welcome"]
    assert (made["state"], made["customized_voice"]) == ("Finished", "narrator01")
    seconds = _seconds_of_wav(made["audio_url"])
    assert seconds > 1 and made["duration"] == pytest.approx(seconds, rel=0.05)
    [job] = ice.control.speeches()
    assert job["JobId"] == made["job_id"]

    before = ice.total_requests()
    again = stack.up()
    assert ice.total_requests() == before, "a no-op up calls no ICE API"
    assert "unchanged" in again.stdout and "replace" not in again.stdout

    stack.set_voices(_declared(front_door, text=TEXT + " We wish you a pleasant flight."))
    replaced = stack.up()
    assert "replaced" in replaced.stdout, replaced.stdout
    now = stack.outputs()["welcome"]
    assert now["job_id"] != made["job_id"] and now["state"] == "Finished"
    assert _seconds_of_wav(now["audio_url"]) > seconds

    stack.refresh()
    assert stack.outputs()["welcome"]["job_id"] == now["job_id"]
    stack.destroy()
    assert stack.outputs() == {}
    assert len(ice.control.speeches()) == 2, "destroy forgets the jobs; the audio stays"


def test_a_host_killed_right_after_the_submit_reached_ice_leaves_one_job_the_next_up_adopts(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = _stack(cli, ice, tmp_path, "dynamic", None)
    stack.set_voices(_declared("dynamic"))
    stack.up()  # the voice trained, the speech made
    ice.control.synthesis(60.0)  # a speech that takes 45 minutes: the host waits on it
    stack.set_voices(_declared("dynamic", text=TEXT + " Thank you."))

    process = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: len(ice.control.speeches()) == 2, "the new submit reached ICE")
    [host] = hosts_of(stack)
    assert host in session_processes(process.pid)
    os.kill(host, signal.SIGKILL)
    assert process.wait(timeout=120) != 0
    [new, _] = ice.control.speeches()  # newest first

    ice.control.synthesis(0.002)
    ice.control.reset(counters_only=True)
    up = stack.up()

    assert ice.count("SubmitAudioProduceJob") == 0, "nothing synthesized twice"
    assert f"adopting job {new['JobId']}" in up.output, up.output
    assert stack.outputs()["welcome"]["job_id"] == new["JobId"]


def test_an_answer_lost_after_ice_took_the_submit_is_adopted(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, plugin_sdk: Path
) -> None:
    stack = _stack(cli, ice, tmp_path, "plugin", plugin_sdk)
    stack.set_voices(_declared("plugin"))
    ice.control.faults(reset_after_rate=1.0, actions=["SubmitAudioProduceJob"])

    up = stack.up()

    assert ice.count("SubmitAudioProduceJob") == 1, "the lost one was not sent again"
    [job] = ice.control.speeches()
    assert f"job {job['JobId']} found after AmbiguousResultError" in up.output, up.output
    assert stack.outputs()["welcome"]["job_id"] == job["JobId"]
