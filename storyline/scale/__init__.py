"""The same stages on Dask: ``storyline ingest --workers N`` or ``--scheduler tcp://HOST:8786``.

:class:`ScaledPipeline` runs reading, cleaning, duplicate detection,
clustering and summarising as Dask tasks and writes every result through
the store on the client; :func:`connect` opens a local cluster or joins a
scheduler.  Needs the optional extra: ``pip install 'storyline[scale]'``
(without it, :class:`ScaleUnavailable` says so).  See docs/scale.md.
"""

from __future__ import annotations

from typing import Any

from .engine import ScaleUnavailable, connect, require_dask

__all__ = ["ScaleUnavailable", "ScaledPipeline", "connect", "require_dask"]


def __getattr__(name: str) -> Any:
    if name == "ScaledPipeline":
        require_dask()
        from .pipeline import ScaledPipeline

        return ScaledPipeline
    raise AttributeError(name)
