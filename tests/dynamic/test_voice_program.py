"""Programs declaring CustomizedVoice, under pulumi.runtime mocks: what reaches the engine.

Nothing here talks to ICE or the provider host: the engine harness's monitor answers
each registration as a successful `pulumi up` would (a trained voice). The tests check
the resource's side of the contract: its type token and URN, the inputs and serialized
provider it registers, required inputs, how its outputs wire into other resources and
stack outputs, options inside a component, and `CustomizedVoice.get`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import dill
import pulumi
import pytest

from pulumi_ice_voice import CustomizedVoice, CustomizedVoiceArgs, CustomizedVoiceProvider
from tests.support.program import Capture, Registration, run_program
from tests.support.props import reveal

VOICE_TYPE = "pulumi-python:dynamic/ice:CustomizedVoice"
BUCKET = "https://voice-program.oss-cn-shanghai.aliyuncs.com"
RECORDINGS = [f"{BUCKET}/rec/{i:02d}.wav" for i in range(1, 21)]
DECLARED: dict[str, Any] = {
    "voice_id": "narrator01",
    "voice_name": "Narrator",
    "gender": "female",
    "scenario": "story",
    "voice_desc": "reads the evening story",
    "recordings": RECORDINGS,
    "demo_audio_media_url": f"{BUCKET}/demo/narrator.wav",
}


def trained(voice_id: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs of a voice whose training succeeded (what the provider's create returns)."""
    return {
        **inputs,
        "voice_id": voice_id,
        "job_id": f"job-{voice_id}",
        "status": "Success",
        "voice_type": "Basic",
        "create_time": "2025-01-01T00:00:00Z",
        "region": "cn-shanghai",
        "demo_audio_media_id": f"media-{voice_id}",
        "demo_audio_url": f"http://127.0.0.1:9/media/media-{voice_id}.wav",
    }


def run(program: Any, existing: Mapping[str, Mapping[str, Any]] | None = None) -> Capture:
    """Run under mocks: each voice trains; ``get`` reads ``existing[id]``."""

    def register(registration: Registration) -> tuple[str, Mapping[str, Any]]:
        inputs = reveal(registration.inputs)
        if registration.type != VOICE_TYPE:
            return f"{registration.name}-id", inputs
        voice_id = str(inputs.get("voice_id") or f"{registration.name}0000")
        return voice_id, trained(voice_id, inputs)

    def read(registration: Registration) -> tuple[str, Mapping[str, Any]]:
        assert registration.read_id is not None
        return registration.read_id, dict((existing or {})[registration.read_id])

    return run_program(program, register, on_read=read, project="voices", stack="dev")


def test_a_voice_registers_its_type_token_inputs_and_provider() -> None:
    capture = run(lambda: CustomizedVoice("narrator", **DECLARED))

    [voice] = capture.resources
    assert (voice.type, voice.name, voice.custom, voice.read_id) == (
        VOICE_TYPE,
        "narrator",
        True,
        None,
    )
    assert voice.urn == f"urn:pulumi:dev::voices::{VOICE_TYPE}::narrator"
    inputs = dict(voice.inputs)
    provider = dill.loads(base64.b64decode(inputs.pop("__provider")))
    assert type(provider) is CustomizedVoiceProvider
    assert inputs == {
        **DECLARED,
        "wait_for_training": True,
        "training_timeout": 10800.0,
        "autoname_prefix": "narrator",
        "autoname_seed": inputs["autoname_seed"],
    }
    assert inputs["autoname_seed"].endswith("/voices/dev/narrator")


def test_the_args_object_registers_what_the_keywords_do() -> None:
    keywords = run(lambda: CustomizedVoice("narrator", **DECLARED))
    args = run(lambda: CustomizedVoice("narrator", CustomizedVoiceArgs(**DECLARED)))

    assert args.resources[0].inputs == keywords.resources[0].inputs


def test_an_args_object_and_keywords_together_are_a_type_error_naming_them() -> None:
    def both() -> None:
        CustomizedVoice("narrator", CustomizedVoiceArgs(**DECLARED), voice_desc="also")  # type: ignore[call-overload]  # the point

    with pytest.raises(
        TypeError,
        match="either as a CustomizedVoiceArgs or as keywords, not both \\(got voice_desc\\)",
    ):
        both()


def test_options_may_be_given_by_position_or_keyword_in_both_forms() -> None:
    opts = pulumi.ResourceOptions(protect=True)
    by_position = run(lambda: CustomizedVoice("narrator", CustomizedVoiceArgs(**DECLARED), opts))
    by_keyword = run(lambda: CustomizedVoice("narrator", opts=opts, **DECLARED))
    assert by_position.resources[0].inputs == by_keyword.resources[0].inputs


