"""The plugin's examples through the real CLI: TypeScript, Pulumi YAML and Python on the
generated SDK, each trained on an emulator of the test's own (its dev stack's
`icevoice:endpoint: embedded` is replaced by the emulator's URL): preview, up, a no-op up
with no ICE request but the function's, refresh, stack output, destroy. Each program calls
a function of the plugin (getDemonstration), which the engine runs at every preview and up:
its one read is the only request a preview or a no-op up makes.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.support.cli import PulumiCli, Stack
from tests.support.emulator import IceUnderTest
from tests.support.examples import READ_ACTIONS, copy_example, example_stack, requests_by_action
from tests.support.language_hosts import nodejs_modules, tsc
from tests.support.plugin import generate_sdk, plugin_config

FIRST_STORY_TEXT = "The old lighthouse keeper looked out over the quiet sea."
FUNCTION_READ = "GetDemonstrationForCustomizedVoiceJob"


def _only_the_function_read(ice: IceUnderTest, before: Counter[str]) -> bool:
    return dict(requests_by_action(ice) - before) == {FUNCTION_READ: 1}


def _lifecycle(stack: Stack, ice: IceUnderTest) -> dict[str, str]:
    """preview, up, no-op up, refresh, destroy of an example's one voice; its outputs."""
    before = requests_by_action(ice)
    preview = stack.preview()
    assert "+ 3 to create" in preview.stdout, preview.output
    assert _only_the_function_read(ice, before), "a preview creates nothing in ICE"

    up = stack.up()
    assert "+ 3 created" in up.stdout, up.output
    outputs = stack.outputs()
    [job] = ice.jobs_of(outputs["voiceId"])
    [speech] = ice.control.speeches()
    assert speech["Voice"] == outputs["voiceId"], "the speech spoken with the trained voice"
    assert outputs["welcomeUrl"].endswith(".wav")
    assert (outputs["status"], outputs["jobId"]) == ("Success", job["JobId"])
    assert outputs["demoAudioUrl"].endswith(".wav")
    assert outputs["firstText"] == FIRST_STORY_TEXT, "the function's answer"
    assert stack.run("stack", "output", "jobId").stdout.strip() == job["JobId"]

    before = requests_by_action(ice)
    again = stack.up()
    assert "3 unchanged" in again.stdout, again.output
    assert _only_the_function_read(ice, before), "a no-op up calls ICE for nothing else"

    before = requests_by_action(ice)
    assert "3 unchanged" in stack.refresh().stdout
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    destroyed = stack.destroy()
    assert "- 3 deleted" in destroyed.stdout, destroyed.output
    assert [j["Status"] for j in ice.jobs_of(outputs["voiceId"])] == ["Success"]
    return outputs


def _package_add(cli: PulumiCli, project: Path, work: Path) -> None:
    """What `pulumi package add <plugin>` does in a Node.js project (README), offline: the
    TypeScript SDK generated into sdks/icevoice and built, node_modules holding it beside the
    pinned packages. (The command itself runs `npm install`, which reaches the registry.)"""
    modules = nodejs_modules()
    sdk = project / "sdks" / "icevoice"
    sdk.parent.mkdir()
    generate_sdk(cli, "nodejs", work).rename(sdk)
    built = tsc(sdk, modules, sdk / "bin")
    assert built.returncode == 0, built.stdout + built.stderr
    node_modules = project / "node_modules"
    node_modules.mkdir()
    for entry in modules.iterdir():
        (node_modules / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (node_modules / "@pulumi-ice-voice").mkdir()
    (node_modules / "@pulumi-ice-voice" / "icevoice").symlink_to(
        os.path.relpath(sdk, node_modules / "@pulumi-ice-voice"), target_is_directory=True
    )


def test_the_typescript_example_trains_its_voice_through_the_plugin(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    project = copy_example("typescript", tmp_path / "checkout")
    _package_add(cli, project, tmp_path / "sdk")
    stack = example_stack(cli, project, config=plugin_config(ice.url))

    outputs = _lifecycle(stack, ice)

    assert outputs["voiceId"].startswith("narrator")


def test_the_yaml_example_trains_its_voice_through_the_plugin(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    project = copy_example("yaml", tmp_path / "checkout")
    stack = example_stack(cli, project, config=plugin_config(ice.url))

    outputs = _lifecycle(stack, ice)

    assert outputs["voiceId"].startswith("narrator")


def test_the_python_example_on_the_generated_sdk_trains_its_voice_through_the_plugin(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    project = copy_example("plugin-python", tmp_path / "checkout")
    stack = cli.init_stack(project, config=plugin_config(ice.url), pythonpath=(plugin_sdk,))

    outputs = _lifecycle(stack, ice)

    assert outputs["voiceId"].startswith("narrator")


@pytest.mark.parametrize("example", ["typescript", "yaml"])
def test_the_example_as_committed_trains_on_the_embedded_emulator_and_prints_its_outputs(
    cli: PulumiCli, plugin_sdk: Path, tmp_path: Path, example: str
) -> None:
    """The dev stack as committed (`icevoice:endpoint: embedded`): the emulator runs inside
    the plugin's process, keeping its state beside Pulumi.yaml."""
    project = copy_example(example, tmp_path / "checkout")
    if example == "typescript":
        _package_add(cli, project, tmp_path / "sdk")
    stack = example_stack(cli, project)

    up = stack.up()

    assert "embedded ICE emulator at http://127.0.0.1:" in up.stdout, up.stdout
    outputs = stack.outputs()
    assert outputs["status"] == "Success"
    assert re.search(rf'jobId\s*: "{outputs["jobId"]}"', up.stdout), up.stdout
    assert outputs["demoAudioUrl"].startswith("http://127.0.0.1:")
    assert (project / ".ice-emulator").is_dir()
    assert "3 unchanged" in stack.up().stdout
