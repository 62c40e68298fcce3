"""`PULUMI_SKIP_CHECKPOINTS=true` is safe for our voices: the whole CLI session SIGKILLed
mid-`up`, then `pulumi cancel` and `up`, and every voice has exactly one job.

With checkpoints skipped the CLI writes the state once, at the end of the command, instead
of after every step; a crash loses every step of the run. Our creates make that safe: each
looks for its job before submitting one, by what only this resource gives a voice (a Basic
voice's id; a Standard or CosyVoice voice's name in ICE, digested from the stack, the
resource and its training inputs), so the next `up` adopts what the killed one submitted or
finished. The session is killed while some voices are created (the engine has their
answers, the state does not), some train and some are not submitted yet, in both front
doors and every edition, with speeches of some of the voices. What is not safe is shown
too: a voice id made from a RandomString, whose result is lost with the state and drawn anew
(the README's rule).

The default tier runs ten voices of each edition; `make slow` runs 50 Basic, 50 Standard and
30 CosyVoice (the whole quota of an account and region: 50 CosyVoice voices cannot exist in
one) at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack, wait_for
from tests.support.cli_reading import IN_PROGRESS
from tests.support.editions import cosy_voice, jobs_named, standard_voice
from tests.support.emulator import IceUnderTest
from tests.support.hosts import kill_session
from tests.support.plugin import plugin_config
from tests.support.voices import REGION, ice_config, voice

SKIP = {"PULUMI_SKIP_CHECKPOINTS": "true"}
CREATED = re.compile(r"^\s*\+\s+\S+\s+(\S+)\s+created\b", re.MULTILINE)
"""A line of the CLI's non-interactive output for a resource it created."""
SPEECHES = f"https://announcements.oss-{REGION}.aliyuncs.com"
SIZES = [
    pytest.param(
        {"basic": 10, "standard": 10, "cosy": 10, "speech": 5, "parallel": 12}, id="ten-each"
    ),
    pytest.param(
        {"basic": 50, "standard": 50, "cosy": 30, "speech": 10, "parallel": 40},
        id="fifty-each",
        marks=pytest.mark.slow,
    ),
]


def fleet(ice: IceUnderTest, sizes: dict[str, int], door: str) -> list[dict[str, Any]]:
    """The voices of every edition: Basic `b000`.., Standard `s000`.., CosyVoice `c000`..,
    and a Speech `t000`.. with each of the first Basic voices."""
    entries = [voice(f"b{n:03d}") for n in range(sizes["basic"])]
    entries += [standard_voice(ice, f"s{n:03d}") for n in range(sizes["standard"])]
    entries += [cosy_voice(ice, f"c{n:03d}") for n in range(sizes["cosy"])]
    for n in range(sizes["speech"]):
        speech: dict[str, Any] = {
            "name": f"t{n:03d}",
            "edition": "speech",
            "text": f"Announcement number {n}.",
            "output_url": f"{SPEECHES}/t{n:03d}.wav",
        }
        if door == "plugin":
            speech["outputs_of"] = {"customized_voice": f"b{n:03d}.voice_id"}
        else:
            speech["computed"] = {"customized_voice": f"output:b{n:03d}.voice_id"}
        entries.append(speech)
    return entries


def a_stack(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, door: str, sdk: Path | None
) -> Stack:
    if door == "plugin":
        assert sdk is not None
        stack = cli.stack(
            tmp_path / "project",
            program=PLUGIN_VOICES_PROGRAM,
            pythonpath=(sdk,),
            config=plugin_config(ice.url),
        )
    else:
        stack = cli.stack(tmp_path / "project", program=VOICES_PROGRAM, config=ice_config(ice.url))
    stack.extra_env.update(SKIP)
    return stack


def created(stack: Stack) -> set[str]:
    return set(CREATED.findall(stack.started_output()))


def training_jobs(ice: IceUnderTest) -> list[dict[str, Any]]:
    return [job for job in ice.control.jobs() if job["Status"] in IN_PROGRESS]


