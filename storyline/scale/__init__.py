"""The same stages on Dask: ``storyline ingest --workers N`` or ``--scheduler tcp://HOST:8786``.

:class:`ScaledPipeline` runs reading, cleaning, duplicate detection,
clustering and summarising as Dask tasks and writes every result through
the store on the client; :func:`connect` opens a local cluster or joins a
scheduler.  Needs the optional extra: ``pip install 'storyline[scale]'``
(without it, :class:`ScaleUnavailable` says so).  See docs/scale.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .engine import ScaleUnavailable, connect, require_dask

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import Pipeline, ProgressCallback
    from ..store import SQLiteStore

__all__ = ["ScaleUnavailable", "ScaledPipeline", "connect", "pipeline_for", "require_dask"]


def pipeline_for(
    store: SQLiteStore,
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Pipeline:
    """The single-process pipeline, or with ``workers`` / ``scheduler`` the scaled one
    (which connects for each ``ingest`` or ``rebuild`` and disconnects after)."""
    if workers is None and scheduler is None:
        from ..pipeline import Pipeline

        return Pipeline(store, settings, progress=progress)
    require_dask()
    from .pipeline import ScaledPipeline

    return ScaledPipeline(store, settings, progress=progress, workers=workers, scheduler=scheduler)


def __getattr__(name: str) -> Any:
    if name == "ScaledPipeline":
        require_dask()
        from .pipeline import ScaledPipeline

        return ScaledPipeline
    raise AttributeError(name)
