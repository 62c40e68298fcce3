"""The processes a running `pulumi` command started, found through /proc, and killed.

    process = stack.popen("up", "--yes", "--skip-preview")
    [host] = hosts_of(stack)                  # `python -u -m pulumi.dynamic`, cwd = stack.dir
    os.kill(host, signal.SIGKILL)             # the provider host alone
    kill_session(process.pid)                 # or the CLI and everything it started

`Stack.popen` starts the CLI in a session of its own; the plugins it starts (the language
host, the program, the provider host) stay in that session, each in a process group of its
own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from tests.support.cli import Stack

__all__ = ["hosts_of", "kill_session", "plugins_of", "session_processes"]


def hosts_of(stack: Stack) -> list[int]:
    """Live dynamic-provider hosts started for this stack's project."""
    return _started_for(stack, b"pulumi.dynamic")


def plugins_of(stack: Stack) -> list[int]:
    """Live processes of the icevoice provider plugin started for this stack's project."""
    return _started_for(stack, b"pulumi-resource-icevoice")


def _started_for(stack: Stack, marker: bytes) -> list[int]:
    """Live processes whose command line holds ``marker``, in the stack's directory."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if any(marker in arg for arg in cmdline) and cwd == str(stack.dir):
            found.append(int(entry.name))
    return found


def session_processes(sid: int) -> list[int]:
    """The live processes of a session (the CLI started one; its plugins stay in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(entry)
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(entry.name))
    return found


def kill_session(sid: int) -> None:
    """SIGKILL every process of the session, again until none is left (one may be
    starting another while the first pass runs)."""
    for _ in range(100):
        alive = session_processes(sid)
        if not alive:
            return
        for pid in alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    raise AssertionError(f"processes of session {sid} survive SIGKILL: {session_processes(sid)}")


def _stat_fields(entry: Path) -> list[str]:
    """/proc/<pid>/stat after the command name: state, ppid, pgrp, session, ..."""
    return (entry / "stat").read_text().rsplit(")", 1)[1].split()
