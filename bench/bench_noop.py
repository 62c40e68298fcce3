"""A no-op ``pulumi up`` of a stack of 100 voices: ICE requests (must be 0) and time per resource.

The stack is first brought up (audio staged, training 0 s so that setting it up is
quick), then a second up of the same program with the same state runs on a fresh host,
as the CLI would: Check and Diff of every voice, no Create or Update. Printed, ours and
the naive baseline of bench/naive_provider.py in the same run:

  requests    API requests the emulator received during the no-op up
  per voice   the up's wall time / voices, and Check+Diff time / voices (the summed
              latency of each Check and Diff call as the engine sees it)

    .venv/bin/python -m bench.bench_noop [--voices 100]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bench._support import EmulatorProcess, machine_line, our_config, run_up, section
from bench.bench_scale import naive_program, our_program, voice_ids

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=100, help="voices in the stack (default %(default)s)")
    args = parser.parse_args(argv)
    count = args.voices

    print(f"bench_noop: {machine_line()}")
    with EmulatorProcess(0.0) as emulator:
        for kind in ("ours", "naive"):
            with section(f"{kind}: no-op up of {count} voices"):
                ids = voice_ids(f"{kind}noop", count)
                program = our_program(ids) if kind == "ours" else naive_program(ids, emulator.url)
                first, engine = run_up(emulator, program, ids, config=our_config(emulator.url),
                                       training_seconds=0.0, parallel=count)
                if first.error or first.succeeded != count:
                    print(f"   !! first up: {first.succeeded}/{count} Success, {first.error}")
                again, _ = run_up(emulator, program, ids, config=our_config(emulator.url),
                                  training_seconds=0.0, parallel=count, stage=False, engine=engine)
                creates = again.calls.get("Create", 0) + again.calls.get("Update", 0)
                print(f"   API requests during the no-op up: {again.requests['total']} "
                      f"(by action {again.requests['by_action']}); Create+Update calls {creates}"
                      + (f"; error {again.error}" if again.error else ""))
                print(f"   per voice: wall {1000 * again.seconds / count:.1f} ms, "
                      f"Check+Diff {1000 * again.check_diff_seconds / count:.1f} ms "
                      f"(whole up {again.seconds:.2f} s; Check {again.calls.get('Check', 0)}, "
                      f"Diff {again.calls.get('Diff', 0)})")


if __name__ == "__main__":
    main()
