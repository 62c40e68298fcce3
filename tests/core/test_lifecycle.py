"""A voice's life through the core, every edition: plan, create, read, update, forget.

The same template (core.voices.Voices) serves each edition; these hold each edition to it.
The real CLI proves the wiring (tests/cli/test_lifecycle.py, test_editions.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_ice_voice._core.errors import RetrainRefused
from pulumi_ice_voice._core.kinds import ResourceKind
from pulumi_ice_voice._core.unknown import UNKNOWN
from pulumi_ice_voice._kinds import BASIC, COSY_VOICE, STANDARD
from tests.support.core import basic_props, core_session, props_of
from tests.support.editions import cosy_voice, standard_voice
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import REGION, demo_url

DEMO = {"demo_audio_media_url": demo_url("edition")}
Props = Callable[[IceUnderTest], dict[str, Any]]
EACH = pytest.mark.parametrize(
    ("kind", "props"),
    [
        (BASIC, lambda ice: basic_props("narrator01")),
        (STANDARD, lambda ice: props_of(standard_voice(ice, "anchor", **DEMO))),
        (COSY_VOICE, lambda ice: props_of(cosy_voice(ice, "host", **DEMO))),
    ],
    ids=["basic", "standard", "cosy"],
)


@pytest.fixture
def ice(tmp_path: Path) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path, training_seconds=0.3) as under_test:
        yield under_test


def _checked(kind: ResourceKind, props: dict[str, Any]) -> dict[str, Any]:
    checked, failures = kind.check({}, props, REGION)
    assert not failures
    return checked


@EACH
def test_create_read_update_in_place_and_forget(
    ice: IceUnderTest, kind: ResourceKind, props: Props
) -> None:
    declared = props(ice)
    with core_session(ice) as core:
        created = core.create(kind, declared)
        assert created.outputs["status"] == "Success"
        assert str(created.outputs["demo_audio_url"]).endswith(".wav")

        read = kind.read(core.session, created.resource_id, created.outputs, declared, REGION)
        assert read is not None
        assert read.outputs["job_id"] == created.outputs["job_id"]

        same = _checked(kind, declared)
        assert not kind.plan(created.outputs, same, REGION).changes, "an unchanged voice"
        media = dict(same, demo_audio_media_id="newdemo01")
        plan = kind.plan(created.outputs, media, REGION)
        assert (plan.updates, plan.replaces) == (["demo_audio_media_id"], [])
        updated = kind.update(core.session, created.outputs, media, REGION, None)
        assert updated.outputs["demo_audio_media_id"] == "newdemo01"
        assert updated.outputs["job_id"] == created.outputs["job_id"], "nothing trained again"

        before = ice.total_requests()
        kind.forget(core.session, created.resource_id, updated.outputs)
        assert core.said("ICE has no API to delete a trained voice"), core.lines
        assert ice.total_requests() - before <= 1, "one read of the job, no delete"


@EACH
def test_a_voice_ice_no_longer_has_reads_as_gone(
    ice: IceUnderTest, kind: ResourceKind, props: Props
) -> None:
    declared = props(ice)
    with core_session(ice) as core:
        created = core.create(kind, declared)
        ice.control.reset()
        assert (
            kind.read(core.session, created.resource_id, created.outputs, declared, REGION) is None
        )


@EACH
def test_a_changed_training_input_replaces_and_an_unknown_one_may(
    ice: IceUnderTest, kind: ResourceKind, props: Props
) -> None:
    declared = props(ice)
    recorded = {**_checked(kind, declared), "status": "Success", "job_id": "J", "region": REGION}
    renamed = _checked(kind, {**declared, "voice_name": "Renamed"})
    if kind is BASIC:
        # Under the same voice id a trained voice cannot be replaced: ICE cannot retrain it.
        with pytest.raises(RetrainRefused, match="voice_name: cannot change voice narrator01"):
            kind.plan(recorded, renamed, REGION)
        renamed = _checked(kind, {**declared, "voice_name": "Renamed", "voice_id": None})
    plan = kind.plan(recorded, renamed, REGION)
    assert "voice_name" in plan.replaces and not plan.delete_before_replace
    unknown = {**_checked(kind, declared), "voice_name": UNKNOWN}
    assert "voice_name" in kind.plan(recorded, unknown, REGION).replaces, "a possible change"


def test_a_failed_basic_voice_changed_under_its_voice_id_is_deleted_before_it_is_retrained(
    ice: IceUnderTest,
) -> None:
    declared = basic_props("narrator01")
    recorded = {**_checked(BASIC, declared), "status": "Fail", "job_id": "J", "region": REGION}
    plan = BASIC.plan(recorded, _checked(BASIC, {**declared, "voice_name": "Renamed"}), REGION)
    assert plan.replaces == ["voice_name"] and plan.delete_before_replace
