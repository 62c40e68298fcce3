"""Stack config parsing: precedence, fallbacks, and errors that name the key."""

from __future__ import annotations

import pytest

from pulumi_ice_voice import ConfigurationError, ProviderConfig


def test_ice_keys_win_over_alicloud_and_environment() -> None:
    config = ProviderConfig.from_stack_config(
        {
            "ice:region": "cn-beijing",
            "alicloud:region": "cn-hangzhou",
            "ice:accessKeyId": "AK",
            "alicloud:accessKey": "OTHER",
            "alicloud:secretKey": "S3",
        },
        {"ALICLOUD_REGION": "us-west-1"},
    )
    assert (config.region, config.access_key_id, config.access_key_secret) == (
        "cn-beijing",
        "AK",
        "S3",
    )


def test_alicloud_region_then_environment_then_default() -> None:
    assert (
        ProviderConfig.from_stack_config({"alicloud:region": "cn-hangzhou"}, {}).region
        == "cn-hangzhou"
    )
    assert (
        ProviderConfig.from_stack_config({}, {"ALICLOUD_REGION": "us-west-1"}).region == "us-west-1"
    )
    assert ProviderConfig.from_stack_config({}, {}).region == "cn-shanghai"


def test_secrets_stay_out_of_repr() -> None:
    config = ProviderConfig.from_stack_config(
        {"ice:accessKeySecret": "sup3r-secret", "ice:securityToken": "tok3n"}, {}
    )
    assert "sup3r-secret" not in repr(config) and "tok3n" not in repr(config)


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("ice:maxConcurrency", "many", "number"),
        ("ice:maxConcurrency", "2.5", "whole number"),
        ("ice:maxConcurrency", "0", "between"),
        ("ice:maxRequestsPerSecond", "-1", "between"),
        ("ice:pollInterval", "0", "between"),
    ],
)
def test_bad_numbers_name_the_key(key: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigurationError, match=reason) as info:
        ProviderConfig.from_stack_config({key: value}, {})
    assert info.value.key == key


def test_api_budget_defaults() -> None:
    assert ProviderConfig.from_stack_config({}, {}).requests_per_second == 20
    assert (
        ProviderConfig.from_stack_config({"ice:endpoint": "embedded"}, {}).requests_per_second == 0
    )
    assert (
        ProviderConfig.from_stack_config({"ice:maxRequestsPerSecond": "5"}, {}).requests_per_second
        == 5
    )
    for local in ("http://127.0.0.1:8080", "localhost:9000", "http://[::1]:1"):
        assert (
            ProviderConfig.from_stack_config({"ice:endpoint": local}, {}).requests_per_second == 0
        )
    remote = ProviderConfig.from_stack_config({"ice:endpoint": "ice.cn-beijing.aliyuncs.com"}, {})
    assert remote.requests_per_second == 20
