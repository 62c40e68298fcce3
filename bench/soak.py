"""The full fault soak: 50 voices through the real provider host while ICE misbehaves.

    .venv/bin/python bench/soak.py [--voices 50] [--seed 20201109] [--training-seconds 0.5]

First a baseline: the same number of voices with no faults, in the same run. Then the
soak: the emulator throttles 20 % of requests, fails 10 % with a 5xx, drops 5 % of
connections before acting and 2 % after acting, with a latency that changes every 250 ms
(tests/reliability/_soak.py). It passes when every voice reaches Success, each voice id
has exactly one job, submitted once, and the `up` ended by itself within --timeout.
Prints the figures of both runs; exits 1 on any broken promise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability._soak import SOAK_FAULTS, SoakResult, run_soak  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20201109)
    parser.add_argument("--training-seconds", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=900.0, help="bound of each up (s)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)

    print(f"soak: {args.voices} voices, training {args.training_seconds:g} s, seed {args.seed}")
    if not args.no_baseline:
        baseline = run_soak(
            args.voices,
            faults=False,
            seed=args.seed + 1,
            training_seconds=args.training_seconds,
            timeout=args.timeout,
        )
        report("baseline (no faults)", baseline)
    faults = ", ".join(f"{k}={v:g}" for k, v in SOAK_FAULTS.items())
    print(f"faults: {faults}, latency 0-60 ms changing every 250 ms")
    soak = run_soak(
        args.voices, seed=args.seed, training_seconds=args.training_seconds, timeout=args.timeout
    )
    report("soak", soak)
    if soak.problems:
        print("soak FAILED:")
        for problem in soak.problems:
            print(f"  {problem}")
        print(soak.stderr[-6000:])
        return 1
    print("soak passed: every voice trained, one job per voice, each submitted once")
    return 0


def report(title: str, result: SoakResult) -> None:
    requests = result.requests
    trained = sum(
        1
        for voice_id in result.voices
        if [job["Status"] for job in result.jobs_by_voice.get(voice_id, [])] == ["Success"]
    )
    print(f"{title}:")
    print(f"  up took {result.seconds:.1f} s, ended by itself: {result.ended_by_itself}")
    print(f"  voices trained: {trained}/{len(result.voices)}; error: {result.error or 'none'}")
    print(
        f"  API requests: {requests['total']} ({requests['total'] / len(result.voices):.1f} per voice),"
        f" throttled {requests['throttled']}, peak {requests['max_per_second']}/s"
    )
    for action, count in requests["by_action"].items():
        print(f"    {action}: {count}")


if __name__ == "__main__":
    sys.exit(main())
