"""Progress lines reach stderr whole, however many voices report at once."""

from __future__ import annotations

import threading

import pytest

from pulumi_ice_voice._core.lines import say as progress


class _Recording:
    """A stderr that keeps every write() call as it was made."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        pass


class _Closed:
    def write(self, text: str) -> int:
        raise ValueError("I/O operation on closed file.")

    def flush(self) -> None:
        raise ValueError("I/O operation on closed file.")


def test_each_progress_line_is_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = _Recording()
    monkeypatch.setattr("sys.stderr", stderr)

    def report(voice: int) -> None:
        for step in range(50):
            progress(f"voice v{voice}: step {step}")

    threads = [threading.Thread(target=report, args=(voice,)) for voice in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(stderr.writes) == 8 * 50
    assert all(
        w.startswith("pulumi-ice-voice: voice v") and w.endswith("\n") for w in stderr.writes
    )
    assert all(w.count("\n") == 1 for w in stderr.writes)


def test_a_closed_stderr_never_fails_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", _Closed())

    progress("voice v1: nowhere to say this")
