from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import InvalidParameter, NotFound, StoreError
from storyline.store import SCHEMA_VERSION, open_store
from tests.factories import make_article, make_rejection


@pytest.fixture
def store(store_location):
    """A new store on each backend (SQLite file, PostgreSQL schema): the contract tests."""
    with open_store(store_location) as opened:
        yield opened


def test_new_store_is_migrated_to_the_current_schema(store):
    assert store.schema_version() == SCHEMA_VERSION


def test_article_round_trips_exactly(store):
    accepted = make_article()
    assert store.add_article(accepted)
    assert store.article(accepted.article.id) == accepted.article
    assert store.raw(accepted.article.raw_id) == accepted.raw


def test_adding_the_same_article_twice_stores_it_once(store):
    accepted = make_article()
    assert store.add_article(accepted)
    assert not store.add_article(accepted)
    assert store.counts()["articles"] == 1


def test_rejection_is_kept_with_its_reason_once(store):
    rejection = make_rejection()
    assert store.add_rejection(rejection)
    assert not store.add_rejection(rejection)
    [row] = store.rejections()
    assert row["reason"] == "empty file"
    assert row["location"] == "in/empty.txt"


def test_failed_transaction_leaves_nothing(store):
    accepted = make_article()
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(accepted)
        raise RuntimeError("killed")
    assert store.counts()["articles"] == 0
    assert store.counts()["raw_inputs"] == 0


def test_pending_articles_sort_by_date_then_id(store):
    late = make_article("Later text here.", published=None, title="b")
    early = make_article("Earlier text here.", title="a")
    store.add_article(early)
    store.add_article(late)
    assert store._pending() == [late.article.id, early.article.id]


def newer_store(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def junk_file(path: Path) -> Path:
    path.write_bytes(b"this is not sqlite" * 100)
    return path


def test_store_from_a_newer_version_is_refused(tmp_path):
    with pytest.raises(StoreError, match="newer"):
        open_store(newer_store(tmp_path / "new.db"))


def test_file_that_is_not_a_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="Cannot open the store"):
        open_store(junk_file(tmp_path / "junk.db"))


@pytest.mark.parametrize("make", [newer_store, junk_file])
def test_a_store_that_cannot_be_opened_leaves_no_connection_open(
    make: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path / "bad.db")
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    with pytest.raises(StoreError):
        open_store(path)
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


def test_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="not a folder"):
        open_store(tmp_path / "nope" / "s.db")


def test_unknown_story_prefix_is_not_found(store):
    with pytest.raises(NotFound):
        store.resolve_story_id("abc")


def test_non_hex_story_id_is_not_found(store):
    with pytest.raises(NotFound, match="hexadecimal"):
        store.resolve_story_id("zzz")


def test_search_query_syntax_never_reaches_fts(store):
    with pytest.raises(InvalidParameter, match="empty"):
        store.search('"  "')
    assert store.search("council AND (") == []


def test_unknown_sort_names_the_choices(store):
    with pytest.raises(InvalidParameter, match="recent"):
        store.list_stories(sort="biggest")


STORY_A = {"id": "a", "centroid": {"harbour": 0.1234567890123456789}, "size": 1}
STORY_B = {"id": "b", "centroid": {"ferry": 2 / 3}, "size": 2}


def test_cluster_changes_replace_changed_stories_and_drop_closed_ones(store):
    shared = {"version": "2", "documents": 3}
    store._save_cluster_changes({**shared, "stories": [STORY_A, STORY_B], "closed": []})
    grown = {**STORY_A, "size": 2}
    store._save_cluster_changes({**shared, "documents": 4, "stories": [grown], "closed": ["b"]})

    assert store._load_cluster_state() == {"version": "2", "documents": 4, "stories": [grown]}


def test_no_cluster_state_before_the_first_batch(store):
    assert store._load_cluster_state() is None


def test_a_store_of_schema_1_keeps_its_clustering_state_whole(tmp_path):
    import json

    from storyline.store.schema import MIGRATIONS, split_sql

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for statement in split_sql(MIGRATIONS[0]):
        old.execute(statement)
    full = {"version": "2", "documents": 3, "stories": [STORY_B, STORY_A]}
    old.execute("INSERT INTO state (name, data) VALUES ('cluster', ?)", (json.dumps(full),))
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()

    with open_store(path) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        assert migrated._load_cluster_state() == full


def test_the_store_surface_is_the_documented_interface():
    from storyline.store import PUBLIC_METHODS, SQLiteStore, Store

    public = {
        name
        for name in dir(SQLiteStore)
        if not name.startswith("_") and callable(getattr(SQLiteStore, name))
    }
    assert public == PUBLIC_METHODS
    assert len(public) < 30
    with open_store(":memory:") as store:
        assert isinstance(store, Store)


def test_a_store_before_the_porter_index_gets_one_that_matches_word_forms(tmp_path):
    from storyline.store.schema import MIGRATIONS, split_sql

    porter = next(
        number
        for number, script in enumerate(MIGRATIONS)
        if isinstance(script, str) and "porter" in script
    )
    path = tmp_path / "v2.db"
    old = sqlite3.connect(path)  # a store from before the porter index: its migrations only
    for step in MIGRATIONS[:porter]:
        assert isinstance(step, str)
        for statement in split_sql(step):
            old.execute(statement)
    old.execute("INSERT INTO raw (id, data, size) VALUES ('r1', x'00', 1)")
    old.execute(
        "INSERT INTO articles (id, raw_id, format, outlet, title, text, origin_path, ingested_at)"
        " VALUES ('a1', 'r1', 'text', 'Valley Post', 'Council approves plan',"
        " 'Drivers will strike on Monday, the union said.', 'a.txt', '2025-01-01T00:00:00')"
    )
    old.execute("INSERT INTO stage_params (id, stage, version, params) VALUES (1, 'c', '1', '{}')")
    old.execute(
        "INSERT INTO cleaned (article_id, text, removals, stage_id)"
        " SELECT id, text, '[]', 1 FROM articles"
    )
    old.execute(
        "INSERT INTO article_fts (rowid, title, text) SELECT seq, title, text FROM articles"
    )
    old.execute(f"PRAGMA user_version = {porter}")
    old.commit()
    assert (
        old.execute(
            "SELECT COUNT(*) FROM article_fts WHERE article_fts MATCH 'strikes'"
        ).fetchone()[0]
        == 0
    )
    old.close()

    with open_store(path) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        hits = migrated.search("strikes")
        assert [hit["title"] for hit in hits] == ["Council approves plan"]
        assert migrated.search("striking")
