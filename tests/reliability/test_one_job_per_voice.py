"""Promise 2, from the program's side: two resources cannot claim one voice.

A stack that declares the same voice id twice gets one voice trained once and a clear
error for the other resource, not two resources adopting each other's job.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_ice_voice import CustomizedVoice
from tests.engine.harness import EngineError, ProviderHost, reveal

from ._support import demo_url, engine_for, recordings, running_emulator

VOICE = "twice1"


def test_a_voice_id_declared_twice_trains_once_and_the_other_resource_is_refused(tmp_path: Path) -> None:
    def program() -> None:
        for name in ("first", "second"):
            CustomizedVoice(name, voice_id=VOICE, voice_name="Twice", gender="female",
                            scenario="story", recordings=recordings(VOICE),
                            demo_audio_media_url=demo_url(VOICE))

    with running_emulator(tmp_path, training_seconds=1.0) as ice, ProviderHost(cwd=tmp_path) as host:
        engine = engine_for(host, ice.url)
        with pytest.raises(EngineError) as failed:
            engine.up(program)
        [job] = ice.jobs_of(VOICE)

    assert failed.value.provider_error is not None
    assert failed.value.provider_error.last_line.endswith(
        f"voice_id: voice {VOICE} is being created by another resource of this stack; "
        "a voice id can be declared once"
    )
    assert (job["Status"], job["SubmitCount"]) == ("Success", 1)
    [kept] = engine.state.values()
    assert reveal(kept.outputs)["job_id"] == job["JobId"]
