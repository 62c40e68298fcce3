"""A policy pack written in Python (`pulumi-policy`), run by our Python language host under
`pulumi preview --policy-pack`, as Pulumi's own host runs one.

The pack (tests/cli/policy_pack, a test's, not the product's) has one mandatory rule on
`random:index/randomString:RandomString`: its minimum length comes from the judged stack's
config and its message names the stack, which the pack learns only if the host starts it as
the official host does (`python -u -m pulumi.policy`, the stack's configuration in its
environment, handed over by the SDK's policy proxy).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.support.cli import RANDOM_STRING_PROGRAM, REPO, VENV, PulumiCli

POLICY_PACK = REPO / "tests" / "cli" / "policy_pack"


def _policy_pack(target: Path) -> Path:
    """The pack copied to ``target``, its PulumiPolicy.yaml naming the repository's .venv
    (which has pulumi-policy)."""
    shutil.copytree(POLICY_PACK, target)
    runtime = {"name": "python", "options": {"virtualenv": str(VENV)}}
    (target / "PulumiPolicy.yaml").write_text(yaml.safe_dump({"runtime": runtime}))
    return target


def test_a_mandatory_rule_stops_the_preview_of_a_violating_program(
    cli: PulumiCli, tmp_path: Path
) -> None:
    pack = _policy_pack(tmp_path / "pack")
    stack = cli.stack(
        tmp_path / "project",
        program=RANDOM_STRING_PROGRAM,
        config={"test:length": 8, "test:minLength": 12},
    )

    stopped = stack.preview("--policy-pack", str(pack), check=False)
    assert stopped.returncode != 0, stopped.output
    assert "[mandatory]  random-string-min-length" in stopped.stdout
    assert "random string suffix of stack dev has 8 characters, fewer than 12" in stopped.stdout

    stack.edit_config({"test:length": 16})
    passed = stack.preview("--policy-pack", str(pack))
    assert "test-random-length" in passed.stdout
    assert "random-string-min-length" not in passed.stdout  # no violation reported
