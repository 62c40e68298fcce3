"""The dynamic provider's classes, at the path every user's state file names. A CONTRACT.

A dynamic resource pickles its provider into its state (`__provider`) by reference: this
module's path and these class names (`pulumi_ice_voice._provider.CustomizedVoiceProvider`,
...). Destroy and refresh of a stack made by any version of this package unpickle them, so
they stay here, under these names, for good; the adapter they share lives in
_dynamic/provider.py. Each names the kind it serves (`KindNamed`): the program that pickles
them never imports the kinds, the host imports them on first use.
tests/dynamic/test_pickling.py unpickles a `__provider` recorded before the provider's
modules moved; tests/cli/test_upgrade.py imports a whole stack made by 0.1.0.
"""

from __future__ import annotations

from ._dynamic.provider import DynamicProvider, KindNamed

__all__ = [
    "CosyVoiceCustomizedVoiceProvider",
    "CustomizedVoiceProvider",
    "SpeechProvider",
    "StandardCustomizedVoiceProvider",
]


class CustomizedVoiceProvider(DynamicProvider):
    """CRUD for `pulumi-python:dynamic/ice:CustomizedVoice`."""

    kind = KindNamed("CustomizedVoice")


class StandardCustomizedVoiceProvider(DynamicProvider):
    """CRUD for `pulumi-python:dynamic/ice:StandardCustomizedVoice`."""

    kind = KindNamed("StandardCustomizedVoice")


class CosyVoiceCustomizedVoiceProvider(DynamicProvider):
    """CRUD for `pulumi-python:dynamic/ice:CosyVoiceCustomizedVoice`."""

    kind = KindNamed("CosyVoiceCustomizedVoice")


class SpeechProvider(DynamicProvider):
    """CRUD for `pulumi-python:dynamic/ice:Speech`."""

    kind = KindNamed("Speech")
