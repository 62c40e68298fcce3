"""The quickstart: one customized voice, trained on the embedded ICE emulator.

`make up` runs this program (the root Pulumi.yaml points here). The voice id gets a random
suffix from pulumi-random, so `make down && make up` trains a fresh voice: ICE has no API that
deletes a trained voice, and voice ids are unique per account.
"""

import pulumi
import pulumi_random
from pulumi_ice_voice import CustomizedVoice

# Where the 20 recordings of the demonstration texts live: OSS, in the voice's region.
# The embedded emulator accepts any such URL; on Alibaba Cloud they must exist.
RECORDINGS_URL = "https://ice-voice-quickstart.oss-cn-shanghai.aliyuncs.com/recordings/narrator"

# Voice ids are letters and digits only, at most 32 characters: "quickstart" + 6.
suffix = pulumi_random.RandomString(
    "voice-suffix",
    length=6,
    lower=True,
    upper=False,
    numeric=True,
    special=False,
)

voice = CustomizedVoice(
    "narrator",
    voice_id=suffix.result.apply(lambda s: f"quickstart{s}"),
    voice_name="Quickstart narrator",
    gender="female",
    scenario="story",
    voice_desc="A warm storytelling voice, cloned in the pulumi-ice-voice quickstart",
    recordings=[f"{RECORDINGS_URL}/{n:02d}.wav" for n in range(1, 21)],
    demo_audio_media_url="https://ice-voice-quickstart.oss-cn-shanghai.aliyuncs.com/demo/narrator.wav",
)

pulumi.export("voiceId", voice.voice_id)
pulumi.export("jobId", voice.job_id)
pulumi.export("demoAudioUrl", voice.demo_audio_url)
pulumi.export("status", voice.status)
