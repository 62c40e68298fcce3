"""What a program declares, as every resource type's table of inputs: one row per property.

A row (`Input`) holds everything about one property: its rule, whether it is required, its
default, what a change of it does, its type and what users read about it. Checking (`check`
before any request, tolerating values not known yet), the plugin's schema, the README's
reference and the dynamic resources' classes (generated, `make docs`) are all made from
the rows; `Output` rows do the same for what a resource reports.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from icevoice import GENDERS

from .autoname import AUTONAME_KEYS
from .errors import InputsInvalid
from .unknown import UNKNOWN, flatten, has_unknown, is_unknown

__all__ = [
    "AUTONAME_KEYS",
    "DEFAULT_TRAINING_TIMEOUT",
    "MAX_TRAINING_TIMEOUT",
    "Change",
    "DeclaredVoice",
    "Input",
    "InputFailure",
    "InputTable",
    "Output",
    "PropertyType",
    "Rule",
    "SpecBase",
    "VoiceSpecBase",
    "autonamed",
    "bool_rule",
    "choice_rule",
    "kept_name",
    "normalized",
    "one_of",
    "oss_region",
    "oss_url_problem",
    "text_rule",
    "training_timeout_rule",
    "type_name",
]

DEFAULT_TRAINING_TIMEOUT = 3 * 60 * 60.0
MAX_TRAINING_TIMEOUT = 7 * 24 * 60 * 60.0

PropertyType = Literal["string", "number", "boolean", "string list", "integer"]
Change = Literal["replaces", "in place", "nothing"]
"""What changing an input does: a new resource, an update in place, or nothing to ICE."""
Rule = Callable[[Any, str], "str | None"]
"""(value, the provider's region) -> what is wrong with it, or None. The region is empty
while a preview does not know it yet."""

_OSS_URL = re.compile(
    r"https?://(?P<bucket>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])"
    r"\.oss-(?P<region>[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com/(?P<key>[^?#\s]+)"
)


@dataclass(frozen=True)
class Input:
    """One input property of a resource type, all its facts in one place."""

    name: str
    """snake_case, as the core and Python programs spell it (the schema's is camelCase)."""
    type: PropertyType
    description: str
    rule: Rule | None = None
    required: bool = False
    default: Any = None
    change: Change = "replaces"
    python_type: str | None = None
    """The dynamic resource's annotation where it takes more than the schema's type."""
    normal: Callable[[Any], Any] | None = None
    """The form two equal declarations share, where `normalized` does not make it (a list
    of recordings and the map of the same recordings)."""


@dataclass(frozen=True)
class Output:
    """One property a resource reports besides its inputs."""

    name: str
    type: PropertyType
    description: str
    always: bool = False
    """Whether every resource of the type has it (the schema's `required`)."""


@dataclass(frozen=True)
class InputFailure:
    property: str
    reason: str


@dataclass(frozen=True)
class InputTable:
    """One resource type's inputs as `check` sees them: the declared rows, the checked
    inputs no program declares (``derived``, then the autoname keys), and the identity
    input `check` derives when the program leaves it out (``autoname``)."""

    rows: tuple[Input, ...]
    identity: str
    autoname: Callable[[Mapping[str, Any], Mapping[str, Any]], str | None]
    derived: tuple[str, ...] = ()
    """Checked inputs no program declares, each replacing the resource when it changes."""

    @property
    def declared(self) -> tuple[str, ...]:
        """The inputs a program declares, in the order users read them."""
        return tuple(row.name for row in self.rows)

    @property
    def names(self) -> tuple[str, ...]:
        """Every checked input: the declared ones, the derived, the autoname keys."""
        return (*self.declared, *self.derived, *AUTONAME_KEYS)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(row.name for row in self.rows if row.required)

    @property
    def replaces(self) -> tuple[str, ...]:
        """Inputs whose change needs a new resource (a new training job)."""
        return (*(row.name for row in self.rows if row.change == "replaces"), *self.derived)

    @property
    def in_place(self) -> tuple[str, ...]:
        return tuple(row.name for row in self.rows if row.change == "in place")

    def row(self, name: str) -> Input:
        return next(row for row in self.rows if row.name == name)

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], region: str
    ) -> tuple[dict[str, Any], list[InputFailure]]:
        """Validate and complete the declared inputs: (checked inputs, failures).

        `olds` are the previously checked inputs (empty on create); the autonamed identity
        is kept from them while the training inputs are unchanged. Values not known yet
        pass: they are checked when they are.
        """
        checked = {name: news.get(name) for name in self.names}
        failures = [
            InputFailure(name, "is required") for name in self.required if checked.get(name) is None
        ]
        for row in self.rows:
            value = checked.get(row.name)
            if row.rule is None or value is None or is_unknown(value):
                continue
            reason = row.rule(value, region)
            if reason:
                failures.append(InputFailure(row.name, reason))
        for row in self.rows:
            if row.default is not None and checked.get(row.name) is None:
                checked[row.name] = row.default
        if checked.get(self.identity) is None:
            checked[self.identity] = self.autoname(olds, checked)
            if checked[self.identity] is None:
                failures.append(
                    InputFailure(self.identity, "is required (or let the resource autoname it)")
                )
        return checked, failures

    def checked(self, props: Mapping[str, Any], region: str) -> dict[str, Any]:
        """The checked inputs of ``props``; InputsInvalid naming every bad property."""
        checked, failures = self.check({}, props, region)
        if failures:
            raise InputsInvalid("; ".join(f"{f.property}: {f.reason}" for f in failures))
        return checked


