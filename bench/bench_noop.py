"""A no-op ``pulumi up`` of a stack of 100 voices: ICE requests (must be 0) and time.

The stack is first brought up (audio staged, training 0 s so that setting it up is
quick), then a second up of the same program with the same state runs, as a user runs
`pulumi up` again: Check and Diff of every voice, no Create or Update. Printed for ours
through the real CLI as the dynamic provider and as the plugin, and for the naive baseline
of bench/naive_provider.py (through the CLI too), in the same run:

  requests    API requests the emulator received during the no-op up
  per voice   the up's wall time / voices

    .venv/bin/python -m bench.bench_noop [--voices 100]
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench._support import (
    EmulatorProcess,
    cli_up,
    machine_line,
    our_config,
    section,
    staged_entries,
)
from bench._ways import KINDS, cli_options, plugin_ready, voice_ids
from tests.support.cli import PulumiCli

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--voices", type=int, default=100, help="voices in the stack (default %(default)s)"
    )
    args = parser.parse_args(argv)
    count = args.voices

    with tempfile.TemporaryDirectory(prefix="bench-noop-") as tmp:
        work = Path(tmp)
        cli = PulumiCli.build(work / "pulumi-home")
        plugin_sdk = plugin_ready(cli, work)
        print(f"bench_noop: {machine_line(cli)}")
        with EmulatorProcess(0.0) as emulator:
            for kind in KINDS:
                with section(f"{kind}: no-op up of {count} voices"):
                    ids = voice_ids(f"{kind}noop", count)
                    config = our_config(emulator.url)
                    up = functools.partial(
                        cli_up,
                        cli,
                        emulator,
                        staged_entries(ids),
                        workdir=work / kind,
                        training_seconds=0.0,
                        parallel=count,
                        **cli_options(kind, config, plugin_sdk),
                    )
                    first, stack = up()
                    again, _ = up(stage=False, stack=stack)  # the same stack, up again
                    if first.error or first.succeeded != count:
                        print(f"   !! first up: {first.succeeded}/{count} Success, {first.error}")
                    creates = again.calls.get("Create", 0) + again.calls.get("Update", 0)
                    print(
                        f"   API requests during the no-op up: {again.requests['total']} "
                        f"(by action {again.requests['by_action']}); Create+Update calls {creates}"
                        + (f"; error {again.error}" if again.error else "")
                    )
                    print(
                        f"   wall {again.seconds:.2f} s = "
                        f"{1000 * again.seconds / count:.1f} ms per voice "
                        f"(Check {again.calls.get('Check', 0)}, Diff {again.calls.get('Diff', 0)})"
                    )


if __name__ == "__main__":
    main()
