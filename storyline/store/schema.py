"""The SQLite schema: one migration per version (PRAGMA user_version)."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable
from typing import Any

from .codec import (
    pack_group,
    pack_json,
    pack_quoting,
    pack_raw,
    pack_text,
    quoted_article_ids,
    raw_basis,
    register_functions,
    unpack_document,
    unpack_json,
    unpack_raw,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "apply_migration",
    "pack_json",
    "split_sql",
    "unpack_json",
]


def _compress_documents(db: sqlite3.Connection) -> None:
    """Migration 5: the JSON documents of derived tables are stored zlib-compressed."""
    for table, key in (
        ("summaries", "story_id"),
        ("comparisons", "story_id"),
        ("cluster_stories", "id"),
        ("state", "name"),
    ):
        rows = db.execute(f"SELECT {key}, data FROM {table} WHERE typeof(data) = 'text'")
        db.executemany(
            f"UPDATE {table} SET data = ? WHERE {key} = ?",
            [(pack_json(json.loads(data)), name) for name, data in rows.fetchall()],
        )


def _split_thread_state(db: sqlite3.Connection) -> None:
    """Migration 7: one compressed row per open thread in ``thread_groups``."""
    db.execute("CREATE TABLE thread_groups (id TEXT PRIMARY KEY, data BLOB NOT NULL)")
    row = db.execute("SELECT data FROM state WHERE name = 'thread'").fetchone()
    if row is None:
        return
    state = unpack_json(row[0])
    members = state.pop("thread_stories", {})
    threads = state.pop("stories", [])
    db.executemany(
        "INSERT INTO thread_groups (id, data) VALUES (?, ?)",
        [
            (thread["id"], pack_json({**thread, "story_ids": members.get(thread["id"], [])}))
            for thread in threads
        ],
    )
    db.execute("UPDATE state SET data = ? WHERE name = 'thread'", (pack_json(state),))


def _pack_groups(db: sqlite3.Connection) -> None:
    """Migration 10: saved story and thread states in the compact form of ``codec.pack_group``.

    Each row is rewritten in place (its rowid, which orders the state, is kept).
    """
    for table in ("cluster_stories", "thread_groups"):
        rows = db.execute(f"SELECT rowid, data FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET data = ? WHERE rowid = ?",
            [(pack_group(unpack_document(data)), rowid) for rowid, data in rows],
        )


def leave_out_quoted_text(db: Any) -> None:
    """Migration 11: summaries and comparisons without the text they copy from the articles.

    Rows are rewritten in place (by story id) by ``codec.pack_quoting`` with the
    cleaned texts of the articles each points into.
    """
    sql = (
        "SELECT COALESCE(c.text, a.text) FROM cleaned c JOIN articles a ON a.id = c.article_id"
        " WHERE c.article_id = ?"
    )
    for table in ("summaries", "comparisons"):
        rows = db.execute(f"SELECT story_id, data FROM {table}").fetchall()
        for story_id, data in rows:
            document = unpack_document(data)
            texts = {}
            for article_id in quoted_article_ids(document):
                found = db.execute(sql, (article_id,)).fetchone()
                if found is not None:
                    texts[article_id] = found[0]
            packed = pack_quoting(document, texts)
            db.execute(f"UPDATE {table} SET data = ? WHERE story_id = ?", (packed, story_id))


def _raw_against_articles(db: sqlite3.Connection) -> None:
    """Migration 12: raw input compressed against its article's title and text.

    ``raw.basis`` names the article whose text is the compression dictionary
    (NULL: plain zlib).  Each raw row of an article is rewritten in place, the
    first article (by ``seq``) being the basis of a row that several share;
    the raw input of rejections stays as it is.
    """
    db.execute("ALTER TABLE raw ADD COLUMN basis TEXT")
    pack_raw_rows(db)


def pack_raw_rows(db: Any) -> None:
    """Each article's raw row compressed against it (the data part of migration 12)."""
    rows = db.execute(
        "SELECT r.id, r.data, a.id, a.title, a.text FROM articles a JOIN raw r ON r.id = a.raw_id"
        " ORDER BY a.seq"
    ).fetchall()
    done: set[str] = set()
    for raw_id, data, article_id, title, text in rows:
        if raw_id in done:
            continue
        done.add(raw_id)
        try:
            packed = pack_raw(unpack_raw(data), raw_basis(title, text))
        except zlib.error:
            continue  # not zlib data (never written so by storyline): left as it is
        db.execute("UPDATE raw SET data = ?, basis = ? WHERE id = ?", (packed, article_id, raw_id))


