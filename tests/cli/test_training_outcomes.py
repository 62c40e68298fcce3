"""Promise 3: a training that fails or outlasts its timeout is reported and never lost.

Through the real CLI against an emulator of the test's own: ICE's Fail reaches the user with
the job id and ICE's message, and the next `pulumi up` resubmits that same job (no second
job; the declared recordings are checked again, since a user told that ICE blamed them
replaces them before that `up`); a training timeout names the job and its last status, and
the next `pulumi up` adopts the job that went on training in ICE. Either way the failed
`up` records nothing for the voice, not even a pending operation.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import PulumiCli
from tests.support.cli_reading import IN_PROGRESS
from tests.support.emulator import IceUnderTest
from tests.support.outcomes import OUTPUT_KEYS_OF_A_TRAINED_VOICE, created, raised
from tests.support.voices import ice_config, voice

VOICE = "outcome1"
ICE_FAIL_MESSAGE = "the recordings do not meet the voice-cloning quality requirements"


def test_a_failed_training_names_the_job_and_ices_message_and_the_next_up_resubmits_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(VOICE, VOICE)])
    ice.control.faults(fail_voice_ids=[VOICE])

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [job] = ice.jobs_of(VOICE)
    assert job["Status"] == "Fail"
    [error] = raised(failed.output, "TrainingFailed")
    assert error.startswith(f"training of voice {VOICE} failed (job {job['JobId']}): "), error
    assert ICE_FAIL_MESSAGE in error
    assert f"{VOICE} **creating failed**" in failed.stdout
    assert stack.resources() == [], "a failed create records nothing"
    assert stack.pending_operations() == []
    assert re.search(
        rf"voice {VOICE}: job {job['JobId']} \w+ -> Fail \(.*{ICE_FAIL_MESSAGE}", failed.output
    )

    ice.control.faults()
    ice.control.reset(counters_only=True)
    up = stack.up()

    assert created(up.stdout) == {VOICE}, up.stdout
    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        2,
    )
    by_action = ice.control.requests()["by_action"]
    assert by_action["SubmitCustomizedVoiceJob"] == 1
    assert "CreateCustomizedVoiceJob" not in by_action, "the failed job is reused"
    assert by_action["DetectAudioForCustomizedVoiceJob"] == 20, "the declared recordings, again"
    assert f"voice {VOICE}: resubmitting training" in up.output
    outputs = stack.outputs()[VOICE]
    assert all(outputs[key] is not None for key in OUTPUT_KEYS_OF_A_TRAINED_VOICE), outputs
    assert outputs["job_id"] == job["JobId"]


def test_a_training_timeout_names_the_job_and_the_next_up_adopts_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.clock(120)
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(VOICE, VOICE, training_timeout=1.0)])

    timed_out = stack.up(check=False)

    assert timed_out.returncode != 0
    [job] = ice.jobs_of(VOICE)
    assert job["Status"] in IN_PROGRESS
    [line] = raised(timed_out.output, "TrainingTimedOut")
    assert re.fullmatch(
        rf"voice {VOICE}: job {job['JobId']} still "
        r"(submitted|AudioDetecting|PreTraining|Training) after training_timeout=1s\. "
        r"Training goes on in ICE; the next `pulumi up` adopts the job and waits again "
        r"\(raise training_timeout, or set wait_for_training=false\)",
        line,
    ), line
    assert stack.resources() == []
    assert stack.pending_operations() == []

    ice.control.clock(0.3)
    ice.control.reset(counters_only=True)
    up = stack.up()

    assert created(up.stdout) == {VOICE}, up.stdout
    [trained] = ice.jobs_of(VOICE)
    assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (
        job["JobId"],
        "Success",
        1,
    )
    assert "SubmitCustomizedVoiceJob" not in ice.control.requests()["by_action"]
    assert f"voice {VOICE}: adopting job {job['JobId']}" in up.output
    assert stack.outputs()[VOICE]["job_id"] == job["JobId"]
