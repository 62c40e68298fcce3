"""The dynamic provider: Pulumi's property bags in, the core's calls, property bags out.

One adapter for every resource type (a Kind); a subclass per type names it. The instance is
pickled into every resource's state (`__provider`), so it holds nothing: `__getstate__`
returns an empty dict, and configuration, clients, locks and credentials live in a
per-process session built after unpickling, in `configure()`.

This module's path and its class names are a contract with every stack ever made: the state
pickles the provider by reference, `pulumi_ice_voice._provider.CustomizedVoiceProvider` (and
`StandardCustomizedVoiceProvider`, `CosyVoiceCustomizedVoiceProvider`), and destroy and
refresh unpickle what the state holds. Keep them importable here, whatever moves
(tests/cli/test_upgrade.py imports a stack made by 0.1.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ._config import ProviderConfig
from ._host import in_dynamic_provider_host, widen_host_pool
from ._kinds import BASIC, COSY, STANDARD_KIND, Kind, Record, Service
from ._session import credentials_named, session_for
from ._voices import progress
from ._watchdog import engine_address_of_host, watch_engine

__all__ = [
    "CosyVoiceCustomizedVoiceProvider",
    "CustomizedVoiceProvider",
    "StandardCustomizedVoiceProvider",
]

_CONFIG_ATTR = "_ice_config"


class CustomizedVoiceProvider(ResourceProvider):
    """CRUD for `pulumi-python:dynamic/ice:CustomizedVoice` (and, through its subclasses,
    the Standard and CosyVoice editions)."""

    kind: ClassVar[Kind] = BASIC
    # Nothing secret is pickled (see __getstate__), so `__provider` need not be a secret.
    serialize_as_secret_always = False

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        pass

    # -- configuration -----------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        config = ProviderConfig.from_stack_config(_ConfigView(req))
        widen_host_pool(config.max_concurrency)
        if in_dynamic_provider_host():
            watch_engine(engine_address_of_host(), say=progress)
        setattr(self, _CONFIG_ATTR, config)
        session_for(config)  # validates region, endpoint and credentials before any request

    def _config(self) -> ProviderConfig:
        config: ProviderConfig | None = getattr(self, _CONFIG_ATTR, None)
        if config is None:  # used outside the host (tests, scripts): environment only
            config = ProviderConfig.from_stack_config({})
            setattr(self, _CONFIG_ATTR, config)
        return config

    def _service(self) -> Service:
        return self.kind.service(session_for(self._config()))

    def _record(self, outputs: Mapping[str, Any]) -> Record:
        return self.kind.record(outputs, self._config().region)

    # -- preview-safe: no network ------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked, failures = self.kind.check(_olds or {}, news, self._config().region)
        return CheckResult(checked, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        plan = self.kind.plan(self._record(_olds), self.kind.declared_voice(_news))
        return DiffResult(
            changes=plan.changes,
            replaces=plan.replaces,
            stables=list(self.kind.stable),
            delete_before_replace=plan.delete_before_replace,
        )

    # -- ICE ---------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self.kind.parse(props, self._config().region)
        with credentials_named():
            record = self._service().create(spec)
        return CreateResult(self.kind.resource_id(record), record.outputs())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        spec = self.kind.parse_or_none(id_, props, self._config().region)
        with credentials_named():
            state = self._service().read(id_, props.get("job_id"), spec)
        if state is None:
            return ReadResult(id_="", outs={})
        outputs, inputs = state.read_back({name: props.get(name) for name in self.kind.table.names})
        return ReadResult(id_, outputs, inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        spec = self.kind.parse(_news, self._config().region)
        with credentials_named():
            record = self._service().update(self._record(_olds), spec)
        return UpdateResult(record.outputs())

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        with credentials_named():
            self._service().forget(_id, _props.get("job_id"))


class StandardCustomizedVoiceProvider(CustomizedVoiceProvider):
    """CRUD for `pulumi-python:dynamic/ice:StandardCustomizedVoice`."""

    kind = STANDARD_KIND


class CosyVoiceCustomizedVoiceProvider(CustomizedVoiceProvider):
    """CRUD for `pulumi-python:dynamic/ice:CosyVoiceCustomizedVoice`."""

    kind = COSY


class _ConfigView(Mapping[str, Any]):
    """Stack config as a mapping, read through ConfigureRequest (no private attributes)."""

    def __init__(self, req: ConfigureRequest) -> None:
        self._config = req.config

    def __getitem__(self, key: str) -> Any:
        value = self._config.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0
