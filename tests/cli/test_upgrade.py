"""Upgrade safety: a stack made by an older version is taken over by the code of HEAD.

tests/cli/upgrade/stack-0.1.0.json is the state the upgrade program (tests/cli/upgrade) made
with version 0.1.0, before the provider's modules moved into subpackages: three dynamic
voices, whose state pickles their provider by module path, and three plugin voices, one of
each edition. Imported into a new stack, it previews with HEAD's provider and plugin with
no change and no replacement, and destroys with the providers its state names.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from tests.support.cli import PulumiCli
from tests.support.pickles import pickle_globals
from tests.support.upgrade import FIXTURE, upgrade_stack

EDITIONS = ("CustomizedVoice", "StandardCustomizedVoice", "CosyVoiceCustomizedVoice")


def test_the_fixture_pickles_each_editions_provider_by_its_contracted_module_path() -> None:
    """What the state of every dynamic voice ever made names: pulumi_ice_voice._provider."""
    resources = json.loads(FIXTURE.read_text())["deployment"]["resources"]
    pickled = {
        r["type"].rsplit(":", 1)[-1]: pickle_globals(base64.b64decode(r["outputs"]["__provider"]))
        for r in resources
        if r["type"].startswith("pulumi-python:dynamic/")
    }
    assert pickled == {
        edition: [("pulumi_ice_voice._provider", f"{edition}Provider")] for edition in EDITIONS
    }
    plugin_types = {r["type"] for r in resources if r["type"].startswith("icevoice:")}
    assert plugin_types == {f"icevoice:index:{edition}" for edition in EDITIONS}


def test_a_stack_made_by_0_1_0_previews_with_no_change_and_destroys_with_head(
    cli: PulumiCli, plugin_sdk: Path, tmp_path: Path
) -> None:
    stack = upgrade_stack(cli, tmp_path / "project", plugin_sdk)
    stack.run("stack", "import", "--file", str(FIXTURE))

    preview = stack.run("preview", "--json", "--show-sames", "--expect-no-changes")

    steps = json.loads(preview.stdout)["steps"]
    voices = [s for s in steps if "CustomizedVoice" in s["urn"]]
    assert len(voices) == 6, preview.stdout
    assert {s["urn"].rsplit("::", 1)[-1]: s["op"] for s in steps if s["op"] != "same"} == {}
    assert all(not s.get("diffReasons") and not s.get("replaceReasons") for s in steps)

    # Deletes run with the providers the state names (the dynamic ones unpickled from it).
    destroyed = stack.destroy()
    assert "- 7 deleted" in destroyed.stdout, destroyed.output
    assert stack.export()["deployment"].get("resources") in (None, [])
