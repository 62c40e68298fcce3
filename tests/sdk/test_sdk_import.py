"""``import icevoice`` stays light: heavy modules load only when used (no timing here;
bench/bench_import_time.py measures)."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import icevoice

HEAVY = (
    "httpx",
    "pydantic",
    "alibabacloud_credentials",
    "alibabacloud_tea_openapi",
    "alibabacloud_ice20201109",
    "Tea",
    "darabonba",
)


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_import_icevoice_loads_nothing_heavy() -> None:
    assert _loaded_after("import icevoice") == []


def test_the_client_never_imports_the_official_sdk() -> None:
    assert _loaded_after("from icevoice import IceClient, RetryPolicy, CustomizedVoiceJob") == [
        "httpx",
        "pydantic",
    ]


def test_every_public_name_resolves() -> None:
    for name in icevoice.__all__:
        assert getattr(icevoice, name) is not None, name
    assert set(icevoice.__all__) <= set(dir(icevoice))


def _package_lists() -> tuple[dict[str, str], dict[str, str], list[str]]:
    """What ``icevoice/__init__.py`` says three times: the TYPE_CHECKING imports (name ->
    module), ``_EXPORTS`` (name -> module) and ``__all__``, read from its source."""
    tree = ast.parse(Path(icevoice.__file__).read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    exports: dict[str, str] = {}
    listed: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
                for alias in statement.names:
                    # `as` the same name: an explicit re-export for type checkers.
                    assert alias.asname == alias.name, ast.unparse(statement)
                    typed[alias.name] = (statement.module or "").lstrip(".") or alias.name
        elif isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "_EXPORTS":
            exports = dict(ast.literal_eval(_expanded(node.value)))
        elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            listed = list(ast.literal_eval(node.value))
    return typed, exports, listed


def _expanded(node: ast.expr | None) -> ast.expr:
    """``_EXPORTS``'s dict literal with its ``**dict.fromkeys((...), module)`` spelled out."""
    assert isinstance(node, ast.Dict)
    keys: list[ast.expr | None] = []
    values: list[ast.expr] = []
    for key, value in zip(node.keys, node.values, strict=True):
        if key is not None:
            keys.append(key)
            values.append(value)
            continue
        assert isinstance(value, ast.Call) and ast.unparse(value.func) == "dict.fromkeys"
        names, module = value.args
        assert isinstance(names, ast.Tuple)
        keys.extend(names.elts)
        values.extend(module for _ in names.elts)
    return ast.Dict(keys=keys, values=values)


def test_type_checking_imports_exports_and_all_agree() -> None:
    typed, exports, listed = _package_lists()
    assert typed.pop("errors") == "errors"
    assert typed == exports
    assert len(listed) == len(set(listed))
    assert set(listed) == {*exports, "errors", "__version__"}
    for name, module in exports.items():
        assert name in vars(importlib.import_module(f"icevoice.{module}")), (name, module)
