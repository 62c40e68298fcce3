"""examples/gitops/drift.py below the CLI: what it makes of the JSON `pulumi refresh
--preview-only --json` prints (the shapes of pulumi 3.274.1: a refreshed resource keeps op
`refresh`; one gone is `delete`; one changed is `update` only when its provider gave a
detailed diff, and is otherwise counted in `changeSummary` alone) and of a failed run.
tests/cli/test_drift.py runs it on the real CLI."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.examples.ice_example_mocks import REPO

SCRIPT = REPO / "examples" / "gitops" / "drift.py"
DYNAMIC = "pulumi-python:dynamic/ice:CustomizedVoice"
PLUGIN = "icevoice:index:CosyVoiceCustomizedVoice"


@pytest.fixture(scope="module")
def drift() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gitops_drift", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def step(op: str, resource_type: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"op": op, "urn": f"urn:pulumi:prod::voices::{resource_type}::{name}", **extra}


def digest(*steps: dict[str, Any], **summary: int) -> str:
    stack = step("refresh", "pulumi:pulumi:Stack", "voices-prod")
    return json.dumps({"config": {}, "steps": [stack, *steps], "changeSummary": summary})


def test_every_resource_refreshed_unchanged_is_no_drift(drift: ModuleType) -> None:
    out = digest(step("refresh", DYNAMIC, "narrator"), same=2)
    assert drift.verdict(0, out, "", stack="prod") == (0, "no drift in stack prod")


def test_a_voice_gone_from_ice_is_drift_and_named(drift: ModuleType) -> None:
    out = digest(
        step("refresh", DYNAMIC, "narrator"), step("delete", DYNAMIC, "spare"), same=2, delete=1
    )
    code, report = drift.verdict(0, out, "", stack="prod")
    assert code == 2
    assert report.splitlines() == [
        "drift in stack prod: 1 deleted",
        f"  deleted  spare  ({DYNAMIC})",
    ]


def test_a_plugin_voice_changed_in_place_is_named_with_what_changed(drift: ModuleType) -> None:
    changed = step("update", PLUGIN, "host", detailedDiff={"demoAudioMediaId": {"kind": "update"}})
    code, report = drift.verdict(0, digest(changed, same=1, update=1), "", stack=None)
    assert code == 2
    assert report.splitlines() == [
        "drift in the selected stack: 1 changed",
        f"  changed  host  ({PLUGIN}): demoAudioMediaId",
    ]


def test_a_change_the_json_counts_but_does_not_name_is_still_drift(drift: ModuleType) -> None:
    out = digest(
        step("refresh", DYNAMIC, "narrator"),
        step("delete", DYNAMIC, "spare"),
        same=1,
        update=1,
        delete=1,
    )
    code, report = drift.verdict(0, out, "", stack="prod")
    assert code == 2
    assert report.splitlines() == [
        "drift in stack prod: 1 deleted, 1 changed",
        f"  deleted  spare  ({DYNAMIC})",
        "  and 1 changed in place that pulumi's JSON output does not name (no detailed diff "
        "from their provider): `pulumi refresh --preview-only --stack prod` shows them",
    ]


def test_a_failed_refresh_is_an_error_with_each_resources_message(drift: ModuleType) -> None:
    traceback = "Traceback (most recent call last):\n  ...\nTransportError: Connection refused\n"
    diagnostics = [
        {"urn": step("x", DYNAMIC, "narrator")["urn"], "message": traceback, "severity": "error"},
        {"message": "error: preview failed\n", "severity": "error"},
        {"message": "a warning\n", "severity": "warning"},
    ]
    out = json.dumps({"steps": [], "diagnostics": diagnostics, "changeSummary": {"same": 1}})
    code, report = drift.verdict(1, out, "", stack="prod")
    assert code == 1
    assert report.splitlines() == [
        "drift check failed (pulumi exited 1):",
        "  narrator: TransportError: Connection refused",
        "  error: preview failed",
    ]


def test_an_error_diagnostic_is_a_failure_even_when_pulumi_exits_0(drift: ModuleType) -> None:
    out = json.dumps({"steps": [], "diagnostics": [{"message": "boom", "severity": "error"}]})
    assert drift.verdict(0, out, "", stack="prod")[0] == 1


@pytest.mark.parametrize("stdout", ["", "not json", "[1, 2]"])
def test_no_json_is_an_error_with_what_pulumi_said(drift: ModuleType, stdout: str) -> None:
    code, report = drift.verdict(255, stdout, "error: no stack named 'prod' found\n", stack="prod")
    assert (code, report) == (1, "drift check failed: error: no stack named 'prod' found")


def test_the_check_is_a_preview_only_refresh_in_json(drift: ModuleType) -> None:
    assert drift.refresh_command("prod") == [
        "pulumi",
        "refresh",
        "--preview-only",
        "--json",
        "--non-interactive",
        "--stack",
        "prod",
    ]


def test_without_pulumi_the_check_fails_with_exit_code_1(
    drift: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pulumi there
    assert drift.main(["--stack", "prod", "--cwd", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("drift check failed: ")


def test_the_script_runs_on_the_standard_library_alone() -> None:
    imports = [
        line.split()[1]
        for line in SCRIPT.read_text().splitlines()
        if line.startswith(("import ", "from ")) and not line.startswith("from __future__")
    ]
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in imports), imports
