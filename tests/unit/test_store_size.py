"""The store keeps no second copy of what it can read elsewhere (migrations 9 and on)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from storyline.models import Article, CleanArticle, Removal
from storyline.store import SCHEMA_VERSION, open_store
from storyline.store.codec import GROUP_MAGIC, pack_group, pack_json, unpack_document
from storyline.store.schema import MIGRATIONS, split_sql

TEXTS = {
    "a1": ("Ferry crossing suspended", "Tidewater Ferries suspended the crossing after storms."),
    "a2": ("Drivers vote to strike", "Rail drivers voted to strike, the union said. Subscribe!"),
}
CLEANED = {"a2": "Rail drivers voted to strike, the union said."}


def _old_store(path: Path, version: int) -> sqlite3.Connection:
    """A store made by the first ``version`` migrations, holding two cleaned articles."""
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:version]:
        if callable(step):
            step(db)
        else:
            for statement in split_sql(step):
                db.execute(statement)
    db.execute("INSERT INTO stage_params (id, stage, version, params) VALUES (1, 'x', '1', '{}')")
    db.execute("INSERT INTO raw VALUES ('r', x'00', 1)")
    for seq, (article_id, (title, text)) in enumerate(sorted(TEXTS.items()), start=1):
        db.execute(
            "INSERT INTO articles (seq, id, raw_id, format, outlet, title, text, origin_path,"
            " ingested_at) VALUES (?, ?, 'r', 'text', 'o', ?, ?, 'p', 'now')",
            (seq, article_id, title, text),
        )
        cleaned = CLEANED.get(article_id)
        db.execute("INSERT INTO cleaned VALUES (?, ?, '[]', 1)", (article_id, cleaned))
        db.execute(
            "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)",
            (seq, title, cleaned or text),
        )
    db.execute(f"PRAGMA user_version = {version}")
    return db


def _fts_ok(path: Path) -> None:
    """FTS5's own check of the index against the text it reads (raises when they differ)."""
    db = sqlite3.connect(path)
    db.execute("INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)")
    db.close()


def _tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    return names


def test_migration_9_makes_the_index_read_the_cleaned_text(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    _old_store(path, 8).close()
    assert "article_fts_content" in _tables(path)  # the old index's own copy of the text
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [hit["id"] for hit in store.search("storm")] == ["a1"]
        (hit,) = store.search("striking")
        assert hit["id"] == "a2"
        assert "[strike]" in hit["snippet"]
        assert store.search("subscribe") == []  # removed by cleaning, not indexed
        assert [hit["id"] for hit in store.search("ferry")] == ["a1"]  # title
    assert "article_fts_content" not in _tables(path)
    _fts_ok(path)


def _clean(article: Article, text: str) -> CleanArticle:
    return CleanArticle(article, text, (Removal("boilerplate", "x", 0),))


def test_a_cleaned_text_saved_again_replaces_its_index_entry(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _old_store(path, 8).close()
    with open_store(path) as store:
        article = store.article("a1")
        with store.transaction():
            store._save_cleaned(_clean(article, "Harbour cranes idle during walkout."), 1)
        assert store.search("storm") == []
        assert [hit["id"] for hit in store.search("cranes")] == ["a1"]
        with store.transaction():
            store._save_cleaned(_clean(article, article.text), 1)  # stored as NULL
        assert store.search("cranes") == []
        assert [hit["id"] for hit in store.search("storms")] == ["a1"]
    _fts_ok(path)


def test_forgetting_derived_results_empties_the_index(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _old_store(path, 8).close()
    with open_store(path) as store:
        store._reset_derived()
        assert store.search("strike") == []
        article = store.article("a2")
        with store.transaction():
            store._save_cleaned(_clean(article, "Drivers strike on Monday."), 1)
        assert [hit["id"] for hit in store.search("monday")] == ["a2"]
    _fts_ok(path)


def test_a_new_store_has_no_copy_of_the_text_in_its_index(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(path).close()
    names = _tables(path)
    assert "article_fts" in names and "article_fts_text" in names
    assert "article_fts_content" not in names


GROUP = {
    "id": "s1",
    "title": "Ferry crossing suspended",
    "article_ids": ["a1", "a2"],
    "group_ids": ["g1", "g2"],
    "first_published": "2025-04-10T08:00:00+00:00",
    "last_published": None,
    "last_active": 1744272000.0,
    "centroid": {"ferry": 0.7071067811865476, "\x1fname tidewater ferries": 1.0e-17, "storm": 0.1},
    "size": 2,
    "member_terms": [["ferry", "storm"], ["ferry", "crossing", "\x1fname tidewater ferries"], []],
    "profile": {"size": 2, "names": {"tidewater": 2}, "figures": {"1.5": 1}},
    "story_ids": ["x1"],
}


def test_a_packed_group_gives_back_exactly_the_document() -> None:
    packed = pack_group(GROUP)
    assert packed.startswith(GROUP_MAGIC)
    back = unpack_document(packed)
    assert back == GROUP
    assert list(back) == list(GROUP)  # key order kept
    assert list(back["centroid"]) == list(GROUP["centroid"])  # ties sort in this order
    assert json.dumps(back) == json.dumps(GROUP)
    assert unpack_document(pack_json(GROUP)) == GROUP  # the older forms still read
    assert unpack_document(json.dumps(GROUP)) == GROUP


def test_a_group_of_another_shape_is_stored_as_json() -> None:
    odd = {**GROUP, "centroid": {"ferry": 1}}  # an int weight would come back a float
    assert unpack_document(pack_group(odd)) == odd
    assert type(unpack_document(pack_group(odd))["centroid"]["ferry"]) is int
    assert unpack_document(pack_group({"id": "s2"})) == {"id": "s2"}


def test_a_large_vocabulary_is_packed_too() -> None:
    terms = [f"t{number}" for number in range(70_000)]
    big = {**GROUP, "centroid": {"a": 0.5}, "member_terms": [terms, terms[:3]]}
    assert unpack_document(pack_group(big)) == big


def test_packed_groups_are_smaller_than_compressed_json() -> None:
    draw = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(draw.choices(letters, k=draw.randint(3, 9))) for _ in range(300)]
    centroid = {word: draw.random() for word in words}
    members = [draw.sample(words, 120) for _ in range(6)]
    group = {**GROUP, "centroid": centroid, "member_terms": members}
    assert len(pack_group(group)) < 0.8 * len(pack_json(group))


def test_migration_10_packs_saved_groups_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    db = _old_store(path, 9)
    second = {**GROUP, "id": "s0"}
    for table in ("cluster_stories", "thread_groups"):
        for group in (GROUP, second):
            db.execute(
                f"INSERT INTO {table} (id, data) VALUES (?, ?)", (group["id"], pack_json(group))
            )
    shared = {"version": 3, "documents": 2}
    db.execute("INSERT INTO state VALUES ('cluster', ?)", (pack_json(shared),))
    db.execute("INSERT INTO state VALUES ('thread', ?)", (pack_json(shared),))
    db.close()
    with open_store(path) as store:
        assert store._load_cluster_state() == {**shared, "stories": [GROUP, second]}
        assert store._load_thread_state() == {**shared, "stories": [GROUP, second]}
    db = sqlite3.connect(path)
    for table in ("cluster_stories", "thread_groups"):
        stored = [row[0] for row in db.execute(f"SELECT data FROM {table} ORDER BY rowid")]
        assert all(data.startswith(GROUP_MAGIC) for data in stored), table
    db.close()
