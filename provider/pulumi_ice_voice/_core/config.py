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
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from .errors import ConfigurationError

__all__ = ["EMBEDDED", "SETTINGS", "ConfigurationError", "ProviderConfig", "Setting", "SupportsGet"]

EMBEDDED = "embedded"
_SECRET_FIELDS = ("access_key_secret", "security_token")
DEFAULT_REGION = "cn-shanghai"


class SupportsGet(Protocol):
    """Where stack config is read from: a mapping, or the dynamic host's ConfigureRequest
    config (whose `get` returns None for a key not set)."""

    def get(self, key: str, /) -> Any: ...


@dataclass(frozen=True)
class Setting:
    """One configuration key: what users set (`<namespace>:<key>`, or a provider input of
    the plugin) and read about it. The dynamic provider's stack config, the plugin's
    schema and the README's tables are all made from SETTINGS."""

    key: str
    kind: Literal["string", "number"]
    description: str
    secret: bool = False


#: ProviderConfig field -> its setting, in the order users read them.
SETTINGS: dict[str, Setting] = {
    "region": Setting(
        "region",
        "string",
        "The ICE region (default: `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID` / "
        f"`ALICLOUD_REGION`, then `{DEFAULT_REGION}`). Recordings must be OSS objects in it.",
    ),
    "endpoint": Setting(
        "endpoint",
        "string",
        "A URL or host (a VPC endpoint `ice-vpc.<region>.aliyuncs.com`, a proxy), or "
        "`embedded`: the ICE emulator inside the provider process (needs the `emulator` "
        "extra). Default: the region's public endpoint.",
    ),
    "access_key_id": Setting(
        "accessKeyId",
        "string",
        "AccessKey id (default: the environment, then the credential chain).",
    ),
    "access_key_secret": Setting("accessKeySecret", "string", "AccessKey secret.", secret=True),
    "security_token": Setting("securityToken", "string", "STS security token.", secret=True),
    "max_requests_per_second": Setting(
        "maxRequestsPerSecond",
        "number",
        "ICE's request quota for the account: the API budget shared by all the provider's "
        "voices, paced at 90 % of it and halved while ICE throttles. Default 20; unlimited "
        "for `embedded` and loopback endpoints; `0`: unlimited.",
    ),
    "max_poll_interval": Setting(
        "pollInterval",
        "number",
        "Longest wait, in seconds, between two status requests of a job (default 30).",
    ),
    "min_poll_interval": Setting(
        "minPollInterval",
        "number",
        "Shortest such wait (default 0.75): right after a submit, and around the training "
        "time learned from voices already trained.",
    ),
    "heartbeat_interval": Setting(
        "heartbeatInterval",
        "number",
        "Seconds between two lines saying a job is still where it was, while a create waits "
        "(default 300; 0: none). Pipelines that end silent steps, and people watching, see "
        "the wait is alive; the lines cost no request (they report the last poll).",
    ),
    "connect_timeout": Setting(
        "connectTimeout", "number", "Seconds to connect to ICE, per attempt (default 5)."
    ),
    "read_timeout": Setting(
        "readTimeout", "number", "Seconds to wait for ICE's answer, per attempt (default 30)."
    ),
    "max_concurrency": Setting(
        "maxConcurrency",
        "number",
        "How many provider calls run at once (default 1024); keep it above the number of "
        "voices a stack creates at once.",
    ),
    "embedded_data_dir": Setting(
        "embeddedDataDir",
        "string",
        "Where the embedded emulator keeps its state (default `.ice-emulator/` beside "
        "`Pulumi.yaml`); relative to the program's directory.",
    ),
    "embedded_training_seconds": Setting(
        "embeddedTrainingSeconds",
        "number",
        "How long training takes on the embedded emulator (default 5).",
    ),
}


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
    heartbeat_interval: float = 300.0
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    embedded_training_seconds: float = 5.0
    embedded_data_dir: str | None = None
    namespace: str = "ice"
    """The config namespace the values came from, for messages: `ice` (dynamic provider)
    or `icevoice` (the plugin)."""

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
        cls,
        config: SupportsGet,
        environ: Mapping[str, str] | None = None,
        *,
        namespace: str = "ice",
    ) -> ProviderConfig:
        """Parse ``<namespace>:<key>`` values (`ice` for the dynamic provider's stack
        config, `icevoice` for the plugin's), then `alicloud:*`, then the environment."""
        env = os.environ if environ is None else environ
        get = _getter(config, env)

        def key(name: str) -> str:
            return f"{namespace}:{SETTINGS[name].key}"

        endpoint = get(key("endpoint"))
        return cls(
            region=get(
                key("region"), "alicloud:region", env="ALIBABA_CLOUD_REGION_ID ALICLOUD_REGION"
            )
            or DEFAULT_REGION,
            endpoint=endpoint.strip() if endpoint else None,
            access_key_id=get(key("access_key_id"), "alicloud:accessKey"),
            access_key_secret=get(key("access_key_secret"), "alicloud:secretKey"),
            security_token=get(key("security_token"), "alicloud:securityToken"),
            max_concurrency=int(
                _number(get, key("max_concurrency"), 1024, lo=1, hi=4096, integer=True)
            ),
            max_requests_per_second=_optional_number(
                get, key("max_requests_per_second"), lo=0, hi=10_000
            ),
            max_poll_interval=_number(get, key("max_poll_interval"), 30.0, lo=0.05, hi=3600),
            min_poll_interval=_number(get, key("min_poll_interval"), 0.75, lo=0.01, hi=3600),
            heartbeat_interval=_number(get, key("heartbeat_interval"), 300.0, lo=0, hi=86_400),
            connect_timeout=_number(get, key("connect_timeout"), 5.0, lo=0.01, hi=600),
            read_timeout=_number(get, key("read_timeout"), 30.0, lo=0.01, hi=3600),
            embedded_training_seconds=_number(
                get, key("embedded_training_seconds"), 5.0, lo=0, hi=86_400
            ),
            embedded_data_dir=get(key("embedded_data_dir")),
            namespace=namespace,
        )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Getter = Callable[..., "str | None"]


def _getter(config: SupportsGet, env: Mapping[str, str]) -> Getter:
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
