"""Provider configuration: stack config (`ice:*`, then `alicloud:*`), then the environment.

The dynamic-provider host hands `configure()` every stack config value as a string keyed
`namespace:key`, secrets already decrypted. Values are parsed here once; a bad one raises
ConfigurationError naming the key, before any request is made.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

__all__ = ["EMBEDDED", "ConfigurationError", "ProviderConfig"]

EMBEDDED = "embedded"
_SECRET_FIELDS = ("access_key_secret", "security_token")
DEFAULT_REGION = "cn-shanghai"


class ConfigurationError(ValueError):
    """A stack config value or environment variable the provider cannot use."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key


@dataclass(frozen=True)
class ProviderConfig:
    """Everything the provider needs to reach ICE. Secrets are kept out of repr."""

    region: str = DEFAULT_REGION
    endpoint: str | None = None
    access_key_id: str | None = field(default=None, repr=False)
    access_key_secret: str | None = field(default=None, repr=False)
    security_token: str | None = field(default=None, repr=False)
    max_concurrency: int = 1024
    max_requests_per_second: float | None = None
    max_poll_interval: float = 30.0
    min_poll_interval: float = 0.75
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    embedded_training_seconds: float = 5.0
    embedded_data_dir: str | None = None

    @property
    def embedded(self) -> bool:
        return self.endpoint == EMBEDDED

    @property
    def local(self) -> bool:
        """An emulator on this machine: embedded, or an endpoint on a loopback address."""
        if self.embedded:
            return True
        endpoint = self.endpoint or ""
        host = urlsplit(endpoint if "//" in endpoint else f"//{endpoint}").hostname
        return host is not None and (host == "localhost" or _is_loopback(host))

    @property
    def requests_per_second(self) -> float:
        """The API budget (0 = unlimited). It guards ICE's quotas; a local emulator has none."""
        if self.max_requests_per_second is not None:
            return self.max_requests_per_second
        return 0.0 if self.local else 20.0

    def fingerprint(self) -> tuple[object, ...]:
        """Every setting, secrets as digests: two configs with the same fingerprint can share
        one client, tracker and API budget; any other difference (a secret, a timeout) gets
        its own. The secrets themselves are never kept in it."""
        values: list[object] = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _SECRET_FIELDS and value is not None:
                value = hashlib.sha256(str(value).encode()).hexdigest()
            values.append(value)
        return tuple(values)

    @classmethod
    def from_stack_config(
        cls, config: Mapping[str, Any], environ: Mapping[str, str] | None = None
    ) -> ProviderConfig:
        env = os.environ if environ is None else environ
        get = _getter(config, env)
        endpoint = get("ice:endpoint")
        return cls(
            region=get("ice:region", "alicloud:region", env="ALIBABA_CLOUD_REGION_ID ALICLOUD_REGION")
            or DEFAULT_REGION,
            endpoint=endpoint.strip() if endpoint else None,
            access_key_id=get("ice:accessKeyId", "alicloud:accessKey"),
            access_key_secret=get("ice:accessKeySecret", "alicloud:secretKey"),
            security_token=get("ice:securityToken", "alicloud:securityToken"),
            max_concurrency=int(_number(get, "ice:maxConcurrency", 1024, lo=1, hi=4096, integer=True)),
            max_requests_per_second=_optional_number(get, "ice:maxRequestsPerSecond", lo=0, hi=10_000),
            max_poll_interval=_number(get, "ice:pollInterval", 30.0, lo=0.05, hi=3600),
            min_poll_interval=_number(get, "ice:minPollInterval", 0.75, lo=0.01, hi=3600),
            connect_timeout=_number(get, "ice:connectTimeout", 5.0, lo=0.01, hi=600),
            read_timeout=_number(get, "ice:readTimeout", 30.0, lo=0.01, hi=3600),
            embedded_training_seconds=_number(
                get, "ice:embeddedTrainingSeconds", 5.0, lo=0, hi=86_400
            ),
            embedded_data_dir=get("ice:embeddedDataDir"),
        )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Getter = Callable[..., "str | None"]


def _getter(config: Mapping[str, Any], env: Mapping[str, str]) -> Getter:
    def get(*keys: str, env: str = "") -> str | None:
        for key in keys:
            value = config.get(key)
            if value is not None and str(value) != "":
                return str(value)
        for name in env.split():
            if environ.get(name):
                return environ[name]
        return None

    environ = env
    return get


def _optional_number(get: Getter, key: str, *, lo: float, hi: float) -> float | None:
    if get(key) is None:
        return None
    return _number(get, key, 0.0, lo=lo, hi=hi)


def _number(
    get: Getter, key: str, default: float, *, lo: float, hi: float, integer: bool = False
) -> float:
    raw = get(key)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(key, f"must be a number (got {raw!r})") from None
    if integer and not value.is_integer():
        raise ConfigurationError(key, f"must be a whole number (got {raw!r})")
    if not lo <= value <= hi:
        raise ConfigurationError(key, f"must be between {lo:g} and {hi:g} (got {raw!r})")
    return value
