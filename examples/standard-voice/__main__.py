"""A Standard-edition voice: ICE's best quality, trained on 15 to 30 minutes of a speaker's
audio and their spoken consent.

The audio is declared by OSS URL: the provider registers each file in ICE's media library
once (RegisterMediaInfo; a media id already registered may be declared instead), checks the
durations before submitting, and submits the job. ICE assigns the voice id; the voice's name
in ICE (`ice_voice_name`: "Anchor-" and 8 characters) is this resource's own, so an
interrupted `pulumi up` finds its job again instead of training twice.
"""

import pulumi

from pulumi_ice_voice import StandardCustomizedVoice

config = pulumi.Config()
bucket = config.get("bucket") or "https://my-voices.oss-cn-shanghai.aliyuncs.com"

anchor = StandardCustomizedVoice(
    "anchor",
    voice_name="Anchor",
    gender="male",
    # Four five-minute takes: 20 minutes of reading in all (each over a minute).
    audios=[f"{bucket}/anchor/take{n}.wav" for n in range(1, 5)],
    # The speaker saying they agree to the cloning of their voice; ICE compares voiceprints.
    authentication=f"{bucket}/anchor/consent.wav",
    demo_audio_media_url=f"{bucket}/anchor/demo.wav",
    # Keep it: no ICE API deletes a trained voice, and its name is this stack's own.
    opts=pulumi.ResourceOptions(protect=config.get_bool("protect") or False),
)

pulumi.export("voiceId", anchor.voice_id)
pulumi.export("iceVoiceName", anchor.ice_voice_name)
pulumi.export("jobId", anchor.job_id)
pulumi.export("status", anchor.status)
pulumi.export("demoAudioUrl", anchor.demo_audio_url)
