"""Widen the worker pool of Pulumi's Python dynamic-provider host.

Every dynamic resource of a stack is served by one process, ``python -m
pulumi.dynamic``, a gRPC server that its ``main()`` builds as
``grpc.server(futures.ThreadPoolExecutor(max_workers=4), ...)`` (the same in
every pulumi from 3.146 to 3.272) and keeps in a local variable only. Four
threads means four provider calls at once: a create waiting for a voice to train
holds its thread for minutes, and the fifth voice, with every check and diff
queued behind it, waits for one of them.

:func:`widen_host_pool` finds the live ``grpc.Server`` of the process (the host
has exactly one), takes the thread pool grpcio dispatches every call to
(``server._state.thread_pool``) and raises its ``_max_workers``.
``ThreadPoolExecutor`` starts threads lazily, one per submitted call while none
is idle, so a raised limit costs nothing until calls arrive; calls already
queued get their threads at once. The stock executor's idea of "idle" over-counts
(see ``_EagerThreadPoolExecutor``), so the live pool's class is switched to one
that starts a thread whenever a call would wait. Nothing else in the server caps concurrency:
its one polling thread only hands calls to the pool, and pulumi sets no
``maximum_concurrent_rpcs`` (raised as well, should a host ever set it lower).

Outside the host (a Pulumi program, pytest, the Automation API, runtime mocks)
it does nothing. Inside a host whose internals are not what it expects, it says
so in one line on stderr (which the engine shows the user) and the host keeps
its four workers: it never raises over a tuning.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc

from .._core.lines import write_line

__all__ = [
    "HOST_DEFAULT_WORKERS",
    "HostWidening",
    "WideningOutcome",
    "in_dynamic_provider_host",
    "widen_host_pool",
]

#: Worker threads of ``python -m pulumi.dynamic`` as pulumi ships it.
HOST_DEFAULT_WORKERS = 4

_HOST_MODULE = "pulumi.dynamic.__main__"
_PROVIDER_SERVICE = "pulumirpc.ResourceProvider"
_WARNING = (
    "pulumi-ice-voice: could not widen the dynamic provider host's worker pool ({reason}); "
    f"running with {HOST_DEFAULT_WORKERS} concurrent operations"
)


class WideningOutcome(enum.Enum):
    """What :func:`widen_host_pool` did."""

    WIDENED = "widened"
    """The host's pool now allows the requested number of concurrent calls."""
    ALREADY_WIDE = "already_wide"
    """The pool already allowed at least that many; it was left as is (never shrunk)."""
    NOT_IN_HOST = "not_in_host"
    """Not running inside ``python -m pulumi.dynamic``; nothing was touched."""
    UNAVAILABLE = "unavailable"
    """Inside the host, but its internals were not as expected; the pool is unchanged."""


@dataclass(frozen=True)
class HostWidening:
    """The result of :func:`widen_host_pool`."""

    outcome: WideningOutcome
    max_workers: int | None
    """The pool's limit after the call; None when no pool was found or touched."""
    previous_max_workers: int | None
    """The pool's limit before the call; None when no pool was found or touched."""
    detail: str
    """One human-readable sentence: what was done, or why nothing was."""

    @property
    def widened(self) -> bool:
        """True when the host's pool allows the requested concurrency (now or already)."""
        return self.outcome in (WideningOutcome.WIDENED, WideningOutcome.ALREADY_WIDE)


def widen_host_pool(max_workers: int) -> HostWidening:
    """Let the dynamic-provider host run up to ``max_workers`` provider calls at once.

    Call it from the provider's ``configure()``. It is a no-op outside
    ``python -m pulumi.dynamic``, never lowers the host's limit, is safe to call
    again and from several threads at once (a larger value widens further), and
    never raises over the host's internals: when it cannot widen, it writes one
    line to stderr, once per process, and returns ``UNAVAILABLE``.

    Raises:
        ValueError: ``max_workers`` is not an int of at least 1 (a caller bug:
            validate user configuration before calling).
    """
    return _WIDENER.widen(max_workers)


class _HostInternalsError(Exception):
    """The host or grpcio is not built the way this module expects."""


@dataclass(frozen=True)
class _HostPool:
    """The host's grpc server state and the thread pool it dispatches calls to."""

    state: object
    pool: ThreadPoolExecutor


def in_dynamic_provider_host() -> bool:
    """True inside ``python -m pulumi.dynamic`` (as the plugin script starts it)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == _HOST_MODULE or _HOST_MODULE in sys.modules


def _find_host_pool(objects: Callable[[], Iterable[object]] = gc.get_objects) -> _HostPool:
    """Locate the host's gRPC server among the live objects and check its pool.

    A heap walk (about 15 ms once per process) rather than a frame or variable
    lookup: it does not depend on where pulumi keeps its server.
    """
    servers = [obj for obj in objects() if isinstance(obj, grpc.Server)]
    if not servers:
        raise _HostInternalsError("no gRPC server found in the process")
    if len(servers) > 1:
        servers = [server for server in servers if _serves_resource_provider(_state_of(server))]
        if len(servers) != 1:
            raise _HostInternalsError(
                f"{len(servers)} gRPC servers serve {_PROVIDER_SERVICE}, expected one"
            )
    state = _state_of(servers[0])
    pool = getattr(state, "thread_pool", None)
    if not isinstance(pool, ThreadPoolExecutor):
        raise _HostInternalsError(
            f"the server's thread pool is a {type(pool).__name__}, not a ThreadPoolExecutor"
        )
    limit = getattr(pool, "_max_workers", None)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise _HostInternalsError("the ThreadPoolExecutor has no integer _max_workers")
    return _HostPool(state=state, pool=pool)


def _state_of(server: object) -> object:
    state = getattr(server, "_state", None)
    if state is None:
        raise _HostInternalsError(f"{type(server).__qualname__} has no _state")
    return state


def _serves_resource_provider(state: object) -> bool:
    """Whether a server state routes pulumi's ResourceProvider service (to tell servers apart)."""
    generic = getattr(state, "generic_handlers", None) or ()
    if any(
        isinstance(handler, grpc.ServiceRpcHandler) and handler.service_name() == _PROVIDER_SERVICE
        for handler in generic
    ):
        return True
    registered = getattr(state, "registered_method_handlers", None) or {}
    return any(str(method).startswith(f"/{_PROVIDER_SERVICE}/") for method in registered)


