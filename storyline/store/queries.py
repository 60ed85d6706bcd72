"""What every part of the store shares: the connection, prefix ids, rows in chunks.

:class:`StoreQueries` is the base of the store's parts, one module each --
``articles``, ``raw`` (raw input and rejections), ``runs`` (processing rounds
and saved stage state), ``search`` (the full-text index), ``stories``,
``summaries``, ``threads`` -- which :class:`~storyline.store.SQLiteStore`
(``sqlite``: the connection, transactions, migrations) combines.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..errors import InvalidParameter, NotFound, StoreError
from .records import (
    file_name_only,
)

_IN_CHUNK = 500  # ids per IN (...) list
_CANDIDATES = 5  # ids listed when a prefix is ambiguous


class StoreQueries:
    """The shared helpers of :class:`~storyline.store.SQLiteStore`'s parts, and its counts."""

    _db: sqlite3.Connection
    #: False on a server other machines can reach: origins show file names, not folders.
    show_paths: bool = True
    #: The LIMIT that means "no limit" (a negative ``limit`` asks for every row).
    _NO_LIMIT: int | None = -1

    if TYPE_CHECKING:  # the store's own (sqlite.SQLiteStore)

        def transaction(self) -> AbstractContextManager[None]: ...

    def _limit(self, limit: int) -> int | None:
        return self._NO_LIMIT if limit < 0 else limit

    def _origin_label(self, origin: str) -> str:
        return origin if self.show_paths else file_name_only(origin)

    def counts(self) -> dict[str, int]:
        queries = {
            "articles": "SELECT COUNT(*) FROM articles",
            "pending": "SELECT COUNT(*) FROM articles WHERE round IS NULL OR round < 0",
            "duplicate_groups": "SELECT COUNT(DISTINCT group_id) FROM duplicates",
            "stories": "SELECT COUNT(*) FROM stories",
            "stories_pending": "SELECT COUNT(*) FROM stories WHERE dirty = 1",
            "rejections": "SELECT COUNT(*) FROM rejections",
            "raw_inputs": "SELECT COUNT(*) FROM raw",
        }
        return {name: int(self._db.execute(sql).fetchone()[0]) for name, sql in queries.items()}

    def _resolve(self, table: str, column: str, prefix: str, noun: str) -> str:
        cleaned = prefix.strip().lower()
        if not cleaned or any(c not in "0123456789abcdef" for c in cleaned):
            raise NotFound(f"No {noun} {prefix!r}: ids are hexadecimal.")
        rows = self._db.execute(
            f"SELECT {column}, title FROM {table} WHERE {column} >= ? AND {column} < ?"
            f" ORDER BY {column} LIMIT {_CANDIDATES + 1}",
            (cleaned, cleaned + "g"),
        ).fetchall()
        if not rows:
            raise NotFound(f"No {noun} {prefix!r}.")
        if len(rows) > 1:
            shown = "; ".join(f"{r[0][:16]} {r['title'][:60]}" for r in rows[:_CANDIDATES])
            more = " and more" if len(rows) > _CANDIDATES else ""
            raise NotFound(
                f"The {noun} id {prefix!r} is ambiguous; give more characters. "
                f"Candidates: {shown}{more}."
            )
        return str(rows[0][0])

    def _rows_in(self, sql: str, ids: Sequence[str]) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` whose ``IN ({})`` is filled with ``ids``, in chunks that stay
        under SQLite's limit on bound parameters."""
        items = list(ids)
        for start in range(0, len(items), _IN_CHUNK):
            chunk = items[start : start + _IN_CHUNK]
            yield from self._db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def _fetch(self, sql: str, args: Iterable[Any]) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, list(args)).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise InvalidParameter(f"Invalid search query: {exc}") from None
            raise StoreError(str(exc)) from None
