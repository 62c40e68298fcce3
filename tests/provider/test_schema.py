"""The plugin's schema and the dynamic provider declare the same resources: one list of
inputs, one text per property, one set of rules (no drift between the two front doors)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

from pulumi_ice_voice import (
    CosyVoiceCustomizedVoice,
    CosyVoiceCustomizedVoiceArgs,
    CustomizedVoice,
    CustomizedVoiceArgs,
    StandardCustomizedVoice,
    StandardCustomizedVoiceArgs,
)
from pulumi_ice_voice._config import SETTINGS
from pulumi_ice_voice._edition_resources import _EditionVoice
from pulumi_ice_voice._inputs import DEFAULT_TRAINING_TIMEOUT
from pulumi_ice_voice._kinds import KINDS
from pulumi_ice_voice.plugin._reference import BEGIN, END, spliced
from pulumi_ice_voice.plugin._schema import RESOURCES, package_schema
from pulumi_ice_voice.plugin._values import snake

REPO = Path(__file__).resolve().parents[2]
SCHEMA = package_schema("1.2.3")
ARGS = {
    "CustomizedVoice": CustomizedVoiceArgs,
    "StandardCustomizedVoice": StandardCustomizedVoiceArgs,
    "CosyVoiceCustomizedVoice": CosyVoiceCustomizedVoiceArgs,
}
OUTPUT_DOCS: dict[str, list[type]] = {
    "CustomizedVoice": [CustomizedVoice],
    "StandardCustomizedVoice": [StandardCustomizedVoice, _EditionVoice],
    "CosyVoiceCustomizedVoice": [CosyVoiceCustomizedVoice, _EditionVoice],
}
EACH = pytest.mark.parametrize("name", sorted(KINDS))


def _attribute_docstrings(*classes: type) -> dict[str, str]:
    """`name: type` followed by a string: the docstring of attribute `name`."""
    docs: dict[str, str] = {}
    for cls in classes:
        [node] = ast.parse(inspect.getsource(cls)).body
        assert isinstance(node, ast.ClassDef)
        for first, second in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(first, ast.AnnAssign)
                and isinstance(first.target, ast.Name)
                and isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
            ):
                docs.setdefault(first.target.id, " ".join(str(second.value.value).split()))
    return docs


def _resource(name: str) -> dict[str, object]:
    resource: dict[str, object] = SCHEMA["resources"][RESOURCES[name].token]
    return resource


@EACH
def test_the_schema_the_dynamic_args_and_check_take_the_same_inputs(name: str) -> None:
    kind = KINDS[name]
    dynamic = [field.name for field in dataclasses.fields(ARGS[name])]
    schema = [snake(prop) for prop in _resource(name)["inputProperties"]]  # type: ignore[attr-defined]
    assert sorted(dynamic) == sorted(schema) == sorted(kind.declared)
    assert set(kind.declared) <= set(kind.table.names), "check keeps every declared input"


@EACH
def test_required_inputs_defaults_and_replacements_agree(name: str) -> None:
    kind, resource = KINDS[name], _resource(name)
    fields = {field.name: field for field in dataclasses.fields(ARGS[name])}
    required = {n for n, f in fields.items() if f.default is dataclasses.MISSING}
    assert required == set(kind.table.required) == {snake(n) for n in resource["requiredInputs"]}  # type: ignore[attr-defined]
    schema_defaults = {
        snake(prop): spec["default"]
        for prop, spec in resource["inputProperties"].items()  # type: ignore[attr-defined]
        if "default" in spec
    }
    dynamic_defaults = {
        n: f.default for n, f in fields.items() if f.default not in (None, dataclasses.MISSING)
    }
    expected = {"wait_for_training": True, "training_timeout": DEFAULT_TRAINING_TIMEOUT}
    assert schema_defaults == dynamic_defaults == expected
    checked, _ = kind.check({}, {}, "cn-shanghai")
    assert {n: checked[n] for n in expected} == expected, "check fills them"
    assert {snake(n) for n in resource["replaceOnChanges"]} == set(kind.replaces)  # type: ignore[attr-defined]


@EACH
def test_each_property_has_one_text_the_dynamic_docstrings_hold_to(name: str) -> None:
    doc = RESOURCES[name]
    args_docs = _attribute_docstrings(ARGS[name])
    for prop, text in doc.inputs.items():
        assert args_docs[prop].startswith(text.description), prop
    output_docs = _attribute_docstrings(*OUTPUT_DOCS[name])
    for prop, text in doc.outputs.items():
        assert output_docs[prop] == text.description, prop
    properties = _resource(name)["properties"]
    assert {snake(n) for n in properties} == set(doc.inputs) | set(doc.outputs)  # type: ignore[attr-defined]
    assert set(KINDS[name].outputs) <= {snake(n) for n in properties}  # type: ignore[attr-defined]


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
