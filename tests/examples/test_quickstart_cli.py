"""The Automation API example through the real Pulumi CLI (make up: tests/cli/test_quickstart.py).

These run only where a `pulumi` binary is on PATH (no package registry carries it, so CI
machines here have none) and say why they skipped otherwise. Without it, the same programs
are run through the real dynamic-provider host in test_quickstart_host.py.
"""

from __future__ import annotations

import io
import json
import os
import runpy
import shutil
import subprocess
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from tests.examples.ice_example_mocks import REPO

PULUMI = shutil.which("pulumi")
needs_pulumi = pytest.mark.skipif(
    PULUMI is None,
    reason="the Pulumi CLI is not on PATH (install it: https://www.pulumi.com/docs/iac/download-install/); "
    "tests/examples/test_quickstart_host.py drives the same program through the provider host",
)
AUTOMATION = REPO / "examples" / "automation-api" / "provision.py"


def _cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PULUMI_BACKEND_URL": (tmp_path / "backend").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "test-passphrase",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }


@needs_pulumi
def test_automation_api_provisions_and_destroys_a_voice(tmp_path: Path) -> None:
    env = _cli_env(tmp_path)
    del env["PULUMI_BACKEND_URL"]  # the script's own local backend under --state-dir
    base = [
        str(REPO / ".venv" / "bin" / "python"),
        str(AUTOMATION),
        "--state-dir",
        str(tmp_path / "state"),
    ]

    up = subprocess.run(base, env=env, capture_output=True, text=True, timeout=600)
    destroy = subprocess.run(
        [*base, "--destroy"], env=env, capture_output=True, text=True, timeout=600
    )

    assert up.returncode == 0, up.stdout + up.stderr
    outputs = json.loads(up.stdout[up.stdout.rindex("\n{") :])
    assert outputs["voiceId"] == "automationdemo"
    assert outputs["status"] == "Success"
    assert destroy.returncode == 0, destroy.stdout + destroy.stderr


def test_automation_api_without_the_cli_stops_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    script = runpy.run_path(str(AUTOMATION), run_name="provision")
    stderr = io.StringIO()

    with redirect_stderr(stderr):
        code = script["main"](["--state-dir", str(tmp_path / "state")])

    assert code == 1
    [sentence] = stderr.getvalue().strip().splitlines()
    assert (
        "Pulumi CLI" in sentence and "https://www.pulumi.com/docs/iac/download-install/" in sentence
    )
