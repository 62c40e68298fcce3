"""One basic voice through the plugin, from the generated Python SDK's wheel in dist/."""

import pulumi
import pulumi_icevoice as icevoice

BUCKET = "https://release-voices.oss-cn-shanghai.aliyuncs.com"
VOICE_ID = "releasepython"

voice = icevoice.CustomizedVoice(
    "narrator",
    voice_id=VOICE_ID,
    voice_name="Release Python SDK",
    gender="male",
    scenario="story",
    recordings=[f"{BUCKET}/{VOICE_ID}/{n:02d}.wav" for n in range(1, 21)],
    demo_audio_media_url=f"{BUCKET}/demo/{VOICE_ID}.wav",
)
pulumi.export("voiceId", voice.voice_id)
pulumi.export("status", voice.status)
