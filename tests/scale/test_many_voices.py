"""Many voices in one `pulumi up`, through the real provider host (issue 5's promises).

Each test runs `ice-emulator` as a process of its own and plays `pulumi up --parallel N`
of N voices whose audio is staged (create submits and waits) through a fresh
``python -m pulumi.dynamic``. What they check is counted, never timed:

- every voice trains, once;
- all N creates wait inside the host at the same time (the tracker follows all N jobs in
  one round: the host's four workers were widened);
- a round that follows all of them costs at most 2 status requests;
- under an ICE quota, no second of requests the emulator receives holds more than it.

The wall-clock figures (N voices against one) are bench/bench_scale.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.harness import Engine, ProviderHost, reveal

from ._emulator import EmulatorProcess
from ._probe import Round, TrackerProbe
from ._programs import staged_voices

ACCESS_KEY = {"ice:accessKeyId": "ice-emulator-access-key", "ice:accessKeySecret": "ice-emulator-secret"}
# Long enough that every submit of the burst lands before the first job ends.
TRAINING_SECONDS = 4.0


@pytest.fixture
def ice() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(TRAINING_SECONDS) as emulator:
        yield emulator


def up(ice: EmulatorProcess, tmp_path: Path, ids: list[str], **config: str) -> tuple[Engine, list[Round]]:
    """Stage the voices, run one up of all of them at --parallel N; return it and the rounds."""
    ice.stage(ids)
    ice.reset(counters_only=True)
    probe = TrackerProbe()
    try:
        with ProviderHost(**probe.host_options(cwd=tmp_path, call_timeout=300)) as host:
            engine = Engine(
                host,
                config={"ice:region": "cn-shanghai", "ice:endpoint": ice.url, **ACCESS_KEY, **config},
                secret_keys=["ice:accessKeySecret"],
                parallel=len(ids),
            )
            engine.up(staged_voices(ids))
        return engine, probe.rounds()
    finally:
        probe.close()


def assert_each_trained_once(ice: EmulatorProcess, engine: Engine, ids: list[str]) -> None:
    statuses = {reveal(s.outputs)["voice_id"]: reveal(s.outputs)["status"] for s in engine.state.values()}
    assert statuses == dict.fromkeys(ids, "Success")
    jobs = ice.jobs()
    assert sorted(job["VoiceId"] for job in jobs) == sorted(ids), "one job per voice"
    assert {job["SubmitCount"] for job in jobs} == {1}, "each submitted once"


def test_a_hundred_voices_wait_together_and_a_round_costs_at_most_two_status_requests(
    ice: EmulatorProcess, tmp_path: Path
) -> None:
    ids = [f"many{n:03d}" for n in range(100)]

    engine, rounds = up(ice, tmp_path, ids)

    assert_each_trained_once(ice, engine, ids)
    full = [r for r in rounds if r.jobs_in_flight == 100]
    assert full, f"no round followed all 100 jobs at once: {[r.jobs_in_flight for r in rounds]}"
    assert max(r.requests for r in full) <= 2, full
    by_action = ice.requests()["by_action"]
    assert "GetCustomizedVoiceJob" not in by_action, "more than a few jobs: read as list pages"
    assert by_action["ListCustomizedVoiceJobs"] <= sum(r.requests for r in rounds)


def test_forty_voices_under_a_quota_of_twenty_a_second_never_exceed_it(
    ice: EmulatorProcess, tmp_path: Path
) -> None:
    ids = [f"quota{n:03d}" for n in range(40)]
    ice.faults(qps=20)

    engine, _ = up(ice, tmp_path, ids, **{"ice:maxRequestsPerSecond": "20"})

    assert_each_trained_once(ice, engine, ids)
    requests = ice.requests()
    assert requests["max_per_second"] <= 20, requests
    assert requests["by_action"]["SubmitCustomizedVoiceJob"] == 40, "no submit had to be repeated"
