"""The widening inside a real ``python -m pulumi.dynamic`` host, driven over gRPC.

test_oldest_pulumi.py runs these same tests in a venv with the oldest pulumi allowed.
"""

from __future__ import annotations

import re

import pytest

from tests.engine.harness import ProviderHost

from .host_driver import concurrent_creates
from .toy_concurrency_provider import ConcurrencyProbe

CALLS = 12
WARNING = re.compile(
    r"^pulumi-ice-voice: could not widen the dynamic provider host's worker pool \(.+\); "
    r"running with 4 concurrent operations$"
)


def _our_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("pulumi-ice-voice:")]


def test_widened_host_runs_twelve_creates_at_once(host_python: str) -> None:
    with ProviderHost(python=host_python) as host:
        peak, outs = concurrent_creates(
            host, ConcurrencyProbe(widen_to=16), mode="together", count=CALLS
        )
    assert peak == CALLS
    assert outs[0]["widenings"] == ["widened", "already_wide"]
    assert outs[0]["details"][0] == "host worker pool raised from 4 to 16"
    assert _our_lines(host.stderr_text()) == []


def test_host_without_widening_runs_at_most_four_creates_at_once(host_python: str) -> None:
    with ProviderHost(python=host_python) as host:
        peak, outs = concurrent_creates(host, ConcurrencyProbe(), mode="count", count=CALLS)
    assert peak == 4
    assert len(outs) == CALLS


@pytest.mark.parametrize(
    ("sabotage", "reason"),
    [
        ("rename_state", "_Server has no _state"),
        ("foreign_executor", "the server's thread pool is a _ForwardingExecutor"),
    ],
)
def test_host_whose_pool_cannot_be_found_says_so_once_and_keeps_working(
    host_python: str, sabotage: str, reason: str
) -> None:
    with ProviderHost(python=host_python) as host:
        peak, outs = concurrent_creates(
            host, ConcurrencyProbe(widen_to=16, sabotage=sabotage), mode="count", count=CALLS
        )
    assert len(outs) == CALLS
    assert peak == 4
    assert outs[0]["widenings"] == ["unavailable", "unavailable"]
    (line,) = _our_lines(host.stderr_text())
    assert WARNING.match(line), line
    assert reason in line
    assert host.returncode == 0  # and it still stops cleanly
