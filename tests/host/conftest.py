"""Fixtures of the host tier."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def host_python() -> str:
    """The interpreter that runs ``python -m pulumi.dynamic`` (test_oldest_pulumi overrides it)."""
    return sys.executable
