"""The store: SQLite by default (one file, WAL, versioned migrations, FTS5).

Raw input is kept compressed, so every article and every rejection can be
parsed again after a fix (``storyline rebuild``).  Each derived row records the
stage version and parameters that produced it (``stage_params``).

Writes happen inside :meth:`SQLiteStore.transaction`; an interrupted run
leaves whole transactions only, and the pipeline's "pending" marker
(``articles.round IS NULL``) lets the next run finish the job.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import InvalidParameter, NotFound, StoreError
from .models import (
    Accepted,
    Article,
    Citation,
    CleanArticle,
    DuplicateMember,
    Origin,
    Rejection,
    Removal,
    Summary,
    SummarySentence,
    raw_hash,
)

__all__ = ["SCHEMA_VERSION", "RawItem", "SQLiteStore", "open_store"]

_MIGRATIONS: list[str] = [
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
]

SCHEMA_VERSION = len(_MIGRATIONS)

_ARTICLE_COLUMNS = (
    "seq, id, raw_id, format, outlet, title, text, url, published, author, kicker,"
    " standfirst, origin_path, origin_line, origin_offset, origin_entry, outlet_arg"
)


#: (kind, format, raw bytes, outlet_arg, origin, id, seq); kind is "article" or "rejection".
RawItem = tuple[str, str, bytes, str | None, Origin, str, int]


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating if needed) the SQLite store at ``path``."""
    return SQLiteStore(path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _timestamp(value: datetime | None) -> float | None:
    return value.timestamp() if value else None


def _parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SQLiteStore:
    """The embedded store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"Cannot create the store {self.path}: {parent} is not a folder.")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the store {self.path}: {exc}") from None
        self._depth = 0

    # -- lifecycle -------------------------------------------------------

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The store {self.path} has schema version {version}, newer than this "
                f"storyline's {SCHEMA_VERSION}; upgrade storyline to open it."
            )
        for number in range(version, SCHEMA_VERSION):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(_MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen or none do. Nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- raw input, articles, rejections ----------------------------------

    def _put_raw(self, data: bytes) -> str:
        key = raw_hash(data)
        self._db.execute(
            "INSERT OR IGNORE INTO raw (id, data, size) VALUES (?, ?, ?)",
            (key, zlib.compress(data, 6), len(data)),
        )
        return key

    def raw(self, raw_id: str) -> bytes:
        row = self._db.execute("SELECT data FROM raw WHERE id = ?", (raw_id,)).fetchone()
        if row is None:
            raise NotFound(f"No raw input {raw_id!r} in the store.")
        return zlib.decompress(row["data"])

    def add_article(self, accepted: Accepted, *, outlet_arg: str | None = None) -> bool:
        """Store an ingested article and its raw bytes; False if it was already there."""
        article = accepted.article
        with self.transaction():
            if self.has_article(article.id):
                return False
            self._put_raw(accepted.raw)
            self._insert_article(article, outlet_arg=outlet_arg)
        return True

    def _insert_article(
        self, article: Article, *, outlet_arg: str | None, seq: int | None = None
    ) -> None:
        origin = article.origin
        self._db.execute(
            "INSERT INTO articles (seq, id, raw_id, format, outlet, title, text, url, published,"
            " published_ts, author, kicker, standfirst, origin_path, origin_line, origin_offset,"
            " origin_entry, outlet_arg, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                article.id,
                article.raw_id,
                article.format,
                article.outlet,
                article.title,
                article.text,
                article.url,
                _iso(article.published),
                _timestamp(article.published),
                article.author,
                article.kicker,
                article.standfirst,
                origin.path,
                origin.line,
                origin.offset,
                origin.entry,
                outlet_arg,
                _now(),
            ),
        )

    def has_article(self, article_id: str) -> bool:
        found = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return found is not None

    def add_rejection(self, rejection: Rejection, *, outlet_arg: str | None = None) -> bool:
        """Store a rejection with its raw bytes; False if the same one was already there."""
        with self.transaction():
            found = self._db.execute(
                "SELECT 1 FROM rejections WHERE id = ?", (rejection.id,)
            ).fetchone()
            if found:
                return False
            raw_id = self._put_raw(rejection.raw)
            origin = rejection.origin
            self._db.execute(
                "INSERT INTO rejections (id, path, line, offset, entry, reason, action, format,"
                " raw_id, outlet_arg, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rejection.id,
                    origin.path,
                    origin.line,
                    origin.offset,
                    origin.entry,
                    rejection.reason,
                    rejection.action,
                    rejection.format,
                    raw_id,
                    outlet_arg,
                    _now(),
                ),
            )
        return True

    def article(self, article_id: str) -> Article:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"No article {article_id!r}.")
        return _row_to_article(row)

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """Articles by id, in the order given (missing ids are skipped)."""
        found: dict[str, Article] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = _row_to_article(row)
        return [found[i] for i in ids if i in found]

    def raw_inputs(self) -> Iterator[RawItem]:
        """Everything kept for re-parsing, in arrival order.

        Yields (kind, format, raw bytes, outlet_arg, origin, id, seq) for every
        article ("article") and rejection ("rejection").
        """
        rows = self._db.execute(
            "SELECT 'article' AS kind, seq, id, raw_id, format, outlet_arg, origin_path,"
            " origin_line, origin_offset, origin_entry FROM articles"
            " UNION ALL SELECT 'rejection', seq, id, raw_id, format, outlet_arg, path, line,"
            " offset, entry FROM rejections ORDER BY kind, seq"
        ).fetchall()
        for row in rows:
            origin = Origin(
                row["origin_path"], row["origin_line"], row["origin_offset"], row["origin_entry"]
            )
            yield (
                row["kind"],
                row["format"] or "",
                self.raw(row["raw_id"]),
                row["outlet_arg"],
                origin,
                row["id"],
                row["seq"],
            )

    def rejections(self) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT r.seq, r.id, r.path, r.line, r.offset, r.entry, r.reason, r.action, r.format,"
            " r.raw_id, raw.size AS raw_size, r.created_at"
            " FROM rejections r JOIN raw ON raw.id = r.raw_id ORDER BY r.seq"
        ).fetchall()
        result = []
        for row in rows:
            item = dict(row)
            item["location"] = str(Origin(row["path"], row["line"], row["offset"], row["entry"]))
            result.append(item)
        return result

    # -- processing -------------------------------------------------------

    def stage_id(self, description: dict[str, Any]) -> int:
        """The id of a (stage, version, params) record, created on first use."""
        params = json.dumps(description["params"], sort_keys=True, default=str)
        key = (description["stage"], str(description["version"]), params)
        self._db.execute(
            "INSERT OR IGNORE INTO stage_params (stage, version, params) VALUES (?, ?, ?)", key
        )
        row = self._db.execute(
            "SELECT id FROM stage_params WHERE stage = ? AND version = ? AND params = ?", key
        ).fetchone()
        return int(row["id"])

    def pending(self) -> list[str]:
        """Ids of stored articles not yet processed, sorted by (date, id).

        Undated articles sort first: they take the stream's time when added.
        """
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round IS NULL"
            " ORDER BY published_ts IS NOT NULL, published_ts, id"
        ).fetchall()
        return [row["id"] for row in rows]

    def start_round(self, settings: dict[str, Any]) -> int:
        with self.transaction():
            row = self._db.execute("SELECT COALESCE(MAX(round), 0) + 1 FROM rounds").fetchone()
            number = int(row[0])
            self._db.execute(
                "INSERT INTO rounds (round, started_at, settings) VALUES (?, ?, ?)",
                (number, _now(), json.dumps(settings, sort_keys=True, default=str)),
            )
        return number

    def rounds(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT round FROM rounds ORDER BY round")]

    def articles_of_round(self, number: int) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round = ? ORDER BY published_ts IS NOT NULL,"
            " published_ts, id",
            (number,),
        ).fetchall()
        return [row["id"] for row in rows]

    def save_cleaned(self, cleaned: CleanArticle, stage_id: int) -> None:
        removals = [
            {"reason": r.reason, "text": r.text, "paragraph": r.paragraph} for r in cleaned.removals
        ]
        self._db.execute(
            "INSERT OR REPLACE INTO cleaned (article_id, text, removals, stage_id) VALUES (?,?,?,?)",
            (cleaned.id, cleaned.text, json.dumps(removals, ensure_ascii=False), stage_id),
        )
        seq = self._db.execute("SELECT seq FROM articles WHERE id = ?", (cleaned.id,)).fetchone()
        self._db.execute("DELETE FROM article_fts WHERE rowid = ?", (seq["seq"],))
        self._db.execute(
            "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)",
            (seq["seq"], cleaned.title, cleaned.text),
        )

    def save_duplicate(
        self,
        article_id: str,
        group_id: str,
        member: DuplicateMember,
        signature: bytes | None,
        stage_id: int,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO duplicates (article_id, group_id, relation, similarity,"
            " signature, stage_id) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, group_id, member.relation, member.similarity, signature, stage_id),
        )

    def save_assignments(self, assignments: dict[str, str], round_number: int) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
            list(assignments.items()),
        )
        self._db.executemany(
            "UPDATE articles SET round = ? WHERE id = ?",
            [(round_number, article_id) for article_id in assignments],
        )

    def save_story(self, story_id: str, round_number: int, stage_id: int) -> None:
        """Write a story's header from its member rows and mark it for re-summarising.

        The title is that of the story's first article (by date, then arrival)
        with a title; counts are of articles, duplicate groups and outlets.
        """
        stats = self._db.execute(
            "SELECT COUNT(*) AS size, COUNT(DISTINCT d.group_id) AS sources,"
            " COUNT(DISTINCT a.outlet) AS outlets, MAX(a.published_ts) AS last_ts"
            " FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN duplicates d ON d.article_id = s.article_id WHERE s.story_id = ?",
            (story_id,),
        ).fetchone()
        order = "a.published_ts IS NULL, a.published_ts, a.seq"
        first = self._db.execute(
            "SELECT a.title, a.text FROM story_articles s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.story_id = ? ORDER BY a.title = '', {order} LIMIT 1",
            (story_id,),
        ).fetchone()
        dates = self._db.execute(
            "SELECT (SELECT a.published FROM story_articles s JOIN articles a"
            f" ON a.id = s.article_id WHERE s.story_id = ?1 AND a.published_ts IS NOT NULL"
            f" ORDER BY a.published_ts, a.seq LIMIT 1) AS first_published,"
            " (SELECT a.published FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ?1 AND a.published_ts IS NOT NULL"
            " ORDER BY a.published_ts DESC, a.seq LIMIT 1) AS last_published",
            (story_id,),
        ).fetchone()
        title = first["title"] or _first_words(first["text"])
        self._db.execute(
            "INSERT OR REPLACE INTO stories (id, title, first_published, last_published, last_ts,"
            " size, sources, outlets, updated_round, dirty, stage_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
            (
                story_id,
                title,
                dates["first_published"],
                dates["last_published"],
                stats["last_ts"],
                stats["size"],
                stats["sources"],
                stats["outlets"],
                round_number,
                stage_id,
            ),
        )

    def latest_published(self) -> datetime | None:
        """The newest publication time among processed articles (the stream's time)."""
        row = self._db.execute(
            "SELECT published FROM articles WHERE round > 0 AND published_ts IS NOT NULL"
            " ORDER BY published_ts DESC LIMIT 1"
        ).fetchone()
        return _parse_iso(row["published"]) if row else None

    def dedup_index(self, since: datetime | None) -> Iterator[tuple[str, str, bytes, datetime | None]]:
        """(article id, group id, signature, published) of processed articles to re-index.

        Articles published at or after ``since`` plus undated ones (all when
        ``since`` is None), in the order they were processed.
        """
        where = "a.round > 0"
        args: list[Any] = []
        if since is not None:
            where += " AND (a.published_ts IS NULL OR a.published_ts >= ?)"
            args.append(since.timestamp())
        rows = self._db.execute(
            "SELECT d.article_id, d.group_id, d.signature, a.published FROM duplicates d"
            f" JOIN articles a ON a.id = d.article_id WHERE {where} AND d.signature IS NOT NULL"
            " ORDER BY a.round, a.published_ts IS NOT NULL, a.published_ts, a.id",
            args,
        )
        for row in rows:
            yield row["article_id"], row["group_id"], row["signature"], _parse_iso(row["published"])

    def save_state(self, name: str, data: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO state (name, data) VALUES (?, ?)", (name, json.dumps(data))
        )

    def load_state(self, name: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return json.loads(row["data"]) if row else None

    def dirty_stories(self) -> list[str]:
        rows = self._db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id").fetchall()
        return [row["id"] for row in rows]

    def story_members(self, story_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? ORDER BY a.published_ts IS NOT NULL, a.published_ts, a.id",
            (story_id,),
        ).fetchall()
        return [row["article_id"] for row in rows]

    def cleaned_articles(self, ids: Sequence[str]) -> list[CleanArticle]:
        """Cleaned articles by id, in the order given."""
        articles = {a.id: a for a in self.articles(ids)}
        cleaned: dict[str, CleanArticle] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT article_id, text, removals FROM cleaned WHERE article_id IN ({marks})",
                chunk,
            ):
                removals = tuple(Removal(**item) for item in json.loads(row["removals"]))
                cleaned[row["article_id"]] = CleanArticle(
                    articles[row["article_id"]], row["text"], removals
                )
        return [cleaned[i] for i in ids if i in cleaned]

    def groups_of(self, ids: Sequence[str]) -> dict[str, str]:
        """article id -> duplicate group id."""
        result: dict[str, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT article_id, group_id FROM duplicates WHERE article_id IN ({marks})", chunk
            ):
                result[row["article_id"]] = row["group_id"]
        return result

    def save_summary(
        self, summary: Summary, stage_id: int, comparison: dict[str, Any] | None = None
    ) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO summaries (story_id, data, stage_id) VALUES (?, ?, ?)",
                (summary.story_id, json.dumps(summary_to_dict(summary)), stage_id),
            )
            if comparison is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO comparisons (story_id, data) VALUES (?, ?)",
                    (summary.story_id, json.dumps(comparison, ensure_ascii=False)),
                )
            self._db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (summary.story_id,))

    def reset_derived(self) -> None:
        """Forget every derived result (for rebuild); raw input and articles stay."""
        with self.transaction():
            for table in (
                "cleaned",
                "duplicates",
                "story_articles",
                "stories",
                "summaries",
                "comparisons",
                "state",
                "article_fts",
            ):
                self._db.execute(f"DELETE FROM {table}")

    def replace_article(self, old_id: str, article: Article) -> None:
        """Swap a stored article for its re-parsed version, keeping its place and round."""
        row = self._db.execute(
            "SELECT seq, outlet_arg, round, ingested_at FROM articles WHERE id = ?", (old_id,)
        ).fetchone()
        self._db.execute("DELETE FROM articles WHERE id = ?", (old_id,))
        if self.has_article(article.id):
            return  # the fix made it identical to another article: keep one
        self._insert_article(article, outlet_arg=row["outlet_arg"], seq=row["seq"])
        self._db.execute(
            "UPDATE articles SET round = ?, ingested_at = ? WHERE id = ?",
            (row["round"], row["ingested_at"], article.id),
        )

    def reset_rounds(self) -> None:
        """Mark every article pending again, keeping which round each arrived in."""
        self._db.execute("UPDATE articles SET round = -round WHERE round IS NOT NULL")

    def take_round(self, number: int) -> list[str]:
        """Ids of articles first processed in round ``number`` (after reset_rounds)."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round = ? ORDER BY published_ts IS NOT NULL,"
            " published_ts, id",
            (-number,),
        ).fetchall()
        return [row["id"] for row in rows]

    def delete_article(self, article_id: str) -> None:
        """Drop an article whose raw input no longer parses (its rejection is stored instead)."""
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def delete_rejection(self, rejection_id: str) -> None:
        self._db.execute("DELETE FROM rejections WHERE id = ?", (rejection_id,))

    # -- queries ------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        queries = {
            "articles": "SELECT COUNT(*) FROM articles",
            "pending": "SELECT COUNT(*) FROM articles WHERE round IS NULL OR round < 0",
            "duplicate_groups": "SELECT COUNT(DISTINCT group_id) FROM duplicates",
            "stories": "SELECT COUNT(*) FROM stories",
            "rejections": "SELECT COUNT(*) FROM rejections",
            "raw_inputs": "SELECT COUNT(*) FROM raw",
        }
        return {name: int(self._db.execute(sql).fetchone()[0]) for name, sql in queries.items()}

    def list_stories(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        sort: str = "recent",
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        query: str | None = None,
    ) -> list[dict[str, Any]]:
        """Story headers, newest (or biggest) first, optionally filtered."""
        orders = {
            "recent": "s.last_ts IS NULL, s.last_ts DESC, s.id",
            "size": "s.size DESC, s.sources DESC, s.id",
            "sources": "s.sources DESC, s.size DESC, s.id",
        }
        if sort not in orders:
            raise InvalidParameter(
                f"The 'sort' parameter must be one of {', '.join(orders)}. Got {sort!r} instead."
            )
        where, args = ["1 = 1"], []
        if outlet:
            where.append(
                "EXISTS (SELECT 1 FROM story_articles x JOIN articles a ON a.id = x.article_id"
                " WHERE x.story_id = s.id AND a.outlet = ?)"
            )
            args.append(outlet)
        if since:
            where.append("s.last_ts >= ?")
            args.append(since.timestamp())
        if until:
            where.append("s.last_ts <= ?")
            args.append(until.timestamp())
        if query:
            where.append(
                "s.id IN (SELECT x.story_id FROM article_fts f JOIN articles a ON a.seq = f.rowid"
                " JOIN story_articles x ON x.article_id = a.id WHERE article_fts MATCH ?)"
            )
            args.append(_fts_query(query))
        sql = (
            "SELECT s.id, s.title, s.first_published, s.last_published, s.size, s.sources,"
            " s.outlets FROM stories s WHERE " + " AND ".join(where)
            + f" ORDER BY {orders[sort]} LIMIT ? OFFSET ?"
        )
        rows = self._fetch(sql, [*args, limit, offset])
        return [self._story_header(dict(row)) for row in rows]

    def _story_header(self, row: dict[str, Any]) -> dict[str, Any]:
        outlets = self._db.execute(
            "SELECT a.outlet, COUNT(*) AS n FROM story_articles x JOIN articles a"
            " ON a.id = x.article_id WHERE x.story_id = ? GROUP BY a.outlet ORDER BY a.outlet",
            (row["id"],),
        ).fetchall()
        row["outlet_names"] = [o["outlet"] for o in outlets]
        return row

    def resolve_story_id(self, prefix: str) -> str:
        """The full id of the one story whose id starts with ``prefix``."""
        return self._resolve("stories", "id", prefix, "story")

    def resolve_article_id(self, prefix: str) -> str:
        return self._resolve("articles", "id", prefix, "article")

    def _resolve(self, table: str, column: str, prefix: str, noun: str) -> str:
        cleaned = prefix.strip().lower()
        if not cleaned or any(c not in "0123456789abcdef" for c in cleaned):
            raise NotFound(f"No {noun} {prefix!r}: ids are hexadecimal.")
        rows = self._db.execute(
            f"SELECT {column} FROM {table} WHERE {column} >= ? AND {column} < ? LIMIT 2",
            (cleaned, cleaned + "g"),
        ).fetchall()
        if not rows:
            raise NotFound(f"No {noun} {prefix!r}.")
        if len(rows) > 1:
            raise NotFound(f"The {noun} id {prefix!r} is ambiguous; give more characters.")
        return str(rows[0][0])

    def story(self, story_id: str) -> dict[str, Any]:
        """Everything about one story: header, articles, groups, summary, comparison."""
        row = self._db.execute(
            "SELECT id, title, first_published, last_published, size, sources, outlets"
            " FROM stories WHERE id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No story {story_id!r}.")
        result = self._story_header(dict(row))
        members = self.story_members(story_id)
        groups = self.groups_of(members)
        removals = self._removals(members)
        result["articles"] = [
            {
                "id": article.id,
                "outlet": article.outlet,
                "title": article.title,
                "url": article.url,
                "published": _iso(article.published),
                "author": article.author,
                "duplicate_group": groups.get(article.id),
                "origin": str(article.origin),
                "removals": removals.get(article.id, []),
            }
            for article in self.articles(members)
        ]
        result["duplicate_groups"] = self._groups(members)
        summary = self._db.execute(
            "SELECT data FROM summaries WHERE story_id = ?", (story_id,)
        ).fetchone()
        result["summary"] = json.loads(summary["data"]) if summary else None
        comparison = self._db.execute(
            "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
        ).fetchone()
        result["comparison"] = json.loads(comparison["data"]) if comparison else None
        return result

    def _removals(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        result: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT article_id, removals FROM cleaned WHERE article_id IN ({marks})", chunk
            ):
                result[row["article_id"]] = json.loads(row["removals"])
        return result

    def _groups(self, members: Sequence[str]) -> list[dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(members), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                "SELECT d.group_id, d.article_id, d.relation, d.similarity, a.outlet"
                f" FROM duplicates d JOIN articles a ON a.id = d.article_id"
                f" WHERE d.article_id IN ({marks}) ORDER BY d.group_id, a.seq",
                chunk,
            ):
                group = groups.setdefault(row["group_id"], {"id": row["group_id"], "members": []})
                if row["relation"] == "canonical":
                    group["canonical"] = row["article_id"]
                group["members"].append(
                    {
                        "article_id": row["article_id"],
                        "outlet": row["outlet"],
                        "relation": row["relation"],
                        "similarity": round(row["similarity"], 3),
                    }
                )
        return [g for g in groups.values() if len(g["members"]) > 1]

    def article_detail(self, article_id: str) -> dict[str, Any]:
        """One article with its cleaned text, removed noise, group and story."""
        article = self.article(article_id)
        row = self._db.execute(
            "SELECT c.text, c.removals, d.group_id, d.relation, d.similarity, x.story_id"
            " FROM articles a LEFT JOIN cleaned c ON c.article_id = a.id"
            " LEFT JOIN duplicates d ON d.article_id = a.id"
            " LEFT JOIN story_articles x ON x.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return {
            **article_to_dict(article),
            "clean_text": row["text"],
            "removals": json.loads(row["removals"]) if row["removals"] else [],
            "duplicate_group": row["group_id"],
            "duplicate_relation": row["relation"],
            "story_id": row["story_id"],
        }

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5) over cleaned articles; best matches first."""
        try:
            rows = self._fetch(
                "SELECT a.id, a.outlet, a.title, a.published, x.story_id,"
                " snippet(article_fts, 1, '[', ']', ' … ', 12) AS snippet,"
                " bm25(article_fts) AS score FROM article_fts"
                " JOIN articles a ON a.seq = article_fts.rowid"
                " LEFT JOIN story_articles x ON x.article_id = a.id"
                " WHERE article_fts MATCH ? ORDER BY score, a.id LIMIT ?",
                [_fts_query(query), limit],
            )
        except sqlite3.OperationalError as exc:
            raise InvalidParameter(f"Cannot search for {query!r}: {exc}") from None
        return [dict(row) for row in rows]

    def _fetch(self, sql: str, args: Iterable[Any]) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, list(args)).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise InvalidParameter(f"Invalid search query: {exc}") from None
            raise StoreError(str(exc)) from None


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "raw_id": article.raw_id,
        "format": article.format,
        "outlet": article.outlet,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "published": _iso(article.published),
        "author": article.author,
        "kicker": article.kicker,
        "standfirst": article.standfirst,
        "origin": str(article.origin),
    }


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    return {
        "story_id": summary.story_id,
        "word_budget": summary.word_budget,
        "sentences": [
            {
                "text": sentence.text,
                "sources": sentence.sources,
                "outlets": list(sentence.outlets),
                "citations": [
                    {
                        "article_id": c.article_id,
                        "outlet": c.outlet,
                        "start": c.start,
                        "end": c.end,
                        "similarity": round(c.similarity, 4),
                    }
                    for c in sentence.citations
                ],
            }
            for sentence in summary.sentences
        ],
    }


def summary_from_dict(data: dict[str, Any]) -> Summary:
    return Summary(
        story_id=data["story_id"],
        word_budget=data["word_budget"],
        sentences=tuple(
            SummarySentence(
                text=s["text"],
                sources=s["sources"],
                citations=tuple(Citation(**c) for c in s["citations"]),
            )
            for s in data["sentences"]
        ),
    )


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        raw_id=row["raw_id"],
        format=row["format"],
        outlet=row["outlet"],
        title=row["title"],
        text=row["text"],
        origin=Origin(
            row["origin_path"], row["origin_line"], row["origin_offset"], row["origin_entry"]
        ),
        url=row["url"],
        published=_parse_iso(row["published"]),
        author=row["author"],
        kicker=row["kicker"],
        standfirst=row["standfirst"],
    )


def _first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _fts_query(query: str) -> str:
    """Quote each word so user input is never FTS5 syntax (a phrase search of terms)."""
    words = [w for w in query.replace('"', " ").split() if w]
    if not words:
        raise InvalidParameter("The search query is empty.")
    return " ".join(f'"{w}"' for w in words)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _split_sql(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
