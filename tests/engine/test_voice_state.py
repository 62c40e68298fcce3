"""What a stack stores and prints for a CustomizedVoice: no provider internals, no credentials.

The dynamic provider is pickled into the `__provider` property of every resource's state,
so whatever the instance holds lands in the state file. These tests decode it, and follow
credentials given through stack config or the environment through a whole
up/refresh/destroy to check they reach ICE and nothing else.
"""

from __future__ import annotations

import base64
import json
import pickletools
import threading
from pathlib import Path
from typing import Any

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from ice_emulator import EmulatorServer
from pulumi_ice_voice import CustomizedVoiceProvider, ProviderConfig
from tests.conftest import EmulatorControl
from tests.engine.harness import (
    Engine,
    EngineError,
    ProviderHost,
    Secret,
    capture_registration,
    reveal,
)
from tests.engine.test_voice_support import VOICE_TYPE, ice_config, one_voice, outputs_of

KEY_ID = "LTAI5tVoiceStateKeyId7Q"
SECRET = "voice-state-secret-do-not-print-3f9a"
TOKEN = "voice-state-sts-token-do-not-print-c21e"


def pickle_globals(raw: bytes) -> list[tuple[str, str]]:
    """(module, name) of every global a pickle references."""
    strings: list[str] = []
    found: list[tuple[str, str]] = []
    for opcode, arg, _ in pickletools.genops(raw):
        if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(str(arg))
        elif opcode.name == "STACK_GLOBAL":
            found.append((strings[-2], strings[-1]))
        elif opcode.name in ("GLOBAL", "INST"):
            module, name = str(arg).split(" ", 1)
            found.append((module, name))
    return found


def test_the_pickled_provider_names_its_class_and_holds_nothing() -> None:
    capture = capture_registration(one_voice())

    voice = capture.by_name("narrator")
    assert voice.type == VOICE_TYPE
    assert not isinstance(voice.inputs["__provider"], Secret), "nothing in it needs hiding"
    raw = base64.b64decode(voice.provider_string)
    assert len(raw) < 100
    assert pickle_globals(raw) == [("pulumi_ice_voice._provider", "CustomizedVoiceProvider")]
    ops = list(pickletools.genops(raw))
    # The only values in it are the two names, and the state it restores is an empty dict.
    assert {str(arg) for _, arg, _ in ops if isinstance(arg, str)} == {
        "pulumi_ice_voice._provider", "CustomizedVoiceProvider",
    }
    assert [op.name for op, _, _ in ops][-4:] == ["EMPTY_DICT", "MEMOIZE", "BUILD", "STOP"]
    provider = dill.loads(raw)
    assert type(provider) is CustomizedVoiceProvider and vars(provider) == {}


def test_a_configured_provider_pickles_to_the_same_empty_reference() -> None:
    provider = CustomizedVoiceProvider()
    empty = serialize_provider(provider)
    # What a configured provider could be holding: config with keys, a lock, a client-ish object.
    provider._ice_config = ProviderConfig(  # type: ignore[attr-defined]
        access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN
    )
    provider._lock = threading.Lock()  # type: ignore[attr-defined]

    configured = serialize_provider(provider)

    assert configured == empty
    raw = base64.b64decode(configured)
    for value in (KEY_ID, SECRET, TOKEN):
        assert value.encode() not in raw


@pytest.fixture
def keyed_emulator(fresh_emulator: EmulatorControl) -> EmulatorControl:
    """The session emulator accepting only KEY_ID/SECRET with the STS token TOKEN."""
    fresh_emulator.credentials(access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN)
    return fresh_emulator


def _through_config(url: str) -> tuple[dict[str, str], list[str], dict[str, str]]:
    config = {
        **ice_config(url),
        "ice:accessKeyId": KEY_ID,
        "ice:accessKeySecret": SECRET,
        "ice:securityToken": TOKEN,
    }
    return config, ["ice:accessKeySecret", "ice:securityToken"], {}


def _through_environment(url: str) -> tuple[dict[str, str], list[str], dict[str, str]]:
    config = {
        k: v for k, v in ice_config(url).items() if k not in ("ice:accessKeyId", "ice:accessKeySecret")
    }
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
        "ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN,
    }
    return config, [], env


def _everything_stored(engine: Engine) -> str:
    stored: list[Any] = [engine.stack_outputs]
    for state in engine.state.values():
        stored += [state.inputs, state.outputs]
        stored.append(base64.b64decode(reveal(state.outputs)["__provider"]).hex())
        stored.append(base64.b64decode(reveal(state.outputs)["__provider"]).decode("latin-1"))
    return json.dumps(reveal(stored), default=str)


@pytest.mark.parametrize("given", [_through_config, _through_environment], ids=["config", "env"])
def test_credentials_reach_ice_and_appear_nowhere_in_state_or_output(
    given: Any, tmp_path: Path, emulator: EmulatorServer, keyed_emulator: EmulatorControl
) -> None:
    config, secret_keys, env = given(emulator.url)
    with ProviderHost(cwd=tmp_path, env=env) as host:
        engine = Engine(host, config=config, secret_keys=secret_keys)

        trained = outputs_of(engine.up(one_voice()).stack_outputs)
        engine.refresh()
        engine.up(one_voice())
        stored = _everything_stored(engine)
        engine.destroy()
        printed = host.stderr_text() + host.stdout_text()

    assert trained["status"] == "Success", "the credentials were the ones ICE accepts"
    assert keyed_emulator.requests()["total"] > 0
    for value in (KEY_ID, SECRET, TOKEN):
        assert value not in stored
        assert value not in printed


def test_a_rejected_secret_fails_the_up_with_ices_error_and_is_never_printed(
    tmp_path: Path, emulator: EmulatorServer, keyed_emulator: EmulatorControl
) -> None:
    wrong = "voice-state-wrong-secret-do-not-print-88d0"
    config = {
        **_through_config(emulator.url)[0],
        "ice:accessKeySecret": wrong,
    }
    with ProviderHost(cwd=tmp_path) as host:
        engine = Engine(host, config=config, secret_keys=["ice:accessKeySecret", "ice:securityToken"])
        with pytest.raises(EngineError) as failed:
            engine.up(one_voice())
        printed = host.stderr_text() + host.stdout_text()

    assert engine.state == {}
    error = failed.value.provider_error
    assert error is not None
    assert "AuthenticationError" in error.last_line and "SignatureDoesNotMatch" in error.last_line
    for value in (wrong, SECRET, TOKEN):
        assert value not in str(failed.value)
        assert value not in error.details
        assert value not in printed
