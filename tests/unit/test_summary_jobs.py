"""Summaries made in worker processes: the same stored rows, errors that name the story."""

from __future__ import annotations

import sqlite3
import sys
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyline import ingest, summary_jobs
from storyline import pipeline as pipeline_module
from storyline.cli import main as cli_main
from storyline.config import load_settings
from storyline.errors import InvalidParameter, StorylineError
from storyline.models import Article, CleanArticle, Origin
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.summarize import Summarizer

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"
FILES = sorted(p for p in DEMO.rglob("*") if p.is_file())


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every summary, comparison and story row, as stored (packed bytes compared as bytes)."""
    with closing(sqlite3.connect(db)) as connection, connection:
        return {
            table: sorted(connection.execute(query).fetchall())
            for table, query in (
                ("summaries", "SELECT story_id, data, stage_id FROM summaries"),
                ("comparisons", "SELECT story_id, data FROM comparisons"),
                ("stories", "SELECT id, dirty FROM stories"),
            )
        }


class _CountingPool(summary_jobs.ProcessPoolExecutor):
    started = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        type(self).started += 1
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def _article(number: int, text: str) -> CleanArticle:
    article = Article.create(
        raw_id=f"raw-{number}",
        format="text",
        outlet=f"Outlet {number}",
        title=f"Ferry crossing {number} suspended",
        text=text,
        origin=Origin(f"outlet-{number}.txt"),
        published=datetime(2025, 5, 3, number, tzinfo=UTC),
    )
    return CleanArticle(article, text, ())


TEXT = (
    "Tidewater Ferries suspended the Port Adley crossing on Monday after a storm damaged "
    "the pier. The company said repairs would take about two weeks."
)


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux")


@LINUX
def test_one_job_and_two_jobs_store_the_same_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "_POOL_MIN_STORIES", 0)  # the demo is small
    # other tests may leave an idle thread behind; the fork is wanted here regardless
    monkeypatch.setattr(summary_jobs, "can_fork", lambda: True)
    monkeypatch.setattr(pipeline_module, "_SUMMARY_CHUNK", 2)  # several chunks in flight
    monkeypatch.setattr(summary_jobs, "ProcessPoolExecutor", _CountingPool)
    before = _CountingPool.started
    rows = {}
    for jobs in (1, 2):
        settings = load_settings(environ={}, overrides={"pipeline.jobs": str(jobs)})
        with open_store(tmp_path / f"jobs{jobs}.db") as store:
            report = Pipeline(store, settings).ingest(FILES)
            assert report.summaries == store.counts()["stories"] > 4
        rows[jobs] = _rows(tmp_path / f"jobs{jobs}.db")
    assert _CountingPool.started == before + 1  # jobs=2 used worker processes, jobs=1 none
    assert rows[1] == rows[2]
    assert all(dirty == 0 for _id, dirty in rows[2]["stories"])


def test_few_changed_stories_stay_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(summary_jobs, "ProcessPoolExecutor", _CountingPool)
    before = _CountingPool.started
    settings = load_settings(environ={}, overrides={"pipeline.jobs": "2"})
    with open_store(tmp_path / "s.db") as store:
        report = Pipeline(store, settings).ingest(FILES)
    assert report.summaries > 0 and _CountingPool.started == before


@LINUX
def test_a_story_failing_in_a_worker_is_named_and_the_chunks_others_are_made(monkeypatch):
    monkeypatch.setattr(summary_jobs, "can_fork", lambda: True)
    good = [_article(1, TEXT), _article(2, TEXT.replace("Monday", "Tuesday"))]
    broken = CleanArticle(article=good[0].article, text=None)  # type: ignore[arg-type]
    chunk = [("s-good", good, {}), ("s-broken", [broken], {}), ("s-alone", good[:1], {})]
    with summary_jobs.ChunkRunner(Summarizer(), params={}, jobs=2) as runner:
        (result,) = list(runner.results([chunk]))
    assert [story_id for story_id, _data, _comparison in result.made] == ["s-good", "s-alone"]
    assert [failure.story_id for failure in result.failures] == ["s-broken"]
    assert result.failures[0].error.startswith(("TypeError", "AttributeError"))
    # the same stories in this process give the same bytes
    alone = summary_jobs.summarize_chunk(Summarizer(), chunk)
    assert alone.made == result.made
    assert [(f.story_id, f.error) for f in alone.failures] == [
        (f.story_id, f.error) for f in result.failures
    ]


@LINUX
def test_a_worker_that_cannot_start_raises_a_storyline_error_naming_the_stories(monkeypatch):
    monkeypatch.setattr(summary_jobs, "can_fork", lambda: True)
    chunk = [("s-one", [_article(1, TEXT)], {})]
    runner = summary_jobs.ChunkRunner(Summarizer(), params={"no_such_setting": 1}, jobs=2)
    with runner, pytest.raises(StorylineError, match="s-one"):
        list(runner.results([chunk]))


def test_a_failing_story_is_named_the_others_saved_and_it_stays_changed(tmp_path, monkeypatch):
    original = pipeline_module.summarize_story
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, load_settings(environ={}, overrides={"pipeline.jobs": "1"}))
        pipeline.store_items(ingest.read_files(FILES))
        pipeline.process()
        dirty = store._dirty_stories()
        victim = dirty[1]

        def failing(summarizer, story_id, articles, *, group_of):
            if story_id == victim:
                raise ValueError("planted failure")
            return original(summarizer, story_id, articles, group_of=group_of)

        monkeypatch.setattr(pipeline_module, "summarize_story", failing)
        with pytest.raises(StorylineError, match=f"{victim}.*planted failure"):
            pipeline.summarize_changed()
        assert store._dirty_stories() == [victim]  # its chunk's others were saved
        monkeypatch.setattr(pipeline_module, "summarize_story", original)
        assert pipeline.summarize_changed() == 1
        assert store._dirty_stories() == []


def test_the_jobs_setting_is_checked_and_resolved(tmp_path):
    settings = load_settings(environ={}, overrides={"pipeline.jobs": "-1"})
    with open_store(tmp_path / "s.db") as store, pytest.raises(InvalidParameter, match="'jobs'"):
        Pipeline(store, settings)
    assert 1 <= summary_jobs.resolve_jobs(0) <= summary_jobs.MAX_AUTO_JOBS
    assert summary_jobs.resolve_jobs(0) <= summary_jobs.usable_cores()
    assert summary_jobs.resolve_jobs(3) == 3


def test_the_jobs_option_sets_the_setting_and_is_not_a_settings_change(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    assert cli_main(["ingest", str(DEMO / "text"), "--db", db, "-q", "--jobs", "1"]) == 0
    assert cli_main(["ingest", str(DEMO / "html"), "--db", db, "-q", "--jobs", "2"]) == 0
    assert "other settings" not in capsys.readouterr().err
    assert cli_main(["ingest", str(DEMO / "feeds"), "--db", db, "-q", "--jobs", "-2"]) == 2
    assert "'jobs'" in capsys.readouterr().err


def test_with_another_thread_running_the_summaries_stay_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "_POOL_MIN_STORIES", 0)
    monkeypatch.setattr(summary_jobs, "ProcessPoolExecutor", _CountingPool)
    before = _CountingPool.started
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # as a web server's request threads
    other.start()
    try:
        settings = load_settings(environ={}, overrides={"pipeline.jobs": "2"})
        with open_store(tmp_path / "s.db") as store:
            report = Pipeline(store, settings).ingest(FILES)
    finally:
        release.set()
        other.join()
    assert report.summaries > 0 and _CountingPool.started == before
