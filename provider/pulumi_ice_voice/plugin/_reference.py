"""The README's reference of resources, configuration and functions, made from the schema.

    pulumi-resource-icevoice --reference      prints it; `make docs` writes it into README.md

One text for both front doors: each property is named as Python programs write it (the
dynamic resource and the generated Python SDK) and as every other language does (the
schema's camelCase).
"""

from __future__ import annotations

import json
from typing import Any

from .._core.config import SETTINGS
from .._core.kinds import ResourceKind
from .._kinds import KINDS
from ._schema import FUNCTIONS, PACKAGE, package_schema, token_of
from ._values import snake

__all__ = ["BEGIN", "END", "reference", "spliced"]

BEGIN = "<!-- reference: made by `make docs` from the plugin's schema; edit the kinds' tables -->"
END = "<!-- end of reference -->"


def _type(spec: dict[str, Any]) -> str:
    if spec.get("type") == "array":
        return f"list of {_type(spec['items'])}"
    if spec.get("type") == "object":
        return "object"
    return str(spec.get("type", "any"))


def _default(spec: dict[str, Any]) -> str:
    if "default" not in spec:
        return ""
    value = spec["default"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"default `{json.dumps(value)}`"


def _names(camel_name: str) -> str:
    python = snake(camel_name)
    return f"`{python}`" if python == camel_name else f"`{python}` / `{camel_name}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _resource_lines(kind: ResourceKind, resource: dict[str, Any]) -> list[str]:
    required = set(resource["requiredInputs"])
    lines = [
        "",
        f"### `{kind.name}` (`{token_of(kind)}`; dynamic: `pulumi-python:dynamic/ice:{kind.name}`)",
        "",
        _cell(resource["description"]),
        "",
        "Inputs (Python name / other languages):",
        "",
        "| input | type | | a change | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, spec in resource["inputProperties"].items():
        need = "required" if name in required else _default(spec)
        change = kind.inputs.row(snake(name)).change
        lines.append(
            f"| {_names(name)} | {_type(spec)} | {need} | {change} | {_cell(spec['description'])} |"
        )
    lines += ["", "Outputs, besides the inputs:", "", "| output | type | description |"]
    lines.append("| --- | --- | --- |")
    for name, spec in resource["properties"].items():
        if name not in resource["inputProperties"]:
            lines.append(f"| {_names(name)} | {_type(spec)} | {_cell(spec['description'])} |")
    return lines


def spliced(readme: str) -> str:
    """``readme`` with the text between its markers replaced by the reference."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + reference().rstrip("\n") + readme[end:]


def reference() -> str:
    """The Markdown reference, between the README's markers (BEGIN and END included)."""
    schema = package_schema("0.0.0")  # the reference names no version
    lines = [BEGIN]
    for kind in KINDS.values():
        lines += _resource_lines(kind, schema["resources"][token_of(kind)])
    lines += [
        "",
        "### Provider configuration",
        "",
        "Stack config `ice:<key>` for the dynamic provider, `icevoice:<key>` for the "
        f"plugin's default provider, or the inputs of an explicit `{PACKAGE}.Provider`:",
        "",
        "| key | type | description |",
        "| --- | --- | --- |",
    ]
    for setting in SETTINGS.values():
        typed = f"{setting.kind}, secret" if setting.secret else setting.kind
        lines.append(f"| {_names(setting.key)} | {typed} | {_cell(setting.description)} |")
    lines += ["", "### Functions (the plugin only)", ""]
    for token, spec in schema["functions"].items():
        args = ", ".join(
            f"{name}{'' if name in spec['inputs'].get('required', []) else '?'}"
            for name in spec["inputs"]["properties"]
        )
        returns = ", ".join(spec["outputs"]["properties"])
        lines.append(f"- `{token}({args})` returns {{{returns}}}: {_cell(FUNCTIONS[token])}")
    lines += ["", END]
    return "\n".join(lines) + "\n"
