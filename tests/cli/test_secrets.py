"""Credentials never reach the state, the outputs, or anything the CLI prints.

The emulator accepts one key pair with an STS token. The stack gets them from stack config
(`pulumi config set --secret`), from the environment of `pulumi`, or from the Alibaba Cloud
credential chain (a CLI profile), and lives a whole life through the real CLI: preview, up,
refresh, an in-place update, a failed training, destroy, each with the engine's most verbose
logging (`-v=9 --logtostderr --logflow`) and every Python logger of the provider host at
DEBUG. Then the state (exported with and without --show-secrets, the decoded `__provider`
of each resource), the stack outputs, the stack's config file and everything printed are
searched for the secret and the token (see everything_stored for the one place Pulumi
keeps a secret config value, encrypted, and reveals it with --show-secrets).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import DEBUG_LOGGING, VERBOSE, PulumiCli, Stack
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config, voice

KEY_ID = "LTAI5tSecretsTestKey9Z"
SECRET = "secrets-test-secret-never-print-51c7"
TOKEN = "secrets-test-sts-token-never-print-a9e2"

Source = Callable[[Stack, Path], None]


def through_config(stack: Stack, home: Path) -> None:
    stack.edit_config({"ice:accessKeyId": KEY_ID})
    stack.set_config("ice:accessKeySecret", SECRET, secret=True)
    stack.set_config("ice:securityToken", TOKEN, secret=True)


def through_environment(stack: Stack, home: Path) -> None:
    stack.extra_env.update(
        ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN=TOKEN,
    )


def through_the_credential_chain(stack: Stack, home: Path) -> None:
    pytest.importorskip("alibabacloud_credentials")
    profile = {
        "name": "voices",
        "mode": "StsToken",
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
        "sts_token": TOKEN,
    }
    (home / ".aliyun").mkdir()
    (home / ".aliyun" / "config.json").write_text(
        json.dumps({"current": "voices", "profiles": [profile]})
    )


@pytest.mark.parametrize(
    "source",
    [through_config, through_environment, through_the_credential_chain],
    ids=["stack-config", "environment", "credential-chain"],
)
def test_credentials_reach_ice_and_nothing_stored_or_printed_holds_them(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, source: Source
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    ice.control.credentials(access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN)
    stack = cli.stack(
        tmp_path / "project",
        config=ice_config(ice.url, access_key_id=None, access_key_secret=None),
        secrets_provider="passphrase",  # what a user of the file backend has
    )
    stack.extra_env.update(
        HOME=str(home), PYTHONPATH=str(DEBUG_LOGGING), ALIBABA_CLOUD_ECS_METADATA_DISABLED="true"
    )
    source(stack, home)
    printed: list[str] = []

    def run(*args: str, check: bool = True) -> None:
        printed.append(stack.run(*args, *VERBOSE, check=check).output)

    stack.set_voices([voice("one", "secret1")])
    run("preview")
    run("up", "--yes", "--skip-preview")
    trained = stack.outputs()["one"]
    run("refresh", "--yes", "--skip-preview")
    media = trained["demo_audio_media_id"]
    stack.set_voices([voice("one", "secret1", demo_audio_media_id=media), voice("two", "secret2")])
    run("up", "--yes", "--skip-preview")
    ice.control.faults(fail_voice_ids=["secret3"])
    stack.set_voices(
        [
            voice("one", "secret1", demo_audio_media_id=media),
            voice("two", "secret2"),
            voice("three", "secret3"),
        ]
    )
    run("up", "--yes", "--skip-preview", check=False)
    stored = everything_stored(stack)
    run("destroy", "--yes", "--skip-preview")
    everything = "\n".join(printed)

    assert trained["status"] == "Success", "ICE accepted the credentials"
    assert "training of voice secret3 failed" in everything
    assert "DEBUG-LOG DEBUG" in everything, "DEBUG logging did run in the provider host"
    assert "Configure" in everything, "the engine's verbose log was on"
    for value in (SECRET, TOKEN):
        assert value not in stored
        assert value not in everything


def test_outputs_that_come_from_secret_inputs_stay_secret(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    description = "the narrator of our unannounced product"
    stack = cli.stack(
        tmp_path / "project", config=ice_config(ice.url), secrets_provider="passphrase"
    )
    stack.set_voices([voice("hush", "hush1", voice_desc=description, secret_inputs=["voice_desc"])])
    printed = stack.up().output + stack.refresh().output

    [resource] = stack.resources()
    plain = stack.export()["deployment"]["resources"]
    [hidden] = [r for r in plain if r["type"].endswith("ice:CustomizedVoice")]
    assert description not in json.dumps(hidden)
    assert (
        hidden["outputs"]["voice_desc"]["4dabf18193072939515e22adb298388d"]
        == "1b47061264138c4ac30d75fd1eb44270"
    )
    assert resource["outputs"]["voice_desc"]["plaintext"] == json.dumps(description)
    assert stack.outputs(show_secrets=False)["hush"] == "[secret]"
    assert description not in printed


def everything_stored(stack: Stack) -> str:
    """The stack's state with secrets shown and hidden, each `__provider` decoded, the
    stack's outputs and its config file, as one text.

    One place is left out, after checking it: the engine records the stack config it
    configured the default `pulumi-python` provider with as that provider resource's
    inputs, as it does for every provider, secret config encrypted. There, and only
    there, `--show-secrets` reveals a secret set with `pulumi config set --secret`, by
    design; a value found anywhere else, or not marked secret there, fails the test.
    """
    shown = stack.export(show_secrets=True)
    for resource in shown["deployment"]["resources"]:
        if resource["type"] == "pulumi:providers:pulumi-python":
            for bag in (resource.get("inputs") or {}, resource.get("outputs") or {}):
                for key, value in list(bag.items()):
                    if isinstance(value, dict) and "plaintext" in value:
                        del bag[key]  # a secret, as the engine keeps them
    stored: list[Any] = [shown, stack.export(), stack.outputs()]
    for resource in stack.resources():
        provider = resource["outputs"].get("__provider")
        if isinstance(provider, dict):  # a secret: {"4dabf...": sig, "plaintext": json}
            provider = json.loads(provider["plaintext"])
        if provider:
            raw = base64.b64decode(provider)
            stored += [raw.hex(), raw.decode("latin-1")]
    stored.append((stack.dir / f"Pulumi.{stack.name}.yaml").read_text())
    return json.dumps(stored, default=str)
