"""scripts/quickstart.sh (`make up` / `make down`), run for real in a sandbox.

The script runs against a copy of the repository layout with stand-ins for the Pulumi CLI and
for python3 that record how they were called, so every branch runs here: the CLI missing
with its installer unreachable (the one-sentence stop) or reachable (a loopback server stands
in for get.pulumi.com), the first and the repeated `up`, and `down`. `listen` runs the real
emulator on the data the provider's embedded emulator left.
"""

from __future__ import annotations

import http.server
import io
import os
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.examples.ice_example_commands import pulumi_problems
from tests.examples.ice_example_mocks import REPO

SCRIPT = REPO / "scripts" / "quickstart.sh"
INSTALL_DOCS = "https://www.pulumi.com/docs/iac/download-install/"
TOOLS = ("bash", "sh", "dirname", "mkdir", "touch", "cat", "curl", "chmod", "env")

FAKE_PULUMI = """#!/usr/bin/env bash
printf '%s|%s|%s\\n' "$*" "$PULUMI_BACKEND_URL" "${PULUMI_CONFIG_PASSPHRASE:-}" >> "$PULUMI_LOG"
if [ "$1 $2" = "stack select" ] && [ -n "${FAKE_NO_STACK:-}" ] &&
    [[ " $* " != *" --create "* ]]; then
    echo "error: no stack named 'dev' found" >&2; exit 255
fi
if [ "$1 $2" = "stack output" ]; then
    printf 'Current stack outputs (1):\\n    voiceId  quickstartabc123\\n'
fi
exit 0
"""
FAKE_VENV_PYTHON = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$PYTHON_LOG"
exit 0
"""
FAKE_PYTHON3 = """#!/usr/bin/env bash
printf 'python3 %s\\n' "$*" >> "$PYTHON_LOG"
if [ "$1 $2" = "-m venv" ]; then
    mkdir -p "$3/bin"
    cat "$(dirname "$0")/venv-python" > "$3/bin/python"
    chmod +x "$3/bin/python"
