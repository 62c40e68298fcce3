"""Fixtures of the emulator tier: official SDK clients, raw signed HTTP, the control API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
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


@pytest.fixture
def control(emulator: EmulatorServer) -> Iterator[Callable[..., Any]]:
    """`control(method, path, body)` -> the reply's JSON (asserting HTTP 200)."""
    with httpx.Client(base_url=f"{emulator.url}/_emulator", timeout=10.0) as http:

        def call(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
            reply = http.request(method, path, json=body)
            assert reply.status_code == 200, reply.text
            return reply.json()

        yield call


@pytest.fixture
def speech(fresh_emulator: Any, control: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """A fresh emulator whose synthesis takes 1 ms a character; `speech(rate)` changes it."""

    def pace(seconds_per_character: float) -> None:
        control("POST", "/clock", {"synthesis_seconds_per_character": seconds_per_character})

    pace(0.001)
    try:
        yield pace
    finally:
        pace(0.02)
