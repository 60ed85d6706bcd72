"""The store keeps no second copy of what it can read elsewhere (migrations 9 and on)."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import sqlite3
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.models import Article, CleanArticle, Removal
from storyline.store import SCHEMA_VERSION, open_store
from storyline.store.codec import (
    GROUP_MAGIC,
    QUOTING_MAGIC,
    pack_group,
    pack_json,
    pack_quoting,
    register_functions,
    unpack_document,
)
from storyline.store.records import summary_from_dict
from storyline.store.schema import MIGRATIONS, apply_migration

TEXTS = {
    "a1": ("Ferry crossing suspended", "Tidewater Ferries suspended the crossing after storms."),
    "a2": ("Drivers vote to strike", "Rail drivers voted to strike, the union said. Subscribe!"),
}
CLEANED = {"a2": "Rail drivers voted to strike, the union said."}


def _old_store(path: Path, version: int) -> sqlite3.Connection:
    """A store made by the first ``version`` migrations, holding two cleaned articles."""
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:version]:
        apply_migration(db, step)
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
    register_functions(db)  # the index reads the text through article_text() (migration 13)
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


def test_a_new_store_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    open_store(new).close()
    old = tmp_path / "old.db"
    _old_store(old, 8).close()
    open_store(old).close()
    sizes = {}
    for path in (new, old):
        db = sqlite3.connect(path)
        sizes[path.name] = db.execute("PRAGMA page_size").fetchone()[0]
        db.close()
    assert sizes == {"new.db": 16384, "old.db": 4096}


def _ingest_lines(path: Path, count: int = 3) -> Path:
    from storyline.config import Settings
    from storyline.pipeline import Pipeline

    source = path.parent / "in.jsonl"
    lines = [
        json.dumps(
            {
                "id": f"n{number}",
                "title": f"Harbour board meeting {number}",
                "text": f"The harbour board agreed on day {number} to dredge the north channel."
                " Work will take six weeks, the chair told the monthly meeting of users.",
                "outlet": "Valley Post",
            }
        )
        for number in range(count)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(path) as store:
        Pipeline(store, Settings()).ingest([source])
    return source


def test_raw_input_is_kept_against_its_article_and_read_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    source = _ingest_lines(path)
    lines = source.read_bytes().splitlines(keepends=True)
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT r.id, r.data, r.basis, a.id FROM raw r JOIN articles a ON a.raw_id = r.id"
    ).fetchall()
    db.close()
    assert len(rows) == 3
    assert all(basis == article_id for _, _, basis, article_id in rows)
    with open_store(path) as store:
        back = sorted(store.raw(raw_id) for raw_id, *_ in rows)
    assert back == sorted(line.rstrip(b"\n") for line in lines) or back == sorted(lines)
    plain = sum(len(zlib.compress(line, 6)) for line in lines)
    assert sum(len(data) for _, data, _, _ in rows) < plain / 2


def test_raw_input_outlives_its_article_being_replaced_or_dropped(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _ingest_lines(path)
    with open_store(path) as store:
        ids = sorted(
            article.id
            for article in store.articles(
                [row[0] for row in store._db.execute("SELECT id FROM articles")]
            )
        )
        before = {i: store.raw(store.article(i).raw_id) for i in ids}
        fixed = dataclasses.replace(store.article(ids[0]), id="f" * 16, text="A better parse.")
        store._reset_derived()  # as a rebuild does first
        with store.transaction():
            store._replace_article(ids[0], fixed)
            store._delete_article(ids[1])
        assert store.raw(fixed.raw_id) == before[ids[0]]
        assert store.raw(store.article(ids[2]).raw_id) == before[ids[2]]
        dropped = before[ids[1]]
        kept = {store.raw(raw_id) for (raw_id,) in store._db.execute("SELECT id FROM raw")}
        assert dropped in kept
        (basis,) = store._db.execute(
            "SELECT basis FROM raw WHERE id = ?", (fixed.raw_id,)
        ).fetchone()
        assert basis == fixed.id


def test_a_raw_row_that_does_not_match_its_article_is_an_error_not_other_bytes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    _ingest_lines(path, count=1)
    with open_store(path) as store:
        (article_id, raw_id) = store._db.execute("SELECT id, raw_id FROM articles").fetchone()
        store._db.execute("UPDATE articles SET text = 'Changed.' WHERE id = ?", (article_id,))
        with pytest.raises(StoreError, match="does not match"):
            store.raw(raw_id)


def test_migration_12_compresses_raw_input_against_its_article(tmp_path: Path) -> None:
    path = tmp_path / "v11.db"
    db = _old_store(path, 11)
    line = json.dumps({"title": TEXTS["a1"][0], "text": TEXTS["a1"][1]}).encode()
    db.execute("INSERT INTO raw VALUES ('r1', ?, ?)", (zlib.compress(line), len(line)))
    db.execute("UPDATE articles SET raw_id = 'r1' WHERE id = 'a1'")
    db.close()
    with open_store(path) as store:
        assert store.raw("r1") == line
        rows = dict(store._db.execute("SELECT id, basis FROM raw").fetchall())
    assert rows == {"r1": "a1", "r": None}  # the test's own raw bytes are not zlib data


MONDAY = "Drivers will strike on Monday."
FAILED = "The union said talks failed."
ARTICLE_TEXTS = {"a1": f"{MONDAY} {FAILED}"}
COMPARISON = {
    "facts": [
        {
            "id": "f1",
            "text": "The union said talks failed.",
            "spans": [
                {"article_id": "a1", "start": 31, "end": 59, "text": "The union said talks failed."}
            ],
        },
        {"id": "f2", "text": "Not in any article.", "spans": []},
    ],
    "quotes": [{"span": {"article_id": "a1", "start": 0, "end": 6, "text": "Nope"}}],
    "summary": {
        "text": "Drivers will strike on Monday.",
        "citations": [{"article_id": "a1", "start": 0, "end": 30}],
    },
}


def test_quoted_text_is_left_out_and_read_back_from_the_articles() -> None:
    packed = pack_quoting(COMPARISON, ARTICLE_TEXTS)
    assert b"talks failed" not in zlib.decompress(packed[4:])
    assert unpack_document(packed, texts=lambda ids: ARTICLE_TEXTS) == COMPARISON
    outline = unpack_document(packed)
    assert outline["facts"][0]["text"] is None
    assert outline["facts"][1]["text"] == "Not in any article."
    assert outline["quotes"][0]["span"]["text"] == "Nope"  # kept: not what the article says
    assert unpack_document(pack_quoting({"facts": []}, ARTICLE_TEXTS)) == {"facts": []}


def test_quoted_text_that_changed_since_is_an_error_never_other_words() -> None:
    packed = pack_quoting(COMPARISON, ARTICLE_TEXTS)
    changed = {"a1": "Drivers will strike on Friday. The union said talks resumed."}
    with pytest.raises(StoreError, match="rebuild"):
        unpack_document(packed, texts=lambda ids: changed)
    with pytest.raises(StoreError, match="rebuild"):
        unpack_document(packed, texts=lambda ids: {})


def test_packing_leaves_the_document_as_it_was_and_packs_tuples_as_json_lists() -> None:
    kept = copy.deepcopy(COMPARISON)
    packed = pack_quoting(COMPARISON, ARTICLE_TEXTS)
    assert kept == COMPARISON
    with_tuples = copy.deepcopy(COMPARISON)
    with_tuples["facts"] = tuple(with_tuples["facts"])
    with_tuples["facts"][0]["spans"] = tuple(with_tuples["facts"][0]["spans"])
    assert zlib.decompress(pack_quoting(with_tuples, ARTICLE_TEXTS)[4:]) == zlib.decompress(
        packed[4:]
    )


def test_a_summary_saved_with_the_callers_texts_is_the_row_the_store_would_write(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    _ingest_lines(path, count=2)
    with open_store(path) as store:
        story_id = store.list_stories()[0]["id"]
        row = "SELECT s.data, c.data FROM summaries s JOIN comparisons c USING (story_id)"
        before = store._db.execute(row).fetchone()
        summary = summary_from_dict(unpack_document(before[0], texts=store._clean_texts))
        comparison = unpack_document(before[1], texts=store._clean_texts)
        members = store.cleaned_articles(store.story_members(story_id))
        given = {a.id: a.text for a in members}
        for texts in (None, {}, given, dict(list(given.items())[:1])):  # missing ones: read
            store._save_summary(summary, 1, comparison, texts=texts)
            assert tuple(store._db.execute(row).fetchone()) == tuple(before)


def test_a_story_reads_its_summary_and_comparison_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _ingest_lines(path, count=2)
    with open_store(path) as store:
        for header in store.list_stories():
            story = store.story(header["id"])
            cleaned = {
                a.id: a.text for a in store.cleaned_articles(store.story_members(header["id"]))
            }
            sentences = story["summary"]["sentences"]
            assert header["lead"] == sentences[0]["text"]
            for sentence in sentences:
                first = sentence["citations"][0]
                assert (
                    sentence["text"] == cleaned[first["article_id"]][first["start"] : first["end"]]
                )
            for fact in story["comparison"]["facts"]:
                for span in fact["spans"]:
                    assert span["text"] == cleaned[span["article_id"]][span["start"] : span["end"]]
        (data,) = store._db.execute("SELECT data FROM summaries LIMIT 1").fetchone()
        assert data.startswith(QUOTING_MAGIC)


def test_migration_11_leaves_quoted_text_out_of_stored_documents(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    db = _old_store(path, 10)
    texts = {"a1": TEXTS["a1"][1]}
    summary = {
        "story_id": "s1",
        "sentences": [
            {"text": texts["a1"][:18], "citations": [{"article_id": "a1", "start": 0, "end": 18}]}
        ],
    }
    db.execute(
        "INSERT INTO stories (id, title, size, sources, outlets, updated_round, stage_id)"
        " VALUES ('s1', 't', 1, 1, 1, 1, 1)"
    )
    db.execute("INSERT INTO summaries VALUES ('s1', ?, 1)", (pack_json(summary),))
    db.execute("INSERT INTO comparisons VALUES ('s1', ?)", (pack_json(COMPARISON),))
    db.close()
    with open_store(path) as store:
        stored = dict(store._db.execute("SELECT 'summary', data FROM summaries").fetchall())
        assert stored["summary"].startswith(QUOTING_MAGIC)
        assert unpack_document(stored["summary"], texts=store._clean_texts) == summary
        (data,) = store._db.execute("SELECT data FROM comparisons").fetchone()
        # a1's cleaned text is not the one COMPARISON quotes: kept whole, as it was
        assert unpack_document(data, texts=store._clean_texts) == COMPARISON


def test_texts_on_demand_read_only_what_the_caller_did_not_give_and_each_once() -> None:
    from storyline.store.codec import TextsOnDemand

    asked: list[list[str]] = []

    def load(ids: Sequence[str]) -> dict[str, str]:
        asked.append(list(ids))
        return {i: ARTICLE_TEXTS[i] for i in ids if i in ARTICLE_TEXTS}

    texts = TextsOnDemand({"given": "Held by the caller."}, load)
    assert texts["given"] == "Held by the caller." and asked == []
    assert texts.get("a1") == ARTICLE_TEXTS["a1"] and texts.get("a1") == ARTICLE_TEXTS["a1"]
    assert texts.get("gone") is None and "gone" not in texts
    assert asked == [["a1"], ["gone"]]  # one look-up each, a miss remembered too
    assert dict(texts) == {"given": "Held by the caller.", "a1": ARTICLE_TEXTS["a1"]}
    assert pack_quoting(COMPARISON, TextsOnDemand({}, load)) == pack_quoting(
        COMPARISON, ARTICLE_TEXTS
    )
