"""The program of most CLI tests: the voices of the project's voices.json, as declared.

The file (written by tests/support/cli.py: Stack.set_voices) is a list; each entry is one
resource: `name` (the resource name), the inputs of
CustomizedVoice, and optionally
- `computed`: {input: how}, an input computed by another resource, so that it is unknown
  during a preview: `random:<prefix>` (prefix + a pulumi-random RandomString's result) or
  `output:<resource name>.<output>` (another voice's output);
- `options`: ResourceOptions keywords (`import_`, `protect`, `retain_on_delete`, ...);
- `secret_inputs`: names of inputs to pass as secrets (pulumi.Output.secret);
- `get`: a voice id, read with CustomizedVoice.get instead of declared;
- `edition`: `standard` or `cosy` for a StandardCustomizedVoice or a CosyVoiceCustomizedVoice
  (tests/support/editions.py makes such entries), `speech` for a Speech (its inputs; its
  voice usually `computed` from a voice's output).
Every voice's outputs (tests/support/outcomes.py: VOICE_OUTPUTS, EDITION_OUTPUTS)
are exported under its resource name. The repository must be on
PYTHONPATH (PulumiCli.stack puts it there).
"""

import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_random

from pulumi_ice_voice import (
    CosyVoiceCustomizedVoice,
    CustomizedVoice,
    Speech,
    StandardCustomizedVoice,
)
from tests.support.outcomes import EDITION_OUTPUTS, SPEECH_OUTPUTS, VOICE_OUTPUTS

EDITIONS: dict[str, type] = {
    "basic": CustomizedVoice,
    "standard": StandardCustomizedVoice,
    "cosy": CosyVoiceCustomizedVoice,
    "speech": Speech,
}
OUTPUTS = {"basic": VOICE_OUTPUTS, "speech": SPEECH_OUTPUTS}

# `test:exportOnly`: export that one output of each resource (benchmarks: one string each,
# as the engine's floor exports), not all of them.
EXPORT_ONLY = [name] if (name := pulumi.Config("test").get("exportOnly")) else []
declared: dict[str, pulumi.Resource] = {}
for entry in json.loads(Path("voices.json").read_text()):
    spec = dict(entry)
    name = spec.pop("name")
    options = pulumi.ResourceOptions(**spec.pop("options", {}))
    for key in spec.pop("secret_inputs", []):
        spec[key] = pulumi.Output.secret(spec[key])
    for key, how in spec.pop("computed", {}).items():
        kind, _, argument = how.partition(":")
        if kind == "random":
            suffix = pulumi_random.RandomString(
                f"{name}-{key}",
                length=6,
                upper=False,
                special=False,
                keepers={k: str(v) for k, v in sorted(spec.items())},
            )

            def with_prefix(result: str, prefix: str = argument) -> str:
                return f"{prefix}{result}"

            spec[key] = suffix.result.apply(with_prefix)
        elif kind == "output":
            other, _, output = argument.partition(".")
            spec[key] = getattr(declared[other], output)
        else:
            raise ValueError(f"{name}: unknown computed input {how!r}")
    edition = spec.pop("edition", "basic")
    cls: Any = EDITIONS[edition]
    voice = (
        cls.get(name, spec["get"], opts=options)
        if "get" in spec
        else cls(name, **spec, opts=options)
    )
    declared[name] = voice
    outputs = EXPORT_ONLY or OUTPUTS.get(edition, EDITION_OUTPUTS)
    pulumi.export(name, pulumi.Output.all(**{output: getattr(voice, output) for output in outputs}))
