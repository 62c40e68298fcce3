"""40 voices against an ICE quota of 20 requests a second.

The emulator's ``qps`` fault is set to 20 (a sliding one-second window; requests past it
are answered Throttling.User), the audio of 40 voices is staged, training takes 3 s, and
``pulumi up --parallel 40`` runs, ours with ``ice:maxRequestsPerSecond=20``. Printed for
ours through the real CLI as the dynamic provider and as the plugin, and the naive
baseline (bench/naive_provider.py, no rate limit but only the dynamic host's four workers,
through the CLI too), same run:

  Success     voices that reached Success, and whether the up failed
  throttled   requests the emulator answered with Throttling (each retried by the client)
  peak        the emulator's max_per_second: most requests received in any 1-s window
  wall        seconds of the up, and the API requests it made

    .venv/bin/python -m bench.bench_throttled [--voices 40] [--qps 20] [--training 3]
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--voices", type=int, default=40, help="voices (default %(default)s)")
    parser.add_argument(
        "--qps", type=float, default=20.0, help="emulator quota and ice:maxRequestsPerSecond"
    )
    parser.add_argument(
        "--training", type=float, default=3.0, help="training seconds (default %(default)s)"
    )
    args = parser.parse_args(argv)
    count = args.voices

    with tempfile.TemporaryDirectory(prefix="bench-throttled-") as tmp:
        work = Path(tmp)
        cli = PulumiCli.build(work / "pulumi-home")
        plugin_sdk = plugin_ready(cli, work)
        print(f"bench_throttled: {machine_line(cli)}")
        with EmulatorProcess(args.training) as emulator:
            for kind in KINDS:
                with section(f"{kind}: {count} voices, emulator qps {args.qps:g}"):
                    ids = voice_ids(f"{kind}q", count)
                    emulator.reset()
                    emulator.clock(args.training)
                    emulator.stage(ids)
                    emulator.faults(qps=args.qps)
                    config = our_config(
                        emulator.url, **{"ice:maxRequestsPerSecond": f"{args.qps:g}"}
                    )
                    run, _ = cli_up(
                        cli,
                        emulator,
                        staged_entries(ids),
                        workdir=work / kind,
                        training_seconds=args.training,
                        parallel=count,
                        stage=False,
                        **cli_options(kind, config, plugin_sdk),
                    )
                    requests = run.requests
                    print(
                        f"   {run.succeeded}/{count} Success, "
                        f"up {'failed: ' + run.error if run.error else 'succeeded'}"
                    )
                    print(
                        f"   throttled answers {requests['throttled']}, "
                        f"peak {requests['max_per_second']} "
                        f"requests in a 1-s window (quota {args.qps:g})"
                    )
                    print(
                        f"   wall {run.seconds:.2f} s, {requests['total']} API requests "
                        f"({requests['total'] / run.seconds:.1f}/s): {requests['by_action']}"
                    )


if __name__ == "__main__":
    main()
