"""The module under test, ``provider/pulumi_ice_voice/_host.py``, loaded on its own.

_host.py imports nothing from its package, so the host tier loads it by path:
these tests do not depend on the rest of the provider, and the oldest-pulumi
venv (tests/host/test_oldest_pulumi.py) needs only pulumi and grpcio.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

NAME = "pulumi_ice_voice_host_under_test"
PATH = Path(__file__).resolve().parents[2] / "provider" / "pulumi_ice_voice" / "_host.py"


def _load() -> ModuleType:
    if NAME in sys.modules:
        return sys.modules[NAME]
    spec = importlib.util.spec_from_file_location(NAME, PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


host = _load()
