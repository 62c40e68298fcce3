"""`python -m ice_emulator` as a separate process, driven by the official SDK."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_ice20201109 import models

from ice_emulator import EmulatorServer

from ._sdk import assert_playable_wav, run_basic_workflow, sdk_client


def launch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ice_emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    data_dir = tmp_path / "state"
    process = launch("--port", "0", "--data-dir", str(data_dir), "--training-seconds", "0.3")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
        yield url, data_dir, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_cli_serves_the_official_sdk_workflow(cli: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, data_dir, process = cli
    result = run_basic_workflow(sdk_client(url), "cliVoice")
    assert_playable_wav(result["file_url"])
    assert (data_dir / "ice-emulator.sqlite3").is_file()

    # Another process (this one) serving the same data directory sees the same state.
    with EmulatorServer(data_dir=data_dir) as neighbour:
        voice = sdk_client(neighbour.url).get_customized_voice(
            models.GetCustomizedVoiceRequest(voice_id="cliVoice")
        )
        assert voice.body.data.customized_voice.demo_audio_media_id == result["media_id"]

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out == ""  # nothing after the URL line


def test_cli_reports_a_taken_port_without_a_traceback(tmp_path: Path) -> None:
    with EmulatorServer(data_dir=tmp_path / "a") as busy:
        process = launch("--port", str(busy.port), "--data-dir", str(tmp_path / "b"))
        out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert out == ""
    assert "cannot serve on" in err and "Traceback" not in err


def test_cli_help_names_every_option() -> None:
    process = launch("--help")
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    for option in (
        "--host",
        "--port",
        "--data-dir",
        "--access-key-id",
        "--access-key-secret",
        "--region",
        "--training-seconds",
        "--cosy-voice-type",
    ):
        assert option in out


def test_cli_refuses_a_cosy_voice_type_that_is_not_a_word(tmp_path: Path) -> None:
    process = launch("--port", "0", "--data-dir", str(tmp_path), "--cosy-voice-type", "two words")
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0 and out == ""
    assert "--cosy-voice-type" in err and "Traceback" not in err
