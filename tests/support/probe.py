"""Read the provider's JobTracker rounds from inside a provider process the CLI started.

    probe = TrackerProbe()
    stack.extra_env.update(probe.environment())
    stack.up()                                # the provider logs its rounds
    rounds = probe.rounds()                   # one Round per polling round, wall clock
    probe.close()

The provider's own round log (PULUMI_ICE_VOICE_ROUND_LOG, _core/tracker.py) appends one
JSON line per round to the probe's file; the CLI passes its environment on to the plugins
it starts, so the dynamic provider's host and the plugin both log.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pulumi_ice_voice._core.tracker import ROUND_LOG_VARIABLE

__all__ = ["Round", "TrackerProbe"]


@dataclass(frozen=True)
class Round:
    """One JobTracker round: when (time.time()), how many jobs and lookups, what it cost."""

    start: float
    end: float
    jobs_in_flight: int
    lookups: int
    requests: int
    voice_reads: int = 0
    voice_requests: int = 0


class TrackerProbe:
    """A file the host's tracker logs its rounds to, and the host options that arm it."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="ice-tracker-", suffix=".jsonl")
        os.close(handle)
        self.path = Path(name)

    def environment(self) -> dict[str, str]:
        """What to add to the environment of `pulumi` so that its provider logs its
        rounds here."""
        return {ROUND_LOG_VARIABLE: str(self.path)}

    def rounds(self) -> list[Round]:
        """Every round logged so far, in order."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as lines:
            return [Round(**json.loads(line)) for line in lines if line.strip()]

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