def _compress_article_text(db: sqlite3.Connection) -> None:
    """Migration 13: each article's text zlib-compressed (``codec.pack_text``).

    Statements read it through the SQL function ``article_text`` (registered on
    every connection of the store), the full-text index's view included.  Rows
    are rewritten in place (by ``seq``); a text already compressed is left as it is.
    """
    register_functions(db)
    db.execute("DROP VIEW IF EXISTS article_fts_text")
    db.execute(
        "CREATE VIEW article_fts_text AS"
        " SELECT a.seq AS seq, a.title AS title, COALESCE(c.text, article_text(a.text)) AS text"
        " FROM cleaned c JOIN articles a ON a.id = c.article_id"
    )
    rows = db.execute("SELECT seq, text FROM articles WHERE typeof(text) = 'text'").fetchall()
    db.executemany(
        "UPDATE articles SET text = ? WHERE seq = ?", [(pack_text(text), seq) for seq, text in rows]
    )


#: Each step is SQL (statements separated by ";") or a function of the connection.
Migration = str | Callable[[sqlite3.Connection], None]

# Migration 14's step for one saved-group table: its rowid order kept as an explicit key.
_KEYED_BY_SEQ = """
    CREATE TABLE {table}_new (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        data BLOB NOT NULL
    );
    INSERT INTO {table}_new (seq, id, data)
        SELECT rowid, id, data FROM {table} ORDER BY rowid;
    DROP TABLE {table};
    ALTER TABLE {table}_new RENAME TO {table};
"""

