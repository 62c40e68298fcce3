"""A speech synthesized with a trained voice, through the core against the emulator.

Create submits once and waits; an interrupted create (a lost answer, a request ICE never
took, a job a killed host left) finds its job by the resource's marker instead of
synthesizing twice; another stack's job is never adopted; a Failed job is deleted and
submitted again; many speeches share the poller's rounds; refresh keeps a job past ICE's
one-year horizon; destroy forgets, or deletes when asked. tests/cli/test_speech.py proves
the wiring through the real CLI.
"""

from __future__ import annotations

import io
import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_ice_voice._core.errors import NoAnswer
from pulumi_ice_voice._kinds import BASIC, SPEECH
from pulumi_ice_voice._speech.inputs import MARKER_KEY
from pulumi_ice_voice._speech.poller import SpeechPoller
from pulumi_ice_voice._speech.speeches import SpeechFailed
from tests.support.core import Core, basic_props, client_of, core_session
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import REGION

BUCKET = "announcements"
URL = f"https://{BUCKET}.oss-{REGION}.aliyuncs.com"
TEXT = "Welcome aboard. Please fasten your seat belts."


@pytest.fixture
def ice(tmp_path: Path) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path, training_seconds=0.3) as under_test:
        under_test.control.synthesis(0.002)
        yield under_test


def speech(name: str, voice_id: str, *, stack: str = "dev", **overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "text": TEXT,
        "customized_voice": voice_id,
        "output_url": f"{URL}/{name}.wav",
        "autoname_prefix": name,
        "autoname_seed": f"core/project/{stack}/{name}",
    }
    return {**props, **overrides}


def trained(core: Core, voice_id: str = "narrator01") -> str:
    return core.create(BASIC, basic_props(voice_id)).resource_id


def test_a_speech_is_a_playable_file_whose_length_follows_the_text(ice: IceUnderTest) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        short = core.create(SPEECH, speech("short", voice, text="Hello."))
        long = core.create(SPEECH, speech("long", voice, text=TEXT * 4))

    for made in (short, long):
        assert made.outputs["state"] == "Finished"
        assert made.resource_id == made.outputs["job_id"]
    audio = {name: _wav(str(m.outputs["audio_url"])) for name, m in (("s", short), ("l", long))}
    assert audio["l"] > 3 * audio["s"] > 0
    assert long.outputs["duration"] == pytest.approx(audio["l"], rel=0.05)
    [job] = [j for j in ice.control.speeches() if j["JobId"] == short.resource_id]
    assert (job["Voice"], job["CustomizedVoice"], job["Title"]) == ("narrator01", True, "short")


def _wav(url: str) -> float:
    """The seconds of the WAV file at ``url`` (it must parse as one)."""
    body = httpx.get(url, timeout=10).content
    with wave.open(io.BytesIO(body)) as audio:
        return float(audio.getnframes() / audio.getframerate())


def test_an_answer_lost_after_ice_took_the_submit_is_adopted(ice: IceUnderTest) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        ice.control.faults(reset_after_rate=1.0, actions=["SubmitAudioProduceJob"])
        made = core.create(SPEECH, speech("welcome", voice))
        assert core.said("found after AmbiguousResultError"), core.lines
    assert ice.count("SubmitAudioProduceJob") == 1
    assert [j["JobId"] for j in ice.control.speeches()] == [made.resource_id]


def test_a_submit_ice_never_took_is_sent_again_a_bounded_number_of_times(
    ice: IceUnderTest,
) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        ice.control.faults(reset_rate=1.0, actions=["SubmitAudioProduceJob"])
        with pytest.raises(NoAnswer, match="SubmitAudioProduceJob got no answer"):
            core.create(SPEECH, speech("welcome", voice))
        assert ice.control.speeches() == []
        ice.control.faults()
        core.create(SPEECH, speech("welcome", voice))
    assert len(ice.control.speeches()) == 1


