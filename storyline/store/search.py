"""The full-text index of cleaned articles and search over it (SQLite's FTS5).

:class:`~storyline.store.postgres.PostgresStore` overrides all of these with
PostgreSQL's text search: this is what differs between the backends.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import InvalidParameter
from .queries import StoreQueries
from .records import first_words, fts_query

__all__ = ["SearchIndex"]


class SearchIndex(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: the full-text index and search."""

    # -- the index (written as articles are cleaned) -----------------------------

    def _unindex(self, seq: int) -> None:
        """Remove an article's full-text entry, before its cleaned text changes.

        The index reads its text from ``cleaned`` (migration 9): an entry is
        removed with the values it was made from.
        """
        self._db.execute(
            "INSERT INTO article_fts (article_fts, rowid, title, text)"
            " SELECT 'delete', seq, title, text FROM article_fts_text WHERE seq = ?",
            (seq,),
        )

    def _index(self, seq: int, title: str, text: str) -> None:
        """Index an article's title and cleaned text (``seq``: its row in ``articles``)."""
        self._db.execute(
            "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)", (seq, title, text)
        )

    def _clear_index(self) -> None:
        self._db.execute("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")

    # -- reads -------------------------------------------------------------------

    def _match_clause(self, query: str) -> tuple[str, Any]:
        """The story filter (over ``stories s``) for a full-text query, and its argument."""
        return (
            "s.id IN (SELECT x.story_id FROM article_fts f JOIN articles a ON a.seq = f.rowid"
            " JOIN story_articles x ON x.article_id = a.id WHERE article_fts MATCH ?)",
            fts_query(query),
        )

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5) over cleaned articles; best matches first."""
        try:
            rows = self._fetch(
                "SELECT a.id, a.outlet, a.title, a.published, x.story_id,"
                " substr(article_text(a.text), 1, 200) AS body_start,"
                " snippet(article_fts, 1, '[', ']', ' … ', 12) AS snippet,"
                " bm25(article_fts) AS score FROM article_fts"
                " JOIN articles a ON a.seq = article_fts.rowid"
                " LEFT JOIN story_articles x ON x.article_id = a.id"
                " WHERE article_fts MATCH ? ORDER BY score, a.id LIMIT ?",
                [fts_query(query), limit],
            )
        except sqlite3.OperationalError as exc:
            raise InvalidParameter(f"Cannot search for {query!r}: {exc}") from None
        hits = [dict(row) for row in rows]
        for hit in hits:
            hit["heading"] = hit["title"] or first_words(hit.pop("body_start") or "", 8)
            hit.pop("body_start", None)
        return hits
