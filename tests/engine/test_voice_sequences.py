"""CustomizedVoice through the real dynamic-provider host: the engine's sequences.

Each test plays `pulumi preview` / `up` / `refresh` / `destroy` with
tests.engine.harness.Engine over ``python -m pulumi.dynamic`` against the session
emulator (reset per test), and checks three things: the steps the engine took, the ICE
requests the emulator counted, and the state the stack would store.
"""

from __future__ import annotations

import copy
import itertools
import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pulumi
import pytest

from ice_emulator import EmulatorServer
from pulumi_ice_voice import CustomizedVoice
from tests.conftest import EmulatorControl
from tests.engine.harness import UNKNOWN, EngineError, ProviderHost, reveal
from tests.engine.test_voice_support import (
    DEMO_URL,
    OUTPUTS,
    RECORDINGS,
    api_client,
    engine_for,
    jobs_of,
    one_voice,
    only,
    outputs_of,
    stage,
    transitions,
    wav_info,
)

IN_PROGRESS = {"AudioDetecting", "PreTraining", "Training"}


@pytest.fixture
def host(tmp_path: Path) -> Iterator[ProviderHost]:
    with ProviderHost(cwd=tmp_path) as running:
        yield running


def wait_for_job(control: EmulatorControl, voice_id: str, status: str, timeout: float = 30) -> None:
    """Block until ICE reports ``status`` for the voice's job (sequencing, not timing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if [job["Status"] for job in jobs_of(control, voice_id)] == [status]:
            return
        time.sleep(0.05)
    raise TimeoutError(f"voice {voice_id} never reached {status}: {jobs_of(control, voice_id)}")


def forgotten_lines(stderr: str, voice_id: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if f"voice {voice_id}:" in line and "removed from this stack only" in line
    ]


def narrator_and_twin(narrator_name: str) -> Any:
    """Two voices; the twin's description is computed from the narrator's job id, so a
    preview that (re)creates the narrator shows the twin unknown inputs."""

    def program() -> None:
        narrator = CustomizedVoice(
            "narrator", voice_name=narrator_name, gender="female", scenario="story",
            recordings=RECORDINGS, demo_audio_media_url=DEMO_URL,
        )
        twin = CustomizedVoice(
            "twin", voice_name="Twin", gender="male", scenario="story", recordings=RECORDINGS,
            voice_desc=narrator.job_id.apply(lambda job_id: f"twin of {job_id}"),
        )
        pulumi.export("narrator", narrator.voice_id)
        pulumi.export("twin", twin.voice_id)
        pulumi.export("twin_desc", twin.voice_desc)

    return program


def test_preview_checks_unknown_inputs_and_diffs_without_calling_ice(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)

    first_preview = engine.preview(narrator_and_twin("Narrator"))

    assert first_preview.ops() == [("create", "narrator"), ("create", "twin")]
    assert first_preview.calls["Check"] == 2
    assert first_preview.calls["Create"] == first_preview.calls["Diff"] == 0
    # The twin's description (hence its autonamed id) is unknown until the narrator exists.
    assert first_preview.stack_outputs["twin"] == UNKNOWN
    assert first_preview.stack_outputs["narrator"].startswith("narrator")
    assert engine.state == {}
    assert fresh_emulator.requests()["total"] == 0

    up = engine.up(narrator_and_twin("Narrator"))
    trained = reveal(up.stack_outputs)
    narrator_job = only_job(fresh_emulator, trained["narrator"])
    assert trained["twin_desc"] == f"twin of {narrator_job}"
    # Progress: each voice's status transitions, one line each, named after the voice.
    for voice_id in (trained["narrator"], trained["twin"]):
        assert transitions(host.stderr_text())[voice_id][-1] == ("Training", "Success")
    before = copy.deepcopy(engine.state)
    fresh_emulator.reset(counters_only=True)

    renamed = engine.preview(narrator_and_twin("Narrator Two"))

    replaces = {s.name: s.detail["replaces"] for s in renamed.steps if s.op == "replace"}
    assert set(replaces["narrator"]) == {"voice_id", "voice_name"}
    # The twin's Diff saw its description unknown (the narrator's job id is not known yet).
    assert set(replaces["twin"]) == {"voice_id", "voice_desc"}
    assert renamed.calls["Diff"] == 2
    assert renamed.calls["Create"] == renamed.calls["Update"] == renamed.calls["Delete"] == 0
    assert fresh_emulator.requests()["total"] == 0
    assert engine.state == before


def only_job(control: EmulatorControl, voice_id: str) -> str:
    [job] = jobs_of(control, voice_id)
    return str(job["JobId"])


def test_first_up_runs_the_whole_basic_flow_and_fills_every_output(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)

    result = engine.up(one_voice())

    assert result.ops() == [("create", "narrator")]
    assert (result.calls["Check"], result.calls["Create"]) == (1, 1)
    by_action = fresh_emulator.requests()["by_action"]
    assert by_action["CreateCustomizedVoiceJob"] == 1
    assert by_action["DetectAudioForCustomizedVoiceJob"] == 20
    assert by_action["SubmitCustomizedVoiceJob"] == 1
    out = outputs_of(result.stack_outputs)
    assert set(out) == set(OUTPUTS)
    state = only(engine)
    assert out["voice_id"] == state.id
    assert out["voice_id"].startswith("narrator") and out["voice_id"].isalnum()
    assert len(out["voice_id"]) <= 32
    [job] = jobs_of(fresh_emulator, out["voice_id"])
    assert (job["JobId"], job["SubmitCount"], job["PassedRecords"]) == (out["job_id"], 1, 20)
    assert (out["status"], out["message"]) == ("Success", None)
    assert (out["voice_type"], out["region"]) == ("Basic", "cn-shanghai")
    assert (out["voice_name"], out["gender"], out["scenario"]) == ("Narrator", "female", "story")
    assert out["demo_audio_media_url"] == DEMO_URL
    assert out["demo_audio_media_id"] == job["DemoAudioMediaId"]
    assert datetime.fromisoformat(out["create_time"].replace("Z", "+00:00")).year >= 2024
    channels, rate, frames = wav_info(out["demo_audio_url"])
    assert channels >= 1 and rate > 0 and frames > 0
    assert reveal(state.outputs)["status"] == "Success"
    # Progress: one stderr line per status transition, each naming the voice.
    stderr = host.stderr_text()
    waiting = re.search(rf"voice {out['voice_id']}: job {out['job_id']} (\w+), waiting", stderr)
    assert waiting is not None, stderr
    chain = transitions(stderr)
    assert list(chain) == [out["voice_id"]]
    statuses = [waiting.group(1)] + [new for _, new in chain[out["voice_id"]]]
    assert chain[out["voice_id"]] == list(itertools.pairwise(statuses))
    assert len(set(statuses)) == len(statuses) and statuses[-1] == "Success"


def test_an_unchanged_up_checks_and_diffs_only_and_makes_no_ice_request(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    engine.up(one_voice())
    stored = copy.deepcopy(engine.state)
    fresh_emulator.reset(counters_only=True)

    again = engine.up(one_voice())
    # How create waits is never a change to the voice.
    rewaited = engine.up(one_voice(wait_for_training=False, training_timeout=60))

    for result in (again, rewaited):
        assert result.ops() == [("same", "narrator")]
        assert dict(result.calls) == {"Check": 1, "Diff": 1}
    assert fresh_emulator.requests()["total"] == 0
    assert {urn: s.outputs for urn, s in engine.state.items()} == {
        urn: s.outputs for urn, s in stored.items()
    }


def test_a_new_demo_audio_media_id_is_set_in_place(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    def program(media_id: str | None) -> Any:
        def declare() -> None:
            narrator = CustomizedVoice(
                "narrator", voice_name="Narrator", gender="female", scenario="story",
                recordings=RECORDINGS, demo_audio_media_url=DEMO_URL,
                demo_audio_media_id=media_id,
            )
            spare = CustomizedVoice(
                "spare", voice_name="Spare", gender="male", scenario="story",
                recordings=RECORDINGS, demo_audio_media_url=f"{DEMO_URL}.spare.wav",
            )
            pulumi.export("narrator", {k: getattr(narrator, k) for k in OUTPUTS})
            pulumi.export("spare", {k: getattr(spare, k) for k in OUTPUTS})

        return declare

    engine = engine_for(host, emulator)
    first = reveal(engine.up(program(None)).stack_outputs)
    narrator, spare = first["narrator"], first["spare"]
    assert narrator["demo_audio_media_id"] != spare["demo_audio_media_id"]
    fresh_emulator.reset(counters_only=True)

    updated = engine.up(program(spare["demo_audio_media_id"]))

    # Independent resources step concurrently: "same" can be recorded before the update.
    assert sorted(updated.ops()) == [("same", "spare"), ("update", "narrator")]
    assert updated.calls["Update"] == 1
    assert updated.calls["Create"] == updated.calls["Delete"] == 0
    by_action = fresh_emulator.requests()["by_action"]
    assert by_action["UpdateCustomizedVoice"] == 1
    assert not {"CreateCustomizedVoiceJob", "SubmitCustomizedVoiceJob"} & set(by_action)
    now = reveal(updated.stack_outputs)["narrator"]
    assert (now["voice_id"], now["job_id"]) == (narrator["voice_id"], narrator["job_id"])
    assert now["demo_audio_media_id"] == spare["demo_audio_media_id"]
    assert now["demo_audio_url"] == spare["demo_audio_url"]
    with api_client(emulator) as client:
        voice = client.get_customized_voice(voice_id=narrator["voice_id"])
    assert voice.demo_audio_media_id == spare["demo_audio_media_id"]


def test_a_demo_audio_media_id_declared_at_create_is_set_and_the_next_up_changes_nothing(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    def program(media_id: str | None) -> Any:
        def declare() -> None:
            spare = CustomizedVoice(
                "spare", voice_name="Spare", gender="male", scenario="story",
                recordings=RECORDINGS, demo_audio_media_url=f"{DEMO_URL}.spare.wav",
            )
            pulumi.export("spare", {k: getattr(spare, k) for k in OUTPUTS})
            if media_id is not None:
                narrator = CustomizedVoice(
                    "narrator", voice_name="Narrator", gender="female", scenario="story",
                    recordings=RECORDINGS, demo_audio_media_url=DEMO_URL,
                    demo_audio_media_id=media_id,
                )
                pulumi.export("narrator", {k: getattr(narrator, k) for k in OUTPUTS})

        return declare

    engine = engine_for(host, emulator)
    spare = reveal(engine.up(program(None)).stack_outputs)["spare"]
    media_id = spare["demo_audio_media_id"]
    assert media_id

    created = engine.up(program(media_id))

    assert sorted(created.ops()) == [("create", "narrator"), ("same", "spare")]
    narrator = reveal(created.stack_outputs)["narrator"]
    assert narrator["demo_audio_media_id"] == media_id
    assert narrator["demo_audio_url"] == spare["demo_audio_url"]
    with api_client(emulator) as client:
        voice = client.get_customized_voice(voice_id=narrator["voice_id"])
    assert voice.demo_audio_media_id == media_id
    fresh_emulator.reset(counters_only=True)
    again = engine.up(program(media_id))
    assert sorted(again.ops()) == [("same", "narrator"), ("same", "spare")]
    assert again.calls["Update"] == 0
    assert fresh_emulator.requests()["total"] == 0


def test_renaming_an_autonamed_voice_trains_a_new_one_before_forgetting_the_old(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    old = outputs_of(engine.up(one_voice()).stack_outputs)

    renamed = engine.up(one_voice(voice_name="Narrator Two"))

    assert renamed.ops() == [
        ("create-replacement", "narrator"),
        ("replace", "narrator"),
        ("delete-replaced", "narrator"),
    ]
    [replace] = [s for s in renamed.steps if s.op == "replace"]
    assert replace.detail["delete_before_replace"] is False
    new = outputs_of(renamed.stack_outputs)
    assert new["voice_id"] != old["voice_id"] and new["voice_id"].startswith("narrator")
    assert (new["status"], new["voice_name"]) == ("Success", "Narrator Two")
    assert only(engine).id == new["voice_id"]
    # ICE cannot delete a trained voice: the old one stays in the account, forgotten.
    assert [j["Status"] for j in jobs_of(fresh_emulator, old["voice_id"])] == ["Success"]
    assert "DeleteCustomizedVoiceJob" not in fresh_emulator.requests()["by_action"]
    host.wait_for_stderr(f"voice {old['voice_id']}: .*removed from this stack only")
    assert len(forgotten_lines(host.stderr_text(), old["voice_id"])) == 1


def test_a_failed_voice_changed_under_the_same_voice_id_is_deleted_before_it_is_retrained(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    fresh_emulator.faults(fail_voice_ids=["narrator01"])
    engine.up(one_voice(voice_id="narrator01", wait_for_training=False))
    wait_for_job(fresh_emulator, "narrator01", "Fail")
    engine.refresh()
    assert reveal(only(engine).outputs)["status"] == "Fail"
    fresh_emulator.faults()
    fresh_emulator.reset(counters_only=True)

    result = engine.up(one_voice(voice_id="narrator01", voice_name="Narrator Two"))

    assert result.ops() == [
        ("delete-replaced", "narrator"),
        ("replace", "narrator"),
        ("create-replacement", "narrator"),
    ]
    [replace] = [s for s in result.steps if s.op == "replace"]
    assert replace.detail == {"replaces": ["voice_name"], "delete_before_replace": True}
    assert fresh_emulator.requests()["by_action"]["DeleteCustomizedVoiceJob"] == 1
    out = outputs_of(result.stack_outputs)
    assert (out["voice_id"], out["status"], out["voice_name"]) == (
        "narrator01", "Success", "Narrator Two",
    )
    [job] = jobs_of(fresh_emulator, "narrator01")
    assert (job["JobId"], job["VoiceName"], job["Status"]) == (
        out["job_id"], "Narrator Two", "Success",
    )


def test_a_trained_voice_changed_under_the_same_voice_id_is_refused_before_anything_changes(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    engine.up(one_voice(voice_id="narrator01"))
    stored = copy.deepcopy(engine.state)
    fresh_emulator.reset(counters_only=True)
    changed = one_voice(voice_id="narrator01", voice_name="Another", gender="male")

    for operation in (engine.preview, engine.up):
        with pytest.raises(EngineError) as refused:
            operation(changed)
        assert refused.value.provider_error is not None
        message = refused.value.provider_error.last_line
        assert "voice_name" in message and "gender" in message
        assert "narrator01" in message and "new voice_id" in message

    assert engine.state == stored
    assert fresh_emulator.requests()["total"] == 0
    [job] = jobs_of(fresh_emulator, "narrator01")
    assert (job["VoiceName"], job["Status"]) == ("Narrator", "Success")


def test_staged_audio_is_submitted_without_recordings(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    job_id = stage(fresh_emulator, "staged01", "Staged Voice")
    engine = engine_for(host, emulator)

    result = engine.up(one_voice(voice_id="staged01", voice_name="Staged Voice", recordings=None))

    out = outputs_of(result.stack_outputs)
    assert (out["voice_id"], out["job_id"], out["status"]) == ("staged01", job_id, "Success")
    by_action = fresh_emulator.requests()["by_action"]
    assert by_action["SubmitCustomizedVoiceJob"] == 1
    assert "CreateCustomizedVoiceJob" not in by_action
    assert "DetectAudioForCustomizedVoiceJob" not in by_action
    assert f"voice staged01: adopting job {job_id} (Initialization)" in host.stderr_text()
    assert wav_info(out["demo_audio_url"])[2] > 0


def test_without_waiting_create_returns_after_submit_and_refresh_sees_the_training_end(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    fresh_emulator.clock(30)  # still training whenever create returns
    engine = engine_for(host, emulator)

    submitted = outputs_of(engine.up(one_voice(wait_for_training=False)).stack_outputs)

    voice_id = submitted["voice_id"]
    assert submitted["status"] in IN_PROGRESS
    assert submitted["job_id"] == only_job(fresh_emulator, voice_id)
    assert submitted["demo_audio_url"] is None
    fresh_emulator.clock(0.2)
    wait_for_job(fresh_emulator, voice_id, "Success")

    refreshed = engine.refresh()

    assert refreshed.ops() == [("refresh", "narrator")]
    out = reveal(only(engine).outputs)
    assert (out["status"], out["job_id"]) == ("Success", submitted["job_id"])
    assert wav_info(out["demo_audio_url"])[2] > 0
    fresh_emulator.reset(counters_only=True)
    assert engine.up(one_voice(wait_for_training=False)).ops() == [("same", "narrator")]
    assert fresh_emulator.requests()["total"] == 0


def test_refresh_reports_demo_audio_drift_and_up_restores_the_declared_media(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    trained = outputs_of(engine.up(one_voice()).stack_outputs)
    voice_id, media_id = trained["voice_id"], trained["demo_audio_media_id"]

    # Not declared: the program leaves the demo audio to whoever sets it.
    with api_client(emulator) as client:
        client.update_customized_voice(voice_id=voice_id, demo_audio_media_id="drifted01")
    unmanaged = engine.refresh()
    assert unmanaged.steps[0].detail == {"deleted": False, "changes": "none"}
    assert reveal(only(engine).outputs)["demo_audio_media_id"] == "drifted01"
    assert engine.up(one_voice()).ops() == [("same", "narrator")]

    # Declared: drift shows on refresh and the next up sets the declared media back.
    restored = engine.up(one_voice(demo_audio_media_id=media_id))
    assert restored.ops() == [("update", "narrator")]
    with api_client(emulator) as client:
        client.update_customized_voice(voice_id=voice_id, demo_audio_media_id="drifted02")

    drifted = engine.refresh()

    assert drifted.steps[0].detail == {"deleted": False, "changes": "some"}
    assert reveal(only(engine).outputs)["demo_audio_media_id"] == "drifted02"
    again = engine.up(one_voice(demo_audio_media_id=media_id))
    assert again.ops() == [("update", "narrator")]
    out = outputs_of(again.stack_outputs)
    assert (out["demo_audio_media_id"], out["demo_audio_url"]) == (
        media_id, trained["demo_audio_url"],
    )
    with api_client(emulator) as client:
        assert client.get_customized_voice(voice_id=voice_id).demo_audio_media_id == media_id


def test_a_voice_ice_no_longer_has_is_dropped_by_refresh_and_counts_as_deleted(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    engine = engine_for(host, emulator)
    engine.up(one_voice())
    before_refresh = dict(engine.state)
    fresh_emulator.reset()  # ICE forgets every voice

    refreshed = engine.refresh()

    assert refreshed.ops() == [("refresh", "narrator")]
    assert refreshed.steps[0].detail == {"deleted": True}
    assert engine.state == {}
    # A destroy from the state as it was before that refresh: not found is deleted.
    engine.state.update(before_refresh)
    destroyed = engine.destroy()
    assert destroyed.ops() == [("delete", "narrator")] and destroyed.calls["Delete"] == 1
    assert engine.state == {}


def test_destroy_deletes_what_ice_allows_and_forgets_a_trained_voice(
    host: ProviderHost, emulator: EmulatorServer, fresh_emulator: EmulatorControl
) -> None:
    def program() -> None:
        CustomizedVoice(
            "trained", voice_id="trained01", voice_name="Trained", gender="female",
            scenario="story", recordings=RECORDINGS, demo_audio_media_url=DEMO_URL,
        )
        CustomizedVoice(
            "failing", voice_id="failing01", voice_name="Failing", gender="male",
            scenario="story", recordings=RECORDINGS, wait_for_training=False,
        )

    engine = engine_for(host, emulator)
    fresh_emulator.faults(fail_voice_ids=["failing01"])
    engine.up(program)
    wait_for_job(fresh_emulator, "failing01", "Fail")
    fresh_emulator.reset(counters_only=True)

    destroyed = engine.destroy()

    assert sorted(destroyed.ops()) == [("delete", "failing"), ("delete", "trained")]
    assert engine.state == {}
    assert fresh_emulator.requests()["by_action"]["DeleteCustomizedVoiceJob"] == 1
    assert jobs_of(fresh_emulator, "failing01") == []
    assert [j["Status"] for j in jobs_of(fresh_emulator, "trained01")] == ["Success"]
    host.wait_for_stderr("voice trained01: .*removed from this stack only")
    assert "voice failing01: deleted job" in host.stderr_text()
