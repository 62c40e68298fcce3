"""A Standard or CosyVoice voice is never submitted twice for one resource, and never adopts
a voice another stack or anyone else made: through the real CLI, for each edition.

ICE assigns these voices' ids, and a Standard submit answers only a job id, so a create
interrupted after its submit reached ICE cannot find its job by voice id. It finds it by
name: the name in ICE is the declared voice_name, `-` and 8 characters digested from the
stack, the resource and the training inputs, the same on every run of the same resource
and no other's. Here the real CLI proves the wiring (a killed host, two stacks of one
project); tests/core/test_editions_one_job.py holds every rule for both editions in-process:
lost answers, a submit ICE never took, a failed Standard training, the CosyVoice quota,
audio outside ICE's rules.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from icevoice import IceClient
from tests.support.cli import PulumiCli, Stack, wait_for
from tests.support.editions import jobs_named, standard_voice
from tests.support.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, IceUnderTest
from tests.support.hosts import hosts_of, session_processes
from tests.support.voices import ice_config

Entry = Callable[..., dict[str, Any]]
EDITIONS = pytest.mark.parametrize(
    ("entry", "submit"),
    [(standard_voice, "SubmitStandardCustomizedVoiceJob")],
    ids=["standard"],
)
HELD = 3600.0  # a training time no create waits out
# Keeps the host where it is until it is killed: ICE answers the read that follows the
# submit with a 5xx, which the client retries with backoff for up to two minutes.
HOLD = {"server_error_rate": 1.0, "actions": ["GetCustomizedVoiceJob"]}


def _stack(cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, name: str = "dev") -> Stack:
    return cli.stack(tmp_path / f"project-{name}", name=name, config=ice_config(ice.url))


def _client(ice: IceUnderTest) -> IceClient:
    return IceClient(
        endpoint=ice.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
    )


@EDITIONS
def test_a_host_killed_right_after_the_submit_reached_ice_leaves_one_job_the_next_up_adopts(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, entry: Entry, submit: str
) -> None:
    stack = _stack(cli, ice, tmp_path)
    stack.set_voices([entry(ice, "anchor")])
    ice.control.clock(HELD)
    ice.control.faults(**HOLD)

    process = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: ice.count(submit) == 1 and jobs_named(ice, "Anchor"), "the submit reached ICE")
    [host] = hosts_of(stack)
    assert host in session_processes(process.pid)
    os.kill(host, signal.SIGKILL)
    assert process.wait(timeout=120) != 0
    assert stack.resources("CustomizedVoice") == [], "the dynamic provider records nothing"
    [job] = jobs_named(ice, "Anchor")

    ice.control.faults()
    ice.control.clock(0.5)
    ice.control.reset(counters_only=True)
    up = stack.up()

    assert [j["JobId"] for j in jobs_named(ice, "Anchor")] == [job["JobId"]], "one job"
    assert ice.count(submit) == 0, "nothing submitted again"
    assert f"adopting job {job['JobId']}" in up.output, up.output
    out = stack.outputs()["anchor"]
    assert (out["status"], out["job_id"], out["voice_id"]) == (
        "Success",
        job["JobId"],
        job["VoiceId"],
    )


@EDITIONS
def test_two_stacks_train_a_voice_each_and_never_adopt_another_voice_of_the_same_name(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, entry: Entry, submit: str
) -> None:
    voice = entry(ice, "anchor")
    with _client(ice) as client:  # a voice trained outside Pulumi, named as declared
        if "audios" in voice:
            client.submit_standard_customized_voice_job(
                voice_name="Anchor",
                gender=voice["gender"],
                audios=voice["audios"],
                authentication=voice["authentication"],
            )
        else:
            client.submit_cosy_voice_customized_voice_job(
                voice_name="Anchor",
                gender=voice["gender"],
                audios=[voice["audio"]],
                model=voice["model"],
            )
    dev, prod = _stack(cli, ice, tmp_path, "dev"), _stack(cli, ice, tmp_path, "prod")
    for stack in (dev, prod):
        stack.set_voices([voice])
        stack.up()

    names = {stack.name: stack.outputs()["anchor"]["ice_voice_name"] for stack in (dev, prod)}
    assert names["dev"] != names["prod"], "each stack names its voice its own way"
    assert len(jobs_named(ice, "Anchor")) == 2, "one job each; the outside one adopted by none"
    assert {j["VoiceName"] for j in ice.control.jobs()} >= {"Anchor", *names.values()}
    assert dev.outputs()["anchor"]["job_id"] != prod.outputs()["anchor"]["job_id"]
