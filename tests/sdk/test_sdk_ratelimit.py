"""AdaptiveRateLimiter on a fake clock: spacing, AIMD, thread safety."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest

import icevoice
from icevoice import AdaptiveRateLimiter
from tests.sdk.icevoice_fakes import FakeClock


def _limiter(clock: FakeClock, rate: float = 10, **kwargs: Any) -> AdaptiveRateLimiter:
    return AdaptiveRateLimiter(rate, clock=clock, sleep=clock.sleep, **kwargs)


def test_first_request_goes_at_once_then_requests_are_spaced(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=4)
    for _ in range(5):
        limiter.acquire()
    assert fake_clock.sleeps == [0.25, 0.25, 0.25, 0.25]


def test_idle_time_does_not_build_a_burst(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=2)
    limiter.acquire()
    fake_clock.now += 60
    limiter.acquire()
    limiter.acquire()
    assert fake_clock.sleeps == [0.5]


def test_no_one_second_window_holds_more_than_the_rate(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=5)
    sent = []
    for _ in range(40):
        limiter.acquire()
        sent.append(fake_clock.now)
    for start in sent:
        in_window = [t for t in sent if start <= t < start + 1.0 - 1e-9]
        assert len(in_window) <= 5


def test_throttling_halves_the_rate_once_per_cooldown(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=16)
    limiter.on_response(throttled=True)
    assert limiter.rate == 8
    # Requests already in flight come back throttled together: one decrease only.
    limiter.on_response(throttled=True)
    limiter.on_response(throttled=True)
    assert limiter.rate == 8
    fake_clock.now += 1.0
    limiter.on_response(throttled=True)
    assert limiter.rate == 4


def test_throttling_pushes_the_next_slot_back(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=10)
    limiter.acquire()
    limiter.on_response(throttled=True)  # rate 5: next slot 0.2 s from now
    limiter.acquire()
    assert fake_clock.sleeps == [pytest.approx(0.2)]


def test_rate_never_drops_below_the_floor(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=8, min_per_second=1)
    for _ in range(10):
        limiter.on_response(throttled=True)
        fake_clock.now += 2
    assert limiter.rate == 1


def test_successes_recover_additively_up_to_the_maximum(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=10, increase_per_success=1)
    limiter.on_response(throttled=True)
    assert limiter.rate == 5
    rates = []
    for _ in range(7):
        limiter.on_response(throttled=False)
        rates.append(limiter.rate)
    assert rates == [6, 7, 8, 9, 10, 10, 10]
    assert limiter.max_per_second == 10


def test_default_recovery_step_is_a_twentieth_of_the_maximum(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=20)
    limiter.on_response(throttled=True)
    limiter.on_response(throttled=False)
    assert limiter.rate == 11


@pytest.mark.parametrize(
    ("args", "kwargs", "argument"),
    [
        ((0,), {}, "max_per_second"),
        ((-1,), {}, "max_per_second"),
        ((True,), {}, "max_per_second"),
        ((5,), {"min_per_second": 6}, "min_per_second"),
        ((5,), {"decrease_factor": 1.0}, "decrease_factor"),
        ((5,), {"increase_per_success": 0}, "increase_per_success"),
        ((5,), {"decrease_cooldown": -1}, "decrease_cooldown"),
    ],
)
def test_bad_settings_name_the_argument(
    args: tuple[Any, ...], kwargs: dict[str, Any], argument: str
) -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        AdaptiveRateLimiter(*args, **kwargs)
    assert info.value.argument == argument


def test_threads_get_distinct_slots(fake_clock: FakeClock) -> None:
    # Each thread records the slot it was given (now + its wait); slots must never collide
    # and must be exactly 1/rate apart, whatever the interleaving.
    lock = threading.Lock()
    slots: list[float] = []

    def sleep(seconds: float) -> None:
        with lock:
            slots.append(fake_clock.now + seconds)

    limiter = AdaptiveRateLimiter(10, clock=fake_clock, sleep=sleep)
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        for _ in range(25):
            limiter.acquire()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first acquire does not sleep; 199 slots follow, 0.1 s apart.
    assert len(slots) == 199
    ordered = sorted(slots)
    gaps = {round(b - a, 9) for a, b in itertools.pairwise(ordered)}
    assert gaps == {0.1}


def test_satisfies_the_protocol_and_has_a_repr(fake_clock: FakeClock) -> None:
    limiter = _limiter(fake_clock, rate=3)
    assert isinstance(limiter, icevoice.RateLimiter)
    assert repr(limiter) == "AdaptiveRateLimiter(max_per_second=3, rate=3)"
