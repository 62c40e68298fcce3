"""The provider plugin: the engine's ResourceProvider requests in, the core's calls, out.

The same core as the dynamic provider (the kinds, the tracker, the client); what only a
plugin can do is here: a schema, explicit providers (one configuration per provider
process), customTimeouts, Cancel, partial state (ResourceInitFailed), import by voice id,
and functions. Core calls are synchronous and may wait for training: they run in a thread
pool as large as `maxConcurrency`, so many voices wait at once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from icevoice import SCENARIOS, VOICE_TYPES

from .._basic import BasicVoices
from .._core.config import SETTINGS, ConfigurationError, ProviderConfig
from .._core.errors import JobIncomplete, UnknownResourceType, VoiceError
from .._core.inputs import AUTONAME_KEYS
from .._core.kinds import ResourceKind
from .._core.lines import say
from .._core.records import Recorded
from .._core.session import Session, credentials_named, session_for
from .._core.unknown import has_unknown
from .._editions import CosyVoices
from .._kinds import KINDS
from ._engine_log import EngineLog
from ._schema import (
    GET_COSY_VOICE_QUOTA_TOKEN,
    GET_DEMONSTRATION_TOKEN,
    GET_VOICE_TOKEN,
    LIST_VOICES_TOKEN,
    PACKAGE,
    package_schema,
    token_of,
)
from ._values import Plain, camel, plain, property_values, snake

__all__ = ["IceVoiceProvider", "ResourceInitFailed"]

T = TypeVar("T")


class ResourceInitFailed(Exception):
    """A create (or update) that made the voice but could not finish it: the engine records
    the voice with initialization errors, and the next `pulumi up` continues it (Update)."""

    def __init__(self, voice_id: str, properties: dict[str, PropertyValue], reason: str) -> None:
        super().__init__(reason)
        self.voice_id = voice_id
        self.properties = properties
        self.reason = reason


class IceVoiceProvider(Provider):
    """`icevoice:index:CustomizedVoice` and the package's functions, for one provider
    configuration (the engine starts a process per default or explicit provider)."""

    def __init__(self, version: str, log: EngineLog | None = None) -> None:
        self._version = version
        self._log = log
        self._config: ProviderConfig | None = None
        self._config_known = True
        """False in a preview whose provider settings another resource computes."""
        self._pool: ThreadPoolExecutor | None = None

    # -- the package and its configuration ---------------------------------------------

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(json.dumps(package_schema(self._version)))

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        try:
            _parse_config(plain(request.new_inputs))
        except ConfigurationError as exc:
            key = exc.key.removeprefix(f"{PACKAGE}:")
            return CheckResponse(request.new_inputs, [CheckFailure(key, str(exc))])
        return CheckResponse(request.new_inputs)

    async def diff_config(self, request: DiffRequest) -> DiffResponse:
        # A provider's settings change in place: a new region or endpoint means voices
        # that ICE there does not have (refresh says so), never a retraining of all.
        olds, news = plain(request.old_state), plain(request.new_inputs)
        keys = [snake(setting.key) for setting in SETTINGS.values()]
        changed = [camel(k) for k in keys if olds.get(k) != news.get(k)]
        return DiffResponse(changes=bool(changed), diffs=changed)

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        args = plain(request.args)
        # A setting not known yet (a preview) is left out; the region's rules wait for it.
        self._config_known = not has_unknown(dict(args))
        self._config = _parse_config({k: v for k, v in args.items() if not has_unknown(v)})
        self._pool = ThreadPoolExecutor(self._config.max_concurrency, thread_name_prefix="icevoice")
        if self._config_known:
            with credentials_named(PACKAGE):
                session_for(self._config)  # region, endpoint, credentials, before any request
        return ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def cancel(self) -> None:
        """Ctrl-C: every wait for training ends now; each such create reports its job as
        partial state, which the next `pulumi up` continues."""
        if self._config is not None:
            self._session().tracker.cancel()

    # -- the voices ----------------------------------------------------------------------

    async def check(self, request: CheckRequest) -> CheckResponse:
        kind = _kind(request.urn)
        news, olds = plain(request.new_inputs), plain(request.old_inputs)
        scope = _autoname_scope(request.urn)
        checked, failures = kind.check({**olds, **scope}, {**news, **scope}, self._region())
        inputs = {
            k: v
            for k, v in checked.items()
            if k not in AUTONAME_KEYS and (v is not None or k in news)
        }
        if not failures and self._config is not None and self._config_known:
            session = self._session()
            for warning in await self._run(lambda: kind.notice(session, olds, checked)):
                self._warn(warning, request.urn)
        return CheckResponse(
            property_values(inputs, news.secrets),
            [CheckFailure(camel(f.property), f.reason) for f in failures],
        )

    async def diff(self, request: DiffRequest) -> DiffResponse:
        kind = _kind(request.urn)
        plan = kind.plan(plain(request.old_state), plain(request.new_inputs), self._region())
        detailed = {
            camel(n): PropertyDiff(PropertyDiffKind.UPDATE_REPLACE, True) for n in plan.replaces
        }
        detailed |= {camel(n): PropertyDiff(PropertyDiffKind.UPDATE, True) for n in plan.updates}
        return DiffResponse(
            changes=plan.changes,
            replaces=[camel(n) for n in plan.replaces],
            stables=[camel(n) for n in kind.stable],
            delete_before_replace=plan.delete_before_replace,
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        kind = _kind(request.urn)
        declared, region, session = plain(request.properties), self._region(), self._session()
        props = {**declared, **_autoname_scope(request.urn)}  # the resource's name, for lines
        self._track(kind.label(props, region), request.urn)
        recorded = await self._provision(
            declared, lambda: kind.create(session, props, region, request.timeout)
        )
        return CreateResponse(recorded.resource_id, self._properties(recorded, declared))

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        kind = _kind(request.urn)
        news, olds = plain(request.news), plain(request.olds)
        region, session = self._region(), self._session()
        props = {**news, **_autoname_scope(request.urn)}
        self._track(kind.label(props, region), request.urn)
        recorded = await self._provision(
            news, lambda: kind.update(session, olds, props, region, request.timeout)
        )
        return UpdateResponse(self._properties(recorded, news))

    async def read(self, request: ReadRequest) -> ReadResponse:
        """Refresh (the old outputs and inputs) or import (the voice id alone)."""
        kind = _kind(request.urn)
        olds, inputs = plain(request.properties), plain(request.inputs)
        voice_id = request.resource_id
        self._track(voice_id, request.urn)
        known = inputs or olds
        declared = {n: v for n, v in known.items() if n not in AUTONAME_KEYS}
        region, session = self._region(), self._session()
        recorded = {**olds, **inputs}
        read = await self._run(lambda: kind.read(session, voice_id, recorded, declared, region))
        if read is None:
            return ReadResponse(resource_id="", properties={}, inputs={})
        secrets = olds.secrets | inputs.secrets
        return ReadResponse(
            resource_id=voice_id,
            properties=property_values(_known(read.outputs), secrets),
            inputs=property_values(read.inputs, secrets),
        )

    async def delete(self, request: DeleteRequest) -> None:
        kind = _kind(request.urn)
        props, session = plain(request.properties), self._session()
        self._track(request.resource_id, request.urn)
        await self._run(lambda: kind.forget(session, request.resource_id, props))

    # -- functions -----------------------------------------------------------------------

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        args = plain(request.args)
        voices = self._session().service(BasicVoices)
        if request.tok == GET_VOICE_TOKEN:
            voice_id = str(args.get("voice_id") or "")
            state = await self._run(lambda: voices.read(voice_id, None, None))
            if state is None:
                return _refused("voiceId", f"ICE has no voice {voice_id!r}")
            found = {k: v for k, v in state.outputs().items() if k != "demo_audio_media_url"}
            return InvokeResponse(property_values(found))
        if request.tok == LIST_VOICES_TOKEN:
            voice_type = args.get("type") or "Basic"
            if voice_type not in VOICE_TYPES:
                return _refused("type", f"must be one of {', '.join(VOICE_TYPES)}")
            listed = await self._run(lambda: voices.list_voices(str(voice_type)))
            return InvokeResponse(property_values({"voices": listed}))
        if request.tok == GET_DEMONSTRATION_TOKEN:
            scenario = args.get("scenario")
            if scenario not in SCENARIOS:
                return _refused("scenario", f"must be one of {', '.join(SCENARIOS)}")
            texts = await self._run(lambda: voices.demonstration(str(scenario)))
            return InvokeResponse(property_values({"texts": texts}))
        if request.tok == GET_COSY_VOICE_QUOTA_TOKEN:
            cosy = self._session().service(CosyVoices)
            return InvokeResponse(property_values(await self._run(cosy.quota)))
        raise VoiceError(f"the icevoice provider has no function {request.tok}")

    # -- plumbing ----------------------------------------------------------------------

    def _warn(self, text: str, urn: str) -> None:
        if self._log is not None:
            self._log.warning(text, urn)
        else:
            say(text)

    def _track(self, voice_id: str, urn: str) -> None:
        """Progress lines naming this voice go to this resource."""
        if self._log is not None:
            self._log.track(voice_id, urn)

    def _session(self) -> Session:
        if self._config is None:
            raise RuntimeError("the provider was not configured")
        return session_for(self._config)

    def _region(self) -> str:
        """The provider's region; empty while a preview does not know it yet."""
        if not self._config_known:
            return ""
        if self._config is None:
            return ProviderConfig.from_stack_config({}, namespace=PACKAGE).region
        return self._config.region

    def _properties(self, recorded: Recorded, declared: Plain) -> dict[str, PropertyValue]:
        """A resource's outputs for the engine (the autoname keys left out: the plugin
        derives them from the URN), secret where the inputs were."""
        outputs = {k: v for k, v in recorded.outputs.items() if k not in AUTONAME_KEYS}
        return property_values(outputs, declared.secrets)

    async def _run(self, call: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        with credentials_named(PACKAGE):
            return await loop.run_in_executor(self._pool, call)

    async def _provision(self, declared: Plain, call: Callable[[], Recorded]) -> Recorded:
        """Run a create or update; if it leaves the resource made but unfinished (training
        failed, timed out, cancelled, recordings rejected), say so as partial state."""
        try:
            return await self._run(call)
        except JobIncomplete as exc:
            if exc.recorded is None:
                raise
            properties = self._properties(exc.recorded, declared)
            raise ResourceInitFailed(exc.recorded.resource_id, properties, str(exc)) from exc


def _kind(urn: str) -> ResourceKind:
    """The resource type a request is about, from its URN (...::<type>::<name>)."""
    type_token = urn.split("::")[-2].rsplit("$", 1)[-1]
    kind = KINDS.get(type_token.rsplit(":", 1)[-1])
    if kind is None or type_token != token_of(kind):
        raise UnknownResourceType(f"the icevoice provider has no resource type {type_token}")
    return kind


def _parse_config(values: Mapping[str, Any]) -> ProviderConfig:
    """The provider's inputs (or stack config `icevoice:*`) as a ProviderConfig."""
    given = {setting.key: values.get(snake(setting.key)) for setting in SETTINGS.values()}
    keyed = {f"{PACKAGE}:{key}": _config_text(v) for key, v in given.items() if v not in (None, "")}
    return ProviderConfig.from_stack_config(keyed, namespace=PACKAGE)


def _config_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _known(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _refused(prop: str, reason: str) -> InvokeResponse:
    return InvokeResponse(failures=[CheckFailure(prop, reason)])


def _autoname_scope(urn: str) -> dict[str, str]:
    """What the dynamic resource computes in the program: the resource name, and the
    project/stack/name that makes an autonamed voice id unique to a stack."""
    # urn:pulumi:<stack>::<project>::<type>::<name>
    head, _, rest = urn.partition("::")
    stack = head.rsplit(":", 1)[-1]
    parts = rest.split("::")
    project, name = parts[0], parts[-1]
    return {"autoname_prefix": name, "autoname_seed": f"plugin/{project}/{stack}/{name}"}
