"""`make up`, `make up` again and `make down`, as a new user runs them.

The quickstart runs in a copy of the files it uses (the repository's .venv linked in), so
that its state backend (.pulumi/) and embedded emulator (.ice-emulator/) are the test's
own. PATH has no `pulumi`: the script must find the CLI that scripts/pulumi-from-source.sh
built, and install the random plugin it built into PULUMI_HOME.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.support.cli import REPO, PulumiCli
from tests.support.examples import embedded_signed_requests

# What `make up` reads: the quickstart project, its program, the scripts, the build inputs
# (the cache key of scripts/pulumi-from-source.sh is computed from them).
QUICKSTART_FILES = (
    "Makefile",
    "Pulumi.yaml",
    "Pulumi.dev.yaml",
    "pyproject.toml",
    "examples/quickstart",
    "scripts",
)


def quickstart_copy(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    for name in QUICKSTART_FILES:
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # mtimes kept: .venv's install stamp stays newer
    (root / ".venv").symlink_to(REPO / ".venv")
    # The quickstart reinstalls the package into .venv when its stamp is older than
    # pyproject.toml; from this copy that would point the repository's editable install
    # here. `make venv` installed everything it needs: say so.
    (REPO / ".venv" / ".quickstart-installed").touch()
    return root


def make(root: Path, target: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", target],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_make_up_trains_the_quickstart_voice_the_second_changes_nothing_make_down_destroys(
    cli: PulumiCli, tmp_path: Path
) -> None:
    root = quickstart_copy(tmp_path)
    env = cli.env()
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != str(cli.bin))
    assert shutil.which("pulumi", path=env["PATH"]) is None

    first = make(root, "up", env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"status\s+Success", first.stdout), first.stdout
    assert re.search(r"voiceId\s+quickstart[a-z0-9]{6}\b", first.stdout), first.stdout
    assert re.search(r"jobId\s+[0-9a-f]{32}", first.stdout), first.stdout
    assert re.search(r"demoAudioUrl\s+http://127\.0\.0\.1:\d+/media/\w+\.wav", first.stdout)
    requests = embedded_signed_requests(root / ".ice-emulator")
    assert requests > 20, "the voice was trained on the embedded emulator"

    second = make(root, "up", env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"\b3 unchanged\b", second.stdout), second.stdout
    assert embedded_signed_requests(root / ".ice-emulator") == requests, (
        "a second `make up` sends no request to ICE"
    )

    down = make(root, "down", env)
    assert down.returncode == 0, down.stdout + down.stderr
    assert "3 deleted" in down.stdout, down.stdout
