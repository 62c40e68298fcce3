"""One voice with its recordings, through `pulumi up` to Success.

A program declaring one ``CustomizedVoice`` with its 20 recordings runs through ``pulumi
up`` against an emulator whose training takes 2 s: Configure, Check, then Create
(CreateCustomizedVoiceJob, 20 DetectAudioForCustomizedVoiceJob, SubmitCustomizedVoiceJob,
waiting, the outputs). Printed for ours through the real CLI (the whole command), ours
through the stand-in engine of bench/standin (Configure to Success, no CLI start-up), and
the naive baseline (bench/naive_provider.py, 1 s sleep loop, through the stand-in), each
the median of --runs ups:

  total       seconds of the up (target for ours through the stand-in: < 4 s)
  status/s    GetCustomizedVoiceJob + ListCustomizedVoiceJobs requests per second of
              training (target for ours: <= 2), and for ours the polls of the job
              alone (the rest is the lookup for a job to adopt, one List)

    .venv/bin/python -m bench.bench_one_voice [--training 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench._support import EmulatorProcess, UpRun, cli_up, machine_line, our_config, run_up, section
from bench.naive_provider import NaiveVoice
from tests.support.cli import PulumiCli

__all__ = ["RECORDINGS", "main"]

RECORDINGS = [
    f"https://bench-voices.oss-cn-shanghai.aliyuncs.com/narrator/{index:02d}.wav"
    for index in range(1, 21)
]


def _program(kind: str, voice_id: str, endpoint: str) -> Callable[[], None]:
    def program() -> None:
        if kind == "stand-in":
            from pulumi_ice_voice import CustomizedVoice

            CustomizedVoice(
                "narrator",
                voice_id=voice_id,
                voice_name="Narrator",
                gender="female",
                scenario="story",
                recordings=RECORDINGS,
            )
        else:
            NaiveVoice(
                "narrator",
                endpoint=endpoint,
                voice_id=voice_id,
                voice_name="Narrator",
                recordings=RECORDINGS,
            )

    return program


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
        print(f"bench_one_voice: {machine_line(cli)}")
        with EmulatorProcess(args.training) as emulator:
            for kind in ("cli", "stand-in", "naive"):
                with section(f"{kind}: one voice with 20 recordings, training {args.training:g} s"):
                    runs: list[UpRun] = []
                    for index in range(args.runs):
                        emulator.reset()
                        emulator.clock(args.training)
                        voice_id = f"{kind.replace('-', '')}one{index}"
                        if kind == "cli":
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
                                config=our_config(emulator.url),
                                training_seconds=args.training,
                                parallel=None,
                                probe=True,
                                stage=False,
                            )
                        else:
                            run, _ = run_up(
                                emulator,
                                _program(kind, voice_id, emulator.url),
                                [],
                                config=our_config(emulator.url),
                                training_seconds=args.training,
                                parallel=4,
                                stage=False,
                                probe=kind == "stand-in",
                            )
                        if run.error or run.succeeded != 1:
                            print(f"   !! run {index}: {run.statuses}, {run.error}")
                        runs.append(run)
                    _report(kind, runs, args.training)


def _report(kind: str, runs: Sequence[UpRun], training: float) -> None:
    total = statistics.median(r.seconds for r in runs)
    status = statistics.median(r.status_requests for r in runs)
    print(f"   total: median {total:.2f} s of {', '.join(f'{r.seconds:.2f}' for r in runs)}")
    print(f"   status requests: median {status:g} = {status / training:.2f} per second of training")
    if kind != "naive":
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
