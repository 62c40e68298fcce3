"""Standard and CosyVoice voices as tests declare them: audio registered in the emulator
(RegisterMediaInfo with the emulator's `?duration=` shortcut), and the programs' entries.

    entry = standard_voice(ice, "anchor")        # an entry of the voices programs
    entry = cosy_voice(ice, "host")
    jobs_named(ice, "Anchor")                    # the emulator's jobs of that voice
"""

from __future__ import annotations

from typing import Any

from icevoice import IceClient
from tests.support.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, IceUnderTest
from tests.support.outcomes import EDITION_OUTPUTS
from tests.support.voices import REGION

__all__ = [
    "EDITION_OUTPUTS",
    "cosy_voice",
    "jobs_named",
    "register_audio",
    "standard_voice",
]

BUCKET = f"oss://edition-voices-{REGION}"


def register_audio(ice: IceUnderTest, key: str, seconds: float) -> str:
    """Register ``key`` in the emulator as audio lasting ``seconds``; its media id."""
    with IceClient(
        endpoint=ice.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
    ) as client:
        url = f"{BUCKET}/{key}.wav?duration={seconds:g}"
        return client.register_media_info(input_url=url, media_type="audio").media_id


def standard_voice(ice: IceUnderTest, name: str, **overrides: Any) -> dict[str, Any]:
    """A Standard voice: three 6-minute recordings (18 minutes) and a consent."""
    entry: dict[str, Any] = {
        "name": name,
        "edition": "standard",
        "voice_name": name.capitalize(),
        "gender": "male",
        "audios": [register_audio(ice, f"{name}/take{n}", 360) for n in range(1, 4)],
        "authentication": register_audio(ice, f"{name}/consent", 20),
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def cosy_voice(ice: IceUnderTest, name: str, **overrides: Any) -> dict[str, Any]:
    """A CosyVoice voice: one recording and a model."""
    entry: dict[str, Any] = {
        "name": name,
        "edition": "cosy",
        "voice_name": name.capitalize(),
        "gender": "female",
        "audio": register_audio(ice, f"{name}/sample", 30),
        "model": "cosyvoice-v3-plus",
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def jobs_named(ice: IceUnderTest, voice_name: str) -> list[dict[str, Any]]:
    """The emulator's jobs whose VoiceName is ``voice_name`` followed by the resource's
    8-character suffix, newest first."""
    return [
        job
        for job in ice.control.jobs()
        if str(job.get("VoiceName") or "").rpartition("-")[0] == voice_name
    ]
