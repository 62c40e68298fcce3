"""The pack's rules as plain functions, on voices of both front doors: what each lets pass,
what it reports, and values not known during a preview."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE, unknown_checking_proxy

from pulumi_ice_voice.policy._rules import (
    DEFAULT_REGION,
    DEFAULT_TRAINING_TIMEOUT,
    disallowed_model,
    missing_consent,
    over_regional_cap,
    region_of,
    short_training_wait,
    training_wait,
    unprotected,
)
from pulumi_ice_voice.policy._voices import UNKNOWN, Voice, voice

DOORS = ("plugin", "dynamic")
EDITION_TYPES = {
    "basic": "CustomizedVoice",
    "standard": "StandardCustomizedVoice",
    "cosy": "CosyVoiceCustomizedVoice",
}


def declared(door: str, edition: str, name: str = "host", **inputs: Any) -> Voice:
    """A voice as the engine hands it to the pack: ``inputs`` by their snake_case names,
    spelled as ``door`` spells them, behind pulumi-policy's proxy."""
    prefix = "icevoice:index:" if door == "plugin" else "pulumi-python:dynamic/ice:"
    resource_type = prefix + EDITION_TYPES[edition]
    if door == "plugin":
        inputs = {_camel(k): v for k, v in inputs.items()}
    found = voice(
        resource_type, name, f"urn:pulumi:dev::p::{resource_type}::{name}", _proxy(inputs)
    )
    assert found is not None
    return found


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _proxy(inputs: dict[str, Any]) -> Any:
    """``inputs`` as pulumi-policy hands them over: reading an unknown value raises."""
    return unknown_checking_proxy(inputs)


@pytest.mark.parametrize(
    ("resource_type", "edition", "plugin"),
    [
        ("icevoice:index:CustomizedVoice", "Basic", True),
        ("icevoice:index:StandardCustomizedVoice", "Standard", True),
        ("icevoice:index:CosyVoiceCustomizedVoice", "CosyVoice", True),
        ("pulumi-python:dynamic/ice:CustomizedVoice", "Basic", False),
        ("pulumi-python:dynamic/ice:StandardCustomizedVoice", "Standard", False),
        ("pulumi-python:dynamic/ice:CosyVoiceCustomizedVoice", "CosyVoice", False),
    ],
)
def test_both_front_doors_types_are_recognised(
    resource_type: str, edition: str, plugin: bool
) -> None:
    found = voice(resource_type, "v", "urn", {})
    assert found is not None and (found.edition, found.plugin) == (edition, plugin)


@pytest.mark.parametrize(
    "resource_type",
    [
        "random:index/randomString:RandomString",
        "pulumi-python:dynamic/other:CustomizedVoice",
        "pulumi-python:dynamic/ice:Speech",
        "icevoice:index:getCustomizedVoice",
        "pulumi:providers:icevoice",
    ],
)
def test_other_resources_are_not_voices(resource_type: str) -> None:
    assert voice(resource_type, "v", "urn", {}) is None


@pytest.mark.parametrize("door", DOORS)
def test_properties_are_read_by_their_snake_case_name_from_either_door(door: str) -> None:
    found = declared(door, "basic", training_timeout=600, wait_for_training=False)
    assert (found.get("training_timeout"), found.get("wait_for_training")) == (600, False)
    assert found.get("voice_desc") is None
    expected = "trainingTimeout" if door == "plugin" else "training_timeout"
    assert found.property_name("training_timeout") == expected


def test_a_value_not_known_yet_reads_as_unknown_instead_of_raising() -> None:
    found = declared("plugin", "cosy", model=UNKNOWN_STRING_VALUE)
    assert found.get("model") is UNKNOWN


# -- voices-protected --------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_an_unprotected_voice_is_reported_and_a_protected_one_passes(door: str) -> None:
    narrator = declared(door, "basic", name="narrator")
    message = unprotected(narrator, protect=False, retained=())
    assert message is not None and message.startswith("voice narrator is not protected")
    assert unprotected(narrator, protect=True, retained=()) is None


