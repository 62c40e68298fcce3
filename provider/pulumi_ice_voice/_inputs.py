"""The voice a program declares: input rules, defaults and autonaming.

`check_inputs` turns the raw properties the engine sends into checked inputs and one
failure per bad property, without any network access and tolerating unknown values
(preview). `VoiceSpec` is the parsed form every other provider method works with.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN
from pydantic import BaseModel, ConfigDict

from icevoice import GENDERS, SCENARIOS, VOICE_ID_MAX_LENGTH, VOICE_ID_PATTERN, Gender, Scenario

__all__ = [
    "DEFAULT_TRAINING_TIMEOUT",
    "INPUT_NAMES",
    "MAX_TRAINING_TIMEOUT",
    "RECORDING_COUNT",
    "REPLACE_ON_CHANGE",
    "REQUIRED_INPUTS",
    "UPDATABLE",
    "DeclaredVoice",
    "InputFailure",
    "SpecBase",
    "VoiceSpec",
    "check_inputs",
    "has_unknown",
    "is_unknown",
    "normalized",
    "oss_region",
]

RECORDING_COUNT = 20
DEFAULT_TRAINING_TIMEOUT = 3 * 60 * 60.0
MAX_TRAINING_TIMEOUT = 7 * 24 * 60 * 60.0

# What training is made of: a change to any of these needs a new training job.
REPLACE_ON_CHANGE = (
    "voice_id",
    "voice_name",
    "gender",
    "scenario",
    "voice_desc",
    "recordings",
    "demo_audio_media_url",
)
# Changed in place with UpdateCustomizedVoice.
UPDATABLE = ("demo_audio_media_id",)
# How create waits; never a change to the voice.
WAIT_SETTINGS = ("wait_for_training", "training_timeout")
# Computed by the resource in the program, so that check can autoname without the URN.
AUTONAME_KEYS = ("autoname_prefix", "autoname_seed")
INPUT_NAMES = REPLACE_ON_CHANGE + UPDATABLE + WAIT_SETTINGS + AUTONAME_KEYS

_OSS_URL = re.compile(
    r"https?://(?P<bucket>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])"
    r"\.oss-(?P<region>[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com/(?P<key>[^?#\s]+)"
)


def is_unknown(value: Any) -> bool:
    """Whether a property is not known yet (preview of a value computed by another resource).

    The host deserializes Check and Diff properties with unknowns kept, as
    `pulumi.output.Unknown` instances; the wire string `UNKNOWN` is accepted too.
    """
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def has_unknown(value: Any) -> bool:
    """Whether a property, or anything inside it (a list, a map), is not known yet."""
    return any(is_unknown(v) for v in _flatten([value]))


def oss_region(url: str) -> str | None:
    """The region of an OSS object URL, or None when the URL is not an OSS object URL."""
    match = _OSS_URL.fullmatch(url)
    return match.group("region") if match else None


class SpecBase(BaseModel):
    """What every edition's checked inputs hold besides its training inputs: the demo audio,
    how create waits, and what autonaming is made of."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    demo_audio_media_url: str | None = None
    demo_audio_media_id: str | None = None
    wait_for_training: bool = True
    training_timeout: float = DEFAULT_TRAINING_TIMEOUT
    autoname_prefix: str | None = None
    autoname_seed: str | None = None


class VoiceSpec(SpecBase):
    """Checked inputs of one customized voice, every value known."""

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
    def from_properties(cls, props: Mapping[str, Any], region: str) -> VoiceSpec:
        """Parse checked properties; a bad one raises ValueError naming the property."""
        checked, failures = check_inputs({}, props, region)
        if failures:
            raise ValueError("; ".join(f"{f.property}: {f.reason}" for f in failures))
        values = {name: checked.get(name) for name in cls.model_fields}
        values["recordings"] = _recordings_by_id(checked.get("recordings"))
        values["recordings_as_list"] = not isinstance(checked.get("recordings"), Mapping)
        return cls.model_validate({k: v for k, v in values.items() if v is not None})

    def declared(self) -> dict[str, Any]:
        """The inputs as the program declared them (recordings in their declared form)."""
        values = self.model_dump(mode="json", include=set(INPUT_NAMES))
        if self.recordings is not None:
            ordered = sorted(self.recordings.items())
            values["recordings"] = (
                [url for _, url in ordered]
                if self.recordings_as_list
                else {str(record_id): url for record_id, url in ordered}
            )
        return values