S = TypeVar("S", bound="SpecBase")


class SpecBase(BaseModel):
    """A resource's checked inputs, every value known: the root of every family's spec."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    INPUTS: ClassVar[InputTable]
    """The resource type's table (each spec class is one type's)."""
    TIMEOUT: ClassVar[str]
    """The input that bounds how long create waits (the plugin's customTimeouts replace it)."""

    autoname_prefix: str | None = None
    autoname_seed: str | None = None

    @classmethod
    def parse(cls: type[S], props: Mapping[str, Any], region: str) -> S:
        """The spec of checked properties; InputsInvalid naming every bad one."""
        return cls.from_checked(cls.INPUTS.checked(props, region))

    @classmethod
    def from_checked(cls: type[S], checked: Mapping[str, Any]) -> S:
        values = {k: v for k, v in checked.items() if v is not None and k in cls.model_fields}
        return cls.model_validate(values)

    def declared(self) -> dict[str, Any]:
        """The checked inputs as the program declared them (lists as lists)."""
        values = self.model_dump(mode="json", include=set(self.INPUTS.names))
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    def waiting(self: S, timeout: float | None) -> S:
        """The spec with its wait bounded by ``timeout`` instead (the plugin's
        customTimeouts), when one is given."""
        if timeout is None or timeout <= 0:
            return self
        return self.model_copy(update={self.TIMEOUT: timeout})

    @property
    def timeout(self) -> float:
        return float(getattr(self, self.TIMEOUT))


class VoiceSpecBase(SpecBase):
    """What every edition's voice holds besides its training inputs: the demo audio and how
    create waits."""

    TIMEOUT = "training_timeout"

    demo_audio_media_url: str | None = None
    demo_audio_media_id: str | None = None
    wait_for_training: bool = True
    training_timeout: float = DEFAULT_TRAINING_TIMEOUT


@dataclass(frozen=True)
class DeclaredVoice:
    """A voice's checked inputs as the program declares them, some perhaps not known yet.

    In a preview an input computed by another resource has no value; `known()` says which
    are, and `differs()` compares with what a voice was created from, an unknown input
    counting as a possible change. Values are in their normal form (`normalized`).
    """

    values: Mapping[str, Any]
    table: InputTable

    @classmethod
    def from_checked(cls, checked: Mapping[str, Any], table: InputTable) -> DeclaredVoice:
        declared = cls({}, table)
        return cls({name: declared.normal(name, checked.get(name)) for name in table.names}, table)

    def normal(self, name: str, value: Any) -> Any:
        """``value`` of input ``name`` in its normal form."""
        row = next((row for row in self.table.rows if row.name == name), None)
        if row is not None and row.normal is not None and value is not None:  # noqa: SIM102
            if not has_unknown(value):
                return row.normal(value)
        return normalized(name, value)

    def known(self, name: str) -> bool:
        return not has_unknown(self.values.get(name))

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def differs(self, name: str, spec: BaseModel) -> bool:
        """Whether input ``name`` may differ from what ``spec`` declared."""
        new = self.values.get(name)
        if not self.known(name):
            return True
        if name in self.table.in_place and new is None:
            return False  # not managed by the program: whatever ICE has stays
        return bool(new != self.normal(name, getattr(spec, name)))


# -- rules -----------------------------------------------------------------------------------


def type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a map",
    }.get(type(value), type(value).__name__)


def one_of(values: tuple[str, ...]) -> str:
    """("a", "b", "c") -> "a, b or c"."""
    return f"{', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else values[0]


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


def bool_rule(value: Any, region: str) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {type_name(value)}"


