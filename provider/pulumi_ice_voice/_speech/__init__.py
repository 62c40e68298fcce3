"""Speech synthesized with a voice: `Speech`, one SubmitAudioProduceJob.

inputs      its table of inputs and SpeechSpec (the marker that finds its job again)
records     SpeechState, what ICE shows of it
poller      SpeechPoller, the speech jobs' rounds
speeches    Speeches, what the provider does to ICE for it
"""

from __future__ import annotations

from .._core.kinds import JobKind
from .inputs import SpeechSpec
from .records import SPEECH_OUTPUTS, SpeechState
from .speeches import Speeches

__all__ = ["SPEECH", "SpeechSpec", "SpeechState", "Speeches"]

SPEECH: JobKind[SpeechSpec, SpeechState] = JobKind(
    name="Speech",
    description=(
        "An audio file synthesized by Alibaba Cloud ICE (SubmitAudioProduceJob): a text "
        "spoken with a trained voice of any edition (customizedVoice) or a system voice, "
        "written into OSS. Create submits the job and waits for the audio; a job left by "
        "an interrupted run is adopted, never submitted twice (the job carries this "
        "resource's own marker). Every input but deleteJobOnDestroy replaces. Destroy "
        "forgets the job (or deletes it, with deleteJobOnDestroy); the audio in OSS stays."
    ),
    spec_type=SpeechSpec,
    service_type=Speeches,
    outputs=SPEECH_OUTPUTS,
    stable=("job_id", "create_time", "media_id", "region"),
    long_waits=False,
)
