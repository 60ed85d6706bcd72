"""The Dask side: connecting to a cluster and keeping a bounded number of tasks in flight.

Everything here is about distribution, nothing about news: the stage code the
tasks run lives in the stage modules (see :mod:`storyline.scale.tasks`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import InvalidParameter, StorylineError, check_number

__all__ = ["ScaleUnavailable", "connect", "require_dask", "run_bounded"]

log = logging.getLogger(__name__)

#: A task is retried this often when its worker dies; the scheduler also moves it.
RETRIES = 3


#: Settings of the local cluster's workers.  Each worker samples its own stack every
#: 10 ms and keeps a profile per second for its dashboard (1,000 of them, tens of MB
#: per worker that grow with the run's length, and CPU taken from the stages): off.
_LOCAL_CONFIG = {"distributed.worker.profile.enabled": False}

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
    with (
        dask.config.set(_LOCAL_CONFIG),
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
    for job in jobs:
        pending.append(client.submit(function, *job, retries=RETRIES, pure=False))
        count += 1
        if len(pending) >= in_flight:
            on_result(pending.popleft().result())
    while pending:
        on_result(pending.popleft().result())
    return count
