"""Check that a command line written in a workflow, manifest or script exists in the project.

The Pulumi CLI is not installed on CI machines, so its commands are checked against the
command tree and flags of the Pulumi CLI (v3) that the examples rely on; `make` targets
against the Makefile; paths against the repository.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

__all__ = [
    "PULUMI_ACTION_INPUTS",
    "PULUMI_COMMANDS",
    "check_command",
    "make_targets",
    "pulumi_problems",
]

# Pulumi CLI v3: command -> subcommands (None: a leaf command).
PULUMI_COMMANDS: dict[str, set[str] | None] = {
    "about": None,
    "cancel": None,
    "config": {"cp", "env", "get", "refresh", "rm", "rm-all", "set", "set-all"},
    "destroy": None,
    "import": None,
    "install": None,
    "login": None,
    "logout": None,
    "new": None,
    "package": {"add", "gen-sdk", "get-schema"},
    "plugin": {"install", "ls", "rm"},
    "preview": None,
    "refresh": None,
    "stack": {
        "change-secrets-provider",
        "export",
        "graph",
        "history",
        "import",
        "init",
        "ls",
        "output",
        "rename",
        "rm",
        "select",
        "tag",
        "unselect",
    },
    "state": {
        "delete",
        "edit",
        "move",
        "protect",
        "rename",
        "repair",
        "taint",
        "unprotect",
        "untaint",
        "upgrade",
    },
    "up": None,
    "version": None,
    "whoami": None,
}

# Flags the examples may use, per command (plus the global ones).
_GLOBAL_FLAGS = {
    "--color",
    "--cwd",
    "-C",
    "--non-interactive",
    "--logtostderr",
    "--verbose",
    "-v",
    "--emoji",
    "--disable-integrity-checking",
}
_FLAGS: dict[str, set[str]] = {
    "up": {
        "--yes",
        "-y",
        "--skip-preview",
        "-f",
        "--stack",
        "-s",
        "--diff",
        "--refresh",
        "-r",
        "--target",
        "--message",
        "-m",
        "--parallel",
        "-p",
        "--json",
        "-j",
        "--suppress-outputs",
    },
    "preview": {
        "--stack",
        "-s",
        "--diff",
        "--refresh",
        "-r",
        "--json",
        "-j",
        "--expect-no-changes",
        "--parallel",
        "-p",
        "--policy-pack",
        "--policy-pack-config",
    },
    "destroy": {
        "--yes",
        "-y",
        "--skip-preview",
        "-f",
        "--stack",
        "-s",
        "--remove",
        "--target",
        "--parallel",
        "-p",
    },
    "refresh": {
        "--yes",
        "-y",
        "--skip-preview",
        "-f",
        "--stack",
        "-s",
        "--expect-no-changes",
        "--preview-only",
        "--json",
        "-j",
    },
    "install": {"--reinstall", "--no-plugins", "--no-dependencies"},
    "stack select": {"--create", "-c", "--stack", "-s", "--secrets-provider"},
    "stack init": {"--stack", "-s", "--secrets-provider", "--copy-config-from"},
    "stack output": {"--stack", "-s", "--json", "-j", "--show-secrets", "--shell"},
    "stack rm": {"--stack", "-s", "--yes", "-y", "--force", "-f", "--preserve-config"},
    "config set": {"--stack", "-s", "--secret", "--plaintext", "--path"},
    "config get": {"--stack", "-s", "--json", "-j", "--path"},
    "state unprotect": {"--stack", "-s", "--yes", "-y", "--all"},
    "plugin install": {"--server", "--exact", "--reinstall", "--file", "-f"},
    "package gen-sdk": {"--language", "--out", "-o", "--local", "--version"},
    "package add": set(),
    "login": {"--local", "-l", "--cloud-url", "-c"},
}

# Inputs of the pulumi/actions GitHub Action (v6).
PULUMI_ACTION_INPUTS = {
    "command",
    "stack-name",
    "work-dir",
    "comment-on-pr",
    "github-token",
    "cloud-url",
    "secrets-provider",
    "parallel",
    "message",
    "config-map",
    "expect-no-changes",
    "diff",
    "replace",
    "target",
    "target-dependents",
    "policyPacks",
    "policyPackConfigs",
    "refresh",
    "upsert",
    "remove",
    "edit-pr-comment",
    "color",
    "pulumi-version",
    "pulumi-version-file",
    "plan",
    "always-include-summary",
    "suppress-outputs",
    "suppress-progress",
    "exclude-protected",
    "continue-on-error",
    "include-secrets",
    "debug",
    "exclude",
    "exclude-dependents",
}


def pulumi_problems(argv: list[str]) -> list[str]:
    """What is wrong with a `pulumi ...` command line (empty when it is a real command)."""
    assert argv and argv[0] == "pulumi"
    words = [w for w in argv[1:] if not w.startswith("-")]
    if not words or words[0] not in PULUMI_COMMANDS:
        return [f"unknown pulumi command {' '.join(argv[:2])!r}"]
    command = words[0]
    subcommands = PULUMI_COMMANDS[command]
    if subcommands is not None:
        if len(words) < 2 or words[1] not in subcommands:
            return [f"unknown subcommand of 'pulumi {command}': {words[1:2]}"]
        command = f"{command} {words[1]}"
    allowed = _GLOBAL_FLAGS | _FLAGS.get(command, set())
    flags = [w.split("=", 1)[0] for w in argv[1:] if w.startswith("-")]
    return [f"'pulumi {command}' has no flag {flag}" for flag in flags if flag not in allowed]


def make_targets(makefile: Path) -> set[str]:
    """The targets a Makefile defines (rules `name:`, not variable assignments)."""
    targets = set()
    for line in makefile.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.$()/-]+)\s*:(?!=)", line)
        if match:
            targets.add(match.group(1))
    return targets


def check_command(line: str, *, repo: Path, cwd: Path) -> list[str]:
    """Problems with one shell command line: pulumi commands, make targets, local paths."""
    try:
        argv = shlex.split(line, comments=True)
    except ValueError as exc:
        return [f"cannot parse {line!r}: {exc}"]
    if not argv:
        return []
    program = argv[0]
    if program == "pulumi":
        return pulumi_problems(argv)
    if program == "make":
        targets = [a for a in argv[1:] if not a.startswith("-") and "=" not in a]
        known = make_targets(repo / "Makefile")
        return [f"make has no target {t!r}" for t in targets if t not in known]
    if program in {"bash", "sh", "python", "python3"} and len(argv) > 1:
        if argv[1].startswith("-"):
            return []
        script = (cwd / argv[1]).resolve()
        return [] if script.is_file() else [f"{argv[1]} does not exist (from {cwd})"]
    if "/" in program and not program.startswith("$"):
        path = (cwd / program).resolve()
        if not path.exists():
            return [f"{program} does not exist (from {cwd})"]
    return []
