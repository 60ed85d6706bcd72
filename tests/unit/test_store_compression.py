"""Derived JSON documents are stored compressed; migration 3 converts an older store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyline.store import open_store
from storyline.store.schema import MIGRATIONS, pack_json, split_sql, unpack_json

SUMMARY = {"story_id": "s1", "word_budget": 80, "sentences": [{"text": "Zoë said “yes”."}]}


def test_pack_and_unpack_round_trip() -> None:
    packed = pack_json(SUMMARY)
    assert isinstance(packed, bytes)
    assert unpack_json(packed) == SUMMARY
    assert unpack_json(json.dumps(SUMMARY)) == SUMMARY  # plain text from older stores


def _version_2_store(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:2]:
        assert isinstance(step, str)
        for statement in split_sql(step):
            db.execute(statement)
    db.execute("INSERT INTO stage_params (id, stage, version, params) VALUES (1, 'x', '1', '{}')")
    db.execute("INSERT INTO summaries VALUES ('s1', ?, 1)", (json.dumps(SUMMARY),))
    db.execute("INSERT INTO comparisons VALUES ('s1', ?)", (json.dumps({"facts": []}),))
    db.execute("INSERT INTO cluster_stories VALUES ('s1', ?)", (json.dumps({"id": "s1"}),))
    db.execute("INSERT INTO state VALUES ('cluster', ?)", (json.dumps({"version": 1}),))
    db.execute("PRAGMA user_version = 2")
    db.close()


def test_migration_compresses_existing_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_2_store(path)
    with open_store(path) as store:
        assert store.schema_version() >= 3
        assert store._load_cluster_state() == {"version": 1, "stories": [{"id": "s1"}]}
    db = sqlite3.connect(path)
    for table in ("summaries", "comparisons", "cluster_stories", "state"):
        (kind,) = db.execute(f"SELECT typeof(data) FROM {table}").fetchone()
        assert kind == "blob", table
    (data,) = db.execute("SELECT data FROM summaries").fetchone()
    db.close()
    assert unpack_json(data) == SUMMARY
