"""What the stack keeps of a speech besides its inputs: `SpeechState`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from icevoice import SmartJob

from .._core.inputs import Output
from .._core.records import StateBase

__all__ = ["SPEECH_OUTPUTS", "SpeechState", "as_ice_has_it"]

#: Inputs an import reads from the job (ICE keeps them with it).
_FROM_THE_JOB = (
    "text",
    "customized_voice",
    "system_voice",
    "format",
    "volume",
    "speech_rate",
    "pitch_rate",
    "output_bucket",
    "output_object",
    "title",
    "description",
)


class SpeechState(StateBase):
    """What ICE shows of a speech: its job, its audio, and (for an import) what it was
    made of."""

    job_id: str | None = None
    state: str | None = None
    media_id: str | None = None
    audio_url: str | None = None
    duration: float | None = None
    message: str | None = None
    create_time: str | None = None
    text: str | None = None
    customized_voice: str | None = None
    system_voice: str | None = None
    format: str | None = None
    volume: int | None = None
    speech_rate: int | None = None
    pitch_rate: int | None = None
    output_bucket: str | None = None
    output_object: str | None = None
    title: str | None = None
    description: str | None = None

    def outputs(self) -> dict[str, Any]:
        """What ICE reports; what the job was made of only where it was read (an import):
        otherwise the declared inputs stand."""
        values = super().outputs()
        return {k: v for k, v in values.items() if k not in _FROM_THE_JOB or v is not None}

    def read_back(self, declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """A refresh keeps the inputs as declared (ICE cannot change a job); an import
        (nothing declared) takes them from the job."""
        live = self.outputs()
        if declared.get("text") is None:  # an import
            declared = {**declared, **{k: live.get(k) for k in _FROM_THE_JOB}}
        inputs = {k: v for k, v in declared.items() if v is not None}
        return {**declared, **live}, inputs


def as_ice_has_it(job: SmartJob) -> dict[str, Any]:
    """What a job says of the inputs it was made from (the list's EditingConfig, the
    job's InputConfig and OutputConfig)."""
    editing: dict[str, Any] = {}
    try:
        loaded = json.loads(job.editing_config or "{}")
        editing = loaded if isinstance(loaded, dict) else {}
    except ValueError:
        editing = {}
    numbers = {
        name: int(editing[name])
        for name in ("volume", "speech_rate", "pitch_rate")
        if isinstance(editing.get(name), (int, float))
    }
    return {
        "text": job.input_file,
        "customized_voice": editing.get("customizedVoice"),
        "system_voice": editing.get("voice") if not editing.get("customizedVoice") else None,
        "format": editing.get("format"),
        **numbers,
        "output_bucket": job.output_bucket,
        "output_object": job.output_object,
        "title": job.title,
        "description": job.description,
    }


SPEECH_OUTPUTS: tuple[Output, ...] = (
    Output("job_id", "string", "The speech job's id (also the resource id).", always=True),
    Output(
        "speech_marker",
        "string",
        "16 characters digested from the stack, the resource and every input, kept in the "
        "job's UserData: how an interrupted create finds its job again.",
    ),
    Output("state", "string", "Created, Executing, Finished or Failed.", always=True),
    Output("media_id", "string", "The media id of the audio in ICE's media library."),
    Output(
        "audio_url",
        "string",
        "Where the audio can be fetched: the URL ICE reports once Finished.",
    ),
    Output("duration", "number", "The audio's length in seconds, as ICE reports it."),
    Output("message", "string", "ICE's message for the job (the reason of a Failed)."),
    Output("create_time", "string", "When ICE created the job."),
    Output("region", "string", "The region the speech lives in.", always=True),
)
