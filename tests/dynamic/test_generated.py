"""The dynamic resources' classes are the ones made from the kinds' tables (`make docs`)."""

from __future__ import annotations

from pulumi_ice_voice._dynamic.generate import TARGET, formatted, generated


def test_resources_py_is_what_the_tables_make() -> None:
    assert TARGET.read_text() == formatted(generated()), (
        "provider/pulumi_ice_voice/_dynamic/resources.py is stale: run `make docs`"
    )


def test_the_resource_classes_give_pulumi_no_annotations_to_evaluate_per_resource() -> None:
    """pulumi evaluates a resource class's annotations for every resource it registers
    (resource_types, uncached): the outputs' types are for type checkers only."""
    from pulumi._types import resource_types

    import pulumi_ice_voice as package

    for name in (
        "CustomizedVoice",
        "StandardCustomizedVoice",
        "CosyVoiceCustomizedVoice",
        "Speech",
    ):
        cls = getattr(package, name)
        assert resource_types(cls) == {}, name
        assert set(vars(cls).get("__annotations__", {})) <= {
            "_dynamic_provider",
            "_args_type",
            "_adopt_hint",
        }, name
