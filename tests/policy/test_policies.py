"""The pack as pulumi-policy runs it, without the engine: each policy's name, default level
and config, the arguments it reads (options, config, provider, stack config), the pack's
directory and the command that prints it, and the provider defaults the rules restate."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from collections.abc import Mapping
from typing import Any

import pulumi.runtime
import pytest
import yaml
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

import icevoice
from pulumi_ice_voice import CustomizedVoiceArgs, ProviderConfig, policy
from pulumi_ice_voice.plugin import main as plugin_main
from pulumi_ice_voice.policy._policies import PACK_NAME, POLICIES
from pulumi_ice_voice.policy._rules import (
    ALLOWED_MODELS,
    DEFAULT_REGION,
    DEFAULT_TRAINING_TIMEOUT,
    MAX_COSY_VOICES_PER_REGION,
    MINIMUM_TRAINING_WAIT,
)

BY_NAME = {p.name: p for p in POLICIES}
PLUGIN_COSY = "icevoice:index:CosyVoiceCustomizedVoice"
DYNAMIC_COSY = "pulumi-python:dynamic/ice:CosyVoiceCustomizedVoice"


def options(*, protect: bool = False, create: float = 0) -> PolicyResourceOptions:
    return PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(create, 0, 0), [])


def resource_args(
    resource_type: str,
    props: Mapping[str, Any],
    *,
    name: str = "host",
    config: Mapping[str, Any] | None = None,
    **opts: Any,
) -> ResourceValidationArgs:
    urn = f"urn:pulumi:prod::voices::{resource_type}::{name}"
    return ResourceValidationArgs(resource_type, props, urn, name, options(**opts), None, config)


def violations(policy_name: str, args: ResourceValidationArgs | StackValidationArgs) -> list[str]:
    reported: list[str] = []
    judged = BY_NAME[policy_name]
    assert isinstance(judged, (ResourceValidationPolicy, StackValidationPolicy))

    def report(message: str, urn: str | None = None) -> None:
        reported.append(message)

    judged.validate(args, report)  # type: ignore[arg-type]
    return reported


def test_the_pack_names_its_five_policies_with_their_default_levels() -> None:
    levels = {p.name: p.enforcement_level for p in POLICIES}
    assert levels == {
        "voices-protected": EnforcementLevel.MANDATORY,
        "standard-voice-consent": EnforcementLevel.MANDATORY,
        "cosyvoice-model-allowlist": EnforcementLevel.MANDATORY,
        "cosyvoice-voices-per-region": EnforcementLevel.MANDATORY,
        "training-timeout-floor": EnforcementLevel.ADVISORY,
    }
    assert PACK_NAME == "ice-voice"
    assert isinstance(BY_NAME["cosyvoice-voices-per-region"], StackValidationPolicy)


def test_config_schemas_default_to_the_rules_defaults() -> None:
    defaults = {
        p.name: {k: v.get("default") for k, v in p.config_schema.properties.items()}
        for p in POLICIES
        if p.config_schema is not None
    }
    assert defaults == {
        "voices-protected": {"retainedOnDelete": []},
        "cosyvoice-model-allowlist": {"allowedModels": list(ALLOWED_MODELS)},
        "cosyvoice-voices-per-region": {"maxVoicesPerRegion": MAX_COSY_VOICES_PER_REGION},
        "training-timeout-floor": {"minimumSeconds": MINIMUM_TRAINING_WAIT},
    }
    assert list(ALLOWED_MODELS) == list(icevoice.COSY_VOICE_MODELS)
    assert MAX_COSY_VOICES_PER_REGION == icevoice.COSY_VOICE_QUOTA == 30


def test_voices_protected_reads_the_protect_option_and_its_config() -> None:
    props = {"voiceName": "Host"}
    assert len(violations("voices-protected", resource_args(PLUGIN_COSY, props))) == 1
    assert violations("voices-protected", resource_args(PLUGIN_COSY, props, protect=True)) == []
    retained = resource_args(PLUGIN_COSY, props, config={"retainedOnDelete": ["host"]})
    assert violations("voices-protected", retained) == []


def test_policies_leave_other_resources_alone() -> None:
    other = resource_args("random:index/randomString:RandomString", {"length": 4})
    for name, judged in BY_NAME.items():
        if isinstance(judged, ResourceValidationPolicy):
            assert violations(name, other) == [], name


def test_the_allowlist_comes_from_config_else_every_documented_model() -> None:
    flash = {"model": "cosyvoice-v3-flash"}
    assert violations("cosyvoice-model-allowlist", resource_args(DYNAMIC_COSY, flash)) == []
    narrowed = {"allowedModels": ["cosyvoice-v3-plus"]}
    [message] = violations(
        "cosyvoice-model-allowlist", resource_args(DYNAMIC_COSY, flash, config=narrowed)
    )
    assert "declares model 'cosyvoice-v3-flash'" in message


def test_the_floor_reads_custom_timeouts_and_its_config() -> None:
    props = {"trainingTimeout": 10800}
    short = resource_args(PLUGIN_COSY, props, create=600)
    [message] = violations("training-timeout-floor", short)
    assert "600 s for training (customTimeouts.create)" in message
    lowered = resource_args(PLUGIN_COSY, props, create=600, config={"minimumSeconds": 300})
    assert violations("training-timeout-floor", lowered) == []


def test_consent_is_judged_on_standard_voices() -> None:
    standard = "icevoice:index:StandardCustomizedVoice"
    [message] = violations("standard-voice-consent", resource_args(standard, {"audios": ["m"]}))
    assert "declares no authentication" in message


def _stack_voice(
    resource_type: str,
    name: str,
    props: Mapping[str, Any],
    provider: Mapping[str, Any] | None = None,
) -> PolicyResource:
    urn = f"urn:pulumi:prod::voices::{resource_type}::{name}"
    known = None
    if provider is not None:
        known = PolicyProviderResource("pulumi:providers:icevoice", provider, "urn:p", "p")
    return PolicyResource(resource_type, props, urn, name, options(), known, None, [], {})


def test_the_regional_cap_counts_cosy_voices_per_region_of_both_doors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stack_config = {"ice:region": "cn-beijing"}
    monkeypatch.setattr(pulumi.runtime, "get_config", stack_config.get)
    monkeypatch.delenv("ALIBABA_CLOUD_REGION_ID", raising=False)
    monkeypatch.delenv("ALICLOUD_REGION", raising=False)
    resources = [
        _stack_voice(DYNAMIC_COSY, "a", {}),  # ice:region: cn-beijing
        _stack_voice(DYNAMIC_COSY, "b", {"region": "cn-beijing"}),  # kept from an earlier up
        _stack_voice(PLUGIN_COSY, "c", {}, provider={"region": "cn-beijing"}),
        _stack_voice(PLUGIN_COSY, "d", {}, provider={}),  # the plugin's default: cn-shanghai
        _stack_voice("icevoice:index:CustomizedVoice", "e", {}, provider={"region": "cn-beijing"}),
    ]
    args = StackValidationArgs(resources, {"maxVoicesPerRegion": 2})
    [message] = violations("cosyvoice-voices-per-region", args)
    assert message.startswith("the stack declares 3 CosyVoice voices in cn-beijing")
    assert violations("cosyvoice-voices-per-region", StackValidationArgs(resources)) == []


def test_the_pack_directory_is_a_python_policy_pack_of_the_package_version() -> None:
    project = yaml.safe_load((policy.PACK_DIRECTORY / "PulumiPolicy.yaml").read_text())
    assert project["runtime"] == "python"
    assert project["version"] == icevoice.__version__
    assert (policy.PACK_DIRECTORY / "__main__.py").is_file()


def test_the_command_prints_the_pack_directory(capsys: pytest.CaptureFixture[str]) -> None:
    policy.main()
    assert capsys.readouterr().out == f"{policy.PACK_DIRECTORY}\n"


def test_the_command_says_what_to_install_without_pulumi_policy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SystemExit) as stopped:
        policy.main()
    assert "pip install 'pulumi-ice-voice[policy]'" in str(stopped.value.code)
    assert capsys.readouterr().out == ""


def test_the_defaults_the_rules_restate_are_the_providers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert ProviderConfig().region == DEFAULT_REGION
    [timeout] = [f for f in dataclasses.fields(CustomizedVoiceArgs) if f.name == "training_timeout"]
    assert timeout.default == DEFAULT_TRAINING_TIMEOUT
    plugin_main(["--schema"])
    schema = json.loads(capsys.readouterr().out)
    voices = [r for t, r in schema["resources"].items() if t.endswith("CustomizedVoice")]
    assert len(voices) == 3, "the three editions' voices"
    for resource in voices:
        assert resource["inputProperties"]["trainingTimeout"]["default"] == DEFAULT_TRAINING_TIMEOUT
