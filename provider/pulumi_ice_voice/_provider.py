"""The dynamic provider: Pulumi's property bags in, VoiceService calls out.

The instance is pickled into every resource's state (`__provider`), so it holds nothing:
`__getstate__` returns an empty dict, and configuration, clients, locks and credentials
live in a per-process session built after unpickling, in `configure()`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

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

from icevoice import MissingCredentialsError

from ._config import ProviderConfig
from ._inputs import (
    INPUT_NAMES,
    REPLACE_ON_CHANGE,
    UPDATABLE,
    VoiceSpec,
    check_inputs,
    has_unknown,
    is_unknown,
    normalized,
)
from ._session import Session, no_credentials, session_for
from ._state import OUTPUT_NAMES
from ._voices import IN_PROGRESS, progress
from ._watchdog import engine_address_of_host, watch_engine

__all__ = ["CustomizedVoiceProvider"]

_CONFIG_ATTR = "_ice_config"
# Outputs that only ICE can change; a diff never touches them.
_STABLE = ("job_id", "create_time", "voice_type", "region")
# What ICE reports about a voice's identity (drift on refresh, checked on import).
_IDENTITY = ("voice_id", "voice_name", "gender", "scenario", "voice_desc")


class CustomizedVoiceProvider(ResourceProvider):
    """CRUD for `pulumi-python:dynamic/ice:CustomizedVoice`."""

    # Nothing secret is pickled (see __getstate__), so `__provider` need not be a secret.
    serialize_as_secret_always = False

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        pass

    # -- configuration -----------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        config = ProviderConfig.from_stack_config(_ConfigView(req))
        from ._host import in_dynamic_provider_host, widen_host_pool

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

    def _session(self) -> Session:
        return session_for(self._config())

    # -- preview-safe: no network ------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked, failures = check_inputs(_olds or {}, news, self._config().region)
        return CheckResult(checked, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        olds, news = _olds, _news
        replaces = [name for name in REPLACE_ON_CHANGE if _differs(olds, news, name)]
        updates = [name for name in UPDATABLE if _differs(olds, news, name)]
        if not replaces:
            return DiffResult(changes=bool(updates), replaces=[], stables=list(_STABLE),
                              delete_before_replace=False)
        same_id = not is_unknown(news.get("voice_id")) and news.get("voice_id") == olds.get("voice_id")
        # Only a change known now is refused: an unknown value (a preview of an input
        # computed by another resource) may resolve to the old one, and `up` decides then.
        known = [name for name in replaces if not has_unknown(news.get(name))]
        if same_id and known and olds.get("status") in IN_PROGRESS | {"Success"}:
            raise ValueError(
                f"{', '.join(known)}: cannot change voice {olds.get('voice_id')}: it is "
                f"{olds.get('status')} in ICE, and ICE can neither retrain nor delete a voice "
                "under the same voice_id. Give the changed voice a new voice_id (or omit "
                "voice_id to autoname it)"
            )
        return DiffResult(changes=True, replaces=replaces, stables=list(_STABLE),
                          delete_before_replace=same_id)

    # -- ICE ---------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = VoiceSpec.from_properties(props, self._config().region)
        with _credentials_named():
            state = self._session().voices.provision(spec)
        return CreateResult(spec.voice_id, {**_inputs(props), **state.outputs()})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        config = self._config()
        try:
            spec: VoiceSpec | None = VoiceSpec.from_properties({**props, "voice_id": id_}, config.region)
        except ValueError:
            spec = None  # import or get: only some inputs are known
        with _credentials_named():
            state = self._session().voices.read(id_, props.get("job_id"), spec)
        if state is None:
            return ReadResult(id_="", outs={})
        live = state.outputs()
        if not live.get("demo_audio_media_url"):
            live["demo_audio_media_url"] = props.get("demo_audio_media_url")
        inputs = {**_inputs(props), **{name: live[name] for name in _IDENTITY}}
        inputs = {k: v for k, v in inputs.items() if v is not None}
        return ReadResult(id_, {**_inputs(props), **live}, inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        olds, news = _olds, _news
        outs = {**{k: olds.get(k) for k in OUTPUT_NAMES}, **_inputs(news)}
        media_id = news.get("demo_audio_media_id")
        if media_id and media_id != olds.get("demo_audio_media_id"):
            voices = self._session().voices
            with _credentials_named():
                voices.set_demo_audio(_id, media_id)
                outs["demo_audio_url"] = voices.media_url(media_id)
        elif not media_id:
            outs["demo_audio_media_id"] = olds.get("demo_audio_media_id")
        return UpdateResult(outs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        with _credentials_named():
            self._session().voices.forget(_id, _props.get("job_id"))


@contextlib.contextmanager
def _credentials_named() -> Iterator[None]:
    """The credential chain found nothing (it runs at the first request): say it in stack
    config terms rather than the client's argument names."""
    try:
        yield
    except MissingCredentialsError as exc:
        raise no_credentials(f"the credential chain says: {exc.detail}") from None


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


def _inputs(props: Mapping[str, Any]) -> dict[str, Any]:
    return {name: props.get(name) for name in INPUT_NAMES}


def _differs(olds: Mapping[str, Any], news: Mapping[str, Any], name: str) -> bool:
    new = news.get(name)
    if has_unknown(new):
        return True
    if name in UPDATABLE and new is None:
        return False  # not managed by the program: whatever ICE has stays
    return bool(normalized(name, olds.get(name)) != normalized(name, new))

