"""What the provider records about a voice after talking to ICE (the resource's outputs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from icevoice import CustomizedVoice, CustomizedVoiceJob

from ._inputs import VoiceSpec

__all__ = ["OUTPUT_NAMES", "VoiceState"]


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

        def first(*values: Any) -> Any:
            return next((v for v in values if v not in (None, "")), None)

        voice_id = first(voice and voice.voice_id, job and job.voice_id, spec and spec.voice_id)
        return cls(
            voice_id=voice_id,
            region=region,
            voice_name=first(voice and voice.voice_name, job and job.voice_name, spec and spec.voice_name),
            gender=first(voice and voice.gender, job and job.gender, spec and spec.gender),
            scenario=first(voice and voice.scenario, job and job.scenario, spec and spec.scenario),
            voice_desc=first(voice and voice.voice_desc, job and job.voice_desc, spec and spec.voice_desc),
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


OUTPUT_NAMES = tuple(VoiceState.model_fields)
