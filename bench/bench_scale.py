"""N voices in one ``pulumi up``, through the real CLI, against the engine's own floor.

For each size N (default 1, 300, 1000) three programs run ``pulumi up --parallel N`` on a
file backend, each on a fresh stack:

  dynamic    N CustomizedVoices of the dynamic provider (the voices program of tests/cli)
  plugin     N CustomizedVoices of the provider plugin (pulumi-resource-icevoice), through
             the Python SDK generated from its schema
  floor      N pulumi-random RandomStrings, which wait for nothing: what the engine, the CLI
             and a Python program cost for N resources on this machine

The voices' audio is staged in the emulator (create only submits), training takes
--training seconds. Each up runs twice, with and without ``PULUMI_SKIP_CHECKPOINTS=true``
(the CLI then writes the state once at the end instead of after every step). At the largest
size the same program runs again on its stack (a no-op up: the ICE requests it made are
counted). Printed for each up:

  wall        seconds of the whole command, as a ratio to one voice (one resource for the
              floor) of the same program and checkpoint mode, and to the floor of the same
              size and mode (all measured in this run)
  ICE         the emulator's requests over the up (every action), and the status requests
              of the busiest polling round (the provider's round log)
  at once     the most jobs the provider's poller followed in one round: the creates that
              waited together (the dynamic provider's widened host, the plugin's threads)
  memory      the peak resident memory of the provider process (the dynamic provider's
              host, or the plugin) and of the CLI, sampled every 0.2 s from /proc

Loopback only; the emulator is a separate process.

    .venv/bin/python -m bench.bench_scale [--sizes 1,300,1000] [--training 5]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench._support import EmulatorProcess, machine_line, our_config, section, staged_entries
from tests.support.cli import (
    PLUGIN_VOICES_PROGRAM,
    RANDOM_STRING_PROGRAM,
    VOICES_PROGRAM,
    PulumiCli,
    Stack,
)
from tests.support.plugin import install_plugin, plugin_keys, python_sdk
from tests.support.probe import TrackerProbe

__all__ = ["KINDS", "MODES", "Up", "main"]

KINDS = ("dynamic", "plugin", "floor")
MODES = {"checkpoints": {}, "skipped": {"PULUMI_SKIP_CHECKPOINTS": "true"}}
"""Each up's checkpoint mode: the CLI's default, and checkpoints skipped."""
PROVIDER_MARKS = ("pulumi.dynamic", "resource-icevoice")
"""What the command line of a provider process holds (the dynamic host, the plugin)."""


@dataclass(frozen=True)
class Up:
    """One ``pulumi up`` as measured."""

    seconds: float
    ok: bool
    ice_requests: int
    busiest_round: int
    most_at_once: int
    provider_mb: float
    cli_mb: float
    error: str = ""


class PeakMemory:
    """The peak resident memory of a process tree's provider processes and of its CLI."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.provider_kb = 0
        self.cli_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            provider = cli = 0
            for pid, cmdline, rss in _processes_under(self.root):
                if any(mark in cmdline for mark in PROVIDER_MARKS):
                    provider += rss
                elif pid == self.root:
                    cli = rss
            self.provider_kb = max(self.provider_kb, provider)
            self.cli_kb = max(self.cli_kb, cli)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _processes_under(root: int) -> Iterator[tuple[int, str, int]]:
    """(pid, command line, VmRSS in kB) of ``root`` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    for pid in tree:
        with contextlib.suppress(OSError):
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            status = Path(f"/proc/{pid}/status").read_text()
            rss = next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")),
                0,
            )
            yield pid, cmdline, rss


def new_stack(
    cli: PulumiCli, kind: str, workdir: Path, url: str, count: int, plugin_sdk: Path
) -> tuple[Stack, list[str]]:
    """A fresh project and stack of ``kind`` declaring ``count`` resources; its voice ids."""
    if kind == "floor":
        stack = cli.stack(workdir, program=RANDOM_STRING_PROGRAM)
        stack.edit_config({"test:length": 8, "test:count": count})
        return stack, []
    ids = [f"{workdir.name}v{index:04d}" for index in range(count)]
    if kind == "plugin":
        stack = cli.stack(
            workdir,
            config=plugin_keys(our_config(url)),
            program=PLUGIN_VOICES_PROGRAM,
            pythonpath=(plugin_sdk,),
        )
    else:
        stack = cli.stack(workdir, config=our_config(url), program=VOICES_PROGRAM)
    stack.set_voices(staged_entries(ids))
    stack.edit_config({"test:exportOnly": "job_id"})  # one string each, as the floor exports
    return stack, ids


def timed_up(stack: Stack, emulator: EmulatorProcess, parallel: int, mode: str) -> Up:
    """``pulumi up --parallel N`` of the stack in ``mode``, measured."""
    probe = TrackerProbe()
    stack.extra_env.update({**MODES[mode], **probe.environment()})
    emulator.reset(counters_only=True)
    try:
        started = time.perf_counter()
        process = stack.popen("up", "--yes", "--skip-preview", "--parallel", str(parallel))
        memory = PeakMemory(process.pid)
        code = process.wait(timeout=3600)
        seconds = time.perf_counter() - started
        memory.stop()
        rounds = probe.rounds()
        output = stack.started_output()
    finally:
        for key in (*MODES[mode], *probe.environment()):
            stack.extra_env.pop(key, None)
        probe.close()
    errors = [line.strip() for line in output.splitlines() if "error" in line.lower()]
    return Up(
        seconds=seconds,
        ok=code == 0,
        ice_requests=int(emulator.requests().get("total", 0)),
        busiest_round=max((r.requests for r in rounds), default=0),
        most_at_once=max((r.jobs_in_flight for r in rounds), default=0),
        provider_mb=memory.provider_kb / 1024,
        cli_mb=memory.cli_kb / 1024,
        error="" if code == 0 else (errors[-1] if errors else f"exit {code}"),
    )


def _line(label: str, up: Up, one: float, floor: float | None) -> str:
    ratios = f"{up.seconds / one:5.2f} x one"
    if floor is not None:
        ratios += f", {up.seconds / floor:5.2f} x floor"
    ice = (
        f"ICE {up.ice_requests:5} requests, busiest round {up.busiest_round:2}, "
        f"at once {up.most_at_once:4}"
    )
    memory = f"memory provider {up.provider_mb:5.0f} MB, CLI {up.cli_mb:4.0f} MB"
    status = "" if up.ok else f"  !! FAILED: {up.error}"
    return f"   {label:22} {up.seconds:7.2f} s = {ratios}  | {ice} | {memory}{status}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,300,1000", help="resource counts (%(default)s)")
    parser.add_argument("--training", type=float, default=5.0, help="seconds (%(default)s)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="of %(default)s")
    args = parser.parse_args(argv)
    sizes = sorted({1, *(int(size) for size in args.sizes.split(",") if size.strip())})
    kinds = [kind for kind in KINDS if kind in args.kinds.split(",") or kind == "floor"]

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        cli = PulumiCli.build(work / "pulumi-home")
        install_plugin(cli)
        plugin_sdk = python_sdk(cli, work / "icevoice-sdk")
        print(f"bench_scale: {machine_line(cli)}")
        print(
            f"training {args.training:g} s, audio staged, --parallel N, file backend, "
            "a fresh stack per up; 'one' is the same program with one resource"
        )
        results: dict[tuple[str, int, str], Up] = {}
        stacks: dict[tuple[str, str], Stack] = {}
        with EmulatorProcess(args.training) as emulator:
            for count in sizes:
                with section(f"N = {count} at --parallel {count}"):
                    for mode in MODES:
                        for kind in ("floor", *(k for k in kinds if k != "floor")):
                            emulator.reset()
                            emulator.clock(args.training)
                            workdir = work / f"{kind}{count}{mode[0]}"
                            stack, ids = new_stack(
                                cli, kind, workdir, emulator.url, count, plugin_sdk
                            )
                            if ids:
                                emulator.stage(ids)
                            up = timed_up(stack, emulator, count, mode)
                            results[kind, count, mode] = up
                            stacks[kind, mode] = stack
                            floor = None if kind == "floor" else results["floor", count, mode]
                            print(
                                _line(
                                    f"{kind} {mode}",
                                    up,
                                    results[kind, 1, mode].seconds,
                                    floor.seconds if floor else None,
                                )
                            )
            largest = sizes[-1]
            with section(f"no-op up of the N = {largest} stacks (the same program again)"):
                for mode in MODES:
                    noop_floor = None
                    for kind in ("floor", *(k for k in kinds if k != "floor")):
                        up = timed_up(stacks[kind, mode], emulator, largest, mode)
                        noop_floor = noop_floor or up
                        print(
                            _line(
                                f"{kind} {mode}",
                                up,
                                results[kind, 1, mode].seconds,
                                None if kind == "floor" else noop_floor.seconds,
                            )
                        )
        print("\ngoals (issue 21), at the largest size:")
        for kind in (k for k in kinds if k != "floor"):
            skipped = results[kind, largest, "skipped"]
            kept = results[kind, largest, "checkpoints"]
            print(
                f"   {kind:8} skipped {skipped.seconds / results[kind, 1, 'skipped'].seconds:.2f}"
                f" x one voice (goal 2); checkpoints "
                f"{kept.seconds / results['floor', largest, 'checkpoints'].seconds:.2f} x floor"
                " (goal 1.1)"
            )


if __name__ == "__main__":
    main()
