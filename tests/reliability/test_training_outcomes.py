"""Promise 3: a training that fails or outlasts its timeout is reported and never lost.

Through the real provider host against an emulator of the test's own: ICE's Fail reaches
the user with the job id and ICE's message, and the next `up` resubmits that same job
(no second job; the declared recordings are checked again, since a user told that ICE
blamed them replaces them before that `up`); a training timeout names the job and its
last status, and the next `up` adopts the job that went on training in ICE.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.engine.harness import EngineError, ProviderHost, reveal

from ._support import OUTPUT_KEYS_OF_A_TRAINED_VOICE, engine_for, running_emulator, voice_program

VOICE = "outcome1"
ICE_FAIL_MESSAGE = "the recordings do not meet the voice-cloning quality requirements"


def test_a_failed_training_names_the_job_and_ices_message_and_the_next_up_resubmits_it(
    tmp_path: Path,
) -> None:
    with running_emulator(tmp_path, training_seconds=0.3) as ice, ProviderHost(cwd=tmp_path) as host:
        engine = engine_for(host, ice.url)
        ice.control.faults(fail_voice_ids=[VOICE])

        with pytest.raises(EngineError) as failed:
            engine.up(voice_program([VOICE]))

        [job] = ice.jobs_of(VOICE)
        assert job["Status"] == "Fail"
        error = failed_line(failed.value)
        assert f"training of voice {VOICE} failed (job {job['JobId']})" in error
        assert ICE_FAIL_MESSAGE in error
        assert engine.state == {}, "a failed create records nothing"
        assert re.search(rf"voice {VOICE}: job {job['JobId']} \w+ -> Fail \(.*{ICE_FAIL_MESSAGE}", host.stderr_text())

        ice.control.faults()
        ice.control.reset(counters_only=True)
        result = engine.up(voice_program([VOICE]))

        assert result.ops() == [("create", VOICE)]
        [trained] = ice.jobs_of(VOICE)
        assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (job["JobId"], "Success", 2)
        by_action = ice.control.requests()["by_action"]
        assert by_action["SubmitCustomizedVoiceJob"] == 1
        assert "CreateCustomizedVoiceJob" not in by_action, "the failed job is reused"
        assert by_action["DetectAudioForCustomizedVoiceJob"] == 20, "the declared recordings, again"
        assert f"voice {VOICE}: resubmitting training" in host.stderr_text()
        outputs = reveal(result.stack_outputs)[VOICE]
        assert all(outputs[key] is not None for key in OUTPUT_KEYS_OF_A_TRAINED_VOICE)
        assert outputs["job_id"] == job["JobId"]


def test_a_training_timeout_names_the_job_and_the_next_up_adopts_it(tmp_path: Path) -> None:
    with running_emulator(tmp_path, training_seconds=120) as ice, ProviderHost(cwd=tmp_path) as host:
        engine = engine_for(host, ice.url)

        with pytest.raises(EngineError) as timed_out:
            engine.up(voice_program([VOICE], training_timeout=1.0))

        [job] = ice.jobs_of(VOICE)
        assert job["Status"] in ("AudioDetecting", "PreTraining", "Training")
        line = failed_line(timed_out.value)
        assert re.fullmatch(
            rf"TimeoutError: voice {VOICE}: job {job['JobId']} still "
            r"(submitted|AudioDetecting|PreTraining|Training) after training_timeout=1s\. "
            r"Training goes on in ICE; the next `pulumi up` adopts the job and waits again "
            r"\(raise training_timeout, or set wait_for_training=false\)",
            line,
        ), line
        assert engine.state == {}

        ice.control.clock(0.3)
        ice.control.reset(counters_only=True)
        result = engine.up(voice_program([VOICE]))

        assert result.ops() == [("create", VOICE)]
        [trained] = ice.jobs_of(VOICE)
        assert (trained["JobId"], trained["Status"], trained["SubmitCount"]) == (job["JobId"], "Success", 1)
        assert "SubmitCustomizedVoiceJob" not in ice.control.requests()["by_action"]
        assert f"voice {VOICE}: adopting job {job['JobId']}" in host.stderr_text()
        assert reveal(result.stack_outputs)[VOICE]["job_id"] == job["JobId"]


def failed_line(error: EngineError) -> str:
    """The provider's exception as the host reported it (the last line of its traceback)."""
    assert error.provider_error is not None, error
    return error.provider_error.last_line