@dataclass(frozen=True)
class DeclaredVoice:
    """A voice's checked inputs as the program declares them, some perhaps not known yet.

    In a preview an input computed by another resource has no value; `known()` says which
    are, and `differs()` compares with what a voice was created from, an unknown input
    counting as a possible change. Values are in their normal form (`normalized`).
    """

    values: Mapping[str, Any]

    @classmethod
    def from_checked(
        cls, checked: Mapping[str, Any], names: tuple[str, ...] = INPUT_NAMES
    ) -> DeclaredVoice:
        return cls({name: normalized(name, checked.get(name)) for name in names})

    def known(self, name: str) -> bool:
        return not has_unknown(self.values.get(name))

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def differs(self, name: str, spec: BaseModel) -> bool:
        """Whether input ``name`` may differ from what ``spec`` declared."""
        new = self.values.get(name)
        if not self.known(name):
            return True
        if name in UPDATABLE and new is None:
            return False  # not managed by the program: whatever ICE has stays
        return bool(new != normalized(name, getattr(spec, name)))


@dataclass(frozen=True)
class InputFailure:
    property: str
    reason: str


Rule = Callable[[Any, str], "str | None"]


def text_rule(max_len: int, *, pattern: re.Pattern[str] | None = None, what: str = "") -> Rule:
    def rule(value: Any, region: str) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, not {type_name(value)}"
        if not value.strip():
            return "must not be empty"
        if len(value) > max_len:
            return f"must be at most {max_len} characters (got {len(value)})"
        if pattern is not None and not pattern.fullmatch(value):
            return what
        return None

    return rule


def choice_rule(choices: tuple[str, ...]) -> Rule:
    def rule(value: Any, region: str) -> str | None:
        if value not in choices:
            return f"must be one of {', '.join(choices)} (got {value!r})"
        return None

    return rule


def oss_url_problem(value: Any, region: str, *, same_region: bool) -> str | None:
    """What is wrong with an OSS object URL, if anything; ``same_region``: it must be in
    ``region`` (not checked while the region is not known: an empty ``region``)."""
    if not isinstance(value, str):
        return f"must be a string URL, not {type_name(value)}"
    url_region = oss_region(value)
    if url_region is None:
        return (
            f"{value!r} is not an OSS object URL "
            "(https://<bucket>.oss-<region>.aliyuncs.com/<object>)"
        )
    if same_region and region and url_region != region:
        return f"{value!r} is in region {url_region}; ICE in {region} needs recordings in {region}"
    return None


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


def training_timeout_rule(value: Any, region: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number of seconds, not {type_name(value)}"
    if not 0 < value <= MAX_TRAINING_TIMEOUT:
        return f"must be more than 0 and at most {MAX_TRAINING_TIMEOUT:.0f} seconds (got {value})"
    return None


def bool_rule(value: Any, region: str) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {type_name(value)}"


_RULES: dict[str, Rule] = {
    "voice_id": text_rule(
        VOICE_ID_MAX_LENGTH, pattern=VOICE_ID_PATTERN, what="must contain only letters and digits"
    ),
    "voice_name": text_rule(32),
    "gender": choice_rule(GENDERS),
    "scenario": choice_rule(SCENARIOS),
    "voice_desc": text_rule(256),
    "recordings": _recordings_rule,
    "demo_audio_media_url": lambda v, r: oss_url_problem(v, r, same_region=False),
    "demo_audio_media_id": text_rule(128),
    "wait_for_training": bool_rule,
    "training_timeout": training_timeout_rule,
}
REQUIRED_INPUTS = ("voice_name", "gender", "scenario")
_DEFAULTS: dict[str, Any] = {
    "wait_for_training": True,
    "training_timeout": DEFAULT_TRAINING_TIMEOUT,
}


@dataclass(frozen=True)
class InputTable:
    """One resource's inputs as `check` sees them: the names it keeps (autoname keys
    included), each rule, what is required, the defaults it fills, and the identity input
    it derives when the program leaves it out (``autoname``)."""

    names: tuple[str, ...]
    rules: Mapping[str, Rule]
    required: tuple[str, ...]
    defaults: Mapping[str, Any]
    identity: str
    autoname: Callable[[Mapping[str, Any], Mapping[str, Any]], str | None]

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], region: str
    ) -> tuple[dict[str, Any], list[InputFailure]]:
        """Validate and complete the declared inputs: (checked inputs, failures).

        `olds` are the previously checked inputs (empty on create); the autonamed identity
        is kept from them while the training inputs are unchanged.
        """
        checked = {name: news.get(name) for name in self.names}
        failures = [
            InputFailure(name, "is required") for name in self.required if checked.get(name) is None
        ]
        for name, rule in self.rules.items():
            value = checked.get(name)
            if value is None or is_unknown(value):
                continue
            reason = rule(value, region)
            if reason:
                failures.append(InputFailure(name, reason))
        for name, default in self.defaults.items():
            if checked.get(name) is None:
                checked[name] = default
        if checked.get(self.identity) is None:
            checked[self.identity] = self.autoname(olds, checked)
            if checked[self.identity] is None:
                failures.append(
                    InputFailure(self.identity, "is required (or let the resource autoname it)")
                )
        return checked, failures


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any], region: str
) -> tuple[dict[str, Any], list[InputFailure]]:
    """A basic voice's inputs checked and completed (InputTable.check)."""
    return BASIC_INPUTS.check(olds, news, region)


