"""The plugin's schema, the README's reference and the dynamic resources come from the kinds'
rows: these hold the schema to the rows, and the made files to what they are made from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pulumi_ice_voice import (
    CosyVoiceCustomizedVoiceArgs,
    CustomizedVoiceArgs,
    SpeechArgs,
    StandardCustomizedVoiceArgs,
)
from pulumi_ice_voice._core.config import SETTINGS, ProviderConfig
from pulumi_ice_voice._core.inputs import DEFAULT_TRAINING_TIMEOUT
from pulumi_ice_voice._core.kinds import JobKind
from pulumi_ice_voice._kinds import KINDS
from pulumi_ice_voice.plugin._reference import BEGIN, END, spliced
from pulumi_ice_voice.plugin._schema import package_schema, token_of
from pulumi_ice_voice.plugin._values import snake

REPO = Path(__file__).resolve().parents[2]
SCHEMA = package_schema("1.2.3")
ARGS = {
    "CustomizedVoice": CustomizedVoiceArgs,
    "StandardCustomizedVoice": StandardCustomizedVoiceArgs,
    "CosyVoiceCustomizedVoice": CosyVoiceCustomizedVoiceArgs,
    "Speech": SpeechArgs,
}
EACH = pytest.mark.parametrize("name", sorted(KINDS))


def _resource(name: str) -> dict[str, object]:
    resource: dict[str, object] = SCHEMA["resources"][token_of(KINDS[name])]
    return resource


@EACH
def test_the_schema_the_dynamic_args_and_check_take_the_same_inputs(name: str) -> None:
    kind = KINDS[name]
    dynamic = [field.name for field in dataclasses.fields(ARGS[name])]
    schema = [snake(prop) for prop in _resource(name)["inputProperties"]]  # type: ignore[attr-defined]
    assert dynamic == schema == list(kind.inputs.declared)
    assert set(kind.inputs.declared) <= set(kind.inputs.names), "check keeps every declared input"


@EACH
def test_required_inputs_defaults_and_replacements_agree(name: str) -> None:
    kind, resource = KINDS[name], _resource(name)
    fields = {field.name: field for field in dataclasses.fields(ARGS[name])}
    required = {n for n, f in fields.items() if f.default is dataclasses.MISSING}
    assert required == set(kind.inputs.required) == {snake(n) for n in resource["requiredInputs"]}  # type: ignore[attr-defined]
    schema_defaults = {
        snake(prop): spec["default"]
        for prop, spec in resource["inputProperties"].items()  # type: ignore[attr-defined]
        if "default" in spec
    }
    dynamic_defaults = {
        n: f.default for n, f in fields.items() if f.default not in (None, dataclasses.MISSING)
    }
    expected = {row.name: row.default for row in kind.inputs.rows if row.default is not None}
    assert schema_defaults == dynamic_defaults == expected
    if name != "Speech":
        assert expected == {"wait_for_training": True, "training_timeout": DEFAULT_TRAINING_TIMEOUT}
    checked, _ = kind.check({}, {}, "cn-shanghai")
    assert {n: checked[n] for n in expected} == expected, "check fills them"
    assert {snake(n) for n in resource["replaceOnChanges"]} == set(kind.inputs.replaces)  # type: ignore[attr-defined]


@EACH
def test_every_state_field_is_a_property_and_no_output_shadows_an_input(name: str) -> None:
    kind = KINDS[name]
    assert isinstance(kind, JobKind)
    inputs, outputs = set(kind.inputs.declared), {out.name for out in kind.outputs}
    assert not inputs & outputs
    state = set(kind.service_type.state_type.model_fields)
    assert state <= inputs | outputs, "the dynamic resource passes each as an output"
    assert set(kind.inputs.names) <= set(kind.spec_type.model_fields), "a spec keeps each"
    properties = {snake(n) for n in _resource(name)["properties"]}  # type: ignore[attr-defined]
    assert properties == inputs | outputs


def test_the_provider_configuration_is_the_settings_table_secrets_marked() -> None:
    config = SCHEMA["provider"]["inputProperties"]
    assert config == SCHEMA["config"]["variables"]
    assert list(config) == [setting.key for setting in SETTINGS.values()]
    assert {k for k, v in config.items() if v.get("secret")} == {
        "accessKeySecret",
        "securityToken",
    }
    configured = {f.name for f in dataclasses.fields(ProviderConfig)} - {"namespace"}
    assert set(SETTINGS) == configured, "every setting a field, every field a setting"


def test_the_readme_reference_is_the_one_made_from_the_schema() -> None:
    readme = (REPO / "README.md").read_text()
    assert readme.count(BEGIN) == readme.count(END) == 1
    assert spliced(readme) == readme, "README.md's reference is stale: run `make docs`"
