"""Promise 5: credentials never reach the state, the outputs, or anything printed.

The emulator accepts one key pair with an STS token. The provider gets them through stack
config, through environment variables, and through the Alibaba Cloud credential chain (a
CLI profile), runs a whole life (up, refresh, an update, a failed training, destroy) in
a real provider host whose every logger writes DEBUG records to stderr, and then
everything a stack stores (inputs, outputs, the decoded ``__provider`` of each resource,
stack outputs) and everything printed (the host's stderr and stdout, every exception
text) is searched for the secret and the token. Separately: outputs that come from
secret inputs stay secret.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest

from pulumi_ice_voice import CustomizedVoice
from tests.engine.harness import Engine, EngineError, ProviderHost, Secret, reveal

from ._support import FAST_POLLING, REGION, demo_url, recordings, running_emulator, voice_program

KEY_ID = "LTAI5tSecretsTestKey9Z"
SECRET = "secrets-test-secret-never-print-51c7"
TOKEN = "secrets-test-sts-token-never-print-a9e2"
DEBUG_LOGGING = Path(__file__).resolve().parent / "debug_logging"

Source = Callable[[str, Path], tuple[dict[str, str], list[str], dict[str, str]]]


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA_CLOUD_", "ALICLOUD_"))}
    env["HOME"] = str(home)
    env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"  # never probe 100.100.100.200
    return env


def _base_config(url: str) -> dict[str, str]:
    return {"ice:region": REGION, "ice:endpoint": url, **FAST_POLLING}


def through_config(url: str, home: Path) -> tuple[dict[str, str], list[str], dict[str, str]]:
    config = {**_base_config(url), "ice:accessKeyId": KEY_ID, "ice:accessKeySecret": SECRET,
              "ice:securityToken": TOKEN}
    return config, ["ice:accessKeySecret", "ice:securityToken"], _clean_env(home)


def through_environment(url: str, home: Path) -> tuple[dict[str, str], list[str], dict[str, str]]:
    env = {**_clean_env(home), "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
           "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET, "ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN}
    return _base_config(url), [], env


def through_the_credential_chain(url: str, home: Path) -> tuple[dict[str, str], list[str], dict[str, str]]:
    pytest.importorskip("alibabacloud_credentials")
    profile = {"name": "voices", "mode": "StsToken", "access_key_id": KEY_ID,
               "access_key_secret": SECRET, "sts_token": TOKEN}
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "voices", "profiles": [profile]}))
    return _base_config(url), [], _clean_env(home)


@pytest.mark.parametrize(
    "source", [through_config, through_environment, through_the_credential_chain],
    ids=["stack-config", "environment", "credential-chain"],
)
def test_credentials_reach_ice_and_nothing_stored_or_printed_holds_them(
    source: Source, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with running_emulator(tmp_path, training_seconds=0.2) as ice:
        ice.control.credentials(access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN)
        config, secret_keys, env = source(ice.url, home)
        errors: list[str] = []
        with ProviderHost(cwd=tmp_path, env=env, inherit_env=False, pythonpath=[DEBUG_LOGGING]) as host:
            engine = Engine(host, config=config, secret_keys=secret_keys)
            trained = reveal(engine.up(voice_program(["secret1"])).stack_outputs)["secret1"]
            engine.refresh()
            media_id = trained["demo_audio_media_id"]
            engine.up(_with_media(["secret1", "secret2"], media_id))
            ice.control.faults(fail_voice_ids=["secret3"])
            with pytest.raises(EngineError) as failed:
                engine.up(_with_media(["secret1", "secret2", "secret3"], media_id))
            errors += [str(failed.value), repr(failed.value)]
            if failed.value.provider_error is not None:
                errors.append(failed.value.provider_error.details)
            stored = _everything_stored(engine)
            engine.destroy()
            printed = host.stderr_text() + host.stdout_text()

    assert trained["status"] == "Success", "ICE accepted the credentials"
    assert "training of voice secret3 failed" in "\n".join(errors)
    assert "DEBUG-LOG DEBUG" in printed, "DEBUG logging did run in the host"
    for value in (SECRET, TOKEN):
        assert value not in stored
        assert value not in printed
        assert all(value not in text for text in errors)


def test_outputs_that_come_from_secret_inputs_stay_secret(tmp_path: Path) -> None:
    description = "the narrator of our unannounced product"

    def program() -> None:
        voice = CustomizedVoice(
            "hush", voice_id="hush1", voice_name="Hush", gender="female", scenario="story",
            voice_desc=pulumi.Output.secret(description), recordings=recordings("hush1"),
            demo_audio_media_url=demo_url("hush1"),
        )
        pulumi.export("desc", voice.voice_desc)
        pulumi.export("jobId", voice.job_id)

    with running_emulator(tmp_path, training_seconds=0.2) as ice, ProviderHost(cwd=tmp_path) as host:
        config = {**_base_config(ice.url), "ice:accessKeyId": "ice-emulator-access-key",
                  "ice:accessKeySecret": "ice-emulator-secret"}
        engine = Engine(host, config=config, secret_keys=["ice:accessKeySecret"])
        result = engine.up(program)
        engine.refresh()
        [state] = engine.state.values()
        printed = host.stderr_text()

    assert isinstance(state.inputs["voice_desc"], Secret)
    assert isinstance(state.outputs["voice_desc"], Secret), "refresh kept it secret too"
    assert reveal(state.outputs["voice_desc"]) == description
    assert isinstance(result.stack_outputs["desc"], Secret)
    assert not isinstance(result.stack_outputs["jobId"], Secret)
    assert description not in printed


def _with_media(voice_ids: list[str], media_id: str) -> Callable[[], None]:
    """voice_program, with the first voice's demo audio set to ``media_id`` (an update)."""
    base = voice_program(voice_ids[1:])

    def program() -> None:
        first = voice_ids[0]
        CustomizedVoice(first, voice_id=first, voice_name=f"Voice {first}", gender="female",
                        scenario="story", recordings=recordings(first),
                        demo_audio_media_url=demo_url(first), demo_audio_media_id=media_id)
        base()

    return program


def _everything_stored(engine: Engine) -> str:
    stored: list[Any] = [engine.stack_outputs]
    for state in engine.state.values():
        stored += [state.inputs, state.outputs]
        provider = base64.b64decode(str(reveal(state.outputs)["__provider"]))
        stored += [provider.hex(), provider.decode("latin-1")]
    return json.dumps(reveal(stored), default=str)
