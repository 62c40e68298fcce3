"""End the provider process when the Pulumi engine that started it is gone.

The CLI starts each provider in a process group of its own, so a `kill -9` of the CLI (or
a CI runner that kills only it) leaves the provider running, and one whose create waits
for training would go on polling ICE for hours, holding the embedded emulator's port.
Go providers watch the engine with a health check; Pulumi's Python host for dynamic
providers does not. This does: a daemon thread connects to the engine's address every
second and, when the engine has refused three times in a row, says so on stderr and ends
the process. Nothing is lost: ICE keeps training, and the next `pulumi up` adopts the job.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["engine_address_of_host", "watch_engine"]

_STARTED: set[str] = set()
_LOCK = threading.Lock()
CHECK_EVERY = 1.0
FAILURES_TO_EXIT = 3


def engine_address_of_host(argv: list[str] | None = None) -> str | None:
    """The engine address the CLI gave the provider process (its first argument)."""
    args = sys.argv[1:] if argv is None else argv
    for arg in args:
        host, _, port = arg.rpartition(":")
        if host and port.isdigit() and not arg.startswith("-"):
            return arg
    return None


def watch_engine(
    address: str | None,
    *,
    say: Callable[[str], None],
    exit_process: Callable[[int], None] = os._exit,
    every: float = CHECK_EVERY,
) -> bool:
    """Start (once per address) the thread that ends the process when the engine is gone.

    Returns whether a watch runs for ``address`` (False when there is none to watch).
    """
    if not address:
        return False
    with _LOCK:
        if address in _STARTED:
            return True
        _STARTED.add(address)
    host, _, port = address.rpartition(":")

    def alive() -> bool:
        try:
            with socket.create_connection((host, int(port)), timeout=every):
                return True
        except OSError:
            return False

    def watch() -> None:
        failures = 0
        while True:
            time.sleep(every)
            failures = 0 if alive() else failures + 1
            if failures >= FAILURES_TO_EXIT:
                with contextlib.suppress(Exception):
                    say(
                        f"the Pulumi engine at {address} is gone; ending the provider (jobs go on "
                        "training in ICE and the next `pulumi up` adopts them)"
                    )
                exit_process(1)
                return

    threading.Thread(target=watch, name="ice-voice-engine-watchdog", daemon=True).start()
    return True
