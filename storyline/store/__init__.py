"""The store: SQLite by default (one file, WAL, versioned migrations, FTS5), or
PostgreSQL for a team's shared store (``postgres``: ``open_store("postgresql://...")``).

Raw input is kept compressed, so every article and every rejection can be
parsed again after a fix (``storyline rebuild``).  Each derived row records the
stage version and parameters that produced it (``stage_params``).

Writes happen inside :meth:`SQLiteStore.transaction`; an interrupted run
leaves whole transactions only, and the pipeline's "pending" marker
(``articles.round IS NULL``) lets the next run finish the job.

Modules: ``base`` (the public interface, :class:`Store`), ``schema``
(migrations), ``records`` (row and dict conversions), ``codec`` (packed
documents), ``sqlite`` (the store: connection, transactions, migrations),
which combines one part per concern -- ``articles``, ``raw`` (raw input and
rejections), ``runs`` (processing rounds, saved stage state), ``search`` (the
full-text index), ``stories``, ``summaries``, ``threads`` -- over the helpers
they share (``queries``).  Methods starting with an underscore are the
pipeline's bookkeeping, private to the backend.
"""

from __future__ import annotations

from .base import PUBLIC_METHODS, Store
from .records import RawItem, article_to_dict, summary_from_dict, summary_to_dict
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore, open_store, store_exists

__all__ = [
    "PUBLIC_METHODS",
    "SCHEMA_VERSION",
    "RawItem",
    "SQLiteStore",
    "Store",
    "article_to_dict",
    "open_store",
    "store_exists",
    "summary_from_dict",
    "summary_to_dict",
]
