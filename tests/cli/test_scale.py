"""Many voices in one `pulumi up` through the real CLI: counted, never timed.

The voices' audio is staged in ICE (create only submits and waits), so a create is one
submit and a wait for training. A probe loaded into the CLI's provider host
(tests/support/probe.py, through PYTHONPATH, which the CLI passes to its plugins) logs
every round of the provider's job tracker. What is checked:

- every voice trains, once;
- with `--parallel N`, all N creates wait at once (one tracker round follows all N
  jobs: the host's four worker threads were widened), and a round that follows them all
  costs at most 2 status requests;
- the CLI's default parallelism, read from the engine's own Run request, is what limits
  a stack of many voices when `--parallel` is not given;
- under an ICE quota, no second of requests the emulator receives holds more than it;
- (make slow) 1,000 voices of each front door at `--parallel 1000`, checkpoints skipped,
  train once each, wait together, and a round costs at most 10 list pages.

The wall-clock figures (N voices against one and against the engine's floor) are
bench/bench_scale.py's.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack, wait_for
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.hosts import kill_session
from tests.support.plugin import plugin_keys
from tests.support.probe import Round, TrackerProbe
from tests.support.voices import ice_config, voice

# Counts what runs at once or how fast: alone, after the parallel run (make test).
pytestmark = pytest.mark.serial

# Long enough that every submit of a wave lands before its first job ends.
TRAINING_SECONDS = 4.0


@pytest.fixture
def slow_ice(tmp_path: Path) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path, training_seconds=TRAINING_SECONDS) as ice:
        yield ice


@pytest.fixture
def probe() -> Iterator[TrackerProbe]:
    tracker = TrackerProbe()
    try:
        yield tracker
    finally:
        tracker.close()


def staged_stack(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    ids: list[str],
    *,
    program: Path = VOICES_PROGRAM,
    sdk: Path | None = None,
    config: dict[str, str] | None = None,
) -> Stack:
    """A stack of one voice per id, its audio staged in ICE; the request counters cleared.
    The dynamic provider's voices program, or the plugin's with its generated ``sdk``."""
    ice.control.stage(ids)
    ice.control.reset(counters_only=True)
    settings = ice_config(ice.url, **(config or {}))
    if sdk is not None:
        settings = plugin_keys(settings)
    pythonpath = (sdk,) if sdk is not None else ()
    stack = cli.stack(tmp_path / "project", config=settings, program=program, pythonpath=pythonpath)
    stack.set_voices(
        [voice(i, voice_name=i, recordings=None, demo_audio_media_url=None) for i in ids]
    )
    return stack


def assert_each_trained_once(stack: Stack, ice: IceUnderTest, ids: list[str]) -> None:
    outputs = stack.outputs()
    assert {outputs[i]["voice_id"]: outputs[i]["status"] for i in ids} == dict.fromkeys(
        ids, "Success"
    )
    jobs = ice.control.jobs()
    assert sorted(job["VoiceId"] for job in jobs) == sorted(ids), "one job per voice"
    assert {job["SubmitCount"] for job in jobs} == {1}, "each submitted once"


def most_in_flight(rounds: list[Round]) -> int:
    return max((r.jobs_in_flight for r in rounds), default=0)


def test_a_hundred_voices_at_parallel_100_wait_together_and_a_round_costs_at_most_two_requests(
    cli: PulumiCli, slow_ice: IceUnderTest, probe: TrackerProbe, tmp_path: Path
) -> None:
    ids = [f"many{n:03d}" for n in range(100)]
    stack = staged_stack(cli, slow_ice, tmp_path, ids)
    stack.extra_env.update(probe.environment())

    stack.up("--parallel", "100")

    assert_each_trained_once(stack, slow_ice, ids)
    rounds = probe.rounds()
    full = [r for r in rounds if r.jobs_in_flight == 100]
    assert full, f"no round followed all 100 jobs at once: {[r.jobs_in_flight for r in rounds]}"
    assert max(r.requests for r in full) <= 2, full
    by_action = slow_ice.control.requests()["by_action"]
    # More than a few jobs in a round are read as list pages; only the last few jobs still
    # training (the engine started the creates over half a second) are read one by one.
    few = [r for r in rounds if 0 < r.jobs_in_flight <= 3]
    assert by_action.get("GetCustomizedVoiceJob", 0) <= sum(r.jobs_in_flight for r in few), (
        by_action,
        rounds,
    )
    assert by_action["ListCustomizedVoiceJobs"] <= sum(r.requests for r in rounds)
    assert by_action["SubmitCustomizedVoiceJob"] == 100


PARALLELISM_WARNING = re.compile(
    r"(\d+) voices are training at once and at least (\d+) more wait for a slot: .*here it "
    r"is (\d+)\), .*Run `pulumi up --parallel <the number of voices the stack creates>`"
)


def test_without_parallel_the_clis_default_limits_how_many_voices_train_at_once(
    cli: PulumiCli, slow_ice: IceUnderTest, probe: TrackerProbe, tmp_path: Path
) -> None:
    # Two waves of training, each long enough for the provider to see creates queued behind
    # the engine's limit (nothing starts or ends for 3 s while voices wait): a few more voices
    # than the CLI's default, four per core (GOMAXPROCS x 4, pkg/cmd/pulumi/operations/up.go).
    slow_ice.control.clock(6.0)
    ids = [f"wave{n:03d}" for n in range(4 * (os.cpu_count() or 1) + 4)]
    stack = staged_stack(cli, slow_ice, tmp_path, ids)
    log = tmp_path / "grpc.jsonl"
    stack.extra_env.update({**probe.environment(), "PULUMI_DEBUG_GRPC": str(log)})

    up = stack.up()

    assert_each_trained_once(stack, slow_ice, ids)
    default = run_request_parallel(log)
    assert default >= 1
    # The engine holds a step per waiting create: never more voices than that at once,
    # and as many as that while the rest wait.
    assert most_in_flight(probe.rounds()) == default < len(ids)
    # ... and the provider says so, once, with the numbers and the flag to pass.
    [(running, waiting, limit)] = set(PARALLELISM_WARNING.findall(" ".join(up.output.split())))
    assert int(running) == int(limit) == default and int(waiting) >= 1


def test_at_parallel_40_forty_voices_train_at_once(
    cli: PulumiCli, slow_ice: IceUnderTest, probe: TrackerProbe, tmp_path: Path
) -> None:
    ids = [f"wide{n:03d}" for n in range(40)]
    stack = staged_stack(cli, slow_ice, tmp_path, ids)
    stack.extra_env.update(probe.environment())

    up = stack.up("--parallel", "40")

    assert_each_trained_once(stack, slow_ice, ids)
    assert most_in_flight(probe.rounds()) == 40
    assert not PARALLELISM_WARNING.search(" ".join(up.output.split())), "none waits a slot"


def test_forty_voices_under_a_quota_of_twenty_a_second_never_exceed_it(
    cli: PulumiCli, slow_ice: IceUnderTest, tmp_path: Path
) -> None:
    ids = [f"quota{n:03d}" for n in range(40)]
    slow_ice.control.faults(qps=20)
    stack = staged_stack(cli, slow_ice, tmp_path, ids, config={"ice:maxRequestsPerSecond": "20"})

    stack.up("--parallel", "40")

    assert_each_trained_once(stack, slow_ice, ids)
    requests = slow_ice.control.requests()
    assert requests["max_per_second"] <= 20, requests
    assert requests["by_action"]["SubmitCustomizedVoiceJob"] == 40, "no submit had to be repeated"


def run_request_parallel(log: Path) -> int:
    """The parallelism the engine gave the program: the `parallel` of its Run request."""
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        if entry["method"] == "/pulumirpc.LanguageRuntime/Run" and "request" in entry:
            return int(entry["request"]["parallel"])
    raise AssertionError("no Run request in the engine's gRPC log")


@pytest.mark.slow
@pytest.mark.parametrize("door", ["dynamic", "plugin"])
def test_a_thousand_voices_at_parallel_1000_train_once_each_and_wait_together(
    cli: PulumiCli,
    slow_ice: IceUnderTest,
    probe: TrackerProbe,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    door: str,
) -> None:
    """The dynamic provider's program used to die of RecursionError near its 960th voice
    (pulumi's serialize_provider, see _dynamic/pickling.py); the harness, of an environment
    too large for the language host to start the program (the voices were stack config).
    A round that follows all 1,000 jobs reads at most 10 list pages."""
    ids = [f"fleet{n:04d}" for n in range(1000)]
    if door == "plugin":
        sdk = request.getfixturevalue("plugin_sdk")
        stack = staged_stack(cli, slow_ice, tmp_path, ids, program=PLUGIN_VOICES_PROGRAM, sdk=sdk)
    else:
        stack = staged_stack(cli, slow_ice, tmp_path, ids)
    stack.extra_env.update({**probe.environment(), "PULUMI_SKIP_CHECKPOINTS": "true"})

    slow_ice.control.clock(3600)  # no training ends before every voice waits
    process = stack.popen("up", "--yes", "--skip-preview", "--parallel", "1000")
    try:
        wait_for(
            lambda: most_in_flight(probe.rounds()) == 1000,
            "a round follows all 1,000 jobs",
            timeout=1200,
        )
    except BaseException:
        kill_session(process.pid)  # nothing outlives a failed test
        raise
    slow_ice.control.clock(0.5)
    assert process.wait(timeout=1200) == 0, stack.started_output()[-3000:]

    assert_each_trained_once(stack, slow_ice, ids)
    assert len(stack.resources("CustomizedVoice")) == 1000
    rounds = probe.rounds()
    assert max(r.requests for r in rounds) <= 10, rounds
