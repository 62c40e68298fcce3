"""Where the access key comes from.

Order used by :class:`IceClient` when no keys and no ``credentials`` are passed
(:class:`DefaultCredentialsChain`), evaluated on every request so that rotated
variables are picked up:

1. ``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` /
   ``ALIBABA_CLOUD_SECURITY_TOKEN``;
2. ``ALICLOUD_ACCESS_KEY`` / ``ALICLOUD_SECRET_KEY`` / ``ALICLOUD_SECURITY_TOKEN``
   (the names the Terraform and Pulumi alicloud providers read);
3. if the optional ``alibabacloud-credentials`` package is installed, its default chain
   (OIDC/RRSA, CLI profile ``~/.aliyun/config.json``, ``~/.alibabacloud/credentials.ini``,
   ECS RAM role, ``ALIBABA_CLOUD_CREDENTIALS_URI``). It is imported only when reached.

Nothing found raises :class:`MissingCredentialsError` before any request is sent.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ._errors import InvalidArgumentError, MissingCredentialsError

__all__ = [
    "REDACTED",
    "Credentials",
    "CredentialsProvider",
    "DefaultCredentialsChain",
    "EnvironmentCredentials",
    "OfficialCredentialsChain",
    "resolve_credentials",
]

REDACTED = "***"

# (id, secret, token) variable names, in precedence order.
_ENV_FAMILIES = (
    (
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    ),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
)


@dataclass(frozen=True, repr=False)
class Credentials:
    """An access key pair, with the security token of STS credentials.

    A ``Credentials`` is also a :class:`CredentialsProvider` that always returns itself.
    Its ``repr`` shows the access key id only; the secret and the token are redacted.
    """

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None

    def __post_init__(self) -> None:
        for argument in ("access_key_id", "access_key_secret"):
            value = getattr(self, argument)
            if not isinstance(value, str) or not value.strip():
                raise MissingCredentialsError(argument, "must be a non-empty string")
        if self.security_token is not None and not isinstance(self.security_token, str):
            raise MissingCredentialsError("security_token", "must be a string or None")
        if self.security_token == "":
            # An empty token means "not STS"; normalise so the header is not sent.
            object.__setattr__(self, "security_token", None)

    def get_credentials(self) -> Credentials:
        """Return ``self``: fixed credentials are their own provider."""
        return self

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values that must never be shown (secret, and token if any)."""
        if self.security_token:
            return (self.access_key_secret, self.security_token)
        return (self.access_key_secret,)

    def __repr__(self) -> str:
        token = None if self.security_token is None else REDACTED
        return (
            f"Credentials(access_key_id={self.access_key_id!r}, "
            f"access_key_secret={REDACTED!r}, security_token={token!r})"
        )

    __str__ = __repr__


@runtime_checkable
class CredentialsProvider(Protocol):
    """Anything that can hand out current credentials; called before every request attempt.

    Implementations may cache and refresh (STS); they must be safe to call from several
    threads and raise :class:`MissingCredentialsError` when they have nothing to give.
    """

    def get_credentials(self) -> Credentials: ...


