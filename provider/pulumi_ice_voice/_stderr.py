"""Lines on stderr, the provider's only channel to the user inside the host."""

from __future__ import annotations

import contextlib
import sys
import threading

__all__ = ["write_line"]

_LOCK = threading.Lock()


def write_line(line: str) -> None:
    """Write one whole line to stderr, whatever other threads write.

    One write per line: print() writes the text and the newline separately, and with
    many voices reporting at once their lines ran into each other. Pulumi shows each
    line of the host's stderr as a message, so a torn line is a garbled message.
    A closed stderr is not an error: there is nowhere left to say it.
    """
    with _LOCK, contextlib.suppress(OSError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
