"""examples/gitops/drift.py on the real CLI: `pulumi refresh --preview-only --json` of a
stack on the emulator, read into one exit code per outcome. 0 for a stack ICE has as
recorded; 2 when a voice is gone from ICE, that voice listed and the unchanged one not; 1
when the refresh itself fails (ICE refusing the stack's credentials, and, under `make slow`,
an endpoint that no longer answers, which the provider retries for up to two minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import REPO, PulumiCli, Stack
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice

DRIFT = REPO / "examples" / "gitops" / "drift.py"


def drift_check(stack: Stack) -> subprocess.CompletedProcess[str]:
    """The script in the stack's project directory, with the CLI the stack runs on PATH."""
    command = [sys.executable, str(DRIFT), "--stack", stack.name]
    return subprocess.run(
        command, cwd=stack.dir, env=stack.env, capture_output=True, text=True, timeout=600
    )


def _trained_stack(cli: PulumiCli, ice: IceUnderTest, project: Path) -> Stack:
    stack = cli.stack(project, config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1"), voice("spare", "spare1")])
    stack.up()
    return stack


def test_the_drift_check_tells_no_drift_a_deleted_voice_and_a_failed_refresh_apart(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = _trained_stack(cli, ice, tmp_path / "project")

    unchanged = drift_check(stack)
    assert (unchanged.returncode, unchanged.stdout) == (0, "no drift in stack dev\n"), unchanged

    # ICE loses spare1; narrator1 is there as trained (ICE forgets both, one comes back).
    ice.control.reset()
    ice.control.stage(["narrator1"], status="Success", voice_name="Voice narrator1")
    drifted = drift_check(stack)
    assert drifted.returncode == 2, drifted
    assert drifted.stdout.splitlines() == [
        "drift in stack dev: 1 deleted",
        "  deleted  spare  (pulumi-python:dynamic/ice:CustomizedVoice)",
    ]
    assert sorted(r["id"] for r in stack.resources()) == ["narrator1", "spare1"], "nothing written"

    ice.control.credentials(access_key_id="rotated-key-id")  # the stack's key is refused
    failed = drift_check(stack)
    assert failed.returncode == 1, failed
    assert failed.stderr.startswith("drift check failed (pulumi exited 1):"), failed.stderr
    assert "InvalidAccessKeyId.NotFound" in failed.stderr
    assert failed.stdout == ""


@pytest.mark.slow
def test_an_endpoint_that_no_longer_answers_is_a_failed_check_not_drift(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = _trained_stack(cli, ice, tmp_path / "project")
    ice.server.stop()  # nothing listens at the endpoint the stack's provider was configured with

    failed = drift_check(stack)

    assert failed.returncode == 1, failed
    assert "Connection refused" in failed.stderr, failed.stderr
