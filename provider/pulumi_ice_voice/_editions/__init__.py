"""The Standard and CosyVoice editions: `StandardCustomizedVoice`, `CosyVoiceCustomizedVoice`.

inputs      their tables of inputs and specs
records     EditionState, what ICE shows of them
voices      EditionVoices and its two subclasses, what the provider does to ICE
"""

from __future__ import annotations

from icevoice import COSY_VOICE_QUOTA

from .._core.kinds import JobKind
from .._core.voices import DESTROY
from .inputs import CosyVoiceSpec, StandardSpec
from .records import EDITION_OUTPUTS, EditionState
from .voices import CosyVoices, EditionVoices, StandardVoices

__all__ = [
    "COSY_VOICE",
    "STANDARD",
    "CosyVoices",
    "EditionState",
    "EditionVoices",
    "StandardVoices",
]

STANDARD: JobKind[StandardSpec, EditionState] = JobKind(
    name="StandardCustomizedVoice",
    description=(
        "A customized voice of ICE's Standard edition, the best quality: 15 to 30 minutes "
        "of registered audio and the speaker's spoken consent. ICE assigns the voice id; "
        "the voice's name in ICE (iceVoiceName) is this resource's own, so a create "
        "interrupted after its submit finds its job on the next up instead of submitting "
        f"again. After a Fail the next up deletes the failed job and submits anew. {DESTROY}"
    ),
    spec_type=StandardSpec,
    service_type=StandardVoices,
    outputs=EDITION_OUTPUTS,
)

COSY_VOICE: JobKind[CosyVoiceSpec, EditionState] = JobKind(
    name="CosyVoiceCustomizedVoice",
    description=(
        "A customized voice of ICE's CosyVoice edition: one registered audio and a model. "
        f"An account holds at most {COSY_VOICE_QUOTA} CosyVoice voices per region; a "
        "create past that fails before submitting. ICE assigns the voice id; identity and "
        f"interruptions as for StandardCustomizedVoice. {DESTROY}"
    ),
    spec_type=CosyVoiceSpec,
    service_type=CosyVoices,
    outputs=EDITION_OUTPUTS,
)
