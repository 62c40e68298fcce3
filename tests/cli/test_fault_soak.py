"""Promise 1: whatever the network and ICE do, every voice trains exactly once.

Ten voices in one real `pulumi up` while the emulator throttles 20 %
of requests, fails 10 % with a 5xx, drops 5 % of connections before acting and 2 % after
acting (the answer is lost), with a latency that keeps changing (tests/support/soak.py).
The full 50-voice run is bench/soak.py (the slow test below runs it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import REPO, PulumiCli
from tests.support.soak import run_soak

SMALL_SOAK_VOICES = 10


def test_ten_voices_train_exactly_once_through_faults(cli: PulumiCli, tmp_path: Path) -> None:
    result = run_soak(cli, SMALL_SOAK_VOICES, data_dir=tmp_path, timeout=240)

    assert not result.problems, "\n".join([*result.problems, result.printed[-4000:]])
    # The faults really happened (else the soak proves nothing).
    assert result.requests["throttled"] > 0
    assert result.weather_changes > 1
    by_action = result.requests["by_action"]
    assert by_action["CreateCustomizedVoiceJob"] >= SMALL_SOAK_VOICES
    assert by_action["DetectAudioForCustomizedVoiceJob"] > 20 * SMALL_SOAK_VOICES, "no retries?"


@pytest.mark.slow
def test_the_full_soak_script_passes() -> None:
    completed = subprocess.run(
        [sys.executable, str(REPO / "bench" / "soak.py"), "--voices", "50"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "soak passed" in completed.stdout
