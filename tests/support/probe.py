"""Read the provider's JobTracker rounds from inside a real ``python -m pulumi.dynamic``.

    probe = TrackerProbe()
    stack.extra_env.update(probe.environment())
    stack.up()                                # the CLI's provider host logs its rounds
    rounds = probe.rounds()                   # one Round per polling round, wall clock
    probe.close()

The host imports ``probe/sitecustomize.py`` at start-up (it is put on the host's
PYTHONPATH), which wraps ``JobTracker._round`` once the provider imports the tracker
and appends one JSON line per round to the probe's file. Nothing else in the host
changes: the provider loads and runs as it does without the probe.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PROBE_DIR", "Round", "TrackerProbe"]

PROBE_DIR = Path(__file__).resolve().parent / "tracker_probe"


@dataclass(frozen=True)
class Round:
    """One JobTracker round: when (time.time()), how many jobs and lookups, what it cost."""

    start: float
    end: float
    jobs_in_flight: int
    lookups: int
    requests: int


class TrackerProbe:
    """A file the host's tracker logs its rounds to, and the host options that arm it."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="ice-tracker-", suffix=".jsonl")
        os.close(handle)
        self.path = Path(name)

    def host_options(self, **options: Any) -> dict[str, Any]:
        """ProviderHost keyword arguments (merged into ``options``) that load the probe."""
        env = dict(options.pop("env", None) or {})
        env["ICE_TRACKER_PROBE"] = str(self.path)
        pythonpath = [PROBE_DIR, *options.pop("pythonpath", ())]
        return {**options, "env": env, "pythonpath": pythonpath}

    def environment(self) -> dict[str, str]:
        """What to add to the environment of `pulumi` so that its provider host logs
        its rounds here (the CLI passes its environment on to the plugins it starts)."""
        return {"ICE_TRACKER_PROBE": str(self.path), "PYTHONPATH": str(PROBE_DIR)}

    def rounds(self) -> list[Round]:
        """Every round logged so far, in order."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as lines:
            return [Round(**json.loads(line)) for line in lines if line.strip()]

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
