"""Run every benchmark, each in a fresh interpreter: ``python -m bench`` (``make bench``).

Each prints its own figures and the baseline it measured in the same run; this runner
only runs them in turn, keeps each one's output in ``bench/out/<name>.txt`` and says
which failed. bench/RESULTS.md records a run with its machine line.

    .venv/bin/python -m bench [--only scale,noop] [--with-soak]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

# name -> the command after the interpreter (run from the repository root).
BENCHMARKS: dict[str, list[str]] = {
    "import_time": ["bench/bench_import_time.py"],
    "emulator_rps": ["bench/bench_emulator_rps.py"],
    "one_voice": ["-m", "bench.bench_one_voice"],
    "scale": ["-m", "bench.bench_scale"],
    "throttled": ["-m", "bench.bench_throttled"],
    "noop": ["-m", "bench.bench_noop"],
}
SOAK: dict[str, list[str]] = {"soak": ["bench/soak.py", "--voices", "50"]}


def run(name: str, command: list[str]) -> bool:
    print(f"\n######## {name}: python {' '.join(command)}", flush=True)
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    with (OUT / f"{name}.txt").open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, *command],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        code = proc.wait()
    print(f"######## {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
    return code == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="", help=f"comma-separated subset of {', '.join(BENCHMARKS)}, soak"
    )
    parser.add_argument("--with-soak", action="store_true", help="also the 50-voice fault soak")
    args = parser.parse_args(argv)
    chosen = {**BENCHMARKS, **(SOAK if args.with_soak else {})}
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = wanted - {*BENCHMARKS, *SOAK}
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        chosen = {name: cmd for name, cmd in {**BENCHMARKS, **SOAK}.items() if name in wanted}
    failed = [name for name, command in chosen.items() if not run(name, command)]
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    print(f"\nall {len(chosen)} benchmarks ran; outputs in {OUT.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
