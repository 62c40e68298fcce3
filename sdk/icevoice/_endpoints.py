"""Which URL a client talks to."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ._errors import InvalidArgumentError

__all__ = ["REGIONS", "resolve_base_url"]

#: Regions where ICE documents voice cloning; each is served at ``ice.<region>.aliyuncs.com``.
REGIONS: frozenset[str] = frozenset(
    {"cn-shanghai", "cn-beijing", "cn-hangzhou", "cn-shenzhen", "ap-southeast-1", "us-west-1"}
)

_REGION_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HOST_RE = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def resolve_base_url(region_id: str, endpoint: str | None) -> str:
    """``scheme://host[:port]`` for a region and an optional endpoint override.

    ``endpoint`` may be a URL (``http://127.0.0.1:8080``, any path is ignored) or a bare
    host (``ice-vpc.cn-shanghai.aliyuncs.com``, reached over HTTPS). Without it, the region
    must be one of :data:`REGIONS`.
    """
    if not isinstance(region_id, str) or not _REGION_RE.match(region_id):
        raise InvalidArgumentError(
            "region_id", f"must be a region id such as 'cn-shanghai', got {region_id!r}"
        )
    if endpoint is not None and not isinstance(endpoint, str):
        raise InvalidArgumentError("endpoint", f"must be a string, got {type(endpoint).__name__}")
    if endpoint is None or not endpoint.strip():
        if region_id not in REGIONS:
            raise InvalidArgumentError(
                "region_id",
                f"ICE voice cloning has no known endpoint in region {region_id!r} "
                f"(known: {', '.join(sorted(REGIONS))}); pass endpoint= to use another one",
            )
        return f"https://ice.{region_id}.aliyuncs.com"
    return _endpoint_url(endpoint.strip())


def _endpoint_url(endpoint: str) -> str:
    if "@" in endpoint:
        # Never echo it: what precedes "@" may be a password.
        raise InvalidArgumentError("endpoint", "must not contain user information")
    if "://" not in endpoint:
        if not _HOST_RE.match(endpoint):
            raise InvalidArgumentError(
                "endpoint", f"must be a URL or a host name, got {endpoint!r}"
            )
        return f"https://{endpoint}"
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidArgumentError(
            "endpoint", f"must be an http:// or https:// URL or a host name, got {endpoint!r}"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise InvalidArgumentError("endpoint", f"has an invalid port: {endpoint!r}") from None
    return f"{parts.scheme}://{parts.netloc}"
