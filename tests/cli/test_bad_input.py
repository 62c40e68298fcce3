"""Promise 4: bad input is refused by name before anything reaches ICE, through the CLI.

The table of bad inputs and config values (tests/support/bad_inputs.py) runs whole through
both front doors in-process (tests/core/test_bad_input.py). Here the real CLI proves the
wiring: `pulumi preview` and `pulumi up` stop with a check failure or a configuration error
that names the property or config key, and the emulator receives no request at all. Bad
credentials, which only ICE can judge, get one clear error and no retry storm.

The real engine stops at the first resource whose check fails (`Resource monitor has
terminated, shutting down`); within one resource every failing input is reported at once,
one line each: `property <name> value {...} has a problem: <reason>`. So one voice carrying
one bad value of every property (the table's first round) shows all of them; config errors
end the run at the first bad key, so two of them run, each one `preview`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.support.bad_inputs import (
    CONFIG,
    INPUTS,
    RESOURCE,
    SPEECH_INPUTS,
    SPEECH_RESOURCE,
    BadInput,
    declared,
    rounds,
    speech_declared,
)
from tests.support.cli import PulumiCli, Result
from tests.support.emulator import IceUnderTest
from tests.support.outcomes import check_failures, raised
from tests.support.voices import ice_config


def test_every_bad_input_stops_preview_and_up_at_check_naming_the_property(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    unmet: list[str] = []

    bads = rounds(INPUTS)[0]
    stack.set_voices([declared(**{prop: bad.value for prop, bad in bads.items()})])
    for command in (stack.preview, stack.up):
        unmet += check_refused(command(check=False), bads)

    assert not unmet, "\n".join(unmet)
    assert stack.resources() == [], "nothing created"
    assert ice.total_requests() == 0, "a request reached ICE"


def test_every_bad_speech_input_stops_preview_and_up_at_check_naming_the_property(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    bads = rounds(SPEECH_INPUTS)[0]
    stack.set_voices([speech_declared(**{prop: bad.value for prop, bad in bads.items()})])
    unmet: list[str] = []
    for command in (stack.preview, stack.up):
        unmet += check_refused(command(check=False), bads, SPEECH_RESOURCE)

    assert not unmet, "\n".join(unmet)
    assert stack.resources("ice:Speech") == [], "nothing created"
    assert ice.total_requests() == 0, "a request reached ICE"


def check_refused(
    result: Result, bads: Mapping[str, BadInput], resource: str = RESOURCE
) -> list[str]:
    """What in ``result`` breaks the promise for these bad inputs (nothing: refused by name)."""
    command = (
        f"`pulumi {result.args[0]}` of "
        f"{', '.join(f'{b.prop}={b.value!r:.40}' for b in bads.values())}"
    )
    if result.returncode == 0:
        return [f"{command} succeeded:\n{result.output}"]
    unmet = []
    failures = check_failures(result.output)
    if set(failures) != {resource} or set(failures[resource]) != set(bads):
        unmet.append(f"{command}: check failures {failures}, not one for each of {sorted(bads)}")
    for prop, bad in bads.items():
        reasons = failures.get(resource, {}).get(prop, set())
        if len(reasons) != 1 or bad.reason not in next(iter(reasons)):
            unmet.append(f"{command}: {prop} refused with {reasons}, not {bad.reason!r}")
    if f" {resource} creating" in result.stdout:
        unmet.append(f"{command}: the create started:\n{result.stdout}")
    return unmet


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

    for bad in (CONFIG[0], CONFIG[4]):  # one the client refuses, one the parse does
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
