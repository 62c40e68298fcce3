"""The plugin's test program: the voices of the project's voices.json, through the Python
SDK that `pulumi package gen-sdk` generates from the plugin's schema (`pulumi_icevoice`,
on PYTHONPATH: tests/support/plugin.py makes it once per session).

An entry of `test:providers` is an explicit provider: its inputs, and in `computed` inputs
whose values another resource (pulumi-random) computes, so that a preview does not know them.
Each entry of voices.json (tests/support/cli.py: Stack.set_voices) is one CustomizedVoice:
`name` (the resource name), its inputs (the SDK's snake_case names), and optionally
`provider` (the name of an entry of `test:providers`, an explicit provider with those
inputs), `custom_timeouts` (the resource option's `create`/`update`/`delete`), `import` (a
voice id to import) and
`edition` (`standard` or `cosy`: tests/support/editions.py; `speech`: a Speech), and
`outputs_of`: {input: "<resource name>.<output>"}, an input that is another resource's output.
Every voice's outputs are exported under its resource name (tests/support/outcomes.py:
VOICE_OUTPUTS). With `test:lookups`, the package's functions are called and their results
exported too.
"""

import json
from pathlib import Path

import pulumi
import pulumi_icevoice as icevoice
import pulumi_random

from tests.support.outcomes import EDITION_OUTPUTS, SPEECH_OUTPUTS, VOICE_OUTPUTS

EDITIONS = {
    "basic": icevoice.CustomizedVoice,
    "standard": icevoice.StandardCustomizedVoice,
    "cosy": icevoice.CosyVoiceCustomizedVoice,
    "speech": icevoice.Speech,
}
OUTPUTS = {"basic": VOICE_OUTPUTS, "speech": SPEECH_OUTPUTS}

config = pulumi.Config("test")


def computed(name: str, value: str) -> pulumi.Output[str]:
    """``value``, known only once a pulumi-random resource exists (unknown in a preview)."""
    suffix = pulumi_random.RandomString(f"{name}-computed", length=4, special=False)
    return suffix.result.apply(lambda _: value)


def provider(entry: dict[str, object]) -> icevoice.Provider:
    """An explicit provider; `computed` settings are known only after a resource exists."""
    settings = {k: v for k, v in entry.items() if k not in ("name", "computed")}
    later = dict(entry.get("computed") or {})  # type: ignore[call-overload]
    settings |= {k: computed(f"{entry['name']}-{k}", str(v)) for k, v in later.items()}
    return icevoice.Provider(str(entry["name"]), **settings)


# `test:exportOnly`: export that one output of each resource (benchmarks: one string each,
# as the engine's floor exports), not all of them.
EXPORT_ONLY = [name] if (name := config.get("exportOnly")) else []
providers = {entry["name"]: provider(entry) for entry in config.get_object("providers") or []}
voice = None
declared: dict[str, pulumi.Resource] = {}
voices_file = Path("voices.json")
for entry in json.loads(voices_file.read_text()) if voices_file.exists() else []:
    spec = dict(entry)
    name = spec.pop("name")
    for key, source in spec.pop("outputs_of", {}).items():
        other, _, output = source.partition(".")
        spec[key] = getattr(declared[other], output)
    options = pulumi.ResourceOptions(
        provider=providers[spec.pop("provider")] if "provider" in spec else None,
        custom_timeouts=pulumi.CustomTimeouts(**spec.pop("custom_timeouts", {})),
        import_=spec.pop("import", None),
    )
    edition = spec.pop("edition", "basic")
    resource = declared[name] = EDITIONS[edition](name, opts=options, **spec)
    if edition != "speech":
        voice = resource
    outputs = EXPORT_ONLY or OUTPUTS.get(edition, EDITION_OUTPUTS)
    pulumi.export(
        name, pulumi.Output.all(**{output: getattr(resource, output) for output in outputs})
    )

# `test:quota`: the account's CosyVoice use, exported for the tests to read.
if config.get_bool("quota"):
    quota = icevoice.get_cosy_voice_quota_output()
    pulumi.export(
        "quota",
        pulumi.Output.all(quota.used, quota.limit, quota.region, quota.voices).apply(
            lambda found: {
                "used": found[0],
                "limit": found[1],
                "region": found[2],
                "voices": [v["job_id"] if isinstance(v, dict) else v.job_id for v in found[3]],
            }
        ),
    )

# `test:lookups`: the package's functions, exported for the tests to read.
if config.get_bool("lookups"):
    texts = icevoice.get_demonstration(scenario="story").texts
    pulumi.export("demonstration", [{"audio_id": t.audio_id, "text": t.text} for t in texts])
    listed = icevoice.list_customized_voices_output(type="Basic")
    pulumi.export("listed", listed.voices.apply(lambda voices: [v.voice_id for v in voices]))
    if voice is not None:  # the last voice declared, read once it exists
        found = icevoice.get_customized_voice_output(voice_id=voice.voice_id)
        pulumi.export("found", {"status": found.status, "job_id": found.job_id})
