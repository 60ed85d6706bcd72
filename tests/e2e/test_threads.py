"""Threads through the whole pipeline on the demo corpus: store, rebuild, batch order, faces."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.cli import main
from storyline.config import Settings
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION, split_sql
from storyline.web.schemas import ThreadListOut, ThreadOut

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"


def _threads(db: Path) -> dict[str, list[str]]:
    with open_store(db) as store:
        return {t["id"]: t["story_ids"] for t in store.list_threads(limit=-1)}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("threads") / "demo.db"
    with open_store(db) as store:
        Pipeline(store, Settings(db=str(db))).ingest([DEMO])
    return db


def test_the_rail_dispute_is_one_thread_of_three_stories(demo_db: Path) -> None:
    threads = _threads(demo_db)
    sizes = sorted(len(stories) for stories in threads.values())
    assert sizes == [1, 1, 1, 1, 1, 1, 1, 1, 3]  # 11 events, three of them the rail dispute
    with open_store(demo_db) as store:
        (rail,) = [t for t in store.list_threads() if t["stories"] == 3]
        titles = [store.story(s)["title"] for s in rail["story_ids"]]
    assert "strike" in titles[0].lower() and "deal" in titles[2].lower()


def test_every_story_has_exactly_one_thread(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        stories = {s["id"] for s in store.list_stories(limit=-1)}
    listed = [s for stories_of in _threads(demo_db).values() for s in stories_of]
    assert sorted(listed) == sorted(stories)


def test_rebuild_keeps_the_thread_ids(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    with open_store(db) as store:
        Pipeline(store, Settings(db=str(db))).ingest([DEMO])
        Pipeline(store, Settings(db=str(db))).rebuild()
    assert _threads(db) == _threads(demo_db)


def test_small_batches_in_reverse_file_order_give_the_same_threads(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "batches.db"
    settings = Settings(db=str(db))
    settings.set("pipeline.batch_size", "3", source="test")
    files = sorted((p for p in DEMO.rglob("*") if p.is_file()), reverse=True)
    with open_store(db) as store:
        Pipeline(store, settings).ingest(files)
    assert _threads(db) == _threads(demo_db)


def test_a_schema_2_store_migrates_to_empty_threads(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in split_sql(script):
            old.execute(statement)
    old.execute("PRAGMA user_version = 2")
    old.commit()
    old.close()
    with open_store(path) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        assert migrated.list_threads() == []
        assert migrated.thread_of_story("0" * 16) is None


def test_cli_lists_threads_and_shows_one(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["threads", "--db", str(demo_db), "--json"]) == 0
    threads = json.loads(capsys.readouterr().out)
    rail = next(t for t in threads if t["stories"] == 3)
    assert main(["show", rail["id"][:8], "--db", str(demo_db)]) == 0
    shown = capsys.readouterr().out
    assert f"Thread `{rail['id']}`" in shown and "New since the previous story" in shown
    assert main(["show", rail["story_ids"][0], "--db", str(demo_db)]) == 0
    assert f"thread `{rail['id']}`" in capsys.readouterr().out


def test_api_and_pages_serve_threads(demo_db: Path) -> None:
    client = TestClient(create_app(demo_db))
    listed = client.get("/api/threads").json()["threads"]
    rail = next(t for t in listed if t["stories"] == 3)
    detail = client.get(f"/api/threads/{rail['id']}").json()
    assert [s["id"] for s in detail["timeline"]] == rail["story_ids"]
    assert detail["timeline"][1]["changes"]
    story = client.get(f"/api/stories/{rail['story_ids'][0]}").json()
    assert story["thread_id"] == rail["id"]
    assert f"/threads/{rail['id']}" in client.get(f"/stories/{rail['story_ids'][0]}").text
    grouped = client.get("/threads").text
    assert all(f"/stories/{s}" in grouped for s in rail["story_ids"])
    assert client.get("/api/threads/abcdef0123").status_code == 404
    ThreadListOut.model_validate(client.get("/api/threads").json())
    for thread in listed:
        ThreadOut.model_validate(client.get(f"/api/threads/{thread['id']}").json())


def test_a_thread_state_saved_before_migration_7_is_split_into_one_row_per_thread(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v4.db"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        for statement in split_sql(script):
            old.execute(statement)
    saved = {
        "version": "1",
        "documents": 2,
        "stories": [{"id": "b2", "size": 1}, {"id": "a1", "size": 1}],
        "thread_stories": {"a1": ["s1", "s2"], "b2": ["s3"]},
    }
    old.execute("INSERT INTO state (name, data) VALUES ('thread', ?)", (json.dumps(saved),))
    old.execute("PRAGMA user_version = 4")
    old.commit()
    old.close()
    with open_store(path) as migrated:
        assert migrated._load_thread_state() == {
            "version": "1",
            "documents": 2,
            "stories": [
                {"id": "b2", "size": 1, "story_ids": ["s3"]},
                {"id": "a1", "size": 1, "story_ids": ["s1", "s2"]},
            ],
        }
