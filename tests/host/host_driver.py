"""Concurrent Creates through the real host, with the engine tier's ProviderHost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider

from tests.engine.harness import ProviderHost

TYPE = "pulumi-python:dynamic:Resource"


def concurrent_creates(
    host: ProviderHost, provider: ResourceProvider, *, mode: str, count: int
) -> tuple[int, list[dict[str, Any]]]:
    """Configure the host, send ``count`` Creates at once; return their peak concurrency and outputs.

    The first Create deserializes the provider and runs its configure(), so the
    other calls queue in the host meanwhile, as in a real ``pulumi up``.
    """
    host.configure({"ice:maxConcurrency": str(count)})
    provider_string = serialize_provider(provider)

    def create(i: int) -> dict[str, Any]:
        props = {
            "__provider": provider_string,
            "name": f"voice-{i}",
            "mode": mode,
            "expected": count,
        }
        return host.create(props, urn=f"urn:pulumi:test::host::{TYPE}::voice-{i}").outputs

    with ThreadPoolExecutor(max_workers=count) as calls:
        outs = list(calls.map(create, range(count)))
    return max(int(out["peak"]) for out in outs), outs
