"""What the provider records about a voice: what it observed in ICE (`VoiceState`), and
with the inputs it was created from, what the stack keeps of it (`VoiceRecord`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from icevoice import CustomizedVoice, CustomizedVoiceJob

from ._inputs import INPUT_NAMES, VoiceSpec, check_inputs

__all__ = ["IDENTITY", "OUTPUT_NAMES", "VoiceRecord", "VoiceState", "first_known"]

#: What ICE reports of a voice's identity: drift on refresh, the inputs of an import.
IDENTITY = ("voice_id", "voice_name", "gender", "scenario", "voice_desc")


def first_known(*values: Any) -> Any:
    """The first value that says something (not None, not empty): what ICE reports, else
    what was declared."""
    return next((v for v in values if v not in (None, "")), None)


class VoiceState(BaseModel):
    """The observed voice: identity, training job and demo audio."""

    model_config = ConfigDict(frozen=True)

    voice_id: str
    region: str
    voice_name: str | None = None
    gender: str | None = None
    scenario: str | None = None
    voice_desc: str | None = None
    job_id: str | None = None
    status: str | None = None
    message: str | None = None
    voice_type: str | None = None
    create_time: str | None = None
    demo_audio_media_url: str | None = None
    demo_audio_media_id: str | None = None
    demo_audio_url: str | None = None

    @classmethod
    def build(
        cls,
        *,
        region: str,
        spec: VoiceSpec | None,
        voice: CustomizedVoice | None,
        job: CustomizedVoiceJob | None,
        demo_audio_url: str | None,
    ) -> VoiceState:
        """Merge what ICE reports over what was declared (ICE wins: that is drift)."""
        first = first_known
        voice_id = first(voice and voice.voice_id, job and job.voice_id, spec and spec.voice_id)
        return cls(
            voice_id=voice_id,
            region=region,
            voice_name=first(
                voice and voice.voice_name, job and job.voice_name, spec and spec.voice_name
            ),
            gender=first(voice and voice.gender, job and job.gender, spec and spec.gender),
            scenario=first(voice and voice.scenario, job and job.scenario, spec and spec.scenario),
            voice_desc=first(
                voice and voice.voice_desc, job and job.voice_desc, spec and spec.voice_desc
            ),
            job_id=first(job and job.job_id),
            status=first(job and job.status),
            message=first(job and job.message),
            voice_type=first(job and job.type) or "Basic",
            create_time=first(job and job.create_time),
            demo_audio_media_url=spec.demo_audio_media_url if spec else None,
            demo_audio_media_id=first(voice and voice.demo_audio_media_id),
            demo_audio_url=demo_audio_url,
        )

    def outputs(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a refresh or an import records of the voice: (outputs, inputs). Outputs are
        the declared inputs, then what ICE reports; inputs are as declared but for the
        identity, which is what ICE reports (drift shows; an import declares it)."""
        live = self.outputs()
        if not live.get("demo_audio_media_url"):
            live["demo_audio_media_url"] = declared.get("demo_audio_media_url")
        inputs = {**declared, **{name: live[name] for name in IDENTITY}}
        return {**declared, **live}, {k: v for k, v in inputs.items() if v is not None}


OUTPUT_NAMES = tuple(VoiceState.model_fields)


@dataclass(frozen=True)
class VoiceRecord:
    """A voice as the stack keeps it: the inputs it was made from and what ICE showed."""

    spec: VoiceSpec
    state: VoiceState

    @classmethod
    def from_outputs(cls, outputs: Mapping[str, Any], region: str) -> VoiceRecord:
        """Parse the outputs a create, update or read returned (the engine's old outputs).

        Inputs recorded by an earlier version under rules it no longer has are taken as
        they are: a diff of an old voice must not fail for a rule that came later.
        """
        state = VoiceState.model_validate(
            {
                name: outputs.get(name)
                for name in VoiceState.model_fields
                if outputs.get(name) is not None
            }
            | {"voice_id": outputs.get("voice_id") or "", "region": outputs.get("region") or region}
        )
        checked, _ = check_inputs({}, outputs, region)
        try:
            spec = VoiceSpec.from_properties(checked, region)
        except (ValueError, ValidationError):
            spec = VoiceSpec.model_construct(**{k: v for k, v in checked.items() if v is not None})
        return cls(spec, state)

    def outputs(self) -> dict[str, Any]:
        """The resource's outputs: every input as declared, then what ICE reports."""
        return {**self.spec.declared(), **self.state.outputs()}

    def with_state(self, state: VoiceState) -> VoiceRecord:
        return VoiceRecord(self.spec, state)


assert set(INPUT_NAMES) <= set(VoiceSpec.model_fields)
