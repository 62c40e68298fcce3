"""Promise 4: bad input is refused by name before anything reaches ICE.

Every row is an input (or a stack config value) with one mistake a user makes, run through
the real CLI: `pulumi preview` and `pulumi up` must stop with a check failure or a
configuration error that names the property or config key, and the emulator must have
received no request at all. Bad credentials, which only ICE can judge, get one clear error
and no retry storm.

The real engine stops at the first resource whose check fails (`Resource monitor has
terminated, shutting down`), so a program declaring every bad voice at once would report
only one of them. Within one resource every failing input is reported at once, one line
each: `property <name> value {...} has a problem: <reason>`. So the table runs in rounds,
each one voice carrying one bad value of every property that has one left: as many
rounds as the property with the most rows (recordings), each a `preview` and an `up`.
Config errors end the run at the first bad key, so each bad value is one `preview` of
one stack whose config is rewritten between runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.cli import PulumiCli, Result
from tests.support.emulator import IceUnderTest
from tests.support.outcomes import check_failures, raised
from tests.support.voices import ice_config, recordings, voice

REGION_BUCKET = "https://bad-input.oss-cn-shanghai.aliyuncs.com"
GOOD = recordings("good1")
RESOURCE = "voice"


def declared(**overrides: Any) -> dict[str, Any]:
    """The voices program's entry of one voice, valid but for ``overrides``."""
    return {**voice(RESOURCE, "good1", voice_name="Good", demo_audio_media_url=None), **overrides}


@dataclass(frozen=True)
class BadInput:
    prop: str
    value: Any
    reason: str


INPUTS = [
    BadInput("voice_id", "has-dash", "only letters and digits"),
    BadInput("voice_id", "under_score", "only letters and digits"),
    BadInput("voice_id", "v" * 33, "at most 32 characters"),
    BadInput("voice_id", "声音01", "only letters and digits"),
    BadInput("voice_id", "", "must not be empty"),
    BadInput("voice_id", 12, "must be a string, not a number"),
    BadInput("voice_name", "n" * 33, "at most 32 characters"),
    BadInput("voice_name", "   ", "must not be empty"),
    BadInput("voice_name", 3.5, "must be a string, not a number"),
    BadInput("gender", "robot", "must be one of female, male"),
    BadInput("gender", "Female", "must be one of female, male"),
    BadInput("scenario", "podcast", "must be one of story, interaction, navigation"),
    BadInput("voice_desc", "d" * 257, "at most 256 characters"),
    BadInput("voice_desc", ["a", "list"], "must be a string, not a list"),
    BadInput("recordings", GOOD[:19], "exactly 20 recordings (got 19)"),
    BadInput(
        "recordings", [*GOOD, f"{REGION_BUCKET}/good1/21.wav"], "exactly 20 recordings (got 21)"
    ),
    BadInput(
        "recordings", {str(i): url for i, url in enumerate(GOOD, start=0)}, "1 to 20 (got '0')"
    ),
    BadInput(
        "recordings", {str(i): url for i, url in enumerate(GOOD, start=2)}, "1 to 20 (got '21')"
    ),
    BadInput("recordings", {"1.5": GOOD[0]}, "whole numbers from 1 to 20 (got '1.5')"),
    BadInput(
        "recordings",
        dict(zip(map(str, range(1, 20)), GOOD, strict=False)),
        "all 20 audio record ids",
    ),
    BadInput(
        "recordings",
        [*GOOD[:19], "https://example.com/voice/20.wav"],
        "recording 20: 'https://example.com",
    ),
    BadInput(
        "recordings",
        [*GOOD[:19], GOOD[19].replace("cn-shanghai", "cn-beijing")],
        "in region cn-beijing",
    ),
    BadInput("recordings", [*GOOD[:19], "s3://bucket/20.wav"], "not an OSS object URL"),
    BadInput("recordings", [*GOOD[:19], GOOD[0]], "the same object as recording 1"),
    BadInput("recordings", GOOD[0], "must be a list of 20 OSS URLs"),
    BadInput("demo_audio_media_url", "https://example.com/demo.wav", "not an OSS object URL"),
    BadInput("demo_audio_media_id", "m" * 129, "at most 128 characters"),
    BadInput("training_timeout", 0, "more than 0"),
    BadInput("training_timeout", -5, "more than 0"),
    BadInput("training_timeout", 8 * 86_400, "at most 604800 seconds"),
    BadInput("training_timeout", "soon", "must be a number of seconds, not a string"),
    BadInput("wait_for_training", "yes", "must be true or false, not a string"),
    BadInput("wait_for_training", 1, "must be true or false, not a number"),
]


def rounds(table: Iterable[BadInput]) -> list[dict[str, BadInput]]:
    """The table as rounds of one bad value per property: the n-th row of each property."""
    by_prop: dict[str, list[BadInput]] = {}
    for bad in table:
        by_prop.setdefault(bad.prop, []).append(bad)
    depth = max(len(rows) for rows in by_prop.values())
    return [
        {prop: rows[n] for prop, rows in by_prop.items() if n < len(rows)} for n in range(depth)
    ]


@dataclass(frozen=True)
class BadConfig:
    key: str
    value: str
    reason: str


