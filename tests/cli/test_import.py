"""Adopting a voice trained outside the stack, by the CLI.

What Pulumi 3.274 does with a dynamic resource's import, recorded: the engine reads the
resource with only its id (`properties: {}` in the Read request), and the host of dynamic
providers fails with `KeyError: '__provider'` (pulumi/pulumi#16175), for the `pulumi
import` command and for `ResourceOptions(import_=...)` alike. The provider refuses
`import_` in the program with a message saying what works: declaring the voice, which
create adopts without training it again.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PulumiCli
from tests.support.emulator import IceUnderTest
from tests.support.voices import ice_config

TYPE = "pulumi-python:dynamic/ice:CustomizedVoice"


def trained_outside(ice: IceUnderTest, voice_id: str) -> str:
    """A voice trained by someone else: staged in ICE, submitted, trained."""
    job_id = ice.control.stage(
        [voice_id], gender="male", scenario="interaction", status="Training"
    )[voice_id]
    ice.control.clock(0)  # training ends at once
    assert ice.jobs_of(voice_id)[0]["Status"] == "Success"
    return job_id


def matching(voice_id: str, **extra: object) -> dict[str, object]:
    """The inputs of the voice trained outside (stage names it after its id)."""
    return {
        "name": "adopted",
        "voice_id": voice_id,
        "voice_name": voice_id,
        "gender": "male",
        "scenario": "interaction",
        **extra,
    }


def test_declaring_a_voice_trained_outside_adopts_it_without_training_it_again(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    job_id = trained_outside(ice, "outside1")
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([matching("outside1")])

    up = stack.up()
    assert "voice outside1: adopting job" in up.output, up.output
    adopted = stack.outputs()["adopted"]
    assert (adopted["job_id"], adopted["status"]) == (job_id, "Success")
    assert [j["SubmitCount"] for j in ice.jobs_of("outside1")] == [1], "never trained again"
    requests = ice.total_requests()
    assert "2 unchanged" in stack.up().stdout
    assert ice.total_requests() == requests


def test_declaring_a_voice_id_that_belongs_to_another_voice_is_refused(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    trained_outside(ice, "outside2")
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([matching("outside2", gender="female")])

    up = stack.up(check=False)
    assert up.returncode != 0
    assert (
        "voice_id: voice outside2 already exists in ICE and differs (gender is 'male', "
        "declared 'female')" in up.output
    ), up.output
    assert stack.resources() == []
    assert [j["SubmitCount"] for j in ice.jobs_of("outside2")] == [1]


def test_the_import_option_is_refused_with_what_works_instead(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    trained_outside(ice, "outside3")
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([matching("outside3", options={"import_": "outside3"})])

    for result in (stack.preview(check=False), stack.up(check=False)):
        assert result.returncode != 0
        assert (
            "ResourceOptions(import_='outside3') cannot work with a dynamic provider"
            in result.output
        )
        assert "CustomizedVoice.get('adopted', 'outside3')" in result.output
    assert ice.total_requests() == 0


def test_get_reads_a_voice_without_managing_it(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    job_id = trained_outside(ice, "outside4")
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([{"name": "read", "get": "outside4"}])

    stack.up()
    assert stack.outputs()["read"]["job_id"] == job_id
    stack.destroy()
    assert [j["Status"] for j in ice.jobs_of("outside4")] == ["Success"]


def test_the_pulumi_import_command_fails_as_pulumi_16175_says(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    trained_outside(ice, "outside5")
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([])

    result = stack.run(
        "import", TYPE, "adopted", "outside5", "--yes", "--protect=false", check=False
    )

    assert result.returncode != 0
    assert "KeyError: '__provider'" in result.output, result.output
    assert stack.resources() == []
