"""The dynamic host's property bags at the core's edge.

The host deserializes Check and Diff properties with values not known yet kept as
`pulumi.output.Unknown` instances (or the wire string); the core knows only its own marker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from .._core.unknown import UNKNOWN

__all__ = ["marked"]


def marked(value: Any) -> Any:
    """``value`` with every `pulumi.output.Unknown` inside it the core's UNKNOWN."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {key: marked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [marked(item) for item in value]
    return value
