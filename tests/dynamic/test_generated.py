"""The dynamic resources' classes are the ones made from the kinds' tables (`make docs`)."""

from __future__ import annotations

from pulumi_ice_voice._dynamic.generate import TARGET, formatted, generated


def test_resources_py_is_what_the_tables_make() -> None:
    assert TARGET.read_text() == formatted(generated()), (
        "provider/pulumi_ice_voice/_dynamic/resources.py is stale: run `make docs`"
    )