def test_a_voice_listed_as_retained_on_delete_passes_by_name_or_urn() -> None:
    narrator = declared("dynamic", "standard", name="narrator")
    assert unprotected(narrator, protect=False, retained=["narrator"]) is None
    assert unprotected(narrator, protect=False, retained=[narrator.urn]) is None
    assert unprotected(narrator, protect=False, retained=["other"]) is not None


# -- standard-voice-consent ---------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_a_standard_voice_without_consent_is_reported(door: str) -> None:
    anchor = declared(door, "standard", name="anchor", audios=["m1", "m2", "m3"])
    message = missing_consent(anchor)
    assert message is not None
    assert f"declares no {anchor.property_name('authentication')}" in message
    assert missing_consent(declared(door, "standard", authentication="")) is not None


@pytest.mark.parametrize("door", DOORS)
def test_a_declared_or_computed_consent_passes_and_other_editions_are_not_asked(door: str) -> None:
    assert missing_consent(declared(door, "standard", authentication="consent-media")) is None
    assert missing_consent(declared(door, "standard", authentication=UNKNOWN_STRING_VALUE)) is None
    assert missing_consent(declared(door, "basic")) is None
    assert missing_consent(declared(door, "cosy")) is None


# -- cosyvoice-model-allowlist ------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_a_model_outside_the_allowlist_is_reported(door: str) -> None:
    host = declared(door, "cosy", model="cosyvoice-v3-flash")
    message = disallowed_model(host, allowed=["cosyvoice-v3-plus"])
    assert message == (
        "CosyVoice voice host declares model 'cosyvoice-v3-flash', which is not allowed here "
        "(allowedModels: cosyvoice-v3-plus)"
    )
    assert disallowed_model(host, allowed=[]) is not None


@pytest.mark.parametrize("door", DOORS)
def test_an_allowed_absent_or_computed_model_passes(door: str) -> None:
    allowed = ["cosyvoice-v3-plus"]
    assert (
        disallowed_model(declared(door, "cosy", model="cosyvoice-v3-plus"), allowed=allowed) is None
    )
    assert disallowed_model(declared(door, "cosy"), allowed=allowed) is None  # adopted
    computed = declared(door, "cosy", model=UNKNOWN_STRING_VALUE)
    assert disallowed_model(computed, allowed=allowed) is None
    assert disallowed_model(declared(door, "standard", model="x"), allowed=allowed) is None


# -- training-timeout-floor ---------------------------------------------------------------


def test_the_plugin_waits_as_long_as_custom_timeouts_create_else_training_timeout() -> None:
    plugin = declared("plugin", "basic", training_timeout=7200)
    assert training_wait(plugin, create_timeout=600) == 600
    assert training_wait(plugin, create_timeout=0) == 7200
    assert training_wait(declared("plugin", "basic"), create_timeout=0) == DEFAULT_TRAINING_TIMEOUT


def test_the_dynamic_provider_is_not_given_custom_timeouts() -> None:
    dynamic = declared("dynamic", "basic", training_timeout=7200)
    assert training_wait(dynamic, create_timeout=600) == 7200
    assert training_wait(declared("dynamic", "cosy"), create_timeout=0) == DEFAULT_TRAINING_TIMEOUT


@pytest.mark.parametrize("door", DOORS)
def test_no_wait_and_a_timeout_not_known_yet_are_not_judged(door: str) -> None:
    assert training_wait(declared(door, "basic", wait_for_training=False), create_timeout=0) is None
    computed = declared(door, "basic", training_timeout=UNKNOWN_NUMBER_VALUE)
    assert training_wait(computed, create_timeout=0) is None
    assert short_training_wait(computed, create_timeout=0, minimum=3600) is None