class EnvironmentCredentials:
    """Credentials from environment variables, read on every call.

    ``ALIBABA_CLOUD_ACCESS_KEY_ID``/``_SECRET``/``ALIBABA_CLOUD_SECURITY_TOKEN`` win over
    ``ALICLOUD_ACCESS_KEY``/``ALICLOUD_SECRET_KEY``/``ALICLOUD_SECURITY_TOKEN``. A family
    whose id is set but not its secret is an error, never mixed with the other family.
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ

    def find(self) -> Credentials | None:
        """The credentials in the environment, or None when no family is set."""
        environ = os.environ if self._environ is None else self._environ
        for id_name, secret_name, token_name in _ENV_FAMILIES:
            key_id = environ.get(id_name, "").strip()
            secret = environ.get(secret_name, "").strip()
            if not key_id and not secret:
                continue
            if not key_id:
                raise MissingCredentialsError(
                    "access_key_id", f"{secret_name} is set but {id_name} is not"
                )
            if not secret:
                raise MissingCredentialsError(
                    "access_key_secret", f"{id_name} is set but {secret_name} is not"
                )
            token = environ.get(token_name, "").strip() or None
            return Credentials(key_id, secret, token)
        return None

    def get_credentials(self) -> Credentials:
        found = self.find()
        if found is None:
            raise MissingCredentialsError(
                "access_key_id",
                "no access key in ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or "
                "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
            )
        return found

    def __repr__(self) -> str:
        return "EnvironmentCredentials()"


def _load_official_client() -> Any | None:
    """A default-chain client of ``alibabacloud_credentials``, or None if not installed.

    Imported here, not at module import: the package costs ~0.3 s to import and is optional.
    """
    try:
        from alibabacloud_credentials.client import Client
    except ImportError:
        return None
    return Client()


class OfficialCredentialsChain:
    """The default credential chain of the optional ``alibabacloud-credentials`` package.

    Covers OIDC/RRSA, the CLI profile, ``credentials.ini``, the ECS RAM role and the
    credentials URI. The official client is created on first use and kept, so refreshed
    STS sessions are reused. Note that package reads ``HOME`` and some variables once, when
    it is first imported.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._client: Any | None = None
        self._loaded = False

    @property
    def available(self) -> bool:
        """Whether ``alibabacloud-credentials`` is installed."""
        with self._lock:
            return self._ensure_loaded() is not None

    def _ensure_loaded(self) -> Any | None:
        if not self._loaded:
            self._client = _load_official_client()
            self._loaded = True
        return self._client

    def find(self) -> Credentials | None:
        """Credentials from the official chain; None when the package is not installed."""
        with self._lock:
            client = self._ensure_loaded()
            if client is None:
                return None
            try:
                model = client.get_credential()
            except Exception as exc:
                # The chain's own text (which source failed, and why) stays on __cause__.
                raise MissingCredentialsError(
                    "access_key_id",
                    "no access key given, none in the environment, and the "
                    "alibabacloud-credentials default chain found none (CLI profile, "
                    "credentials.ini, OIDC, ECS RAM role, credentials URI)",
                ) from exc
        key_id = getattr(model, "access_key_id", None)
        secret = getattr(model, "access_key_secret", None)
        token = getattr(model, "security_token", None)
        if not key_id:
            raise MissingCredentialsError(
                "access_key_id", "the alibabacloud-credentials chain returned no access key id"
            )
        if not secret:
            raise MissingCredentialsError(
                "access_key_secret",
                "the alibabacloud-credentials chain returned no access key secret",
            )
        return Credentials(str(key_id), str(secret), str(token) if token else None)

    def get_credentials(self) -> Credentials:
        found = self.find()
        if found is None:
            raise MissingCredentialsError(
                "access_key_id", "alibabacloud-credentials is not installed"
            )
        return found

    def __repr__(self) -> str:
        return "OfficialCredentialsChain()"


class DefaultCredentialsChain:
    """The chain used when no keys are given: environment first, then the official chain.

    ``use_official_chain=False`` stops after the environment variables.
    """

    def __init__(
        self,
        *,
        use_official_chain: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._environment = EnvironmentCredentials(environ)
        self._official = OfficialCredentialsChain() if use_official_chain else None

    def get_credentials(self) -> Credentials:
        found = self._environment.find()
        if found is not None:
            return found
        if self._official is not None:
            found = self._official.find()
            if found is not None:
                return found
        message = (
            "no access key given: pass access_key_id and access_key_secret, or set "
            "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET "
            "(or ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY)"
        )
        if self._official is not None:
            # Reached only when alibabacloud-credentials is not installed.
            message += (
                ", or install alibabacloud-credentials (pulumi-ice-voice[credentials]) "
                "for CLI profiles, OIDC and RAM roles"
            )
        raise MissingCredentialsError("access_key_id", message)

    def __repr__(self) -> str:
        return "DefaultCredentialsChain()"


def resolve_credentials(
    access_key_id: str | None,
    access_key_secret: str | None,
    security_token: str | None,
    credentials: CredentialsProvider | None,
) -> CredentialsProvider:
    """The provider an :class:`IceClient` uses for its constructor arguments.

    Explicit keys win; ``credentials`` replaces the default chain; giving both is an error.
    Empty strings count as not given, as unset configuration values often arrive that way.
    """
    access_key_id, access_key_secret, security_token = (
        None if isinstance(v, str) and not v.strip() else v
        for v in (access_key_id, access_key_secret, security_token)
    )
    explicit = any(v is not None for v in (access_key_id, access_key_secret, security_token))
    if credentials is not None:
        if explicit:
            raise InvalidArgumentError(
                "credentials", "pass either access keys or a credentials provider, not both"
            )
        if not callable(getattr(credentials, "get_credentials", None)):
            raise InvalidArgumentError("credentials", "must provide a get_credentials() method")
        return credentials
    if not explicit:
        return DefaultCredentialsChain()
    if access_key_id is None:
        raise MissingCredentialsError(
            "access_key_id", "is required when access_key_secret or security_token is given"
        )
    if access_key_secret is None:
        raise MissingCredentialsError(
            "access_key_secret", "is required when access_key_id is given"
        )
    return Credentials(access_key_id, access_key_secret, security_token)
