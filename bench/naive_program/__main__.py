"""The naive baseline's program: bench/naive_provider.py's NaiveVoice for each entry of the
project's voices.json (the voices program's file, tests/support/cli.py: Stack.set_voices),
against the emulator at stack config `naive:endpoint`. Each voice exports its voice_id and
status, as the voices program does, so bench._support.cli_up reads all three programs alike.
The repository must be on PYTHONPATH (PulumiCli.stack puts it there): the dynamic host
unpickles the provider by reference to bench.naive_provider.
"""

import json
from pathlib import Path

import pulumi

from bench.naive_provider import NaiveVoice

endpoint = pulumi.Config("naive").require("endpoint")
for entry in json.loads(Path("voices.json").read_text()):
    voice = NaiveVoice(
        str(entry["name"]),
        endpoint=endpoint,
        voice_id=str(entry["voice_id"]),
        voice_name=str(entry["voice_name"]),
        gender=str(entry.get("gender", "female")),
        scenario=str(entry.get("scenario", "story")),
        recordings=list(entry.get("recordings") or []) or None,
    )
    pulumi.export(
        str(entry["name"]), pulumi.Output.all(voice_id=voice.voice_id, status=voice.status)
    )
