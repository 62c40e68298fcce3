"""A basic-edition voice as a program declares it: its table of inputs, and `BasicSpec`.

The caller chooses the voice id (`voice_id`), or `check` derives one from the resource name
and a digest of the stack and what the voice is trained on (see `_voice_id`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icevoice import SCENARIOS, VOICE_ID_MAX_LENGTH, VOICE_ID_PATTERN, Gender, Scenario

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
from .._core.unknown import is_unknown

__all__ = ["BASIC_INPUTS", "RECORDING_COUNT", "BasicSpec"]

RECORDING_COUNT = 20


def _recordings_rule(value: Any, region: str) -> str | None:
    if isinstance(value, (list, tuple)):
        urls = list(value)
        if len(urls) != RECORDING_COUNT:
            return f"must list exactly {RECORDING_COUNT} recordings (got {len(urls)})"
        labels = [f"recording {i}" for i in range(1, len(urls) + 1)]
    elif isinstance(value, Mapping):
        bad_ids = [k for k in value if _record_id(k) is None]
        if bad_ids:
            return f"audio record ids must be whole numbers from 1 to 20 (got {bad_ids[0]!r})"
        if len(value) != RECORDING_COUNT:
            return f"must map all {RECORDING_COUNT} audio record ids 1..20 (got {len(value)})"
        urls = list(value.values())
        labels = [f"record {k}" for k in value]
    else:
        return (
            f"must be a list of {RECORDING_COUNT} OSS URLs or a map of audio record id to URL, "
            f"not {type_name(value)}"
        )
    problems = []
    first_label: dict[str, str] = {}
    for label, url in zip(labels, urls, strict=True):
        if is_unknown(url):
            continue
        problem = oss_url_problem(url, region, same_region=True)
        if problem:
            problems.append(f"{label}: {problem}")
        elif url in first_label:
            # Each record is a reading of a different text: one file cannot pass for two.
            problems.append(f"{label}: the same object as {first_label[url]} ({url!r})")
        else:
            first_label[url] = label
    return "; ".join(problems) or None


def recordings_by_id(value: Any) -> dict[int, str]:
    """Recordings as a map of audio record id to URL, whether declared as a list or a map."""
    if isinstance(value, Mapping):
        return {int(_record_id(k) or 0): str(v) for k, v in value.items()}
    return {i: str(url) for i, url in enumerate(value, start=1)}


def _recordings_normal(value: Any) -> Any:
    try:
        return recordings_by_id(value)
    except (TypeError, ValueError):
        return value


def _record_id(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    if isinstance(key, int):
        number = key
    elif isinstance(key, str) and key.strip().isdigit():
        number = int(key)
    else:
        return None
    return number if 1 <= number <= RECORDING_COUNT else None


_ROWS = (
    Input(
        "voice_name",
        "string",
        f"Display name, at most 32 characters. {RETRAINS}",
        text_rule(32),
        required=True,
    ),
    GENDER,
    Input(
        "scenario",
        "string",
        f"{one_of(SCENARIOS)}. {RETRAINS}",
        choice_rule(SCENARIOS),
        required=True,
    ),
    Input(
        "voice_id",
        "string",
        "Unique voice id in the account and region: letters and digits, at most "
        f"{VOICE_ID_MAX_LENGTH}. Omitted: derived from the resource name and what the voice "
        f"is trained on. {RETRAINS}",
        text_rule(
            VOICE_ID_MAX_LENGTH,
            pattern=VOICE_ID_PATTERN,
            what="must contain only letters and digits",
        ),
    ),
    Input(
        "voice_desc", "string", f"Description, at most 256 characters. {RETRAINS}", text_rule(256)
    ),
    Input(
        "recordings",
        "string list",
        f"The {RECORDING_COUNT} recordings of the demonstration texts: {RECORDING_COUNT} OSS "
        "URLs, in the order of the texts' audio record ids, in the provider's region; "
        "WAV/PCM, mono, 16-bit, 48 kHz. Omitted: the audio is already in ICE and create "
        f"only submits training. {RETRAINS}",
        _recordings_rule,
        python_type=(
            "pulumi.Input[Sequence[pulumi.Input[str]]] | "
            "pulumi.Input[Mapping[str, pulumi.Input[str]]]"
        ),
        normal=_recordings_normal,
    ),
    DEMO_AUDIO_MEDIA_URL,
    *DEMO_AND_WAIT,
)
#: What training is made of: the inputs a voice id is digested from (the id itself aside).
_TRAINED_ON = tuple(r.name for r in _ROWS if r.change == "replaces" and r.name != "voice_id")


def _voice_id(olds: Mapping[str, Any], checked: Mapping[str, Any]) -> str | None:
    """A voice id derived from the resource name and a digest of what the voice is trained on.

    The digest, not a random suffix, makes the name reproducible: a create that was
    interrupted (the engine then records nothing) is retried under the same voice id and
    adopts the job it left behind instead of training a second voice. Changing what the
    voice is trained on yields a new id, so a replacement can be created before the old
    voice is removed.
    """
    basis = {name: checked.get(name) for name in _TRAINED_ON}
    name = autonamed(
        checked.get("autoname_prefix"),
        checked.get("autoname_seed"),
        basis,
        max_length=VOICE_ID_MAX_LENGTH,
    )
    return kept_name(name, olds, checked, "voice_id", _TRAINED_ON)


BASIC_INPUTS = InputTable(rows=_ROWS, identity="voice_id", autoname=_voice_id)


class BasicSpec(VoiceSpecBase):
    """Checked inputs of one basic voice, every value known."""

    INPUTS = BASIC_INPUTS

    voice_id: str
    voice_name: str
    gender: Gender
    scenario: Scenario
    voice_desc: str | None = None
    recordings: dict[int, str] | None = None
    recordings_as_list: bool = True
    """Whether the program declared the recordings as a list (else a map of record ids):
    outputs echo them in the form declared."""

    @classmethod
    def from_checked(cls, checked: Mapping[str, Any]) -> BasicSpec:
        declared = checked.get("recordings")
        values = {k: v for k, v in checked.items() if v is not None and k in cls.model_fields}
        if declared is not None:
            values["recordings"] = recordings_by_id(declared)
            values["recordings_as_list"] = not isinstance(declared, Mapping)
        return cls.model_validate(values)

    def declared(self) -> dict[str, Any]:
        """The inputs as the program declared them (recordings in their declared form)."""
        values = super().declared()
        if self.recordings is not None:
            ordered = sorted(self.recordings.items())
            values["recordings"] = (
                [url for _, url in ordered]
                if self.recordings_as_list
                else {str(record_id): url for record_id, url in ordered}
            )
        return values
