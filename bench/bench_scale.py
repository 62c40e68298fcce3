"""N voices in one ``pulumi up`` through the real provider host: ours against the naive baseline.

For each size N (default 8, 40, 100) the voices' audio is staged in the emulator (create
only submits), training takes 3 s, and the engine harness runs ``pulumi up`` of a
program declaring N voices with ``--parallel N`` (all N Creates sent at once), on a
fresh ``python -m pulumi.dynamic`` host, once with ``CustomizedVoice`` and once with
the naive provider of bench/naive_provider.py (own GetCustomizedVoiceJob loop, 1 s
sleep, the host's four workers). Printed, for each:

  wall        seconds of the whole up, and that divided by one voice's up (the median
              of --one-voice-runs ups of a one-voice program, measured in the same run)
  lag         seconds from each job's Success in the emulator (its submit time plus the
              training time, read from the emulator's store) to its Create returning:
              p50 and p95
  polling     ours: status requests of every tracker round that polled all N jobs (max
              and mean, from a probe of JobTracker rounds inside the host) and the
              emulator's GetCustomizedVoiceJob + ListCustomizedVoiceJobs counts over
              the up; naive: its GetCustomizedVoiceJob count and the most Creates it
              ever ran at once (the host's four workers)

and, for comparison, ours at the engine's default --parallel (4 x nproc) for the
middle size. Loopback only; the emulator is a separate process.

    .venv/bin/python -m bench.bench_scale [--sizes 8,40,100] [--training 3]
                                          [--one-voice-runs 3] [--no-naive]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable, Sequence

from bench._support import (
    EmulatorProcess,
    UpRun,
    machine_line,
    our_config,
    percentile,
    run_up,
    section,
)
from bench.naive_provider import NaiveVoice
from tests.engine.harness import DEFAULT_PARALLEL
from tests.scale._programs import staged_voices

__all__ = ["main", "naive_program", "our_program", "voice_ids"]


def voice_ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(count)]


def our_program(ids: Sequence[str]) -> Callable[[], None]:
    return staged_voices(ids)


def naive_program(ids: Sequence[str], endpoint: str) -> Callable[[], None]:
    def program() -> None:
        for voice_id in ids:
            NaiveVoice(voice_id, endpoint=endpoint, voice_id=voice_id, voice_name=voice_id)

    return program


def _up(emulator: EmulatorProcess, kind: str, count: int, training: float,
        parallel: int | None = None) -> UpRun:
    ids = voice_ids(f"{kind}{count}v", count)
    program = our_program(ids) if kind == "ours" else naive_program(ids, emulator.url)
    run, _ = run_up(emulator, program, ids, config=our_config(emulator.url),
                    training_seconds=training, parallel=parallel or max(count, 1),
                    probe=kind == "ours")
    if run.error or run.succeeded != count:
        print(f"   !! {kind} N={count}: {run.succeeded}/{count} Success, error: {run.error}")
    return run


def _lag(run: UpRun) -> str:
    lags = run.lags()
    return f"p50 {percentile(lags, 0.5):5.2f} s  p95 {percentile(lags, 0.95):5.2f} s"


def _ours_polling(run: UpRun) -> str:
    busy = run.busy_rounds(run.voices)
    by_action = run.requests.get("by_action", {})
    counts = (f"emulator over the up: List {by_action.get('ListCustomizedVoiceJobs', 0)}, "
              f"Get {by_action.get('GetCustomizedVoiceJob', 0)} ({len(run.rounds)} rounds)")
    if not busy:
        return f"no round polled all {run.voices} jobs; {counts}"
    per_round = [r.requests for r in busy]
    return (f"{len(busy)} rounds polled all {run.voices} jobs: status requests per round "
            f"max {max(per_round)}, mean {statistics.mean(per_round):.2f}; {counts}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="8,40,100", help="voice counts (default %(default)s)")
    parser.add_argument("--training", type=float, default=3.0, help="training seconds (default %(default)s)")
    parser.add_argument("--one-voice-runs", type=int, default=3, help="ups of one voice; the median is the reference")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    kinds = ["ours"] if args.no_naive else ["ours", "naive"]

    print(f"bench_scale: {machine_line()}")
    print(f"training {args.training:g} s, audio staged, engine --parallel N, fresh host per up")
    with EmulatorProcess(args.training) as emulator:
        one: dict[str, float] = {}
        with section("one voice (the reference)"):
            for kind in kinds:
                times = [_up(emulator, kind, 1, args.training).seconds for _ in range(args.one_voice_runs)]
                one[kind] = statistics.median(times)
                print(f"   {kind:5} one voice: median {one[kind]:.2f} s of {', '.join(f'{t:.2f}' for t in times)}")
        for count in sizes:
            with section(f"N = {count} voices at once"):
                for kind in kinds:
                    run = _up(emulator, kind, count, args.training)
                    print(f"   {kind:5} wall {run.seconds:6.2f} s = {run.seconds / one[kind]:5.2f} x one voice"
                          f"  | {run.succeeded}/{count} Success | lag {_lag(run)}"
                          f"  | most Creates at once {run.max_outstanding_creates}")
                    if kind == "ours":
                        print(f"         polling: {_ours_polling(run)}")
                    else:
                        gets = run.requests.get("by_action", {}).get("GetCustomizedVoiceJob", 0)
                        print(f"         polling: GetCustomizedVoiceJob {gets} over {run.seconds:.1f} s "
                              f"({gets / run.seconds:.1f}/s, one per in-flight job per second)")
        if sizes:
            middle = sizes[len(sizes) // 2]
            if middle > DEFAULT_PARALLEL:
                with section(f"N = {middle} with the engine's default --parallel {DEFAULT_PARALLEL}"):
                    run = _up(emulator, "ours", middle, args.training, parallel=DEFAULT_PARALLEL)
                    print(f"   ours  wall {run.seconds:6.2f} s = {run.seconds / one['ours']:5.2f} x one voice"
                          f"  | {run.succeeded}/{middle} Success | most Creates at once "
                          f"{run.max_outstanding_creates} (the engine's cap, not the host's)")


if __name__ == "__main__":
    main()