fi
"""


@dataclass
class Sandbox:
    repo: Path
    home: Path
    bin: Path
    env: dict[str, str]

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(self.repo / "scripts" / "quickstart.sh"), *args],
            cwd=self.repo,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )

    def install_fake_pulumi(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        _executable(directory / "pulumi", FAKE_PULUMI)

    def pulumi_calls(self) -> list[tuple[list[str], str, str]]:
        log = self.home / "pulumi.log"
        if not log.exists():
            return []
        calls = []
        for line in log.read_text().splitlines():
            args, backend, passphrase = line.split("|")
            calls.append((args.split(), backend, passphrase))
        return calls

    def python_calls(self) -> list[str]:
        log = self.home / "python.log"
        return log.read_text().splitlines() if log.exists() else []


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    repo, home, bin_dir = tmp_path / "repo", tmp_path / "home", tmp_path / "bin"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(SCRIPT, repo / "scripts" / "quickstart.sh")
    (repo / "pyproject.toml").write_text("[project]\nname = 'sandbox'\n")
    home.mkdir()
    bin_dir.mkdir()
    # Only the tools the script uses: no pulumi from the machine running the tests.
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, f"{tool} is needed to run the quickstart script"
        (bin_dir / tool).symlink_to(found)
    _executable(bin_dir / "python3", FAKE_PYTHON3)
    _executable(bin_dir / "venv-python", FAKE_VENV_PYTHON)
    env = {
        "PATH": str(bin_dir),
        "HOME": str(home),
        "PULUMI_LOG": str(home / "pulumi.log"),
        "PYTHON_LOG": str(home / "python.log"),
        "PYTHON": str(bin_dir / "python3"),
        "PULUMI_INSTALL_URL": _closed_port_url(),
    }
    return Sandbox(repo, home, bin_dir, env)


def test_without_the_cli_and_no_network_it_stops_with_one_sentence(sandbox: Sandbox) -> None:
    result = sandbox.run("up")

    assert result.returncode == 1
    assert result.stdout == ""
    [sentence] = result.stderr.strip().splitlines()
    assert sentence.startswith("The Pulumi CLI is not installed")
    assert INSTALL_DOCS in sentence and "make up" in sentence
    assert sentence.count(". ") == 0, "one sentence"
    # It stops before touching anything.
    assert not (sandbox.repo / ".venv").exists()
    assert not (sandbox.repo / ".pulumi").exists()


def test_down_without_the_cli_stops_with_the_same_sentence(sandbox: Sandbox) -> None:
    result = sandbox.run("down")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("The Pulumi CLI is not installed")


@pytest.fixture
def installer(sandbox: Sandbox) -> Iterator[str]:
    """A loopback stand-in for get.pulumi.com: its script installs the fake CLI in ~/.pulumi/bin."""
    script = (
        '#!/bin/sh\nmkdir -p "$HOME/.pulumi/bin"\n'
        f"cat > \"$HOME/.pulumi/bin/pulumi\" <<'FAKE'\n{FAKE_PULUMI}FAKE\n"
        'chmod +x "$HOME/.pulumi/bin/pulumi"\necho installed\n'
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(script)))
            self.end_headers()
            self.wfile.write(script)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_without_the_cli_it_runs_the_official_installer_when_reachable(
    sandbox: Sandbox, installer: str
) -> None:
    result = sandbox.run("up", PULUMI_INSTALL_URL=installer)

    assert result.returncode == 0, result.stderr
    assert (sandbox.home / ".pulumi" / "bin" / "pulumi").is_file()
    assert "installing it with the official installer" in result.stderr
    assert [call[0][:2] for call in sandbox.pulumi_calls()] == [
        ["stack", "select"],
        ["up", "--yes"],
        ["stack", "output"],
    ]


def test_up_sets_up_venv_local_backend_and_dev_stack_then_prints_outputs(sandbox: Sandbox) -> None:
    sandbox.install_fake_pulumi(sandbox.bin)

    result = sandbox.run("up")

    assert result.returncode == 0, result.stderr
    assert "voiceId  quickstartabc123" in result.stdout
    python = sandbox.python_calls()
    assert python[0] == f"python3 -m venv {sandbox.repo / '.venv'}"
    assert "-m pip install -q -e .[emulator] pulumi-random==4.21.1" in python
    assert (sandbox.repo / ".venv" / ".quickstart-installed").is_file()
    backend = f"file://{sandbox.repo}/.pulumi"
    assert (sandbox.repo / ".pulumi").is_dir()
    calls = sandbox.pulumi_calls()
    assert [args for args, _, _ in calls] == [
        ["stack", "select", "dev", "--create", "--non-interactive"],
        ["up", "--yes", "--skip-preview", "--stack", "dev", "--non-interactive"],
        ["stack", "output", "--stack", "dev", "--non-interactive"],
    ]
    assert {(b, p) for _, b, p in calls} == {(backend, "pulumi-ice-voice-local")}
    for args, _, _ in calls:
        assert pulumi_problems(["pulumi", *args]) == [], args


def test_a_second_up_does_not_reinstall(sandbox: Sandbox) -> None:
    sandbox.install_fake_pulumi(sandbox.bin)
    assert sandbox.run("up").returncode == 0
    installs = len([c for c in sandbox.python_calls() if "pip install" in c])

    assert sandbox.run("up").returncode == 0

    assert len([c for c in sandbox.python_calls() if "pip install" in c]) == installs
    assert len([args for args, _, _ in sandbox.pulumi_calls() if args[0] == "up"]) == 2


def test_up_keeps_a_backend_and_passphrase_the_user_set(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.install_fake_pulumi(sandbox.bin)
    backend = f"file://{tmp_path / 'elsewhere'}"

    result = sandbox.run("up", PULUMI_BACKEND_URL=backend, PULUMI_CONFIG_PASSPHRASE="mine")

    assert result.returncode == 0, result.stderr
    assert {(b, p) for _, b, p in sandbox.pulumi_calls()} == {(backend, "mine")}
    assert (tmp_path / "elsewhere").is_dir()


def test_down_destroys_the_dev_stack(sandbox: Sandbox) -> None:
    sandbox.install_fake_pulumi(sandbox.bin)

    result = sandbox.run("down")

    assert result.returncode == 0, result.stderr
    destroy = [args for args, _, _ in sandbox.pulumi_calls() if args[0] == "destroy"]
    assert destroy == [
        ["destroy", "--yes", "--skip-preview", "--stack", "dev", "--non-interactive"]
    ]
    assert pulumi_problems(["pulumi", *destroy[0]]) == []


def test_down_without_a_stack_has_nothing_to_do(sandbox: Sandbox) -> None:
    sandbox.install_fake_pulumi(sandbox.bin)

    result = sandbox.run("down", FAKE_NO_STACK="1")

    assert result.returncode == 0, result.stderr
    assert "nothing to destroy" in result.stderr
    assert not any(args[0] == "destroy" for args, _, _ in sandbox.pulumi_calls())


def test_make_up_down_and_listen_run_the_script() -> None:
    for target in ("up", "down", "listen"):
        result = subprocess.run(
            ["make", "-n", target], cwd=REPO, capture_output=True, text=True, timeout=30, check=True
        )
        commands = [shlex.split(line) for line in result.stdout.splitlines() if line.strip()]
        assert ["bash", "scripts/quickstart.sh", target] in [c[-3:] for c in commands], (
            result.stdout
        )


def test_unknown_argument_is_a_usage_error(sandbox: Sandbox) -> None:
    result = sandbox.run("sideways")

    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert os.path.basename(str(SCRIPT)) in result.stderr


def test_listen_without_an_up_says_to_run_one(sandbox: Sandbox) -> None:
    result = sandbox.run("listen")

    assert result.returncode == 1
    assert "run 'make up' first" in result.stderr


def _demo_audio_url(data_dir: Path) -> str:
    """What `make up` leaves: the provider's embedded emulator, started in `data_dir` (it
    remembers its port there), a trained voice with demo audio, and the emulator gone."""
    import icevoice
    from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
    from pulumi_ice_voice._core import embedded as _embedded

    embedded = _embedded.start_embedded(str(data_dir), training_seconds=0.0)
    try:
        staged = httpx.post(f"{embedded.url}/_emulator/stage", json={"voice_ids": ["demo01"]})
        staged.raise_for_status()
        with icevoice.IceClient(
            endpoint=embedded.url,
            access_key_id=DEFAULT_ACCESS_KEY_ID,
            access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
        ) as ice:
            ice.submit_customized_voice_job(
                voice_id="demo01", demo_audio_media_url="oss://voices/demo01.wav"
            )
            job_id = staged.json()["job_ids"]["demo01"]
            assert ice.get_customized_voice_job(job_id=job_id).status == "Success"
            media_id = ice.get_customized_voice(voice_id="demo01").demo_audio_media_id
            assert media_id is not None
            url = ice.get_media_info(media_id=media_id).file_url
    finally:
        embedded.server.stop()
        _embedded._RUNNING.pop(data_dir.resolve(), None)
    assert url is not None and url.startswith(embedded.url)
    return url


def test_listen_serves_the_demo_audio_url_after_the_up_has_ended(sandbox: Sandbox) -> None:
    url = _demo_audio_url(sandbox.repo / ".ice-emulator")
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=5.0)  # the up's emulator has stopped with it
    venv_bin = sandbox.repo / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    _executable(venv_bin / "python", f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')

    listening = subprocess.Popen(
        ["bash", str(sandbox.repo / "scripts" / "quickstart.sh"), "listen"],
        cwd=sandbox.repo,
        env=sandbox.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        reply = _first_answer(url, listening)
        assert reply.status_code == 200 and reply.headers["content-type"] == "audio/wav"
        with wave.open(io.BytesIO(reply.content)) as audio:
            assert audio.getnframes() > 0
    finally:
        listening.terminate()
        _, errors = listening.communicate(timeout=30)
    assert listening.returncode == 0, errors
    assert "Serving" in errors and url.split("/media/")[0] in errors


def _first_answer(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    """The first answer from `url` once the process serves it (the process must live)."""
    for _ in range(600):
        assert process.poll() is None, process.communicate()
        try:
            return httpx.get(url, timeout=5.0)
        except httpx.ConnectError:
            threading.Event().wait(0.05)
    raise AssertionError(f"nothing answered at {url}")
