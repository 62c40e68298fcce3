"""Every error the ICE client raises.

::

    IceError                          base of everything below
     +- InvalidArgumentError          bad input, raised BEFORE any request (also a ValueError)
     |   +- MissingCredentialsError   no access key found anywhere in the credential chain
     +- ApiError                      ICE answered with an error (code, message, request id, ...)
     |   +- ThrottlingError           Throttling, Throttling.* (retried by the client)
     |   +- AuthenticationError       signature, key, token, timestamp, nonce, Forbidden.*
     |   |                            (never retried)
     |   +- NotFoundError             HTTP 404 or a code containing "NotFound"/"NotExist"
     |   +- ServerError               HTTP 5xx, InternalError, ServiceUnavailable (retried)
     +- TransportError                the HTTP exchange failed (connect, timeout, dropped
     |                                connection); wraps the httpx error as ``__cause__``
     +- AmbiguousResultError          a non-idempotent call (create/submit) may have reached ICE
                                      and its outcome is unknown; never retried by the client

Which class an ICE answer gets is decided in ``_wire.py`` (``api_error_class``), what the
client retries in ``_retry.py``; these classes only describe what happened. No message
built here contains an access key secret or a security token: the client scrubs server
messages (which may echo a string-to-sign) before they get here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "AmbiguousResultError",
    "ApiError",
    "AuthenticationError",
    "IceError",
    "InvalidArgumentError",
    "MissingCredentialsError",
    "NotFoundError",
    "ServerError",
    "ThrottlingError",
    "TransportError",
]


class IceError(Exception):
    """Base class of every error raised by :mod:`icevoice`."""


class InvalidArgumentError(IceError, ValueError):
    """An argument is wrong; raised before anything is sent.

    ``argument`` is the snake_case name of the offending argument, as the caller wrote it.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument
        self.detail = message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.argument, self.detail))


class MissingCredentialsError(InvalidArgumentError):
    """No access key was given or found (``argument`` is ``access_key_id`` or
    ``access_key_secret``)."""


class ApiError(IceError):
    """ICE answered a request with an error.

    Attributes: ``code`` (e.g. ``InvalidParameter``), ``message``, ``request_id``,
    ``status_code`` (HTTP), ``action`` (e.g. ``CreateCustomizedVoiceJob``) and
    ``recommend`` (ICE's diagnosis link, if any).
    """

    def __init__(
        self,
        *,
        action: str,
        status_code: int,
        code: str,
        message: str,
        request_id: str | None = None,
        recommend: str | None = None,
    ) -> None:
        self.action = action
        self.status_code = status_code
        self.code = code
        self.message = message
        self.request_id = request_id
        self.recommend = recommend
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"{self.action} failed with HTTP {self.status_code} {self.code}: {self.message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_api_error, (type(self), self._fields()))

    def _fields(self) -> dict[str, object]:
        return {
            "action": self.action,
            "status_code": self.status_code,
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "recommend": self.recommend,
        }


def _rebuild_api_error(cls: type[ApiError], fields: dict[str, object]) -> ApiError:
    return cls(**fields)  # type: ignore[arg-type]


class ThrottlingError(ApiError):
    """ICE refused the request because of a rate limit (``Throttling``, ``Throttling.*``)."""


class AuthenticationError(ApiError):
    """ICE rejected the signature, access key, security token, timestamp or nonce, or denied
    access."""


class NotFoundError(ApiError):
    """The voice, job or media asset does not exist (HTTP 404, ``*NotFound*``, ``*NotExist*``)."""


class ServerError(ApiError):
    """ICE failed on its side (HTTP 5xx, ``InternalError``, ``ServiceUnavailable``)."""


class TransportError(IceError):
    """The HTTP exchange with ICE failed; the httpx error is the ``__cause__``.

    ``action`` names the API action that was being called.
    """

    def __init__(self, action: str, message: str) -> None:
        super().__init__(f"{action}: {message}")
        self.action = action
        self.detail = message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.action, self.detail))


class AmbiguousResultError(IceError):
    """A non-idempotent call may or may not have taken effect.

    Raised for ``CreateCustomizedVoiceJob``, the ``Submit*`` actions (``SubmitAudioProduceJob``
    too) and ``RegisterMediaInfo`` when the request may have reached ICE (read timeout, connection
    dropped after sending, 5xx). The client never repeats such a call, because a repeat
    could create a second voice or speech, restart training or replace a media asset. Resolve it by
    looking the voice, job or media up (``get_customized_voice``,
    ``list_customized_voice_jobs``, ``get_media_info(input_url=...)``). ``action`` is the
    API action, ``params`` the request parameters (wire names) that were sent; the cause is
    the original error.
    """

    def __init__(self, action: str, params: Mapping[str, str]) -> None:
        self.action = action
        self.params = dict(params)
        voice = self.params.get("VoiceId") or self.params.get("VoiceName")
        media = self.params.get("InputURL")
        if voice:
            subject, what = f" for voice {voice!r}", "the voice or job"
        elif media:
            subject, what = f" for media {media!r}", "the media"
        elif "InputConfig" in self.params:
            title = self.params.get("Title")
            subject = f" for speech {title!r}" if title else ""
            what = "the speech job (list_smart_jobs, by its Title or UserData)"
        else:
            subject, what = "", "the voice or job"
        super().__init__(
            f"{action}{subject} may have reached ICE but its result is unknown; "
            f"look {what} up before trying again"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.action, self.params))
