"""The provider's core driven in-process against an emulator: no Pulumi, no CLI.

    with core_session(ice) as core:
        recorded = core.create(BASIC, voice_props("narrator01"))
        core.lines                            # what the user would have read

A session of its own per test (never the per-process one `session_for` shares), polling
fast, its lines kept instead of written to stderr.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
from icevoice import IceClient
from pulumi_ice_voice._core.config import ProviderConfig
from pulumi_ice_voice._core.kinds import ResourceKind
from pulumi_ice_voice._core.lines import send_lines_to
from pulumi_ice_voice._core.records import Recorded
from pulumi_ice_voice._core.session import Session, build_session
from tests.support.emulator import IceUnderTest
from tests.support.voices import REGION, voice

__all__ = ["Core", "client_of", "core_session", "props_of"]


@dataclass
class Core:
    """A core session against one emulator, and the lines it said."""

    session: Session
    lines: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def say(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    def create(self, kind: ResourceKind, props: dict[str, Any]) -> Recorded:
        """What a front door does for a create: check, then create."""
        checked, failures = kind.check({}, props, REGION)
        assert not failures, failures
        return kind.create(self.session, checked, REGION, None)

    def said(self, text: str) -> bool:
        with self._lock:
            return any(text in line for line in self.lines)


@contextlib.contextmanager
def core_session(ice: IceUnderTest, **settings: Any) -> Iterator[Core]:
    config = ProviderConfig(
        region=REGION,
        endpoint=ice.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
        min_poll_interval=0.05,
        max_poll_interval=0.25,
        **settings,
    )
    core = Core(build_session(config))
    send_lines_to(core.say)
    try:
        yield core
    finally:
        send_lines_to(None)
        core.session.tracker.close()
        core.session.client.close()


def props_of(entry: dict[str, Any], *, stack: str = "dev") -> dict[str, Any]:
    """A voices-program entry (tests/support/voices, editions) as a resource's properties,
    with the autoname keys its resource would compute."""
    name = entry["name"]
    props = {k: v for k, v in entry.items() if k not in ("name", "edition")}
    return {**props, "autoname_prefix": name, "autoname_seed": f"core/project/{stack}/{name}"}


def basic_props(voice_id: str, **overrides: Any) -> dict[str, Any]:
    return props_of(voice(voice_id, voice_id, **overrides))


def client_of(ice: IceUnderTest) -> IceClient:
    """A client of the emulator, as someone outside the provider (a killed host) uses it."""
    return IceClient(
        endpoint=ice.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
    )
