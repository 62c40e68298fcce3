"""The plugin's server on its own: what the engine is told when a provider call fails.

Pulumi's experimental server may or may not wrap what the provider raises: 3.272 raises
every error again as a new Exception (its context is the provider's), 3.200's Create did
not wrap. Each case runs under both: the real servicer of the installed pulumi, and one
whose Create and Check call the provider directly, as an unwrapping server would.
"""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest
from google.protobuf import any_pb2
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    CheckResponse,
    CreateRequest,
    CreateResponse,
    Provider,
)
from pulumi.runtime.proto import provider_pb2, status_pb2

from pulumi_ice_voice._core.errors import InputsInvalid
from pulumi_ice_voice.plugin._provider import ResourceInitFailed
from pulumi_ice_voice.plugin._server import IceVoiceServicer, answer_in

URN = "urn:pulumi:dev::proj::icevoice:index:CustomizedVoice::narrator"


class Aborted(Exception):
    """What grpc.aio's context.abort raises: the call ends there."""


class FakeContext:
    def __init__(self) -> None:
        self.aborted: tuple[grpc.StatusCode, str, tuple[tuple[str, bytes], ...]] | None = None

    async def abort(self, code: grpc.StatusCode, details: str, trailing_metadata: Any = ()) -> None:
        self.aborted = (code, details, tuple(trailing_metadata))
        raise Aborted(details)


class FailingProvider(Provider):
    """create leaves a voice made but unfinished; check raises what it is given."""

    def __init__(self, check_raises: Exception) -> None:
        self.check_raises = check_raises

    async def create(self, request: CreateRequest) -> CreateResponse:
        try:
            raise TimeoutError("job J still Training")  # what the core raised under it
        except TimeoutError as exc:
            properties = {"voiceId": PropertyValue("narrator01"), "jobId": PropertyValue("J")}
            raise ResourceInitFailed("narrator01", properties, "still Training") from exc

    async def check(self, request: CheckRequest) -> CheckResponse:
        raise self.check_raises


class UnwrappingServicer(IceVoiceServicer):
    """A server that calls the provider and lets its error through as it is."""

    async def Create(self, request: Any, context: Any) -> Any:
        response = await self._provider.create(
            CreateRequest(request.urn, {}, request.timeout, request.preview)
        )
        return provider_pb2.CreateResponse(id=response.resource_id or "")

    async def Check(self, request: Any, context: Any) -> Any:
        await self._provider.check(CheckRequest(request.urn, {}, {}, b""))
        return provider_pb2.CheckResponse()


SERVERS = {"wrapping (3.272)": IceVoiceServicer, "unwrapping (3.200)": UnwrappingServicer}


def _servicer(kind: str, check_raises: Exception) -> IceVoiceServicer:
    return SERVERS[kind]([], "0.0.0", "", FailingProvider(check_raises))


def _call(method: Any, request: Any) -> FakeContext:
    context = FakeContext()
    with pytest.raises(Aborted):
        asyncio.run(method(request, context))
    return context


@pytest.mark.parametrize("server", SERVERS)
def test_a_voice_made_but_unfinished_is_answered_as_resource_init_failed(server: str) -> None:
    servicer = _servicer(server, ValueError("unused"))

    context = _call(servicer.Create, provider_pb2.CreateRequest(urn=URN))

    assert context.aborted is not None
    code, message, trailer = context.aborted
    assert (code, message) == (grpc.StatusCode.UNKNOWN, "still Training")
    [(key, raw)] = trailer
    assert key == "grpc-status-details-bin"
    [packed] = status_pb2.Status.FromString(raw).details
    detail = provider_pb2.ErrorResourceInitFailed()
    assert isinstance(packed, any_pb2.Any) and packed.Unpack(detail)
    assert detail.id == "narrator01"
    assert list(detail.reasons) == ["still Training"]
    assert detail.properties["jobId"] == "J"


@pytest.mark.parametrize("server", SERVERS)
def test_an_expected_error_is_answered_as_its_message_alone(server: str) -> None:
    servicer = _servicer(server, InputsInvalid("voice_name: is required"))

    context = _call(servicer.Check, provider_pb2.CheckRequest(urn=URN))

    assert context.aborted == (grpc.StatusCode.UNKNOWN, "voice_name: is required", ())


@pytest.mark.parametrize("server", SERVERS)
def test_a_bug_is_left_to_the_server_with_its_stack(server: str) -> None:
    servicer = _servicer(server, KeyError("surprise"))
    context = FakeContext()

    with pytest.raises(Exception, match="surprise") as raised:
        asyncio.run(servicer.Check(provider_pb2.CheckRequest(urn=URN), context))

    assert context.aborted is None
    assert answer_in(raised.value) is None


def test_a_bug_raised_while_an_expected_error_was_handled_is_still_a_bug() -> None:
    """Only an Answer counts: a KeyError whose context is a ValueError is not one."""
    try:
        try:
            raise ValueError("looks expected")
        except ValueError:
            raise KeyError("but this is the error") from None
    except KeyError as bug:
        assert answer_in(bug) is None
