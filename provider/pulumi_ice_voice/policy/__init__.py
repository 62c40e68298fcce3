"""The pulumi-ice-voice policy pack: gates for our voices under `pulumi preview --policy-pack`.

    pip install 'pulumi-ice-voice[policy]'
    pulumi preview --policy-pack "$(pulumi-ice-voice-policy)" --policy-pack-config policy.json

This directory is the pack (PulumiPolicy.yaml, `__main__.py`); `pulumi-ice-voice-policy`
prints its path. Its policies (`_policies`) judge the resources of both front doors by type
and properties only: `icevoice:index:*` (the plugin) and `pulumi-python:dynamic/ice:*` (the
dynamic provider). Importing this module needs nothing but the standard library.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Final

__all__ = ["PACK_DIRECTORY", "main"]

PACK_DIRECTORY: Final = Path(__file__).resolve().parent
"""The directory to give `pulumi preview --policy-pack`."""


def main() -> None:
    """`pulumi-ice-voice-policy`: print the pack's directory; fail, saying what to install,
    when this Python cannot run the pack."""
    if importlib.util.find_spec("pulumi_policy") is None:
        sys.exit(
            "pulumi-ice-voice-policy: pulumi-policy is not installed in "
            f"{sys.executable}: pip install 'pulumi-ice-voice[policy]'"
        )
    print(PACK_DIRECTORY)
