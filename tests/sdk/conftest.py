"""Fixtures for the icevoice unit tier: no network, no real credentials, no real sleeping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import icevoice
from icevoice import _credentials
from tests.sdk.icevoice_fakes import ACCESS_KEY_ID, ACCESS_KEY_SECRET, FakeClock, FakeIce

_CREDENTIAL_VARIABLES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "ALIBABA_CLOUD_ECS_METADATA",
)


@pytest.fixture(autouse=True)
def hermetic_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """No developer key, profile or RAM role can leak into a test.

    The environment is cleared, HOME points to an empty directory, and the optional
    official chain is disabled (tests that want it install a fake; the real library is
    exercised in subprocesses with their own HOME).
    """
    for name in _CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    monkeypatch.setattr(_credentials, "_load_official_client", lambda: None)


@pytest.fixture
def fake_ice() -> FakeIce:
    return FakeIce()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(
    fake_ice: FakeIce, fake_clock: FakeClock
) -> Iterator[Callable[..., icevoice.IceClient]]:
    """Build clients on the fake transport, with explicit test keys and a fake clock."""
    clients: list[icevoice.IceClient] = []

    def factory(**kwargs: Any) -> icevoice.IceClient:
        kwargs.setdefault("transport", fake_ice.transport)
        if "credentials" not in kwargs:
            kwargs.setdefault("access_key_id", ACCESS_KEY_ID)
            kwargs.setdefault("access_key_secret", ACCESS_KEY_SECRET)
        kwargs.setdefault(
            "retry",
            icevoice.RetryPolicy(sleep=fake_clock.sleep, clock=fake_clock, random=lambda: 1.0),
        )
        client = icevoice.IceClient(**kwargs)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()
