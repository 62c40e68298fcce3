"""What a run of the real Pulumi CLI printed, read back.

    created(up.stdout)                        # {"narrator", ...}: voices reported created
    raised(up.output, "TrainingFailed")       # ["training of voice ... failed ...", ...]
    check_failures(preview.output)            # {"voice": {"gender": {"must be one of ..."}}}

The engine prints a provider's exception as the dynamic-provider host formats it, a Python
traceback, under the resource in Diagnostics; the exception itself is its last line,
`<module>.<Class>: <message>`. A check failure is one line per property:
`<type> resource '<name>': property <property> value {<value>} has a problem: <reason>`.
"""

from __future__ import annotations

import re

__all__ = [
    "EDITION_OUTPUTS",
    "OUTPUT_KEYS_OF_A_TRAINED_VOICE",
    "SPEECH_OUTPUTS",
    "VOICE_OUTPUTS",
    "check_failures",
    "created",
    "raised",
]

VOICE_OUTPUTS = (
    "voice_id",
    "job_id",
    "status",
    "message",
    "voice_type",
    "create_time",
    "region",
    "voice_name",
    "gender",
    "scenario",
    "voice_desc",
    "demo_audio_media_url",
    "demo_audio_media_id",
    "demo_audio_url",
    "wait_for_training",
    "training_timeout",
)
"""The outputs of a CustomizedVoice the voices program exports under each voice's name
(all but `recordings`). This module imports nothing but the standard library: the program
imports it."""

EDITION_OUTPUTS = (
    "voice_id",
    "ice_voice_name",
    "job_id",
    "status",
    "message",
    "voice_type",
    "create_time",
    "region",
    "voice_name",
    "gender",
    "demo_audio_media_url",
    "demo_audio_media_id",
    "demo_audio_url",
    "wait_for_training",
    "training_timeout",
)
"""The outputs of a Standard or CosyVoice voice the programs export under its name."""

SPEECH_OUTPUTS = (
    "job_id",
    "state",
    "media_id",
    "audio_url",
    "duration",
    "message",
    "region",
    "text",
    "customized_voice",
    "format",
    "speech_marker",
)
"""The outputs of a Speech the programs export under its name."""

OUTPUT_KEYS_OF_A_TRAINED_VOICE = tuple(
    key
    for key in VOICE_OUTPUTS
    if key not in ("message", "voice_desc", "wait_for_training", "training_timeout")
)
"""Outputs a normal create of the voices program's voices fills in (none of them null):
not ICE's message, nor the description and waiting options the program declares."""

_CREATED = re.compile(r"^ \+  pulumi-python:dynamic/ice:CustomizedVoice (\S+) created", re.M)
_CHECK_FAILURE = re.compile(
    r"resource '(?P<name>[^']+)': property (?P<prop>\S+) value \{(?P<value>.*)\} "
    r"has a problem: (?P<reason>.*)$",
    re.M,
)


def created(stdout: str) -> set[str]:
    """The voices the CLI reports created (` +  <type> <name> created (1s)`)."""
    return set(_CREATED.findall(stdout))


def raised(output: str, exception: str) -> list[str]:
    """The messages of every ``exception`` (a class name) a traceback in ``output`` ends with."""
    pattern = re.compile(rf"^\s*(?:[A-Za-z_][\w.]*\.)?{re.escape(exception)}: (.*)$", re.M)
    return list(dict.fromkeys(pattern.findall(output)))


def check_failures(output: str) -> dict[str, dict[str, set[str]]]:
    """Check failures the engine printed: resource name -> property -> reasons."""
    found: dict[str, dict[str, set[str]]] = {}
    for match in _CHECK_FAILURE.finditer(output):
        found.setdefault(match["name"], {}).setdefault(match["prop"], set()).add(match["reason"])
    return found
