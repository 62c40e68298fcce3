"""Full pipeline: the basic edition's whole voice-cloning flow for one voice.

Before `pulumi up`: read the 20 demonstration texts aloud (`python demonstration.py` prints
them), record each as mono 16-bit 48 kHz WAV and upload them to OSS in the stack's region.
`pulumi up` then creates the voice-cloning job, runs audio detection on all 20 recordings
(every failing record is reported, with ICE's reason, in one error), submits training,
waits for it and sets the demo audio.

The voice id is left out: the provider names the voice after the resource ("anchor") plus a
random suffix, at most 32 letters and digits, and keeps that name on later updates.
"""

import pulumi

from pulumi_ice_voice import CustomizedVoice

config = pulumi.Config()
region = pulumi.Config("ice").get("region") or "cn-shanghai"
# Recordings must be OSS objects in the voice's region; the bucket defaults to one named
# after the region, as a bucket per region usually is.
bucket_url = (
    config.get("recordingsBucketUrl") or f"https://ice-voice-recordings.oss-{region}.aliyuncs.com"
)
speaker = config.get("speaker") or "anchor"

# AudioRecordId (1..20, the numbering of the demonstration texts) -> recording URL.
recordings = {str(n): f"{bucket_url}/{speaker}/{n:02d}.wav" for n in range(1, 21)}

anchor = CustomizedVoice(
    "anchor",
    voice_name=config.get("voiceName") or "Evening news anchor",
    gender="male",
    scenario="interaction",
    voice_desc="Calm, clear delivery for news and announcements",
    recordings=recordings,
    demo_audio_media_url=f"{bucket_url}/{speaker}/demo.wav",
    wait_for_training=True,
    training_timeout=config.get_float("trainingTimeout") or 2 * 60 * 60,
)

pulumi.export("voiceId", anchor.voice_id)
pulumi.export("jobId", anchor.job_id)
pulumi.export("status", anchor.status)
pulumi.export("message", anchor.message)
pulumi.export("voiceType", anchor.voice_type)
pulumi.export("createTime", anchor.create_time)
pulumi.export("region", anchor.region)
pulumi.export("demoAudioMediaId", anchor.demo_audio_media_id)
pulumi.export("demoAudioUrl", anchor.demo_audio_url)
