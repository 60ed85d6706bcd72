"""The store keeps no second copy of what it can read elsewhere (migrations 9 and on)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storyline.models import Article, CleanArticle, Removal
from storyline.store import SCHEMA_VERSION, open_store
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
