"""The parallelism trap, noticed from the creates the provider sees (core.parallelism)."""

from __future__ import annotations

import threading

from pulumi_ice_voice._core.parallelism import Parallelism


def _watch(settle: float = 0.05) -> tuple[Parallelism, list[str], threading.Event]:
    said: list[str] = []
    heard = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        heard.set()

    return Parallelism(settle=settle, say=say), said, heard


def test_creates_queued_behind_the_engines_limit_are_named_once() -> None:
    watch, said, heard = _watch()
    for n in range(10):
        watch.planned(f"v{n}")
    for n in range(4):
        watch.started(f"v{n}")

    assert heard.wait(5)
    [line] = said
    assert line.startswith("4 voices are training at once and at least 6 more wait for a slot")
    assert "here it is 4" in line and "pulumi up --parallel" in line
    watch.started("v4")  # later creates say nothing more
    assert not threading.Event().wait(0.2) and said == [line]


def test_creates_that_all_started_are_not_queued() -> None:
    watch, said, heard = _watch()
    for n in range(5):
        watch.planned(f"v{n}")
        watch.started(f"v{n}")
    assert not heard.wait(0.3) and said == []


def test_creates_still_starting_or_ending_are_not_stuck() -> None:
    watch, said, heard = _watch(settle=0.2)
    for n in range(6):
        watch.planned(f"v{n}")
    watch.started("v0")
    for n in range(1, 6):  # a slow engine starting one every 0.1 s: never quiet for 0.2 s
        threading.Event().wait(0.1)
        watch.started(f"v{n}")
    assert not heard.wait(0.4) and said == [], "all started: nothing waits"
