"""What the stack keeps of a Standard or CosyVoice voice besides its inputs: `EditionState`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._core.inputs import CREATE_TIME, JOB_OUTPUTS, REGION, Output
from .._core.records import JOB_SOURCES, VoiceStateBase

__all__ = ["EDITION_OUTPUTS", "EditionState"]


class EditionState(VoiceStateBase):
    """What ICE shows of a Standard or CosyVoice voice: identity, training job, demo audio.
    The voice id is ICE's (a Standard voice's is read from its job)."""

    SOURCES: ClassVar[Mapping[str, tuple[str | None, str | None, str | None]]] = {
        "voice_id": ("voice_id", "voice_id", None),
        "ice_voice_name": ("voice_name", "voice_name", "ice_voice_name"),
        "gender": ("gender", "gender", "gender"),
        **JOB_SOURCES,
    }

    ice_voice_name: str | None = None
    gender: str | None = None

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """An import declares the voice as ICE names it (voice_name is its whole name in
        ICE), with no training inputs: its audio is trained already, so create can only
        adopt it."""
        live = self.outputs()
        imported = declared.get("ice_voice_name") is None  # never named by this resource
        declared = {
            **declared,
            "gender": live["gender"],
            "ice_voice_name": live["ice_voice_name"],
            "voice_name": live["ice_voice_name"] if imported else declared.get("voice_name"),
        }
        inputs = {k: v for k, v in declared.items() if v is not None}
        return {**declared, **live}, inputs


EDITION_OUTPUTS: tuple[Output, ...] = (
    Output("voice_id", "string", "The voice id ICE assigned (also the resource id).", always=True),
    Output(
        "ice_voice_name",
        "string",
        "The voice's name in ICE: voice_name's first 23 characters, `-` and 8 characters "
        "digested from the stack, the resource and what the voice is trained on.",
    ),
    *JOB_OUTPUTS,
    Output("voice_type", "string", "The edition: Standard or CosyVoice."),
    CREATE_TIME,
    REGION,
)
