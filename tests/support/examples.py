"""The examples under examples/ as the real Pulumi CLI runs them, each from a copy of its files.

    project = copy_example("full-pipeline", tmp_path / "checkout")
    stack = example_stack(cli, project, config=ice_config(ice.url))   # its dev stack
    stack.up()

A copy keeps the example's own Pulumi.yaml and Pulumi.<stack>.yaml (the test's config is
written over the example's stack config), so that what the CLI reads is what a user runs.
Each project's `.venv` is a symlink to the repository's .venv, as in the repository (gitops,
which has none because CI runs `pulumi install` on a fresh clone, gets one too). State (the
file backend, an embedded emulator's data directory) stays in the test's directories.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.support.cli import REPO, PulumiCli, Stack
from tests.support.emulator import IceUnderTest

__all__ = [
    "EXAMPLES",
    "READ_ACTIONS",
    "copy_example",
    "embedded_signed_requests",
    "example_stack",
    "operator_project",
    "requests_by_action",
    "voice_resources",
]

EXAMPLES = REPO / "examples"
VENV = REPO / ".venv"
# What reads a voice; every other action writes (creates, detects, submits, updates, deletes).
READ_ACTIONS = frozenset(
    {
        "GetCustomizedVoice",
        "GetCustomizedVoiceJob",
        "ListCustomizedVoiceJobs",
        "ListCustomizedVoices",
        "GetMediaInfo",
        "GetSmartHandleJob",
        "ListSmartJobs",
    }
)
# Left behind by local runs of the examples; never part of a copy.
_LOCAL_STATE = shutil.ignore_patterns(
    ".venv", ".pulumi", ".ice-emulator", "__pycache__", "node_modules", "sdks", "bin"
)


def copy_example(name: str, root: Path) -> Path:
    """Copy examples/<name> to ``root``; returns the directory holding its Pulumi.yaml.

    `quickstart`'s project is the repository root's (``main: examples/quickstart``): its copy
    is the root's Pulumi.yaml and Pulumi.dev.yaml with examples/quickstart beside them.
    producer-consumer's ``root`` holds its two projects, `producer/` and `consumer/`.
    """
    if name == "quickstart":
        root.mkdir(parents=True)
        for file_name in ("Pulumi.yaml", "Pulumi.dev.yaml"):
            shutil.copy2(REPO / file_name, root / file_name)
        program = root / "examples" / "quickstart"
        shutil.copytree(EXAMPLES / "quickstart", program, ignore=_LOCAL_STATE)
        _link_venv(root)
        _link_venv(program)  # the dynamic-provider host resolves it from `main` (pulumi#7061)
    else:
        shutil.copytree(EXAMPLES / name, root, ignore=_LOCAL_STATE)
        for project_file in root.rglob("Pulumi.yaml"):
            _link_venv(project_file.parent)
    for stack_file in root.rglob("Pulumi.*.yaml"):
        _drop_encryption_salt(stack_file)
    return root


def _link_venv(directory: Path) -> None:
    (directory / ".venv").symlink_to(VENV, target_is_directory=True)


def _drop_encryption_salt(stack_file: Path) -> None:
    """A stack file as committed: the first `pulumi stack init` of a checkout (`make up`, an
    example's README) adds the salt of its own passphrase, which the test's is not."""
    lines = stack_file.read_text().splitlines(keepends=True)
    stack_file.write_text("".join(line for line in lines if not line.startswith("encryptionsalt:")))


def example_stack(
    cli: PulumiCli,
    project_dir: Path,
    *,
    name: str = "dev",
    backend: Path | None = None,
    config: Mapping[str, Any] | None = None,
) -> Stack:
    """`pulumi stack init <name>` in a copied example (PulumiCli.init_stack), ``config``
    written over the example's Pulumi.<name>.yaml."""
    return cli.init_stack(project_dir, name=name, backend=backend, config=config)


def operator_project(program: Mapping[str, Any], directory: Path) -> Path:
    """The project the Pulumi Kubernetes Operator makes of a `Program` (its program
    controller's programToProject): a Pulumi.yaml named after the Program, runtime yaml,
    and the Program's `program` fields, in ``directory``."""
    directory.mkdir(parents=True)
    project = {"name": program["metadata"]["name"], "runtime": "yaml", **program["program"]}
    # Through JSON, as the Operator marshals it: values shared in ``program`` are written out
    # in full (Pulumi YAML refuses YAML aliases).
    plain = json.loads(json.dumps(project))
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(plain, sort_keys=False))
    return directory


def voice_resources(stack: Stack) -> dict[str, dict[str, Any]]:
    """The stack's CustomizedVoice resources in its state, by resource name."""
    return {r["urn"].rsplit("::", 1)[-1]: r for r in stack.resources()}


def requests_by_action(ice: IceUnderTest) -> Counter[str]:
    """What the emulator received so far, by action (subtract two to see one command's)."""
    return Counter(ice.control.requests()["by_action"])


def embedded_signed_requests(data_dir: Path) -> int:
    """Requests an embedded emulator accepted: each leaves its signature nonce in the store,
    which outlives the provider process (its request counters do not). 0 before it exists."""
    store = data_dir / "ice-emulator.sqlite3"
    if not store.exists():
        return 0
    with contextlib.closing(sqlite3.connect(store)) as db:
        return int(db.execute("SELECT COUNT(*) FROM nonces").fetchone()[0])
