"""Retry schedule, deadline, re-signing and non-idempotent ambiguity, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

import icevoice
from icevoice import IceClient, RetryPolicy
from icevoice._retry import Decision, decide
from tests.sdk.icevoice_fakes import FakeClock, FakeIce, error, ok


def test_backoff_is_capped_exponential_with_full_jitter() -> None:
    policy = RetryPolicy(base_delay=0.2, max_delay=10, random=lambda: 1.0)
    assert [policy.backoff(n) for n in range(1, 9)] == [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0]
    assert RetryPolicy(base_delay=0.2, random=lambda: 0.0).backoff(5) == 0.0
    assert RetryPolicy(base_delay=0.2, max_delay=10, random=lambda: 0.5).backoff(
        3
    ) == pytest.approx(0.4)


def test_policy_defaults_match_the_contract() -> None:
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.base_delay, policy.max_delay, policy.deadline) == (
        6,
        0.2,
        10,
        120,
    )


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_attempts": True}, "max_attempts"),
        ({"max_attempts": 2.5}, "max_attempts"),
        ({"base_delay": -1}, "base_delay"),
        ({"max_delay": "1"}, "max_delay"),
        ({"deadline": 0}, "deadline"),
    ],
)
def test_policy_rejects_bad_settings(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        RetryPolicy(**kwargs)
    assert info.value.argument == argument


def test_retries_throttling_and_5xx_then_succeeds_with_the_backoff_schedule(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock
) -> None:
    fake_ice.answers = [
        error(400, "Throttling.User"),
        error(503, "ServiceUnavailable"),
        error(500, "InternalError"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        ok({"CustomizedVoice": {"VoiceId": "v"}}, request_id="finally"),
    ]
    voice = make_client().get_customized_voice(voice_id="v")
    assert voice.request_id == "finally"
    assert len(fake_ice.requests) == 6
    # random() == 1.0 in the fixture: the waits are the ceilings.
    assert fake_clock.sleeps == [0.2, 0.4, 0.8, 1.6, 3.2]


def test_every_attempt_is_signed_afresh(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [
        error(500, "InternalError"),
        error(500, "InternalError"),
        ok({"CustomizedVoice": {"VoiceId": "v"}}),
    ]
    make_client().get_customized_voice(voice_id="v")
    nonces = {r.headers["x-acs-signature-nonce"] for r in fake_ice.requests}
    signatures = {r.headers["Authorization"] for r in fake_ice.requests}
    assert len(fake_ice.requests) == 3
    assert len(nonces) == 3 and len(signatures) == 3


def test_gives_up_after_max_attempts_with_the_last_error(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock
) -> None:
    fake_ice.answers = [error(400, "Throttling", request_id="last")]
    client = make_client(
        retry=RetryPolicy(
            max_attempts=3, sleep=fake_clock.sleep, clock=fake_clock, random=lambda: 1.0
        )
    )
    with pytest.raises(icevoice.ThrottlingError) as info:
        client.list_customized_voices()
    assert info.value.request_id == "last"
    assert len(fake_ice.requests) == 3
    assert fake_clock.sleeps == [0.2, 0.4]


def test_deadline_stops_retrying_before_a_wait_would_cross_it(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock
) -> None:
    fake_ice.answers = [error(503, "ServiceUnavailable")]
    client = make_client(
        retry=RetryPolicy(
            max_attempts=100,
            base_delay=1,
            max_delay=4,
            deadline=10,
            sleep=fake_clock.sleep,
            clock=fake_clock,
            random=lambda: 1.0,
        )
    )
    start = fake_clock.now
    with pytest.raises(icevoice.ServerError):
        client.list_customized_voice_jobs()
    # Waits 1, 2, 4 (total 7); the next 4 would end at 11 > 10: stop.
    assert fake_clock.sleeps == [1, 2, 4]
    assert len(fake_ice.requests) == 4
    assert fake_clock.now - start <= 10


def test_deadline_counts_time_spent_in_attempts(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock
) -> None:
    def slow_failure(request: httpx.Request) -> httpx.Response:
        fake_clock.now += 6  # each attempt takes 6 "seconds"
        return error(500, "InternalError")

    fake_ice.answers = [slow_failure]
    client = make_client(
        retry=RetryPolicy(
            max_attempts=10,
            base_delay=0.5,
            deadline=15,
            sleep=fake_clock.sleep,
            clock=fake_clock,
            random=lambda: 1.0,
        )
    )
    with pytest.raises(icevoice.ServerError):
        client.get_customized_voice_job(job_id="j")
    # t=6 fail, wait .5 -> t=12.5 fail, next wait 1 would end at 13.5 <= 15 -> t=19.5 fail: over.
    assert len(fake_ice.requests) == 3
    assert fake_clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    "final",
    [
        "IncompleteSignature",
        "SignatureDoesNotMatch",
        "SignatureNonceUsed",
        "InvalidTimeStamp.Format",
        "InvalidTimeStamp.Expired",
        "InvalidAccessKeyId.NotFound",
        "InvalidAccessKeyId.Inactive",
        "InvalidSecurityToken.Expired",
        "MissingSecurityToken",
        "Forbidden.RAM",
        "InvalidParameter",
    ],
)
def test_final_codes_are_never_retried(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock, final: str
) -> None:
    fake_ice.answers = [error(403 if final.startswith("Forbidden") else 400, final)]
    with pytest.raises(icevoice.ApiError) as info:
        make_client().get_customized_voice_job(job_id="j")
    assert info.value.code == final
    assert len(fake_ice.requests) == 1
    assert fake_clock.sleeps == []


def test_not_found_is_not_retried(make_client: Callable[..., IceClient], fake_ice: FakeIce) -> None:
    fake_ice.answers = [error(404, "InvalidParameter.JobNotFound")]
    with pytest.raises(icevoice.NotFoundError):
        make_client().get_customized_voice_job(job_id="j")
    assert len(fake_ice.requests) == 1


# -- non-idempotent actions -------------------------------------------------------------------

NON_IDEMPOTENT_CALLS: list[tuple[str, Callable[[IceClient], Any]]] = [
    (
        "CreateCustomizedVoiceJob",
        lambda c: c.create_customized_voice_job(
            voice_id="v", voice_name="n", gender="male", scenario="story"
        ),
    ),
    ("SubmitCustomizedVoiceJob", lambda c: c.submit_customized_voice_job(voice_id="v")),
    (
        "SubmitStandardCustomizedVoiceJob",
        lambda c: c.submit_standard_customized_voice_job(
            voice_name="n", gender="male", audios=["a"], authentication="x"
        ),
    ),
    (
        "SubmitCosyVoiceCustomizedVoiceJob",
        lambda c: c.submit_cosy_voice_customized_voice_job(
            voice_name="n", gender="male", audios=["a"], model="cosyvoice-v3-flash"
        ),
    ),
    # A repeat could replace the media asset, or fail with MediaAlreadyExist.
    ("RegisterMediaInfo", lambda c: c.register_media_info(input_url="oss://b/a.wav")),
    (
        "SubmitAudioProduceJob",
        lambda c: c.submit_audio_produce_job(
            text="hi", output_bucket="b-1", output_object="a", format="WAV", voice="Siqi"
        ),
    ),
]


def test_the_non_idempotent_actions_are_exactly_create_submits_and_register() -> None:
    assert {name for name, _ in NON_IDEMPOTENT_CALLS} == icevoice.NON_IDEMPOTENT_ACTIONS


@pytest.mark.parametrize(("action", "call"), NON_IDEMPOTENT_CALLS)
@pytest.mark.parametrize(
    "possible_delivery",
    [
        httpx.ReadTimeout("read timed out"),
        httpx.WriteTimeout("write timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
        "500",
        "503",
    ],
    ids=["read-timeout", "write-timeout", "dropped", "reset", "500", "503"],
)
def test_possible_delivery_of_a_non_idempotent_call_is_ambiguous_and_not_retried(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    fake_clock: FakeClock,
    action: str,
    call: Callable[[IceClient], Any],
    possible_delivery: Any,
) -> None:
    if possible_delivery == "500":
        possible_delivery = error(500, "InternalError")
    elif possible_delivery == "503":
        possible_delivery = error(503, "ServiceUnavailable")
    fake_ice.answers = [possible_delivery, ok({"JobId": "j", "VoiceId": "v"})]
    with pytest.raises(icevoice.AmbiguousResultError) as info:
        call(make_client())
    assert info.value.action == action
    assert "look the" in str(info.value)
    assert len(fake_ice.requests) == 1
    assert fake_clock.sleeps == []


def test_an_ambiguous_speech_says_to_look_the_job_up_by_its_title(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [httpx.ReadTimeout("read timed out")]
    with pytest.raises(icevoice.AmbiguousResultError) as info:
        make_client().submit_audio_produce_job(
            text="hi", output_bucket="b-1", output_object="a", format="MP3", voice="v", title="t-1"
        )
    assert info.value.params["Title"] == "t-1"
    assert "for speech 't-1'" in str(info.value) and "list_smart_jobs" in str(info.value)


def test_an_ambiguous_registration_says_to_look_the_media_up(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [httpx.ReadTimeout("read timed out")]
    with pytest.raises(icevoice.AmbiguousResultError) as info:
        make_client().register_media_info(input_url="oss://b/a.wav")
    assert info.value.params == {"InputURL": "oss://b/a.wav"}
    assert "for media 'oss://b/a.wav'" in str(info.value) and "look the media up" in str(info.value)


@pytest.mark.parametrize(("action", "call"), NON_IDEMPOTENT_CALLS)
def test_non_idempotent_calls_retry_when_the_request_provably_did_not_land(
    make_client: Callable[..., IceClient],
    fake_ice: FakeIce,
    action: str,
    call: Callable[[IceClient], Any],
) -> None:
    fake_ice.answers = [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("connect timed out"),
        error(400, "Throttling.User"),
        error(503, "Throttling.Api"),
        # Data for the voice actions; at the top level for the media and speech actions.
        ok({"JobId": "j", "VoiceId": "v"}, request_id="landed", MediaId="j", JobId="j"),
    ]
    result = call(make_client())
    assert result.request_id == "landed"
    assert "j" in result.model_dump().values()  # the job id, or the media id
    assert len(fake_ice.requests) == 5
    assert {r.headers["x-acs-action"] for r in fake_ice.requests} == {action}


def test_non_idempotent_throttling_exhausted_is_throttling_not_ambiguous(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [error(400, "Throttling")]
    with pytest.raises(icevoice.ThrottlingError):
        make_client().submit_customized_voice_job(voice_id="v")
    assert len(fake_ice.requests) == 6


def test_non_idempotent_undecodable_success_is_ambiguous(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [httpx.Response(200, text="<html>proxy says hi</html>")]
    with pytest.raises(icevoice.AmbiguousResultError):
        make_client().create_customized_voice_job(
            voice_id="v", voice_name="n", gender="male", scenario="story"
        )


def test_non_idempotent_final_error_is_raised_as_is(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    fake_ice.answers = [error(400, "VoiceIdAlreadyExists", "voice id already exists")]
    with pytest.raises(icevoice.ApiError) as info:
        make_client().create_customized_voice_job(
            voice_id="v", voice_name="n", gender="male", scenario="story"
        )
    assert type(info.value) is icevoice.ApiError
    assert info.value.code == "VoiceIdAlreadyExists"


@pytest.mark.parametrize(
    ("error_value", "idempotent", "expected"),
    [
        (httpx.UnsupportedProtocol("ftp"), False, Decision.RAISE),
        (httpx.DecodingError("bad gzip"), True, Decision.RAISE),
        (httpx.DecodingError("bad gzip"), False, Decision.AMBIGUOUS),
        (httpx.PoolTimeout("pool"), False, Decision.RETRY),
        (httpx.ProxyError("proxy refused"), False, Decision.RETRY),
    ],
)
def test_transport_decision_table(
    error_value: httpx.HTTPError, idempotent: bool, expected: Decision
) -> None:
    wrapped = icevoice.TransportError("A", str(error_value))
    wrapped.__cause__ = error_value
    assert decide(wrapped, idempotent=idempotent) is expected


# -- rate limiter hooks -----------------------------------------------------------------------


class RecordingLimiter:
    def __init__(self) -> None:
        self.events: list[str] = []

    def acquire(self) -> None:
        self.events.append("acquire")

    def on_response(self, throttled: bool) -> None:
        self.events.append("throttled" if throttled else "ok")


def test_limiter_is_called_around_every_attempt(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    limiter = RecordingLimiter()
    fake_ice.answers = [
        error(400, "Throttling"),
        httpx.ConnectError("refused"),
        error(500, "InternalError"),
        ok({"CustomizedVoice": {"VoiceId": "v"}}),
    ]
    make_client(rate_limiter=limiter).get_customized_voice(voice_id="v")
    assert limiter.events == [
        "acquire",
        "throttled",
        "acquire",
        "ok",
        "acquire",
        "ok",
        "acquire",
        "ok",
    ]


def test_limiter_sees_no_attempt_when_credentials_are_missing(
    make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    limiter = RecordingLimiter()
    client = make_client(rate_limiter=limiter, credentials=icevoice.EnvironmentCredentials())
    with pytest.raises(icevoice.MissingCredentialsError):
        client.get_customized_voice(voice_id="v")
    assert limiter.events == [] and fake_ice.requests == []


def test_attempt_timeouts_are_cut_to_the_time_left_before_the_deadline(
    make_client: Callable[..., IceClient], fake_ice: FakeIce, fake_clock: FakeClock
) -> None:
    def slow_failure(request: httpx.Request) -> httpx.Response:
        fake_clock.now += 7
        return error(500, "InternalError")

    fake_ice.answers = [slow_failure]
    client = make_client(
        timeout=httpx.Timeout(9, connect=3),
        retry=RetryPolicy(
            max_attempts=5,
            base_delay=1,
            deadline=20,
            sleep=fake_clock.sleep,
            clock=fake_clock,
            random=lambda: 1.0,
        ),
    )
    with pytest.raises(icevoice.ServerError):
        client.get_customized_voice_job(job_id="j")
    timeouts = [r.extensions["timeout"] for r in fake_ice.requests]
    # t=0: full timeouts; t=8 (7 + wait 1): 12 s left; t=17 (15 + wait 2): 3 s left.
    assert [(t["connect"], t["read"]) for t in timeouts] == [(3, 9), (3, 9), (3, 3)]
