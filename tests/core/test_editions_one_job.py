"""One job per Standard or CosyVoice voice, and never another's: the core against the emulator.

ICE assigns these voices' ids, and a Standard submit answers only a job id, so a create
interrupted after its submit reached ICE finds its job by the name only its resource gives
a voice (`ice_voice_name`). tests/cli/test_edition_identity.py proves the wiring through the
real CLI, once per behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_ice_voice._core.errors import AudioNotUsable, NoAnswer, QuotaReached, TrainingFailed
from pulumi_ice_voice._core.kinds import ResourceKind
from pulumi_ice_voice._kinds import COSY_VOICE, STANDARD
from tests.support.core import client_of, core_session, props_of
from tests.support.editions import cosy_voice, jobs_named, register_audio, standard_voice
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import REGION

Entry = Callable[..., dict[str, Any]]
EDITIONS = pytest.mark.parametrize(
    ("kind", "entry", "submit"),
    [
        (STANDARD, standard_voice, "SubmitStandardCustomizedVoiceJob"),
        (COSY_VOICE, cosy_voice, "SubmitCosyVoiceCustomizedVoiceJob"),
    ],
    ids=["standard", "cosy"],
)


@pytest.fixture
def ice(tmp_path: Path) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path, training_seconds=0.3) as under_test:
        yield under_test


def _ice_name(kind: ResourceKind, props: dict[str, Any]) -> str:
    checked, failures = kind.check({}, props, REGION)
    assert not failures
    return str(checked["ice_voice_name"])


def _submit_outside(ice: IceUnderTest, voice_name: str, props: dict[str, Any]) -> None:
    """Submit the voice as someone else (a killed host, a person) would."""
    with client_of(ice) as client:
        if "audios" in props:
            client.submit_standard_customized_voice_job(
                voice_name=voice_name,
                gender=props["gender"],
                audios=props["audios"],
                authentication=props["authentication"],
            )
        else:
            client.submit_cosy_voice_customized_voice_job(
                voice_name=voice_name,
                gender=props["gender"],
                audios=[props["audio"]],
                model=props["model"],
            )


@EDITIONS
def test_a_submit_that_reached_ice_before_the_host_died_is_adopted(
    ice: IceUnderTest, kind: ResourceKind, entry: Entry, submit: str
) -> None:
    props = props_of(entry(ice, "anchor"))
    _submit_outside(ice, _ice_name(kind, props), props)
    [left] = jobs_named(ice, "Anchor")
    ice.control.reset(counters_only=True)

    with core_session(ice) as core:
        got = core.create(kind, props)
        assert core.said(f"adopting job {left['JobId']}"), core.lines

    assert ice.count(submit) == 0, "nothing submitted again"
    [job] = jobs_named(ice, "Anchor")
    assert (got.outputs["job_id"], got.outputs["status"]) == (left["JobId"], "Success")
    assert got.resource_id == job["VoiceId"]


@EDITIONS
def test_an_answer_lost_after_the_submit_reached_ice_is_adopted(
    ice: IceUnderTest, kind: ResourceKind, entry: Entry, submit: str
) -> None:
    props = props_of(entry(ice, "anchor"))
    ice.control.faults(reset_after_rate=1.0, actions=[submit])
    with core_session(ice) as core:
        got = core.create(kind, props)
        [job] = jobs_named(ice, "Anchor")
        assert core.said(f"job {job['JobId']} found after AmbiguousResultError"), core.lines
    assert ice.count(submit) == 1, "the lost one was not sent again"
    assert got.outputs["job_id"] == job["JobId"]


@EDITIONS
def test_a_submit_ice_never_took_is_sent_again_and_trains_once(
    ice: IceUnderTest, kind: ResourceKind, entry: Entry, submit: str
) -> None:
    props = props_of(entry(ice, "anchor"))
    ice.control.faults(reset_rate=1.0, actions=[submit])
    with core_session(ice) as core:
        with pytest.raises(NoAnswer, match=f"{submit} got no answer from ICE in 5 attempts"):
            core.create(kind, props)
        assert jobs_named(ice, "Anchor") == []
        ice.control.faults()
        core.create(kind, props)
    assert [j["Status"] for j in jobs_named(ice, "Anchor")] == ["Success"]


@EDITIONS
def test_two_stacks_train_a_voice_each_and_never_adopt_another_voice_of_the_same_name(
    ice: IceUnderTest, kind: ResourceKind, entry: Entry, submit: str
) -> None:
    voice = entry(ice, "anchor")
    _submit_outside(ice, "Anchor", props_of(voice))  # trained outside Pulumi, named as declared
    with core_session(ice) as core:
        dev = core.create(kind, props_of(voice, stack="dev"))
        prod = core.create(kind, props_of(voice, stack="prod"))
    assert dev.outputs["ice_voice_name"] != prod.outputs["ice_voice_name"]
    assert dev.outputs["job_id"] != prod.outputs["job_id"]
    assert len(jobs_named(ice, "Anchor")) == 2, "one job each; the outside one adopted by none"
    assert "Anchor" in {job["VoiceName"] for job in ice.control.jobs()}


def test_a_failed_standard_training_is_deleted_and_submitted_again(ice: IceUnderTest) -> None:
    voice = standard_voice(ice, "anchor")
    ice.control.faults(consent_mismatch=[voice["authentication"]])
    with core_session(ice) as core:
        with pytest.raises(TrainingFailed, match=r"(?i)consent") as failed:
            core.create(STANDARD, props_of(voice))
        [failed_job] = jobs_named(ice, "Anchor")
        assert failed.value.recorded is not None
        assert failed.value.recorded.outputs["job_id"] == failed_job["JobId"]
        ice.control.faults()
        got = core.create(STANDARD, props_of(voice))
        assert core.said(f"deleting failed job {failed_job['JobId']}"), core.lines
    [job] = jobs_named(ice, "Anchor")
    assert job["JobId"] != failed_job["JobId"] and job["Status"] == "Success"
    assert got.outputs["job_id"] == job["JobId"]


def test_the_31st_cosy_voice_fails_before_submitting_and_leaves_no_job(ice: IceUnderTest) -> None:
    audio = register_audio(ice, "quota/sample", 30)
    with client_of(ice) as client:
        for n in range(30):
            client.submit_cosy_voice_customized_voice_job(
                voice_name=f"Other{n}", gender="female", audios=[audio], model="cosyvoice-v3-flash"
            )
    voice = cosy_voice(ice, "host")
    ice.control.reset(counters_only=True)
    with core_session(ice) as core, pytest.raises(QuotaReached) as refused:
        core.create(COSY_VOICE, props_of(voice))
    assert "already has 30 CosyVoice voices in cn-shanghai" in str(refused.value)
    assert ice.count("SubmitCosyVoiceCustomizedVoiceJob") == 0
    assert jobs_named(ice, "Host") == []


@pytest.mark.parametrize(
    ("seconds", "reason"),
    [
        ((200, 200, 200), "audios: 10.0 minutes of audio in all"),
        ((700, 700, 50), "audios: each Standard training audio must be longer than 60 s"),
        ((700, 700, 700), "audios: 35.0 minutes of audio in all"),
    ],
)
def test_standard_audio_outside_the_rules_is_refused_before_anything_is_submitted(
    ice: IceUnderTest, seconds: tuple[int, ...], reason: str
) -> None:
    takes = [register_audio(ice, f"takes/{n}", s) for n, s in enumerate(seconds)]
    voice = standard_voice(ice, "anchor", audios=takes)
    with core_session(ice) as core, pytest.raises(AudioNotUsable) as refused:
        core.create(STANDARD, props_of(voice))
    assert str(refused.value).startswith(reason), refused.value
    assert ice.count("SubmitStandardCustomizedVoiceJob") == 0


def test_media_ice_does_not_have_is_refused_naming_the_input(ice: IceUnderTest) -> None:
    voice = cosy_voice(ice, "host", audio="nosuchmedia01")
    with core_session(ice) as core, pytest.raises(AudioNotUsable) as refused:
        core.create(COSY_VOICE, props_of(voice))
    assert str(refused.value).startswith("audio: ICE has no media nosuchmedia01")
