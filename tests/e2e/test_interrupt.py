"""A run killed midway leaves the store consistent; re-running gives what one run gives.

The kill is real: a child process runs the pipeline and calls ``os._exit``
(no cleanup, no commit, like SIGKILL) at a chosen point — after some articles
are stored, after the first processing batch, or while summarising.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storyline.store.codec import register_functions, unpack_document

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"

CHILD = textwrap.dedent(
    """
    import os, sys
    from storyline import pipeline, store
    target, after = sys.argv[3], int(sys.argv[4])
    calls = {"n": 0}

    def crashing(original):
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            calls["n"] += 1
            if calls["n"] >= after:
                os._exit(9)
            return result
        return wrapper

    if target == "add_article":
        store.SQLiteStore.add_article = crashing(store.SQLiteStore.add_article)
    elif target == "save_state":
        store.SQLiteStore._save_state = crashing(store.SQLiteStore._save_state)
    elif target == "save_summary":
        store.SQLiteStore._save_packed_summary = crashing(store.SQLiteStore._save_packed_summary)
    from storyline.cli import main
    raise SystemExit(main(["ingest", sys.argv[1], "--db", sys.argv[2], "-q", "--json",
                           "--set", "pipeline.batch_size=4"]))
    """
)


def _ingest(db: Path, *, crash: tuple[str, int] | None = None) -> int:
    target, after = crash or ("none", 0)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(DEMO), str(db), target, str(after)],
        capture_output=True,
        text=True,
    )
    return result.returncode


def _snapshot(db: Path) -> dict:
    connection = sqlite3.connect(db)
    register_functions(connection)  # the index and article_text() read the compressed text
    tables = {
        "articles": "SELECT id, outlet, title, article_text(text), published FROM articles"
        " ORDER BY id",
        "duplicates": "SELECT article_id, group_id, relation FROM duplicates ORDER BY article_id",
        "stories": "SELECT id, title, size, sources, outlets, dirty FROM stories ORDER BY id",
        "members": "SELECT article_id, story_id FROM story_articles ORDER BY article_id",
        "summaries": "SELECT story_id, data FROM summaries ORDER BY story_id",
        "comparisons": "SELECT story_id, data FROM comparisons ORDER BY story_id",
        "rejections": "SELECT id, reason FROM rejections ORDER BY id",
        "fts": "SELECT rowid, title FROM article_fts ORDER BY rowid",
        # The clusterer's saved state too: a re-run continues from exactly where one run is.
        "state": "SELECT name, data FROM state ORDER BY name",
        "cluster_stories": "SELECT id, data FROM cluster_stories ORDER BY rowid",
        "threads": "SELECT id, title, stories, articles FROM threads ORDER BY id",
        "thread_members": "SELECT story_id, thread_id FROM thread_stories ORDER BY story_id",
        "thread_groups": "SELECT id, data FROM thread_groups ORDER BY rowid",
    }
    snapshot = {name: connection.execute(sql).fetchall() for name, sql in tables.items()}
    snapshot["pending"] = connection.execute(
        "SELECT COUNT(*) FROM articles WHERE round IS NULL"
    ).fetchall()
    connection.close()
    return snapshot


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "s.db"
    assert _ingest(db) == 0
    return _snapshot(db)


@pytest.mark.slow
@pytest.mark.parametrize(
    "crash",
    [("add_article", 5), ("save_state", 3), ("save_summary", 3)],
    ids=["while-storing", "while-grouping", "while-summarising"],
)
def test_killed_run_then_rerun_equals_one_run(tmp_path, uninterrupted, crash):
    db = tmp_path / "s.db"
    assert _ingest(db, crash=crash) == 9
    half = _snapshot(db)
    # only whole transactions: every stored article has its raw bytes, nothing half-written
    connection = sqlite3.connect(db)
    orphans = connection.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN raw r ON r.id = a.raw_id WHERE r.id IS NULL"
    ).fetchone()[0]
    connection.close()
    assert orphans == 0
    assert half != uninterrupted
    assert _ingest(db) == 0
    assert _snapshot(db) == uninterrupted


def test_uninterrupted_run_leaves_nothing_pending(uninterrupted):
    assert uninterrupted["pending"] == [(0,)]
    assert all(dirty == 0 for *_, dirty in uninterrupted["stories"])
    assert unpack_document(uninterrupted["summaries"][0][1])["sentences"]
