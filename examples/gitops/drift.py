#!/usr/bin/env python3
"""Drift check of a stack: has anything changed in ICE behind the stack's back?

    python3 drift.py --stack prod                     # in the project's directory
    python3 drift.py --stack prod --cwd examples/gitops

It runs `pulumi refresh --preview-only --json`, which reads every resource from its provider
and changes nothing, and reads the CLI's JSON to tell drift from failure (`pulumi refresh
--expect-no-changes` exits 1 for both, pulumi/pulumi#8992). Exit codes, as
`terraform plan -detailed-exitcode`:

    0  no drift: every resource is as the stack records it
    1  the check failed (ICE unreachable, credentials refused, the backend, ...): drift unknown
    2  drift: what changed is listed, one resource a line

Needs only the standard library and the `pulumi` command (on PATH).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Any

NO_DRIFT, FAILED, DRIFT = 0, 1, 2

# The ops a refreshed resource keeps when ICE has it as the stack records it.
_UNCHANGED = frozenset({"refresh", "same"})


def refresh_command(stack: str | None) -> list[str]:
    """The Pulumi command the check runs."""
    command = ["pulumi", "refresh", "--preview-only", "--json", "--non-interactive"]
    return [*command, "--stack", stack] if stack else command


def verdict(returncode: int, stdout: str, stderr: str, *, stack: str | None) -> tuple[int, str]:
    """The exit code and report for what `pulumi refresh --preview-only --json` printed."""
    try:
        digest = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        digest = None
    if not isinstance(digest, dict):
        reason = _last_lines(stderr or stdout) or f"pulumi exited {returncode} and printed nothing"
        return FAILED, f"drift check failed: {reason}"
    errors = [d for d in digest.get("diagnostics") or [] if d.get("severity") == "error"]
    if returncode != 0 or errors:
        lines = [f"drift check failed (pulumi exited {returncode}):"]
        lines += [f"  {_diagnostic(d)}" for d in errors] or [f"  {_last_lines(stderr)}"]
        return FAILED, "\n".join(lines)
    return _drift(digest, stack)


def _drift(digest: Mapping[str, Any], stack: str | None) -> tuple[int, str]:
    summary = {op: n for op, n in (digest.get("changeSummary") or {}).items() if op != "same"}
    changes = sum(n for n in summary.values() if isinstance(n, int))
    named = "stack " + stack if stack else "the selected stack"
    if changes == 0:
        return NO_DRIFT, f"no drift in {named}"
    counts = ", ".join(f"{n} {_OP_WORDS.get(op, op)}" for op, n in sorted(summary.items()) if n)
    lines = [f"drift in {named}: {counts}"]
    steps = [s for s in digest.get("steps") or [] if s.get("op") not in _UNCHANGED]
    lines += [f"  {_step(s)}" for s in steps]
    unnamed = changes - len(steps)
    if unnamed > 0:
        # Pulumi's JSON names a resource that changed in place only when its provider gave a
        # detailed diff, which the Python dynamic provider cannot give.
        again = "pulumi refresh --preview-only" + (f" --stack {stack}" if stack else "")
        lines.append(
            f"  and {unnamed} changed in place that pulumi's JSON output does not name "
            f"(no detailed diff from their provider): `{again}` shows them"
        )
    return DRIFT, "\n".join(lines)


_OP_WORDS = {"delete": "deleted", "update": "changed", "replace": "replaced", "create": "created"}


def _step(step: Mapping[str, Any]) -> str:
    urn = str(step.get("urn", ""))
    resource_type, _, name = urn.rpartition("::")
    resource_type = resource_type.rpartition("::")[2]
    line = f"{_OP_WORDS.get(step['op'], step['op'])}  {name}  ({resource_type})"
    changed = sorted(step.get("detailedDiff") or {})
    return f"{line}: {', '.join(changed)}" if changed else line


def _diagnostic(diagnostic: Mapping[str, Any]) -> str:
    # A provider's error arrives as its whole traceback: the message is its last line.
    message = _last_lines(str(diagnostic.get("message", "")))
    urn = str(diagnostic.get("urn") or "")
    return f"{urn.rpartition('::')[2]}: {message}" if urn else message


def _last_lines(text: str, count: int = 1) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[-count:])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", help="the stack to check (default: the selected stack)")
    parser.add_argument("--cwd", default=".", help="the project's directory (default: .)")
    args = parser.parse_args(argv)
    try:
        done = subprocess.run(
            refresh_command(args.stack), cwd=args.cwd, capture_output=True, text=True, check=False
        )
    except OSError as exc:  # no pulumi on PATH, no such directory
        print(f"drift check failed: {exc}", file=sys.stderr)
        return FAILED
    code, report = verdict(done.returncode, done.stdout, done.stderr, stack=args.stack)
    print(report, file=sys.stderr if code == FAILED else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
