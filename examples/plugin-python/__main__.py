"""A cloned voice in Python through the provider plugin's generated SDK (`pulumi_icevoice`):
a basic voice whose wait is bounded by customTimeouts, the demonstration texts, and a speech
spoken with the voice."""

import pulumi
import pulumi_icevoice as icevoice

config = pulumi.Config()
bucket = config.get("bucket") or "https://my-voices.oss-cn-shanghai.aliyuncs.com"

narrator = icevoice.CustomizedVoice(
    "narrator",
    voice_name="Narrator",
    gender="female",
    scenario="story",
    recordings=[f"{bucket}/narrator/{n:02d}.wav" for n in range(1, 21)],
    demo_audio_media_url=f"{bucket}/narrator/demo.wav",
    opts=pulumi.ResourceOptions(
        # The plugin bounds the wait by customTimeouts; training goes on in ICE after it, and
        # the next `pulumi up` continues the voice (it stays in the stack with its job).
        custom_timeouts=pulumi.CustomTimeouts(create="2h"),
    ),
)

texts = icevoice.get_demonstration_output(scenario="story")

# A text spoken with the trained voice, into an audio file in OSS.
welcome = icevoice.Speech(
    "welcome",
    text="Welcome aboard. Please fasten your seat belts.",
    customized_voice=narrator.voice_id,
    output_url=f"{bucket}/announcements/welcome.wav",
)

pulumi.export("voiceId", narrator.voice_id)
pulumi.export("jobId", narrator.job_id)
pulumi.export("status", narrator.status)
pulumi.export("demoAudioUrl", narrator.demo_audio_url)
pulumi.export("firstText", texts.texts.apply(lambda all_texts: all_texts[0].text))
pulumi.export("welcomeUrl", welcome.audio_url)