def test_an_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'voice_nmae'"):
        CustomizedVoice("narrator", voice_nmae="x", **DECLARED)  # type: ignore[call-overload]  # the point


@pytest.mark.parametrize("missing", ["voice_name", "gender", "scenario"])
def test_a_missing_required_input_is_a_type_error_naming_it(missing: str) -> None:
    given = {k: v for k, v in DECLARED.items() if k != missing}

    with pytest.raises(TypeError, match=f"missing required keyword argument: '{missing}'"):
        CustomizedVoice("narrator", **given)


def test_every_missing_required_input_is_named_at_once() -> None:
    with pytest.raises(TypeError) as raised:
        CustomizedVoice("narrator")  # type: ignore[call-overload]  # the missing inputs are the test

    assert str(raised.value) == (
        "CustomizedVoice() missing required keyword arguments: 'voice_name', 'gender', 'scenario'"
    )


def test_outputs_wire_into_dependants_and_stack_outputs() -> None:
    def program() -> None:
        narrator = CustomizedVoice("narrator", **DECLARED)
        echo = CustomizedVoice(
            "echo",
            voice_name=narrator.voice_name.apply(lambda name: f"{name} Echo"),
            gender="male",
            scenario=narrator.scenario,
            voice_desc=narrator.job_id.apply(lambda job_id: f"trained after {job_id}"),
            recordings=RECORDINGS,
            opts=pulumi.ResourceOptions(depends_on=[narrator]),
        )
        pulumi.export(
            "narrator",
            {
                "voiceId": narrator.voice_id,
                "jobId": narrator.job_id,
                "status": narrator.status,
                "demoAudioUrl": narrator.demo_audio_url,
                "region": narrator.region,
            },
        )
        pulumi.export("echoDesc", echo.voice_desc)

    capture = run(program)

    narrator, echo = capture.by_name("narrator"), capture.by_name("echo")
    assert echo.inputs["voice_name"] == "Narrator Echo"
    assert echo.inputs["scenario"] == "story"
    assert echo.inputs["voice_desc"] == "trained after job-narrator01"
    assert narrator.urn in echo.dependencies
    assert echo.property_dependencies["voice_desc"] == (narrator.urn,)
    assert echo.property_dependencies["voice_name"] == (narrator.urn,)
    assert narrator.dependencies == ()
    assert reveal(capture.stack_outputs) == {
        "narrator": {
            "voiceId": "narrator01",
            "jobId": "job-narrator01",
            "status": "Success",
            "demoAudioUrl": "http://127.0.0.1:9/media/media-narrator01.wav",
            "region": "cn-shanghai",
        },
        "echoDesc": "trained after job-narrator01",
    }


def test_voices_inside_a_component_are_its_children_and_keep_their_options() -> None:
    class Catalogue(pulumi.ComponentResource):
        def __init__(self, name: str) -> None:
            super().__init__("voices:index:Catalogue", name)
            self.narrator = CustomizedVoice(
                "narrator",
                **DECLARED,
                opts=pulumi.ResourceOptions(
                    parent=self, retain_on_delete=True, ignore_changes=["voice_desc"]
                ),
            )
            self.register_outputs({"voiceId": self.narrator.voice_id})

    capture = run(lambda: Catalogue("catalogue"))

    component, voice = capture.by_name("catalogue"), capture.by_name("narrator")
    assert (component.type, component.custom) == ("voices:index:Catalogue", False)
    assert voice.parent == component.urn
    assert voice.urn == f"urn:pulumi:dev::voices::voices:index:Catalogue${VOICE_TYPE}::narrator"
    assert (tuple(voice.ignore_changes), voice.retain_on_delete) == (("voice_desc",), True)


def test_get_reads_an_existing_voice_by_id_without_registering_one() -> None:
    existing = {
        "theirs01": {
            "voice_id": "theirs01",
            "job_id": "job-theirs01",
            "status": "Success",
            "voice_name": "Theirs",
            "demo_audio_url": "http://127.0.0.1:9/media/theirs.wav",
        }
    }

    def program() -> None:
        theirs = CustomizedVoice.get("theirs", "theirs01")
        pulumi.export("jobId", theirs.job_id)
        pulumi.export("name", theirs.voice_name)
        pulumi.export("demo", theirs.demo_audio_url)
        pulumi.export("id", theirs.id)

    capture = run(program, existing)

    [read] = capture.resources
    assert (read.type, read.name, read.read_id) == (VOICE_TYPE, "theirs", "theirs01")
    assert set(read.inputs) == {"__provider"}, "the provider travels with a read, no input"
    assert reveal(capture.stack_outputs) == {
        "jobId": "job-theirs01",
        "name": "Theirs",
        "demo": "http://127.0.0.1:9/media/theirs.wav",
        "id": "theirs01",
    }