CONFIG = [
    BadConfig("ice:endpoint", "ftp://ice.example.com", "ice:endpoint"),
    BadConfig("ice:endpoint", "http://user:pass@127.0.0.1:1", "ice:endpoint"),
    BadConfig("ice:endpoint", "http://", "ice:endpoint"),
    BadConfig("ice:region", "mars-north-1", "ice:region"),
    BadConfig("ice:maxRequestsPerSecond", "fast", "ice:maxRequestsPerSecond: must be a number"),
    BadConfig("ice:maxRequestsPerSecond", "-1", "ice:maxRequestsPerSecond: must be between 0"),
    BadConfig("ice:maxConcurrency", "0", "ice:maxConcurrency: must be between 1"),
    BadConfig("ice:maxConcurrency", "2.5", "ice:maxConcurrency: must be a whole number"),
    BadConfig("ice:pollInterval", "-1", "ice:pollInterval: must be between"),
    BadConfig("ice:readTimeout", "never", "ice:readTimeout: must be a number"),
]


def test_the_table_is_as_large_as_promised() -> None:
    assert len(INPUTS) + len(CONFIG) + 2 >= 30
    assert sum(len(r) for r in rounds(INPUTS)) == len(INPUTS), "every row in a round"


def test_every_bad_input_stops_preview_and_up_at_check_naming_the_property(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    unmet: list[str] = []

    for bads in rounds(INPUTS):
        stack.set_voices([declared(**{prop: bad.value for prop, bad in bads.items()})])
        for command in (stack.preview, stack.up):
            unmet += check_refused(command(check=False), bads)

    assert not unmet, "\n".join(unmet)
    assert stack.resources() == [], "nothing created"
    assert ice.total_requests() == 0, "a request reached ICE"


def check_refused(result: Result, bads: Mapping[str, BadInput]) -> list[str]:
    """What in ``result`` breaks the promise for these bad inputs (nothing: refused by name)."""
    command = (
        f"`pulumi {result.args[0]}` of "
        f"{', '.join(f'{b.prop}={b.value!r:.40}' for b in bads.values())}"
    )
    if result.returncode == 0:
        return [f"{command} succeeded:\n{result.output}"]
    unmet = []
    failures = check_failures(result.output)
    if set(failures) != {RESOURCE} or set(failures[RESOURCE]) != set(bads):
        unmet.append(f"{command}: check failures {failures}, not one for each of {sorted(bads)}")
    for prop, bad in bads.items():
        reasons = failures.get(RESOURCE, {}).get(prop, set())
        if len(reasons) != 1 or bad.reason not in next(iter(reasons)):
            unmet.append(f"{command}: {prop} refused with {reasons}, not {bad.reason!r}")
    if f"CustomizedVoice {RESOURCE} creating" in result.stdout:
        unmet.append(f"{command}: the create started:\n{result.stdout}")
    return unmet


def test_a_missing_required_input_is_a_type_error_before_any_registration(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    entry = declared()
    del entry["gender"]
    stack.set_voices([entry])

    up = stack.up(check=False)

    assert up.returncode != 0
    assert "error: Program failed with an unhandled exception:" in up.output, up.output
    assert raised(up.output, "TypeError") == [
        "CustomizedVoice() missing required keyword argument: 'gender'"
    ]
    assert f"CustomizedVoice {RESOURCE}" not in up.stdout, "never registered (so never checked)"
    assert stack.resources() == []
    assert ice.total_requests() == 0


# The client's argument names: a config error says ice:endpoint, never these.
CLIENT_WORDS = (": endpoint:", ": region_id:", "endpoint=", "region_id=")


def test_every_bad_config_value_fails_the_preview_naming_the_key(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    good = ice_config(ice.url)
    stack = cli.stack(tmp_path / "project", config=good)
    stack.set_voices([declared()])
    plain = {k: v for k, v in good.items() if k != "ice:accessKeySecret"}  # kept, encrypted
    unset = dict.fromkeys({bad.key for bad in CONFIG}, "")  # "" reads as not set
    unmet: list[str] = []

    for bad in CONFIG:
        config = {**unset, **plain, bad.key: bad.value}
        if bad.key == "ice:region":
            config["ice:endpoint"] = ""  # no endpoint: the region must be one ICE serves
        stack.edit_config(config)
        preview = stack.preview(check=False)
        messages = raised(preview.output, "ConfigurationError")
        if preview.returncode == 0 or len(messages) != 1 or bad.reason not in messages[0]:
            unmet.append(f"{bad.key}={bad.value!r}: {messages or preview.output}")
        elif any(word in messages[0] for word in CLIENT_WORDS):
            unmet.append(
                f"{bad.key}={bad.value!r}: speaks of the client's arguments: {messages[0]}"
            )

    assert not unmet, "\n".join(unmet)
    assert ice.total_requests() == 0, "a request reached ICE"


def test_missing_credentials_fail_before_any_request_and_say_where_to_put_them(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = ice_config(ice.url, access_key_id=None, access_key_secret=None)
    stack = cli.stack(tmp_path / "project", config=config)
    # No profile in HOME, no metadata service; the CLI's environment has no keys.
    stack.extra_env.update(HOME=str(home), ALIBABA_CLOUD_ECS_METADATA_DISABLED="true")
    stack.set_voices([declared()])

    up = stack.up(check=False)

    assert up.returncode != 0
    [message] = raised(up.output, "ConfigurationError")
    assert message.startswith("ice:accessKeyId: no Alibaba Cloud credentials"), message
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in message
    assert stack.resources() == []
    assert ice.total_requests() == 0


def test_a_wrong_secret_is_one_clear_error_not_a_retry_storm(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(
        tmp_path / "project", config=ice_config(ice.url, access_key_secret="not-the-secret")
    )
    stack.set_voices([declared()])

    up = stack.up(check=False)

    assert up.returncode != 0
    [message] = raised(up.output, "AuthenticationError")
    assert "failed with HTTP 400 SignatureDoesNotMatch" in message, message
    assert "not-the-secret" not in up.output
    assert ice.total_requests() <= 2, "refused once, not retried"
    assert stack.resources() == []
