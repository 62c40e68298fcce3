"""The examples as projects a user copies: Pulumi.yaml, stack config, requirements, README.

What `pulumi up` would trip over before the program even runs is checked here: the
virtualenv the language host and the dynamic-provider host resolve, stack config keys the
provider does not read, a requirements file that does not install this package.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_ice_voice import ConfigurationError, ProviderConfig
from pulumi_ice_voice._core.config import SETTINGS
from tests.examples.ice_example_mocks import REPO

# pyproject.toml is read with tomllib, in the standard library from Python 3.11.
tomllib = pytest.importorskip("tomllib")
EXAMPLES = REPO / "examples"
# Directory -> the Pulumi.yaml of the project whose program it holds.
PROJECTS = {
    EXAMPLES / "quickstart": REPO,
    EXAMPLES / "full-pipeline": EXAMPLES / "full-pipeline",
    EXAMPLES / "producer-consumer" / "producer": EXAMPLES / "producer-consumer" / "producer",
    EXAMPLES / "producer-consumer" / "consumer": EXAMPLES / "producer-consumer" / "consumer",
    EXAMPLES / "many-voices": EXAMPLES / "many-voices",
    EXAMPLES / "automation-api": EXAMPLES / "automation-api",
    EXAMPLES / "gitops": EXAMPLES / "gitops",
    EXAMPLES / "standard-voice": EXAMPLES / "standard-voice",
    EXAMPLES / "cosyvoice": EXAMPLES / "cosyvoice",
}
IDS = [str(p.relative_to(EXAMPLES)) for p in PROJECTS]
# Programs of the plugin (icevoice:* config): TypeScript, Pulumi YAML, Python on its SDK.
PLUGIN_PROJECTS = {EXAMPLES / name for name in ("typescript", "yaml", "plugin-python")}


def _project(root: Path) -> dict[str, Any]:
    project: dict[str, Any] = yaml.safe_load((root / "Pulumi.yaml").read_text())
    return project


def test_every_example_directory_is_covered_and_documented() -> None:
    tops = {p for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert tops == {p if p.parent == EXAMPLES else p.parent for p in PROJECTS} | PLUGIN_PROJECTS
    for top in tops:
        readme = top / "README.md"
        assert readme.is_file(), f"{top.name} has no README.md"
        assert readme.read_text().startswith("# "), f"{top.name}/README.md has no title"


@pytest.mark.parametrize("program_dir", PROJECTS, ids=IDS)
def test_project_runs_its_program_in_a_python_virtualenv(program_dir: Path) -> None:
    root = PROJECTS[program_dir]
    project = _project(root)
    runtime = project["runtime"]
    assert runtime["name"] == "python"
    assert (root / project.get("main", ".")).resolve() == program_dir.resolve()
    if program_dir.name != "automation-api":  # its program is inline, in provision.py
        assert (program_dir / "__main__.py").is_file()
    virtualenv = runtime["options"]["virtualenv"]
    # The language host resolves `virtualenv` against the project root, the host of dynamic
    # providers against the program directory (pulumi/pulumi#7061): both must be the same.
    language_host = os.path.realpath(root / virtualenv)
    provider_host = os.path.realpath(program_dir / virtualenv)
    assert language_host == provider_host


@pytest.mark.parametrize("program_dir", PROJECTS, ids=IDS)
def test_requirements_install_this_package(program_dir: Path) -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = [
        line.strip()
        for line in (program_dir / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    [editable] = [line for line in lines if line.startswith("-e ")]
    match = re.fullmatch(r"-e (?P<path>[./]+)\[(?P<extras>[\w,]+)\]", editable)
    assert match, editable
    # `pulumi install` runs pip in the program directory.
    assert (program_dir / match["path"]).resolve() == REPO
    assert set(match["extras"].split(",")) <= set(pyproject["optional-dependencies"])
    assert any(line.startswith("pulumi>=") for line in lines)


def _stack_files() -> list[Path]:
    return sorted([*REPO.glob("Pulumi.*.yaml"), *EXAMPLES.rglob("Pulumi.*.yaml")])


@pytest.mark.parametrize("stack_file", _stack_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_stack_config_uses_only_keys_the_provider_reads(stack_file: Path) -> None:
    project = _project(stack_file.parent)["name"]
    config = yaml.safe_load(stack_file.read_text())["config"]
    # The dynamic provider reads ice:*, the plugin icevoice:*.
    provider = "icevoice" if stack_file.parent in PLUGIN_PROJECTS else "ice"
    provider_keys = {f"{provider}:{setting.key}" for setting in SETTINGS.values()}
    for key in config:
        namespace = key.split(":", 1)[0]
        assert namespace in {provider, project}, f"{key}: neither {provider}:* nor the project's"
        if namespace == provider:
            assert key in provider_keys, (
                f"{key} is not read by the provider ({sorted(provider_keys)})"
            )
    try:
        ProviderConfig.from_stack_config(
            {k: str(v) for k, v in config.items()}, environ={}, namespace=provider
        )
    except ConfigurationError as exc:  # pragma: no cover - the assertion message is the point
        pytest.fail(f"{stack_file.name}: {exc}")


def test_quickstart_dev_stack_runs_on_the_embedded_emulator() -> None:
    config = yaml.safe_load((REPO / "Pulumi.dev.yaml").read_text())["config"]
    assert config == {"ice:endpoint": "embedded", "ice:region": "cn-shanghai"}
    assert _project(REPO)["runtime"]["options"]["virtualenv"] == ".venv"
