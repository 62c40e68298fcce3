"""Voices as tests declare them: inputs that pass ICE's rules, and the emulator's config."""

from __future__ import annotations

from typing import Any

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

__all__ = [
    "FAST_POLLING",
    "REGION",
    "demo_url",
    "emulator_config",
    "ice_config",
    "recordings",
    "voice",
]

REGION = "cn-shanghai"
BUCKET = f"https://test-voices.oss-{REGION}.aliyuncs.com"

FAST_POLLING = {"ice:minPollInterval": "0.05", "ice:pollInterval": "0.25"}
"""Poll training often: the emulator trains in a fraction of a second."""


def recordings(voice_id: str) -> list[str]:
    """The 20 recordings of a voice: OSS URLs in the provider's region, as ICE wants them."""
    return [f"{BUCKET}/{voice_id}/{n:02d}.wav" for n in range(1, 21)]


def demo_url(voice_id: str) -> str:
    return f"{BUCKET}/demo/{voice_id}.wav"


def voice(name: str, voice_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """One entry of the voices program: a trainable voice named ``name``."""
    voice_id = voice_id or name
    spec: dict[str, Any] = {
        "name": name,
        "voice_id": voice_id,
        "voice_name": f"Voice {voice_id}"[:32],
        "gender": "female",
        "scenario": "story",
        "recordings": recordings(voice_id),
        "demo_audio_media_url": demo_url(voice_id),
    }
    spec.update(overrides)
    return {k: v for k, v in spec.items() if v is not None}


def emulator_config(
    url: str,
    *,
    access_key_id: str | None = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str | None = DEFAULT_ACCESS_KEY_SECRET,
) -> dict[str, str]:
    """Stack config reaching the emulator at ``url`` with its key pair, polling at the
    provider's own intervals; ``None`` leaves the key id or the secret out (the provider
    then looks for credentials elsewhere)."""
    config = {"ice:region": REGION, "ice:endpoint": url}
    if access_key_id is not None:
        config["ice:accessKeyId"] = access_key_id
    if access_key_secret is not None:
        config["ice:accessKeySecret"] = access_key_secret
    return config


def ice_config(
    url: str,
    *,
    access_key_id: str | None = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str | None = DEFAULT_ACCESS_KEY_SECRET,
    **extra: str,
) -> dict[str, str]:
    """Stack config reaching the emulator at ``url``, polling fast; ``extra`` adds keys."""
    config = emulator_config(url, access_key_id=access_key_id, access_key_secret=access_key_secret)
    config.update(FAST_POLLING)
    config.update(extra)
    return config
