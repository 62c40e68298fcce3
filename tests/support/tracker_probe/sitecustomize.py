"""A probe of the provider's job tracker, loaded into ``python -m pulumi.dynamic``.

Put this directory on the host's PYTHONPATH (``ProviderHost(pythonpath=[PROBE_DIR])``)
and set ``ICE_TRACKER_PROBE`` to a file path: Python imports ``sitecustomize`` at
start-up, and this one arranges that, once the provider imports
``pulumi_ice_voice._tracker``, every polling round of ``JobTracker`` appends one JSON
line to that file::

    {"start": <time.time()>, "end": ..., "jobs_in_flight": n, "lookups": n, "requests": n}

(the ``RoundStats`` the tracker records in ``history``, with wall-clock times). The
tracker module is patched when the provider imports it, not imported here, so the host
starts and loads the provider exactly as it does without the probe. Without the
environment variable it does nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import sys
import threading
import time
from types import ModuleType
from typing import Any

_TARGET = "pulumi_ice_voice._tracker"


def _patch(module: ModuleType, path: str) -> None:
    tracker_class = module.JobTracker
    original = tracker_class._round
    lock = threading.Lock()

    def _round(self: Any, lookups: list[Any], watches: list[Any]) -> None:
        start = time.time()
        try:
            original(self, lookups, watches)
        finally:
            stats = self.history[-1]
            line = json.dumps(
                {
                    "start": start,
                    "end": time.time(),
                    "jobs_in_flight": stats.jobs_in_flight,
                    "lookups": stats.lookups,
                    "requests": stats.requests,
                }
            )
            with lock, open(path, "a", encoding="utf-8") as sink:
                sink.write(line + "\n")

    tracker_class._round = _round


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, inner: Any, path: str) -> None:
        self._inner = inner
        self._path = path

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        _patch(module, self._path)


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps the loader of the tracker module; every other import goes on as usual."""

    def __init__(self, path: str) -> None:
        self._path = path

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != _TARGET:
            return None
        spec = None
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _PatchingLoader(spec.loader, self._path)
        return spec


_PROBE_PATH = os.environ.get("ICE_TRACKER_PROBE")
if _PROBE_PATH:
    sys.meta_path.insert(0, _Finder(_PROBE_PATH))
