"""The two checked inputs no one declares (a module of its own: the program's dynamic resources
compute them, and a program imports nothing else of the core)."""

from __future__ import annotations

__all__ = ["AUTONAME_KEYS"]

#: Computed by the dynamic resource in the program (the plugin from the URN), so that check
#: can autoname without the URN; never declared, never shown.
AUTONAME_KEYS = ("autoname_prefix", "autoname_seed")
