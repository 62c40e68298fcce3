"""Changes to a trained voice through `pulumi up`: in place, replaced, refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import PulumiCli, Stack
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice


@pytest.fixture
def trained(cli: PulumiCli, ice: IceUnderTest, tmp_path: Path) -> Stack:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1"), voice("other", "other1")])
    stack.up()
    return stack


def test_a_new_demo_audio_media_id_is_updated_in_place(trained: Stack, ice: IceUnderTest) -> None:
    before = trained.outputs()
    media = before["other"]["demo_audio_media_id"]
    trained.set_voices(
        [voice("narrator", "narrator1", demo_audio_media_id=media), voice("other", "other1")]
    )

    preview = trained.preview()
    assert "~ 1 to update" in preview.stdout, preview.stdout
    up = trained.up()
    assert "1 updated" in up.stdout, up.stdout

    after = trained.outputs()["narrator"]
    assert after["demo_audio_media_id"] == media
    assert after["job_id"] == before["narrator"]["job_id"]
    assert ice.count("UpdateCustomizedVoice") == 1
    assert len(ice.jobs_of("narrator1")) == 1
    assert "3 unchanged" in trained.up().stdout


def test_a_new_voice_id_trains_the_new_voice_before_the_old_one_is_forgotten(
    trained: Stack, ice: IceUnderTest
) -> None:
    old_job = trained.outputs()["narrator"]["job_id"]
    trained.set_voices(
        [voice("narrator", "narrator2", voice_name="Narrator, again"), voice("other", "other1")]
    )

    preview = trained.preview()
    assert "+-1 to replace" in preview.stdout, preview.stdout
    up = trained.up()
    assert "+-1 replaced" in up.stdout, up.stdout
    # create-before-delete: the engine's order of steps
    created = up.stdout.index("narrator created replacement")
    deleted = up.stdout.index("narrator deleted original")
    assert created < deleted, up.stdout
    assert "voice narrator1: ICE has no API to delete a trained voice" in up.output

    after = trained.outputs()["narrator"]
    assert after["voice_id"] == "narrator2" and after["status"] == "Success"
    assert [j["JobId"] for j in ice.jobs_of("narrator1")] == [old_job], "the old voice stays in ICE"
    assert len(ice.jobs_of("narrator2")) == 1


def test_retraining_under_the_same_voice_id_is_refused_at_preview_and_nothing_changes(
    trained: Stack, ice: IceUnderTest
) -> None:
    trained.set_voices(
        [voice("narrator", "narrator1", voice_name="Another name"), voice("other", "other1")]
    )
    requests = ice.total_requests()

    for result in (trained.preview(check=False), trained.up(check=False)):
        assert result.returncode != 0
        assert (
            "voice_name: cannot change voice narrator1: it is Success in ICE, and ICE can neither "
            "retrain nor delete a voice under the same voice_id" in result.output
        ), result.output
    assert ice.total_requests() == requests, "refused before any request"
    assert trained.outputs()["narrator"]["voice_name"] == "Voice narrator1"
