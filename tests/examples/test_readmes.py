"""The README and the examples' READMEs: their links resolve and their commands exist.

A user copies commands from these files first; a misspelt `pulumi` subcommand, a `make`
target that is gone or a link to a moved file is a broken first five minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.examples.ice_example_commands import check_command
from tests.examples.ice_example_mocks import REPO

READMES = [REPO / "README.md", *sorted((REPO / "examples").rglob("README.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+)(?:#[^)]*)?\)")
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def _id(path: Path) -> str:
    return str(path.relative_to(REPO))


# Documents other pieces of the project own that may not exist yet: linked from the README
# because that is where they belong; their directory must exist.
PENDING = {REPO / "emulator" / "README.md"}


@pytest.mark.parametrize("readme", READMES, ids=_id)
def test_relative_links_resolve(readme: Path) -> None:
    targets = [
        t
        for t in LINK.findall(readme.read_text())
        if "://" not in t and not t.startswith("mailto:")
    ]
    resolved = {t: (readme.parent / t).resolve() for t in targets}
    missing = [t for t, path in resolved.items() if not path.exists() and path not in PENDING]
    assert missing == []
    assert all(path.parent.is_dir() for path in resolved.values())


@pytest.mark.parametrize("readme", READMES, ids=_id)
def test_shell_commands_exist(readme: Path) -> None:
    problems = []
    cwd = REPO
    for block in SHELL_BLOCK.findall(readme.read_text()):
        for raw in block.splitlines():
            line = raw.split("  #", 1)[0].strip().rstrip("\\")
            for command in re.split(r"&&|;", line):
                command = command.strip()
                if command.startswith("cd "):
                    target = command[3:].strip()
                    if "$" not in target and "<" not in target:
                        cwd = (
                            (cwd / target).resolve()
                            if (cwd / target).is_dir()
                            else (REPO / target).resolve()
                        )
                    continue
                if command.split(" ", 1)[0] in {"pulumi", "make"}:
                    problems += check_command(command, repo=REPO, cwd=cwd)
    assert problems == []


def test_readme_first_screen_is_what_it_is_and_the_two_commands() -> None:
    first_screen = "\n".join(READMES[0].read_text().splitlines()[:15])
    assert "make up" in first_screen and "make test" in first_screen
    assert "Pulumi" in first_screen and "ICE" in first_screen
