"""Consumer: an application stack that speaks with a voice the producer stack trained.

It reads the producer's `voices` output with a StackReference and adopts the narrator voice
with `CustomizedVoice.get`: the voice is looked up in ICE (its current status and demo audio)
but owned by the producer. Destroying this stack never touches it. Then it synthesizes the
application's announcements with that voice (`Speech`), each an audio file in OSS.
"""

import pulumi

from pulumi_ice_voice import CustomizedVoice, Speech

ANNOUNCEMENTS = {
    "welcome": "Welcome aboard. Please fasten your seat belts.",
    "boarding": "Boarding is now complete. The doors are closing.",
    "landing": "We have landed. Please remain seated until the seat belt sign is off.",
}

config = pulumi.Config()
# Local backends name stacks organization/<project>/<stack>; on Pulumi Cloud use <org>/....
producer = pulumi.StackReference(
    config.get("producerStack") or f"organization/ice-voice-producer/{pulumi.get_stack()}"
)
voice_key = config.get("voice") or "narrator"

voice_id = producer.require_output("voices").apply(lambda voices: voices[voice_key]["voiceId"])
narrator = CustomizedVoice.get("narrator", voice_id)

pulumi.export("voiceId", narrator.voice_id)
pulumi.export("status", narrator.status)
pulumi.export("demoAudioUrl", narrator.demo_audio_url)
# What the application's text-to-speech calls need, as one value.
pulumi.export(
    "ttsVoice",
    pulumi.Output.all(narrator.voice_id, narrator.region).apply(
        lambda args: {"voice": args[0], "region": args[1]}
    ),
)

# The announcements, spoken with the producer's voice, into the application's bucket.
bucket = (
    config.get("announcementsBucket") or "https://my-announcements.oss-cn-shanghai.aliyuncs.com"
)
announcements = {
    name: Speech(
        name,
        text=text,
        customized_voice=narrator.voice_id,
        output_url=f"{bucket}/announcements/{name}.wav",
    )
    for name, text in ANNOUNCEMENTS.items()
}
pulumi.export("announcements", {name: speech.audio_url for name, speech in announcements.items()})
