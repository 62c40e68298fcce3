"""What pipelines need of a long `pulumi up`, through the real CLI (issue 20).

- Heartbeats: while a voice trains with its status unchanged, each front door says so at the
  configured pace, from what the poller last read (no request of their own).
- The CosyVoice quota before it bites: a preview of a stack whose new CosyVoice voices would
  pass the region's 30 warns, naming the numbers, before anything is submitted; the plugin's
  `getCosyVoiceQuota` reports the account's use.
(The parallelism warning is in test_scale.py: it counts what runs at once.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.cli import PLUGIN_VOICES_PROGRAM, VOICES_PROGRAM, PulumiCli, Stack
from tests.support.core import client_of
from tests.support.editions import cosy_voice, register_audio
from tests.support.emulator import IceUnderTest
from tests.support.plugin import plugin_config
from tests.support.voices import ice_config, voice

HEARTBEAT = re.compile(r"voice beating01: Training for (\d+)s, job (\w+), next check in (\d+)s")


def _stack(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    front_door: str,
    sdk: Path | None,
    **extra: str,
) -> Stack:
    if front_door == "plugin":
        assert sdk is not None
        return cli.stack(
            tmp_path / "project",
            program=PLUGIN_VOICES_PROGRAM,
            pythonpath=(sdk,),
            config=plugin_config(ice.url, **{f"ice:{k}": v for k, v in extra.items()}),
        )
    config = ice_config(ice.url, **{f"ice:{k}": v for k, v in extra.items()})
    return cli.stack(tmp_path / "project", program=VOICES_PROGRAM, config=config)


@pytest.mark.parametrize("front_door", ["dynamic", "plugin"])
def test_a_voice_training_long_says_so_at_the_heartbeat_pace_without_a_request(
    cli: PulumiCli,
    ice: IceUnderTest,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    front_door: str,
) -> None:
    sdk = request.getfixturevalue("plugin_sdk") if front_door == "plugin" else None
    # Polls at most every 10 s (a status read is due rarely); a heartbeat every second.
    stack = _stack(
        cli,
        ice,
        tmp_path,
        front_door,
        sdk,
        heartbeatInterval="1",
        minPollInterval="4",
        pollInterval="10",
    )
    stack.set_voices([voice("beating", "beating01")])
    ice.control.clock(8.0)

    up = stack.up()

    beats = set(HEARTBEAT.findall(up.output))  # the CLI shows each line twice: live, and in
    waited = sorted({int(seconds) for seconds, _, _ in beats})  # its Diagnostics
    assert len(waited) >= 3, up.output
    assert waited[-1] - waited[0] >= 2, "the wait's age grows, a line a second"
    [job] = ice.jobs_of("beating01")
    assert {job_id for _, job_id, _ in beats} == {job["JobId"]}
    reads = ice.count("GetCustomizedVoiceJob") + ice.count("ListCustomizedVoiceJobs")
    assert reads < len(beats), "heartbeats report the last poll; they read nothing"


def _fill_cosy_quota(ice: IceUnderTest, voices: int) -> None:
    audio = register_audio(ice, "quota/sample", 30)
    with client_of(ice) as client:
        for n in range(voices):
            client.submit_cosy_voice_customized_voice_job(
                voice_name=f"Other{n}", gender="female", audios=[audio], model="cosyvoice-v3-flash"
            )


def test_a_preview_warns_before_the_cosy_voice_quota_bites_and_submits_nothing(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    _fill_cosy_quota(ice, 29)
    stack = _stack(cli, ice, tmp_path, "dynamic", None)
    stack.set_voices([cosy_voice(ice, "host"), cosy_voice(ice, "guest")])
    ice.control.reset(counters_only=True)

    preview = stack.preview()

    assert (
        "CosyVoice quota: this stack plans 2 new CosyVoice voices in cn-shanghai, and the "
        "account already has 29 of the 30" in " ".join(preview.output.split())
    ), preview.output
    assert set(ice.control.requests()["by_action"]) == {"ListCustomizedVoiceJobs"}, (
        "one count, nothing submitted"
    )


def test_the_plugin_reports_the_cosy_voice_quota_and_warns_on_the_resource(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path, plugin_sdk: Path
) -> None:
    _fill_cosy_quota(ice, 29)
    stack = _stack(cli, ice, tmp_path, "plugin", plugin_sdk)
    stack.edit_config({"test:quota": "true"})
    stack.set_voices([cosy_voice(ice, "host"), cosy_voice(ice, "guest")])

    preview = stack.preview()

    assert "warning: CosyVoice quota: this stack plans 2 new" in " ".join(preview.output.split())
    stack.set_voices([])
    stack.up()
    quota = stack.outputs()["quota"]
    assert (quota["used"], quota["limit"], quota["region"]) == (29, 30, "cn-shanghai")
    assert len(quota["voices"]) == 29