def autonamed(
    prefix: Any,
    seed: Any,
    basis: Mapping[str, Any],
    *,
    max_length: int,
    separator: str = "",
    drop: str = r"[^A-Za-z0-9]",
) -> str | None:
    """``prefix`` without the characters ``drop`` matches, then ``separator`` and 8 hex
    characters of a digest of ``seed`` (the stack and resource) and ``basis`` (what the
    voice is trained on): the same on every run while those are, another when they
    change; UNKNOWN while a basis value is not known."""
    if not isinstance(prefix, str) or not isinstance(seed, str):
        return None
    if any(is_unknown(v) for v in _flatten(basis.values())):
        return UNKNOWN
    digest = hashlib.sha256(
        json.dumps([seed, dict(basis)], sort_keys=True, default=str).encode()
    ).hexdigest()
    suffix = separator + digest[:8]
    stem = re.sub(drop, "", prefix)[: max_length - len(suffix)] or "voice"
    return f"{stem}{suffix}"


def _autoname(olds: Mapping[str, Any], checked: Mapping[str, Any]) -> str | None:
    """A voice id derived from the resource name and a digest of what the voice is trained on.

    The digest, not a random suffix, makes the name reproducible: a create that was
    interrupted (the engine then records nothing) is retried under the same voice id and
    adopts the job it left behind instead of training a second voice. Changing what the
    voice is trained on yields a new id, so a replacement can be created before the old
    voice is removed.
    """
    basis = {name: checked.get(name) for name in REPLACE_ON_CHANGE if name != "voice_id"}
    name = autonamed(
        checked.get("autoname_prefix"),
        checked.get("autoname_seed"),
        basis,
        max_length=VOICE_ID_MAX_LENGTH,
    )
    old_name = olds.get("voice_id")
    # A voice autonamed by an earlier version of this rule keeps its id while nothing changed.
    unchanged = all(olds.get(k) == checked.get(k) for k in basis)
    if name not in (None, UNKNOWN) and isinstance(old_name, str) and unchanged:
        return old_name
    return name


def normalized(name: str, value: Any) -> Any:
    """A property in the form two equal declarations share (a list of recordings = its map,
    any other list = its tuple)."""
    if name == "recordings" and value is not None and not is_unknown(value):
        try:
            return _recordings_by_id(value)
        except (TypeError, ValueError):
            return value
    if (
        name == "training_timeout"
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        return float(value)
    if isinstance(value, list):
        return tuple(value)  # as a spec keeps a list (a Standard voice's audios)
    return value


def _flatten(values: Any) -> list[Any]:
    flat: list[Any] = []
    for value in values:
        if isinstance(value, Mapping):
            flat.extend(_flatten(value.values()))
        elif isinstance(value, (list, tuple)):
            flat.extend(_flatten(value))
        else:
            flat.append(value)
    return flat


def _recordings_by_id(value: Any) -> dict[int, str] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return {int(_record_id(k) or 0): str(v) for k, v in value.items()}
    return {i: str(url) for i, url in enumerate(value, start=1)}


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


def type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a map",
    }.get(type(value), type(value).__name__)


BASIC_INPUTS = InputTable(
    names=INPUT_NAMES,
    rules=_RULES,
    required=REQUIRED_INPUTS,
    defaults=_DEFAULTS,
    identity="voice_id",
    autoname=_autoname,
)
