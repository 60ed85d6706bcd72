"""The PostgreSQL schema: one migration per version, numbered as the SQLite ones.

Version N of a PostgreSQL store holds the same tables, columns and meaning as
version N of a SQLite store (:data:`storyline.store.schema.MIGRATIONS`), so one
number says what a store contains whatever its backend.  A test fails when
the two lists differ in length: a new SQLite migration needs its twin here.

The PostgreSQL store arrived at schema version 8, so step 1 creates the whole
version-8 schema and steps 2 to 8 have nothing left to do (``None``).  From
version 9 on, each step mirrors its SQLite twin (a step written as a function
of the connection, like 10, is the SQLite step itself).

Differences from SQLite, all in column types and never in meaning:

- text columns compare byte-wise (``COLLATE "C"``), as SQLite's do, so lists
  sort the same on both backends whatever the database's locale;
- ``BLOB`` is ``BYTEA``; ``REAL`` is ``DOUBLE PRECISION`` (SQLite's REAL is
  8 bytes too);
- the full-text index ``article_fts`` is a table of ``tsvector`` documents under a
  GIN index (English stemming, as SQLite's porter tokenizer);
- ``cluster_stories`` and ``thread_groups`` have an explicit ``rowid`` that
  keeps the order rows were first written in (SQLite's implicit rowid);
- the schema version lives in the table ``storyline_schema``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .schema import _pack_groups, leave_out_quoted_text, pack_raw_rows

__all__ = ["PG_MIGRATIONS", "PG_SCHEMA_VERSION", "TEXT_SEARCH_CONFIG"]

#: The text-search configuration of the full-text index (stems English word forms).
TEXT_SEARCH_CONFIG = "english"

_T = 'TEXT COLLATE "C"'

_VERSION_8 = f"""
CREATE TABLE raw (
    id {_T} PRIMARY KEY,
    data BYTEA NOT NULL,
    size BIGINT NOT NULL
);
CREATE TABLE stage_params (
    id BIGSERIAL PRIMARY KEY,
    stage {_T} NOT NULL,
    version {_T} NOT NULL,
    params {_T} NOT NULL,
    UNIQUE (stage, version, params)
);
CREATE SEQUENCE articles_seq;
CREATE TABLE articles (
    seq BIGINT PRIMARY KEY DEFAULT nextval('articles_seq'),
    id {_T} NOT NULL UNIQUE,
    raw_id {_T} NOT NULL REFERENCES raw(id),
    format {_T} NOT NULL,
    outlet {_T} NOT NULL,
    title {_T} NOT NULL,
    text {_T} NOT NULL,
    url {_T},
    published {_T},
    published_ts DOUBLE PRECISION,
    author {_T},
    kicker {_T},
    standfirst {_T},
    origin_path {_T} NOT NULL,
    origin_line BIGINT,
    origin_offset BIGINT,
    origin_entry BIGINT,
    outlet_arg {_T},
    ingested_at {_T} NOT NULL,
    round BIGINT,
    language {_T}
);
ALTER SEQUENCE articles_seq OWNED BY articles.seq;
CREATE FUNCTION articles_default_seq() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.seq IS NULL THEN
        NEW.seq := nextval('articles_seq');
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER articles_default_seq BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_default_seq();
CREATE INDEX articles_pending ON articles(round, published_ts);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE TABLE cleaned (
    article_id {_T} PRIMARY KEY REFERENCES articles(id),
    text {_T},
    removals {_T} NOT NULL,
    stage_id BIGINT NOT NULL REFERENCES stage_params(id)
);
CREATE TABLE duplicates (
    article_id {_T} PRIMARY KEY REFERENCES articles(id),
    group_id {_T} NOT NULL,
    relation {_T} NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    signature BYTEA,
    stage_id BIGINT NOT NULL REFERENCES stage_params(id)
);
CREATE INDEX duplicates_group ON duplicates(group_id);
CREATE TABLE stories (
    id {_T} PRIMARY KEY,
    title {_T} NOT NULL,
    first_published {_T},
    last_published {_T},
    last_ts DOUBLE PRECISION,
    size BIGINT NOT NULL,
    sources BIGINT NOT NULL,
    outlets BIGINT NOT NULL,
    updated_round BIGINT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 1,
    stage_id BIGINT NOT NULL REFERENCES stage_params(id),
    language {_T}
);
CREATE INDEX stories_dirty ON stories(dirty);
CREATE INDEX stories_language ON stories(language);
CREATE TABLE story_articles (
    article_id {_T} PRIMARY KEY REFERENCES articles(id),
    story_id {_T} NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);
