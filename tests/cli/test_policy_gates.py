"""The product's policy pack (pulumi_ice_voice/policy) under `pulumi preview --policy-pack`,
run by our Python language host as Pulumi's own host runs a pack: a program breaking its rules
is stopped at preview, before any ICE request, with each rule's message; the same program
made compliant passes. For the dynamic provider (tests/cli/programs/voices) and for the plugin:
the Pulumi Kubernetes Operator example's `Program` (examples/gitops/k8s/program.yaml), made
into the project the Operator makes of it, whose voices also train through the plugin.

The pack runs in the ambient Python (its PulumiPolicy.yaml names no virtualenv, as a pack
installed with the package must not): the repository's .venv, through PULUMI_PYTHON_CMD.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from pulumi_ice_voice.policy import PACK_DIRECTORY
from tests.support.cli import REPO, VENV_BIN, PulumiCli, Result, Stack
from tests.support.editions import cosy_voice, standard_voice
from tests.support.emulator import IceUnderTest
from tests.support.examples import copy_example, example_stack, operator_project
from tests.support.plugin import install_plugin, plugin_config
from tests.support.voices import ice_config, voice

GITOPS = REPO / "examples" / "gitops"
PROGRAM_CR = GITOPS / "k8s" / "program.yaml"
PROTECTED = {"options": {"protect": True}}


def _preview_with_pack(stack: Stack, config: dict[str, Any], *, check: bool) -> Result:
    """`pulumi preview` with the product's pack and ``config`` as its --policy-pack-config."""
    config_file = stack.dir.parent / f"{stack.dir.name}-policy.json"
    config_file.write_text(json.dumps(config))
    # Pulumi's own hosts run a pack without a virtualenv in the ambient python, as ours does.
    stack.extra_env["PULUMI_PYTHON_CMD"] = str(VENV_BIN / "python")
    pack = ("--policy-pack", str(PACK_DIRECTORY), "--policy-pack-config", str(config_file))
    return stack.preview(*pack, check=check)


def _violations(result: Result) -> list[str]:
    """The `[level]  policy  (type: name)` lines the CLI prints for each violation."""
    return sorted(line.strip() for line in result.stdout.splitlines() if "]  " in line)


