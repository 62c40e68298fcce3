"""A CosyVoice voice: ICE's newest edition, trained on a single recording with a CosyVoice
model. An account holds at most 30 CosyVoice voices per region: a 31st is refused at create,
before anything is submitted, with the quota and its limit in the error."""

import pulumi

from pulumi_ice_voice import CosyVoiceCustomizedVoice

config = pulumi.Config()
bucket = config.get("bucket") or "https://my-voices.oss-cn-shanghai.aliyuncs.com"

host = CosyVoiceCustomizedVoice(
    "host",
    voice_name="Host",
    gender="female",
    audio=f"{bucket}/host/sample.wav",  # registered in ICE's media library by the provider
    model=config.get("model") or "cosyvoice-v3-plus",
    demo_audio_media_url=f"{bucket}/host/demo.wav",
)

pulumi.export("voiceId", host.voice_id)
pulumi.export("iceVoiceName", host.ice_voice_name)
pulumi.export("jobId", host.job_id)
pulumi.export("status", host.status)
pulumi.export("demoAudioUrl", host.demo_audio_url)
