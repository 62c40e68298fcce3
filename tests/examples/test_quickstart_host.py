"""The quickstart end to end through the real dynamic-provider host, as `pulumi up` runs it.

No Pulumi CLI here, so tests/engine/harness.py plays the engine: it runs the quickstart
program under mocks and performs each registration's steps (Check, Diff, Create, Read,
Delete) over gRPC against `python -m pulumi.dynamic`, started in the program's directory as
the CLI starts it. The only stand-in is pulumi-random (a Go plugin of the CLI): an object
with a fixed `result`.

Two backends: an EmulatorServer the test starts (with ICE credentials as a user would give
them), and the quickstart's own dev stack config, `ice:endpoint: embedded`, whose emulator
lives inside the host and keeps its state in a data directory from one host to the next.
"""

from __future__ import annotations

import runpy
import sys
import types
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pulumi
import pytest

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer
from tests.engine.harness import Engine, ProviderHost, reveal
from tests.examples.ice_example_mocks import REPO, stack_config

QUICKSTART = REPO / "examples" / "quickstart"
SUFFIX = "abc123"
VOICE_ID = f"quickstart{SUFFIX}"
TRAINING_SECONDS = 0.5


@pytest.fixture
def random_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """pulumi_random.RandomString as a plain object whose `result` is SUFFIX cut to `length`
    (not a resource: the harness drives one provider, the dynamic one)."""

    class RandomString:
        def __init__(self, resource_name: str, *, length: int, **_: object) -> None:
            self.result = pulumi.Output.from_input(SUFFIX[:length])

    module = types.ModuleType("pulumi_random")
    module.RandomString = RandomString  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pulumi_random", module)


def quickstart() -> None:
    runpy.run_path(str(QUICKSTART), run_name="__main__")


@pytest.fixture
def host(random_stand_in: None) -> Iterator[ProviderHost]:
    with ProviderHost(cwd=QUICKSTART, project="ice-voice-quickstart") as running:
        yield running


def _wav(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # a loopback emulator
        return response.read()


def _engine(host: ProviderHost, config: dict[str, str], secret_keys: list[str]) -> Engine:
    return Engine(
        host, config=config, secret_keys=secret_keys, project="ice-voice-quickstart", stack="dev"
    )


def test_quickstart_trains_its_voice_through_the_host_against_an_emulator(
    tmp_path: Path, host: ProviderHost
) -> None:
    with EmulatorServer(data_dir=tmp_path / "ice", training_seconds=TRAINING_SECONDS) as emulator:
        config = {
            "ice:region": "cn-shanghai",
            "ice:endpoint": emulator.url,
            "ice:accessKeyId": DEFAULT_ACCESS_KEY_ID,
            "ice:accessKeySecret": DEFAULT_ACCESS_KEY_SECRET,
        }
        engine = _engine(host, config, ["ice:accessKeySecret"])

        first = engine.up(quickstart)

        assert first.ops("narrator") == [("create", "narrator")]
        outputs = reveal(first.stack_outputs)
        assert outputs["voiceId"] == VOICE_ID
        assert outputs["status"] == "Success"
        assert outputs["jobId"]
        assert _wav(outputs["demoAudioUrl"])[:4] == b"RIFF"

        again = engine.up(quickstart)
        assert again.ops("narrator") == [("same", "narrator")]
        assert again.calls["Create"] == again.calls["Update"] == 0

        engine.destroy()
        assert engine.state == {}
    assert DEFAULT_ACCESS_KEY_SECRET not in host.stderr_text()


def test_quickstart_dev_stack_trains_on_the_embedded_emulator_and_keeps_it(
    tmp_path: Path, host: ProviderHost
) -> None:
    data_dir = tmp_path / "ice-emulator"
    config = {
        **stack_config(REPO, "dev"),  # ice:endpoint embedded, ice:region cn-shanghai
        "ice:embeddedDataDir": str(data_dir),
        "ice:embeddedTrainingSeconds": str(TRAINING_SECONDS),
    }
    engine = _engine(host, config, [])

    first = engine.up(quickstart)

    outputs = reveal(first.stack_outputs)
    assert (outputs["voiceId"], outputs["status"]) == (VOICE_ID, "Success")
    assert _wav(outputs["demoAudioUrl"])[:4] == b"RIFF", "the demo audio is a real WAV file"
    assert any(data_dir.rglob("*.wav"))

    # The CLI starts a fresh host for every command: the emulator's state is in data_dir.
    host.close()
    engine.host = host.respawn()
    try:
        refreshed = engine.refresh()
        [voice] = [s for s in engine.state.values() if s.name == "narrator"]
        assert voice.id == VOICE_ID, f"the voice survived the restart: {refreshed.ops()}"
        assert reveal(voice.outputs)["status"] == "Success"
        again = engine.up(quickstart)
        assert again.calls["Create"] == again.calls["Update"] == 0
        assert reveal(again.stack_outputs)["jobId"] == outputs["jobId"]
        engine.destroy()
    finally:
        engine.host.close()
