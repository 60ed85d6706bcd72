"""The store: SQLite by default (one file, WAL, versioned migrations, FTS5).

Raw input is kept compressed, so every article and every rejection can be
parsed again after a fix (``storyline rebuild``).  Each derived row records the
stage version and parameters that produced it (``stage_params``).

Writes happen inside :meth:`SQLiteStore.transaction`; an interrupted run
leaves whole transactions only, and the pipeline's "pending" marker
(``articles.round IS NULL``) lets the next run finish the job.

Modules: ``schema`` (migrations), ``records`` (row and dict conversions),
``queries`` (the read side), ``sqlite`` (the store and its writes).
"""

from __future__ import annotations

from .records import RawItem, article_to_dict, summary_from_dict, summary_to_dict
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore, open_store

__all__ = [
    "SCHEMA_VERSION",
    "RawItem",
    "SQLiteStore",
    "article_to_dict",
    "open_store",
    "summary_from_dict",
    "summary_to_dict",
]
