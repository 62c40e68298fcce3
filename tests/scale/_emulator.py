"""An ``ice-emulator`` in a process of its own, as a user would run it beside ``pulumi up``.

In-process servers share the test process's GIL with the engine harness; for request
rates and timings the emulator gets its own interpreter, like the host does.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import EmulatorControl

__all__ = ["EmulatorProcess"]


class EmulatorProcess(EmulatorControl):
    """``python -m ice_emulator`` on a free loopback port, with the control API of the tests."""

    def __init__(self, training_seconds: float) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="ice-emulator-"))
        command = [sys.executable, "-m", "ice_emulator", "--port", "0",
                   "--data-dir", str(self.data_dir), "--training-seconds", str(training_seconds)]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        url = self._proc.stdout.readline().strip()
        if not url.startswith("http://"):
            self._stop()
            raise RuntimeError(f"the emulator did not start (first line {url!r})")
        super().__init__(url)

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            super().close()
        self._stop()

    def _stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def success_times(self, training_seconds: float) -> dict[str, float]:
        """voice id -> the wall-clock time its job reached Success in the emulator.

        The emulator's status is a function of time since submit, so a job is Success
        from ``submitted_at + training_seconds`` on (read from its store, read-only).
        """
        uri = f"file:{self.data_dir / 'ice-emulator.sqlite3'}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute(
                "SELECT voice_id, submitted_at FROM jobs WHERE submitted_at IS NOT NULL"
            ).fetchall()
        return {voice_id: submitted + training_seconds for voice_id, submitted in rows}
