"""The upgrade-safety stack (tests/cli/upgrade): its program, its config, its exported state.

    stack = upgrade_stack(cli, tmp_path / "project", plugin_sdk)   # a new stack of the program
    stack.run("stack", "import", "--file", str(FIXTURE))            # the older version's state

The fixture is the state an older version's code made, kept as `pulumi stack export` wrote
it: the test imports it and previews with the code of HEAD. Make the next version's fixture
(at a release, from the code as released, before anything changes) with

    .venv/bin/python -m tests.support.upgrade tests/cli/upgrade/stack-<version>.json

which runs the program through the real CLI on the embedded emulator and exports the stack.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.support.cli import REPO, PulumiCli, Stack
from tests.support.plugin import install_plugin, python_sdk

__all__ = ["CONFIG", "FIXTURE", "PROGRAM", "PROJECT", "STACK", "upgrade_stack"]

UPGRADE = REPO / "tests" / "cli" / "upgrade"
PROGRAM = UPGRADE / "program"
FIXTURE = UPGRADE / "stack-0.1.0.json"
"""The stack as version 0.1.0 made it (before the provider's modules moved, issue 18)."""
PROJECT = "ice-voice-upgrade"
STACK = "dev"
# Both front doors on the embedded emulator (each in its own process, with its own store),
# training fast. No secret: the state holds no ciphertext, so any passphrase imports it.
CONFIG = {
    f"{namespace}:{key}": value
    for namespace in ("ice", "icevoice")
    for key, value in {
        "region": "cn-shanghai",
        "endpoint": "embedded",
        "embeddedDataDir": f".ice-emulator-{namespace}",
        "embeddedTrainingSeconds": "0.5",
        "minPollInterval": "0.05",
        "pollInterval": "0.25",
    }.items()
}


def upgrade_stack(cli: PulumiCli, workdir: Path, plugin_sdk: Path) -> Stack:
    """A new project of the upgrade program in ``workdir`` and its stack, with its config;
    the plugin must be installed in the CLI's PULUMI_HOME (``plugin_sdk`` is the generated
    Python SDK's directory)."""
    return cli.stack(
        workdir,
        program=PROGRAM,
        project=PROJECT,
        name=STACK,
        config=CONFIG,
        pythonpath=(plugin_sdk,),
    )


def make_fixture(out: Path) -> None:
    """Run the program up through the real CLI with this checkout's code; export its stack."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        cli = PulumiCli.build(root / "pulumi-home")
        install_plugin(cli)
        stack = upgrade_stack(cli, root / "project", python_sdk(cli, root / "sdk"))
        stack.up()
        out.write_text(json.dumps(stack.export(), indent=4) + "\n")


if __name__ == "__main__":
    make_fixture(Path(sys.argv[1]))
