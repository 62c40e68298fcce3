"""Promise 2, from the program's side: two resources cannot claim one voice.

A stack that declares the same voice id twice gets one voice trained once and a clear
error for the other resource, not two resources adopting each other's job. The real engine
creates the two resources at once, in whichever order their registrations arrive: either
may be the one trained.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PulumiCli, wait_for
from tests.support.emulator import IceUnderTest
from tests.support.outcomes import created, raised
from tests.support.voices import ice_config, voice

VOICE = "twice1"
REFUSAL = (
    f"voice_id: voice {VOICE} is being created by another resource of this stack; "
    "a voice id can be declared once"
)


def test_a_voice_id_declared_twice_trains_once_and_the_other_resource_is_refused(
    cli: PulumiCli, ice: IceUnderTest, tmp_path: Path
) -> None:
    stack = cli.stack(tmp_path / "project", config=ice_config(ice.url))
    stack.set_voices([voice(name, VOICE, voice_name="Twice") for name in ("first", "second")])
    ice.control.clock(3600)  # the first create trains until the second is refused

    process = stack.popen("up", "--yes", "--skip-preview")
    wait_for(lambda: "**creating failed**" in stack.started_output(), "one create is refused")
    ice.control.clock(1.0)
    assert process.wait(timeout=120) != 0
    printed = stack.started_output()

    [job] = ice.jobs_of(VOICE)
    assert (job["Status"], job["SubmitCount"]) == ("Success", 1)
    [message] = raised(printed, "VoiceConflict")
    assert message == REFUSAL, printed
    [kept] = created(printed)
    [refused] = {"first", "second"} - {kept}
    assert f"{refused} **creating failed**" in printed, printed
    assert "error: update failed" in printed
    [resource] = stack.resources()
    assert resource["urn"].endswith(f"::{kept}")
    assert resource["outputs"]["job_id"] == job["JobId"]
    assert stack.pending_operations() == []
