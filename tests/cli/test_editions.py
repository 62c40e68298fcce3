"""The Standard and CosyVoice editions through the real CLI, from both front doors.

Both editions in one stack of each front door (a StandardCustomizedVoice and a
CosyVoiceCustomizedVoice of the dynamic provider, and of the plugin through its generated
Python SDK): preview, up to Success, a no-op up with zero ICE requests, refresh, an up after
it that changes nothing, destroy. ICE chooses these voices' ids; what makes a job this
resource's own is its name in ICE (ice_voice_name: the declared voice_name, `-`, 8 characters
digested from the stack, the resource and the training inputs), or, with no voice_name
declared, the resource's name. (The engine's calls are the same for every voice of a stack
and each voice's are its own: one stack per front door proves each edition's wiring; the
editions' rules are tests/core's.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack
from tests.support.editions import cosy_voice, jobs_named, standard_voice
from tests.support.emulator import IceUnderTest
from tests.support.plugin import plugin_config
from tests.support.voices import ice_config

EDITIONS = {"anchor": "Standard", "host": "CosyVoice"}
"""The resource name of each edition's voice, and the voice_type ICE reports for it."""


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


@pytest.mark.parametrize("front_door", ["dynamic", "plugin"])
def test_a_voice_of_each_edition_through_preview_up_noop_refresh_and_destroy(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    front_door: str,
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if front_door == "plugin" else None
    stack = edition_stack(cli, ice, tmp_path, front_door, sdk)
    stack.set_voices(
        [
            standard_voice(ice, "anchor"),
            cosy_voice(ice, "host"),
            standard_voice(ice, "narrator", voice_name=None),  # named after its resource
        ]
    )
    ice.control.reset(counters_only=True)

    preview = stack.preview()
    assert "+ 4 to create" in preview.stdout, preview.output
    assert ice.total_but_quota_counts() == 0, "a preview reads the CosyVoice quota at most"
    assert ice.count("ListCustomizedVoiceJobs") == 1, "the quota, for the CosyVoice voice alone"

    stack.up()
    outputs = stack.outputs()
    for name, voice_type in EDITIONS.items():
        out = outputs[name]
        [job] = jobs_named(ice, name.capitalize())
        assert (out["status"], out["job_id"], out["voice_type"]) == (
            "Success",
            job["JobId"],
            voice_type,
        ), name
        assert out["voice_id"] == job["VoiceId"], "the voice id ICE assigned"
        assert out["ice_voice_name"] == job["VoiceName"]
        assert out["ice_voice_name"].startswith(f"{name.capitalize()}-")
        assert len(out["ice_voice_name"]) == len(name) + 9
        [resource] = [
            r for r in stack.resources(f"{voice_type}CustomizedVoice") if r["id"] == job["VoiceId"]
        ]
        assert resource["urn"].endswith(f"::{name}")
    named = outputs["narrator"]["ice_voice_name"]
    assert named.startswith("narrator-"), "the resource name, then the resource's suffix"

    before = ice.total_requests()
    again = stack.up()
    assert "4 unchanged" in again.stdout, again.output
    assert ice.total_requests() == before, "a no-op up calls no ICE API"

    stack.refresh()
    after_refresh = stack.up()
    assert "4 unchanged" in after_refresh.stdout, after_refresh.output
    outputs = stack.outputs()
    assert {outputs[name]["status"] for name in (*EDITIONS, "narrator")} == {"Success"}
    assert outputs["narrator"]["ice_voice_name"] == named
    assert len([j for j in ice.control.jobs() if j["VoiceName"] == named]) == 1

    stack.destroy()
    assert stack.outputs() == {}
    for name in EDITIONS:
        assert len(jobs_named(ice, name.capitalize())) == 1, "a trained voice stays in ICE"
