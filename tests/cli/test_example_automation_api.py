"""examples/automation-api/provision.py, run for real with the built Pulumi CLI on PATH.

The script runs as its README says (`.venv/bin/python provision.py ...`, the virtualenv not
activated) with its own local backend, workspace and embedded emulator under --state-dir.
It has no preview and no refresh: its preview runs its own `open_stack` through the
Automation API, and the CLI itself refreshes and reads the stack of the workspace the script
made. The embedded emulator's request counters end with the provider process; its store
keeps a signature nonce for every request it accepted, which is what is counted here.
"""

from __future__ import annotations

import io
import json
import os
import re
import runpy
import subprocess
from contextlib import redirect_stderr
from pathlib import Path

import pytest
import yaml

from tests.support.cli import REPO, PulumiCli, Stack
from tests.support.examples import EXAMPLES, embedded_signed_requests
from tests.support.voices import FAST_POLLING

PROVISION = EXAMPLES / "automation-api" / "provision.py"
PYTHON = REPO / ".venv" / "bin" / "python"
# README: `provision.py --voice-id support01 --voice-name "Support line" --gender male ...`
REQUEST = [
    "--voice-id",
    "support01",
    "--voice-name",
    "Support line",
    "--gender",
    "male",
    "--scenario",
    "interaction",
]
# What the script's own open_stack previews (the script only runs up and destroy).
PREVIEW = """
import runpy, sys
script = runpy.run_path(sys.argv[1], run_name="provision")
args = script["parse_args"](sys.argv[2:])
request = script["VoiceRequest"](voice_id=args.voice_id, voice_name=args.voice_name,
                                 gender=args.gender, scenario=args.scenario)
print(script["open_stack"](args, request).preview().stdout)
"""


def script_env(cli: PulumiCli) -> dict[str, str]:
    """The CLI's environment (its bin dir first on PATH), without the virtualenv's bin dir:
    the script runs as `.venv/bin/python provision.py`, nothing activated."""
    env = cli.env()
    venv_bin = (REPO / ".venv" / "bin").resolve()
    env["PATH"] = os.pathsep.join(
        p for p in env["PATH"].split(os.pathsep) if p and Path(p).resolve() != venv_bin
    )
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(PYTHON), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def printed_outputs(stdout: str) -> dict[str, str]:
    """The outputs provision.py prints last, as JSON."""
    return dict(json.loads(stdout[stdout.rindex("\n{") :]))


def test_provision_trains_the_requested_voice_a_second_run_changes_nothing_destroy_forgets_it(
    cli: PulumiCli, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    data_dir = state / "ice-emulator"  # the script's embedded emulator, under --state-dir
    # Stack config set by the test (the script sets only ice:region, ice:endpoint and
    # ice:embeddedDataDir): a short training on the embedded emulator, polled often.
    (state / "workspace").mkdir(parents=True)
    (state / "workspace" / "Pulumi.dev.yaml").write_text(
        yaml.safe_dump({"config": {"ice:embeddedTrainingSeconds": "0.5", **FAST_POLLING}})
    )
    env = script_env(cli)
    provision = [str(PROVISION), "--state-dir", str(state), *REQUEST]

    preview = run(["-c", PREVIEW, *provision], env, tmp_path)
    assert "+ 2 to create" in preview.stdout, preview.stdout
    assert embedded_signed_requests(data_dir) == 0, "a preview calls no ICE API"

    up = run(provision, env, tmp_path)
    outputs = printed_outputs(up.stdout)
    assert (outputs["voiceId"], outputs["status"]) == ("support01", "Success")
    assert re.fullmatch(r"[0-9a-f]{32}", outputs["jobId"])
    media = re.fullmatch(r"http://127\.0\.0\.1:\d+/media/(\w+)\.wav", outputs["demoAudioUrl"])
    assert media, outputs["demoAudioUrl"]
    # Served by the emulator inside the provider process, gone with it: the WAV is on disk.
    [wav] = data_dir.rglob(f"{media[1]}.wav")
    assert wav.read_bytes()[:4] == b"RIFF"
    requests = embedded_signed_requests(data_dir)
    assert requests > 20, "the voice was trained on the embedded emulator"

    again = run(provision, env, tmp_path)
    assert "2 unchanged" in again.stdout, again.stdout
    assert printed_outputs(again.stdout) == outputs
    assert embedded_signed_requests(data_dir) == requests, "a second run sends no request to ICE"

    # The CLI on the script's workspace and backend: the voice, read back by a provider
    # process that did not train it, from the embedded emulator's store.
    stack = Stack(cli, state / "workspace", "dev", state / "backend")
    refreshed = stack.refresh()
    assert "2 unchanged" in refreshed.stdout, refreshed.output
    assert embedded_signed_requests(data_dir) > requests, "the refresh read the voice"
    assert stack.outputs() == outputs
    [voice] = stack.resources()
    assert (voice["outputs"]["gender"], voice["outputs"]["scenario"]) == ("male", "interaction")

    destroyed = run([*provision, "--destroy"], env, tmp_path)
    assert "voice support01: ICE has no API to delete a trained voice" in destroyed.stdout
    assert stack.outputs() == {} and stack.resources() == []


def test_provision_without_the_cli_stops_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    script = runpy.run_path(str(PROVISION), run_name="provision")
    stderr = io.StringIO()

    with redirect_stderr(stderr):
        code = script["main"](["--state-dir", str(tmp_path / "state")])

    assert code == 1
    [sentence] = stderr.getvalue().strip().splitlines()
    assert (
        "Pulumi CLI" in sentence and "https://www.pulumi.com/docs/iac/download-install/" in sentence
    )
