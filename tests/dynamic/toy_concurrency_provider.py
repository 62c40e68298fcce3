"""A dynamic provider the host tests load into ``python -m pulumi.dynamic``.

``configure()`` may first break the host the way a future pulumi or grpcio could,
then calls ``widen_host_pool``; ``create()`` records how many creates run at once.
All state is per host process (each test starts its own host).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import grpc
from grpc import _server as grpc_server
from pulumi.dynamic import ConfigureRequest, CreateResult, ResourceProvider

from pulumi_ice_voice._dynamic import host_pool as host

# A guard against hanging a test run, never a timing assertion: a create that
# waits this long has already failed.
GUARD_SECONDS = 60.0

_cond = threading.Condition()
_active = 0
_entered = 0
_peak = 0
_host_pool: ThreadPoolExecutor | None = None
_widenings: list[Any] = []  # host.HostWidening


class ConcurrencyProbe(ResourceProvider):
    """Creates wait for each other so that their peak concurrency can be read from the outputs.

    Modes (the ``mode`` input of a create):
      ``together``: wait until ``expected`` creates are inside create() at once
        (fails after GUARD_SECONDS otherwise);
      ``count``: wait until a call waits in the host's queue (every worker is
        busy: the host runs no more at once), or until all ``expected`` creates have
        entered; ``saturated`` in the outputs says whether a call had to wait.

    The Pulumi engine sends Check requests one at a time and each Create after its
    Check: once every worker of the host holds a waiting create, the next Check waits in
    the host's queue and the engine sends nothing more. So in a host that cannot run
    ``expected`` creates at once, ``count`` mode releases them when that first call
    queues, and the peak is the number the host runs at once.
    """

    def __init__(self, widen_to: int | None = None, sabotage: str | None = None) -> None:
        super().__init__()
        self.widen_to = widen_to
        self.sabotage = sabotage

    def configure(self, req: ConfigureRequest) -> None:
        global _host_pool
        _host_pool = _find_pool()  # before any sabotage, to observe the queue in count mode
        if self.sabotage is not None:
            SABOTAGES[self.sabotage]()
        if self.widen_to is not None:
            # Twice: the second call must be a quiet no-op.
            _widenings.append(host.widen_host_pool(self.widen_to))
            _widenings.append(host.widen_host_pool(self.widen_to))

    def create(self, props: dict[str, Any]) -> CreateResult:
        global _active, _entered, _peak
        expected = int(props["expected"])
        with _cond:
            _active += 1
            _entered += 1
            _peak = max(_peak, _active)
            _cond.notify_all()
            if props["mode"] == "together":
                # The peak, not the live count: the first create to leave lowers it.
                reached = _cond.wait_for(lambda: _peak >= expected, GUARD_SECONDS)
            else:
                reached = _wait_polling(lambda: _queued() > 0 or _entered >= expected)
            saturated = _queued() > 0
            _active -= 1
            peak = _peak
        if not reached:
            raise RuntimeError(f"only {peak} of {expected} creates ran at once")
        return CreateResult(
            id_=str(props["name"]),
            outs={
                "peak": peak,
                "saturated": saturated,
                "widenings": [w.outcome.value for w in _widenings],
                "details": [w.detail for w in _widenings],
            },
        )


def _wait_polling(predicate: Callable[[], bool]) -> bool:
    # The host's queue grows without notifying anyone: poll it (with _cond held
    # by the caller, wait() releases it between polls).
    for _ in range(int(GUARD_SECONDS / 0.02)):
        if predicate():
            return True
        _cond.wait(0.02)
    return predicate()


def _queued() -> int:
    assert _host_pool is not None
    return _host_pool._work_queue.qsize()


def _servers() -> list[Any]:
    return [obj for obj in gc.get_objects() if isinstance(obj, grpc.Server)]


def _find_pool() -> ThreadPoolExecutor:
    (server,) = _servers()
    pool = server._state.thread_pool
    assert isinstance(pool, ThreadPoolExecutor)
    return pool


def _rename_server_state() -> None:
    """As if grpcio renamed ``_Server._state``; the serving thread keeps its own reference."""
    for server in _servers():
        state = server._renamed_state = server._state
        del server._state
        # The host calls stop() on SIGINT (how the harness closes it).
        server.stop = lambda grace, state=state: grpc_server._stop(state, grace)


class _ForwardingExecutor(Executor):
    """As if the host handed grpc an executor of its own instead of a ThreadPoolExecutor."""

    def __init__(self, inner: Executor) -> None:
        self._inner = inner

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait, cancel_futures=cancel_futures)


def _wrap_thread_pool() -> None:
    for server in _servers():
        server._state.thread_pool = _ForwardingExecutor(server._state.thread_pool)


SABOTAGES: dict[str, Callable[[], None]] = {
    "rename_state": _rename_server_state,
    "foreign_executor": _wrap_thread_pool,
}
