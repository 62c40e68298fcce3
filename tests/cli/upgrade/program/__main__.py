"""The upgrade-safety stack: one voice of each edition through each front door.

Three dynamic resources (`pulumi_ice_voice`: the pickled provider of each edition in their
state) and three plugin resources (`pulumi_icevoice`, the SDK generated from the plugin's
schema, on PYTHONPATH), on the embedded emulator. The inputs are constants, so that the
stack this program made with an older version (tests/cli/upgrade/stack-<version>.json)
is what the same program declares today. Only the packages' public names are used.
"""

import pulumi
import pulumi_icevoice as icevoice

import pulumi_ice_voice as dynamic

BUCKET = "https://upgrade-voices.oss-cn-shanghai.aliyuncs.com"


def recordings(voice_id: str) -> list[str]:
    return [f"{BUCKET}/{voice_id}/{n:02d}.wav" for n in range(1, 21)]


def takes(name: str) -> list[str]:
    """Four takes (the emulator takes each for five minutes): 20 minutes of reading."""
    return [f"{BUCKET}/{name}/take{n}.wav" for n in range(1, 5)]


voices: dict[str, pulumi.CustomResource] = {
    "dynamic-basic": dynamic.CustomizedVoice(
        "dynamic-basic",
        voice_id="upgradedynamic1",
        voice_name="Upgrade dynamic basic",
        gender="female",
        scenario="story",
        recordings=recordings("upgradedynamic1"),
        demo_audio_media_url=f"{BUCKET}/demo/upgradedynamic1.wav",
    ),
    "dynamic-standard": dynamic.StandardCustomizedVoice(
        "dynamic-standard",
        voice_name="Dynamic standard",
        gender="male",
        audios=takes("dynamic-standard"),
        authentication=f"{BUCKET}/dynamic-standard/consent.wav",
    ),
    "dynamic-cosy": dynamic.CosyVoiceCustomizedVoice(
        "dynamic-cosy",
        voice_name="Dynamic cosy",
        gender="female",
        audio=f"{BUCKET}/dynamic-cosy/sample.wav",
        model="cosyvoice-v3-plus",
    ),
    "plugin-basic": icevoice.CustomizedVoice(
        "plugin-basic",
        voice_id="upgradeplugin1",
        voice_name="Upgrade plugin basic",
        gender="male",
        scenario="interaction",
        recordings=recordings("upgradeplugin1"),
        demo_audio_media_url=f"{BUCKET}/demo/upgradeplugin1.wav",
    ),
    "plugin-standard": icevoice.StandardCustomizedVoice(
        "plugin-standard",
        voice_name="Plugin standard",
        gender="female",
        audios=takes("plugin-standard"),
        authentication=f"{BUCKET}/plugin-standard/consent.wav",
    ),
    "plugin-cosy": icevoice.CosyVoiceCustomizedVoice(
        "plugin-cosy",
        voice_name="Plugin cosy",
        gender="male",
        audio=f"{BUCKET}/plugin-cosy/sample.wav",
        model="cosyvoice-v3-flash",
    ),
}

for name, voice in voices.items():
    pulumi.export(name, {"voiceId": voice.id, "status": voice.status})  # type: ignore[attr-defined]
