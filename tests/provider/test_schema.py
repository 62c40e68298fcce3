"""The plugin's schema and the dynamic provider declare one resource: one list of inputs,
one text per property, one set of rules (no drift between the two front doors)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

from pulumi_ice_voice._config import SETTINGS
from pulumi_ice_voice._inputs import (
    DEFAULT_TRAINING_TIMEOUT,
    INPUT_NAMES,
    REPLACE_ON_CHANGE,
    REQUIRED_INPUTS,
    check_inputs,
)
from pulumi_ice_voice._resource import CustomizedVoice, CustomizedVoiceArgs
from pulumi_ice_voice._state import OUTPUT_NAMES
from pulumi_ice_voice.plugin._reference import BEGIN, END, spliced
from pulumi_ice_voice.plugin._schema import INPUTS, OUTPUTS, VOICE_TOKEN, package_schema
from pulumi_ice_voice.plugin._values import snake

REPO = Path(__file__).resolve().parents[2]
SCHEMA = package_schema("1.2.3")
VOICE = SCHEMA["resources"][VOICE_TOKEN]


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """`name: type` followed by a string: the docstring of attribute `name`."""
    [node] = ast.parse(inspect.getsource(cls)).body
    assert isinstance(node, ast.ClassDef)
    docs = {}
    for first, second in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(first, ast.AnnAssign)
            and isinstance(first.target, ast.Name)
            and isinstance(second, ast.Expr)
            and isinstance(second.value, ast.Constant)
        ):
            docs[first.target.id] = " ".join(str(second.value.value).split())
    return docs


def test_the_schema_the_dynamic_args_and_check_take_the_same_inputs() -> None:
    dynamic = [field.name for field in dataclasses.fields(CustomizedVoiceArgs)]
    schema = [snake(name) for name in VOICE["inputProperties"]]
    checked = [name for name in INPUT_NAMES if not name.startswith("autoname_")]
    assert sorted(dynamic) == sorted(schema) == sorted(checked)


def test_required_inputs_defaults_and_replacements_agree() -> None:
    fields = {field.name: field for field in dataclasses.fields(CustomizedVoiceArgs)}
    required = {name for name, f in fields.items() if f.default is dataclasses.MISSING}
    assert required == set(REQUIRED_INPUTS) == {snake(n) for n in VOICE["requiredInputs"]}
    schema_defaults = {
        snake(name): spec["default"]
        for name, spec in VOICE["inputProperties"].items()
        if "default" in spec
    }
    dynamic_defaults = {
        name: f.default
        for name, f in fields.items()
        if f.default not in (None, dataclasses.MISSING)
    }
    assert (
        schema_defaults
        == dynamic_defaults
        == {
            "wait_for_training": True,
            "training_timeout": DEFAULT_TRAINING_TIMEOUT,
        }
    )
    checked, failures = check_inputs(
        {},
        {"voice_id": "v1", "voice_name": "V", "gender": "male", "scenario": "story"},
        "cn-shanghai",
    )
    assert not failures
    assert {name: checked[name] for name in schema_defaults} == schema_defaults, "check fills them"
    assert {snake(n) for n in VOICE["replaceOnChanges"]} == set(REPLACE_ON_CHANGE)


def test_each_property_has_one_text_the_dynamic_docstrings_hold_to() -> None:
    args_docs = _attribute_docstrings(CustomizedVoiceArgs)
    for name, prop in INPUTS.items():
        assert args_docs[name].startswith(prop.description), name
    voice_docs = _attribute_docstrings(CustomizedVoice)
    for name, prop in OUTPUTS.items():
        assert voice_docs[name] == prop.description, name
    assert {snake(n) for n in VOICE["properties"]} == set(INPUTS) | set(OUTPUTS)
    assert set(OUTPUT_NAMES) <= {snake(n) for n in VOICE["properties"]}


def test_the_provider_configuration_is_the_settings_table_secrets_marked() -> None:
    config = SCHEMA["provider"]["inputProperties"]
    assert config == SCHEMA["config"]["variables"]
    assert list(config) == [setting.key for setting in SETTINGS.values()]
    assert {k for k, v in config.items() if v.get("secret")} == {
        "accessKeySecret",
        "securityToken",
    }


def test_the_readme_reference_is_the_one_made_from_the_schema() -> None:
    readme = (REPO / "README.md").read_text()
    assert readme.count(BEGIN) == readme.count(END) == 1
    assert spliced(readme) == readme, "README.md's reference is stale: run `make docs`"
