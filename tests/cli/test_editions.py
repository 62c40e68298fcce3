"""The Standard and CosyVoice editions through the real CLI, from both front doors.

Each edition: preview, up to Success, a no-op up with zero ICE requests, refresh, destroy,
as a StandardCustomizedVoice / CosyVoiceCustomizedVoice of the dynamic provider and of the
plugin (through its generated Python SDK). ICE chooses these voices' ids; what makes a job
this resource's own is its name in ICE (ice_voice_name: the declared voice_name, `-`, 8
characters digested from the stack, the resource and the training inputs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack
from tests.support.editions import cosy_voice, jobs_named, standard_voice
from tests.support.emulator import IceUnderTest
from tests.support.plugin import plugin_config
from tests.support.voices import ice_config

Entry = Callable[..., dict[str, Any]]
EDITIONS = pytest.mark.parametrize(
    ("entry", "voice_type"),
    [(standard_voice, "Standard"), (cosy_voice, "CosyVoice")],
    ids=["standard", "cosy"],
)


def edition_stack(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, front_door: str, sdk: Path | None = None
) -> Stack:
    """A stack of the dynamic provider's voices program, or of the plugin's."""
    if front_door == "plugin":
        assert sdk is not None
        return cli.stack(
            tmp_path / "project",
            program=PLUGIN_VOICES_PROGRAM,
            pythonpath=(sdk,),
            config=plugin_config(ice.url),
        )
    return cli.stack(tmp_path / "project", program=VOICES_PROGRAM, config=ice_config(ice.url))


@EDITIONS
@pytest.mark.parametrize("front_door", ["dynamic", "plugin"])
def test_a_voice_of_each_edition_through_preview_up_noop_refresh_and_destroy(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    entry: Entry,
    voice_type: str,
    front_door: str,
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if front_door == "plugin" else None
    stack = edition_stack(cli, ice, tmp_path, front_door, sdk)
    stack.set_voices([entry(ice, "anchor")])
    ice.control.reset(counters_only=True)

    preview = stack.preview()
    assert "+ 2 to create" in preview.stdout, preview.output
    assert ice.total_but_quota_counts() == 0, "a preview reads the CosyVoice quota at most"
    assert ice.count("ListCustomizedVoiceJobs") == (voice_type == "CosyVoice")

    stack.up()
    out = stack.outputs()["anchor"]
    [job] = jobs_named(ice, "Anchor")
    assert (out["status"], out["job_id"], out["voice_type"]) == (
        "Success",
        job["JobId"],
        voice_type,
    )
    assert out["voice_id"] == job["VoiceId"], "the voice id ICE assigned"
    assert out["ice_voice_name"] == job["VoiceName"]
    assert out["ice_voice_name"].startswith("Anchor-") and len(out["ice_voice_name"]) == 15
    [resource] = stack.resources(f"{voice_type}CustomizedVoice")
    assert resource["id"] == job["VoiceId"]

    before = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == before, "a no-op up calls no ICE API"

    stack.refresh()
    assert stack.outputs()["anchor"]["status"] == "Success"

    stack.destroy()
    assert stack.outputs() == {}
    assert len(jobs_named(ice, "Anchor")) == 1, "a trained voice stays in ICE"


@pytest.mark.parametrize("front_door", ["dynamic", "plugin"])
def test_a_voice_named_after_its_resource_stays_unchanged_after_a_refresh(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    front_door: str,
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if front_door == "plugin" else None
    stack = edition_stack(cli, ice, tmp_path, front_door, sdk)
    stack.set_voices([standard_voice(ice, "narrator", voice_name=None)])

    stack.up()
    name = stack.outputs()["narrator"]["ice_voice_name"]
    assert name.startswith("narrator-"), "the resource name, then the resource's suffix"
    stack.refresh()
    again = stack.up()

    assert "2 unchanged" in again.stdout, again.output
    assert stack.outputs()["narrator"]["ice_voice_name"] == name
    assert len([j for j in ice.control.jobs() if j["VoiceName"] == name]) == 1