def test_a_job_a_killed_host_left_is_adopted_and_another_stacks_never(ice: IceUnderTest) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        props = speech("welcome", voice)
        checked, _ = SPEECH.check({}, props, REGION)
        with client_of(ice) as client:  # the killed host's submit, with the marker
            left = client.submit_audio_produce_job(
                text=TEXT,
                output_bucket=BUCKET,
                output_object="welcome",
                format="WAV",
                customized_voice=voice,
                overwrite=True,
                title="welcome",
                user_data={MARKER_KEY: checked["speech_marker"]},
            )
        ice.control.reset(counters_only=True)
        adopted = core.create(SPEECH, props)
        assert adopted.resource_id == left.job_id
        assert ice.count("SubmitAudioProduceJob") == 0
        prod = core.create(SPEECH, speech("welcome", voice, stack="prod"))
    assert prod.resource_id != left.job_id, "another stack's speech is its own"
    assert len(ice.control.speeches()) == 2


def test_a_failed_speech_keeps_its_record_and_the_next_create_submits_it_anew(
    ice: IceUnderTest,
) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        ice.control.faults(fail_speech=["welcome"])
        with pytest.raises(SpeechFailed) as failed:
            core.create(SPEECH, speech("welcome", voice))
        kept = failed.value.recorded
        assert kept is not None and kept.outputs["state"] == "Failed"
        ice.control.faults()
        made = core.create(SPEECH, speech("welcome", voice))
        assert core.said(f"deleting failed job {kept.resource_id}"), core.lines
    [job] = ice.control.speeches()  # the failed one deleted
    assert (job["JobId"], job["State"]) == (made.resource_id, "Finished")


def test_fifty_speeches_share_one_list_page_a_round(ice: IceUnderTest) -> None:
    ice.control.synthesis(0.05)
    with core_session(ice) as core:
        voice = trained(core)
        made: list[str] = []
        threads = [
            threading.Thread(
                target=lambda n=n: made.append(
                    core.create(SPEECH, speech(f"line{n}", voice, text=f"Line {n}.")).resource_id
                )
            )
            for n in range(50)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        rounds = core.session.service(SpeechPoller).history
    assert len(made) == 50
    polled = [r for r in rounds if r.jobs_in_flight > 3]
    assert polled, "the jobs were followed in shared rounds"
    assert max(r.list_requests for r in polled) <= 1


def test_refresh_reads_the_job_and_keeps_one_past_the_horizon(ice: IceUnderTest) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        props = speech("welcome", voice)
        made = core.create(SPEECH, props)
        outputs = made.outputs
        read = SPEECH.read(core.session, made.resource_id, outputs, outputs, REGION)
        assert read is not None and read.outputs["state"] == "Finished"

        ice.control.advance(400 * 86_400)  # ICE no longer sees the job
        aged = {**outputs, "create_time": "2020-01-01T00:00:00Z"}
        kept = SPEECH.read(core.session, made.resource_id, aged, aged, REGION)
        assert kept is not None and kept.outputs["job_id"] == made.resource_id
        young = SPEECH.read(core.session, made.resource_id, outputs, outputs, REGION)
        assert young is None, "a job younger than the horizon that ICE lost is gone"


def test_destroy_forgets_unless_asked_to_delete(ice: IceUnderTest) -> None:
    with core_session(ice) as core:
        voice = trained(core)
        kept = core.create(SPEECH, speech("kept", voice))
        gone = core.create(SPEECH, speech("gone", voice, delete_job_on_destroy=True))
        SPEECH.forget(core.session, kept.resource_id, kept.outputs)
        SPEECH.forget(core.session, gone.resource_id, gone.outputs)
    assert ice.count("DeleteSmartJob") == 1
    assert [j["JobId"] for j in ice.control.speeches()] == [kept.resource_id]


def test_an_untrained_voice_is_refused_by_ice_naming_the_voice(ice: IceUnderTest) -> None:
    with core_session(ice) as core, pytest.raises(Exception, match="EditingConfig") as refused:
        core.create(SPEECH, speech("welcome", "nosuchvoice01"))
    assert "nosuchvoice01" in str(refused.value)
    assert ice.control.speeches() == []
