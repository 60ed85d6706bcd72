"""Derived JSON documents are stored compressed; migration 3 converts an older store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyline.store import open_store
from storyline.store.schema import MIGRATIONS, apply_migration, pack_json, split_sql, unpack_json

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


def test_cleaned_text_equal_to_the_article_is_stored_once(tmp_path: Path) -> None:
    from storyline.config import Settings
    from storyline.pipeline import Pipeline

    source = tmp_path / "a.txt"
    source.write_text(
        "The harbour board agreed on Friday to dredge the north channel before summer.\n\n"
        "Work will take six weeks, the chair told the monthly meeting of harbour users."
    )
    db = tmp_path / "s.db"
    with open_store(db) as store:
        Pipeline(store, Settings()).ingest([source])
        (story,) = store.list_stories()
        (article_id,) = store.story_members(story["id"])
        detail = store.article_detail(article_id)
        (cleaned,) = store.cleaned_articles([article_id])
    raw = sqlite3.connect(db)
    (stored,) = raw.execute("SELECT text FROM cleaned").fetchone()
    raw.close()
    assert stored is None
    assert cleaned.text == detail["clean_text"] == detail["text"]


def test_migration_8_drops_cleaned_copies(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:7]:
        apply_migration(db, step)
    db.execute("INSERT INTO stage_params (id, stage, version, params) VALUES (1, 'x', '1', '{}')")
    db.execute("INSERT INTO raw VALUES ('r', x'00', 1)")
    for number, text in ((1, "Same text."), (2, "Original text.")):
        db.execute(
            "INSERT INTO articles (id, raw_id, format, outlet, title, text, origin_path,"
            " ingested_at) VALUES (?, 'r', 'text', 'o', 't', ?, 'p', 'now')",
            (f"a{number}", text),
        )
    db.execute("INSERT INTO cleaned VALUES ('a1', 'Same text.', '[]', 1)")
    db.execute("INSERT INTO cleaned VALUES ('a2', 'Cleaned text.', '[]', 1)")
    db.execute("PRAGMA user_version = 7")
    db.close()
    with open_store(path) as store:
        texts = {a.id: a.text for a in store.cleaned_articles(["a1", "a2"])}
    assert texts == {"a1": "Same text.", "a2": "Cleaned text."}
    db = sqlite3.connect(path)
    assert db.execute("SELECT article_id, text FROM cleaned ORDER BY 1").fetchall() == [
        ("a1", None),
        ("a2", "Cleaned text."),
    ]
    db.close()


def test_a_clusterers_shared_state_is_stored_compressed_and_read_back_whole() -> None:
    from storyline.store.codec import pack_state

    state = {"documents": 3, "frequencies": {"bridg": 2, "ferri": 1, "zürich": 1}, "recency": []}
    packed = pack_state(state)
    assert isinstance(packed, bytes) and b"bridg" not in packed
    assert unpack_json(packed) == state