def training_timeout_rule(value: Any, region: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number of seconds, not {type_name(value)}"
    if not 0 < value <= MAX_TRAINING_TIMEOUT:
        return f"must be more than 0 and at most {MAX_TRAINING_TIMEOUT:.0f} seconds (got {value})"
    return None


def oss_region(url: str) -> str | None:
    """The region of an OSS object URL, or None when the URL is not an OSS object URL."""
    match = _OSS_URL.fullmatch(url)
    return match.group("region") if match else None


def oss_url_problem(
    value: Any, region: str, *, same_region: bool, what: str = "recordings"
) -> str | None:
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
        return f"{value!r} is in region {url_region}; ICE in {region} needs {what} in {region}"
    return None


# -- autonaming and normal forms -------------------------------------------------------------


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
    if any(is_unknown(v) for v in flatten(basis.values())):
        return UNKNOWN
    digest = hashlib.sha256(
        json.dumps([seed, dict(basis)], sort_keys=True, default=str).encode()
    ).hexdigest()
    suffix = separator + digest[:8]
    stem = re.sub(drop, "", prefix)[: max_length - len(suffix)] or "voice"
    return f"{stem}{suffix}"


def kept_name(
    name: str | None,
    olds: Mapping[str, Any],
    checked: Mapping[str, Any],
    identity: str,
    basis: Iterable[str],
) -> str | None:
    """An autonamed identity: the one recorded in ``olds`` while the inputs it was digested
    from (``basis``) are unchanged (a voice autonamed by an earlier version of the rule
    keeps its name), else ``name``."""
    old = olds.get(identity)
    unchanged = all(olds.get(k) == checked.get(k) for k in basis)
    if name not in (None, UNKNOWN) and isinstance(old, str) and unchanged:
        return old
    return name


def normalized(name: str, value: Any) -> Any:
    """A property in the form two equal declarations share (a training timeout as a float,
    a list as its tuple)."""
    if (
        name == "training_timeout"
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        return float(value)
    if isinstance(value, list):
        return tuple(value)  # as a spec keeps a list (a Standard voice's audios)
    return value


# -- rows every voice edition shares -------------------------------------------------------

RETRAINS = "Changing it trains a new voice."

GENDER = Input(
    "gender", "string", f"{one_of(GENDERS)}. {RETRAINS}", choice_rule(GENDERS), required=True
)
DEMO_AUDIO_MEDIA_URL = Input(
    "demo_audio_media_url",
    "string",
    f"OSS URL where ICE writes a demo audio of the trained voice. {RETRAINS}",
    lambda value, region: oss_url_problem(value, region, same_region=False),
)
DEMO_AUDIO_MEDIA_ID = Input(
    "demo_audio_media_id",
    "string",
    "Media id of the voice's demo audio, changed in place (UpdateCustomizedVoice). "
    "Omitted: whatever ICE has is kept.",
    text_rule(128),
    change="in place",
)
WAIT_FOR_TRAINING = Input(
    "wait_for_training",
    "boolean",
    "Whether create waits for training to end (Success or Fail). Default true.",
    bool_rule,
    default=True,
    change="nothing",
)
TRAINING_TIMEOUT = Input(
    "training_timeout",
    "number",
    f"Seconds create waits for training (more than 0, at most {MAX_TRAINING_TIMEOUT:.0f}; "
    f"default {DEFAULT_TRAINING_TIMEOUT:.0f}); the plugin's customTimeouts.create takes "
    "its place when set. Training goes on in ICE after it, and the next `pulumi up` "
    "continues the voice.",
    training_timeout_rule,
    default=DEFAULT_TRAINING_TIMEOUT,
    change="nothing",
)
#: How a voice's demo audio is declared and how its create waits: the last rows of every
#: edition's table.
DEMO_AND_WAIT = (DEMO_AUDIO_MEDIA_ID, WAIT_FOR_TRAINING, TRAINING_TIMEOUT)

#: What every edition's voice reports of its training job.
JOB_OUTPUTS = (
    Output("job_id", "string", "The voice-cloning job's id.", always=True),
    Output(
        "status",
        "string",
        "Initialization, AudioDetecting, PreTraining, Training, Success or Fail.",
        always=True,
    ),
    Output("message", "string", "ICE's message for the job (the reason of a Fail)."),
    Output("demo_audio_url", "string", "A playable URL of the demo audio (GetMediaInfo)."),
)
CREATE_TIME = Output("create_time", "string", "When ICE created the job.")
REGION = Output("region", "string", "The region the voice lives in.", always=True)
