"""Alibaba Cloud ICE customized (cloned) voices as Pulumi resources.

    from pulumi_ice_voice import CustomizedVoice, StandardCustomizedVoice, CosyVoiceCustomizedVoice
    from pulumi_ice_voice import Speech

Each is a Pulumi dynamic resource (`pulumi-python:dynamic/ice:CustomizedVoice`, ...) whose
create submits a voice-cloning job of its edition (Basic, Standard, CosyVoice) and waits for
training; a `Speech` speaks a text with a trained voice into an audio file. Configure them
with stack config `ice:region`, `ice:endpoint` (`embedded` runs a local emulator
in-process), `ice:accessKeyId`, `ice:accessKeySecret`, `ice:securityToken`, or their
`alicloud:*` counterparts, or the Alibaba Cloud credential chain.

The package's layout: `_core` (what the provider does to ICE; no pulumi), the resource
families `_basic` and `_editions`, the catalogue `_kinds`, and the two front doors,
`_dynamic` (with `_provider`, the path pickled into every state) and `plugin`.

Names are imported on first use (PEP 562): the plugin (`pulumi_ice_voice.plugin`) imports
this package too, and must not load the dynamic front door and `pulumi.dynamic` with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._core.config import ProviderConfig as ProviderConfig
    from ._core.errors import ConfigurationError as ConfigurationError
    from ._dynamic.resources import CosyVoiceCustomizedVoice as CosyVoiceCustomizedVoice
    from ._dynamic.resources import CosyVoiceCustomizedVoiceArgs as CosyVoiceCustomizedVoiceArgs
    from ._dynamic.resources import CustomizedVoice as CustomizedVoice
    from ._dynamic.resources import CustomizedVoiceArgs as CustomizedVoiceArgs
    from ._dynamic.resources import Speech as Speech
    from ._dynamic.resources import SpeechArgs as SpeechArgs
    from ._dynamic.resources import StandardCustomizedVoice as StandardCustomizedVoice
    from ._dynamic.resources import StandardCustomizedVoiceArgs as StandardCustomizedVoiceArgs
    from ._provider import CustomizedVoiceProvider as CustomizedVoiceProvider

_EXPORTS = {
    "ConfigurationError": "_core.errors",
    "ProviderConfig": "_core.config",
    "CustomizedVoiceProvider": "_provider",
    "CustomizedVoice": "_dynamic.resources",
    "CustomizedVoiceArgs": "_dynamic.resources",
    "StandardCustomizedVoice": "_dynamic.resources",
    "StandardCustomizedVoiceArgs": "_dynamic.resources",
    "CosyVoiceCustomizedVoice": "_dynamic.resources",
    "CosyVoiceCustomizedVoiceArgs": "_dynamic.resources",
    "Speech": "_dynamic.resources",
    "SpeechArgs": "_dynamic.resources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
