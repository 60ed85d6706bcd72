"""Threads in the store: the writes the pipeline makes and the reads the faces make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import NotFound
from .codec import pack_group, pack_state, unpack_document
from .queries import StoreQueries
from .schema import unpack_json

__all__ = ["ThreadRecords"]

_ORDER = "a.published_ts IS NULL, a.published_ts, a.seq"


class ThreadRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: thread rows and memberships."""

    # -- writes (inside the pipeline's batch transaction) ---------------------

    def _save_thread_memberships(self, thread_of_story: Mapping[str, str]) -> None:
        """Record each story's thread (a story belongs to exactly one: the latest wins)."""
        self._db.executemany(
            "INSERT INTO thread_stories (story_id, thread_id) VALUES (?, ?)"
            " ON CONFLICT (story_id) DO UPDATE SET thread_id = excluded.thread_id",
            sorted(thread_of_story.items()),
        )

    def _save_thread(self, thread_id: str, round_number: int) -> None:
        """Write a thread's header from its stories' rows (dropped when it has none left)."""
        stats = self._db.execute(
            "SELECT COUNT(DISTINCT t.story_id) AS stories, COUNT(*) AS articles,"
            " MAX(a.published_ts) AS last_ts FROM thread_stories t"
            " JOIN story_articles s ON s.story_id = t.story_id"
            " JOIN articles a ON a.id = s.article_id WHERE t.thread_id = ?",
            (thread_id,),
        ).fetchone()
        if not stats["articles"]:
            self._db.execute("DELETE FROM threads WHERE id = ?", (thread_id,))
            return
        members = (
            " FROM thread_stories t JOIN story_articles s ON s.story_id = t.story_id"
            " JOIN articles a ON a.id = s.article_id WHERE t.thread_id = ?"
        )
        dates = self._db.execute(
            f"SELECT (SELECT a.published{members} AND a.published_ts IS NOT NULL"
            f" ORDER BY {_ORDER} LIMIT 1) AS first_published,"
            f" (SELECT a.published{members} AND a.published_ts IS NOT NULL"
            " ORDER BY a.published_ts DESC, a.seq LIMIT 1) AS last_published",
            (thread_id, thread_id),  # plain placeholders: "?1" with a sequence is deprecated
        ).fetchone()
        first = self._db.execute(
            "SELECT st.title FROM thread_stories t JOIN stories st ON st.id = t.story_id"
            " WHERE t.thread_id = ? ORDER BY st.first_published IS NULL, st.first_published,"
            " st.id LIMIT 1",
            (thread_id,),
        ).fetchone()
        self._db.execute(
            "INSERT OR REPLACE INTO threads (id, title, first_published, last_published,"
            " last_ts, stories, articles, updated_round) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                thread_id,
                first["title"] if first else "",
                dates["first_published"],
                dates["last_published"],
                stats["last_ts"],
                stats["stories"],
                stats["articles"],
                round_number,
            ),
        )

    def _save_thread_changes(self, changes: dict[str, Any]) -> None:
        """Save a :meth:`ThreadTracker.state_changes`: changed and gone threads, the rest."""
        self._db.executemany(
            "INSERT INTO thread_groups (id, data) VALUES (?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            [(thread["id"], pack_group(thread)) for thread in changes["stories"]],
        )
        self._db.executemany(
            "DELETE FROM thread_groups WHERE id = ?",
            [(thread_id,) for thread_id in changes["closed"]],
        )
        shared = {key: value for key, value in changes.items() if key not in ("stories", "closed")}
        self._db.execute(
            "INSERT OR REPLACE INTO state (name, data) VALUES ('thread', ?)", (pack_state(shared),)
        )

    def _load_thread_state(self) -> dict[str, Any] | None:
        """The tracker's whole saved state (as :meth:`ThreadTracker.state` gives it), if any."""
        row = self._db.execute("SELECT data FROM state WHERE name = 'thread'").fetchone()
        if row is None:
            return None
        rows = self._db.execute("SELECT data FROM thread_groups ORDER BY rowid")
        return {**unpack_json(row["data"]), "stories": [unpack_document(r["data"]) for r in rows]}

    # -- reads ------------------------------------------------------------------

    def list_threads(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Thread headers, newest first, each with its story ids (oldest story first)."""
        rows = self._db.execute(
            "SELECT id, title, first_published, last_published, stories, articles FROM threads"
            " ORDER BY last_ts IS NULL, last_ts DESC, id LIMIT ? OFFSET ?",
            (self._limit(limit), offset),
        ).fetchall()
        return [{**dict(row), "story_ids": self._thread_story_ids(row["id"])} for row in rows]

    def _thread_story_ids(self, thread_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT t.story_id FROM thread_stories t JOIN stories st ON st.id = t.story_id"
            " WHERE t.thread_id = ? ORDER BY st.first_published IS NULL, st.first_published,"
            " st.id",
            (thread_id,),
        ).fetchall()
        return [row["story_id"] for row in rows]

    def thread_of_story(self, story_id: str) -> str | None:
        row = self._db.execute(
            "SELECT thread_id FROM thread_stories WHERE story_id = ?", (story_id,)
        ).fetchone()
        return None if row is None else str(row["thread_id"])

    def thread_header(self, thread_id: str) -> dict[str, Any]:
        """A thread's header and story ids; NotFound when there is no such thread."""
        row = self._db.execute(
            "SELECT id, title, first_published, last_published, stories, articles FROM threads"
            " WHERE id = ?",
            (thread_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No thread {thread_id!r}.")
        return {**dict(row), "story_ids": self._thread_story_ids(thread_id)}

    def resolve_thread_id(self, prefix: str) -> str:
        """The full id of the one thread whose id starts with ``prefix``."""
        return self._resolve("threads", "id", prefix, "thread")

    def _story_brief(self, story_id: str) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT id, title, first_published, last_published, size, sources FROM stories"
            " WHERE id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No story {story_id!r}.")
        return dict(row)

    def thread_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM threads").fetchone()[0])
