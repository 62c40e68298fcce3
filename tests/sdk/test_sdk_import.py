"""``import icevoice`` stays light: heavy modules load only when used (no timing here;
bench/bench_import_time.py measures)."""

from __future__ import annotations

import json
import subprocess
import sys

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
