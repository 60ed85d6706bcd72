from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from storyline import pipeline as pipeline_module
from storyline.config import load_settings
from storyline.ingest import files
from storyline.pipeline import Pipeline
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"


def _stories(store) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(
        (s["id"], tuple(sorted(a["id"] for a in store.story(s["id"])["articles"])))
        for s in store.list_stories(limit=-1)
    )


def test_input_order_does_not_change_the_stories(tmp_path):
    files = sorted(p for p in DEMO.rglob("*") if p.is_file())
    results = []
    for name, order in (("forward", files), ("backward", files[::-1])):
        with open_store(tmp_path / f"{name}.db") as store:
            Pipeline(store, load_settings(environ={})).ingest(order)
            results.append(_stories(store))
    assert results[0] == results[1]


def test_a_failing_comparison_keeps_the_summary_and_logs(tmp_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("year -1476 is out of range")

    monkeypatch.setattr(pipeline_module, "_compare", broken)
    with open_store(tmp_path / "s.db") as store, caplog.at_level(logging.ERROR):
        report = Pipeline(store, load_settings(environ={})).ingest([DEMO / "text"])
        story_id = store.list_stories(limit=1)[0]["id"]
        story = store.story(story_id)
    assert report.summaries >= 1
    assert story["summary"]["sentences"] and story["comparison"] is None
    assert "comparison of story" in caplog.text


def test_rebuild_reads_a_fixed_rejection_as_articles(tmp_path, monkeypatch):
    line = {
        "title": "Ferry back",
        "text": "The Selwyn ferry sailed again on Friday morning.",
        "outlet": "Bay Radio",
        "date": "2025-05-02",
    }
    source = tmp_path / "wire.data"  # an unsupported extension: rejected, raw bytes kept
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, load_settings(environ={}))
        pipeline.ingest([source])
        assert store.counts()["rejections"] == 1
        # the "fix": a newer reader takes .data files as JSON Lines
        monkeypatch.setattr(files, "detect_format", lambda name, data: "jsonl")
        source.unlink()  # rebuild works from the kept raw bytes, not the file
        rebuilt = pipeline.rebuild()
        counts = store.counts()
    assert rebuilt.added == 1
    assert counts["articles"] == 1 and counts["rejections"] == 0 and counts["stories"] == 1


def test_invalid_batch_size_names_the_parameter(tmp_path):
    settings = load_settings(environ={}, overrides={"pipeline.batch_size": "0"})
    with open_store(tmp_path / "s.db") as store, pytest.raises(ValueError, match="'batch_size'"):
        Pipeline(store, settings)


def test_state_from_another_clustering_version_asks_for_a_rebuild(tmp_path):
    from storyline.errors import StoreError

    with open_store(tmp_path / "s.db") as store:
        Pipeline(store, load_settings(environ={})).ingest([DEMO / "text"])
        state = store._load_state("cluster")
        with store.transaction():
            store._save_state("cluster", {**state, "version": "0"})
        pending = DEMO / "feeds"
        with pytest.raises(StoreError, match="storyline rebuild"):
            Pipeline(store, load_settings(environ={})).ingest([pending])
        Pipeline(store, load_settings(environ={})).rebuild()  # and rebuild does fix it
        assert store.counts()["pending"] == 0


def test_progress_counts_stored_items_as_they_arrive(tmp_path):
    """One big file still shows progress: every stored article or rejection is counted
    (step "store", total 0: the end is not known ahead)."""
    lines = [
        json.dumps({"outlet": "Wire", "title": f"Item {n}", "text": f"Report number {n} here."})
        for n in range(5)
    ]
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join([*lines, "not json"]) + "\n", encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    with open_store(tmp_path / "p.db") as store:
        Pipeline(store, progress=lambda *call: calls.append(call)).ingest([big])
    stored = [call for call in calls if call[0] == "store"]
    assert stored == [("store", n, 0) for n in range(1, 7)]
    assert ("read", 1, 1) in calls


