"""Every error class, from the answer or failure that produces it."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import httpx
import pytest

import icevoice
from icevoice import IceClient
from icevoice._wire import api_error_class
from tests.sdk.icevoice_fakes import FakeIce, error


def _no_retry(make_client: Callable[..., IceClient]) -> IceClient:
    return make_client(retry=icevoice.RetryPolicy.disabled())


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "Throttling", icevoice.ThrottlingError),
        (400, "Throttling.User", icevoice.ThrottlingError),
        (503, "Throttling.Api", icevoice.ThrottlingError),
        (429, "TooManyRequests", icevoice.ThrottlingError),
        (400, "IncompleteSignature", icevoice.AuthenticationError),
        (400, "SignatureDoesNotMatch", icevoice.AuthenticationError),
        (400, "SignatureNonceUsed", icevoice.AuthenticationError),
        (400, "InvalidTimeStamp.Format", icevoice.AuthenticationError),
        (400, "InvalidTimeStamp.Expired", icevoice.AuthenticationError),
        (404, "InvalidAccessKeyId.NotFound", icevoice.AuthenticationError),
        (400, "InvalidAccessKeyId.Inactive", icevoice.AuthenticationError),
        (400, "InvalidSecurityToken.Expired", icevoice.AuthenticationError),
        (400, "MissingSecurityToken", icevoice.AuthenticationError),
        (403, "Forbidden.RAM", icevoice.AuthenticationError),
        (403, "SomethingElse", icevoice.AuthenticationError),
        (404, "Anything", icevoice.NotFoundError),
        (400, "InvalidVoice.NotFound", icevoice.NotFoundError),
        (400, "Job.NotExist", icevoice.NotFoundError),
        (500, "InternalError", icevoice.ServerError),
        (503, "ServiceUnavailable", icevoice.ServerError),
        (502, "HTTP502", icevoice.ServerError),
        (400, "InvalidParameter", icevoice.ApiError),
        (409, "VoiceIdAlreadyExists", icevoice.ApiError),
    ],
)
def test_api_error_classes(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    status: int,
    code: str,
    expected: type[icevoice.ApiError],
) -> None:
    assert api_error_class(status, code) is expected
    fake_ice.answers = [error(status, code, message="details here", request_id="rid-7")]
    with pytest.raises(expected) as info:
        _no_retry(make_client).get_customized_voice_job(job_id="j")
    exc = info.value
    assert type(exc) is expected
    assert isinstance(exc, icevoice.ApiError) and isinstance(exc, icevoice.IceError)
    assert (exc.code, exc.message, exc.request_id, exc.status_code, exc.action) == (
        code,
        "details here",
        "rid-7",
        status,
        "GetCustomizedVoiceJob",
    )
    assert exc.recommend == "https://api.aliyun.com/troubleshoot?q=" + code
    assert code in str(exc) and "rid-7" in str(exc) and "GetCustomizedVoiceJob" in str(exc)


def test_non_json_error_and_request_id_header(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(
            502, text="<html>Bad Gateway</html>", headers={"x-acs-request-id": "hdr-rid"}
        )
    ]
    with pytest.raises(icevoice.ServerError) as info:
        _no_retry(make_client).get_customized_voice(voice_id="v")
    assert info.value.code == "HTTP502"
    assert info.value.request_id == "hdr-rid"
    assert "Bad Gateway" in info.value.message


def test_success_false_in_a_2xx_is_an_error(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        httpx.Response(
            200,
            json={"RequestId": "r", "Success": False, "Code": "InvalidParameter", "Message": "m"},
        )
    ]
    with pytest.raises(icevoice.ApiError) as info:
        make_client().delete_customized_voice_job(job_id="j")
    assert (info.value.code, info.value.status_code) == ("InvalidParameter", 200)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset"),
    ],
)
def test_transport_errors_wrap_httpx(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, failure: httpx.HTTPError
) -> None:
    fake_ice.answers = [failure]
    with pytest.raises(icevoice.TransportError) as info:
        _no_retry(make_client).get_customized_voice(voice_id="v")
    assert info.value.__cause__ is failure
    assert info.value.action == "GetCustomizedVoice"
    assert type(failure).__name__ in str(info.value)


def test_ambiguous_result_error_carries_action_params_and_cause(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    cause = httpx.ReadTimeout("read timed out")
    fake_ice.answers = [cause]
    with pytest.raises(icevoice.AmbiguousResultError) as info:
        make_client().create_customized_voice_job(
            voice_id="v1", voice_name="n", gender="male", scenario="story"
        )
    exc = info.value
    assert exc.action == "CreateCustomizedVoiceJob"
    assert exc.params == {"VoiceId": "v1", "VoiceName": "n", "Gender": "male", "Scenario": "story"}
    assert isinstance(exc.__cause__, icevoice.TransportError)
    assert exc.__cause__.__cause__ is cause
    assert "'v1'" in str(exc) and "look the voice or job up" in str(exc)


def test_invalid_argument_error_is_a_value_error_naming_the_argument() -> None:
    exc = icevoice.InvalidArgumentError("page_size", "must be in 1..100, got 0")
    assert isinstance(exc, ValueError) and isinstance(exc, icevoice.IceError)
    assert exc.argument == "page_size"
    assert str(exc) == "page_size: must be in 1..100, got 0"
    assert issubclass(icevoice.MissingCredentialsError, icevoice.InvalidArgumentError)


def test_errors_are_reachable_from_icevoice_errors() -> None:
    from icevoice import errors

    for name in errors.__all__:
        assert getattr(errors, name) is getattr(icevoice, name)


@pytest.mark.parametrize(
    "exc",
    [
        icevoice.InvalidArgumentError("voice_id", "must not be empty"),
        icevoice.MissingCredentialsError("access_key_id", "none"),
        icevoice.NotFoundError(
            action="A", status_code=404, code="X.NotFound", message="m", request_id="r"
        ),
        icevoice.ThrottlingError(action="A", status_code=400, code="Throttling", message="m"),
        icevoice.TransportError("A", "ReadTimeout: timed out"),
        icevoice.AmbiguousResultError("SubmitCustomizedVoiceJob", {"VoiceId": "v"}),
    ],
)
def test_errors_pickle_round_trip(exc: icevoice.IceError) -> None:
    # Pulumi's dynamic provider host may carry exceptions across process boundaries.
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is type(exc)
    assert str(copy) == str(exc)
    assert copy.__dict__ == exc.__dict__