MIGRATIONS: list[Migration] = [
    # 1: the first schema
    """
    CREATE TABLE raw (
        id TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE TABLE stage_params (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        params TEXT NOT NULL,
        UNIQUE (stage, version, params)
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        raw_id TEXT NOT NULL REFERENCES raw(id),
        format TEXT NOT NULL,
        outlet TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        url TEXT,
        published TEXT,
        published_ts REAL,
        author TEXT,
        kicker TEXT,
        standfirst TEXT,
        origin_path TEXT NOT NULL,
        origin_line INTEGER,
        origin_offset INTEGER,
        origin_entry INTEGER,
        outlet_arg TEXT,
        ingested_at TEXT NOT NULL,
        round INTEGER
    );
    CREATE INDEX articles_pending ON articles(round, published_ts);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE cleaned (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        text TEXT NOT NULL,
        removals TEXT NOT NULL,
        stage_id INTEGER NOT NULL REFERENCES stage_params(id)
    );
    CREATE TABLE duplicates (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        group_id TEXT NOT NULL,
        relation TEXT NOT NULL,
        similarity REAL NOT NULL,
        signature BLOB,
        stage_id INTEGER NOT NULL REFERENCES stage_params(id)
    );
    CREATE INDEX duplicates_group ON duplicates(group_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        last_ts REAL,
        size INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        updated_round INTEGER NOT NULL,
        dirty INTEGER NOT NULL DEFAULT 1,
        stage_id INTEGER NOT NULL REFERENCES stage_params(id)
    );
    CREATE INDEX stories_dirty ON stories(dirty);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE summaries (
        story_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        stage_id INTEGER NOT NULL REFERENCES stage_params(id)
    );
    CREATE TABLE comparisons (
        story_id TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE rejections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        line INTEGER,
        offset INTEGER,
        entry INTEGER,
        reason TEXT NOT NULL,
        action TEXT NOT NULL,
        format TEXT,
        raw_id TEXT NOT NULL REFERENCES raw(id),
        outlet_arg TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE rounds (
        round INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        settings TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: the clusterer's open stories get a row each, so that a batch rewrites only
    # the stories it changed (the rest of its state stays in `state`); a saved
    # state is split into the new table in its stories' order.
    """
    CREATE TABLE cluster_stories (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    INSERT INTO cluster_stories (id, data)
        SELECT json_extract(story.value, '$.id'), story.value
        FROM state, json_each(state.data, '$.stories') AS story
        WHERE state.name = 'cluster'
        ORDER BY story.key;
    UPDATE state SET data = json_remove(data, '$.stories') WHERE name = 'cluster'
    """,
    # 3: full-text search matches word forms ("kidnapped" finds "kidnapping"): the
    # index is rebuilt with the porter stemmer over the same unicode61 tokens.
    """
    DROP TABLE article_fts;
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_fts (rowid, title, text)
        SELECT a.seq, a.title, c.text FROM cleaned c JOIN articles a ON a.id = c.article_id
    """,
    # 4: threads (developing stories: the stories of one topic over weeks) and
    # which thread each story belongs to.  Stores made before this get their
    # threads on the next `storyline rebuild`; until then their stories have none.
    """
    CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        last_ts REAL,
        stories INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        updated_round INTEGER NOT NULL
    );
    CREATE INDEX threads_recent ON threads(last_ts);
    CREATE TABLE thread_stories (
        story_id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL
    );
    CREATE INDEX thread_stories_thread ON thread_stories(thread_id)
    """,
    # 5: summaries, comparisons and the clusterer's saved state are stored as
    # zlib-compressed JSON (a third of the store was these documents); the
    # space freed in an existing file is reused, or returned by VACUUM.
    _compress_documents,
    # 6: each article's detected language (ISO 639-1) and each story's (the most
    # common among its articles); rows stored before stay NULL until a rebuild.
    """
    ALTER TABLE articles ADD COLUMN language TEXT;
    ALTER TABLE stories ADD COLUMN language TEXT;
    CREATE INDEX stories_language ON stories(language)
    """,
    # 7: the thread tracker's open threads get a row each (as cluster_stories in 2),
    # so a batch rewrites only the threads it changed; a saved state is split into
    # the new table in its threads' order, each thread taking its story ids along.
    _split_thread_state,
    # 8: a cleaned text equal to its article's text (most of them) is not stored
    # twice: NULL stands for "the article's own text".
    """
    CREATE TABLE cleaned_new (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        text TEXT,
        removals TEXT NOT NULL,
        stage_id INTEGER NOT NULL REFERENCES stage_params(id)
    );
    INSERT INTO cleaned_new (article_id, text, removals, stage_id)
        SELECT c.article_id, CASE WHEN c.text = a.text THEN NULL ELSE c.text END,
            c.removals, c.stage_id
        FROM cleaned c JOIN articles a ON a.id = c.article_id;
    DROP TABLE cleaned;
    ALTER TABLE cleaned_new RENAME TO cleaned
    """,
    # 9: the full-text index keeps no copy of the text (a sixth of the store): it
    # is an external-content FTS5 table that reads each cleaned article's title
    # and text through the view `article_fts_text` (rowid = articles.seq), and is
    # rebuilt from it.  Writers delete an entry with its old values ('delete')
    # before changing a cleaned text.
    """
    DROP TABLE article_fts;
    CREATE VIEW article_fts_text AS
        SELECT a.seq AS seq, a.title AS title, COALESCE(c.text, a.text) AS text
        FROM cleaned c JOIN articles a ON a.id = c.article_id;
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content = 'article_fts_text', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_fts (article_fts) VALUES ('rebuild')
    """,
    # 10: the clusterer's and the thread tracker's saved groups are stored compact
    # (storyline/store/codec.py: terms once, weights as doubles, exact); rows of the
    # older form are still read.
    _pack_groups,
    # 11: summaries and comparisons leave out each text that is a slice of a cleaned
    # article they point at (article_id, start, end): it is read back from the
    # article, checked by a CRC-32 (storyline/store/codec.py, pack_quoting).
    leave_out_quoted_text,
    # 12: raw input is compressed with its article's title and text as the zlib
    # dictionary (the raw bytes mostly repeat them): `raw.basis` names that article
    # (NULL for plain zlib, as rejections' raw input stays).
    _raw_against_articles,
    # 13: each article's text is stored zlib-compressed (a seventh of the store);
    # statements read it through the SQL function article_text(articles.text).
    _compress_article_text,
    # 14: the order of saved story and thread groups (their rowid) becomes an explicit
    # INTEGER PRIMARY KEY, which VACUUM keeps by definition, so that the store can be
    # compacted (SQLiteStore.compact); `upkeep` remembers what the last compaction left.
    "".join(_KEYED_BY_SEQ.format(table=table) for table in ("cluster_stories", "thread_groups"))
    + """
    CREATE TABLE upkeep (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    )
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def split_sql(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def apply_migration(db: sqlite3.Connection, step: str | Callable[[Any], None]) -> None:
    """Run one step of :data:`MIGRATIONS` on ``db`` (the caller holds the transaction)."""
    if callable(step):
        step(db)
    else:
        for statement in split_sql(step):
            db.execute(statement)
