"""Producer: the platform stack that trains the organisation's voices and publishes them.

Other stacks consume the published outputs with a StackReference (see ../consumer): the
`voices` output maps each voice's key to its voice id, job id and demo audio URL.
"""

import re

import pulumi

from pulumi_ice_voice import CustomizedVoice

RECORDINGS = "https://ice-voice-platform.oss-cn-shanghai.aliyuncs.com/recordings"

VOICES = {
    "narrator": {"voice_name": "Platform narrator", "gender": "female", "scenario": "story"},
    "assistant": {"voice_name": "Platform assistant", "gender": "male", "scenario": "interaction"},
}

# One voice id per stack: voice ids are unique per account and region, letters and digits only.
stack_tag = re.sub(r"[^A-Za-z0-9]", "", pulumi.get_stack())

published = {}
for key, spec in VOICES.items():
    voice = CustomizedVoice(
        key,
        voice_id=f"platform{key}{stack_tag}"[:32],
        voice_name=spec["voice_name"],
        gender=spec["gender"],
        scenario=spec["scenario"],
        recordings=[f"{RECORDINGS}/{key}/{n:02d}.wav" for n in range(1, 21)],
        demo_audio_media_url=f"{RECORDINGS}/{key}/demo.wav",
    )
    published[key] = {
        "voiceId": voice.voice_id,
        "jobId": voice.job_id,
        "demoAudioUrl": voice.demo_audio_url,
    }

pulumi.export("voices", published)
