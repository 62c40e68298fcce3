"""Fixtures of the emulator tier: official SDK clients and raw signed HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from alibabacloud_ice20201109.client import Client

from ice_emulator import EmulatorServer

from ._raw import RawIce
from ._sdk import sdk_client


@pytest.fixture(scope="session")
def make_client(emulator: EmulatorServer) -> Callable[..., Client]:
    return lambda **config: sdk_client(emulator.url, **config)


@pytest.fixture
def ice(make_client: Callable[..., Client], fresh_emulator: Any) -> Client:
    """An official SDK client (V3 signatures) of a freshly reset emulator."""
    return make_client()


@pytest.fixture
def raw(emulator: EmulatorServer) -> Iterator[RawIce]:
    client = RawIce(emulator.url)
    try:
        yield client
    finally:
        client.close()
