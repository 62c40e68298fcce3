"""Every example program end to end through the real dynamic-provider host and the emulator.

tests/engine/harness.py plays the engine (see test_quickstart_host.py); each host starts in
the example's directory, as the Pulumi CLI starts it, with the example's own dev stack
config (the embedded emulator, its state in a temporary directory, training shortened).
pulumi.StackReference is the one stand-in: the harness drives one provider, and the
consumer's reference reads the producer's outputs from the producer's run.
"""

from __future__ import annotations

import json
import runpy
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from ice_emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorServer
from tests.engine.harness import Engine, EngineError, ProviderHost, reveal
from tests.examples.ice_example_mocks import REPO, stack_config

EXAMPLES = REPO / "examples"
TRAINING_SECONDS = "0.3"


def program(path: Path) -> Callable[[], None]:
    return lambda: runpy.run_path(str(path), run_name="__main__")


def embedded(project_dir: Path, data_dir: Path, stack: str = "dev") -> dict[str, str]:
    return {
        **stack_config(project_dir, stack),
        "ice:embeddedDataDir": str(data_dir),
        "ice:embeddedTrainingSeconds": TRAINING_SECONDS,
    }


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # the loopback emulator
        return json.loads(response.read() or b"null")


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def host_in() -> Iterator[Callable[[Path, str], ProviderHost]]:
    hosts: list[ProviderHost] = []

    def start(project_dir: Path, project: str) -> ProviderHost:
        hosts.append(ProviderHost(cwd=project_dir, project=project))
        return hosts[-1]

    yield start
    for host in hosts:
        host.close()


def test_full_pipeline_reports_rejected_recordings_together_then_trains_the_same_job(
    tmp_path: Path, host_in: Callable[[Path, str], ProviderHost]
) -> None:
    project_dir = EXAMPLES / "full-pipeline"
    main = program(project_dir)
    with EmulatorServer(
        data_dir=tmp_path / "ice", training_seconds=float(TRAINING_SECONDS)
    ) as emulator:
        config = {
            **stack_config(project_dir, "dev"),
            "ice:endpoint": emulator.url,
            "ice:accessKeyId": DEFAULT_ACCESS_KEY_ID,
            "ice:accessKeySecret": DEFAULT_ACCESS_KEY_SECRET,
        }
        engine = Engine(
            host_in(project_dir, "ice-voice-full-pipeline"),
            config=config,
            secret_keys=["ice:accessKeySecret"],
            project="ice-voice-full-pipeline",
            stack="dev",
        )
        bucket = "https://ice-voice-recordings.oss-cn-shanghai.aliyuncs.com/anchor"
        _post(
            f"{emulator.url}/_emulator/faults",
            {
                "reject_records": {
                    f"{bucket}/03.wav": "background noise",
                    f"{bucket}/17.wav": "text mismatch",
                }
            },
        )

        with pytest.raises(EngineError) as failed:
            engine.up(main)

        message = str(failed.value)
        assert "record 3: background noise" in message and "record 17: text mismatch" in message
        _post(f"{emulator.url}/_emulator/faults", {})

        trained = reveal(engine.up(main).stack_outputs)

        assert trained["status"] == "Success"
        assert trained["voiceId"].startswith("anchor")
        [job] = [
            j
            for j in _get(f"{emulator.url}/_emulator/jobs")["jobs"]
            if j["VoiceId"] == trained["voiceId"]
        ]
        assert job["JobId"] == trained["jobId"], "the retry trained the job the failed run created"
        assert (job["SubmitCount"], job["PassedRecords"]) == (1, 20)
        assert urllib.request.urlopen(trained["demoAudioUrl"], timeout=10).read(4) == b"RIFF"
        engine.destroy()


def test_many_voices_trains_the_whole_catalogue(
    tmp_path: Path, host_in: Callable[[Path, str], ProviderHost]
) -> None:
    project_dir = EXAMPLES / "many-voices"
    catalogue = yaml.safe_load((project_dir / "voices.yaml").read_text())["voices"]
    engine = Engine(
        host_in(project_dir, "ice-voice-many-voices"),
        config=embedded(project_dir, tmp_path),
        project="ice-voice-many-voices",
        stack="dev",
    )

    voices = reveal(engine.up(program(project_dir)).stack_outputs)["voices"]

    assert set(voices) == {entry["key"] for entry in catalogue}
    assert {v["status"] for v in voices.values()} == {"Success"}
    again = engine.up(program(project_dir))
    assert again.calls["Create"] == again.calls["Update"] == 0
    engine.destroy()


def test_consumer_gets_the_voice_the_producer_trained(
    tmp_path: Path, host_in: Callable[[Path, str], ProviderHost], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = EXAMPLES / "producer-consumer"
    shared = tmp_path / "shared-ice"  # both dev stacks point at one emulator state
    producer = Engine(
        host_in(base / "producer", "ice-voice-producer"),
        config=embedded(base / "producer", shared),
        project="ice-voice-producer",
        stack="dev",
    )
    published = reveal(producer.up(program(base / "producer")).stack_outputs)
    producer.host.close()  # the producer's emulator stops with its host, as after `pulumi up`

    class StackReference:
        def __init__(self, name: str) -> None:
            assert name == "organization/ice-voice-producer/dev"

        def require_output(self, name: str) -> pulumi.Output[Any]:
            return pulumi.Output.from_input(published[name])

    monkeypatch.setattr(pulumi, "StackReference", StackReference)
    consumer = Engine(
        host_in(base / "consumer", "ice-voice-consumer"),
        config=embedded(base / "consumer", shared),
        project="ice-voice-consumer",
        stack="dev",
    )

    used = consumer.up(program(base / "consumer"))

    narrator = published["voices"]["narrator"]
    assert used.ops() == [("read", "narrator")]
    outputs = reveal(used.stack_outputs)
    assert outputs["voiceId"] == narrator["voiceId"]
    assert outputs["status"] == "Success"
    assert outputs["ttsVoice"] == {"voice": narrator["voiceId"], "region": "cn-shanghai"}
    assert consumer.destroy().ops() == [("discard", "narrator")], (
        "never deletes the producer's voice"
    )


def test_automation_api_inline_program_trains_the_requested_voice(
    tmp_path: Path, host_in: Callable[[Path, str], ProviderHost]
) -> None:
    module = runpy.run_path(str(EXAMPLES / "automation-api" / "provision.py"), run_name="provision")
    request = module["VoiceRequest"](voice_id="support01", voice_name="Support line", gender="male")
    config = {
        "ice:endpoint": "embedded",
        "ice:region": "cn-shanghai",
        "ice:embeddedDataDir": str(tmp_path),
        "ice:embeddedTrainingSeconds": TRAINING_SECONDS,
    }
    engine = Engine(
        host_in(tmp_path, "ice-voice-automation"),
        config=config,
        project="ice-voice-automation",
        stack="dev",
    )

    outputs = reveal(engine.up(module["voice_program"](request)).stack_outputs)

    assert (outputs["voiceId"], outputs["status"]) == ("support01", "Success")
    engine.destroy()


def test_gitops_catalogue_trains_on_the_dev_stack(
    tmp_path: Path, host_in: Callable[[Path, str], ProviderHost]
) -> None:
    project_dir = EXAMPLES / "gitops"
    engine = Engine(
        host_in(project_dir, "ice-voice-gitops"),
        config=embedded(project_dir, tmp_path),
        project="ice-voice-gitops",
        stack="dev",
    )

    voices = reveal(engine.up(program(project_dir)).stack_outputs)["voices"]

    assert {v["status"] for v in voices.values()} == {"Success"}
    engine.destroy()
