"""Replacements of voices by `pulumi up`: what the preview shows, the order of the steps.

A voice changed in what it is trained on is a new voice. Autonamed, it gets a new id, so
the new voice trains before the old one is forgotten (ICE cannot delete a trained voice);
under the same voice id, a failed voice is deleted first, then trained again.
tests/cli/test_changes.py has the replacement under a new declared voice id and the
refusal to retrain a trained voice under its id.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PulumiCli, Stack, wait_for
from tests.support.cli_reading import (
    UNKNOWN,
    autonamed,
    preview_steps,
    provider_lines,
    transitions,
    voice_state,
)
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice


def narrator_and_twin(stack: Stack, narrator_name: str) -> None:
    """Two autonamed voices; the twin's description is the narrator's job id, so a step
    that (re)creates the narrator leaves the twin's inputs, and its autoname, unknown."""
    stack.set_voices(
        [
            autonamed("narrator", voice_name=narrator_name),
            autonamed(
                "twin",
                voice_name="Twin",
                gender="male",
                computed={"voice_desc": "output:narrator.job_id"},
            ),
        ]
    )


def test_renamed_autonamed_voices_preview_unknowns_and_train_anew_before_the_old_are_forgotten(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    narrator_and_twin(stack, "Narrator")

    first = preview_steps(stack)

    assert (first["narrator"].op, first["twin"].op) == ("create", "create")
    assert first["narrator"].inputs["voice_id"].startswith("narrator")
    assert first["twin"].inputs["voice_desc"] == UNKNOWN
    assert first["twin"].inputs["voice_id"] == UNKNOWN, "its autoname depends on voice_desc"
    assert ice.total_requests() == 0 and stack.resources() == []

    created = stack.up()

    old = stack.outputs()
    assert old["twin"]["voice_desc"] == old["narrator"]["job_id"]
    chains = transitions(provider_lines(created.output))
    for name in ("narrator", "twin"):
        assert chains[old[name]["voice_id"]][-1] == ("Training", "Success"), created.output
    stored = stack.resources()
    requests = ice.total_requests()

    narrator_and_twin(stack, "Narrator Two")
    renamed = preview_steps(stack)

    assert (renamed["narrator"].op, renamed["twin"].op) == ("replace", "replace")
    assert set(renamed["narrator"].replace_reasons) == {"voice_id", "voice_name"}
    # The twin's Diff saw its description unknown: the narrator's job id is not known yet.
    assert set(renamed["twin"].replace_reasons) == {"voice_id", "voice_desc"}
    assert ice.total_requests() == requests, "a preview calls no ICE API"
    assert stack.resources() == stored

    replaced = stack.up()

    assert "+-2 replaced" in replaced.stdout, replaced.stdout
    new = stack.outputs()
    lines = provider_lines(replaced.output)
    for name in ("narrator", "twin"):
        # create-before-delete: the new voice is trained before the old one is forgotten.
        created_at = replaced.stdout.index(f"{name} created replacement")
        assert created_at < replaced.stdout.index(f"{name} deleted original"), replaced.stdout
        assert new[name]["voice_id"] != old[name]["voice_id"]
        assert new[name]["voice_id"].startswith(name) and new[name]["status"] == "Success"
        forgotten = [line for line in lines if line.startswith(f"voice {old[name]['voice_id']}: ")]
        assert forgotten == [
            f"voice {old[name]['voice_id']}: ICE has no API to delete a trained voice; it stays "
            f"in your account (job {old[name]['job_id']}) and is removed from this stack only"
        ]
        assert [j["Status"] for j in ice.jobs_of(old[name]["voice_id"])] == ["Success"]
    assert new["narrator"]["voice_name"] == "Narrator Two"
    assert new["twin"]["voice_desc"] == new["narrator"]["job_id"]
    assert sorted(r["id"] for r in stack.resources()) == sorted(new[n]["voice_id"] for n in new)
    assert ice.count("DeleteCustomizedVoiceJob") == 0


def test_a_failed_voice_changed_under_the_same_voice_id_is_deleted_before_it_is_retrained(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.faults(fail_voice_ids=["narrator1"])
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1", wait_for_training=False)])
    stack.up()
    wait_for(
        lambda: [j["Status"] for j in ice.jobs_of("narrator1")] == ["Fail"], "the training fails"
    )
    [failed] = ice.jobs_of("narrator1")
    stack.refresh()
    assert voice_state(stack, "narrator")["status"] == "Fail"
    ice.control.faults()
    ice.control.reset(counters_only=True)
    stack.set_voices([voice("narrator", "narrator1", voice_name="Narrator Two")])

    step = preview_steps(stack)["narrator"]
    assert (step.op, step.replace_reasons) == ("replace", ("voice_name",))
    replaced = stack.up()

    assert "+-1 replaced" in replaced.stdout, replaced.stdout
    # delete-before-replace: the voice id is free again before the new job is created.
    deleted_at = replaced.stdout.index("narrator deleted original")
    assert deleted_at < replaced.stdout.index("narrator creating replacement"), replaced.stdout
    lines = provider_lines(replaced.output)
    [job] = ice.jobs_of("narrator1")
    assert lines[:2] == [
        f"voice narrator1: deleted job {failed['JobId']}",
        f"voice narrator1: created job {job['JobId']}",
    ], replaced.output
    assert ice.count("DeleteCustomizedVoiceJob") == 1
    out = stack.outputs()["narrator"]
    assert (out["voice_id"], out["status"], out["voice_name"]) == (
        "narrator1",
        "Success",
        "Narrator Two",
    )
    assert (job["JobId"], job["VoiceName"], job["Status"]) == (
        out["job_id"],
        "Narrator Two",
        "Success",
    )
