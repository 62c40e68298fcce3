"""What the client returns: pydantic models of ICE's response ``Data``.

Attributes are snake_case; aliases carry ICE's PascalCase wire names, so
``CustomizedVoiceJob.model_validate({"JobId": ...})`` and ``CustomizedVoiceJob(job_id=...)``
both work. Unknown wire fields are ignored, so new fields from ICE never break parsing.
Models are frozen; their schemas are built on first use, not at import.
"""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_pascal

from ._vocabulary import (
    FINAL_SPEECH_JOB_STATES,
    FINAL_STATUSES,
    IN_PROGRESS_STATUSES,
    SUBMITTED_STATUSES,
)

__all__ = [
    "ApiResult",
    "AudioDetection",
    "AudioProduceJobRef",
    "CosyVoiceJobRef",
    "CustomizedVoice",
    "CustomizedVoiceJob",
    "CustomizedVoiceJobPage",
    "CustomizedVoicePage",
    "Demonstration",
    "DemonstrationList",
    "IceResult",
    "MediaInfo",
    "RegisteredMedia",
    "SmartJob",
    "SmartJobPage",
    "StandardVoiceJobRef",
    "VoiceJobRef",
]


class _WireModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_pascal,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        defer_build=True,
    )


class IceResult(_WireModel):
    """Base of every result: ``request_id`` is ICE's id of the request (None on list items)."""

    request_id: str | None = None


class ApiResult(IceResult):
    """The answer of an action that returns no data (update, delete)."""

    success: bool | None = None


class Demonstration(_WireModel):
    """One text to read aloud for a basic voice, with ICE's sample reading."""

    audio_id: int
    text: str = ""
    demo_audio: str | None = None


class DemonstrationList(IceResult):
    """The 20 texts of a scenario; ``audio_id`` is what ``audio_record_id`` refers to."""

    items: list[Demonstration] = Field(default_factory=list, alias="DemonstrationList")


class VoiceJobRef(IceResult):
    """The job of a basic voice, created or started by a create/submit call."""

    job_id: str
    voice_id: str | None = None


class StandardVoiceJobRef(IceResult):
    """The job a Standard submit started. ICE assigns the voice id and answers only the job
    id: read it with ``get_customized_voice_job``."""

    job_id: str


class CosyVoiceJobRef(IceResult):
    """The job a CosyVoice submit started, and the voice id ICE assigned (``Voice-...``)."""

    job_id: str
    voice_id: str


class AudioDetection(IceResult):
    """Whether one recording passed ICE's check (wire ``Pass``), and why not."""

    passed: bool = Field(alias="Pass")
    reason: str | None = None


class CustomizedVoiceJob(IceResult):
    """A voice-cloning job. ``status`` is one of :data:`icevoice.JOB_STATUSES` (a string, so
    that a status ICE adds one day still parses)."""

    job_id: str
    voice_id: str | None = None
    voice_name: str | None = None
    voice_desc: str | None = None
    gender: str | None = None
    scenario: str | None = None
    status: str
    message: str | None = None
    type: str | None = None
    create_time: str | None = None
    gmt_create: str | None = None

    @property
    def in_progress(self) -> bool:
        """Training or queued for it: ICE refuses to submit, retrain or delete the job."""
        return self.status in IN_PROGRESS_STATUSES

    @property
    def submitted(self) -> bool:
        """Submitted and not failed (in progress or trained): submitting again is refused."""
        return self.status in SUBMITTED_STATUSES

    @property
    def finished(self) -> bool:
        """Whether training is over (``Success`` or ``Fail``)."""
        return self.status in FINAL_STATUSES


class CustomizedVoice(IceResult):
    """A cloned voice; ``demo_audio_media_id`` is the media asset of its sample."""

    voice_id: str
    voice_name: str | None = None
    voice_desc: str | None = None
    gender: str | None = None
    scenario: str | None = None
    demo_audio_media_id: str | None = None
    type: str | None = None


class CustomizedVoicePage(IceResult):
    """One page of ``list_customized_voices``."""

    items: list[CustomizedVoice] = Field(default_factory=list, alias="CustomizedVoiceList")
    total_count: int = 0
    page_no: int = 1
    page_size: int = 10


class CustomizedVoiceJobPage(IceResult):
    """One page of ``list_customized_voice_jobs``."""

    items: list[CustomizedVoiceJob] = Field(default_factory=list, alias="CustomizedVoiceJobList")
    total_count: int = 0
    page_no: int = 1
    page_size: int = 10


class RegisteredMedia(IceResult):
    """The media asset ``register_media_info`` created."""

    media_id: str


class MediaInfo(IceResult):
    """A media asset: what it is, whether it is ready, how long it lasts, and the URL of its
    first file (playable, possibly signed).

    ``status`` is ICE's media status (``Init``, ``Preparing``, ``PrepareFail``, ``Normal``:
    ready); ``duration`` is in seconds, None until ICE has read the file (and for images).
    """

    media_id: str
    file_url: str | None = None
    input_url: str | None = Field(default=None, alias="InputURL")
    media_type: str | None = None
    status: str | None = None
    title: str | None = None
    duration: float | None = None


class AudioProduceJobRef(IceResult):
    """The speech job a ``submit_audio_produce_job`` started: its id, the media id the audio
    will be registered under, and its state (``Created`` at first)."""

    job_id: str
    media_id: str | None = None
    state: str | None = None


class SmartJob(IceResult):
    """A smart job (a speech job: ``job_type`` ``TextToSpeech``), from
    ``get_smart_handle_job`` or a ``list_smart_jobs`` page.

    ``state`` is one of :data:`icevoice.SPEECH_JOB_STATES` (a string, so that a state ICE
    adds one day still parses). ICE's nested fields are flattened: ``input_file`` (for a
    speech, the text), ``output_bucket``/``output_object`` (the OutputConfig as given),
    ``media_id``/``media_url`` (the JobResult: the URL of the audio, once Finished).
    ``media_url``, ``output``, ``error_code`` and ``error_message`` come from
    ``get_smart_handle_job`` only; ``editing_config`` from the list only.
    """

    job_id: str
    state: str = Field(validation_alias=AliasChoices("State", "JobState", "state"))
    job_type: str | None = None
    title: str | None = None
    description: str | None = None
    user_data: str | None = None
    editing_config: str | None = None
    input_file: str | None = None
    output_bucket: str | None = None
    output_object: str | None = None
    output: str | None = None
    media_id: str | None = None
    media_url: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    create_time: str | None = None
    modified_time: str | None = None
    user_id: str | None = None

    @field_validator("user_id", mode="before")
    @classmethod
    def _user_id_text(cls, value: object) -> object:
        # GetSmartHandleJob sends the user id as a string, ListSmartJobs as a number.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @property
    def finished(self) -> bool:
        """Whether the job is over (``Finished`` or ``Failed``)."""
        return self.state in FINAL_SPEECH_JOB_STATES


class SmartJobPage(IceResult):
    """One page of ``list_smart_jobs``. ``next_token`` is None on the last page of a token
    listing; ``total_count`` is what ICE reports (it may leave it out)."""

    items: list[SmartJob] = Field(default_factory=list, alias="SmartJobList")
    total_count: int | None = None
    next_token: str | None = None
    max_results: int | None = None
