"""Programs of many voices whose audio is staged in ICE (create only submits and waits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pulumi_ice_voice import CustomizedVoice

__all__ = ["staged_voices"]


def staged_voices(ids: Sequence[str]) -> Callable[[], None]:
    """One CustomizedVoice per id, named after it, without recordings."""

    def program() -> None:
        for voice_id in ids:
            CustomizedVoice(voice_id, voice_id=voice_id, voice_name=voice_id,
                            gender="female", scenario="story")

    return program
