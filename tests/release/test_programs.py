"""The proof of the release: from dist/ alone, a voice trained from every language that runs
here, through the real CLI.

The plugin is installed from this platform's archive (`pulumi plugin install resource
icevoice <version> --file ...`) into a fresh PULUMI_HOME; Python programs run in a fresh
virtualenv holding the wheels of dist/; the TypeScript program `npm install`s the SDK
tarball (offline, the other packages from npm's cache); the Go program requires the SDK
module at its version, the go command reading dist/go as a module proxy. Nothing of the
checkout is on PATH or PYTHONPATH. Each program (tests/release/programs) trains one voice
on the emulator: `up` to Success, an `up` that changes nothing and sends ICE no request,
`destroy`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import Stack
from tests.support.emulator import IceUnderTest
from tests.support.language_hosts import NODEJS_DEPS, nodejs_modules
from tests.support.plugin import plugin_config
from tests.support.release import DIST, CleanCli
from tests.support.voices import ice_config

PROGRAMS = Path(__file__).resolve().parent / "programs"


def _project(program: str, workdir: Path, runtime: Mapping[str, Any] | None = None) -> Path:
    """A copy of a program; a Pulumi.yaml naming ``runtime`` unless the program has its own."""
    shutil.copytree(PROGRAMS / program, workdir)
    if runtime is not None:
        project = {"name": f"release-{program.replace('_', '-')}", "runtime": dict(runtime)}
        (workdir / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
    return workdir


def _lifecycle(stack: Stack, ice: IceUnderTest, voice_id: str) -> None:
    """up to Success, a no-op up with no ICE request, destroy."""
    up = stack.up()
    assert "+ 2 created" in up.stdout, up.output
    outputs = stack.outputs()
    assert (outputs["voiceId"], outputs["status"]) == (voice_id, "Success"), outputs
    [job] = ice.jobs_of(voice_id)
    assert job["Status"] == "Success"

    before = ice.total_requests()
    again = stack.up("--expect-no-changes")
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == before, "a no-op up sends ICE no request"

    destroyed = stack.destroy()
    assert "- 2 deleted" in destroyed.stdout, destroyed.output
    assert stack.outputs() == {}


@pytest.mark.parametrize(
    ("program", "config", "voice_id"),
    [
        # The virtualenv holds the generated SDK too, whose plugin its language host requires.
        pytest.param("python_dynamic", ice_config, "releasedynamic", id="dynamic-provider"),
        pytest.param("python_sdk", plugin_config, "releasepython", id="generated-sdk"),
    ],
)
def test_python_on_the_wheels(
    clean_cli: CleanCli,
    installed_plugin: str,
    release_python: Path,
    release_ice: IceUnderTest,
    tmp_path: Path,
    program: str,
    config: Callable[[str], dict[str, Any]],
    voice_id: str,
) -> None:
    virtualenv = str(release_python.parent.parent)
    runtime = {"name": "python", "options": {"virtualenv": virtualenv}}
    project = _project(program, tmp_path / "project", runtime)
    stack = clean_cli.init_stack(project, config=config(release_ice.url))

    _lifecycle(stack, release_ice, voice_id)


def test_typescript_on_the_npm_tarball(
    clean_cli: CleanCli,
    installed_plugin: str,
    version: str,
    release_ice: IceUnderTest,
    tmp_path: Path,
) -> None:
    nodejs_modules()  # the pinned packages, in npm's cache since scripts/nodejs-deps.sh ran
    project = _project("typescript", tmp_path / "project", {"name": "nodejs"})
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(NODEJS_DEPS / name, project / name)
    tarball = f"pulumi-ice-voice-icevoice-{version}.tgz"
    shutil.copy2(DIST / tarball, project / tarball)
    npm = ["npm", "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]
    done = subprocess.run(
        [*npm, "--loglevel=error", f"./{tarball}"],
        cwd=project,
        env=clean_cli.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    installed = json.loads((project / "package.json").read_text())["dependencies"]
    assert installed["@pulumi-ice-voice/icevoice"] == f"file:{tarball}"
    stack = clean_cli.init_stack(project, config=plugin_config(release_ice.url))

    _lifecycle(stack, release_ice, "releasetypescript")


def test_pulumi_yaml_with_the_resource_token(
    clean_cli: CleanCli, installed_plugin: str, release_ice: IceUnderTest, tmp_path: Path
) -> None:
    project = _project("yaml", tmp_path / "project")
    stack = clean_cli.init_stack(project, config=plugin_config(release_ice.url))

    _lifecycle(stack, release_ice, "releaseyaml")


def test_go_on_the_generated_module(
    clean_cli: CleanCli,
    installed_plugin: str,
    version: str,
    release_ice: IceUnderTest,
    tmp_path: Path,
) -> None:
    project = _project("go", tmp_path / "project", {"name": "go"})
    sdk_version = clean_cli.version  # the served sdk/v3 the SDK module was built against
    (project / "go.mod").write_text(
        "module example.com/release-go\n\ngo 1.26\n\nrequire (\n"
        f"\tgithub.com/pulumi-ice-voice/pulumi-ice-voice/sdk/go v{version}\n"
        f"\tgithub.com/pulumi/pulumi/sdk/v3 {sdk_version}\n)\n"
    )
    stack = clean_cli.init_stack(project, config=plugin_config(release_ice.url))
    stack.extra_env.update(_go_env(DIST / "go"))
    # `pulumi install`: the Go host's `go mod tidy` fetches the module from dist/go.
    installing = stack.cli.run(["install"], cwd=project, env=stack.env)
    assert "Finished installing dependencies" in installing.output, installing.output

    _lifecycle(stack, release_ice, "releasego")


def _go_env(proxy: Path) -> dict[str, str]:
    """The go command reading ``proxy`` before the usual module proxy; our module has no
    entry in the checksum database (it is not published), its go.sum lines come from the
    proxy's files."""
    upstream = os.environ.get("GOPROXY") or "https://proxy.golang.org,direct"
    return {
        "GOPROXY": f"{proxy.as_uri()},{upstream}",
        "GONOSUMDB": "github.com/pulumi-ice-voice",
        "GOFLAGS": "-mod=mod",
        "GOTOOLCHAIN": "local",
    }