class _EagerThreadPoolExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor that starts a thread whenever a call would otherwise wait.

    The stock executor skips starting a thread when its idle semaphore can be acquired,
    but a worker releases that semaphore after every call, even when it goes straight
    on to a call already queued. Every call that finishes while others wait therefore
    leaves a count behind for a thread that is not idle, and a later call that takes
    that count sits in the queue, below the limit, until some call ends: with creates
    that wait for training, until a voice is trained. Seen here as 11 of 12 creates
    running at once in a host widened to 16. This executor starts a thread (below the
    limit) whenever the call it was given is still queued, and uses the semaphore only
    to be drained, so that its over-count never stands in for a thread.

    Only the class of the host's live pool is changed (same attributes, same threads,
    same queue); everything else is the stock executor's.
    """

    def _adjust_thread_count(self) -> None:
        if self._work_queue.qsize() == 0:
            return  # an idle worker has already taken the call
        while self._idle_semaphore.acquire(timeout=0):
            pass
        super()._adjust_thread_count()


def _raise_limit(host: _HostPool, max_workers: int) -> int:
    """Raise the pool's limit (and grpc's RPC cap, if any) to max_workers; return the old limit."""
    pool = host.pool
    previous = pool._max_workers
    if max_workers > previous:
        if type(pool) is ThreadPoolExecutor and hasattr(pool, "_idle_semaphore"):
            # Same layout, no new attributes: the live object keeps its threads and queue.
            pool.__class__ = _EagerThreadPoolExecutor
        # An int store is atomic under the GIL; submit() reads it under its own lock.
        pool._max_workers = max_workers
        _start_threads_for_backlog(pool, max_workers - previous)
    cap = getattr(host.state, "maximum_concurrent_rpcs", None)
    if isinstance(cap, int) and cap < max_workers:
        # Past this cap grpcio answers RESOURCE_EXHAUSTED instead of queueing.
        host.state.maximum_concurrent_rpcs = max_workers  # type: ignore[attr-defined]
    return previous


def _start_threads_for_backlog(pool: ThreadPoolExecutor, room: int) -> None:
    """Give calls that queued behind the old limit a thread now.

    The executor adds a thread only when something is submitted, so calls queued
    before the widening (the first burst of a ``pulumi up`` arrives while the
    first call runs configure()) would wait for a busy worker. Each no-op
    submitted here starts one thread, which takes the oldest queued call first
    (the queue is FIFO).
    """
    # Best effort: the raised limit already holds for every call that arrives
    # from now on, so a failure here (the pool shutting down with the host, a
    # queue without qsize) must not turn the widening into a failure.
    with contextlib.suppress(Exception):
        qsize = getattr(getattr(pool, "_work_queue", None), "qsize", None)
        backlog = int(qsize()) if callable(qsize) else 0
        for _ in range(min(backlog, room)):
            pool.submit(_no_op)


def _no_op() -> None:
    pass


class _HostPoolWidener:
    """Process-wide widening state: the located pool or the reason it cannot be."""

    def __init__(
        self,
        in_host: Callable[[], bool] = in_dynamic_provider_host,
        find_pool: Callable[[], _HostPool] = _find_host_pool,
        warn: Callable[[str], None] = write_line,
    ) -> None:
        self._in_host = in_host
        self._find_pool = find_pool
        self._warn = warn
        self._lock = threading.Lock()
        self._host: _HostPool | None = None
        self._failure: str | None = None

    def widen(self, max_workers: int) -> HostWidening:
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
            raise ValueError(f"max_workers must be an int of at least 1, got {max_workers!r}")
        with self._lock:
            if not self._in_host():
                return HostWidening(
                    WideningOutcome.NOT_IN_HOST,
                    None,
                    None,
                    "not running inside python -m pulumi.dynamic; nothing changed",
                )
            if self._failure is None:
                try:
                    return self._widen_host(max_workers)
                except _HostInternalsError as exc:
                    self._fail(str(exc))
                except Exception as exc:  # an unforeseen host must not break the provider
                    self._fail(f"{type(exc).__name__}: {exc}")
            return HostWidening(WideningOutcome.UNAVAILABLE, None, None, str(self._failure))

    def _widen_host(self, max_workers: int) -> HostWidening:
        if self._host is None:
            self._host = self._find_pool()
        previous = _raise_limit(self._host, max_workers)
        if max_workers > previous:
            return HostWidening(
                WideningOutcome.WIDENED,
                max_workers,
                previous,
                f"host worker pool raised from {previous} to {max_workers}",
            )
        return HostWidening(
            WideningOutcome.ALREADY_WIDE,
            previous,
            previous,
            f"host worker pool already allows {previous} (asked for {max_workers})",
        )

    def _fail(self, reason: str) -> None:
        self._failure = reason
        self._warn(_WARNING.format(reason=reason))


_WIDENER = _HostPoolWidener()
