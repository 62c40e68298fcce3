"""The exceptions of :mod:`icevoice` (the tree is documented in ``icevoice._errors``)."""

from ._errors import (
    AmbiguousResultError,
    ApiError,
    AuthenticationError,
    IceError,
    InvalidArgumentError,
    MissingCredentialsError,
    NotFoundError,
    ServerError,
    ThrottlingError,
    TransportError,
)

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
