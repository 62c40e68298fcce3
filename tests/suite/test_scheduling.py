"""How make test hands out tests (tests/support/scheduling.py), run through the installed
pytest and pytest-xdist themselves: a throwaway tree whose tests/release tests and other tests
record which worker ran them, in which order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.cli import REPO
from tests.support.scheduling import unit_of

RECORD = """
import os
from pathlib import Path

def _record(name):
    with Path(os.environ["RECORD_TO"]).open("a") as out:
        out.write(f"{os.environ['PYTEST_XDIST_WORKER']} {name}\\n")
"""


def test_the_groups_are_one_unit_each_and_every_other_test_its_own() -> None:
    assert unit_of("tests/release/test_programs.py::test_go[x]") == "release"
    assert unit_of("tests/release/test_packages.py::test_wheel") == "release"
    assert (
        unit_of("tests/cli/test_refresh.py::test_drift") == "tests/cli/test_refresh.py::test_drift"
    )
    assert unit_of("tests/releases.py::test_x") == "tests/releases.py::test_x"
    protocol = "tests/cli/test_engine_protocol.py"
    assert unit_of(f"{protocol}::test_a_preview_checks") == protocol
    assert unit_of(f"{protocol}::test_destroy_deletes") == protocol


def test_under_loadgroup_the_release_tier_runs_whole_on_one_worker_and_first(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    for path, count in (("tests/release/test_tier.py", 5), ("tests/cli/test_other.py", 8)):
        file = tree / path
        file.parent.mkdir(parents=True, exist_ok=True)
        tests = "".join(
            f"\ndef test_{index}():\n    _record({f'{path}::{index}'!r})\n"
            for index in range(count)
        )
        file.write_text(RECORD + tests)
    (tree / "pytest.ini").write_text("[pytest]\n")
    (tree / "conftest.py").write_text(
        "from tests.conftest import pytest_xdist_make_scheduler  # noqa: F401\n"
    )
    record = tmp_path / "record.txt"
    env = {
        **os.environ,
        "RECORD_TO": str(record),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2"]
    done = subprocess.run(
        [*pytest, "--dist", "loadgroup", "--rootdir", str(tree), "tests"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    runs = [line.split(" ", 1) for line in record.read_text().splitlines()]
    assert len(runs) == 13
    release_workers = {worker for worker, name in runs if name.startswith("tests/release/")}
    assert len(release_workers) == 1, runs
    [worker] = release_workers
    first_on_that_worker = next(name for w, name in runs if w == worker)
    assert first_on_that_worker.startswith("tests/release/"), runs
    assert {worker for worker, _ in runs} == {"gw0", "gw1"}, "the other tests use both workers"
