"""Inputs computed by another resource: unknown during a preview, known during `up`.

A preview never fails only because a value is not known yet. Where the known value would
be refused (a trained voice cannot be retrained under the same voice_id), the preview shows
the possible replacement and `up` refuses only when the known value really differs.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PulumiCli, Stack
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice

REFUSAL = "ICE can neither retrain nor delete a voice under the same voice_id"


def two_voices(stack: Stack, anchor_id: str, **anchor: str) -> None:
    """`follower`'s description is `anchor`'s job id: unknown while anchor changes."""
    stack.set_voices(
        [
            voice("anchor", anchor_id, **anchor),
            voice("follower", "follower1", computed={"voice_desc": "output:anchor.job_id"}),
        ]
    )


def test_an_unknown_input_of_a_trained_voice_previews_and_up_keeps_it_when_it_resolves_equal(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    two_voices(stack, "anchor1")
    stack.up()
    trained = stack.outputs()
    assert trained["follower"]["voice_desc"] == trained["anchor"]["job_id"]

    # An in-place update of anchor: its outputs are unknown in the preview, and so is the
    # follower's voice_desc; the job id it resolves to is the same.
    media = trained["follower"]["demo_audio_media_id"]
    two_voices(stack, "anchor1", demo_audio_media_id=media)
    preview = stack.preview(check=False)
    assert preview.returncode == 0, preview.output
    assert REFUSAL not in preview.output
    assert "~ 1 to update" in preview.stdout, preview.stdout

    jobs = len(ice.control.jobs())
    up = stack.up()
    assert "1 updated" in up.stdout, up.stdout
    after = stack.outputs()
    assert after["follower"]["job_id"] == trained["follower"]["job_id"], "follower kept"
    assert after["anchor"]["demo_audio_media_id"] == media
    assert len(ice.control.jobs()) == jobs, "no training job was added"


def test_an_unknown_input_that_resolves_to_a_new_value_is_refused_at_up_not_at_preview(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    two_voices(stack, "anchor1")
    stack.up()
    trained = stack.outputs()

    # anchor is replaced by a new voice (a new job id): follower's voice_desc will change.
    two_voices(stack, "anchor2")
    preview = stack.preview(check=False)
    assert preview.returncode == 0, preview.output
    assert REFUSAL not in preview.output
    assert "+-" in preview.stdout and "follower" in preview.stdout, preview.stdout

    up = stack.up(check=False)
    assert up.returncode != 0
    assert "voice_desc: cannot change voice follower1" in up.output, up.output
    assert REFUSAL in up.output
    follower_jobs = ice.jobs_of("follower1")
    assert [j["JobId"] for j in follower_jobs] == [trained["follower"]["job_id"]], "not retrained"


def test_a_voice_id_from_pulumi_random_previews_unknown_and_trains_under_the_drawn_id(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("drawn", computed={"voice_id": "random:drawn"})])

    preview = stack.preview()
    assert "+  random:index:RandomString drawn-voice_id create" in preview.stdout, preview.stdout
    assert ice.total_requests() == 0

    stack.up()
    voice_id = stack.outputs()["drawn"]["voice_id"]
    assert voice_id.startswith("drawn") and len(voice_id) == 11
    assert ice.jobs_of(voice_id)[0]["Status"] == "Success"

    # A change of what the voice is trained on draws a new suffix (the keepers): unknown
    # in the preview, a new voice created before the old one is forgotten at `up`.
    stack.set_voices(
        [voice("drawn", computed={"voice_id": "random:drawn"}, voice_name="Drawn again")]
    )
    preview = stack.preview(check=False)
    assert preview.returncode == 0, preview.output
    stack.up()
    new_id = stack.outputs()["drawn"]["voice_id"]
    assert new_id != voice_id and ice.jobs_of(new_id)[0]["Status"] == "Success"
