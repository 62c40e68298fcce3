"""One basic voice through the dynamic provider of the pulumi-ice-voice wheel in dist/."""

import pulumi

from pulumi_ice_voice import CustomizedVoice

BUCKET = "https://release-voices.oss-cn-shanghai.aliyuncs.com"
VOICE_ID = "releasedynamic"

voice = CustomizedVoice(
    "narrator",
    voice_id=VOICE_ID,
    voice_name="Release dynamic",
    gender="female",
    scenario="story",
    recordings=[f"{BUCKET}/{VOICE_ID}/{n:02d}.wav" for n in range(1, 21)],
    demo_audio_media_url=f"{BUCKET}/demo/{VOICE_ID}.wav",
)
pulumi.export("voiceId", voice.voice_id)
pulumi.export("status", voice.status)
