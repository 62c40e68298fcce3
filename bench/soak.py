"""The full fault soak: 50 voices in one real `pulumi up` while ICE misbehaves.

    .venv/bin/python bench/soak.py [--voices 50] [--seed 20201109] [--training-seconds 0.5]

First a baseline: the same number of voices with no faults, in the same run. Then the
soak: the emulator throttles 20 % of requests, fails 10 % with a 5xx, drops 5 % of
connections before acting and 2 % after acting, with a latency that changes every 250 ms
(tests/support/soak.py). Both run the Pulumi CLI that scripts/pulumi-from-source.sh builds
(found in its cache once built), with its default parallelism. It passes when every voice
reaches Success, each voice id has exactly one job, submitted once, the stack's outputs show
it, and the `up` ended by itself, successfully, within --timeout. Prints the figures of both
runs; exits 1 on any broken promise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.cli import PulumiCli  # noqa: E402
from tests.support.soak import SOAK_FAULTS, SoakResult, run_soak  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20201109)
    parser.add_argument("--training-seconds", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=900.0, help="bound of each up (s)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="soak-pulumi-home-") as home:
        return soak(PulumiCli.build(Path(home)), args)


def soak(cli: PulumiCli, args: argparse.Namespace) -> int:
    print(f"soak: {args.voices} voices, training {args.training_seconds:g} s, seed {args.seed}")
    print(f"pulumi CLI: {cli.version} ({cli.bin / 'pulumi'})")
    if not args.no_baseline:
        baseline = run_soak(
            cli,
            args.voices,
            faults=False,
            seed=args.seed + 1,
            training_seconds=args.training_seconds,
            timeout=args.timeout,
        )
        report("baseline (no faults)", baseline)
    faults = ", ".join(f"{k}={v:g}" for k, v in SOAK_FAULTS.items())
    print(f"faults: {faults}, latency 0-60 ms changing every 250 ms")
    result = run_soak(
        cli,
        args.voices,
        seed=args.seed,
        training_seconds=args.training_seconds,
        timeout=args.timeout,
    )
    report("soak", result)
    if result.problems:
        print("soak FAILED:")
        for problem in result.problems:
            print(f"  {problem}")
        print(result.printed[-6000:])
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
        f"  API requests: {requests['total']} "
        f"({requests['total'] / len(result.voices):.1f} per voice),"
        f" throttled {requests['throttled']}, peak {requests['max_per_second']}/s"
    )
    for action, count in requests["by_action"].items():
        print(f"    {action}: {count}")


if __name__ == "__main__":
    sys.exit(main())
