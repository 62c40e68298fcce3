"""Every example program through the real Pulumi CLI: preview, up, a no-op up, refresh,
stack output and destroy, each command's ICE requests counted.

Each test runs a copy of the example's files, with its own Pulumi.yaml and dev stack
(tests/support/examples.py). The dev stacks say `ice:endpoint: embedded`, whose emulator
lives inside the provider process and takes its request counters with it when the command
ends, so stack config set by the test points them at an emulator of the test's own (its
keys, fast polling). `make up` on the embedded emulator: test_quickstart.py; the Automation
API example: test_example_automation_api.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest
import yaml

from tests.support.cli import PulumiCli, Result
from tests.support.emulator import DEFAULT_ACCESS_KEY_SECRET, IceUnderTest
from tests.support.examples import (
    READ_ACTIONS,
    copy_example,
    example_stack,
    requests_by_action,
    voice_resources,
)
from tests.support.voices import ice_config

NO_DELETE_API = "ICE has no API to delete a trained voice; it stays in your account"


def said_once_per_voice(result: Result, voice_ids: Iterable[str], what: str) -> bool:
    """Each voice's ``voice <id>: <what>`` line appears once in the command's Diagnostics
    (the CLI also shows it on the resource's progress line)."""
    text = result.stdout
    diagnostics = text[text.index("Diagnostics:") : text.index("\nResources:")]
    return all(diagnostics.count(f"voice {voice_id}: {what}") == 1 for voice_id in voice_ids)


def wav_header(url: str) -> bytes:
    """The first bytes of a demo audio, fetched from the (loopback) emulator."""
    return httpx.get(url, timeout=10).raise_for_status().content[:4]


def test_quickstart_trains_its_voice_with_a_random_suffix_against_an_emulator(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    project = copy_example("quickstart", tmp_path / "checkout")
    stack = example_stack(cli, project, config=ice_config(ice.url))
    printed: list[str] = []

    preview = stack.preview()
    printed.append(preview.output)
    assert "+ 3 to create" in preview.stdout, preview.output  # the stack, the suffix, the voice
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    up = stack.up()
    printed.append(up.output)
    assert "+ 3 created" in up.stdout, up.output
    outputs = stack.outputs()
    [suffix] = stack.resources("random:index/randomString:RandomString")
    assert re.fullmatch(r"[a-z0-9]{6}", suffix["outputs"]["result"])
    assert outputs["voiceId"] == "quickstart" + suffix["outputs"]["result"]
    assert outputs["status"] == "Success"
    [job] = ice.jobs_of(outputs["voiceId"])
    assert outputs["jobId"] == job["JobId"]
    assert wav_header(outputs["demoAudioUrl"]) == b"RIFF"

    requests = ice.total_requests()
    again = stack.up()
    printed.append(again.output)
    assert "3 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"

    before = requests_by_action(ice)
    refreshed = stack.refresh()
    printed.append(refreshed.output)
    assert "3 unchanged" in refreshed.stdout, refreshed.output
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    assert stack.outputs() == outputs

    destroyed = stack.destroy()
    printed.append(destroyed.output)
    assert "- 3 deleted" in destroyed.stdout, destroyed.output
    assert said_once_per_voice(destroyed, [outputs["voiceId"]], NO_DELETE_API), destroyed.stdout
    assert stack.outputs() == {} and stack.resources() == []
    assert [j["Status"] for j in ice.jobs_of(outputs["voiceId"])] == ["Success"]
    assert DEFAULT_ACCESS_KEY_SECRET not in "\n".join(printed)


def test_full_pipeline_reports_rejected_recordings_together_then_trains_the_same_job(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    project = copy_example("full-pipeline", tmp_path / "checkout")
    stack = example_stack(cli, project, config=ice_config(ice.url))

    preview = stack.preview()
    assert "+ 2 to create" in preview.stdout, preview.output
    # Autonamed from the resource name and what the voice is trained on: known at preview.
    named = re.search(r'voiceId\s*: "(anchor[0-9a-f]{8})"', preview.stdout)
    assert named, preview.stdout
    voice_id = named[1]
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    bucket = "https://ice-voice-recordings.oss-cn-shanghai.aliyuncs.com/anchor"
    ice.control.faults(
        reject_records={f"{bucket}/03.wav": "background noise", f"{bucket}/17.wav": "text mismatch"}
    )
    failed = stack.up(check=False)
    assert failed.returncode != 0
    assert (
        f"recordings: 2 of 20 recordings of voice {voice_id} failed audio detection "
        "(record 3: background noise; record 17: text mismatch)" in failed.output
    ), failed.output
    assert stack.resources() == [], "the failed create left no voice in the stack"
    [job] = ice.jobs_of(voice_id)
    assert (job["SubmitCount"], job["PassedRecords"]) == (0, 18), "nothing was submitted"

    ice.control.faults()  # the two recordings replaced
    up = stack.up()
    assert "+ 1 created" in up.stdout, up.output
    assert f"voice {voice_id}: adopting job {job['JobId']}" in up.output, up.output
    trained = stack.outputs()
    assert (trained["voiceId"], trained["status"]) == (voice_id, "Success")
    [retrained] = ice.jobs_of(voice_id)
    assert retrained["JobId"] == trained["jobId"] == job["JobId"], "the job the failed run created"
    assert (retrained["SubmitCount"], retrained["PassedRecords"]) == (1, 20)
    assert trained["voiceType"] == "Basic" and trained["region"] == "cn-shanghai"
    # README step 4: `pulumi stack output demoAudioUrl` is a playable URL of the demo audio.
    demo = stack.run("stack", "output", "demoAudioUrl").stdout.strip()
    assert demo == trained["demoAudioUrl"]
    assert wav_header(demo) == b"RIFF"

    requests = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"

    before = requests_by_action(ice)
    assert "2 unchanged" in stack.refresh().stdout
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    assert stack.outputs() == trained

    destroyed = stack.destroy()
    assert "- 2 deleted" in destroyed.stdout, destroyed.output
    assert said_once_per_voice(destroyed, [voice_id], NO_DELETE_API), destroyed.stdout
    assert stack.outputs() == {}


def test_many_voices_trains_the_catalogue_and_follows_its_edits(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    project = copy_example("many-voices", tmp_path / "checkout")
    stack = example_stack(cli, project, config=ice_config(ice.url))
    catalogue_file = project / "voices.yaml"
    catalogue = yaml.safe_load(catalogue_file.read_text())
    entries = {entry["key"]: entry for entry in catalogue["voices"]}

    preview = stack.preview()
    assert f"+ {len(entries) + 1} to create" in preview.stdout, preview.output
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    stack.up("--parallel", "64")  # README: at least the number of voices
    voices = stack.outputs()["voices"]
    assert set(voices) == set(entries)
    assert {v["status"] for v in voices.values()} == {"Success"}
    for key, entry in entries.items():
        if "voice_id" in entry:
            assert voices[key]["voiceId"] == entry["voice_id"]
        else:
            assert re.fullmatch(rf"{key}[0-9a-f]{{8}}", voices[key]["voiceId"]), "autonamed"
        assert len(ice.jobs_of(voices[key]["voiceId"])) == 1

    requests = ice.total_requests()
    again = stack.up("--parallel", "64")
    assert f"{len(entries) + 1} unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"

    before = requests_by_action(ice)
    assert f"{len(entries) + 1} unchanged" in stack.refresh().stdout
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    assert stack.outputs()["voices"] == voices

    # A typo in the catalogue fails the preview naming the entry, before any request.
    broken = yaml.safe_load(catalogue_file.read_text())
    broken["voices"][0]["colour"] = "blue"
    catalogue_file.write_text(yaml.safe_dump(broken, sort_keys=False))
    requests = ice.total_requests()
    refused = stack.preview(check=False)
    assert refused.returncode != 0
    assert "voices.yaml: voice 'bedtime' has unknown fields ['colour']" in refused.output
    assert ice.total_requests() == requests

    # README "Editing the catalogue": an added entry is created, a removed one forgotten.
    edited = dict(catalogue)
    edited["voices"] = [e for e in catalogue["voices"] if e["key"] != "copilot"] + [
        {"key": "jingle", "voice_id": "catalogjingle", "name": "Radio jingle", "gender": "female"}
    ]
    catalogue_file.write_text(yaml.safe_dump(edited, sort_keys=False))
    preview = stack.preview()
    assert "+ 1 to create" in preview.stdout and "- 1 to delete" in preview.stdout, preview.stdout
    before = requests_by_action(ice)
    up = stack.up("--parallel", "64")
    assert "+ 1 created" in up.stdout and "- 1 deleted" in up.stdout, up.output
    assert said_once_per_voice(up, ["catalogcopilot"], NO_DELETE_API), up.stdout
    assert (requests_by_action(ice) - before)["DeleteCustomizedVoiceJob"] == 0
    voices = stack.outputs()["voices"]
    assert set(voices) == set(entries) - {"copilot"} | {"jingle"}
    assert (voices["jingle"]["voiceId"], voices["jingle"]["status"]) == ("catalogjingle", "Success")

    destroyed = stack.destroy()
    assert f"- {len(entries) + 1} deleted" in destroyed.stdout, destroyed.output
    assert said_once_per_voice(destroyed, [v["voiceId"] for v in voices.values()], NO_DELETE_API)
    assert stack.outputs() == {}


def test_gitops_dev_stack_trains_the_catalogue_unprotected(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    project = copy_example("gitops", tmp_path / "checkout")
    # The example's Pulumi.dev.yaml keeps `ice-voice-gitops:protect: "false"`.
    stack = example_stack(cli, project, config=ice_config(ice.url))
    catalogue = yaml.safe_load((project / "voices.yaml").read_text())["voices"]

    preview = stack.preview()
    assert f"+ {len(catalogue) + 1} to create" in preview.stdout, preview.output
    assert ice.total_requests() == 0, "a preview calls no ICE API"

    stack.up()
    voices = stack.outputs()["voices"]
    assert {key: v["voiceId"] for key, v in voices.items()} == {
        entry["key"]: entry["voice_id"] for entry in catalogue
    }
    for voice in voices.values():
        assert voice["status"] == "Success"
        assert voice["jobId"] == ice.jobs_of(voice["voiceId"])[0]["JobId"]
    resources = voice_resources(stack)
    assert set(resources) == set(voices)
    assert not any(r.get("protect") for r in resources.values()), "dev turns protection off"

    requests = ice.total_requests()
    again = stack.up()
    assert f"{len(catalogue) + 1} unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"

    before = requests_by_action(ice)
    assert f"{len(catalogue) + 1} unchanged" in stack.refresh().stdout
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    assert stack.outputs()["voices"] == voices

    destroyed = stack.destroy()
    assert f"- {len(catalogue) + 1} deleted" in destroyed.stdout, destroyed.output
    assert said_once_per_voice(destroyed, [v["voiceId"] for v in voices.values()], NO_DELETE_API)
    assert stack.outputs() == {} and stack.resources() == []


def test_consumer_uses_the_producers_voice_through_a_stack_reference_and_never_touches_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    root = copy_example("producer-consumer", tmp_path / "checkout")
    backend = tmp_path / "state"  # one file backend: the consumer finds the producer's stack
    producer = example_stack(cli, root / "producer", backend=backend, config=ice_config(ice.url))
    consumer = example_stack(cli, root / "consumer", backend=backend, config=ice_config(ice.url))

    preview = producer.preview()
    assert "+ 3 to create" in preview.stdout, preview.output
    assert ice.total_requests() == 0, "a preview calls no ICE API"
    producer.up()
    published = producer.outputs()["voices"]
    assert set(published) == {"narrator", "assistant"}
    for key, voice in published.items():
        assert voice["voiceId"] == f"platform{key}dev", "one voice id per stack"
        assert voice["jobId"] == ice.jobs_of(voice["voiceId"])[0]["JobId"]
    requests = ice.total_requests()
    assert "3 unchanged" in producer.up().stdout
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"
    narrator = published["narrator"]

    # CustomizedVoice.get reads the voice from ICE at every preview and up (the engine's
    # ReadResource step), and only reads.
    before = requests_by_action(ice)
    preview = consumer.preview()
    assert "read pulumi:pulumi:StackReference organization/ice-voice-producer/dev" in preview.stdout
    assert "read pulumi-python:dynamic/ice:CustomizedVoice narrator" in preview.stdout
    read = requests_by_action(ice) - before
    assert read and set(read) <= READ_ACTIONS, read

    consumer.up()
    used = consumer.outputs()
    # The announcements, spoken with the producer's voice: one speech job each.
    speeches = {job["Title"]: job for job in ice.control.speeches()}
    assert set(speeches) == set(used["announcements"]) == {"welcome", "boarding", "landing"}
    assert {job["Voice"] for job in speeches.values()} == {narrator["voiceId"]}
    assert all(url.endswith(".wav") for url in used["announcements"].values())
    assert used["voiceId"] == narrator["voiceId"]
    assert used["status"] == "Success"
    assert used["demoAudioUrl"] == narrator["demoAudioUrl"]
    assert used["ttsVoice"] == {"voice": narrator["voiceId"], "region": "cn-shanghai"}
    [reference] = consumer.resources("pulumi:pulumi:StackReference")
    assert reference["id"] == "organization/ice-voice-producer/dev"
    assert reference["outputs"]["outputs"]["voices"] == published
    [adopted] = consumer.resources()
    assert adopted["id"] == narrator["voiceId"]
    assert adopted.get("external") is True, "read with CustomizedVoice.get, not managed"

    before = requests_by_action(ice)
    again = consumer.up()
    assert "4 unchanged" in again.stdout, again.output  # the stack and the speeches
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    before = requests_by_action(ice)
    consumer.refresh()
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    # README: `pulumi stack output ttsVoice`
    tts = json.loads(consumer.run("stack", "output", "ttsVoice").stdout)
    assert tts == {"voice": narrator["voiceId"], "region": "cn-shanghai"}

    before = requests_by_action(ice)
    destroyed = consumer.destroy()
    assert "- 4 deleted" in destroyed.stdout, destroyed.output  # the stack and the speeches
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS, "nothing of the voice changes"
    assert consumer.export()["deployment"].get("resources") in (None, [])
    assert [j["Status"] for j in ice.jobs_of(narrator["voiceId"])] == ["Success"]
    assert producer.outputs()["voices"] == published

    destroyed = producer.destroy()
    assert "- 3 deleted" in destroyed.stdout, destroyed.output
    assert said_once_per_voice(destroyed, [v["voiceId"] for v in published.values()], NO_DELETE_API)


@pytest.mark.parametrize(
    ("example", "resource", "voice_type", "registered"),
    [("standard-voice", "anchor", "Standard", 5), ("cosyvoice", "host", "CosyVoice", 1)],
)
def test_each_edition_example_registers_its_audio_and_trains_its_voice_once(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    example: str,
    resource: str,
    voice_type: str,
    registered: int,
) -> None:
    project = copy_example(example, tmp_path / "checkout")
    stack = example_stack(cli, project, config=ice_config(ice.url))

    preview = stack.preview()
    assert "+ 2 to create" in preview.stdout, preview.output
    assert ice.total_but_quota_counts() == 0, "a preview reads the CosyVoice quota at most"

    up = stack.up()
    assert "+ 2 created" in up.stdout, up.output
    outputs = stack.outputs()
    [job] = [j for j in ice.control.jobs() if j["VoiceName"] == outputs["iceVoiceName"]]
    assert (outputs["status"], outputs["jobId"]) == ("Success", job["JobId"])
    assert outputs["voiceId"] == job["VoiceId"] and job["Type"] == voice_type
    assert ice.count("RegisterMediaInfo") == registered, "each audio file registered once"
    assert wav_header(outputs["demoAudioUrl"]) == b"RIFF"

    requests = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == requests, "a no-op up calls no ICE API"

    before = requests_by_action(ice)
    assert "2 unchanged" in stack.refresh().stdout
    assert set(requests_by_action(ice) - before) <= READ_ACTIONS
    assert stack.outputs() == outputs

    destroyed = stack.destroy()
    assert "- 2 deleted" in destroyed.stdout, destroyed.output
    assert NO_DELETE_API in destroyed.stdout
    assert [j["JobId"] for j in ice.control.jobs()] == [job["JobId"]], "one job, kept in ICE"
