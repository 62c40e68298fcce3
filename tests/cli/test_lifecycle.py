"""preview, up, a no-op up, refresh, destroy and stack output of one voice, by the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PulumiCli
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice


def test_a_voice_through_preview_up_noop_refresh_and_destroy(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator01")])

    preview = stack.preview()
    assert "+ 1 to create" in preview.stdout or "+ 2 to create" in preview.stdout, preview.output
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    stack.up()
    outputs = stack.outputs()["narrator"]
    assert outputs["status"] == "Success"
    assert outputs["voice_id"] == "narrator01"
    assert outputs["job_id"] == ice.jobs_of("narrator01")[0]["JobId"]
    assert outputs["demo_audio_url"].endswith(".wav")

    before = ice.total_requests()
    again = stack.up()
    assert ice.total_requests() == before, "a no-op up calls no ICE API"
    assert "2 unchanged" in again.stdout, again.output

    stack.refresh()
    assert stack.outputs()["narrator"]["status"] == "Success"

    stack.destroy()
    assert stack.outputs() == {}
    assert len(ice.jobs_of("narrator01")) == 1, "a trained voice stays in ICE"
