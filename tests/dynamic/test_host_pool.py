"""widen_host_pool inside the pytest process: the no-op, and its rules against real grpc servers.

The rules run through a widener that is told it is in the host and looks only
at the servers a test builds (grpc.server objects, never started). This stays outside the
CLI tier on purpose: under the CLI the host builds its one server itself, so the rules for
the servers it might build (a pool already widened, a pool that is not a ThreadPoolExecutor)
can only be reached here; tests/cli/test_host_widening.py proves the widening under the CLI.
"""

from __future__ import annotations

import importlib.machinery
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import ResourceProviderServicer, provider_pb2_grpc

from pulumi_ice_voice._dynamic import host_pool as host

GUARD_SECONDS = 30.0  # a hang guard, never a timing assertion
Outcome = host.WideningOutcome


@pytest.fixture
def pools() -> Iterator[list[ThreadPoolExecutor]]:
    created: list[ThreadPoolExecutor] = []
    yield created
    for pool in created:
        pool.shutdown(wait=True)


def _server(pools: list[ThreadPoolExecutor], *, provider: bool = False, **kwargs: Any) -> Any:
    pool = ThreadPoolExecutor(max_workers=4)
    pools.append(pool)
    server = grpc.server(pool, **kwargs)
    if provider:
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(ResourceProviderServicer(), server)
    return server


def _widener(objects: Callable[[], list[Any]], warnings: list[str]) -> Any:
    return host._HostPoolWidener(
        in_host=lambda: True,
        find_pool=lambda: host._find_host_pool(objects),
        warn=warnings.append,
    )


def test_outside_the_host_it_touches_nothing(pools: list[ThreadPoolExecutor]) -> None:
    server = _server(pools, provider=True)  # a pool it could widen, were this the host
    result = host.widen_host_pool(64)
    assert result.outcome is Outcome.NOT_IN_HOST
    assert not result.widened
    assert result.max_workers is None
    assert server._state.thread_pool._max_workers == 4


