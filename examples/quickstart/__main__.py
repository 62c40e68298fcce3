"""The quickstart: one customized voice, trained on the embedded ICE emulator.

`make up` runs this program (the root Pulumi.yaml points here). The voice id ends in a random
suffix from pulumi-random. The suffix is kept while the voice stays the same and drawn anew
when what it is trained on changes (the `keepers`): ICE can neither retrain nor delete a voice,
so a changed voice is a new voice under a new id. `make down && make up` trains a fresh one.
"""

import pulumi
import pulumi_random

from pulumi_ice_voice import CustomizedVoice

BUCKET = "https://ice-voice-quickstart.oss-cn-shanghai.aliyuncs.com"

# What the voice is trained on.
VOICE = {
    "voice_name": "Quickstart narrator",
    "gender": "female",
    "scenario": "story",
    "voice_desc": "A warm storytelling voice, cloned in the pulumi-ice-voice quickstart",
    # The 20 recordings of the demonstration texts, OSS in the voice's region. The embedded
    # emulator accepts any such URL; on Alibaba Cloud they must exist.
    "recordings": [f"{BUCKET}/recordings/narrator/{n:02d}.wav" for n in range(1, 21)],
}

# Voice ids are letters and digits only, at most 32 characters: "quickstart" + 6.
suffix = pulumi_random.RandomString(
    "voice-suffix",
    length=6,
    lower=True,
    upper=False,
    numeric=True,
    special=False,
    keepers={name: str(value) for name, value in VOICE.items()},
)

voice = CustomizedVoice(
    "narrator",
    voice_id=suffix.result.apply(lambda s: f"quickstart{s}"),
    demo_audio_media_url=f"{BUCKET}/demo/narrator.wav",
    **VOICE,
)

pulumi.export("voiceId", voice.voice_id)
pulumi.export("jobId", voice.job_id)
pulumi.export("demoAudioUrl", voice.demo_audio_url)
pulumi.export("status", voice.status)
