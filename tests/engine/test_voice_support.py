"""Shared pieces of the CustomizedVoice engine tests (test_voice_*.py); holds no tests.

Every test starts its own ``python -m pulumi.dynamic`` in ``tmp_path`` (the host
configures a provider once and caches it, so one host per test keeps each test's config
its own; the fixture is written out in each module, as pytest wants it) and drives
it with tests.engine.harness.Engine against the session emulator, reset for the test
(``fresh_emulator``). Training takes EMULATOR_TRAINING_SECONDS there; the provider polls
fast through ``ice:minPollInterval``/``ice:pollInterval``.
"""

from __future__ import annotations

import io
import re
import wave
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import pulumi

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer
from icevoice import IceClient
from pulumi_ice_voice import CustomizedVoice
from tests.conftest import EmulatorControl
from tests.engine.harness import Engine, ProviderHost, ResourceState, reveal

__all__ = [
    "BUCKET",
    "DEMO_URL",
    "OUTPUTS",
    "RECORDINGS",
    "VOICE_TYPE",
    "api_client",
    "engine_for",
    "ice_config",
    "jobs_of",
    "one_voice",
    "only",
    "outputs_of",
    "stage",
    "transitions",
    "wav_info",
]

VOICE_TYPE = "pulumi-python:dynamic/ice:CustomizedVoice"
BUCKET = "https://voice-tests.oss-cn-shanghai.aliyuncs.com"
RECORDINGS = [f"{BUCKET}/narrator/{i:02d}.wav" for i in range(1, 21)]
DEMO_URL = f"{BUCKET}/demo/narrator.wav"
OUTPUTS = (
    "voice_id",
    "job_id",
    "status",
    "message",
    "demo_audio_media_url",
    "demo_audio_media_id",
    "demo_audio_url",
    "voice_type",
    "create_time",
    "region",
    "voice_name",
    "gender",
    "scenario",
    "voice_desc",
)
_TRANSITION = re.compile(r"pulumi-ice-voice: voice (\S+): job (\S+) (\w+) -> (\w+)\s*$")


def ice_config(url: str, **extra: str) -> dict[str, str]:
    """Stack config for an emulator at ``url`` with its default keys, polling fast."""
    return {
        "ice:region": "cn-shanghai",
        "ice:endpoint": url,
        "ice:accessKeyId": DEFAULT_ACCESS_KEY_ID,
        "ice:accessKeySecret": DEFAULT_ACCESS_KEY_SECRET,
        "ice:minPollInterval": "0.05",
        "ice:pollInterval": "0.2",
        **extra,
    }


def engine_for(host: ProviderHost, emulator: EmulatorServer, **kwargs: Any) -> Engine:
    """An Engine over ``host`` whose stack config points at ``emulator``."""
    return Engine(
        host, config=ice_config(emulator.url), secret_keys=["ice:accessKeySecret"], **kwargs
    )


def one_voice(name: str = "narrator", **args: Any) -> Callable[[], None]:
    """A program declaring one CustomizedVoice (a trained narrator unless ``args`` say
    otherwise) and exporting all its outputs as the stack output ``voice``."""
    declared: dict[str, Any] = {
        "voice_name": "Narrator",
        "gender": "female",
        "scenario": "story",
        "recordings": RECORDINGS,
        "demo_audio_media_url": DEMO_URL,
        **args,
    }
    opts = declared.pop("opts", None)

    def program() -> None:
        voice = CustomizedVoice(name, **declared, opts=opts)
        pulumi.export("voice", {key: getattr(voice, key) for key in OUTPUTS})

    return program


def only(engine: Engine) -> ResourceState:
    """The single resource of the stack."""
    [state] = engine.state.values()
    return state


def jobs_of(control: EmulatorControl, voice_id: str) -> list[dict[str, Any]]:
    """Every job the emulator holds for ``voice_id``."""
    return [job for job in control.jobs() if job["VoiceId"] == voice_id]


def stage(control: EmulatorControl, voice_id: str, voice_name: str, **body: Any) -> str:
    """Create ``voice_id`` with 20 passing recordings out of band; returns its job id."""
    response = httpx.post(
        f"{control.url}/_emulator/stage",
        json={"voice_ids": [voice_id], "voice_name": voice_name, **body},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["job_ids"][voice_id])


def api_client(emulator: EmulatorServer) -> IceClient:
    """The SDK client, as a colleague changing the voice behind the stack's back uses it."""
    return IceClient(
        endpoint=emulator.url,
        access_key_id=DEFAULT_ACCESS_KEY_ID,
        access_key_secret=DEFAULT_ACCESS_KEY_SECRET,
    )


def wav_info(url: str) -> tuple[int, int, int]:
    """Download ``url`` and parse it as WAV: (channels, frame rate, frames)."""
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    with wave.open(io.BytesIO(response.content)) as audio:
        return audio.getnchannels(), audio.getframerate(), audio.getnframes()


def transitions(stderr: str) -> dict[str, list[tuple[str, str]]]:
    """Status transition lines of the host's stderr, by voice id: [(from, to), ...]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in stderr.splitlines():
        match = _TRANSITION.search(line)
        if match:
            found.setdefault(match.group(1), []).append((match.group(3), match.group(4)))
    return found


def outputs_of(result_outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The ``voice`` stack output of a one_voice program, secrets revealed."""
    return dict(reveal(result_outputs)["voice"])
