"""The provider plugin through the real CLI: a voice's whole life, from a Python program on
the SDK generated from the plugin's schema (tests/cli/programs/plugin_voices)."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PLUGIN_VOICES_PROGRAM, PulumiCli
from tests.support.emulator import IceUnderTest
from tests.support.plugin import plugin_config
from tests.support.voices import voice


def test_a_voice_through_preview_up_noop_refresh_and_destroy(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    stack = cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([voice("narrator", "narrator01")])

    preview = stack.preview()
    assert "+ 2 to create" in preview.stdout, preview.output
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    stack.up()
    outputs = stack.outputs()["narrator"]
    assert outputs["status"] == "Success"
    assert outputs["voice_id"] == "narrator01"
    [job] = ice.jobs_of("narrator01")
    assert outputs["job_id"] == job["JobId"]
    assert outputs["demo_audio_url"].endswith(".wav")
    [resource] = stack.resources("icevoice:index:CustomizedVoice")
    assert resource["id"] == "narrator01"

    before = ice.total_requests()
    again = stack.up()
    assert ice.total_requests() == before, "a no-op up calls no ICE API"
    assert "2 unchanged" in again.stdout, again.output

    stack.refresh()
    assert stack.outputs()["narrator"]["status"] == "Success"

    stack.destroy()
    assert stack.outputs() == {}
    assert len(ice.jobs_of("narrator01")) == 1, "a trained voice stays in ICE"
