"""The host widening and the plugin's core cases again, with the oldest pulumi the package
allows (3.171: the first with `pulumi.provider.experimental`, which the plugin is built on).

Slow (it installs pulumi and its grpcio from PyPI): `pytest -m slow tests/cli`. The
floor is read from pyproject.toml, so raising it there moves this test too. The program
and the provider host run in that virtualenv under today's CLI, as a user pinned to the
oldest pulumi would run them. The venv uses the interpreter running pytest; list more in
PULUMI_ICE_VOICE_TEST_PYTHONS, separated by os.pathsep (the host's thread pool is the
standard library's, so its version matters too). The plugin runs from a virtualenv of
that pulumi and this package installed as a user installs it (not editable).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from icevoice import __version__
from tests.support.cli import (
    LOOPBACK_VAULT,
    PLUGIN_VOICES_PROGRAM,
    REPO,
    PulumiCli,
    interrupt,
    wait_for,
)
from tests.support.cli_reading import IN_PROGRESS
from tests.support.emulator import IceUnderTest
from tests.support.plugin import plugin_config
from tests.support.toys import CALLS, WARNING, up_toys
from tests.support.voices import voice

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

_PRINT_VERSIONS = (
    "import sys, importlib.metadata as m; "
    "print(sys.version.split()[0], m.version('pulumi'), m.version('grpcio'), m.version('dill'))"
)


def oldest_allowed_pulumi() -> str:
    match = re.search(r'"pulumi>=([0-9.]+)\s*,', (REPO / "pyproject.toml").read_text())
    assert match, "pyproject.toml has no pulumi>=X,... dependency"
    return match.group(1)


def _interpreters() -> list[str]:
    extra = os.environ.get("PULUMI_ICE_VOICE_TEST_PYTHONS", "")
    return [sys.executable, *(path for path in extra.split(os.pathsep) if path)]


@pytest.fixture(scope="module", params=_interpreters(), ids=lambda path: Path(path).name)
def oldest_venv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("oldest-pulumi") / "venv"
    subprocess.run([request.param, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pulumi = f"pulumi=={oldest_allowed_pulumi()}"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", pulumi],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, f"pip install {pulumi} failed:\n{installed.stderr[-3000:]}"
    versions = subprocess.run(
        [python, "-c", _PRINT_VERSIONS], capture_output=True, text=True, check=True
    )
    print(f"venv: python, pulumi, grpcio, dill = {versions.stdout.split()}")
    return venv


def test_the_oldest_pulumi_host_is_widened_to_run_twelve_creates_at_once(
    cli: PulumiCli, oldest_venv: Path, tmp_path: Path
) -> None:
    outs, printed = up_toys(cli, tmp_path, virtualenv=oldest_venv, mode="together", widen_to=16)
    assert {out["peak"] for out in outs} == {CALLS}
    assert outs[0]["details"][0] == "host worker pool raised from 4 to 16"
    assert not WARNING.search(printed)


def test_the_oldest_pulumi_host_unwidened_runs_at_most_four(
    cli: PulumiCli, oldest_venv: Path, tmp_path: Path
) -> None:
    outs, _ = up_toys(cli, tmp_path, virtualenv=oldest_venv, mode="count")
    assert max(out["peak"] for out in outs) <= 4
    assert any(out["saturated"] for out in outs)


@pytest.fixture(scope="module")
def oldest_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin's console script in a virtualenv of the oldest pulumi and this package
    (installed from the checkout as a user installs it: not editable)."""
    venv = tmp_path_factory.mktemp("oldest-plugin") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pulumi = f"pulumi=={oldest_allowed_pulumi()}"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", pulumi, str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, f"pip install {pulumi} . failed:\n{installed.stderr[-3000:]}"
    return venv / "bin" / "pulumi-resource-icevoice"


@pytest.fixture(scope="module")
def oldest_plugin_cli(oldest_plugin: Path, tmp_path_factory: pytest.TempPathFactory) -> PulumiCli:
    """Today's CLI with a PULUMI_HOME of its own, holding the plugin of the oldest pulumi."""
    cli = PulumiCli.build(
        tmp_path_factory.mktemp("oldest-plugin-home"), secrets_provider=LOOPBACK_VAULT
    )
    install = ["plugin", "install", "resource", "icevoice", __version__, "--file"]
    cli.run([*install, str(oldest_plugin)], cwd=cli.home)
    return cli


def test_the_plugin_on_the_oldest_pulumi_trains_refreshes_and_destroys(
    oldest_plugin_cli: PulumiCli, plugin_sdk: Path, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = oldest_plugin_cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([voice("narrator", "narrator01")])
    stack.up()
    assert stack.outputs()["narrator"]["status"] == "Success"
    before = ice.total_requests()
    assert "2 unchanged" in stack.up().stdout
    assert ice.total_requests() == before
    stack.refresh()
    stack.destroy()
    assert stack.outputs() == {}


def test_the_plugin_on_the_oldest_pulumi_keeps_a_failed_training_as_partial_state(
    oldest_plugin_cli: PulumiCli, plugin_sdk: Path, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = oldest_plugin_cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([voice("failing", "failing01")])
    ice.control.faults(fail_voice_ids=["failing01"])

    assert stack.up(check=False).returncode != 0

    [job] = ice.jobs_of("failing01")
    [resource] = stack.resources("icevoice:index:CustomizedVoice")
    assert resource["outputs"]["jobId"] == job["JobId"]
    assert resource["initErrors"][0].startswith("training of voice failing01 failed")
    ice.control.faults()
    stack.up()
    assert stack.outputs()["failing"]["status"] == "Success"
    assert [j["JobId"] for j in ice.jobs_of("failing01")] == [job["JobId"]]


def test_the_plugin_on_the_oldest_pulumi_ends_its_wait_at_ctrl_c_and_keeps_the_job(
    oldest_plugin_cli: PulumiCli, plugin_sdk: Path, ice: IceUnderTest, tmp_path: Path
) -> None:
    """pulumi before 3.230 forwards no Cancel to the provider: the plugin's servicer does."""
    ice.control.clock(600)
    stack = oldest_plugin_cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([voice("waiting", "waiting01")])
    running = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: any(j["Status"] in IN_PROGRESS for j in ice.jobs_of("waiting01")), "training")

    interrupt(running, signal.SIGINT)
    running.wait(timeout=120)

    [job] = ice.jobs_of("waiting01")
    [resource] = stack.resources("icevoice:index:CustomizedVoice")
    assert "was cancelled" in resource["initErrors"][0], stack.started_output()
    assert resource["outputs"]["jobId"] == job["JobId"]
