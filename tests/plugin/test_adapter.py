"""The plugin's adapter on its own: Configure with settings not known yet.

Pulumi 3.274's engine does not configure a provider whose inputs another resource computes
until they are known (tests/cli/test_plugin_providers_and_import.py: the preview of such a
provider passes with or without this guard), but the protocol allows it: these hold the
adapter's guard (unknown settings left out, the region's rules waiting, no client needed to
plan), driven through its methods as the experimental server calls them."""

from __future__ import annotations

import asyncio
from typing import Any

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import CheckRequest, ConfigureRequest, DiffRequest

from pulumi_ice_voice.plugin._provider import IceVoiceProvider
from tests.support.voices import recordings

URN = "urn:pulumi:dev::proj::icevoice:index:CustomizedVoice::narrator"


def _values(plain: dict[str, Any]) -> dict[str, PropertyValue]:
    def value(item: Any) -> PropertyValue:
        if isinstance(item, list):
            return PropertyValue([value(v) for v in item])
        return PropertyValue(item)

    return {key: value(item) for key, item in plain.items()}


def _voice(bucket_region: str) -> dict[str, PropertyValue]:
    urls = [u.replace("cn-shanghai", bucket_region) for u in recordings("narrator01")]
    return _values(
        {
            "voiceId": "narrator01",
            "voiceName": "Narrator",
            "gender": "female",
            "scenario": "story",
            "recordings": urls,
        }
    )


async def _configured(args: dict[str, PropertyValue]) -> IceVoiceProvider:
    provider = IceVoiceProvider("0.0.0")
    await provider.configure(ConfigureRequest({}, args, True, False))
    return provider


def test_a_region_not_known_yet_leaves_the_region_rules_to_the_up() -> None:
    async def run() -> Any:
        provider = await _configured(
            {"region": PropertyValue.computed(), "endpoint": PropertyValue.computed()}
        )
        return await provider.check(CheckRequest(URN, {}, _voice("cn-beijing"), b""))

    checked = asyncio.run(run())
    assert not checked.failures, [(f.property, f.reason) for f in checked.failures]


def test_a_known_region_holds_the_recordings_to_it() -> None:
    async def run() -> Any:
        provider = await _configured(
            {
                "region": PropertyValue("cn-shanghai"),
                "endpoint": PropertyValue("http://127.0.0.1:9"),
                "accessKeyId": PropertyValue("id"),
                "accessKeySecret": PropertyValue("secret"),
            }
        )
        return await provider.check(CheckRequest(URN, {}, _voice("cn-beijing"), b""))

    checked = asyncio.run(run())
    [failure] = checked.failures
    assert failure.property == "recordings"
    assert "ICE in cn-shanghai needs recordings in cn-shanghai" in failure.reason


def test_a_diff_needs_no_client_while_the_settings_are_not_known() -> None:
    async def run() -> Any:
        provider = await _configured({"accessKeySecret": PropertyValue.computed()})
        checked = await provider.check(CheckRequest(URN, {}, _voice("cn-shanghai"), b""))
        assert checked.inputs is not None
        olds = checked.inputs | {"status": PropertyValue("Success")}
        news = checked.inputs | {"demoAudioMediaId": PropertyValue("media1")}
        return await provider.diff(DiffRequest(URN, "narrator01", olds, news, []))

    diff = asyncio.run(run())
    assert diff.changes is True and diff.replaces == [] and diff.diffs == ["demoAudioMediaId"]
