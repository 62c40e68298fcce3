"""Property values as the engine holds them: plain Python plus :class:`Secret` and ``UNKNOWN``.

On the wire a property bag is a ``google.protobuf.Struct`` in which secrets are
``{"4dabf1...": "1b4706...", "value": v}`` objects and unknowns (computed values
during a preview) are the string :data:`UNKNOWN`. Tests see the same values as
ordinary dicts, lists, floats and strings, with secrets wrapped in
:class:`Secret` (so ``assert outputs["__provider"] == Secret(...)`` and
:func:`secret_keys` tell what is secret) and unknowns left as :data:`UNKNOWN`.

Serialization goes through ``pulumi.runtime.rpc.serialize_properties``, the
function the SDK and the dynamic-provider host use themselves.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.output import Unknown
from pulumi.runtime import rpc

__all__ = [
    "UNKNOWN",
    "Secret",
    "annotate_secrets",
    "contains_secret",
    "contains_unknown",
    "from_struct",
    "reveal",
    "secret_keys",
    "strip_for_provider",
    "to_struct",
]

UNKNOWN: str = rpc.UNKNOWN
"""The wire form of a value not known yet (a computed value during a preview)."""

_SIG = rpc._special_sig_key
_SECRET_SIG = rpc._special_secret_sig


@dataclass(frozen=True)
class Secret:
    """A value the engine marks secret. Its repr never shows the value."""

    value: Any

    def __repr__(self) -> str:
        return "Secret(***)"


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """Serialize a property bag with ``rpc.serialize_properties`` (in a fresh event loop).

    :class:`Secret` becomes the secret wrapper, :data:`UNKNOWN` and
    ``pulumi.output.Unknown`` the unknown sentinel; top-level ``None`` values are
    dropped, as the SDK and the host drop them.
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(_to_wire(dict(props)), {}))
    finally:
        loop.close()


def from_struct(struct: struct_pb2.Struct | None) -> dict[str, Any]:
    """Deserialize a wire property bag: numbers are floats, secrets :class:`Secret`."""
    if struct is None:
        return {}
    plain = json_format.MessageToDict(struct)
    result = _from_wire(plain)
    assert isinstance(result, dict)
    return result


def _to_wire(value: Any) -> Any:
    if isinstance(value, Secret):
        return rpc.wrap_rpc_secret(_to_wire(value.value))
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: _to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_wire(v) for v in value]
    return value


def _from_wire(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(_SIG) == _SECRET_SIG:
            return Secret(_from_wire(value.get("value")))
        return {k: _from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_wire(v) for v in value]
    return value


def reveal(value: Any) -> Any:
    """Return ``value`` with every :class:`Secret` replaced by what it holds."""
    if isinstance(value, Secret):
        return reveal(value.value)
    if isinstance(value, Mapping):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def contains_secret(value: Any) -> bool:
    """Whether ``value`` is or holds a :class:`Secret` anywhere."""
    if isinstance(value, Secret):
        return True
    if isinstance(value, Mapping):
        return any(contains_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_secret(v) for v in value)
    return False


def contains_unknown(value: Any) -> bool:
    """Whether ``value`` is or holds an unknown anywhere."""
    if isinstance(value, Unknown) or value == UNKNOWN:
        return True
    if isinstance(value, Secret):
        return contains_unknown(value.value)
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


def secret_keys(props: Mapping[str, Any]) -> set[str]:
    """The top-level keys of ``props`` whose value is or holds a secret."""
    return {k for k, v in props.items() if contains_secret(v)}


def strip_for_provider(
    props: Mapping[str, Any], *, keep_unknowns: bool, keep_secrets: bool
) -> dict[str, Any]:
    """What the engine's ``MarshalProperties`` sends a provider.

    ``keep_secrets=False`` (the dynamic host answers Configure with
    ``acceptSecrets: false``) sends secrets as their plain values;
    ``keep_unknowns=False`` (anything but a preview) leaves unknown properties out.
    """
    result = _strip(dict(props), keep_unknowns, keep_secrets)
    assert isinstance(result, dict)
    return result


_DROP = object()


def _strip(value: Any, keep_unknowns: bool, keep_secrets: bool) -> Any:
    if isinstance(value, Secret):
        inner = _strip(value.value, keep_unknowns, keep_secrets)
        if inner is _DROP or not keep_secrets:
            return inner
        return Secret(inner)
    if not keep_unknowns and (isinstance(value, Unknown) or value == UNKNOWN):
        return _DROP
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            stripped = _strip(v, keep_unknowns, keep_secrets)
            if stripped is not _DROP:
                out[k] = stripped
        return out
    if isinstance(value, list):
        items = [_strip(v, keep_unknowns, keep_secrets) for v in value]
        return [None if v is _DROP else v for v in items]
    return copy.deepcopy(value)


def annotate_secrets(outs: dict[str, Any], ins: Mapping[str, Any]) -> dict[str, Any]:
    """Re-mark as secret each output whose same-named input held a secret.

    A port of ``annotateSecrets`` (pkg/resource/plugin/provider_plugin.go), which the
    engine applies to Check, Create, Read and Update results of a provider that does
    not accept secrets, as the dynamic host does not. Objects are walked key by key.
    """
    for key, in_value in ins.items():
        if key not in outs:
            continue
        out_value = outs[key]
        if isinstance(out_value, dict) and isinstance(in_value, Mapping):
            annotate_secrets(out_value, in_value)
        elif not isinstance(out_value, Secret) and contains_secret(in_value):
            outs[key] = Secret(out_value)
    return outs
