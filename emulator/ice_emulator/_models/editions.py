"""The editions of voice cloning: the `Type` each reports, and what Standard trains on.

Basic voices train on 20 checked recordings (`backend`); Standard and CosyVoice voices on
registered audio media (`media`). Standard's training audio must add up: each file
longer than 1 minute, 15 to 30 minutes in all (`check_standard_audios`).

ICE documents `Type` as Basic or Standard; what it reports for CosyVoice jobs is not
documented. `EditionTypes` keeps that value configurable, stored with the data directory
like the training time, and maps it both ways: the Type a job reports, and the editions a
list's `Type` selects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .._exceptions import InvalidParameter
from .._store import MediaRow, Store
from .vocabulary import (
    DEFAULT_COSY_VOICE_TYPE,
    EDITIONS,
    STANDARD_AUDIO_MIN_SECONDS,
    STANDARD_TOTAL_MAX_SECONDS,
    STANDARD_TOTAL_MIN_SECONDS,
)

__all__ = ["COSY_VOICE_TYPE_PATTERN", "EditionTypes", "check_standard_audios"]

# What a configured CosyVoice Type may be: a word, as ICE's Type values are.
COSY_VOICE_TYPE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_SETTING = "cosy_voice_type"


class EditionTypes:
    """The `Type` each edition reports; CosyVoice's is configurable."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def cosy_voice_type(self) -> str:
        """The Type reported for CosyVoice jobs and voices (unverified upstream)."""
        return self.store.get_setting(_SETTING) or DEFAULT_COSY_VOICE_TYPE

    @cosy_voice_type.setter
    def cosy_voice_type(self, value: str) -> None:
        if not COSY_VOICE_TYPE_PATTERN.fullmatch(value):
            raise ValueError("cosy_voice_type must be a word of 1-32 letters, digits, '-', '_'")
        self.store.set_setting(_SETTING, value)

    def reported(self, edition: str) -> str:
        """The Type a job or voice of `edition` reports."""
        return self.cosy_voice_type if edition == "CosyVoice" else edition

    def selected(self, job_type: str | None) -> tuple[str, ...]:
        """The editions a list's `Type` selects; Basic when not given, as ICE documents."""
        job_type = job_type or "Basic"
        reported = {edition: self.reported(edition) for edition in EDITIONS}
        editions = tuple(edition for edition, name in reported.items() if name == job_type)
        if not editions:
            allowed = ", ".join(dict.fromkeys(reported.values()))
            raise InvalidParameter(name="Type", reason=f"must be one of {allowed}.")
        return editions


def check_standard_audios(audios: Sequence[MediaRow]) -> None:
    """Refuse Standard training audio that is too short, file by file or in all."""
    for media in audios:
        seconds = media.duration or 0.0
        if seconds <= STANDARD_AUDIO_MIN_SECONDS:
            raise InvalidParameter(
                name="Audios",
                reason=f'media "{media.media_id}" lasts {seconds:g} s; '
                f"each audio must be longer than {STANDARD_AUDIO_MIN_SECONDS:g} s (1 minute).",
            )
    total = sum(media.duration or 0.0 for media in audios)
    if not STANDARD_TOTAL_MIN_SECONDS <= total <= STANDARD_TOTAL_MAX_SECONDS:
        raise InvalidParameter(
            name="Audios",
            reason=f"the audios last {total:g} s ({total / 60:.1f} min) in all; "
            f"Standard training needs {STANDARD_TOTAL_MIN_SECONDS / 60:g} to "
            f"{STANDARD_TOTAL_MAX_SECONDS / 60:g} minutes in all.",
        )