CREATE TABLE summaries (
    story_id {_T} PRIMARY KEY,
    data BYTEA NOT NULL,
    stage_id BIGINT NOT NULL REFERENCES stage_params(id)
);
CREATE TABLE comparisons (
    story_id {_T} PRIMARY KEY,
    data BYTEA NOT NULL
);
CREATE TABLE rejections (
    seq BIGSERIAL PRIMARY KEY,
    id {_T} NOT NULL UNIQUE,
    path {_T} NOT NULL,
    line BIGINT,
    "offset" BIGINT,
    entry BIGINT,
    reason {_T} NOT NULL,
    action {_T} NOT NULL,
    format {_T},
    raw_id {_T} NOT NULL REFERENCES raw(id),
    outlet_arg {_T},
    created_at {_T} NOT NULL
);
CREATE TABLE state (
    name {_T} PRIMARY KEY,
    data BYTEA NOT NULL
);
CREATE TABLE rounds (
    round BIGINT PRIMARY KEY,
    started_at {_T} NOT NULL,
    settings {_T} NOT NULL
);
CREATE TABLE article_fts (
    rowid BIGINT PRIMARY KEY,
    title {_T},
    text {_T},
    doc tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(title, '')), 'A')
        || to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(text, ''))
    ) STORED
);
CREATE INDEX article_fts_doc ON article_fts USING GIN (doc);
CREATE TABLE cluster_stories (
    rowid BIGSERIAL UNIQUE,
    id {_T} PRIMARY KEY,
    data BYTEA NOT NULL
);
CREATE TABLE threads (
    id {_T} PRIMARY KEY,
    title {_T} NOT NULL,
    first_published {_T},
    last_published {_T},
    last_ts DOUBLE PRECISION,
    stories BIGINT NOT NULL,
    articles BIGINT NOT NULL,
    updated_round BIGINT NOT NULL
);
CREATE INDEX threads_recent ON threads(last_ts);
CREATE TABLE thread_stories (
    story_id {_T} PRIMARY KEY,
    thread_id {_T} NOT NULL
);
CREATE INDEX thread_stories_thread ON thread_stories(thread_id);
CREATE TABLE thread_groups (
    rowid BIGSERIAL UNIQUE,
    id {_T} PRIMARY KEY,
    data BYTEA NOT NULL
)
"""

_VERSION_9 = """
CREATE VIEW article_fts_text AS
    SELECT a.seq AS seq, a.title AS title, COALESCE(c.text, a.text) AS text
    FROM cleaned c JOIN articles a ON a.id = c.article_id;
ALTER TABLE article_fts DROP COLUMN doc;
ALTER TABLE article_fts DROP COLUMN title;
ALTER TABLE article_fts DROP COLUMN text;
ALTER TABLE article_fts ADD COLUMN doc tsvector;
UPDATE article_fts f SET doc = {document} FROM article_fts_text t WHERE t.seq = f.rowid;
DELETE FROM article_fts WHERE doc IS NULL;
ALTER TABLE article_fts ALTER COLUMN doc SET NOT NULL;
CREATE INDEX article_fts_doc ON article_fts USING GIN (doc)
"""


def document_sql(title: str, text: str) -> str:
    """The SQL expression of an article's indexed document (title weighted above text)."""
    config = TEXT_SEARCH_CONFIG
    return (
        f"setweight(to_tsvector('{config}', coalesce({title}, '')), 'A')"
        f" || to_tsvector('{config}', coalesce({text}, ''))"
    )


_ARTICLE_TEXT = """
CREATE OR REPLACE FUNCTION article_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$ SELECT value $fn$
"""


def _raw_against_articles(db: Any) -> None:
    db.execute('ALTER TABLE raw ADD COLUMN basis TEXT COLLATE "C"')
    pack_raw_rows(db)


#: Each step is SQL (statements separated by ";"; a plpgsql body stays whole), a function
#: of the store's connection (it speaks the SQLite store's SQL, translated), or None.
PG_MIGRATIONS: list[str | Callable[[Any], None] | None] = [
    # 1: the schema of SQLite version 8 (the PostgreSQL store began there)
    _VERSION_8,
    # 2: cluster_stories (in 1)
    None,
    # 3: full-text index with stemming (in 1: English configuration)
    None,
    # 4: threads and thread_stories (in 1)
    None,
    # 5: compressed JSON documents (in 1: BYTEA columns)
    None,
    # 6: articles.language and stories.language (in 1)
    None,
    # 7: thread_groups (in 1)
    None,
    # 8: cleaned.text NULL when equal to the article's text (in 1)
    None,
    # 9: the full-text index keeps no copy of the text: each entry is the article's
    # tsvector only; search reads title and text through the view article_fts_text
    _VERSION_9.replace("{document}", document_sql("t.title", "t.text")),
    # 10: saved story and thread groups in the compact form (the SQLite step itself:
    # it rewrites each row of cluster_stories and thread_groups by its rowid)
    _pack_groups,
    # 11: summaries and comparisons without the text they quote from the cleaned
    # articles (the SQLite step itself: it rewrites each row by its story id)
    leave_out_quoted_text,
    # 12: raw input compressed against its article: raw.basis, then each article's
    # raw row rewritten (the SQLite step's data part)
    _raw_against_articles,
    # 13: article text compressed (PostgreSQL compresses long text itself: the text
    # stays as it is, and article_text(), which the shared statements read it
    # through, gives it back unchanged)
    _ARTICLE_TEXT,
    # 14: cluster_stories and thread_groups already have an explicit rowid column (in 1);
    # the upkeep table (what the last compaction left; PostgreSQL's autovacuum does that
    # work there, so the table stays empty)
    f"CREATE TABLE upkeep (name {_T} PRIMARY KEY, value BIGINT NOT NULL)",
]

PG_SCHEMA_VERSION = len(PG_MIGRATIONS)


def pg_statements(script: str) -> list[str]:
    """The statements of a migration script; a plpgsql body ($fn$ ... $fn$) stays whole."""
    statements: list[str] = []
    current: list[str] = []
    inside_body = False
    for part in script.split(";"):
        current.append(part)
        inside_body ^= part.count("$fn$") % 2 == 1
        if not inside_body:
            statement = ";".join(current).strip()
            if statement:
                statements.append(statement)
            current = []
    return statements
