"""preview, up, a no-op up, refresh, destroy and stack output of voices, by the CLI.

The whole basic flow of a first up (every output, every request, the progress lines),
what create does with audio staged in ICE and with a demo audio media id declared from
the start, and what destroy does with a trained voice and with a failed one.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

from tests.support.cli import PulumiCli, wait_for
from tests.support.cli_reading import (
    autonamed,
    ice_client,
    preview_steps,
    provider_lines,
    transitions,
    voice_state,
    wav_frames,
)
from tests.support.emulator import IceUnderTest
from tests.support.voices import REGION, demo_url, ice_config, voice


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


def test_a_first_up_of_an_autonamed_voice_fills_every_output_and_says_each_status_once(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([autonamed("narrator", voice_name="Narrator")])

    # Check named the voice and filled the defaults; the preview shows them.
    checked = preview_steps(stack)["narrator"]
    assert checked.op == "create"
    voice_id = checked.inputs["voice_id"]
    assert voice_id.startswith("narrator") and voice_id.isalnum() and len(voice_id) <= 32
    assert (checked.inputs["wait_for_training"], checked.inputs["training_timeout"]) == (
        True,
        10800,
    )

    up = stack.up()

    out = stack.outputs()["narrator"]
    assert out["voice_id"] == voice_id, "the up's own Check named it as the preview's did"
    by_action = ice.control.requests()["by_action"]
    assert (
        by_action["CreateCustomizedVoiceJob"],
        by_action["DetectAudioForCustomizedVoiceJob"],
        by_action["SubmitCustomizedVoiceJob"],
    ) == (1, 20, 1)
    [job] = ice.jobs_of(voice_id)
    assert (job["JobId"], job["SubmitCount"], job["PassedRecords"]) == (out["job_id"], 1, 20)
    assert out == {
        "voice_id": voice_id,
        "job_id": job["JobId"],
        "status": "Success",
        "message": None,
        "voice_type": "Basic",
        "create_time": out["create_time"],
        "region": REGION,
        "voice_name": "Narrator",
        "gender": "female",
        "scenario": "story",
        "voice_desc": None,
        "demo_audio_media_url": demo_url("narrator"),
        "demo_audio_media_id": job["DemoAudioMediaId"],
        "demo_audio_url": out["demo_audio_url"],
        "wait_for_training": True,
        "training_timeout": 10800,
    }
    assert datetime.fromisoformat(out["create_time"].replace("Z", "+00:00")).year >= 2024
    assert wav_frames(out["demo_audio_url"]) > 0
    assert voice_state(stack, "narrator")["status"] == "Success"
    # Progress: one line per status transition, each naming the voice, in order.
    lines = provider_lines(up.output)
    assert lines[:4] == [
        f"voice {voice_id}: created job {job['JobId']}",
        f"voice {voice_id}: all 20 recordings passed audio detection",
        f"voice {voice_id}: submitting training",
        f"voice {voice_id}: job {job['JobId']} submitted, waiting for training",
    ], up.output
    chain = transitions(lines)
    assert list(chain) == [voice_id]
    statuses = ["submitted"] + [new for _, new in chain[voice_id]]
    assert chain[voice_id] == list(itertools.pairwise(statuses))
    assert len(set(statuses)) == len(statuses) and statuses[-1] == "Success"
    assert len(lines) == 4 + len(chain[voice_id]), "nothing else was said"

    # How create waits is never a change to the voice: no step, no request, the same id.
    stack.set_voices(
        [autonamed("narrator", voice_name="Narrator", wait_for_training=False, training_timeout=60)]
    )
    requests = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests
    assert stack.outputs()["narrator"]["voice_id"] == voice_id


def test_staged_audio_is_submitted_without_recordings(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    job_id = ice.control.stage(["staged1"])["staged1"]  # 20 passing recordings, named staged1
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("staged", "staged1", voice_name="staged1", recordings=None)])

    up = stack.up()

    out = stack.outputs()["staged"]
    assert (out["voice_id"], out["job_id"], out["status"]) == ("staged1", job_id, "Success")
    by_action = ice.control.requests()["by_action"]
    assert by_action["SubmitCustomizedVoiceJob"] == 1
    assert "CreateCustomizedVoiceJob" not in by_action
    assert "DetectAudioForCustomizedVoiceJob" not in by_action
    assert f"voice staged1: adopting job {job_id} (Initialization)" in provider_lines(up.output)
    assert wav_frames(out["demo_audio_url"]) > 0


def test_a_demo_audio_media_id_declared_at_create_is_set_and_the_next_up_changes_nothing(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("spare", "spare1")])
    stack.up()
    spare = stack.outputs()["spare"]
    media_id = spare["demo_audio_media_id"]
    assert media_id

    stack.set_voices(
        [voice("spare", "spare1"), voice("narrator", "narrator1", demo_audio_media_id=media_id)]
    )
    created = stack.up()

    assert "+ 1 created" in created.stdout and "2 unchanged" in created.stdout, created.stdout
    narrator = stack.outputs()["narrator"]
    assert (narrator["demo_audio_media_id"], narrator["demo_audio_url"]) == (
        media_id,
        spare["demo_audio_url"],
    )
    assert f"voice narrator1: demo audio set to media {media_id}" in provider_lines(created.output)
    with ice_client(ice) as client:
        assert client.get_customized_voice(voice_id="narrator1").demo_audio_media_id == media_id
    requests = ice.total_requests()
    again = stack.up()
    assert "3 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests


def test_destroy_deletes_a_failed_job_and_forgets_a_trained_voice_saying_so(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.faults(fail_voice_ids=["failing1"])
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices(
        [
            voice("trained", "trained1"),
            voice("failing", "failing1", wait_for_training=False),
        ]
    )
    stack.up()
    [trained_job] = ice.jobs_of("trained1")
    wait_for(lambda: [j["Status"] for j in ice.jobs_of("failing1")] == ["Fail"], "failing1 fails")
    [failed_job] = ice.jobs_of("failing1")
    ice.control.reset(counters_only=True)

    destroyed = stack.destroy()

    assert "- 3 deleted" in destroyed.stdout, destroyed.stdout
    assert stack.resources() == []
    assert ice.count("DeleteCustomizedVoiceJob") == 1
    assert ice.jobs_of("failing1") == []
    assert [j["Status"] for j in ice.jobs_of("trained1")] == ["Success"], "ICE cannot delete it"
    assert sorted(provider_lines(destroyed.output)) == [
        f"voice failing1: deleted job {failed_job['JobId']}",
        f"voice trained1: ICE has no API to delete a trained voice; it stays in your account "
        f"(job {trained_job['JobId']}) and is removed from this stack only",
    ]
