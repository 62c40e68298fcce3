"""The dynamic provider: Pulumi's property bags in, a ResourceKind's calls, bags out.

One adapter for every resource type; each concrete class (in pulumi_ice_voice._provider,
whose path every state file names) says which kind it serves. The instance is pickled
into every resource's state (`__provider`), so it holds nothing: `__getstate__` returns an
empty dict, and configuration, clients, locks and credentials live in a per-process
session built after unpickling, in `configure()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

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

from .._core.lines import say
from .values import marked

if TYPE_CHECKING:
    from .._core.config import ProviderConfig
    from .._core.kinds import ResourceKind
    from .._core.session import Session

# The program imports this module too (each resource pickles its provider by reference), and
# the program never configures nor calls ICE: the kinds (their tables, pydantic models and
# rules), the session (httpx, the tracker, the poller), the configuration and the host's
# patches are imported where the host first needs them (about 0.25 s of CPU of every
# program's start); tests/core/test_layering.py holds the program to it.

__all__ = ["DynamicProvider", "KindNamed"]


class KindNamed:
    """A provider class's ``kind``, the catalogue's entry of that name (pulumi_ice_voice._kinds),
    imported on first use: in the provider's host, never in the program that pickles it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> ResourceKind:
        from .._kinds import KINDS

        return KINDS[self.name]


class DynamicProvider(ResourceProvider):
    """CRUD of one resource type (``kind``) for `pulumi.dynamic`."""

    kind: ClassVar[KindNamed]
    # Nothing secret is pickled (see __getstate__), so `__provider` need not be a secret.
    serialize_as_secret_always = False
    _config: ProviderConfig | None = None
    """Set by configure() in the host; None in a fresh (unpickled) instance."""

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        pass  # nothing was kept: the class's _config (None) until configure()

    # -- configuration -----------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        from .._core.config import ProviderConfig
        from .._core.session import session_for
        from .._core.watchdog import engine_address_of_host, watch_engine
        from .host_pool import in_dynamic_provider_host, widen_host_pool

        config = ProviderConfig.from_stack_config(req.config)
        widen_host_pool(config.max_concurrency)
        if in_dynamic_provider_host():
            watch_engine(engine_address_of_host(), say=say)
        self._config = config
        session_for(config)  # validates region, endpoint and credentials before any request

    def _configured(self) -> ProviderConfig:
        if self._config is None:  # used outside the host (tests, scripts): environment only
            from .._core.config import ProviderConfig

            self._config = ProviderConfig.from_stack_config({})
        return self._config

    def _session(self) -> Session:
        from .._core.session import session_for

        return session_for(self._configured())

    @property
    def _region(self) -> str:
        return self._configured().region

    # -- preview-safe: no network ------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds = marked(_olds or {})
        checked, failures = self.kind.check(olds, marked(news), self._region)
        if not failures:
            for warning in self._notices(olds, checked):
                say(f"warning: {warning}")
        return CheckResult(checked, [CheckFailure(f.property, f.reason) for f in failures])

    def _notices(self, olds: Mapping[str, Any], checked: Mapping[str, Any]) -> list[str]:
        """What the check warns of; nothing when no session can be made here (a provider used
        outside the host, without credentials: the create says what is wrong)."""
        from .._core.errors import VoiceError

        try:
            session = self._session()
        except VoiceError:
            return []
        return self.kind.notice(session, olds, checked)

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        plan = self.kind.plan(marked(_olds), marked(_news), self._region)
        return DiffResult(
            changes=plan.changes,
            replaces=plan.replaces,
            stables=list(self.kind.stable),
            delete_before_replace=plan.delete_before_replace,
        )

    # -- ICE ---------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        with _credentials_named():
            recorded = self.kind.create(self._session(), props, self._region, None)
        return CreateResult(recorded.resource_id, recorded.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        with _credentials_named():
            read = self.kind.read(self._session(), id_, props, props, self._region)
        if read is None:
            return ReadResult(id_="", outs={})
        return ReadResult(id_, read.outputs, read.inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        with _credentials_named():
            recorded = self.kind.update(self._session(), _olds, _news, self._region, None)
        return UpdateResult(recorded.outputs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        with _credentials_named():
            self.kind.forget(self._session(), _id, _props)


def _credentials_named() -> Any:
    from .._core.session import credentials_named

    return credentials_named()
