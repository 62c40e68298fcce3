"""Values not known yet: in a preview, an input that another resource computes.

The core keeps its own marker, the string Pulumi's wire protocol uses for an unknown value
(pulumi.runtime.rpc.UNKNOWN, pinned by a test), so that nothing here imports pulumi. Each
front door turns what its host hands it into this marker at its edge (the dynamic host's
`pulumi.output.Unknown`, the plugin's `Computed`) and back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["UNKNOWN", "flatten", "has_unknown", "is_unknown"]

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_unknown(value: object) -> bool:
    """Whether a property is not known yet."""
    return isinstance(value, str) and value == UNKNOWN


def has_unknown(value: object) -> bool:
    """Whether a property, or anything inside it (a list, a map), is not known yet."""
    return any(is_unknown(v) for v in flatten([value]))


def flatten(values: Iterable[Any]) -> list[Any]:
    """Every scalar inside ``values``: lists and maps opened, recursively."""
    flat: list[Any] = []
    for value in values:
        if isinstance(value, Mapping):
            flat.extend(flatten(value.values()))
        elif isinstance(value, (list, tuple)):
            flat.extend(flatten(value))
        else:
            flat.append(value)
    return flat
