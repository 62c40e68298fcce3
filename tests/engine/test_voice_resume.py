"""A `pulumi up` whose provider host dies while the voice trains, then the next `pulumi up`.

The engine records nothing for a create that never answered, so the second up creates
the voice again from scratch as far as the engine knows. The provider must find the job
the first host submitted and wait for it: one job per voice id, trained once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest

from ice_emulator import EmulatorServer
from tests.conftest import EmulatorControl
from tests.engine.harness import EngineError, OperationResult, ProviderHost
from tests.engine.test_voice_support import engine_for, jobs_of, one_voice, outputs_of

TRAINING = ("AudioDetecting", "PreTraining", "Training")
IN_PROGRESS = f"({'|'.join(TRAINING)})"


def in_background(
    operation: Callable[[], OperationResult],
    results: list[OperationResult],
    errors: list[BaseException],
) -> threading.Thread:
    def run() -> None:
        try:
            results.append(operation())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def host(tmp_path: Path) -> Iterator[ProviderHost]:
    with ProviderHost(cwd=tmp_path) as running:
        yield running


def test_an_up_killed_during_training_is_resumed_by_the_next_up_without_a_second_job(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    fresh_emulator.clock(60)  # training outlasts the first host whatever the machine's pace
    engine = engine_for(host, emulator)
    program = one_voice()
    failures: list[BaseException] = []
    worker = in_background(lambda: engine.up(program), [], failures)
    line = host.wait_for_stderr(rf"job \S+ \w+ -> {IN_PROGRESS}$")
    host.kill()
    worker.join()

    [failure] = failures
    assert isinstance(failure, EngineError) and failure.provider_error is not None
    assert failure.provider_error.code == grpc.StatusCode.UNAVAILABLE
    assert engine.state == {}, "a create that never answered records nothing"
    [job] = fresh_emulator.jobs()
    assert job["JobId"] in line and job["Status"] in TRAINING and job["SubmitCount"] == 1
    fresh_emulator.reset(counters_only=True)

    second = host.respawn()
    engine.host = second
    results: list[OperationResult] = []
    errors: list[BaseException] = []
    resumed = in_background(lambda: engine.up(program), results, errors)
    try:
        adopted = second.wait_for_stderr(rf"adopting job {job['JobId']} \({IN_PROGRESS}\)")
        fresh_emulator.clock(0.3)  # let the adopted job finish training
        resumed.join()
    finally:
        second.close()  # ends a second up still waiting when the test failed first
        resumed.join()

    assert errors == []
    assert job["VoiceId"] in adopted
    [result] = results
    assert result.ops() == [("create", "narrator")]
    out = outputs_of(result.stack_outputs)
    assert (out["voice_id"], out["job_id"], out["status"]) == (job["VoiceId"], job["JobId"], "Success")
    [trained] = jobs_of(fresh_emulator, job["VoiceId"])
    assert (trained["JobId"], trained["SubmitCount"], trained["Status"]) == (job["JobId"], 1, "Success")
    assert fresh_emulator.jobs() == [trained]
    by_action = fresh_emulator.requests()["by_action"]
    assert not {
        "CreateCustomizedVoiceJob", "DetectAudioForCustomizedVoiceJob", "SubmitCustomizedVoiceJob",
    } & set(by_action)
    adopted_status = adopted.rstrip().rsplit("(", 1)[1].rstrip(")")
    assert f"job {job['JobId']} {adopted_status} -> Success" in second.stderr_text()
