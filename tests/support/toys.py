"""The toys program (tests/cli/programs/toys) through the real CLI: how many creates run at once.

    outs, printed = up_toys(cli, tmp_path, mode="together", widen_to=16)
    {out["peak"] for out in outs}             # {12}: the widened host ran all twelve at once

Twelve toy creates at `--parallel 12` that wait for each other, so that their outputs say
how many ran at once (tests/dynamic/toy_concurrency_provider.py). Used by
tests/cli/test_host_widening.py and, in a virtualenv with the oldest pulumi the package
allows, tests/cli/test_oldest_pulumi.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.support.cli import REPO, TOYS_PROGRAM, VENV, PulumiCli

__all__ = ["CALLS", "WARNING", "up_toys"]

CALLS = 12
WARNING = re.compile(
    r"pulumi-ice-voice: could not widen the dynamic provider host's worker pool \((.+)\); "
    r"running with 4 concurrent operations"
)
"""The one line a provider that cannot widen its host prints (group 1: the reason)."""


def up_toys(
    cli: PulumiCli, tmp_path: Path, *, virtualenv: Path = VENV, **toys: Any
) -> tuple[list[dict[str, Any]], str]:
    """`pulumi up --parallel 12` of twelve toys configured with ``toys`` (`mode`, `widen_to`,
    `sabotage`), the program and the host in ``virtualenv``: each toy's outputs, in order,
    and everything the up printed."""
    stack = cli.stack(
        tmp_path / "project",
        program=TOYS_PROGRAM,
        virtualenv=virtualenv,
        config={"test:toys": {"count": CALLS, **toys}},
    )
    if virtualenv != VENV:
        # A virtualenv without this package (the oldest pulumi's): the widening module is
        # imported from the source tree, with nothing else of the provider.
        stack.pythonpath = (*stack.pythonpath, REPO / "provider")
    result = stack.up("--parallel", str(CALLS))
    outputs = stack.outputs()
    return [outputs[f"toy-{i}"] for i in range(CALLS)], result.output
