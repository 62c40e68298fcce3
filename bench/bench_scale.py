"""N voices in one ``pulumi up``: the real CLI, the stand-in engine and the naive baseline.

For each size N (default 8, 40, 100) the voices' audio is staged in the emulator (create
only submits), training takes --training seconds, and ``pulumi up --parallel N`` runs a
program declaring N voices:

  cli        ours through the real Pulumi CLI (bench._support.cli_up), whole command timed:
             the dynamic provider
  plugin     the same voices through the provider plugin (pulumi-resource-icevoice) and the
             Python SDK generated from its schema, through the real CLI, no host patching
  stand-in   ours through the stand-in engine of bench/standin, the baseline these figures
             were recorded with before the CLI could be built (program under mocks,
             Creates sent straight to a fresh ``python -m pulumi.dynamic``)
  naive      bench/naive_provider.py through the stand-in (own GetCustomizedVoiceJob loop,
             1 s sleep, the host's four workers); --no-naive skips it

Printed, for each:

  wall        seconds of the whole up, and that divided by one voice's up with the same
              engine (the median of --one-voice-runs ups, measured in the same run)
  lag         seconds from each job's Success in the emulator (its submit time plus the
              training time, read from the emulator's store) to its Create returning:
              p50 and p95
  polling     ours: status requests of every tracker round that polled all N jobs (a probe
              inside the host) and the emulator's status request counts over the up

and ours through the CLI at its default --parallel (4 x GOMAXPROCS) for the middle size.
Loopback only; the emulator is a separate process.

    .venv/bin/python -m bench.bench_scale [--sizes 8,40,100] [--training 5]
                                          [--one-voice-runs 3] [--no-naive]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench._support import (
    EmulatorProcess,
    UpRun,
    cli_up,
    machine_line,
    our_config,
    percentile,
    run_up,
    section,
    staged_entries,
)
from bench.naive_provider import NaiveVoice
from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli
from tests.support.plugin import install_plugin, plugin_keys, python_sdk

__all__ = [
    "CLI_KINDS",
    "KINDS",
    "cli_options",
    "main",
    "naive_program",
    "our_program",
    "plugin_ready",
    "up",
    "voice_ids",
]

KINDS = ("cli", "plugin", "stand-in", "naive")
CLI_KINDS = ("cli", "plugin")
"""The kinds that run through the real CLI (cli_up): the dynamic provider and the plugin."""


def plugin_ready(cli: PulumiCli, work: Path) -> Path:
    """Install the plugin into the CLI's PULUMI_HOME; the generated Python SDK's directory."""
    install_plugin(cli)
    return python_sdk(cli, work / "icevoice-sdk")


def cli_options(
    kind: str, config: dict[str, str], plugin_sdk: Path | None, *, probe: bool = False
) -> dict[str, Any]:
    """cli_up's keywords for a kind of CLI_KINDS: its config namespace, its program, and
    for the dynamic provider the probe of its host's tracker (``probe``)."""
    if kind == "plugin":
        assert plugin_sdk is not None
        return {
            "config": plugin_keys(config),
            "program": PLUGIN_VOICES_PROGRAM,
            "pythonpath": (plugin_sdk,),
        }
    return {"config": config, "program": VOICES_PROGRAM, "probe": probe}


def voice_ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(count)]


def our_program(ids: Sequence[str]) -> Callable[[], None]:
    """The stand-in's program: the same voices as staged_entries(ids) declares."""

    def program() -> None:
        from pulumi_ice_voice import CustomizedVoice

        for entry in staged_entries(ids):
            name = entry.pop("name")
            CustomizedVoice(name, **entry)

    return program


def naive_program(ids: Sequence[str], endpoint: str) -> Callable[[], None]:
    def program() -> None:
        for voice_id in ids:
            NaiveVoice(voice_id, endpoint=endpoint, voice_id=voice_id, voice_name=voice_id)

    return program


