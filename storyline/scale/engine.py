"""The Dask side: connecting to a cluster and keeping a bounded number of tasks in flight.

Everything here is about distribution, nothing about news: the stage code the
tasks run lives in the stage modules (see :mod:`storyline.scale.tasks`).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from ..errors import InvalidParameter, StorylineError, check_number

__all__ = [
    "ScaleUnavailable",
    "connect",
    "release_memory",
    "release_workers",
    "require_dask",
    "run_bounded",
]

log = logging.getLogger(__name__)

#: A task is retried this often when its worker dies; the scheduler also moves it.
RETRIES = 3


#: Settings of the local cluster's workers.  Each worker samples its own stack every
#: 10 ms and keeps a profile per second for its dashboard (1,000 of them, tens of MB
#: per worker that grow with the run's length, and CPU taken from the stages): off.
#: The peer-to-peer shuffle (the duplicate step) holds rows in memory until it has sent
#: them (up to 1 GiB by default) and until it has written them to disk (100 MiB): a
#: longer stream can fill more of both, so both are bounded lower.  Its rows are pyarrow
#: buffers, which pyarrow's own allocator (mimalloc) keeps after they are freed: the
#: workers use the C allocator instead, which gives them back (see ``release_memory``).
_LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.p2p.comm.buffer": "8 MiB",
    "distributed.p2p.storage.buffer": "8 MiB",
}
_LOCAL_ENVIRON = {"ARROW_DEFAULT_MEMORY_POOL": "system"}  # added to distributed's own

#: Imported by every worker of the local cluster as it starts (``dask worker --preload``).
_PRELOAD = "storyline.scale.warm"


class ScaleUnavailable(StorylineError, ImportError):
    """Scale-out was asked for but dask / distributed are not installed."""

    exit_code = 2


def require_dask() -> None:
    """Raise :class:`ScaleUnavailable` with the install line when dask is missing."""
    try:
        import dask
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ScaleUnavailable(
            f"--workers and --scheduler need dask and distributed ({exc.name} is missing): "
            "pip install 'storyline[scale]'"
        ) from None


@contextmanager
def connect(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: on a local cluster of ``workers`` processes, or on ``scheduler``.

    The local cluster runs one thread per worker process (the stages are pure
    Python, so processes, not threads, give parallelism), on loopback, without
    a dashboard.
    """
    if (workers is None) == (scheduler is None):
        raise InvalidParameter("Give either 'workers' (a local cluster) or 'scheduler'. ")
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        if not isinstance(scheduler, str) or "://" not in scheduler:
            raise InvalidParameter(
                "The 'scheduler' parameter must be an address such as tcp://HOST:8786. "
                f"Got {scheduler!r} instead."
            )
        with Client(scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    check_number("connect", "workers", workers, low=1, high=512, integer=True)
    # the local scheduler runs in this process; its shuffle plugin reports every shuffle
    # it starts and ends at WARNING, which is routine here (the dedup step's p2p shuffle)
    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)
    environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **_LOCAL_ENVIRON}
    with (
        dask.config.set(_LOCAL_CONFIG),
        dask.config.set({"distributed.nanny.pre-spawn-environ": environ}),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",  # the local cluster listens on loopback only
            dashboard_address="127.0.0.1:0",  # any free port: local clusters side by side
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.WARNING,
            preload=[_PRELOAD],  # stage modules and models loaded at start-up
        ) as cluster,
        Client(cluster, set_as_default=False) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def run_bounded(
    client: Any,
    function: Callable[..., Any],
    jobs: Iterable[tuple[Any, ...]],
    *,
    in_flight: int,
    on_result: Callable[[Any], None],
) -> int:
    """Submit ``function(*job)`` for each job, at most ``in_flight`` at once, in order.

    ``on_result`` gets each result in submission order (the client writes them
    to the store in that order); returns the number of jobs.  Memory on the
    client and the workers is bounded by ``in_flight`` jobs, not by the stream.
    """
    from collections import deque

    pending: deque[Any] = deque()
    count = 0
    name = getattr(function, "__name__", "task")
    for job in jobs:
        key = f"{name}-{uuid.uuid4().hex}"  # named after the stage function, not the wrapper
        pending.append(client.submit(_trimmed, function, *job, key=key, retries=RETRIES))
        count += 1
        if len(pending) >= in_flight:
            on_result(pending.popleft().result())
    while pending:
        on_result(pending.popleft().result())
    return count


def release_memory() -> bool:
    """Give memory that a worker has freed back to the operating system (run on a worker).

    What a step frees stays in the process otherwise: pyarrow's allocator (the
    shuffle's buffers) keeps freed pages, and glibc keeps free pages inside its
    heaps, so one step's peak would stay resident through every later step.
    Returns whether the C allocator was trimmed (glibc only).
    """
    gc.collect()
    if (pyarrow := sys.modules.get("pyarrow")) is not None:
        pyarrow.default_memory_pool().release_unused()
    return _trim()


def _trimmed(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)``, then the C allocator trimmed: what the task freed (its input
    text, parsed records) goes back to the system before the next task, so a worker's
    heap does not creep up task after task with the length of a step."""
    result = function(*args)
    _trim()
    return result


def _trim() -> bool:
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, looked up once per process; None where there is none."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None


def release_workers(client: Any) -> None:
    """Run :func:`release_memory` on every worker (between two steps)."""
    try:
        client.run(release_memory)
    except Exception as exc:  # a worker that left must not stop the run
        log.warning("could not release the workers' freed memory: %s", exc)
