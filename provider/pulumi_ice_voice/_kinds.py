"""The catalogue both front doors adapt: every resource type of the provider, by name."""

from __future__ import annotations

from ._basic import BASIC
from ._core.kinds import ResourceKind
from ._editions import COSY_VOICE, STANDARD
from ._speech import SPEECH

__all__ = ["BASIC", "COSY_VOICE", "KINDS", "SPEECH", "STANDARD"]

KINDS: dict[str, ResourceKind] = {kind.name: kind for kind in (BASIC, STANDARD, COSY_VOICE, SPEECH)}
