"""Article text is stored compressed (migration 13); the store gives back the space that
rewrites leave (compaction, migration 14); every result stays the same."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.errors import InvalidParameter
from storyline.pipeline import Pipeline
from storyline.store import SCHEMA_VERSION, open_store
from storyline.store.codec import pack_json, pack_text, register_functions, unpack_text
from storyline.store.schema import MIGRATIONS, apply_migration

BODY = (
    "The harbour board agreed on Tuesday to dredge the north channel before the autumn"
    " storms. Work will take six weeks, the chair told the monthly meeting of users, and"
    " the ferry will keep to its timetable while the dredger works at night."
)


def _lines(path: Path, count: int) -> Path:
    source = path.parent / "in.jsonl"
    records = [
        {
            "id": f"n{number}",
            "title": f"Harbour board meeting {number}",
            "text": f"Day {number}. {BODY} The board meets again in {number + 2} weeks.",
            "outlet": "Valley Post",
        }
        for number in range(count)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return source


def _stored_types(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    types = {row[0] for row in db.execute("SELECT typeof(text) FROM articles")}
    db.close()
    return types


def test_packed_text_reads_back_exactly() -> None:
    for text in (BODY, "", "short", "naïve café — “quoted” 日本語 " * 20, "\x00 nul\n\ttab"):
        stored = pack_text(text)
        assert unpack_text(stored) == text
        assert isinstance(stored, str) or len(stored) < len(text.encode("utf-8"))
    assert isinstance(pack_text(BODY * 3), bytes)
    assert pack_text("short") == "short"  # not shorter compressed: kept as it is
    assert unpack_text(None) is None


def test_a_new_store_keeps_article_text_compressed_and_shows_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    source = _lines(path, 4)
    with open_store(path) as store:
        Pipeline(store, Settings()).ingest([source])
        ids = sorted(row[0] for row in store._db.execute("SELECT id FROM articles"))
        articles = store.articles(ids)
        assert sorted(a.text for a in articles) == [
            f"Day {n}. {BODY} The board meets again in {n + 2} weeks." for n in range(4)
        ]
        assert all(c.text == c.article.text for c in store.cleaned_articles(ids))
        detail = store.article_detail(ids[0])
        assert detail["text"] == detail["clean_text"] == articles[0].text
        hits = store.search("dredger")
        assert sorted(hit["id"] for hit in hits) == ids
        assert all("[dredger]" in hit["snippet"] for hit in hits)
        lines = source.read_bytes().splitlines()
        assert sorted(store.raw(a.raw_id).rstrip(b"\n") for a in articles) == sorted(lines)
        story = store.list_stories(limit=10)[0]
        assert store.story(story["id"])["summary"]["sentences"]
    assert _stored_types(path) == {"blob"}
    db = sqlite3.connect(path)
    register_functions(db)  # the index reads the text through article_text()
    db.execute("INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)")
    db.close()


def test_migration_13_compresses_an_old_store_in_place_and_can_run_again(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    source = _lines(path, 3)
    with open_store(path) as store:
        Pipeline(store, Settings()).ingest([source])
        ids = sorted(row[0] for row in store._db.execute("SELECT id FROM articles"))
        before = _view(store, ids)
    # the store as version 12 left it: plain text, the index's view without article_text()
    assert len(MIGRATIONS) >= 13
    db = sqlite3.connect(path, isolation_level=None)
    register_functions(db)
    rows = db.execute("SELECT seq, article_text(text) FROM articles").fetchall()
    db.executemany("UPDATE articles SET text = ? WHERE seq = ?", [(t, s) for s, t in rows])
    db.execute("DROP VIEW article_fts_text")
    db.execute(
        "CREATE VIEW article_fts_text AS SELECT a.seq AS seq, a.title AS title,"
        " COALESCE(c.text, a.text) AS text FROM cleaned c JOIN articles a ON a.id = c.article_id"
    )
    db.execute("DROP TABLE upkeep")  # made by migration 14, which runs again
    db.execute("PRAGMA user_version = 12")
    db.close()
    assert _stored_types(path) == {"text"}
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        after = _view(store, ids)
    assert after == before
    assert _stored_types(path) == {"blob"}
    # run again (an interrupted upgrade is retried whole): nothing changes
    db = sqlite3.connect(path, isolation_level=None)
    stored = db.execute("SELECT seq, text FROM articles ORDER BY seq").fetchall()
    apply_migration(db, MIGRATIONS[12])
    assert db.execute("SELECT seq, text FROM articles ORDER BY seq").fetchall() == stored
    texts = sorted(zlib.decompress(text).decode() for _, text in stored)
    assert texts == sorted(a.text for a in before["articles"])
    db.close()


def test_a_text_written_plain_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    source = _lines(path, 1)
    with open_store(path) as store:
        Pipeline(store, Settings()).ingest([source])
        (article_id,) = store._db.execute("SELECT id FROM articles").fetchone()
        text = store.article(article_id).text
        store._db.execute("UPDATE articles SET text = ? WHERE id = ?", (text, article_id))
        assert store.article(article_id).text == text
        assert [hit["id"] for hit in store.search("dredger")] == [article_id]


def _view(store: Any, ids: list[str]) -> dict[str, Any]:
    """What a user sees and what the next run continues from."""
    return {
        "articles": store.articles(ids),
        "cleaned": store.cleaned_articles(ids),
        "stories": [store.story(s["id"]) for s in store.list_stories(limit=50)],
        "search": store.search("dredger"),
        "cluster": store._load_cluster_state(),
        "thread": store._load_thread_state(),
        "raw": [store.raw(a.raw_id) for a in store.articles(ids)],
    }


def test_compacting_gives_back_empty_space_and_changes_no_result(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    source = _lines(path, 5)
    with open_store(path) as store:
        Pipeline(store, Settings()).ingest([source])
        ids = sorted(row[0] for row in store._db.execute("SELECT id FROM articles"))
        before = _view(store, ids)
        assert not store.compact()  # nothing worth it yet
        with store.transaction():  # space left behind, as rewritten rows leave it
            store._db.execute("INSERT INTO state VALUES ('scratch', randomblob(3000000))")
        with store.transaction():
            store._db.execute("DELETE FROM state WHERE name = 'scratch'")
    size = path.stat().st_size
    with open_store(path) as store:
        assert store.compact()
        assert _view(store, ids) == before
        assert not store.compact()  # what is left does not make it run again
        with pytest.raises(InvalidParameter, match="min_share"):
            store.compact(min_share=0)
    assert path.stat().st_size < size - 2_000_000


def test_migration_14_keeps_the_order_of_saved_groups(tmp_path: Path) -> None:
    path = tmp_path / "v13.db"
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:13]:
        apply_migration(db, step)
    for table in ("cluster_stories", "thread_groups"):
        for rowid, name in ((7, "b"), (3, "c"), (12, "a")):
            db.execute(
                f"INSERT INTO {table} (rowid, id, data) VALUES (?, ?, ?)",
                (rowid, name, pack_json({"id": name})),
            )
    db.execute("INSERT INTO state VALUES ('cluster', ?)", (pack_json({"documents": 0}),))
    db.execute("INSERT INTO state VALUES ('thread', ?)", (pack_json({"documents": 0}),))
    db.execute("PRAGMA user_version = 13")
    db.close()
    with open_store(path) as store:
        cluster = store._load_cluster_state()
        threads = store._load_thread_state()
        assert cluster is not None and threads is not None
        assert [s["id"] for s in cluster["stories"]] == ["c", "b", "a"]
        assert [s["id"] for s in threads["stories"]] == ["c", "b", "a"]
        with store.transaction():
            store._save_cluster_changes({"stories": [{"id": "d"}], "closed": ["b"]})
        store._db.execute("VACUUM")
        rows = store._db.execute("SELECT seq, id FROM cluster_stories ORDER BY rowid").fetchall()
        assert [tuple(row) for row in rows] == [(3, "c"), (12, "a"), (13, "d")]


def test_ingest_and_rebuild_compact_a_store_that_rewrites_left_empty(tmp_path: Path) -> None:
    from storyline.cli import main

    path = tmp_path / "s.db"
    source = _lines(path, 2)
    assert main(["ingest", str(source), "--db", str(path), "-q"]) == 0
    for command in (["ingest", str(_lines(path, 3))], ["rebuild"]):
        with open_store(path) as store, store.transaction():
            store._db.execute("INSERT INTO state VALUES ('scratch', randomblob(3000000))")
            store._db.execute("DELETE FROM state WHERE name = 'scratch'")
        size = path.stat().st_size
        assert size > 3_000_000
        assert main([*command, "--db", str(path), "-q"]) == 0
        assert path.stat().st_size < size - 2_000_000, command
