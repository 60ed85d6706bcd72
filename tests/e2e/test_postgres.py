"""End-to-end on PostgreSQL: the same results as SQLite, and several writers at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from storyline.cli import main
from storyline.config import load_settings
from storyline.errors import EXIT_CODES
from storyline.pipeline import Pipeline
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"
ROOT = Path(__file__).resolve().parents[2]


def _everything(location: str) -> dict[str, Any]:
    """What every face shows of a store, in one comparable value."""
    with open_store(location, create=False) as store:
        stories = store.list_stories(limit=-1)
        articles = [a for s in stories for a in store.story_members(s["id"])]
        rejections = [{k: v for k, v in r.items() if k != "created_at"} for r in store.rejections()]
        return {
            "counts": store.counts(),
            "stories": stories,
            "pages": [store.story(s["id"]) for s in stories],
            "by_size": store.list_stories(sort="size", limit=5, offset=1),
            "filtered": store.count_stories(query="ferry", min_sources=2),
            "search": store.search("council meeting", limit=50),
            "threads": store.list_threads(limit=-1),
            "articles": [store.article_detail(a) for a in articles],
            "rejections": rejections,
        }


def _ingest_demo(location: str) -> None:
    with open_store(location) as store:
        Pipeline(store, load_settings(db=location)).ingest([DEMO])


def test_the_demo_gives_the_same_stories_pages_and_search_on_both_backends(tmp_path, pg_url):
    sqlite_db = str(tmp_path / "demo.db")
    _ingest_demo(sqlite_db)
    _ingest_demo(pg_url)
    on_sqlite, on_postgres = _everything(sqlite_db), _everything(pg_url)
    assert on_postgres["counts"]["stories"] > 5
    assert on_postgres["search"]  # the comparison covers real hits
    for key in ("counts", "stories", "pages", "by_size", "filtered", "threads", "articles"):
        assert on_postgres[key] == on_sqlite[key], key
    assert on_postgres["rejections"] == on_sqlite["rejections"]
    # ranking functions differ (bm25 / ts_rank): the same articles are found
    assert {h["id"] for h in on_postgres["search"]} == {h["id"] for h in on_sqlite["search"]}

    pages = [_served(location, on_sqlite["stories"]) for location in (sqlite_db, pg_url)]
    assert pages[0] == pages[1]

    for location in (sqlite_db, pg_url):  # rebuild recomputes the same results
        with open_store(location) as store:
            Pipeline(store, load_settings(db=location)).rebuild()
    assert _everything(pg_url)["pages"] == on_sqlite["pages"]


def _served(location: str, stories: list[dict[str, Any]]) -> list[Any]:
    """The web app's story list, each story's HTML page and API JSON."""
    from fastapi.testclient import TestClient

    from storyline.api import create_app

    with TestClient(create_app(location)) as client:
        served: list[Any] = [client.get("/api/stories").json(), client.get("/").text]
        for story in stories:
            served.append(client.get(f"/api/stories/{story['id']}").json())
            served.append(client.get(f"/stories/{story['id']}").text)
    return served


def test_the_cli_runs_on_a_postgres_url(pg_url, capsys):
    assert main(["stories", "--db", pg_url]) == EXIT_CODES["store error"]
    assert "no store at" in capsys.readouterr().err
    assert main(["ingest", str(DEMO), "--db", pg_url, "-q", "--json"]) == 0
    capsys.readouterr()
    assert main(["status", "--db", pg_url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["articles"] > 30 and status["pending"] == 0
    assert main(["search", "ferry", "--db", pg_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def _records(count: int, start: int) -> str:
    """JSON Lines of distinct invented articles numbered from ``start``."""
    lines = []
    for number in range(start, start + count):
        topic = ["harbour", "council", "railway", "library", "hospital"][number % 5]
        text = (
            f"Item {number}: the {topic} board met on day {number} and agreed motion "
            f"{number * 7 % 101}. Members said the {topic} plan number {number} would be "
            f"published with its costs of {number * 13} thousand."
        )
        record = {"title": f"{topic.title()} report {number}", "text": text, "outlet": "Wire"}
        record["published"] = f"2025-0{1 + number % 9}-1{number % 10}T08:00:00+00:00"
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def test_two_processes_ingesting_into_one_store_at_once_lose_and_double_nothing(tmp_path, pg_url):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(_records(100, 0), encoding="utf-8")
    second.write_text(_records(100, 60), encoding="utf-8")  # 40 articles in both
    with open_store(pg_url):
        pass  # the schema exists before both start (they would also agree on it)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "storyline.cli", "ingest", "--db", pg_url, "-q", "--json"]
    runs = [
        subprocess.Popen([*command, str(path)], env=env, stdout=subprocess.PIPE, text=True)
        for path in (first, second)
    ]
    reports = [json.loads(run.communicate(timeout=300)[0]) for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert sum(r["added"] for r in reports) == 160
    assert sum(r["already_stored"] for r in reports) == 40

    with open_store(pg_url) as store:
        counts = store.counts()
        assert counts["articles"] == 160 and counts["pending"] == 0
        assert counts["stories_pending"] == 0
        stories = store.list_stories(limit=-1)
        members = [a for s in stories for a in store.story_members(s["id"])]
        assert len(members) == len(set(members)) == 160  # each article in one story
        assert sum(s["size"] for s in stories) == 160
        rows = store._db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
        assert rows[0] == rows[1] == 160
