"""The widening of Pulumi's dynamic-provider host, inside the host the real CLI starts.

Twelve toy creates at `--parallel 12` that wait for each other, so that their outputs say
how many ran at once (tests/dynamic/toy_concurrency_provider.py). Widened, the host runs all
twelve. Unmodified it runs four, and then it stalls the whole deployment: the engine sends
Check requests one at a time, and with four creates waiting the next Check waits in the
host's queue, so the engine sends nothing more until a create ends (read in the engine's
gRPC log: toy-5's Create and toy-8's Check queued while four creates held the workers).
With internals the widening does not recognise (as a future pulumi or grpcio could have
them), the provider says so in one line and the host keeps its four workers.
tests/dynamic/test_host_pool.py tests the same code in-process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import PulumiCli
from tests.support.toys import CALLS, WARNING, up_toys

# Counts what runs at once or how fast: alone, after the parallel run (make test).
pytestmark = pytest.mark.serial


def test_the_widened_host_runs_twelve_creates_at_once(cli: PulumiCli, tmp_path: Path) -> None:
    outs, printed = up_toys(cli, tmp_path, mode="together", widen_to=16)

    assert {out["peak"] for out in outs} == {CALLS}
    assert outs[0]["widenings"] == ["widened", "already_wide"]
    assert outs[0]["details"][0] == "host worker pool raised from 4 to 16"
    assert "could not widen" not in printed


def test_the_host_without_widening_runs_at_most_four_creates_at_once(
    cli: PulumiCli, tmp_path: Path
) -> None:
    outs, _ = up_toys(cli, tmp_path, mode="count")

    assert max(out["peak"] for out in outs) <= 4
    assert any(out["saturated"] for out in outs), "calls waited while four ran"


@pytest.mark.parametrize(
    ("sabotage", "reason"),
    [
        ("rename_state", "_Server has no _state"),
        ("foreign_executor", "the server's thread pool is a _ForwardingExecutor"),
    ],
)
def test_a_host_whose_pool_cannot_be_found_says_so_once_and_keeps_working(
    cli: PulumiCli, tmp_path: Path, sabotage: str, reason: str
) -> None:
    outs, printed = up_toys(cli, tmp_path, mode="count", widen_to=16, sabotage=sabotage)

    assert max(out["peak"] for out in outs) <= 4
    assert any(out["saturated"] for out in outs), "calls waited while four ran"
    assert outs[0]["widenings"] == ["unavailable", "unavailable"]
    reasons = WARNING.findall(printed)
    assert len(set(reasons)) == 1 and reason in reasons[0], printed
