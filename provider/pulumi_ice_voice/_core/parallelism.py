"""Noticing the engine's step limit while creates wait: the parallelism trap.

`pulumi up` runs at most `--parallel` resource operations at once (4 x GOMAXPROCS unless
`--parallel` or PULUMI_PARALLEL says otherwise: 8 on 2 cores), and a create that waits for a
training holds its slot for the whole training: 300 voices at the default train 8 at a time.
The provider sees the creates it checked and every create running, so it can tell: when
creates are waiting, none has started for a while, none has ended, and checked ones have
not started, they are queued behind the engine's limit (which the engine does not tell
providers). It says so once, early, with how many run at once and the flag to pass. It
costs no request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .lines import say

if TYPE_CHECKING:
    from .session import Session

__all__ = ["SETTLE_SECONDS", "Parallelism"]

#: How long creates must wait with nothing starting or ending before the limit is named.
SETTLE_SECONDS = 3.0


class Parallelism:
    """Counts planned, running and ended creates of resources that wait; warns once."""

    def __init__(
        self,
        session: Session | None = None,
        *,
        settle: float = SETTLE_SECONDS,
        say: Callable[[str], None] = say,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settle = settle
        self._say = say
        self._clock = clock
        self._lock = threading.Lock()
        self._planned: set[str] = set()
        self._running: set[str] = set()
        self._ended: set[str] = set()
        self._last_change = clock()
        self._timer: threading.Timer | None = None
        self.warned = False

    def planned(self, identity: str) -> None:
        """A create that will wait was checked (its identity: a voice id, a name in ICE)."""
        with self._lock:
            self._planned.add(identity)

    def started(self, identity: str) -> None:
        with self._lock:
            self._running.add(identity)
            self._last_change = self._clock()
            self._arm()

    def ended(self, identity: str) -> None:
        with self._lock:
            self._running.discard(identity)
            self._ended.add(identity)
            self._last_change = self._clock()

    def _arm(self) -> None:
        if self.warned or self._timer is not None:
            return
        self._timer = threading.Timer(self._settle, self._look)
        self._timer.daemon = True
        self._timer.start()

    def _look(self) -> None:
        with self._lock:
            self._timer = None
            if self.warned or not self._running:
                return
            quiet = self._clock() - self._last_change
            if quiet < self._settle:
                self._arm()  # something started or ended meanwhile: look again later
                return
            waiting = len(self._planned - self._running - self._ended)
            if waiting <= 0:
                return
            running = len(self._running)
            self.warned = True
        # The engine checks a resource only when a step slot frees, so how many more wait
        # is not known here: at least those checked and not started.
        self._say(
            f"{running} voices are training at once and at least {waiting} more wait for a "
            "slot: `pulumi up` runs at most --parallel resource operations at once (by "
            "default 4 x the machine's cores, here it is "
            f"{running}), and each waiting create holds one for its whole training. Run "
            "`pulumi up --parallel <the number of voices the stack creates>` (or set "
            "PULUMI_PARALLEL) to train them all at once"
        )
