"""Voices of the Standard and CosyVoice editions as programs declare them.

Both train on audio registered in ICE as media (media ids), and ICE, not the caller, chooses
their voice id. What identifies such a voice before ICE has assigned its id is its name in
ICE: the declared `voice_name` (the resource name when left out; its first 23 characters)
followed by `-` and 8 hex characters digested from the stack, the resource and what the
voice is trained on (`ice_voice_name`, computed by `check`). The same resource with the
same inputs always names its voice the same, so a create that was interrupted after its
submit reached ICE finds that job on the next `pulumi up` by listing the edition's jobs;
another stack, another resource, or a voice trained outside Pulumi never has that name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from icevoice import COSY_VOICE_MODELS, CosyVoiceModel, Gender

from .._core.inputs import (
    DEMO_AND_WAIT,
    DEMO_AUDIO_MEDIA_URL,
    GENDER,
    RETRAINS,
    Input,
    InputTable,
    VoiceSpecBase,
    autonamed,
    choice_rule,
    kept_name,
    one_of,
    oss_url_problem,
    text_rule,
    type_name,
)
from .._core.unknown import UNKNOWN, is_unknown

__all__ = [
    "COSY_VOICE_INPUTS",
    "STANDARD_INPUTS",
    "VOICE_NAME_MAX_LENGTH",
    "CosyVoiceSpec",
    "EditionSpec",
    "StandardSpec",
    "is_audio_url",
]

#: ICE's VoiceName is at most 32 characters; 9 of them are the `-` and the 8 hex characters
#: that make the name this resource's own, so a voice_name keeps its first 23.
VOICE_NAME_MAX_LENGTH = 32
_MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TRAINED_ALREADY = (
    "Omitted: the voice is trained already (an import), and create can only adopt it."
)


def is_audio_url(value: str) -> bool:
    """Whether a declared audio is an OSS URL (registered by the provider) or a media id."""
    return "://" in value


def _media_id(value: Any, region: str) -> str | None:
    """A media id, or the OSS URL of an audio file in the provider's region."""
    if not isinstance(value, str):
        return f"must be a media id or an OSS URL, not {type_name(value)}"
    if is_audio_url(value):
        return oss_url_problem(value, region, same_region=True, what="training audio")
    if not _MEDIA_ID.fullmatch(value):
        return f"{value!r} is not a media id (1 to 64 letters, digits, '-' or '_') or an OSS URL"
    return None


def _media_ids(value: Any, region: str) -> str | None:
    if not isinstance(value, (list, tuple)) or not value:
        return f"must be a non-empty list of media ids or OSS URLs, not {type_name(value)}"
    problems = [
        f"audio {n}: {problem}"
        for n, item in enumerate(value, start=1)
        if not is_unknown(item) and (problem := _media_id(item, region))
    ]
    known = [item for item in value if not is_unknown(item)]
    if len(set(known)) != len(known):
        problems.append("an audio is listed twice")
    return "; ".join(problems) or None


def _ice_voice_name(
    voice_type: str, trained_on: tuple[str, ...]
) -> Callable[[Mapping[str, Any], Mapping[str, Any]], str | None]:
    def name_of(olds: Mapping[str, Any], checked: Mapping[str, Any]) -> str | None:
        """`<voice_name>-<8 hex>`: the name in ICE that only this resource gives a voice."""
        stem = checked.get("voice_name") or checked.get("autoname_prefix")
        if is_unknown(stem):
            return UNKNOWN
        basis = {name: checked.get(name) for name in trained_on}
        name = autonamed(
            stem,
            checked.get("autoname_seed"),
            {"edition": voice_type, **basis},
            max_length=VOICE_NAME_MAX_LENGTH,
            separator="-",
            drop=r"[\x00-\x1f]",
        )
        return kept_name(name, olds, checked, "ice_voice_name", trained_on)

    return name_of


def _table(voice_type: str, training: tuple[Input, ...]) -> InputTable:
    rows = (_VOICE_NAME, GENDER, *training, DEMO_AUDIO_MEDIA_URL, *DEMO_AND_WAIT)
    trained_on = tuple(row.name for row in rows if row.change == "replaces")
    return InputTable(
        rows=rows,
        identity="ice_voice_name",
        autoname=_ice_voice_name(voice_type, trained_on),
        derived=("ice_voice_name",),
    )


_VOICE_NAME = Input(
    "voice_name",
    "string",
    "Display name in ICE: its first 23 characters, then `-` and 8 characters that make the "
    "name this resource's own (at most 32 in all; see iceVoiceName). Omitted: the resource "
    f"name. {RETRAINS}",
    text_rule(VOICE_NAME_MAX_LENGTH),
)

STANDARD_INPUTS = _table(
    "Standard",
    (
        Input(
            "audios",
            "string list",
            "The training audio, each a media id registered in ICE or the OSS URL of a file in "
            "the provider's region (registered by the provider, once): each longer than a "
            f"minute, 15 to 30 minutes in all. {_TRAINED_ALREADY} {RETRAINS}",
            _media_ids,
        ),
        Input(
            "authentication",
            "string",
            "The speaker's spoken consent, a media id or an OSS URL as for audios; if its "
            "voiceprint does not match the training audio, training fails. "
            f"{_TRAINED_ALREADY} {RETRAINS}",
            _media_id,
        ),
    ),
)

COSY_VOICE_INPUTS = _table(
    "CosyVoice",
    (
        Input(
            "audio",
            "string",
            "The one training audio: a media id registered in ICE, or the OSS URL of a file in "
            f"the provider's region (registered by the provider, once). {_TRAINED_ALREADY} "
            f"{RETRAINS}",
            _media_id,
        ),
        Input(
            "model",
            "string",
            f"The CosyVoice model: {one_of(COSY_VOICE_MODELS)}. {_TRAINED_ALREADY} {RETRAINS}",
            choice_rule(COSY_VOICE_MODELS),
        ),
    ),
)


class EditionSpec(VoiceSpecBase):
    """Checked inputs of a Standard or CosyVoice voice, every value known."""

    ice_voice_name: str
    gender: Gender
    voice_name: str | None = None


class StandardSpec(EditionSpec):
    INPUTS = STANDARD_INPUTS

    audios: tuple[str, ...] | None = None
    authentication: str | None = None


class CosyVoiceSpec(EditionSpec):
    INPUTS = COSY_VOICE_INPUTS

    audio: str | None = None
    model: CosyVoiceModel | None = None
