"""The provider's lines to the user: stderr inside the dynamic-provider host (which relays
each line as a message), or whatever sink the plugin installs (the engine's Log)."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable

__all__ = ["PREFIX", "duration_text", "say", "send_lines_to", "write_line"]

#: How every line of the provider begins, so that users can tell whose it is.
PREFIX = "pulumi-ice-voice: "

_LOCK = threading.Lock()
_sink: Callable[[str], None] | None = None


def send_lines_to(sink: Callable[[str], None] | None) -> None:
    """Send every later line to ``sink`` instead of stderr (None: stderr again)."""
    global _sink
    _sink = sink


def say(message: str) -> None:
    """One line for the user, in the provider's name."""
    write_line(f"{PREFIX}{message}")


def write_line(line: str) -> None:
    """Write one whole line to the sink, or to stderr, whatever other threads write.

    One write per line: print() writes the text and the newline separately, and with
    many voices reporting at once their lines ran into each other. Pulumi shows each
    line of the host's stderr as a message, so a torn line is a garbled message.
    A closed stderr is not an error: there is nowhere left to say it.
    """
    sink = _sink
    if sink is not None:
        sink(line)
        return
    with _LOCK, contextlib.suppress(OSError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def duration_text(seconds: float) -> str:
    """A duration as people read it in a line: 12s, 35m, 1h05m."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    minutes = whole // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h{minutes % 60:02d}m"
