"""What a stack stores for a CustomizedVoice (the pickled provider), and an up whose
credentials ICE rejects.

The dynamic provider is pickled into the `__provider` property of every voice's inputs
and outputs, so whatever it held would be in the state file: it holds nothing.
tests/dynamic/test_pickling.py pickles configured instances; tests/cli/test_secrets.py
follows good credentials through a whole stack life.
"""

from __future__ import annotations

import base64
from pathlib import Path

import dill
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_ice_voice import CustomizedVoiceProvider
from tests.support.cli import DEBUG_LOGGING, VERBOSE, PulumiCli
from tests.support.emulator import IceUnderTest
from tests.support.pickles import pickle_globals, pickle_ops, pickle_strings
from tests.support.voices import ice_config, voice

KEY_ID = "LTAI5tVoiceStateKeyId7Q"
SECRET = "voice-state-secret-do-not-print-3f9a"
TOKEN = "voice-state-sts-token-do-not-print-c21e"
WRONG = "voice-state-wrong-secret-do-not-print-88d0"


def test_the_pickled_provider_in_the_state_names_its_class_and_holds_nothing(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice("narrator", "narrator1")])
    stack.up()

    [plain] = [
        r
        for r in stack.export()["deployment"]["resources"]
        if r["type"].endswith("ice:CustomizedVoice")
    ]
    stored = {plain["inputs"]["__provider"], plain["outputs"]["__provider"]}
    [pickled] = stored
    assert isinstance(pickled, str), "not a secret: nothing in it needs hiding"
    assert pickled == serialize_provider(CustomizedVoiceProvider()), "a fresh provider's pickle"
    raw = base64.b64decode(pickled)
    assert len(raw) < 100
    assert pickle_globals(raw) == [("pulumi_ice_voice._provider", "CustomizedVoiceProvider")]
    assert pickle_strings(raw) == {"pulumi_ice_voice._provider", "CustomizedVoiceProvider"}
    assert pickle_ops(raw)[-4:] == ["EMPTY_DICT", "MEMOIZE", "BUILD", "STOP"]
    provider = dill.loads(raw)
    assert type(provider) is CustomizedVoiceProvider and vars(provider) == {}


def test_a_rejected_secret_fails_the_up_with_ices_error_after_one_request_and_is_never_printed(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    ice.control.credentials(access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN)
    config = ice_config(ice.url, access_key_id=KEY_ID, access_key_secret=WRONG)
    stack = cli.stack(
        tmp_path / "project",
        config={**config, "ice:securityToken": TOKEN},
        secrets_provider="passphrase",  # what a user of the file backend has
    )
    stack.extra_env["PYTHONPATH"] = str(DEBUG_LOGGING)  # every logger of the host at DEBUG
    stack.set_voices([voice("narrator", "narrator1")])

    up = stack.run("up", "--yes", "--skip-preview", *VERBOSE, check=False)

    assert up.returncode != 0
    assert (
        "icevoice._errors.AuthenticationError: ListCustomizedVoiceJobs failed with HTTP 400 "
        "SignatureDoesNotMatch: Specified signature does not match our calculation." in up.output
    ), up.output[-5000:]
    assert "DEBUG-LOG DEBUG" in up.output, "DEBUG logging did run in the provider host"
    # Once: an error another try cannot fix is not retried.
    assert ice.control.requests()["by_action"] == {"ListCustomizedVoiceJobs": 1}
    assert stack.resources() == []
    for value in (WRONG, SECRET, TOKEN):
        assert value not in up.output
