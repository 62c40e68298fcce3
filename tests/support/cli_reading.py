"""Reading what the real CLI did: `preview --json` steps, the provider's lines, the state.

    steps = preview_steps(stack)                 # {"narrator": Step(op="create", ...)}
    steps["narrator"].inputs["voice_id"]         # the inputs as the provider's Check returned them
    lines = provider_lines(stack.up().output)    # ["voice narrator1: created job ...", ...]
    transitions(lines)                           # {"narrator1":
                                                 #    [("submitted", "AudioDetecting"), ...]}

The CLI shows what the dynamic-provider host writes to stderr as messages of the stack
resource (`pulumi:pulumi:Stack`), not of the voice: once while it runs, after the
resource's progress, and once more under "Diagnostics:" at the end. provider_lines reads
that second copy, where each line is printed once and whole, in the order written.
"""

from __future__ import annotations

import io
import json
import re
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from icevoice import IN_PROGRESS_STATUSES, IceClient
from tests.support.cli import Stack
from tests.support.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, IceUnderTest
from tests.support.voices import voice

__all__ = [
    "IN_PROGRESS",
    "UNKNOWN",
    "Step",
    "autonamed",
    "ice_client",
    "preview_steps",
    "provider_lines",
    "transitions",
    "voice_state",
    "wav_frames",
]

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""How `preview --json` shows a value not known yet (pulumi.runtime.rpc.UNKNOWN)."""
IN_PROGRESS = IN_PROGRESS_STATUSES  # ICE's words, from the client
PREFIX = "pulumi-ice-voice: "
_TRANSITION = re.compile(r"voice (\S+): job (\S+) (\w+) -> (\w+)(?: \(.*\))?")


@dataclass(frozen=True)
class Step:
    """One resource's step in a preview."""

    op: str
    inputs: dict[str, Any]
    """The new inputs, as the provider's Check returned them (unknowns as UNKNOWN)."""
    replace_reasons: tuple[str, ...]


def preview_steps(stack: Stack, *flags: str) -> dict[str, Step]:
    """`pulumi preview --json`: each resource's step, by resource name."""
    result = stack.preview("--json", *flags)
    steps = {}
    for step in json.loads(result.stdout)["steps"]:
        name = step["urn"].rsplit("::", 1)[-1]
        state = step.get("newState") or {}
        steps[name] = Step(
            op=step["op"],
            inputs=dict(state.get("inputs") or {}),
            replace_reasons=tuple(step.get("replaceReasons") or ()),
        )
    return steps


def provider_lines(output: str) -> list[str]:
    """The provider's progress lines of one command, without their `pulumi-ice-voice: `
    prefix, from the Diagnostics section of its output."""
    lines = output.splitlines()
    if "Diagnostics:" not in lines:
        return []
    found = []
    for line in lines[lines.index("Diagnostics:") + 1 :]:
        if line and not line.startswith(" "):
            break  # "Outputs:", "Resources:": the section is over
        text = line.strip()
        if text.startswith(PREFIX):
            found.append(text.removeprefix(PREFIX))
    return found


def transitions(lines: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Status transitions among provider_lines, by voice id: [(from, to), ...]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        match = _TRANSITION.fullmatch(line)
        if match:
            found.setdefault(match.group(1), []).append((match.group(3), match.group(4)))
    return found


def voice_state(stack: Stack, name: str) -> dict[str, Any]:
    """The outputs the stack's state holds for the voice resource ``name``.

    What a refresh changes: it reads every resource but does not run the program, so the
    stack's outputs (`pulumi stack output`) show the refreshed values only after the next up.
    """
    [resource] = [r for r in stack.resources() if r["urn"].endswith(f"::{name}")]
    return dict(resource["outputs"])


def autonamed(name: str, **overrides: Any) -> dict[str, Any]:
    """A voices-program entry without a voice_id: the provider autonames it."""
    entry = voice(name, **overrides)
    del entry["voice_id"]
    return entry


def ice_client(ice: IceUnderTest) -> IceClient:
    """The SDK client, as a colleague changing a voice behind the stack's back uses it."""
    return IceClient(
        endpoint=ice.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
    )


def wav_frames(url: str) -> int:
    """Download ``url`` and parse it as WAV audio: how many frames it holds."""
    response = httpx.get(url, timeout=30)
    response.raise_for_status()
    with wave.open(io.BytesIO(response.content), "rb") as audio:
        assert audio.getnchannels() >= 1 and audio.getframerate() > 0
        return audio.getnframes()
