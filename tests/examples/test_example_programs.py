"""Every example program, run under pulumi.runtime mocks with its own stack config.

Each test fails if its example stops running, declares a voice the provider's check rejects
(the API's rules), or loses the resource graph or outputs its README promises.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.examples.ice_example_mocks import REPO, VOICE_TYPE, VoiceMocks, run_program, stack_config

EXAMPLES = REPO / "examples"
VOICE_ID = re.compile(r"[A-Za-z0-9]{1,32}")


def test_quickstart_voice_id_is_a_random_suffix_and_outputs_are_exported() -> None:
    run = run_program(
        EXAMPLES / "quickstart", project="ice-voice-quickstart", config=stack_config(REPO, "dev")
    )

    suffix = run.named("voice-suffix")
    assert suffix.type == "random:index/randomString:RandomString"
    assert suffix.inputs["length"] == 6
    assert (suffix.inputs["special"], suffix.inputs["upper"]) == (False, False)
    # A change to what the voice is trained on draws a new suffix, hence a new voice id.
    assert {"voice_name", "gender", "scenario", "recordings"} <= set(suffix.inputs["keepers"])

    [voice] = run.voices
    assert voice.name == "narrator"
    assert voice.id == "quickstart" + suffix.outputs["result"]
    assert VOICE_ID.fullmatch(voice.id)
    assert len(voice.inputs["recordings"]) == 20
    assert voice.inputs["demo_audio_media_url"].endswith(".wav")
    assert run.outputs == {
        "voiceId": voice.id,
        "jobId": f"job-{voice.id}",
        "demoAudioUrl": voice.outputs["demo_audio_url"],
        "status": "Success",
    }


def test_full_pipeline_autonames_the_voice_and_maps_all_20_record_ids() -> None:
    project = EXAMPLES / "full-pipeline"
    run = run_program(
        project, project="ice-voice-full-pipeline", config=stack_config(project, "dev")
    )

    [voice] = run.voices
    assert voice.name == "anchor"
    assert voice.inputs.get("voice_id") is None, "the example shows autonaming"
    assert voice.id.startswith("anchor") and VOICE_ID.fullmatch(voice.id)
    assert sorted(voice.inputs["recordings"], key=int) == [str(n) for n in range(1, 21)]
    assert all(".oss-cn-shanghai." in url for url in voice.inputs["recordings"].values())
    assert voice.inputs["wait_for_training"] is True
    assert run.outputs["voiceId"] == voice.id
    assert run.outputs["demoAudioUrl"] == voice.outputs["demo_audio_url"]
    assert {
        "jobId",
        "status",
        "message",
        "voiceType",
        "createTime",
        "region",
        "demoAudioMediaId",
    } <= set(run.outputs)


def test_full_pipeline_recordings_follow_the_stack_region() -> None:
    project = EXAMPLES / "full-pipeline"
    config = {**stack_config(project, "dev"), "ice:region": "cn-beijing"}

    run = run_program(project, project="ice-voice-full-pipeline", config=config)

    [voice] = run.voices
    assert all(".oss-cn-beijing." in url for url in voice.inputs["recordings"].values())


def test_producer_publishes_every_voice_and_the_consumer_gets_the_narrator() -> None:
    producer_dir = EXAMPLES / "producer-consumer" / "producer"
    consumer_dir = EXAMPLES / "producer-consumer" / "consumer"
    producer = run_program(
        producer_dir, project="ice-voice-producer", config=stack_config(producer_dir, "dev")
    )

    assert sorted(v.name for v in producer.voices) == ["assistant", "narrator"]
    published = producer.outputs["voices"]
    assert set(published) == {"assistant", "narrator"}
    for voice in producer.voices:
        assert published[voice.name] == {
            "voiceId": voice.id,
            "jobId": f"job-{voice.id}",
            "demoAudioUrl": voice.outputs["demo_audio_url"],
        }

    narrator = producer.named("narrator")
    mocks = VoiceMocks(
        stack_outputs={"organization/ice-voice-producer/dev": producer.outputs},
        existing_voices={narrator.id: narrator.outputs},
    )
    consumer = run_program(
        consumer_dir,
        project="ice-voice-consumer",
        config=stack_config(consumer_dir, "dev"),
        mocks=mocks,
    )

    [reference] = consumer.of_type("pulumi:pulumi:StackReference")
    assert reference.id == "organization/ice-voice-producer/dev"
    [adopted] = consumer.of_type(VOICE_TYPE)
    assert adopted.read, "the consumer reads the voice with CustomizedVoice.get, never creates one"
    assert adopted.id == narrator.id
    assert consumer.outputs["voiceId"] == narrator.id
    assert consumer.outputs["demoAudioUrl"] == narrator.outputs["demo_audio_url"]
    assert consumer.outputs["ttsVoice"] == {"voice": narrator.id, "region": "cn-shanghai"}


def test_producer_and_consumer_share_the_embedded_emulator_state() -> None:
    # Otherwise the consumer's in-process emulator would not know the producer's voices.
    base = EXAMPLES / "producer-consumer"
    dirs = {
        side: stack_config(base / side, "dev")["ice:embeddedDataDir"]
        for side in ("producer", "consumer")
    }
    resolved = {((base / side) / path).resolve() for side, path in dirs.items()}
    assert len(resolved) == 1


def test_many_voices_declares_one_voice_per_catalogue_entry() -> None:
    import yaml

    project = EXAMPLES / "many-voices"
    catalogue = yaml.safe_load((project / "voices.yaml").read_text())["voices"]

    run = run_program(project, project="ice-voice-many-voices", config=stack_config(project, "dev"))

    assert sorted(v.name for v in run.voices) == sorted(entry["key"] for entry in catalogue)
    for entry in catalogue:
        voice = run.named(entry["key"])
        if "voice_id" in entry:
            assert voice.id == entry["voice_id"]
        else:
            assert voice.id.startswith(entry["key"]), "autonamed from the key"
        assert voice.inputs["gender"] == entry["gender"]
        assert len(voice.inputs["recordings"]) == 20
    assert set(run.outputs["voices"]) == {entry["key"] for entry in catalogue}
    assert len({v.id for v in run.voices}) == len(catalogue)


@pytest.mark.parametrize(
    ("catalogue", "error"),
    [
        ("voices:\n  - name: no key\n", "has no key"),
        ("voices:\n  - {key: a, gender: male}\n  - {key: a, gender: male}\n", "appears twice"),
        ("voices:\n  - {key: a, gender: male, colour: red}\n", "unknown fields"),
    ],
)
def test_many_voices_rejects_a_broken_catalogue(tmp_path: Path, catalogue: str, error: str) -> None:
    import runpy

    # The module declares its catalogue when it runs: run it as the program (under mocks)
    # to get at its loader.
    program: dict[str, object] = {}
    run_program(
        lambda: program.update(runpy.run_path(str(EXAMPLES / "many-voices" / "__main__.py"))),
        project="ice-voice-many-voices",
        config=stack_config(EXAMPLES / "many-voices", "dev"),
    )
    path = tmp_path / "voices.yaml"
    path.write_text(
        "defaults: {recordings_url: https://b.oss-cn-shanghai.aliyuncs.com/r}\n" + catalogue
    )

    with pytest.raises(ValueError, match=error):
        program["load_catalogue"](path)  # type: ignore[operator]


def test_automation_api_inline_program_declares_the_requested_voice() -> None:
    import runpy

    module = runpy.run_path(str(EXAMPLES / "automation-api" / "provision.py"), run_name="provision")
    request = module["VoiceRequest"](voice_id="support01", voice_name="Support line", gender="male")

    run = run_program(
        module["voice_program"](request),
        project="ice-voice-automation",
        config={"ice:endpoint": "embedded", "ice:region": "cn-shanghai"},
    )

    [voice] = run.voices
    assert voice.id == "support01"
    assert voice.inputs["gender"] == "male"
    assert len(voice.inputs["recordings"]) == 20
    assert run.outputs["voiceId"] == "support01"
    assert run.outputs["status"] == "Success"


@pytest.mark.parametrize(("stack", "protected"), [("prod", True), ("dev", False)])
def test_gitops_catalogue_is_protected_in_prod_only(stack: str, protected: bool) -> None:
    import yaml

    project = EXAMPLES / "gitops"
    catalogue = yaml.safe_load((project / "voices.yaml").read_text())["voices"]

    run = run_program(
        project, project="ice-voice-gitops", stack=stack, config=stack_config(project, stack)
    )

    assert sorted(v.id for v in run.voices) == sorted(entry["voice_id"] for entry in catalogue)
    assert all(v.protect is protected for v in run.voices)
    assert set(run.outputs["voices"]) == {entry["key"] for entry in catalogue}


def test_full_pipeline_demonstration_script_lists_the_texts_the_recordings_are_named_after() -> (
    None
):
    import io
    import json
    import runpy

    script = runpy.run_path(
        str(EXAMPLES / "full-pipeline" / "demonstration.py"), run_name="demonstration"
    )
    out = io.StringIO()

    assert script["main"](["--emulator", "--scenario", "story", "--json"], out=out) == 0

    rows = json.loads(out.getvalue())
    assert [row["audio_record_id"] for row in rows] == list(range(1, 21))
    assert all(row["text"].strip() for row in rows)
    program = run_program(
        EXAMPLES / "full-pipeline",
        project="ice-voice-full-pipeline",
        config=stack_config(EXAMPLES / "full-pipeline", "dev"),
    )
    [voice] = program.voices
    assert sorted(voice.inputs["recordings"], key=int) == [
        str(row["audio_record_id"]) for row in rows
    ]
