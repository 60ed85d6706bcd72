"""A worker's start-up: load the stage code and its language model once, before any task.

A Dask worker imports this module when started with ``--preload
storyline.scale.warm`` (the local cluster of ``--workers N`` does so): the
stage modules and the language identifier's model (about a second of CPU
each time a worker process starts) are then loaded while the worker starts,
not inside the first task of a step, where every worker would pay them at
the same moment and the step would wait for them.
"""

from __future__ import annotations

from typing import Any

from .. import language
from . import duplicates, tasks  # noqa: F401  (imported for their stage modules)

__all__ = ["dask_setup", "warm_up"]


def warm_up() -> str:
    """Load what the first task would load; returns the language detector's name."""
    import dask.dataframe  # noqa: F401  (the duplicate step's shuffle: pandas, pyarrow)

    return language.detector_name()


def dask_setup(worker: Any) -> None:
    """Called by Dask when a worker starts with this module as a preload."""
    warm_up()
