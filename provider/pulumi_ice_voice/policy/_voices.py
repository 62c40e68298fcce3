"""Our resources as a policy pack sees them, from either front door.

The engine hands a pack a resource's type token and its properties (the inputs after the
provider's check for a resource rule, the outputs for a stack rule). The plugin's types are
`icevoice:index:<Type>` with camelCase properties; the dynamic provider's are
`pulumi-python:dynamic/ice:<Type>` with snake_case ones. `Voice.get` reads either by the
snake_case name. During a preview a property computed by another resource is not known:
`get` answers `UNKNOWN` for it instead of raising, so that a rule can let it pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from pulumi_policy.proxy import UnknownValueError

__all__ = ["BASIC", "COSY_VOICE", "STANDARD", "UNKNOWN", "Voice", "read", "voice"]

BASIC: Final = "Basic"
STANDARD: Final = "Standard"
COSY_VOICE: Final = "CosyVoice"

_EDITIONS: Final = {
    "CustomizedVoice": BASIC,
    "StandardCustomizedVoice": STANDARD,
    "CosyVoiceCustomizedVoice": COSY_VOICE,
}
_PLUGIN_PREFIX: Final = "icevoice:index:"
_DYNAMIC_PREFIX: Final = "pulumi-python:dynamic/ice:"


class _Unknown:
    """A value the engine does not know yet (a preview, an input computed by another resource)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def read(properties: Mapping[str, Any] | None, key: str) -> Any:
    """``properties[key]``; None when absent, ``UNKNOWN`` when not known yet."""
    if properties is None:
        return None
    try:
        return properties.get(key)
    except UnknownValueError:  # pulumi-policy's proxy raises on reading an unknown value
        return UNKNOWN


@dataclass(frozen=True)
class Voice:
    """One of our voice resources, as the pack was handed it."""

    name: str
    """The resource name (the last part of its URN)."""
    urn: str
    type: str
    edition: str
    """Basic, Standard or CosyVoice."""
    plugin: bool
    """The plugin's resource (camelCase properties), else the dynamic provider's (snake_case)."""
    properties: Mapping[str, Any]

    def get(self, name: str) -> Any:
        """The property ``name`` (snake_case, whatever the front door): None when absent,
        ``UNKNOWN`` when not known yet."""
        return read(self.properties, _camel(name) if self.plugin else name)

    def property_name(self, name: str) -> str:
        """``name`` as the resource's front door spells it, for messages."""
        return _camel(name) if self.plugin else name


def voice(resource_type: str, name: str, urn: str, properties: Mapping[str, Any]) -> Voice | None:
    """The voice behind a resource of type ``resource_type``; None for any other resource."""
    for prefix, plugin in ((_PLUGIN_PREFIX, True), (_DYNAMIC_PREFIX, False)):
        edition = _EDITIONS.get(resource_type.removeprefix(prefix))
        if resource_type.startswith(prefix) and edition is not None:
            return Voice(name, urn, resource_type, edition, plugin, properties)
    return None


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)
