"""One voice with its recordings, through `pulumi up` to Success.

A program declaring one voice with its 20 recordings runs through ``pulumi up`` (the real
CLI, the whole command timed) against an emulator whose training takes 2 s: Configure,
Check, then Create (CreateCustomizedVoiceJob, 20 DetectAudioForCustomizedVoiceJob,
SubmitCustomizedVoiceJob, waiting, the outputs). Printed for ours as the dynamic provider
(``cli``) and as the plugin, and for the naive baseline (bench/naive_provider.py, a 1 s
sleep loop in the dynamic host), each the median of --runs ups:

  total       seconds of the up, CLI and program start-up included
  status/s    GetCustomizedVoiceJob + ListCustomizedVoiceJobs requests per second of
              training (target for ours: <= 2), and for the dynamic provider the polls of
              the job alone (the rest is the lookup for a job to adopt, one List)

    .venv/bin/python -m bench.bench_one_voice [--training 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench._support import EmulatorProcess, UpRun, cli_up, machine_line, our_config, section
from bench._ways import KINDS, cli_options, plugin_ready
from tests.support.cli import PulumiCli

__all__ = ["RECORDINGS", "main"]

RECORDINGS = [
    f"https://bench-voices.oss-cn-shanghai.aliyuncs.com/narrator/{index:02d}.wav"
    for index in range(1, 21)
]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--training", type=float, default=2.0, help="training seconds (default %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=5, help="ups per provider; medians are printed")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-one-") as tmp:
        work = Path(tmp)
        cli = PulumiCli.build(work / "pulumi-home")
        plugin_sdk = plugin_ready(cli, work)
        print(f"bench_one_voice: {machine_line(cli)}")
        with EmulatorProcess(args.training) as emulator:
            for kind in KINDS:
                with section(f"{kind}: one voice with 20 recordings, training {args.training:g} s"):
                    runs: list[UpRun] = []
                    for index in range(args.runs):
                        emulator.reset()
                        emulator.clock(args.training)
                        voice_id = f"{kind}one{index}"
                        entry = {
                            "name": "narrator",
                            "voice_id": voice_id,
                            "voice_name": "Narrator",
                            "gender": "female",
                            "scenario": "story",
                            "recordings": RECORDINGS,
                        }
                        run, _ = cli_up(
                            cli,
                            emulator,
                            [entry],
                            workdir=work / voice_id,
                            training_seconds=args.training,
                            parallel=None,
                            stage=False,
                            **cli_options(
                                kind, our_config(emulator.url), plugin_sdk, probe=kind == "cli"
                            ),
                        )
                        if run.error or run.succeeded != 1:
                            print(f"   !! run {index}: {run.statuses}, {run.error}")
                        runs.append(run)
                    _report(runs, args.training)


def _report(runs: Sequence[UpRun], training: float) -> None:
    total = statistics.median(r.seconds for r in runs)
    status = statistics.median(r.status_requests for r in runs)
    print(f"   total: median {total:.2f} s of {', '.join(f'{r.seconds:.2f}' for r in runs)}")
    print(f"   status requests: median {status:g} = {status / training:.2f} per second of training")
    if all(r.rounds for r in runs):
        # The rest is the lookup before creating (is there a job to adopt?): one List.
        polls = statistics.median(
            sum(rd.requests for rd in r.rounds if rd.jobs_in_flight) for r in runs
        )
        print(
            f"   of which polls of the training job: {polls:g} = "
            f"{polls / training:.2f} per second of training"
        )
    sample = runs[-1].requests["by_action"]
    print(f"   requests of the last up by action: {sample}")


if __name__ == "__main__":
    main()
