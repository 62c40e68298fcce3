"""What the stack keeps of a basic voice besides its inputs: `BasicState`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._core.inputs import CREATE_TIME, JOB_OUTPUTS, REGION, Output
from .._core.records import JOB_SOURCES, VoiceStateBase

__all__ = ["BASIC_OUTPUTS", "IDENTITY", "BasicState"]

#: What ICE reports of a voice's identity: drift on refresh, the inputs of an import.
IDENTITY = ("voice_id", "voice_name", "gender", "scenario", "voice_desc")


class BasicState(VoiceStateBase):
    """The observed basic voice: identity, training job and demo audio."""

    SOURCES: ClassVar[Mapping[str, tuple[str | None, str | None, str | None]]] = {
        **{name: (name, name, name) for name in IDENTITY},
        **JOB_SOURCES,
        "demo_audio_media_url": (None, None, "demo_audio_media_url"),
    }

    voice_name: str | None = None
    gender: str | None = None
    scenario: str | None = None
    voice_desc: str | None = None
    demo_audio_media_url: str | None = None

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Outputs are the declared inputs, then what ICE reports; inputs are as declared
        but for the identity, which is what ICE reports (drift shows; an import declares
        it)."""
        live = self.outputs()
        if not live.get("demo_audio_media_url"):
            live["demo_audio_media_url"] = declared.get("demo_audio_media_url")
        inputs = {**declared, **{name: live[name] for name in IDENTITY}}
        return {**declared, **live}, {k: v for k, v in inputs.items() if v is not None}


BASIC_OUTPUTS: tuple[Output, ...] = (
    *JOB_OUTPUTS,
    Output("voice_type", "string", "The edition: Basic."),
    CREATE_TIME,
    REGION,
)
