"""Input checking as the real CLI shows it: every bad property named, nothing sent to ICE.

The engine stops the deployment at the first resource whose Check fails and prints one
error per failure, in its own words: `<type> resource '<name>': property <p> value {<v>}
has a problem: <reason>`, the value in Go's %v form (secrets as `[secret]`). Which resource
comes first is the engine's choice when several fail, so each case here is a stack of one
bad voice. A small table of rules; tests/cli/test_bad_input.py has the full one,
tests/core/test_inputs.py the rules themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import PulumiCli, Stack
from tests.support.cli_reading import UNKNOWN, autonamed, preview_steps
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import ice_config, recordings, voice

TYPE = "pulumi-python:dynamic/ice:CustomizedVoice"
SECRET_DESC = "the narrator of our unannounced product, " * 7  # 287 characters


@pytest.fixture(scope="module")
def checking(
    cli: PulumiCli, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Stack, IceUnderTest]]:
    """One stack for the module: previews store nothing, so each case redeclares it."""
    tmp = tmp_path_factory.mktemp("check")
    with running_emulator(tmp) as ice:
        yield cli.stack(tmp / "project", config=ice_config(ice.url)), ice


def test_a_voice_with_bad_inputs_stops_the_up_at_check_naming_every_bad_property(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices(
        [
            voice(
                "broken",
                "not-a-voice-id",
                voice_name="x" * 40,
                gender="robot",
                recordings=recordings("broken")[:19],
            ),
        ]
    )

    up = stack.up(check=False)

    assert up.returncode != 0
    prefix = f"error: {TYPE} resource 'broken': property"
    errors = [line.strip() for line in up.stdout.splitlines() if line.strip().startswith(prefix)]
    assert len(errors) == 4, up.stdout
    # In the order of the reference's table of inputs (one row per property).
    assert [errors[0], errors[1], errors[2]] == [
        f"{prefix} voice_name value {{{'x' * 40}}} has a problem: "
        "must be at most 32 characters (got 40)",
        f"{prefix} gender value {{robot}} has a problem: must be one of female, male (got 'robot')",
        f"{prefix} voice_id value {{not-a-voice-id}} has a problem: "
        "must contain only letters and digits",
    ]
    # The engine prints the value whole: here all 19 URLs.
    assert errors[3].startswith(f"{prefix} recordings value {{[{{{recordings('broken')[0]}}} ")
    assert errors[3].endswith("}]} has a problem: must list exactly 20 recordings (got 19)")
    assert " broken **failed** 4 errors" in up.stdout
    assert stack.resources() == []
    assert ice.total_requests() == 0


@pytest.mark.parametrize(
    ("declared", "error"),
    [
        (
            {"scenario": "podcast"},
            "property scenario value {podcast} has a problem: must be one of story, interaction, "
            "navigation (got 'podcast')",
        ),
        # Numbers reach the provider as the engine holds them: floats.
        (
            {"training_timeout": 0},
            "property training_timeout value {0} has a problem: must be more than 0 and at most "
            "604800 seconds (got 0.0)",
        ),
        (
            {"wait_for_training": "yes"},
            "property wait_for_training value {yes} has a problem: must be true or false, "
            "not a string",
        ),
        (
            {"voice_desc": SECRET_DESC, "secret_inputs": ["voice_desc"]},
            "property voice_desc value {[secret]} has a problem: must be at most 256 characters "
            "(got 287)",
        ),
    ],
    ids=["scenario", "timeout", "wait", "secret-desc"],
)
def test_a_preview_names_the_bad_property(
    checking: tuple[Stack, IceUnderTest], declared: dict[str, Any], error: str
) -> None:
    stack, ice = checking
    stack.set_voices([voice("bad", "bad1", **declared)])

    preview = stack.preview(check=False)

    assert preview.returncode != 0
    assert f"error: {TYPE} resource 'bad': {error}" in preview.stdout, preview.stdout
    assert " bad  1 error" in preview.stdout, "one failure, one error"
    assert SECRET_DESC not in preview.output
    assert ice.total_requests() == 0


def test_a_missing_required_input_fails_the_program_before_check(
    checking: tuple[Stack, IceUnderTest],
) -> None:
    stack, ice = checking
    entry = voice("bad", "bad1")
    del entry["voice_name"]
    stack.set_voices([entry])

    preview = stack.preview(check=False)

    assert preview.returncode != 0
    assert "error: Program failed with an unhandled exception:" in preview.stdout, preview.stdout
    assert (
        "TypeError: CustomizedVoice() missing required keyword argument: 'voice_name'"
        in preview.stdout
    )
    assert ice.total_requests() == 0


def test_unknown_inputs_pass_check_in_a_preview_and_leave_the_autoname_unknown(
    checking: tuple[Stack, IceUnderTest],
) -> None:
    stack, ice = checking
    stack.set_voices([autonamed("guess", computed={"voice_name": "random:Guess"})])

    steps = preview_steps(stack)

    assert steps["guess-voice_name"].op == "create"
    guess = steps["guess"]
    assert guess.op == "create"
    assert guess.inputs["voice_name"] == UNKNOWN
    assert guess.inputs["voice_id"] == UNKNOWN, "the autoname depends on the unknown name"
    assert (guess.inputs["wait_for_training"], guess.inputs["training_timeout"]) == (True, 10800)
    assert ice.total_requests() == 0