def up(
    cli: PulumiCli,
    work: Path,
    emulator: EmulatorProcess,
    kind: str,
    count: int,
    training: float,
    *,
    cli_default_parallel: bool = False,
    plugin_sdk: Path | None = None,
) -> UpRun:
    """One up of ``count`` fresh staged voices through ``kind``, at --parallel N."""
    ids = voice_ids(f"{kind.replace('-', '')}{count}v{len(list(work.iterdir()))}", count)
    config = our_config(emulator.url)
    if kind in CLI_KINDS:
        parallel = None if cli_default_parallel else max(count, 1)
        run, _ = cli_up(
            cli,
            emulator,
            staged_entries(ids),
            workdir=work / ids[0],
            training_seconds=training,
            parallel=parallel,
            **cli_options(kind, config, plugin_sdk, probe=True),
        )
    else:
        program = our_program(ids) if kind == "stand-in" else naive_program(ids, emulator.url)
        run, _ = run_up(
            emulator,
            program,
            ids,
            config=config,
            training_seconds=training,
            parallel=max(count, 1),
            probe=kind == "stand-in",
        )
    if run.error or run.succeeded != count:
        print(f"   !! {kind} N={count}: {run.succeeded}/{count} Success, error: {run.error}")
    return run


def _lag(run: UpRun) -> str:
    lags = run.lags()
    return f"p50 {percentile(lags, 0.5):5.2f} s  p95 {percentile(lags, 0.95):5.2f} s"


def _polling(run: UpRun) -> str:
    busy = run.busy_rounds(run.voices)
    by_action = run.requests.get("by_action", {})
    counts = (
        f"emulator over the up: List {by_action.get('ListCustomizedVoiceJobs', 0)}, "
        f"Get {by_action.get('GetCustomizedVoiceJob', 0)} ({len(run.rounds)} rounds)"
    )
    if not busy:
        return f"no round polled all {run.voices} jobs; {counts}"
    per_round = [r.requests for r in busy]
    return (
        f"{len(busy)} rounds polled all {run.voices} jobs: status requests per round "
        f"max {max(per_round)}, mean {statistics.mean(per_round):.2f}; {counts}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="8,40,100", help="voice counts (default %(default)s)")
    parser.add_argument(
        "--training", type=float, default=5.0, help="training seconds (default %(default)s)"
    )
    parser.add_argument(
        "--one-voice-runs",
        type=int,
        default=3,
        help="ups of one voice; the median is the reference",
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    kinds = [kind for kind in KINDS if not (args.no_naive and kind == "naive")]

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        cli = PulumiCli.build(work / "pulumi-home")
        plugin_sdk = plugin_ready(cli, work)
        (work / "stacks").mkdir()
        stacks = work / "stacks"
        print(f"bench_scale: {machine_line(cli)}")
        print(
            f"training {args.training:g} s, audio staged, --parallel N, "
            "a fresh provider host per up"
        )
        with EmulatorProcess(args.training) as emulator:
            one: dict[str, float] = {}
            with section("one voice (each engine's reference)"):
                for kind in kinds:
                    times = [
                        up(
                            cli, stacks, emulator, kind, 1, args.training, plugin_sdk=plugin_sdk
                        ).seconds
                        for _ in range(args.one_voice_runs)
                    ]
                    one[kind] = statistics.median(times)
                    print(
                        f"   {kind:8} one voice: median {one[kind]:.2f} s "
                        f"of {', '.join(f'{t:.2f}' for t in times)}"
                    )
            for count in sizes:
                with section(f"N = {count} voices at --parallel {count}"):
                    for kind in kinds:
                        if kind == "naive" and count > 40:
                            print("   naive    skipped above 40 voices (it trains four at a time)")
                            continue
                        run = up(
                            cli, stacks, emulator, kind, count, args.training, plugin_sdk=plugin_sdk
                        )
                        print(
                            f"   {kind:8} wall {run.seconds:6.2f} s = "
                            f"{run.seconds / one[kind]:5.2f} x one voice"
                            f"  | {run.succeeded}/{count} Success | lag {_lag(run)}"
                            f"  | most Creates at once {run.max_outstanding_creates}"
                        )
                        if kind not in ("naive", "plugin"):
                            print(f"            polling: {_polling(run)}")
            if sizes:
                middle = sizes[len(sizes) // 2]
                with section(f"N = {middle} through the CLI at its default --parallel"):
                    run = up(
                        cli,
                        stacks,
                        emulator,
                        "cli",
                        middle,
                        args.training,
                        cli_default_parallel=True,
                    )
                    print(
                        f"   cli      wall {run.seconds:6.2f} s = "
                        f"{run.seconds / one['cli']:5.2f} x one voice"
                        f"  | {run.succeeded}/{middle} Success | most Creates at once "
                        f"{run.max_outstanding_creates} (the engine's step limit)"
                    )


if __name__ == "__main__":
    main()
