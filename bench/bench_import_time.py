"""Import time of ``icevoice`` against the official ICE SDK client (issue 2: < 1/5).

Runs each statement in fresh interpreters, interleaved so that machine noise hits all
of them alike, and prints the median wall time of each, the bare interpreter start-up
measured in the same run (``pass``), and the ratios (raw, and net of start-up).

    .venv/bin/python bench/bench_import_time.py [--runs 11] [--python .venv/bin/python]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "startup": "pass",
    "icevoice": "import icevoice",
    "icevoice client": "from icevoice import IceClient, RetryPolicy, CustomizedVoiceJob",
    "official": "import alibabacloud_ice20201109.client",
}


def wall_time(python: str, statement: str) -> float:
    """Seconds for one fresh interpreter to run ``statement``."""
    started = time.perf_counter()
    subprocess.run([python, "-c", statement], check=True)
    return time.perf_counter() - started


def measure(python: str, runs: int) -> dict[str, float]:
    """Median seconds per statement over ``runs`` interleaved rounds (after one warm-up)."""
    for statement in STATEMENTS.values():
        wall_time(python, statement)  # warm the OS file cache and .pyc files
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(runs):
        for name, statement in STATEMENTS.items():
            samples[name].append(wall_time(python, statement))
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh interpreters per statement")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    args = parser.parse_args(argv)

    medians = measure(args.python, args.runs)
    startup = medians["startup"]
    print(f"median wall time over {args.runs} fresh interpreters ({args.python})")
    for name, statement in STATEMENTS.items():
        net = medians[name] - startup
        print(
            f"  {name:16} {medians[name] * 1000:7.1f} ms  (net {net * 1000:6.1f} ms)  {statement}"
        )
    official = medians["official"]
    for name in ("icevoice", "icevoice client"):
        raw = medians[name] / official
        net = (medians[name] - startup) / (official - startup)
        print(f"  ratio {name:16} / official: raw {raw:.3f}, net of start-up {net:.3f}")
    verdict = "meets" if medians["icevoice"] < official / 5 else "MISSES"
    print(f"import icevoice {verdict} the issue-2 target (< 1/5 of the official client's import)")


if __name__ == "__main__":
    main()
