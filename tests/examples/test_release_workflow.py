"""The release workflow (.github/workflows/release.yml): it cannot run here (no GitHub, no
registries to publish to), so what can go wrong in it is checked, as for the GitOps files: it
parses, runs on a version tag, builds and proves dist/ with this project's own make targets,
and every file it releases or publishes is one `make dist` writes, under the names the schema
and scripts/dist.py give them.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from icevoice import __version__
from pulumi_ice_voice.plugin._packages import GO_MODULE, NODEJS_PACKAGE, REPOSITORY
from scripts.dist import PLATFORMS, release_assets
from tests.examples.ice_example_commands import check_command
from tests.examples.ice_example_mocks import REPO

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
TAG = f"v{__version__}"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads `on` as true
    return document


def _steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def _run(workflow: dict[Any, Any], job: str, name_part: str = "") -> str:
    [script] = [
        s["run"]
        for s in _steps(workflow, job)
        if "run" in s and name_part in (s.get("name", "") + s["run"])
    ]
    return str(script)


def _words(script: str) -> list[str]:
    """The words of a script's commands, line continuations joined, ${GITHUB_REF_NAME#v}
    and $GITHUB_REF_NAME resolved to this version's tag."""
    joined = script.replace("\\\n", " ")
    joined = joined.replace("${GITHUB_REF_NAME#v}", __version__).replace("$GITHUB_REF_NAME", TAG)
    return shlex.split(joined.replace("$GO_MODULE", GO_MODULE))


def test_it_runs_on_a_version_tag_and_checks_the_tag_against_the_sources(
    workflow: dict[Any, Any],
) -> None:
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    check = _run(workflow, "dist", "dist.py --version").strip()
    assert check == 'test "$GITHUB_REF_NAME" = "v$(python3 scripts/dist.py --version)"'
    # The same check, run here with this tag: it passes for this version's tag, fails otherwise.
    for tag, passes in ((TAG, True), (f"{TAG}.1", False)):
        done = subprocess.run(
            ["bash", "-c", check], cwd=REPO, env={**os.environ, "GITHUB_REF_NAME": tag}, check=False
        )
        assert (done.returncode == 0) is passes, tag
    assert workflow["permissions"] == {"contents": "read"}, "jobs ask for what they write"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_it_builds_dist_and_proves_it_with_this_projects_make_targets(
    workflow: dict[Any, Any],
) -> None:
    runs = [s["run"].strip() for s in _steps(workflow, "dist") if "run" in s]
    assert runs.index("make dist") < runs.index("make release")
    problems = [p for line in runs for p in check_command(line, repo=REPO, cwd=REPO)]
    assert problems == []
    [upload] = [s for s in _steps(workflow, "dist") if "upload-artifact" in s.get("uses", "")]
    assert upload["with"]["path"] == "dist/"


def test_every_action_is_pinned_to_a_major_version(workflow: dict[Any, Any]) -> None:
    for job in workflow["jobs"]:
        for step in _steps(workflow, job):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_the_github_release_carries_every_release_asset_of_dist_and_nothing_else(
    workflow: dict[Any, Any],
) -> None:
    assert workflow["jobs"]["github-release"]["permissions"] == {"contents": "write"}
    words = _words(_run(workflow, "github-release", "gh release create"))
    assert words[:4] == ["gh", "release", "create", TAG]
    globs = [w.removeprefix("dist/") for w in words if w.startswith("dist/")]
    assets = release_assets(__version__)
    matched = {a for a in assets if any(fnmatch.fnmatch(a, g) for g in globs)}
    assert matched == set(assets)
    assert not any(fnmatch.fnmatch("manifest.json", g) for g in globs)
    for platform in PLATFORMS:
        assert f"pulumi-resource-icevoice-{TAG}-{platform}.tar.gz" in assets
    notes = _run(workflow, "github-release", "CHANGELOG.md")
    assert "CHANGELOG.md" in notes and (REPO / "CHANGELOG.md").is_file()


def test_pypi_gets_both_python_distributions_by_trusted_publishing(
    workflow: dict[Any, Any],
) -> None:
    job = workflow["jobs"]["pypi"]
    assert job["permissions"] == {"id-token": "write"} and job["environment"] == "pypi"
    words = _words(_run(workflow, "pypi", "uv publish"))
    assert words[:4] == ["uv", "publish", "--trusted-publishing", "always"]
    globs = [w.removeprefix("dist/") for w in words if w.startswith("dist/")]
    python = [a for a in release_assets(__version__) if a.endswith((".whl", ".tar.gz"))]
    python = [a for a in python if a.startswith(("pulumi_ice_voice-", "pulumi_icevoice-"))]
    assert len(python) == 4
    assert {a for a in python if any(fnmatch.fnmatch(a, g) for g in globs)} == set(python)


def test_npm_gets_the_sdk_tarball_make_dist_writes(workflow: dict[Any, Any]) -> None:
    words = _words(_run(workflow, "npm", "npm publish"))
    tarball = f"{NODEJS_PACKAGE.lstrip('@').replace('/', '-')}-{__version__}.tgz"
    assert words[:3] == ["npm", "publish", f"dist/{tarball}"]
    assert tarball in release_assets(__version__)
    assert "--access" in words and words[words.index("--access") + 1] == "public"


def test_the_go_module_is_tagged_where_its_module_path_says(workflow: dict[Any, Any]) -> None:
    assert workflow["env"]["GO_MODULE"] == GO_MODULE
    subdirectory = GO_MODULE.removeprefix(REPOSITORY.removeprefix("https://") + "/")
    assert subdirectory == "sdk/go"
    words = _words(_run(workflow, "go-module", "git tag"))
    assert f"dist/go/{GO_MODULE}/@v/{TAG}.zip" in words, "the module zip make dist writes"
    assert f"sdk/go/{TAG}" in words, "a tag Go resolves for the module at sdk/go"
    assert words.count("git") >= 4 and "push" in words
    assert workflow["jobs"]["go-module"]["permissions"] == {"contents": "write"}


def test_the_workflow_is_where_github_reads_workflows() -> None:
    assert WORKFLOW.relative_to(REPO) == Path(".github/workflows/release.yml")
