"""What the real engine sends the dynamic-provider host, read from its own gRPC log.

`PULUMI_DEBUG_GRPC=<file>` makes the CLI write every gRPC request it makes to a plugin,
and the answer. These tests run one voice through preview, create, a no-op up, an update of
how it waits, a replacement, refresh, destroy and an import, and hold the provider's
assumptions about the protocol against the log. They replaced tests/engine, a stand-in
engine; where the stand-in and the real engine disagreed, the real engine is asserted here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import PulumiCli, Stack
from tests.support.voices import ice_config, voice

PROVIDER = "/pulumirpc.ResourceProvider/"
SECRET_SIG, SECRET_MARK = "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"
# The calls every operation makes to load the plugin, not steps of a resource.
PLUMBING = {"GetPluginInfo", "Handshake", "Cancel", "Attach", "GetSchema"}


@dataclass(frozen=True)
class Call:
    method: str
    request: dict[str, Any]
    response: dict[str, Any]
    """The answer as logged ({} for a call answered with an error)."""


def provider_calls(log: Path) -> list[Call]:
    """The ResourceProvider calls of one CLI command, in order of their answers."""
    calls = []
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        method = entry["method"]
        if not method.startswith(PROVIDER) or entry.get("progress") == "request_started":
            continue
        name = method.removeprefix(PROVIDER)
        if name not in PLUMBING:
            calls.append(Call(name, entry.get("request") or {}, entry.get("response") or {}))
    return calls


@dataclass
class Recorder:
    stack: Stack
    dir: Path

    def run(self, name: str, *args: str, check: bool = True) -> list[Call]:
        log = self.dir / f"{name}.jsonl"
        self.stack.extra_env["PULUMI_DEBUG_GRPC"] = str(log)
        self.stack.run(*args, check=check)
        return provider_calls(log)


@pytest.fixture(scope="module")
def transcript(
    cli: PulumiCli, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, list[Call]]]:
    """One voice's life, each command's calls under its name."""
    from tests.support.emulator import running_emulator

    tmp = tmp_path_factory.mktemp("protocol")
    with running_emulator(tmp, training_seconds=0.2) as ice:
        stack = cli.stack(tmp / "project", config=ice_config(ice.url))
        recorder = Recorder(stack, tmp)
        up = ("up", "--yes", "--skip-preview")
        calls: dict[str, list[Call]] = {}
        stack.set_voices([voice("a", "a1")])
        calls["preview"] = recorder.run("preview", "preview")
        calls["create"] = recorder.run("create", *up)
        calls["noop"] = recorder.run("noop", *up)
        stack.set_voices([voice("a", "a1", wait_for_training=False)])
        calls["wait-setting"] = recorder.run("wait-setting", *up)
        stack.set_voices([voice("a", "a2")])
        calls["replace"] = recorder.run("replace", *up)
        calls["refresh"] = recorder.run("refresh", "refresh", "--yes", "--skip-preview")
        calls["destroy"] = recorder.run("destroy", "destroy", "--yes", "--skip-preview")
        ice.control.stage(["outside1"], status="Training")
        calls["import"] = recorder.run(
            "import",
            "import",
            "pulumi-python:dynamic/ice:CustomizedVoice",
            "b",
            "outside1",
            "--yes",
            "--protect=false",
            check=False,
        )
        yield calls


def methods(calls: list[Call]) -> list[str]:
    return [call.method for call in calls]


def only(calls: list[Call], method: str) -> Call:
    [found] = [call for call in calls if call.method == method]
    return found


def test_every_command_configures_the_host_with_the_whole_stack_config_secrets_marked(
    transcript: dict[str, list[Call]],
) -> None:
    for name in ("preview", "create", "noop", "refresh", "destroy"):
        configure = only(transcript[name], "Configure")
        args = configure.request["args"]
        # Every key of the stack, not only a pulumi-python namespace; secrets decrypted
        # and marked with the secret signature.
        assert args["ice:accessKeySecret"] == {
            SECRET_SIG: SECRET_MARK,
            "value": "ice-emulator-secret",
        }, name
        assert args["ice:endpoint"].startswith("http://127.0.0.1:")
        assert "ice:region" in args
        assert configure.request["acceptSecrets"] is True
        assert not (configure.response or {}).get("acceptSecrets"), "the host does not take secrets"
        assert methods(transcript[name]).index("Configure") < min(
            (
                i
                for i, m in enumerate(methods(transcript[name]))
                if m not in ("CheckConfig", "DiffConfig", "Configure")
            ),
            default=len(transcript[name]),
        ), "configured before any resource call"


def test_a_preview_checks_and_never_creates(transcript: dict[str, list[Call]]) -> None:
    assert methods(transcript["preview"]) == ["CheckConfig", "Configure", "Check"]
    check = only(transcript["preview"], "Check")
    assert check.request["olds"] == {}


def test_create_gets_the_checked_inputs(transcript: dict[str, list[Call]]) -> None:
    calls = transcript["create"]
    assert methods(calls) == ["CheckConfig", "Configure", "Check", "Create"]
    checked = only(calls, "Check").response["inputs"]
    assert only(calls, "Create").request["properties"] == checked


def test_an_unchanged_up_checks_with_old_inputs_and_diffs_against_old_outputs(
    transcript: dict[str, list[Call]],
) -> None:
    calls = transcript["noop"]
    assert methods(calls) == ["CheckConfig", "DiffConfig", "Configure", "Check", "Diff"]
    create = only(transcript["create"], "Create")
    check, diff = only(calls, "Check"), only(calls, "Diff")
    assert check.request["olds"] == only(transcript["create"], "Check").response["inputs"]
    assert check.request["oldOutputs"] == create.response["properties"], "sent, unused by the host"
    assert diff.request["olds"] == create.response["properties"], "Diff's olds are the old OUTPUTS"
    assert diff.request["oldInputs"] == check.request["olds"]
    assert diff.response.get("changes") == "DIFF_NONE"


def test_a_change_of_how_create_waits_is_no_change_and_its_inputs_are_kept(
    transcript: dict[str, list[Call]],
) -> None:
    assert "Update" not in methods(transcript["wait-setting"])
    replace_check = transcript["replace"][methods(transcript["replace"]).index("Check")]
    assert replace_check.request["olds"]["wait_for_training"] is False, (
        "the engine stored the new inputs"
    )


def test_a_replacement_checks_again_without_olds_then_creates_before_deleting(
    transcript: dict[str, list[Call]],
) -> None:
    calls = transcript["replace"]
    assert methods(calls) == [
        "CheckConfig",
        "DiffConfig",
        "Configure",
        "Check",
        "Diff",
        "Check",
        "Create",
        "Delete",
    ]
    second_check = calls[5]
    assert second_check.request["olds"] == {}
    delete = only(calls, "Delete")
    assert delete.request["id"] == "a1"
    assert delete.request["properties"]["job_id"], "Delete gets the old OUTPUTS"
    assert "oldInputs" in delete.request


def test_refresh_reads_with_old_outputs_and_inputs_then_diffs(
    transcript: dict[str, list[Call]],
) -> None:
    calls = transcript["refresh"]
    assert methods(calls) == ["Configure", "Read", "Diff"]
    read = only(calls, "Read")
    assert read.request["properties"]["status"] == "Success"
    assert "job_id" not in read.request["inputs"]


def test_destroy_deletes_with_old_outputs(transcript: dict[str, list[Call]]) -> None:
    calls = transcript["destroy"]
    assert methods(calls) == ["Configure", "Delete"]
    assert only(calls, "Delete").request["properties"]["voice_id"] == "a2"


def test_an_import_reads_with_nothing_but_the_id(transcript: dict[str, list[Call]]) -> None:
    """The stand-in engine sent the program's inputs with an import's Read (and called the
    id-only Read a pulumi 3.259 behaviour); pulumi 3.274 sends the id alone, for the
    `pulumi import` command and for ResourceOptions(import_=...) alike."""
    read = only(transcript["import"], "Read")
    assert read.request["id"] == "outside1"
    assert read.request.get("properties", {}) == {}
    assert "inputs" not in read.request
