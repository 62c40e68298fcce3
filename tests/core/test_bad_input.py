"""Promise 4, every row: bad input is refused by name before anything reaches ICE.

Each row of tests/support/bad_inputs.py goes through both front doors in-process, as the
engine calls them: the dynamic provider's check and configure, the plugin's Check and
Configure. Each must name the property (or config key) with the row's reason, alone, and
the emulator must receive no request. tests/cli/test_bad_input.py proves the wiring
through the real CLI.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest as DynamicConfigure
from pulumi.dynamic.config import Config
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import CheckRequest, ConfigureRequest

from pulumi_ice_voice import ConfigurationError, CustomizedVoiceProvider
from pulumi_ice_voice._provider import SpeechProvider
from pulumi_ice_voice.plugin._provider import IceVoiceProvider
from pulumi_ice_voice.plugin._values import camel
from tests.support.bad_inputs import (
    CONFIG,
    INPUTS,
    SPEECH_COMBINATIONS,
    SPEECH_INPUTS,
    BadConfig,
    BadInput,
    declared,
    speech_declared,
)
from tests.support.core import props_of
from tests.support.emulator import IceUnderTest, running_emulator
from tests.support.voices import ice_config

URN = "urn:pulumi:dev::proj::icevoice:index:CustomizedVoice::voice"
SPEECH_URN = "urn:pulumi:dev::proj::icevoice:index:Speech::speech"


@pytest.fixture(scope="module")
def ice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IceUnderTest]:
    with running_emulator(tmp_path_factory.mktemp("bad-input")) as under_test:
        yield under_test
        assert under_test.total_requests() == 0, "a request reached ICE"


def _value(item: Any) -> PropertyValue:
    if isinstance(item, list):
        return PropertyValue([_value(v) for v in item])
    if isinstance(item, dict):
        return PropertyValue({str(k): _value(v) for k, v in item.items()})
    if isinstance(item, int) and not isinstance(item, bool):
        return PropertyValue(float(item))
    return PropertyValue(item)


def _row_id(bad: BadInput | BadConfig) -> str:
    name = bad.prop if isinstance(bad, BadInput) else bad.key
    return f"{name}={bad.value!r:.24}"


@pytest.mark.parametrize("bad", INPUTS, ids=_row_id)
def test_the_dynamic_provider_refuses_each_bad_input_by_name(
    bad: BadInput, ice: IceUnderTest
) -> None:
    news = props_of(declared(**{bad.prop: bad.value}))
    checked = CustomizedVoiceProvider().check({}, news)
    assert [(f.property, bad.reason in f.reason) for f in checked.failures] == [(bad.prop, True)]


@pytest.mark.parametrize("bad", INPUTS, ids=_row_id)
def test_the_plugin_refuses_each_bad_input_by_name(bad: BadInput, ice: IceUnderTest) -> None:
    entry = declared(**{bad.prop: bad.value})
    news = {camel(k): _value(v) for k, v in entry.items() if k != "name"}
    checked = asyncio.run(IceVoiceProvider("0.0.0").check(CheckRequest(URN, {}, news, b"")))
    assert [(f.property, bad.reason in f.reason) for f in checked.failures or []] == [
        (camel(bad.prop), True)
    ]


def _config(ice: IceUnderTest, bad: BadConfig) -> dict[str, str]:
    good = {k: v for k, v in ice_config(ice.url).items()}
    config = {**good, bad.key: bad.value}
    if bad.key == "ice:region":
        del config["ice:endpoint"]  # no endpoint: the region must be one ICE serves
    return config


@pytest.mark.parametrize("bad", CONFIG, ids=_row_id)
def test_the_dynamic_provider_refuses_each_bad_config_value_by_key(
    bad: BadConfig, ice: IceUnderTest
) -> None:
    request = DynamicConfigure(Config(raw_config=_config(ice, bad), project_name="bad"))
    with pytest.raises(ConfigurationError) as refused:
        CustomizedVoiceProvider().configure(request)
    assert bad.reason in str(refused.value)
    assert ": endpoint:" not in str(refused.value), "the client's words, not the config key's"


@pytest.mark.parametrize("bad", CONFIG, ids=_row_id)
def test_the_plugin_refuses_each_bad_config_value_by_key(bad: BadConfig, ice: IceUnderTest) -> None:
    args = {
        camel(k.split(":", 1)[1]): PropertyValue(v)
        for k, v in _config(ice, bad).items()
        if k.startswith("ice:")
    }
    with pytest.raises(ConfigurationError) as refused:
        asyncio.run(IceVoiceProvider("0.0.0").configure(ConfigureRequest({}, args, True, False)))
    assert bad.reason.replace("ice:", "icevoice:") in str(refused.value)


def test_the_table_is_as_large_as_promised(tmp_path: Path) -> None:
    assert len(INPUTS) + len(CONFIG) >= 40
    assert len({bad.prop for bad in INPUTS}) >= 10, "every input of a voice has a bad row"


def _plugin_failures(urn: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
    news = {camel(k): _value(v) for k, v in entry.items() if k not in ("name", "edition")}
    checked = asyncio.run(IceVoiceProvider("0.0.0").check(CheckRequest(urn, {}, news, b"")))
    return [(f.property, f.reason) for f in checked.failures or []]


def _dynamic_failures(entry: dict[str, Any]) -> list[tuple[str, str]]:
    checked = SpeechProvider().check({}, props_of(entry))
    return [(f.property, f.reason) for f in checked.failures]


def test_a_valid_speech_passes_both_front_doors() -> None:
    assert _dynamic_failures(speech_declared()) == []
    assert _plugin_failures(SPEECH_URN, speech_declared()) == []


@pytest.mark.parametrize("bad", SPEECH_INPUTS, ids=_row_id)
def test_both_front_doors_refuse_each_bad_speech_input_by_name(
    bad: BadInput, ice: IceUnderTest
) -> None:
    entry = speech_declared(**{bad.prop: bad.value})
    [(prop, reason)] = _dynamic_failures(entry)
    assert (prop, bad.reason in reason) == (bad.prop, True), reason
    [(prop, reason)] = _plugin_failures(SPEECH_URN, entry)
    assert (prop, bad.reason in reason) == (camel(bad.prop), True), reason


@pytest.mark.parametrize(("overrides", "prop", "reason"), SPEECH_COMBINATIONS)
def test_both_front_doors_refuse_speech_inputs_that_do_not_go_together(
    overrides: dict[str, Any], prop: str, reason: str, ice: IceUnderTest
) -> None:
    entry = speech_declared(**overrides)
    assert [(p, reason in r) for p, r in _dynamic_failures(entry)] == [(prop, True)]
    assert [(p, reason in r) for p, r in _plugin_failures(SPEECH_URN, entry)] == [
        (camel(prop), True)
    ]
