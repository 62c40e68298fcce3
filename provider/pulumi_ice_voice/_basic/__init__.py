"""The basic edition: `CustomizedVoice`, 20 recordings of ICE's demonstration texts.

inputs      its table of inputs and BasicSpec
records     BasicState, what ICE shows of it
voices      BasicVoices, what the provider does to ICE for it
"""

from __future__ import annotations

from .._core.kinds import JobKind
from .._core.voices import DESTROY
from .inputs import RECORDING_COUNT, BasicSpec
from .records import BASIC_OUTPUTS, BasicState
from .voices import BasicVoices

__all__ = ["BASIC", "BasicSpec", "BasicState", "BasicVoices"]

BASIC: JobKind[BasicSpec, BasicState] = JobKind(
    name="CustomizedVoice",
    description=(
        "A customized (cloned) voice trained by Alibaba Cloud ICE, basic edition: "
        f"{RECORDING_COUNT} recordings of ICE's demonstration texts. Create submits the "
        "voice-cloning job and waits for training; a job left by an interrupted run is "
        f"adopted, never submitted twice. {DESTROY}"
    ),
    spec_type=BasicSpec,
    service_type=BasicVoices,
    outputs=BASIC_OUTPUTS,
    id_input="voice_id",
)
