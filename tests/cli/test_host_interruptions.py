"""Promise 2: an interrupted create never loses its job nor trains the voice twice, through
the real CLI: the wiring, once per behaviour. tests/core/test_one_job.py holds the rule at
every kill point and for every lost answer, in-process.

The provider host (`python -u -m pulumi.dynamic`, started by the CLI through its
`pulumi-resource-pulumi-python` script) is SIGKILLed under a running `pulumi up` (a crash,
an OOM kill) at each point of a create. The CLI fails the update and records nothing for
the voice, not even a pending operation, so the next `pulumi up` creates it again, in a
fresh host, with the same inputs. It must adopt what the first host left in ICE: exactly
one job for the voice, submitted once, and the same outputs as a voice created in the same
`up` without interruption. The same holds when ICE's answer to a create or a submit is
lost (read timeout, dropped connection, 5xx).

Each kill point is reached by watching the emulator (its request counters, the job's
status) and the CLI's output; 5xx answers to the action that comes next (which the client
retries for minutes), slow answers, or a training time no create waits out keep the host at
that point until it is killed.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import PulumiCli, Stack, wait_for
from tests.support.emulator import IceUnderTest
from tests.support.hosts import hosts_of, session_processes
from tests.support.outcomes import OUTPUT_KEYS_OF_A_TRAINED_VOICE, created, raised
from tests.support.voices import ice_config, voice

VOICE = "interrupted1"
REFERENCE = "uninterrupted1"
TRAINING_SECONDS = 0.5
# Keeps the host at a kill point until it is killed: ICE answers the next action with a
# 5xx, which the client retries with backoff for up to two minutes. (A latency would hold
# it too, but the emulator then waits for the held answers when it shuts down.)
HOLD = {"server_error_rate": 1.0}
HELD = 3600.0  # a training time no create waits out: the job stays where it is


def the_job(ice: IceUnderTest) -> dict[str, Any] | None:
    jobs = ice.jobs_of(VOICE)
    return jobs[0] if jobs else None


def status(ice: IceUnderTest) -> str | None:
    job = the_job(ice)
    return str(job["Status"]) if job else None


# -- the kill points: what is set before `up` starts, how the host is brought there, and
# -- what the job shows once the host is dead ---------------------------------------------


def hold_training_and_its_status(ice: IceUnderTest) -> None:
    ice.control.clock(HELD)
    # One voice's status is read with GetCustomizedVoiceJob (the lookup before the create
    # lists jobs instead, and is answered): the host never learns the submitted job's status.
    ice.control.faults(**HOLD, actions=["GetCustomizedVoiceJob"])


def job_submitted(ice: IceUnderTest, stack: Stack) -> None:
    wait_for(lambda: status(ice) not in (None, "Initialization"), "the job is submitted")


@dataclass(frozen=True)
class KillPoint:
    name: str
    prepare: Callable[[IceUnderTest], None]
    reach: Callable[[IceUnderTest, Stack], None]
    left: Callable[[dict[str, Any], str], bool]
    """Whether the job, and what the CLI printed, show the create stopped at the point."""


KILL_POINTS = [
    KillPoint(
        "right after SubmitCustomizedVoiceJob",
        hold_training_and_its_status,
        job_submitted,
        lambda job, printed: (
            (job["Status"], job["SubmitCount"]) == ("AudioDetecting", 1)
            and "-> AudioDetecting" not in printed
        ),
    ),
]


@pytest.mark.parametrize("point", KILL_POINTS, ids=lambda p: p.name.replace(" ", "-"))
def test_a_host_killed_during_create_leaves_a_job_the_next_up_adopts(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, point: KillPoint
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(VOICE, VOICE)])
    point.prepare(ice)
    process = stack.popen("up", "--yes", "--skip-preview")
    point.reach(ice, stack)

    [host] = hosts_of(stack)
    assert host in session_processes(process.pid), "the host of the running `pulumi up`"
    os.kill(host, signal.SIGKILL)
    assert process.wait(timeout=120) != 0
    printed = stack.started_output()
    job = the_job(ice)
    assert job is not None and point.left(job, printed), (job, printed)

    # What the CLI says: the create failed on the lost connection, so did the update.
    assert f"{VOICE} **creating failed** error: error reading from server: EOF" in printed, printed
    assert "error: update failed" in printed
    assert "Killed" in printed, "the plugin's shell script reports its child's signal"
    assert stack.resources() == [], "a failed create records nothing"
    assert stack.pending_operations() == [], "nor a pending operation: the CLI saw it fail"
    assert len(ice.jobs_of(VOICE)) == 1, "the killed host had created the job"

    ice.control.faults()
    ice.control.clock(TRAINING_SECONDS)
    stack.set_voices([voice(VOICE, VOICE), voice(REFERENCE, REFERENCE)])
    up = stack.up()

    assert created(up.stdout) == {VOICE, REFERENCE}, up.stdout
    assert f"voice {VOICE}: adopting job {job['JobId']}" in up.output, up.output
    assert_trained_once_like_a_normal_create(ice, stack)


@pytest.mark.parametrize("action", ["SubmitCustomizedVoiceJob"])
def test_an_answer_lost_after_ice_acted_is_adopted(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, action: str
) -> None:
    """The connection drops after ICE created the job (or started training)."""
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(VOICE, VOICE)])
    ice.control.faults(reset_after_rate=1.0, actions=[action])

    first = stack.up()
    assert created(first.stdout) == {VOICE}
    assert re.search(
        rf"voice {VOICE}: job \w+ (found|is \w+) after AmbiguousResultError", first.output
    ), first.output
    ice.control.faults()
    stack.set_voices([voice(VOICE, VOICE), voice(REFERENCE, REFERENCE)])
    stack.up()

    assert ice.count(action) == 2, "one for each voice: the lost one was not sent again"
    assert_trained_once_like_a_normal_create(ice, stack)


@pytest.mark.parametrize(
    ("action", "fault"),
    [("CreateCustomizedVoiceJob", "reset_rate")],
)
def test_a_request_lost_before_ice_acted_is_sent_again_a_bounded_number_of_times(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, action: str, fault: str
) -> None:
    """ICE never acts (every attempt dropped, or a 5xx): the provider sends it again, gives
    up after a few tries with the job (if any) left for the next up, which trains it once."""
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(VOICE, VOICE)])
    ice.control.faults(**{fault: 1.0}, actions=[action])

    failed = stack.up(check=False)
    assert failed.returncode != 0
    [message] = raised(failed.output, "NoAnswer")
    assert message.startswith(f"voice {VOICE}: {action} got no answer from ICE in 5 attempts"), (
        message
    )
    assert "it did not take effect. Run `pulumi up` again" in message
    assert f"{VOICE} **creating failed**" in failed.stdout
    assert stack.resources() == []
    sent = ice.count(action)
    ice.control.faults()
    stack.set_voices([voice(VOICE, VOICE), voice(REFERENCE, REFERENCE)])
    stack.up()

    assert 1 < sent <= 5, "sent again, but not forever"
    assert_trained_once_like_a_normal_create(ice, stack)


# -- what a create leaves ---------------------------------------------------------------


def normalized(outputs: dict[str, Any], voice_id: str, job_id: str) -> dict[str, Any]:
    """Outputs with what differs between two voices (ids, times, media ids) abstracted."""
    ids = {
        job_id: "<job id>",
        voice_id: "<voice id>",
        outputs.get("demo_audio_media_id"): "<media id>",
    }
    result: dict[str, Any] = {}
    for key, value in outputs.items():
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


def assert_trained_once_like_a_normal_create(ice: IceUnderTest, stack: Stack) -> None:
    jobs = ice.jobs_by_voice()
    assert sorted(jobs) == sorted([VOICE, REFERENCE]), jobs
    assert [(j["Status"], j["SubmitCount"]) for j in jobs[VOICE]] == [("Success", 1)], jobs[VOICE]
    assert [(j["Status"], j["SubmitCount"]) for j in jobs[REFERENCE]] == [("Success", 1)]
    state = {r["urn"].rsplit("::", 1)[-1]: r["outputs"] for r in stack.resources()}
    assert sorted(state) == sorted([VOICE, REFERENCE])
    assert all(state[VOICE].get(key) is not None for key in OUTPUT_KEYS_OF_A_TRAINED_VOICE), state[
        VOICE
    ]
    assert state[VOICE]["job_id"] == jobs[VOICE][0]["JobId"]
    assert normalized(state[VOICE], VOICE, jobs[VOICE][0]["JobId"]) == normalized(
        state[REFERENCE], REFERENCE, jobs[REFERENCE][0]["JobId"]
    )
    exported = stack.outputs()
    assert exported[VOICE]["status"] == exported[REFERENCE]["status"] == "Success"
    assert exported[VOICE]["job_id"] == jobs[VOICE][0]["JobId"]
