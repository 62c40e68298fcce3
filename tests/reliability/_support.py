"""What the reliability tests share: an emulator of their own, voice programs, engines.

Every test here drives the REAL dynamic-provider host (``python -m pulumi.dynamic``)
through tests/engine/harness.py against an EmulatorServer started for that test, so that
faults, clock and counters set by one test never reach another.

    with running_emulator(tmp_path) as ice:             # ice.server, ice.control
        with ProviderHost(cwd=tmp_path) as host:
            engine = engine_for(host, ice.server.url)
            engine.up(voice_program(["reliable1"]))
        assert ice.jobs_of("reliable1")[0]["Status"] == "Success"
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer
from pulumi_ice_voice import CustomizedVoice
from tests.conftest import EmulatorControl
from tests.engine.harness import Engine, ProviderHost, Secret

__all__ = [
    "FAST_POLLING",
    "OUTPUT_KEYS_OF_A_TRAINED_VOICE",
    "IceUnderTest",
    "demo_url",
    "engine_for",
    "ice_config",
    "plain_strings",
    "recordings",
    "running_emulator",
    "voice_program",
    "wait_until",
]

REGION = "cn-shanghai"

FAST_POLLING = {"ice:minPollInterval": "0.05", "ice:pollInterval": "0.25"}
"""Poll training often: the emulator trains in a fraction of a second."""

OUTPUT_KEYS_OF_A_TRAINED_VOICE = (
    "voice_id",
    "job_id",
    "status",
    "voice_type",
    "create_time",
    "region",
    "voice_name",
    "gender",
    "scenario",
    "demo_audio_media_url",
    "demo_audio_media_id",
    "demo_audio_url",
)
"""Outputs a normal create of voice_program's voices fills in (none of them None)."""


def recordings(voice_id: str) -> list[str]:
    """The 20 recordings of a voice: OSS URLs in the provider's region, as ICE wants them."""
    return [
        f"https://reliability-voices.oss-{REGION}.aliyuncs.com/{voice_id}/{n:02d}.wav"
        for n in range(1, 21)
    ]


def demo_url(voice_id: str) -> str:
    return f"https://reliability-voices.oss-{REGION}.aliyuncs.com/demo/{voice_id}.wav"


def voice_program(
    voice_ids: Iterable[str],
    *,
    training_timeout: float = 300.0,
    voice_desc: Any = None,
) -> Callable[[], None]:
    """A program declaring one trained voice per id (its resource is named after it) and
    exporting each voice's outputs as ``<voice id>`` (a dict of the outputs)."""
    ids = list(voice_ids)

    def program() -> None:
        for voice_id in ids:
            voice = CustomizedVoice(
                voice_id,
                voice_id=voice_id,
                voice_name=f"Voice {voice_id}"[:32],
                gender="female",
                scenario="story",
                voice_desc=voice_desc,
                recordings=recordings(voice_id),
                demo_audio_media_url=demo_url(voice_id),
                training_timeout=training_timeout,
            )
            pulumi.export(
                voice_id,
                pulumi.Output.all(
                    **{key: getattr(voice, key) for key in (*OUTPUT_KEYS_OF_A_TRAINED_VOICE, "voice_desc")}
                ),
            )

    return program


def ice_config(
    url: str,
    *,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str | None = DEFAULT_ACCESS_KEY_SECRET,
    **extra: str,
) -> dict[str, str]:
    """Stack config reaching the emulator at ``url``, polling fast; ``extra`` adds keys."""
    config = {"ice:region": REGION, "ice:endpoint": url, "ice:accessKeyId": access_key_id}
    if access_key_secret is not None:
        config["ice:accessKeySecret"] = access_key_secret
    config.update(FAST_POLLING)
    config.update(extra)
    return config


def engine_for(host: ProviderHost, url: str, **extra: str) -> Engine:
    """An Engine over ``host`` with the emulator's keys in stack config (the secret marked)."""
    return Engine(host, config=ice_config(url, **extra), secret_keys=["ice:accessKeySecret"])


@dataclass
class IceUnderTest:
    """An emulator started for one test, and its control API."""

    server: EmulatorServer
    control: EmulatorControl

    @property
    def url(self) -> str:
        return self.server.url

    def jobs_by_voice(self) -> dict[str, list[dict[str, Any]]]:
        jobs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for job in self.control.jobs():
            jobs[job["VoiceId"]].append(job)
        return dict(jobs)

    def jobs_of(self, voice_id: str) -> list[dict[str, Any]]:
        return self.jobs_by_voice().get(voice_id, [])

    def count(self, action: str) -> int:
        return int(self.control.requests()["by_action"].get(action, 0))


@contextlib.contextmanager
def running_emulator(
    data_dir: Path, *, training_seconds: float = 0.3, **server_options: Any
) -> Iterator[IceUnderTest]:
    with EmulatorServer(
        data_dir=data_dir / "ice", training_seconds=training_seconds, **server_options
    ) as server:
        control = EmulatorControl(server.url)
        try:
            yield IceUnderTest(server, control)
        finally:
            control.close()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Poll ``condition`` until true. The timeout guards a hang; it measures nothing."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"never reached: {what}")
        time.sleep(0.005)


def plain_strings(value: Any, *, inside_secret: bool = False) -> Iterator[tuple[str, bool]]:
    """Every string in a property bag, with whether it sits inside a Secret."""
    if isinstance(value, Secret):
        yield from plain_strings(value.value, inside_secret=True)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key), inside_secret
            yield from plain_strings(item, inside_secret=inside_secret)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from plain_strings(item, inside_secret=inside_secret)
    elif value is not None:
        yield str(value), inside_secret
