"""A Standard or CosyVoice voice is never submitted twice for one resource, and never adopts
a voice another stack or anyone else made: through the real CLI, for each edition.

ICE assigns these voices' ids, and a Standard submit answers only a job id, so a create
interrupted after its submit reached ICE cannot find its job by voice id. It finds it by
name: the name in ICE is the declared voice_name, `-` and 8 characters digested from the
stack, the resource and the training inputs, the same on every run of the same resource
and no other's. Each test here is one of the Basic edition's interruption tests
(tests/cli/test_host_interruptions.py), run for both editions.
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
from tests.support.editions import cosy_voice, jobs_named, register_audio, standard_voice
from tests.support.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, IceUnderTest
from tests.support.hosts import hosts_of, session_processes
from tests.support.outcomes import raised
from tests.support.voices import ice_config

Entry = Callable[..., dict[str, Any]]
EDITIONS = pytest.mark.parametrize(
    ("entry", "submit"),
    [
        (standard_voice, "SubmitStandardCustomizedVoiceJob"),
        (cosy_voice, "SubmitCosyVoiceCustomizedVoiceJob"),
    ],
    ids=["standard", "cosy"],
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
def test_an_answer_lost_after_the_submit_reached_ice_is_adopted(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, entry: Entry, submit: str
) -> None:
    stack = _stack(cli, ice, tmp_path)
    stack.set_voices([entry(ice, "anchor")])
    ice.control.faults(reset_after_rate=1.0, actions=[submit])

    up = stack.up()

    assert ice.count(submit) == 1, "the lost one was not sent again"
    [job] = jobs_named(ice, "Anchor")
    assert f"job {job['JobId']} found after AmbiguousResultError" in up.output, up.output
    assert stack.outputs()["anchor"]["job_id"] == job["JobId"]


@EDITIONS
def test_a_submit_lost_before_ice_acted_is_sent_again_and_trains_once(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, entry: Entry, submit: str
) -> None:
    stack = _stack(cli, ice, tmp_path)
    stack.set_voices([entry(ice, "anchor")])
    ice.control.faults(reset_rate=1.0, actions=[submit])

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [message] = raised(failed.output, "NoAnswer")
    assert f"{submit} got no answer from ICE in 5 attempts" in message, message
    assert jobs_named(ice, "Anchor") == []
    ice.control.faults()
    stack.up()
    assert len(jobs_named(ice, "Anchor")) == 1


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


def test_a_failed_standard_training_is_deleted_and_submitted_again_by_the_next_up(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = _stack(cli, ice, tmp_path)
    voice = standard_voice(ice, "anchor")
    stack.set_voices([voice])
    ice.control.faults(consent_mismatch=[voice["authentication"]])

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [error] = raised(failed.output, "TrainingFailed")
    [failed_job] = jobs_named(ice, "Anchor")
    assert failed_job["Status"] == "Fail" and "consent" in error.lower(), error

    ice.control.faults()
    up = stack.up()

    [job] = jobs_named(ice, "Anchor")
    assert job["JobId"] != failed_job["JobId"] and job["Status"] == "Success"
    assert f"deleting failed job {failed_job['JobId']}" in up.output, up.output


def test_the_31st_cosy_voice_fails_before_submitting_and_leaves_no_job(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    audio = register_audio(ice, "quota/sample", 30)
    with _client(ice) as client:
        for n in range(30):
            client.submit_cosy_voice_customized_voice_job(
                voice_name=f"Other{n}", gender="female", audios=[audio], model="cosyvoice-v3-flash"
            )
    stack = _stack(cli, ice, tmp_path)
    stack.set_voices([cosy_voice(ice, "host")])
    ice.control.reset(counters_only=True)

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [error] = raised(failed.output, "QuotaReached")
    assert "already has 30 CosyVoice voices in cn-shanghai" in error, error
    assert "at most 30 per account and region" in error
    assert ice.count("SubmitCosyVoiceCustomizedVoiceJob") == 0
    assert jobs_named(ice, "Host") == []


def test_standard_audio_outside_the_rules_is_refused_before_anything_is_submitted(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = _stack(cli, ice, tmp_path)
    short = [register_audio(ice, f"short/take{n}", 200) for n in range(3)]  # 10 minutes
    stack.set_voices([standard_voice(ice, "anchor", audios=short)])

    failed = stack.up(check=False)

    assert failed.returncode != 0
    [error] = raised(failed.output, "AudioNotUsable")
    assert error.startswith("audios: 10.0 minutes of audio in all"), error
    assert ice.count("SubmitStandardCustomizedVoiceJob") == 0
