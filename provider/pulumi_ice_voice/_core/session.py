"""The live objects behind a configured provider: one per configuration per process.

They are built after the provider is unpickled (never pickled into state) and shared by
every resource, so a stack has one API budget and one status poller however many voices
it declares.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

import httpx

from icevoice import (
    AdaptiveRateLimiter,
    CustomizedVoiceJob,
    EnvironmentCredentials,
    IceClient,
    InvalidArgumentError,
    MissingCredentialsError,
    RetryPolicy,
    SmartJob,
)

from .config import SETTINGS, ConfigurationError, ProviderConfig
from .embedded import start_embedded
from .lines import duration_text, say
from .reads import BASIC_TYPE
from .statuses import status_text
from .tracker import ROUND_LOG_VARIABLE, JobTracker, round_log

__all__ = [
    "Service",
    "Session",
    "build_session",
    "credentials_named",
    "no_credentials",
    "session_for",
]

# A create lasts as long as training. The client's default six attempts are spent in a few
# seconds of throttling or 5xx, and one request giving up fails the whole create; keep
# retrying transient errors for the policy's whole deadline instead (120 s per request).
# Errors that another try cannot fix (keys, signatures, inputs) still fail at once.
_RETRY = RetryPolicy(max_attempts=16)

# ICE counts a quota over any second of arrivals; the limiter spaces sends. A request
# held up between its slot and the socket (signing, a hundred threads on the GIL) lands
# nearer the next one, and a window then holds one more than the quota: seen as 21 in a
# second against a quota of 20. Pacing at 90 % absorbs up to 0.1 s of such delay.
QUOTA_HEADROOM = 0.9

_LOCK = threading.Lock()
_SESSIONS: dict[tuple[object, ...], Session] = {}

# IceClient argument -> the configuration field (SETTINGS) a user sets for it.
_CONFIG_FIELD = {"region_id": "region"} | {
    name: name for name in ("endpoint", "access_key_id", "access_key_secret", "security_token")
}


class Service(Protocol):
    """What acts on one kind of thing in ICE for a session (an edition's voices)."""

    def __init__(self, session: Session) -> None: ...


S = TypeVar("S", bound=Service)


@dataclass
class Session:
    """One configuration's client, poller and services, shared by every resource of it."""

    config: ProviderConfig
    client: IceClient
    tracker: JobTracker
    """The training jobs' poller (other families' pollers are services of the session)."""
    on_speech_status: Callable[[SmartJob, str | None], None] = field(
        default=lambda job, old: _speech_status(job, old), repr=False
    )
    on_speech_heartbeat: Callable[[SmartJob, float, float], None] = field(
        default=lambda job, waited, left: _speech_heartbeat(job, waited, left), repr=False
    )
    _services: dict[type[Any], Any] = field(default_factory=dict, repr=False)
    # Reentrant: a service may use another of the session's as it is made (Speeches, its poller).
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def service(self, service_type: type[S]) -> S:
        """The session's one ``service_type`` (made on first use)."""
        with self._lock:
            found = self._services.get(service_type)
            if found is None:
                found = self._services[service_type] = service_type(self)
            return cast(S, found)


def session_for(config: ProviderConfig) -> Session:
    with _LOCK:
        key = config.fingerprint()
        session = _SESSIONS.get(key)
        if session is None:
            session = build_session(config)
            _SESSIONS[key] = session
        return session


def build_session(config: ProviderConfig) -> Session:
    """A new session for ``config`` (session_for shares one per configuration)."""
    endpoint, key_id, secret = config.endpoint, config.access_key_id, config.access_key_secret
    if config.embedded:
        embedded = start_embedded(config.embedded_data_dir, config.embedded_training_seconds)
        say(f"embedded ICE emulator at {embedded.url} (state in {embedded.data_dir})")
        endpoint = embedded.url
        if not key_id:
            key_id, secret = embedded.access_key_id, embedded.access_key_secret
    if not key_id:
        _ensure_some_credentials(config.namespace)
    rps = config.requests_per_second
    try:
        client = IceClient(
            region_id=config.region,
            endpoint=endpoint,
            access_key_id=key_id,
            access_key_secret=secret,
            security_token=config.security_token,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            retry=_RETRY,
            rate_limiter=AdaptiveRateLimiter(rps * QUOTA_HEADROOM) if rps > 0 else None,
        )
    except InvalidArgumentError as exc:
        # The client names its own arguments; say it in stack config keys.
        ns = config.namespace
        detail = exc.detail.replace(
            "pass endpoint= to use another one", f"set {ns}:endpoint to use another one"
        )
        field = _CONFIG_FIELD.get(exc.argument)
        key = f"{ns}:{SETTINGS[field].key}" if field else exc.argument
        raise ConfigurationError(key, detail) from None
    tracker = JobTracker(
        client,
        min_interval=config.min_poll_interval,
        max_interval=config.max_poll_interval,
        heartbeat=config.heartbeat_interval,
        on_status=_voice_status,
        on_heartbeat=_voice_heartbeat,
        on_round=round_log(log) if (log := os.environ.get(ROUND_LOG_VARIABLE)) else None,
    )
    return Session(config=config, client=client, tracker=tracker)


def _label(job: CustomizedVoiceJob) -> str:
    """How the user's lines name a job's voice: by its voice id where the program declared
    it (Basic), else by the name the program's resource gave it in ICE."""
    if (job.type or BASIC_TYPE) == BASIC_TYPE:
        return str(job.voice_id)
    return str(job.voice_name or job.voice_id)


def _voice_status(job: CustomizedVoiceJob, old: str | None) -> None:
    say(
        f"voice {_label(job)}: job {job.job_id} {status_text(old)} -> {job.status}"
        + (f" ({job.message})" if job.status == "Fail" and job.message else "")
    )


def _voice_heartbeat(job: CustomizedVoiceJob, waited: float, next_round: float) -> None:
    say(_heartbeat("voice", _label(job), job.status, waited, job.job_id, next_round))


def _speech_status(job: SmartJob, old: str | None) -> None:
    failed = f" ({job.error_message})" if job.state == "Failed" and job.error_message else ""
    say(f"speech {job.title or job.job_id}: job {job.job_id} {status_text(old)} -> {job.state}"
        + failed)  # fmt: skip


def _speech_heartbeat(job: SmartJob, waited: float, next_round: float) -> None:
    say(_heartbeat("speech", job.title or job.job_id, job.state, waited, job.job_id, next_round))


def _heartbeat(
    what: str, label: str, status: str | None, waited: float, job_id: str, next_round: float
) -> str:
    """`voice narrator01: Training for 35m, job J, next check in 30s`."""
    return (
        f"{what} {label}: {status_text(status)} for {duration_text(waited)}, job {job_id}, "
        f"next check in {duration_text(next_round)}"
    )


def _ensure_some_credentials(namespace: str) -> None:
    """Fail at configure, before any request, when no credential source can exist.

    Environment keys are checked here; the official chain (profiles, OIDC/RRSA, ECS RAM
    role) can only be asked at request time, so with it installed the check is deferred.
    """
    try:
        if EnvironmentCredentials().find() is not None:
            return
    except MissingCredentialsError as exc:
        raise ConfigurationError("environment", str(exc)) from None
    if importlib.util.find_spec("alibabacloud_credentials") is None:
        raise no_credentials(
            "for profiles, OIDC/RRSA and ECS RAM roles install pulumi-ice-voice[credentials]",
            namespace,
        )


def no_credentials(detail: str, namespace: str = "ice") -> ConfigurationError:
    """The error for "no credentials anywhere", in the words of stack config."""
    ns = namespace
    return ConfigurationError(
        f"{ns}:accessKeyId",
        f"no Alibaba Cloud credentials: set {ns}:accessKeyId and {ns}:accessKeySecret "
        f"(pulumi config set --secret {ns}:accessKeySecret ...), or alicloud:accessKey/"
        "alicloud:secretKey, or ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET; "
        + detail,
    )


@contextlib.contextmanager
def credentials_named(namespace: str = "ice") -> Iterator[None]:
    """The credential chain found nothing (it runs at the first request): say it in stack
    config terms rather than the client's argument names."""
    try:
        yield
    except MissingCredentialsError as exc:
        raise no_credentials(f"the credential chain says: {exc.detail}", namespace) from None