@pytest.mark.parametrize("sizes", SIZES)
@pytest.mark.parametrize("door", ["dynamic", "plugin"])
def test_the_session_killed_with_checkpoints_skipped_then_cancel_and_up_train_each_voice_once(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    door: str,
    sizes: dict[str, int],
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if door == "plugin" else None
    stack = a_stack(cli, ice, tmp_path, door, sdk)
    entries = fleet(ice, sizes, door)
    stack.set_voices(entries)
    voices = [entry for entry in entries if entry.get("edition") != "speech"]
    speeches = [entry for entry in entries if entry.get("edition") == "speech"]
    total, parallel = len(voices), sizes["parallel"]

    # The first voices train in a second; once some are created, training stops ending;
    # their speeches take minutes.
    ice.control.clock(1.0)
    ice.control.synthesis(10.0)
    process = stack.popen("up", "--yes", "--skip-preview", "--parallel", str(parallel))
    try:
        wait_for(lambda: len(created(stack)) >= parallel // 2, "some voices are created")
        ice.control.clock(3600)
        wait_for(lambda: training_jobs(ice), "some voices are training")
    finally:
        kill_session(process.pid)  # also when a wait fails: nothing outlives the test
    process.wait(timeout=60)

    done, training, submitted = created(stack), training_jobs(ice), ice.control.jobs()
    assert 0 < len(done) < total and training, "killed with voices created and training"
    assert len(submitted) < total, "and some voices not submitted yet"
    assert stack.resources("CustomizedVoice") == [], "nothing of the killed run is in the state"

    ice.control.clock(0.5)
    ice.control.synthesis(0.01)
    stack.run("cancel", "--yes")
    stack.up("--parallel", str(parallel))

    jobs = ice.control.jobs()
    assert len(jobs) == total, "one job per voice"
    made = ice.control.speeches()
    assert len(made) == len(speeches), "one speech job per speech"
    basic = ice.jobs_by_voice()
    for entry in voices:
        if entry.get("edition") is None:
            [job] = basic[entry["voice_id"]]
            assert job["SubmitCount"] == 1, entry["name"]
        else:
            assert len(jobs_named(ice, entry["voice_name"])) == 1, entry["name"]
    outputs = stack.outputs()
    assert {outputs[s["name"]]["job_id"] for s in speeches} == {job["JobId"] for job in made}
    assert {outputs[s["name"]]["state"] for s in speeches} == {"Finished"}
    states = {entry["name"]: outputs[entry["name"]] for entry in voices}
    assert {name: out["status"] for name, out in states.items()} == dict.fromkeys(states, "Success")
    assert {out["job_id"] for out in states.values()} == {job["JobId"] for job in jobs}
    assert len(stack.resources("CustomizedVoice")) == total, "the state holds every voice"
    assert len(stack.resources("Speech")) == len(speeches), "and every speech"
    ice.control.reset(counters_only=True)
    noop = stack.up("--parallel", str(parallel))
    assert "unchanged" in noop.output and ice.total_but_quota_counts() == 0


def random_suffixed(count: int) -> list[dict[str, Any]]:
    """Voices whose id is `rnd` and a pulumi-random RandomString's six characters."""
    entries = [voice(f"r{n}", computed={"voice_id": "random:rnd"}) for n in range(count)]
    for entry in entries:
        del entry["voice_id"]
    return entries


@pytest.mark.parametrize("skip", [True, False], ids=["checkpoints-skipped", "checkpoints-kept"])
def test_a_voice_id_from_a_random_suffix_survives_a_kill_only_with_checkpoints_kept(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, skip: bool
) -> None:
    """The exception to the rule: with checkpoints skipped the RandomString's result is lost
    with the rest of the state, the next `up` draws another suffix, and each voice trains a
    second time under another id; the first voices are trained, billed and in no state.
    With checkpoints kept the RandomString is in the state before the voice's create starts,
    and the next `up` adopts the job."""
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    if skip:
        stack.extra_env.update(SKIP)
    stack.set_voices(random_suffixed(3))

    ice.control.clock(3600)
    process = stack.popen("up", "--yes", "--skip-preview")
    try:
        wait_for(lambda: len(training_jobs(ice)) == 3, "the three voices are training")
        first = {job["VoiceId"] for job in ice.control.jobs()}
    finally:
        kill_session(process.pid)
    process.wait(timeout=60)

    ice.control.clock(0.5)
    stack.run("cancel", "--yes")
    stack.up()

    ids = {out["voice_id"] for out in stack.outputs().values()}
    jobs = ice.jobs_by_voice()
    assert all(len(jobs[voice_id]) == 1 for voice_id in jobs), "never twice under one id"
    if skip:
        assert len(jobs) == 6 and ids.isdisjoint(first), "three more voices, under new ids"
        orphans = first - ids
        assert {jobs[v][0]["Status"] for v in orphans} == {"Success"}, "trained, in no state"
    else:
        assert len(jobs) == 3 and ids == first, "the same three voices, adopted"