def test_a_dynamic_program_breaking_each_rule_is_stopped_at_preview_and_passes_once_fixed(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    anchor = standard_voice(ice, "anchor", **PROTECTED)
    host = cosy_voice(ice, "host", **PROTECTED)
    consentless = {k: v for k, v in anchor.items() if k != "authentication"}
    stack.set_voices(
        [
            voice("narrator", training_timeout=600),
            consentless,
            {**host, "model": "cosyvoice-v3-flash"},
            cosy_voice(ice, "guest", **PROTECTED),
        ]
    )
    config = {
        "cosyvoice-model-allowlist": {"allowedModels": ["cosyvoice-v3-plus"]},
        "cosyvoice-voices-per-region": {"maxVoicesPerRegion": 1},
        "training-timeout-floor": {"enforcementLevel": "mandatory", "minimumSeconds": 3600},
    }
    registered = ice.total_but_quota_counts()  # the test's own RegisterMediaInfo of the audio

    stopped = _preview_with_pack(stack, config, check=False)

    assert stopped.returncode != 0, stopped.output
    dynamic = "pulumi-python:dynamic/ice"
    assert _violations(stopped) == [
        f"- [mandatory]  cosyvoice-model-allowlist  ({dynamic}:CosyVoiceCustomizedVoice: host)",
        "- [mandatory]  cosyvoice-voices-per-region  (pulumi:pulumi:Stack: ice-voice-cli-test-dev)",
        f"- [mandatory]  standard-voice-consent  ({dynamic}:StandardCustomizedVoice: anchor)",
        f"- [mandatory]  training-timeout-floor  ({dynamic}:CustomizedVoice: narrator)",
        f"- [mandatory]  voices-protected  ({dynamic}:CustomizedVoice: narrator)",
    ], stopped.stdout
    for message in (
        "voice narrator is not protected: set the protect resource option",
        "Standard voice anchor declares no authentication",
        "CosyVoice voice host declares model 'cosyvoice-v3-flash', which is not allowed here",
        "the stack declares 2 CosyVoice voices in cn-shanghai, more than the cap of 1",
        "voice narrator waits at most 600 s for training (training_timeout), less than the "
        "floor of 3600 s",
    ):
        assert message in stopped.stdout, message
    assert ice.total_but_quota_counts() == registered, "stopped before anything reached ICE"

    stack.set_voices(
        [voice("narrator", training_timeout=3600, options={"protect": True}), anchor, host]
    )
    passed = _preview_with_pack(stack, config, check=True)
    assert "ice-voice@v0.1.0" in passed.stdout and _violations(passed) == [], passed.stdout


def test_the_operator_program_passes_the_pack_trains_through_the_plugin_and_a_bad_voice_stops_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    install_plugin(cli)
    documents = {d["kind"]: d for d in yaml.safe_load_all(PROGRAM_CR.read_text())}
    project = operator_project(documents["Program"], tmp_path / "program")
    stack_config = {**documents["Stack"]["spec"]["config"], **plugin_config(ice.url)}
    stack = cli.init_stack(project, name="prod", config=stack_config)
    program = documents["Program"]["program"]
    recordings = program["configuration"]["recordingsUrl"]["default"]
    for take in (1, 2, 3):  # 18 minutes of reading, as a Standard voice needs 15 to 30
        ice.control.stage_object(f"{recordings}/anchor/take{take}.wav", 360)
    config = {"cosyvoice-model-allowlist": {"allowedModels": ["cosyvoice-v3-plus"]}}

    passed = _preview_with_pack(stack, config, check=True)
    assert "ice-voice@v0.1.0" in passed.stdout and _violations(passed) == [], passed.stdout
    stack.up()
    outputs = stack.outputs()
    assert (outputs["anchorStatus"], outputs["assistantStatus"]) == ("Success", "Success")

    resources = program["resources"]
    resources["intern"] = {
        "type": "icevoice:index:CosyVoiceCustomizedVoice",
        "options": {"customTimeouts": {"create": "10m"}},
        "properties": {
            **resources["assistant"]["properties"],
            "voiceName": "Intern",
            "model": "cosyvoice-v3-flash",
        },
    }
    reporter = {k: v for k, v in resources["anchor"]["properties"].items() if k != "authentication"}
    resources["reporter"] = {
        **resources["anchor"],
        "properties": {**reporter, "voiceName": "Reporter"},
    }
    edited = operator_project(documents["Program"], tmp_path / "edited")
    (project / "Pulumi.yaml").write_text((edited / "Pulumi.yaml").read_text())
    before = ice.total_but_quota_counts()

    stopped = _preview_with_pack(stack, config, check=False)

    assert stopped.returncode != 0, stopped.output
    plugin = "icevoice:index"
    assert _violations(stopped) == [
        f"- [advisory]  training-timeout-floor  ({plugin}:CosyVoiceCustomizedVoice: intern)",
        f"- [mandatory]  cosyvoice-model-allowlist  ({plugin}:CosyVoiceCustomizedVoice: intern)",
        f"- [mandatory]  standard-voice-consent  ({plugin}:StandardCustomizedVoice: reporter)",
        f"- [mandatory]  voices-protected  ({plugin}:CosyVoiceCustomizedVoice: intern)",
    ], stopped.stdout
    assert "voice intern waits at most 600 s for training (customTimeouts.create)" in stopped.stdout
    assert "Standard voice reporter declares no authentication" in stopped.stdout
    assert ice.total_but_quota_counts() == before, "a preview reads the CosyVoice quota at most"


def test_the_gitops_catalogue_passes_the_gate_its_workflow_runs(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    project = copy_example("gitops", tmp_path / "checkout")
    # The prod stack as committed (its voices protected), ICE being the emulator.
    stack = example_stack(cli, project, name="prod", config=ice_config(ice.url))
    config = json.loads((GITOPS / "policy.json").read_text())

    passed = _preview_with_pack(stack, config, check=True)

    assert "ice-voice@v0.1.0" in passed.stdout and _violations(passed) == [], passed.stdout
    assert ice.total_requests() == 0
