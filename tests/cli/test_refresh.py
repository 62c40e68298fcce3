"""`pulumi refresh` of voices that changed in ICE behind the stack's back.

What the real CLI does, which the stand-in engine did not: a refresh reads every voice
and stores what ICE reports, but does not run the program, so `pulumi stack output`
keeps the old values until the next up (the state, read here with voice_state, has the
new ones at once). And what refresh prints per voice is the provider's Diff of the
refreshed voice against the program's inputs: "updated" only for drift of a declared
input, "unchanged" when only what ICE computes moved on (a status, a demo audio that the
program does not declare).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import PulumiCli, wait_for
from tests.support.cli_reading import (
    IN_PROGRESS,
    ice_client,
    provider_lines,
    voice_state,
    wav_frames,
)
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice


def test_refresh_reports_drift_of_a_declared_demo_audio_and_up_restores_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1"), voice("spare", "spare1")])
    stack.up()
    trained, spare = stack.outputs()["narrator"], stack.outputs()["spare"]
    media_id, drifted = trained["demo_audio_media_id"], spare["demo_audio_media_id"]

    # Not declared: the program leaves the demo audio to whoever sets it.
    with ice_client(ice) as client:
        client.update_customized_voice(voice_id="narrator1", demo_audio_media_id=drifted)
    unmanaged = stack.refresh()
    assert "3 unchanged" in unmanaged.stdout, unmanaged.stdout
    assert voice_state(stack, "narrator")["demo_audio_media_id"] == drifted
    assert stack.outputs()["narrator"]["demo_audio_media_id"] == media_id, "the program did not run"
    kept = stack.up()
    assert "3 unchanged" in kept.stdout, kept.stdout
    assert stack.outputs()["narrator"]["demo_audio_media_id"] == drifted

    # Declared: the next up sets it; drift then shows on refresh and the next up sets it back.
    stack.set_voices(
        [voice("narrator", "narrator1", demo_audio_media_id=media_id), voice("spare", "spare1")]
    )
    assert "~ 1 updated" in stack.up().stdout
    with ice_client(ice) as client:
        client.update_customized_voice(voice_id="narrator1", demo_audio_media_id=drifted)

    refreshed = stack.refresh()

    assert " ~  pulumi-python:dynamic/ice:CustomizedVoice narrator updated" in refreshed.stdout, (
        refreshed.stdout
    )
    assert "~ 1 updated" in refreshed.stdout and "2 unchanged" in refreshed.stdout
    assert voice_state(stack, "narrator")["demo_audio_media_id"] == drifted
    restored = stack.up()
    assert "~ 1 updated" in restored.stdout, restored.stdout
    assert f"voice narrator1: demo audio set to media {media_id}" in provider_lines(restored.output)
    out = stack.outputs()["narrator"]
    assert (out["demo_audio_media_id"], out["demo_audio_url"]) == (
        media_id,
        trained["demo_audio_url"],
    )
    with ice_client(ice) as client:
        assert client.get_customized_voice(voice_id="narrator1").demo_audio_media_id == media_id


def test_a_voice_ice_no_longer_has_is_deleted_by_refresh_and_by_a_destroy_that_finds_nothing(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1")])
    stack.up()
    before_refresh = tmp_path / "before-refresh.json"
    before_refresh.write_text(json.dumps(stack.export()))
    ice.control.reset()  # ICE forgets every voice

    refreshed = stack.refresh()

    assert " -  pulumi-python:dynamic/ice:CustomizedVoice narrator deleted" in refreshed.stdout, (
        refreshed.stdout
    )
    assert "- 1 deleted" in refreshed.stdout
    assert stack.resources() == []
    # A destroy from the state as it was before that refresh: not found is deleted.
    stack.run("stack", "import", "--file", str(before_refresh))
    assert [r["id"] for r in stack.resources()] == ["narrator1"]
    destroyed = stack.destroy()
    assert "- 2 deleted" in destroyed.stdout, destroyed.stdout
    assert stack.resources() == []
    assert ice.count("DeleteCustomizedVoiceJob") == 0


def test_without_waiting_up_returns_while_training_and_refresh_records_the_end(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.clock(3600)  # still training whenever create returns
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1", wait_for_training=False)])

    submitted = stack.up()

    out = stack.outputs()["narrator"]
    [job] = ice.jobs_of("narrator1")
    assert out["status"] in IN_PROGRESS and out["job_id"] == job["JobId"]
    assert out["demo_audio_url"] is None
    assert provider_lines(submitted.output)[-1] == "voice narrator1: submitting training"
    ice.control.clock(0.2)
    wait_for(
        lambda: [j["Status"] for j in ice.jobs_of("narrator1")] == ["Success"], "training ends"
    )

    refreshed = stack.refresh()

    # Nothing the program declares changed: refresh says so, and stores the end of training.
    assert "2 unchanged" in refreshed.stdout, refreshed.stdout
    state = voice_state(stack, "narrator")
    assert (state["status"], state["job_id"]) == ("Success", job["JobId"])
    assert wav_frames(state["demo_audio_url"]) > 0
    assert stack.outputs()["narrator"]["status"] == out["status"], "the program did not run"
    requests = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests
    assert stack.outputs()["narrator"]["status"] == "Success"
