"""What only the plugin can do with a create that does not finish, through the real CLI.

The engine records such a voice as a resource with initialization errors (the plugin
answers with ErrorResourceInitFailed: id, properties, reasons), so the stack keeps the job
id and the reason; the next `pulumi up` updates that resource, and the update continues
the voice with the same job: resubmitted after a Fail, waited on after a timeout or a
Ctrl-C. The dynamic provider records nothing in those cases (tests/cli/test_training_outcomes.py).
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from tests.support.cli import PLUGIN_VOICES_PROGRAM, PulumiCli, Stack, interrupt, wait_for
from tests.support.cli_reading import IN_PROGRESS
from tests.support.emulator import IceUnderTest
from tests.support.hosts import plugins_of
from tests.support.plugin import plugin_config
from tests.support.voices import voice

VOICE = "partial1"
TOKEN = "icevoice:index:CustomizedVoice"
ICE_FAIL_MESSAGE = "the recordings do not meet the voice-cloning quality requirements"


def _stack(cli: PulumiCli, ice: IceUnderTest, sdk: Path, tmp_path: Path, **over: Any) -> Stack:
    stack = cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([voice(VOICE, VOICE, **over)])
    return stack


def _recorded(stack: Stack) -> dict[str, Any]:
    [resource] = stack.resources(TOKEN)
    return resource


def test_a_failed_training_stays_in_state_with_its_job_and_reason_and_the_next_up_finishes_it(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    stack = _stack(cli, ice, plugin_sdk, tmp_path)
    ice.control.faults(fail_voice_ids=[VOICE])

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [job] = ice.jobs_of(VOICE)
    assert job["Status"] == "Fail"
    recorded = _recorded(stack)
    assert recorded["id"] == VOICE
    assert recorded["outputs"]["jobId"] == job["JobId"]
    assert recorded["outputs"]["status"] == "Fail"
    assert ICE_FAIL_MESSAGE in recorded["outputs"]["message"]
    [reason] = recorded["initErrors"]
    assert reason.startswith(f"training of voice {VOICE} failed (job {job['JobId']}): "), reason
    assert ICE_FAIL_MESSAGE in failed.output

    ice.control.faults()
    ice.control.reset(counters_only=True)
    up = stack.up()

    assert "updated" in up.stdout, up.stdout
    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        2,
    ), "the same job, resubmitted: no second job"
    by_action = ice.control.requests()["by_action"]
    assert by_action["SubmitCustomizedVoiceJob"] == 1
    assert "CreateCustomizedVoiceJob" not in by_action
    assert "initErrors" not in _recorded(stack)
    outputs = stack.outputs()[VOICE]
    assert (outputs["status"], outputs["job_id"]) == ("Success", job["JobId"])
    assert outputs["demo_audio_url"].endswith(".wav")


def test_custom_timeouts_create_bounds_the_wait_and_the_next_up_waits_for_the_same_job(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    ice.control.clock(120)  # training takes two minutes
    stack = _stack(cli, ice, plugin_sdk, tmp_path, custom_timeouts={"create": "2s"})

    timed_out = stack.up(check=False)

    assert timed_out.returncode != 0
    [job] = ice.jobs_of(VOICE)
    assert job["Status"] in IN_PROGRESS
    recorded = _recorded(stack)
    assert recorded["outputs"]["jobId"] == job["JobId"]
    assert recorded["outputs"]["status"] in IN_PROGRESS
    assert recorded["outputs"]["trainingTimeout"] == 10800, "the declared timeout is kept"
    [reason] = recorded["initErrors"]
    assert f"job {job['JobId']} still" in reason and "after training_timeout=2s" in reason, reason

    ice.control.clock(0.3)
    ice.control.reset(counters_only=True)
    stack.up()

    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        1,
    )
    assert "SubmitCustomizedVoiceJob" not in ice.control.requests()["by_action"]
    assert stack.outputs()[VOICE]["status"] == "Success"


def test_ctrl_c_while_a_voice_trains_records_its_job_and_the_next_up_adopts_it(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    ice.control.clock(600)
    stack = _stack(cli, ice, plugin_sdk, tmp_path)

    running = stack.popen("up", "--yes", "--skip-preview")
    wait_for(
        lambda: any(j["Status"] in IN_PROGRESS for j in ice.jobs_of(VOICE)), "training started"
    )
    interrupt(running, signal.SIGINT)
    running.wait(timeout=120)

    output = stack.started_output()
    assert running.returncode != 0, output
    assert "^C received; cancelling" in output, output
    [job] = ice.jobs_of(VOICE)
    recorded = _recorded(stack)
    assert recorded["outputs"]["jobId"] == job["JobId"], output
    [reason] = recorded["initErrors"]
    assert "was cancelled" in reason, reason
    assert stack.pending_operations() == [], "nothing for the user to clear"

    ice.control.clock(0.3)
    stack.up()

    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        1,
    )
    assert stack.outputs()[VOICE]["status"] == "Success"


def test_sigkill_of_the_cli_while_a_voice_trains_leaves_no_plugin_running_and_up_adopts(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    ice.control.clock(600)
    stack = _stack(cli, ice, plugin_sdk, tmp_path)
    running = stack.popen("up", "--yes", "--skip-preview")
    wait_for(
        lambda: any(j["Status"] in IN_PROGRESS for j in ice.jobs_of(VOICE)), "training started"
    )
    assert plugins_of(stack), "the plugin is running"

    interrupt(running, signal.SIGKILL)  # the CLI alone: its plugins run in groups of their own
    running.wait(timeout=60)
    wait_for(lambda: not plugins_of(stack), "the plugin ends without its engine", timeout=30)

    ice.control.clock(0.3)
    stack.run("cancel", "--yes")  # the killed CLI's lock
    stack.up()
    [job] = ice.jobs_of(VOICE)
    assert (job["Status"], job["SubmitCount"]) == ("Success", 1)
