"""Consumer: an application stack that uses a voice the producer stack trained.

It reads the producer's `voices` output with a StackReference and adopts the narrator voice
with `CustomizedVoice.get`: the voice is looked up in ICE (its current status and demo audio)
but owned by the producer. Destroying this stack never touches it.
"""

import pulumi

from pulumi_ice_voice import CustomizedVoice

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