def test_the_host_is_recognised_by_its_main_module(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not host.in_dynamic_provider_host()
    main = types.ModuleType("__main__")
    main.__spec__ = importlib.machinery.ModuleSpec("pulumi.dynamic.__main__", None)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert host.in_dynamic_provider_host()


def test_widens_once_and_never_shrinks(pools: list[ThreadPoolExecutor]) -> None:
    server = _server(pools)
    warnings: list[str] = []
    widener = _widener(lambda: [server], warnings)
    pool = server._state.thread_pool

    first = widener.widen(64)
    assert (first.outcome, first.previous_max_workers, first.max_workers) == (
        Outcome.WIDENED,
        4,
        64,
    )
    assert first.widened
    again = widener.widen(64)
    assert (again.outcome, again.max_workers) == (Outcome.ALREADY_WIDE, 64)
    assert again.widened
    smaller = widener.widen(8)
    assert (smaller.outcome, smaller.max_workers) == (Outcome.ALREADY_WIDE, 64)
    assert pool._max_workers == 64
    assert widener.widen(100).outcome is Outcome.WIDENED
    assert pool._max_workers == 100
    assert len(pool._threads) == 0  # threads start with calls, not with the widening
    assert warnings == []


def test_concurrent_calls_end_at_the_largest_limit(pools: list[ThreadPoolExecutor]) -> None:
    server = _server(pools)
    widener = _widener(lambda: [server], [])
    sizes = [5 + i % 7 * 10 for i in range(16)]
    start = threading.Barrier(len(sizes), timeout=GUARD_SECONDS)
    results: list[Any] = []

    def call(size: int) -> None:
        start.wait()
        results.append(widener.widen(size))

    threads = [threading.Thread(target=call, args=(size,)) for size in sizes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD_SECONDS)
    assert len(results) == len(sizes)
    assert server._state.thread_pool._max_workers == max(sizes)
    assert all(r.widened and r.max_workers >= r.previous_max_workers for r in results)
    raised = sorted(r.max_workers for r in results if r.outcome is Outcome.WIDENED)
    assert raised == sorted(set(raised)) and raised[-1] == max(sizes)


def test_calls_queued_before_the_widening_get_threads_at_once() -> None:
    # Four busy workers and eight calls queued behind them, as when a burst of
    # creates arrives while the first one runs configure(). All twelve must
    # then run together; without new threads the barrier breaks after the guard.
    pool = ThreadPoolExecutor(max_workers=4)
    together = threading.Barrier(12, timeout=GUARD_SECONDS)
    try:
        calls = [pool.submit(together.wait) for _ in range(12)]
        assert pool._work_queue.qsize() == 8
        widener = _widener(lambda: [], [])
        widener._host = host._HostPool(state=object(), pool=pool)
        assert widener.widen(12).outcome is Outcome.WIDENED
        for call in calls:
            call.result(timeout=GUARD_SECONDS)
    finally:
        together.abort()
        pool.shutdown(wait=True)


def test_calls_after_the_widening_get_threads_though_the_idle_count_is_stale() -> None:
    # The stock executor counts a worker as idle after each call it finishes, even
    # when it goes straight on to a queued call. One worker finishing two calls
    # leaves the count at two for one idle thread: the stock pool then queues the
    # second of three new calls without a thread, and a create waiting for training
    # would sit there until another voice is trained.
    pool = ThreadPoolExecutor(max_workers=1)
    hold = threading.Event()
    together = threading.Barrier(3, timeout=GUARD_SECONDS)
    try:
        first = pool.submit(hold.wait, GUARD_SECONDS)
        second = pool.submit(lambda: None)
        hold.set()
        first.result(timeout=GUARD_SECONDS)
        second.result(timeout=GUARD_SECONDS)
        # The worker counts itself idle just after it sets each result: on Python 3.11 and
        # older after every call (the stale count of two), from 3.12 on only when it finds
        # the queue empty (one, which is right). The widened pool must be right on both.
        stale = not _counts_idle_only_on_an_empty_queue()
        guard = time.monotonic() + GUARD_SECONDS
        while pool._idle_semaphore._value < (2 if stale else 1) and time.monotonic() < guard:
            time.sleep(0.001)
        assert pool._idle_semaphore._value == (2 if stale else 1) and len(pool._threads) == 1
        widener = _widener(lambda: [], [])
        widener._host = host._HostPool(state=object(), pool=pool)
        assert widener.widen(8).outcome is Outcome.WIDENED

        calls = [pool.submit(together.wait) for _ in range(3)]
        for call in calls:
            call.result(timeout=GUARD_SECONDS)
        assert len(pool._threads) <= 8
    finally:
        together.abort()
        pool.shutdown(wait=True)


def _counts_idle_only_on_an_empty_queue() -> bool:
    import concurrent.futures.thread as stock
    import inspect

    return "get_nowait" in inspect.getsource(stock._worker)


def test_a_pool_that_refuses_new_calls_is_still_widened() -> None:
    # A host shutting down: its queue holds the wake-up sentinel and submit()
    # raises. The new limit stands and nothing is reported.
    pool = ThreadPoolExecutor(max_workers=4)
    pool.shutdown(wait=True)
    assert pool._work_queue.qsize() == 1
    warnings: list[str] = []
    widener = _widener(lambda: [], warnings)
    widener._host = host._HostPool(state=object(), pool=pool)
    assert widener.widen(12).outcome is Outcome.WIDENED
    assert pool._max_workers == 12
    assert warnings == []


def test_raises_a_lower_concurrent_rpc_cap(pools: list[ThreadPoolExecutor]) -> None:
    capped = _server(pools, maximum_concurrent_rpcs=4)
    assert _widener(lambda: [capped], []).widen(32).widened
    assert capped._state.maximum_concurrent_rpcs == 32


def test_picks_the_resource_provider_server_among_several(
    pools: list[ThreadPoolExecutor],
) -> None:
    other, provider = _server(pools), _server(pools, provider=True)
    result = _widener(lambda: [other, provider], []).widen(32)
    assert result.outcome is Outcome.WIDENED
    assert provider._state.thread_pool._max_workers == 32
    assert other._state.thread_pool._max_workers == 4


class _ForwardingExecutor(Executor):
    def __init__(self, inner: Executor) -> None:
        self._inner = inner

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._inner.submit(fn, *args, **kwargs)


def _renamed_state(pools: list[ThreadPoolExecutor]) -> list[Any]:
    server = _server(pools)
    server._renamed = server._state
    del server._state
    return [server]


def _foreign_executor(pools: list[ThreadPoolExecutor]) -> list[Any]:
    server = _server(pools)
    server._state.thread_pool = _ForwardingExecutor(server._state.thread_pool)
    return [server]


def _no_max_workers(pools: list[ThreadPoolExecutor]) -> list[Any]:
    server = _server(pools)
    del server._state.thread_pool._max_workers
    return [server]


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda pools: [], "no gRPC server found in the process"),
        (_renamed_state, "_Server has no _state"),
        (_foreign_executor, "the server's thread pool is a _ForwardingExecutor"),
        (_no_max_workers, "the ThreadPoolExecutor has no integer _max_workers"),
        (lambda pools: [_server(pools), _server(pools)], "0 gRPC servers serve"),
    ],
    ids=["no-server", "renamed-state", "foreign-executor", "no-max-workers", "ambiguous"],
)
def test_unexpected_internals_give_one_warning_and_no_exception(
    pools: list[ThreadPoolExecutor], build: Callable[[Any], list[Any]], reason: str
) -> None:
    servers = build(pools)
    warnings: list[str] = []
    widener = _widener(lambda: servers, warnings)
    results = [widener.widen(32), widener.widen(64)]
    assert [r.outcome for r in results] == [Outcome.UNAVAILABLE] * 2
    assert not results[0].widened
    assert reason in results[0].detail
    (line,) = warnings
    assert line == (
        "pulumi-ice-voice: could not widen the dynamic provider host's worker pool "
        f"({results[0].detail}); running with 4 concurrent operations"
    )
    assert all(p._max_workers == 4 for p in pools if hasattr(p, "_max_workers"))


def test_an_unforeseen_error_is_reported_not_raised(capsys: pytest.CaptureFixture[str]) -> None:
    def explode() -> Any:
        raise KeyError("thread_pool")

    widener = host._HostPoolWidener(in_host=lambda: True, find_pool=explode)
    result = widener.widen(32)
    assert result.outcome is Outcome.UNAVAILABLE
    assert result.detail == "KeyError: 'thread_pool'"
    assert capsys.readouterr().err == (
        "pulumi-ice-voice: could not widen the dynamic provider host's worker pool "
        "(KeyError: 'thread_pool'); running with 4 concurrent operations\n"
    )


@pytest.mark.parametrize("bad", [0, -1, True, 2.0, "8", None])
def test_rejects_a_limit_that_is_not_a_positive_int(bad: Any) -> None:
    with pytest.raises(ValueError, match="max_workers must be an int of at least 1"):
        host.widen_host_pool(bad)
