"""Many voices: a catalogue of voices in voices.yaml, one CustomizedVoice each.

The catalogue is checked before anything is declared, so a typo fails the preview with the
entry's key instead of half-applying a change. The `voices` output maps each key to the
voice's id, status and demo audio.
"""

from pathlib import Path
from typing import Any

import pulumi
import yaml

from pulumi_ice_voice import CustomizedVoice

CATALOGUE = Path(__file__).resolve().parent / "voices.yaml"
FIELDS = {"key", "voice_id", "name", "gender", "scenario", "description"}


def load_catalogue(path: Path) -> list[dict[str, Any]]:
    """The catalogue's entries with defaults applied; ValueError names a bad entry."""
    document = yaml.safe_load(path.read_text()) or {}
    defaults = document.get("defaults") or {}
    entries = []
    seen_keys: set[str] = set()
    seen_ids: set[str] = set()
    for position, entry in enumerate(document.get("voices") or [], start=1):
        key = entry.get("key") if isinstance(entry, dict) else None
        if not key:
            raise ValueError(f"{path.name}: voice #{position} has no key")
        unknown = set(entry) - FIELDS
        if unknown:
            raise ValueError(f"{path.name}: voice {key!r} has unknown fields {sorted(unknown)}")
        if key in seen_keys:
            raise ValueError(f"{path.name}: key {key!r} appears twice")
        voice_id = entry.get("voice_id")
        if voice_id in seen_ids:
            raise ValueError(f"{path.name}: voice_id {voice_id!r} appears twice")
        seen_keys.add(key)
        if voice_id:
            seen_ids.add(voice_id)
        recordings_url = f"{defaults['recordings_url']}/{key}"
        entries.append(
            {
                "key": key,
                "voice_id": voice_id,
                "voice_name": entry.get("name") or key,
                "gender": entry.get("gender"),
                "scenario": entry.get("scenario") or defaults.get("scenario"),
                "voice_desc": entry.get("description"),
                "recordings": [f"{recordings_url}/{n:02d}.wav" for n in range(1, 21)],
                "demo_audio_media_url": f"{recordings_url}/demo.wav",
            }
        )
    return entries


catalogue = {}
for spec in load_catalogue(CATALOGUE):
    key = spec.pop("key")
    voice = CustomizedVoice(key, **spec)
    catalogue[key] = {
        "voiceId": voice.voice_id,
        "status": voice.status,
        "demoAudioUrl": voice.demo_audio_url,
    }

pulumi.export("voices", catalogue)