def test_a_short_wait_is_reported_naming_where_it_comes_from() -> None:
    plugin = declared("plugin", "cosy", name="host", training_timeout=7200)
    message = short_training_wait(plugin, create_timeout=600, minimum=3600)
    assert message is not None and message.startswith(
        "voice host waits at most 600 s for training (customTimeouts.create), less than the "
        "floor of 3600 s"
    )
    dynamic = declared("dynamic", "basic", name="narrator", training_timeout=900)
    message = short_training_wait(dynamic, create_timeout=0, minimum=3600)
    assert message is not None and "900 s for training (training_timeout)" in message
    defaulted = short_training_wait(declared("plugin", "basic"), create_timeout=0, minimum=20000)
    assert defaulted is not None and "(the provider's default trainingTimeout)" in defaulted


def test_a_wait_at_the_floor_passes() -> None:
    dynamic = declared("dynamic", "basic", training_timeout=3600)
    assert short_training_wait(dynamic, create_timeout=0, minimum=3600) is None
    plugin = declared("plugin", "standard", training_timeout=60)
    assert short_training_wait(plugin, create_timeout=3600, minimum=3600) is None


# -- cosyvoice-voices-per-region ---------------------------------------------------------


def test_a_voice_the_stack_has_is_counted_in_its_own_region() -> None:
    kept = declared("dynamic", "cosy", region="cn-beijing")
    assert region_of(kept, provider=None, config={"ice:region": "x"}, environ={}) == "cn-beijing"


def test_a_dynamic_voice_takes_the_region_of_ice_then_alicloud_config_then_the_environment() -> (
    None
):
    new = declared("dynamic", "cosy")
    config = {"ice:region": "cn-beijing", "alicloud:region": "cn-hangzhou"}
    environ = {"ALICLOUD_REGION": "us-west-1"}
    assert region_of(new, provider=None, config=config, environ=environ) == "cn-beijing"
    unset = {"ice:region": None, "alicloud:region": "cn-hangzhou"}
    assert region_of(new, provider=None, config=unset, environ=environ) == "cn-hangzhou"
    assert region_of(new, provider=None, config={}, environ=environ) == "us-west-1"
    first = {"ALIBABA_CLOUD_REGION_ID": "ap-southeast-1", "ALICLOUD_REGION": "us-west-1"}
    assert region_of(new, provider=None, config={}, environ=first) == "ap-southeast-1"
    assert region_of(new, provider=None, config={}, environ={}) == DEFAULT_REGION


def test_a_plugin_voice_takes_its_providers_region_then_the_environment() -> None:
    new = declared("plugin", "cosy")
    config = {"ice:region": "cn-beijing"}  # the dynamic provider's: not the plugin's
    explicit = _proxy({"region": "cn-shenzhen"})
    assert region_of(new, provider=explicit, config=config, environ={}) == "cn-shenzhen"
    default = _proxy({"endpoint": "embedded"})  # no icevoice:region in the stack's config
    environ = {"ALICLOUD_REGION": "us-west-1"}
    assert region_of(new, provider=default, config=config, environ=environ) == "us-west-1"
    assert region_of(new, provider=None, config=config, environ={}) == DEFAULT_REGION
    computed = _proxy({"region": UNKNOWN_STRING_VALUE})
    assert region_of(new, provider=computed, config={}, environ={}) is UNKNOWN


def test_only_regions_over_the_cap_are_reported_and_unknown_regions_are_not_counted() -> None:
    regions = ["cn-shanghai"] * 3 + ["cn-beijing"] * 2 + [UNKNOWN] * 5
    messages = over_regional_cap(regions, cap=2)
    assert messages == [
        "the stack declares 3 CosyVoice voices in cn-shanghai, more than the cap of 2: each "
        "trained CosyVoice voice holds one of the account's 30 slots in its region for good "
        "(no API deletes one)"
    ]
    assert over_regional_cap(regions, cap=3) == []
    assert over_regional_cap(["cn-beijing"], cap=0)[0].startswith(
        "the stack declares 1 CosyVoice voice in cn-beijing"
    )