def test_progress_follows_the_bytes_of_one_big_file(tmp_path):
    """A single large file reports how far into it the reader is, so the bar can show a
    rate and a time left, not "0/1 files" until the end."""
    filler = "A long report about the harbour works, repeated to make the file big. " * 40
    lines = [
        json.dumps({"outlet": "Wire", "title": f"Item {n}", "text": f"Report {n}. {filler}"})
        for n in range(40)
    ]
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = big.stat().st_size
    calls: list[tuple[str, int, int]] = []
    with open_store(tmp_path / "p.db") as store:
        Pipeline(store, progress=lambda *call: calls.append(call)).ingest([big])
    read = [done for step, done, total in calls if step == "bytes" and total == size]
    assert read[-1] == size
    assert any(0 < done < size for done in read)  # progress inside the file, not only at its end
    assert read == sorted(read)


def test_byte_progress_spans_every_file_of_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"Council report {n}.\n\nThe vote was held on Monday.")
    total = sum(path.stat().st_size for path in folder.iterdir())
    calls: list[tuple[str, int, int]] = []
    with open_store(tmp_path / "p.db") as store:
        Pipeline(store, progress=lambda *call: calls.append(call)).ingest([folder])
    read = [(done, size) for step, done, size in calls if step == "bytes"]
    assert read[-1] == (total, total)


def test_chunked_storing_and_summarising_keep_every_item_and_report_each(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "_STORE_CHUNK", 3)
    monkeypatch.setattr(pipeline_module, "_SUMMARY_CHUNK", 2)
    lines = [
        {
            "id": f"a{k}",
            "title": f"Pier {k} reopens",
            "outlet": "Bay Radio",
            "text": f"Pier {k} of the harbour in Selwyn reopened on Friday after repairs "
            f"costing {k + 2} million pounds, the harbour board said.",
        }
        for k in range(7)
    ] + [{"id": "bad"}]  # no text: rejected, named, and the batch goes on
    source = tmp_path / "wire.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    seen: list[tuple[str, int]] = []
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(
            store,
            load_settings(environ={}),
            progress=lambda step, done, _: seen.append((step, done)),
        )
        report = pipeline.ingest([source])
        stories = store.list_stories(limit=-1)
        summarised = [store.story(s["id"])["summary"] for s in stories]
    assert (report.added, len(report.rejected)) == (7, 1)
    assert [done for step, done in seen if step == "store"] == list(range(1, 9))
    assert [done for step, done in seen if step == "summarize"] == list(range(1, len(stories) + 1))
    assert report.summaries == len(stories) >= 1
    assert all(summary and summary["sentences"] for summary in summarised)


def test_summaries_read_per_chunk_equal_summaries_read_per_story(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "_SUMMARY_CHUNK", 3)
    files = sorted(p for p in DEMO.rglob("*") if p.is_file())
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store, load_settings(environ={}))
        pipeline.ingest(files)
        story_ids = [s["id"] for s in store.list_stories(limit=-1)]
        members_of = store.members_of_stories(story_ids)
        assert len(story_ids) > 3 and any(len(m) > 1 for m in members_of.values())
        for story_id in story_ids:
            members = store.story_members(story_id)
            assert members_of[story_id] == members
            articles = store.cleaned_articles(members)
            summary, comparison = pipeline_module.summarize_story(
                pipeline.summarizer, story_id, articles, group_of=store.groups_of(members)
            )
            stored = store.story(story_id)["summary"]["sentences"]
            assert [(s.text, [c.article_id for c in s.citations]) for s in summary.sentences] == [
                (s["text"], [c["article_id"] for c in s["citations"]]) for s in stored
            ]
            assert comparison is not None


def test_a_story_without_titles_is_named_by_its_first_articles_first_sentence(tmp_path):
    lines = [
        {
            "id": f"t{k}",
            "title": "",
            "date": f"2026-03-0{k + 1}T10:00:00Z",
            "text": f"Storm number {k + 4} closed the Selwyn ferry for a day. "
            "The harbour board said the pier would reopen once the wind dropped.",
        }
        for k in range(2)
    ]
    source = tmp_path / "untitled.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.db") as store:
        Pipeline(store, load_settings(environ={})).ingest([source])
        titles = {s["title"] for s in store.list_stories(limit=-1)}
    assert "Storm number 4 closed the Selwyn ferry for a day." in titles
