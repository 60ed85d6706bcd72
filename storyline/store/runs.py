"""The pipeline's runs in the store: processing rounds and the stage records they
used, and each stage's saved state between runs."""

from __future__ import annotations

import json
from typing import Any

from .codec import pack_group, pack_state, unpack_document
from .queries import StoreQueries
from .records import now
from .schema import unpack_json

__all__ = ["RunRecords"]


class RunRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: rounds, stage records, saved state."""

    # -- processing rounds -------------------------------------------------------

    def _stage_id(self, description: dict[str, Any]) -> int:
        """The id of a (stage, version, params) record, created on first use."""
        params = json.dumps(description["params"], sort_keys=True, default=str)
        key = (description["stage"], str(description["version"]), params)
        self._db.execute(
            "INSERT OR IGNORE INTO stage_params (stage, version, params) VALUES (?, ?, ?)", key
        )
        row = self._db.execute(
            "SELECT id FROM stage_params WHERE stage = ? AND version = ? AND params = ?", key
        ).fetchone()
        return int(row["id"])

    def _start_round(self, settings: dict[str, Any]) -> int:
        with self.transaction():
            row = self._db.execute("SELECT COALESCE(MAX(round), 0) + 1 FROM rounds").fetchone()
            number = int(row[0])
            self._db.execute(
                "INSERT INTO rounds (round, started_at, settings) VALUES (?, ?, ?)",
                (number, now(), json.dumps(settings, sort_keys=True, default=str)),
            )
        return number

    def _rounds(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT round FROM rounds ORDER BY round")]

    def _pending(self) -> list[str]:
        """Ids of stored articles not yet processed, sorted by (date, id).

        Undated articles sort first: they take the stream's time when added.
        """
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round IS NULL"
            " ORDER BY published_ts IS NOT NULL, published_ts, id"
        ).fetchall()
        return [row["id"] for row in rows]

    def _reset_rounds(self) -> None:
        """Mark every article pending again, keeping which round each arrived in."""
        self._db.execute("UPDATE articles SET round = -round WHERE round IS NOT NULL")

    def _take_round(self, number: int) -> list[str]:
        """Ids of articles first processed in round ``number`` (after reset_rounds)."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round = ? ORDER BY published_ts IS NOT NULL,"
            " published_ts, id",
            (-number,),
        ).fetchall()
        return [row["id"] for row in rows]

    def last_settings(self) -> dict[str, Any] | None:
        """The settings of the last processing run (``Settings.as_dict``), if any."""
        row = self._db.execute("SELECT settings FROM rounds ORDER BY round DESC LIMIT 1").fetchone()
        return dict(json.loads(row["settings"])) if row else None

    # -- saved stage state -------------------------------------------------------

    def _save_state(self, name: str, data: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO state (name, data) VALUES (?, ?)", (name, pack_state(data))
        )

    def _load_state(self, name: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return unpack_json(row["data"]) if row else None

    def _save_cluster_changes(self, changes: dict[str, Any]) -> None:
        """Save a :meth:`StoryClusterer.state_changes`: changed and closed stories, the rest."""
        self._db.executemany(
            "INSERT INTO cluster_stories (id, data) VALUES (?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            [(story["id"], pack_group(story)) for story in changes["stories"]],
        )
        self._db.executemany(
            "DELETE FROM cluster_stories WHERE id = ?",
            [(story_id,) for story_id in changes["closed"]],
        )
        shared = {key: value for key, value in changes.items() if key not in ("stories", "closed")}
        self._save_state("cluster", shared)

    def _load_cluster_state(self) -> dict[str, Any] | None:
        """The clusterer's whole saved state (as :meth:`StoryClusterer.state` gives it), if any."""
        shared = self._load_state("cluster")
        if shared is None:
            return None
        rows = self._db.execute("SELECT data FROM cluster_stories ORDER BY rowid")
        return {**shared, "stories": [unpack_document(row["data"]) for row in rows]}
