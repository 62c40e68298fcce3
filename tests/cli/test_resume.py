"""An autonamed voice whose `pulumi up` loses its provider host while the voice trains.

The CLI records nothing for a create whose host died (tests/cli/test_host_interruptions.py
has what it says and leaves at each point of a create), so the next up checks the voice
afresh, in a new host, with no old inputs to keep an id from. The autoname is a digest of
the declaration, not a random draw: the new host names the voice as the dead one did,
finds the job still training, and waits for it, without creating, detecting or submitting
anything again.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from tests.support.cli import PulumiCli, wait_for
from tests.support.cli_reading import IN_PROGRESS, autonamed, provider_lines
from tests.support.emulator import IceUnderTest
from tests.support.hosts import hosts_of
from tests.support.voices import ice_config


def waiting_for_training(ice: IceUnderTest, printed: str) -> bool:
    """ICE trains the voice's one job and the provider said it waits for it."""
    jobs = ice.control.jobs()
    return (
        len(jobs) == 1
        and jobs[0]["Status"] in IN_PROGRESS
        and f"job {jobs[0]['JobId']} submitted, waiting for training" in printed
    )


def test_a_create_whose_host_died_in_training_is_resumed_under_the_same_autoname_and_waited_for(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.clock(3600)  # trains until the test lets it finish
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([autonamed("narrator")])
    first = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: waiting_for_training(ice, stack.started_output()), "the voice is training")
    [host] = hosts_of(stack)
    os.kill(host, signal.SIGKILL)
    assert first.wait(timeout=120) != 0
    assert stack.resources() == [], "nothing recorded: the next up has no old inputs"
    [job] = ice.control.jobs()
    ice.control.reset(counters_only=True)

    second = stack.popen("up", "--yes", "--skip-preview")
    adopting = re.compile(rf"voice {job['VoiceId']}: adopting job {job['JobId']} \((\w+)\)")
    try:
        wait_for(lambda: adopting.search(stack.started_output()), "the next up adopts the job")
        ice.control.clock(0.3)  # let the adopted job finish training
        assert second.wait(timeout=120) == 0, stack.started_output()
    finally:
        if second.poll() is None:  # the test failed first: end the up it started
            second.kill()
            second.wait()

    lines = provider_lines(stack.started_output())
    [adopted] = [m.group(1) for m in map(adopting.fullmatch, lines) if m]
    assert adopted in IN_PROGRESS, "adopted while it trains"
    assert f"voice {job['VoiceId']}: job {job['JobId']} {adopted} -> Success" in lines
    out = stack.outputs()["narrator"]
    assert (out["voice_id"], out["job_id"], out["status"]) == (
        job["VoiceId"],
        job["JobId"],
        "Success",
    )
    [trained] = ice.control.jobs()
    assert (trained["JobId"], trained["SubmitCount"], trained["Status"]) == (
        job["JobId"],
        1,
        "Success",
    )
    by_action = ice.control.requests()["by_action"]
    assert not {
        "CreateCustomizedVoiceJob",
        "DetectAudioForCustomizedVoiceJob",
        "SubmitCustomizedVoiceJob",
    } & set(by_action), by_action
