"""Alibaba Cloud ICE customized (cloned) voices as Pulumi resources.

    from pulumi_ice_voice import CustomizedVoice, StandardCustomizedVoice, CosyVoiceCustomizedVoice

Each is a Pulumi dynamic resource (`pulumi-python:dynamic/ice:CustomizedVoice`, ...) whose
create submits a voice-cloning job of its edition (Basic, Standard, CosyVoice) and waits for
training. Configure it with stack
config `ice:region`, `ice:endpoint` (`embedded` runs a local emulator in-process),
`ice:accessKeyId`, `ice:accessKeySecret`, `ice:securityToken`, or their `alicloud:*`
counterparts, or the Alibaba Cloud credential chain.

Names are imported on first use (PEP 562): `import pulumi_ice_voice._host` (what the
provider host loads to widen itself) costs none of the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._config import ConfigurationError as ConfigurationError
    from ._config import ProviderConfig as ProviderConfig
    from ._edition_resources import CosyVoiceCustomizedVoice as CosyVoiceCustomizedVoice
    from ._edition_resources import CosyVoiceCustomizedVoiceArgs as CosyVoiceCustomizedVoiceArgs
    from ._edition_resources import StandardCustomizedVoice as StandardCustomizedVoice
    from ._edition_resources import StandardCustomizedVoiceArgs as StandardCustomizedVoiceArgs
    from ._provider import CustomizedVoiceProvider as CustomizedVoiceProvider
    from ._resource import CustomizedVoice as CustomizedVoice
    from ._resource import CustomizedVoiceArgs as CustomizedVoiceArgs

_EXPORTS = {
    "ConfigurationError": "_config",
    "ProviderConfig": "_config",
    "CustomizedVoiceProvider": "_provider",
    "CustomizedVoice": "_resource",
    "CustomizedVoiceArgs": "_resource",
    "StandardCustomizedVoice": "_edition_resources",
    "StandardCustomizedVoiceArgs": "_edition_resources",
    "CosyVoiceCustomizedVoice": "_edition_resources",
    "CosyVoiceCustomizedVoiceArgs": "_edition_resources",
}

__all__ = [
    "ConfigurationError",
    "CosyVoiceCustomizedVoice",
    "CosyVoiceCustomizedVoiceArgs",
    "CustomizedVoice",
    "CustomizedVoiceArgs",
    "CustomizedVoiceProvider",
    "ProviderConfig",
    "StandardCustomizedVoice",
    "StandardCustomizedVoiceArgs",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
