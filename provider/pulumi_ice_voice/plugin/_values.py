"""Pulumi's PropertyValues at the plugin's edge: in as plain values, out as PropertyValues.

In: camelCase keys become the core's snake_case, computed values (a preview of an input
another resource computes) the core's unknown marker, secrets plain values whose keys are
remembered. Out: the reverse, each remembered key a secret again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from .._core.unknown import UNKNOWN

__all__ = ["Plain", "camel", "plain", "property_values", "snake"]


def camel(name: str) -> str:
    """voice_id -> voiceId: the schema's (and every SDK's wire) spelling."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """voiceId -> voice_id: the core's spelling."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


class Plain(dict[str, Any]):
    """A property map as the core reads it, and which of its keys were secrets."""

    secrets: frozenset[str] = frozenset()


def plain(values: Mapping[str, PropertyValue]) -> Plain:
    result = Plain({snake(key): _plain(value) for key, value in values.items()})
    result.secrets = frozenset(
        snake(key) for key, value in values.items() if value.contains_secret()
    )
    return result


def _plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {snake(key): _plain(item) for key, item in inner.items()}
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        return [_plain(item) for item in inner]
    return inner


def property_values(
    values: Mapping[str, Any], secrets: Iterable[str] = ()
) -> dict[str, PropertyValue]:
    """``values`` (snake_case, plain) as the engine takes them; ``secrets`` marked so."""
    hidden = set(secrets)
    return {camel(key): _value(item, key in hidden) for key, item in values.items()}


def _value(item: Any, secret: bool = False) -> PropertyValue:
    if item == UNKNOWN:
        return PropertyValue.computed().with_secret(secret)
    if isinstance(item, bool) or item is None or isinstance(item, str):
        wrapped = PropertyValue(item)
    elif isinstance(item, (int, float)):
        wrapped = PropertyValue(float(item))
    elif isinstance(item, Mapping):
        wrapped = PropertyValue({camel(str(k)): _value(v) for k, v in item.items()})
    elif isinstance(item, Sequence):
        wrapped = PropertyValue([_value(v) for v in item])
    else:
        raise TypeError(f"cannot send a {type(item).__name__} to the engine")
    return wrapped.with_secret(secret)
