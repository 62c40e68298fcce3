"""The release tier: what `make dist` wrote into dist/, installed as a user installs it.

Fixtures are per session: one check that dist/ is current (an error, never a skip, when it
is not: run `make dist`), one PULUMI_HOME into which the plugin archive of this platform is
installed, one virtualenv with the wheels of dist/, one emulator standing in for ICE.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.release import DIST, CleanCli, current_dist, fresh_virtualenv


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    """dist/manifest.json (version, sizes), dist/ being current."""
    return current_dist()


@pytest.fixture(scope="session")
def version(manifest: dict[str, Any]) -> str:
    return str(manifest["version"])


@pytest.fixture(scope="session")
def clean_cli(tmp_path_factory: pytest.TempPathFactory) -> CleanCli:
    return CleanCli.of(tmp_path_factory.mktemp("release") / "pulumi-home")


@pytest.fixture(scope="session")
def installed(
    clean_cli: CleanCli, version: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The plugin and the virtualenv, installed side by side (each mostly waits for pip)."""
    wheels = [
        f"{DIST / f'pulumi_ice_voice-{version}-py3-none-any.whl'}[emulator]",
        str(DIST / f"pulumi_icevoice-{version}-py3-none-any.whl"),
    ]
    venv = tmp_path_factory.mktemp("release-venv") / "env"
    with ThreadPoolExecutor(2) as pool:
        plugin = pool.submit(clean_cli.install_plugin_archive, version)
        python = pool.submit(fresh_virtualenv, venv, wheels)
        return plugin.result(), python.result()


@pytest.fixture(scope="session")
def installed_plugin(installed: tuple[str, Path]) -> str:
    """The plugin installed from its archive alone; what `pulumi plugin install` printed."""
    return installed[0]


@pytest.fixture(scope="session")
def release_python(installed: tuple[str, Path]) -> Path:
    """A fresh virtualenv with pulumi-ice-voice (and its emulator extra) and the generated
    SDK, both from the wheels of dist/; its python."""
    return installed[1]


@pytest.fixture(scope="session")
def release_ice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path_factory.mktemp("release-ice"), training_seconds=0.3) as ice:
        yield ice
