"""Ctrl-C and SIGKILL of `pulumi up` while a voice trains, then `pulumi up` again.

Whatever the interruption, the voice has exactly one job, submitted once, and the next
`up` (after what the CLI asks for, if anything) ends with the outputs of a normal create.
What the CLI says at each point is asserted, so that the README's troubleshooting stays
true: see "Ctrl-C during `pulumi up`" there.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from tests.support.cli import PulumiCli, Stack, interrupt, wait_for
from tests.support.cli_reading import IN_PROGRESS
from tests.support.emulator import IceUnderTest
from tests.support.hosts import hosts_of, kill_session
from tests.support.voices import ice_config, voice

VOICE = "interrupted1"


def training(ice: IceUnderTest) -> bool:
    jobs = ice.jobs_of(VOICE)
    return bool(jobs) and jobs[0]["Status"] in IN_PROGRESS


def start_training(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> tuple[Stack, subprocess.Popen[str]]:
    ice.control.clock(3600)  # trains until the test lets it finish
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", VOICE)])
    process = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: training(ice), "the voice is training")
    return stack, process


def assert_trained_once(stack: Stack, ice: IceUnderTest) -> None:
    [job] = ice.jobs_of(VOICE)
    assert (job["Status"], job["SubmitCount"]) == ("Success", 1)
    outputs = stack.outputs()["narrator"]
    assert (outputs["job_id"], outputs["status"]) == (job["JobId"], "Success")
    assert outputs["demo_audio_url"].endswith(".wav")


def test_ctrl_c_twice_during_training_then_up_again_adopts_the_job(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack, process = start_training(cli, ice, tmp_path)

    interrupt(process, signal.SIGINT)  # the first Ctrl-C: the CLI waits for steps in flight
    wait_for(
        lambda: "^C received; cancelling" in stack.started_output(), "the CLI says it is cancelling"
    )
    assert "press ^C again" in stack.started_output()
    interrupt(process, signal.SIGINT)  # the second: stop now
    assert process.wait(timeout=60) != 0
    assert "error: update cancelled" in stack.started_output(), stack.started_output()

    pending = stack.pending_operations()
    assert [(op["type"], op["resource"]["urn"].split("::")[-1]) for op in pending] == [
        ("creating", "narrator")
    ]

    ice.control.clock(0.5)
    up = stack.up()
    assert "Attempting to deploy or update resources with 1 pending operations" in up.output, (
        up.output
    )
    assert "narrator, interrupted while creating" in up.output
    assert "voice interrupted1: adopting job" in up.output
    assert_trained_once(stack, ice)
    # The record of the interrupted create outlives the create that finished it, and every
    # later up warns again, until a refresh clears it.
    assert len(stack.pending_operations()) == 1
    stack.refresh("--clear-pending-creates")
    assert stack.pending_operations() == []
    assert "pending operations" not in stack.up().output
    assert_trained_once(stack, ice)


def test_sigkill_of_the_cli_during_training_leaves_a_lock_then_cancel_and_up_adopt_the_job(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack, process = start_training(cli, ice, tmp_path)

    interrupt(process, signal.SIGKILL)  # the CLI alone: plugins run in groups of their own
    process.wait(timeout=60)
    wait_for(lambda: not hosts_of(stack), "the provider host ends without its engine", timeout=30)

    ice.control.clock(0.5)
    locked = stack.up(check=False)
    assert locked.returncode != 0
    assert "the stack is currently locked by 1 lock(s)" in locked.output, locked.output
    assert "pulumi cancel" in locked.output

    stack.run("cancel", "--yes")
    up = stack.up()
    assert "voice interrupted1: adopting job" in up.output, up.output
    assert_trained_once(stack, ice)


def test_sigkill_of_every_process_during_training_then_cancel_and_up_adopt_the_job(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    """The machine or container dies: the CLI, the language host, the program and the
    provider host all at once."""
    stack, process = start_training(cli, ice, tmp_path)

    kill_session(process.pid)
    process.wait(timeout=60)

    ice.control.clock(0.5)
    stack.run("cancel", "--yes")
    stack.up()
    assert_trained_once(stack, ice)
