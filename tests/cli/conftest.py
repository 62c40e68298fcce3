"""The real Pulumi CLI tier: fixtures.

    def test_something(cli, ice, tmp_path):
        stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
        stack.set_voices([voice("narrator")])      # tests/cli/programs/voices
        stack.up()

`cli` is built once per session by scripts/pulumi-from-source.sh (`make test` builds it
before pytest starts, so here it is found in the cache); a build failure is an error of
every test of the tier, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import LOOPBACK_VAULT, PulumiCli
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.plugin import install_plugin, python_sdk


@pytest.fixture(scope="session")
def cli(tmp_path_factory: pytest.TempPathFactory) -> PulumiCli:
    """The CLI, its stacks' secrets on the loopback Vault stand-in (tests/support/vault.py)."""
    return PulumiCli.build(tmp_path_factory.mktemp("pulumi-home"), secrets_provider=LOOPBACK_VAULT)


@pytest.fixture
def ice(tmp_path: Path) -> Iterator[IceUnderTest]:
    """An emulator of the test's own (its own store, counters and faults)."""
    with running_emulator(tmp_path, training_seconds=0.5) as under_test:
        yield under_test


@pytest.fixture(scope="session")
def plugin_sdk(cli: PulumiCli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin installed into the session's PULUMI_HOME, and the directory of the
    Python SDK generated from its schema (for the plugin_voices program's PYTHONPATH)."""
    install_plugin(cli)
    return python_sdk(cli, tmp_path_factory.mktemp("icevoice-sdk"))
