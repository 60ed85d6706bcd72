"""The store: SQLite by default (one file, WAL, versioned migrations, FTS5).

Raw input is kept compressed, so every article and every rejection can be
parsed again after a fix (``storyline rebuild``).  Each derived row records the
stage version and parameters that produced it (``stage_params``).

Writes happen inside :meth:`SQLiteStore.transaction`; an interrupted run
leaves whole transactions only, and the pipeline's "pending" marker
(``articles.round IS NULL``) lets the next run finish the job.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InvalidParameter, StoreError
from ..models import Accepted, Article, CleanArticle, DuplicateMember, Rejection, Summary, raw_hash
from .codec import (
    TextsOnDemand,
    pack_group,
    pack_raw,
    pack_state,
    pack_summary,
    pack_text,
    raw_basis,
    register_functions,
    unpack_document,
)
from .queries import StoreQueries
from .records import first_sentence, iso, now, parse_iso, summary_to_dict, timestamp
from .schema import MIGRATIONS, SCHEMA_VERSION, apply_migration, unpack_json
from .threads import ThreadRecords

__all__ = ["SQLiteStore", "open_store", "store_exists", "write_failure"]

log = logging.getLogger(__name__)

_PAGE_SIZE = 16384
_MIN_EMPTY = 1 << 20  # bytes: below a MiB of empty space, compacting is not worth a rebuild


def write_failure(path: str, exc: sqlite3.Error) -> StoreError:
    """A failed SQLite write in plain words (the CLI exits with code 4)."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        reason = "the store file (or its folder) is read-only"
    elif "full" in message:
        reason = "the disk is full"
    elif "locked" in message or "busy" in message:
        reason = "another process kept the store busy for too long; try again"
    elif "i/o" in message:
        reason = "a disk input/output error"
    else:
        reason = f"SQLite said: {exc}"
    return StoreError(
        f"Cannot write to the store {path}: {reason}. Nothing of the failed step was kept."
    )


def open_store(path: str | Path, *, create: bool = True) -> SQLiteStore:
    """Open (migrating if needed) the store at ``path``: a SQLite file, or a
    ``postgresql://`` URL (:class:`~storyline.store.postgres.PostgresStore`).

    A missing store is created when ``create`` is true; otherwise it is a
    :class:`~storyline.errors.StoreError` ("no store at PATH").
    """
    if isinstance(path, str) and path.lower().startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(path, create=create)
    return SQLiteStore(path, create=create)


def store_exists(path: str | Path) -> bool:
    """Whether a store is there already (a server URL counts as there: opening tells)."""
    text = str(path)
    if text == ":memory:" or text.lower().startswith(("postgresql://", "postgres://")):
        return True
    return Path(text).exists()


class SQLiteStore(StoreQueries, ThreadRecords):
    """The embedded store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            if not create and not Path(self.path).expanduser().exists():
                raise StoreError(
                    f"no store at {self.path}. `storyline ingest PATH --db {self.path}` "
                    "creates one (or `storyline demo --db PATH` with the demo corpus)."
                )
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"Cannot create the store {self.path}: {parent} is not a folder.")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                self._configure()
                self._migrate()
            except BaseException:
                self._db.close()  # a store that cannot be opened keeps no connection open
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the store {self.path}: {exc}") from None
        self._depth = 0

    def _configure(self) -> None:
        self._db.row_factory = sqlite3.Row
        # A new file gets 16 KiB pages (no effect on an existing one): saved
        # documents of 1-3 KB leave much of a 4 KiB page empty (a store of
        # the 14k-article dev pool is 12% smaller).
        self._db.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA busy_timeout = 10000")
        register_functions(self._db)

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
                apply_migration(self._db, MIGRATIONS[number])
                self._db.execute(f"PRAGMA user_version = {number + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen or none do. Nested calls join the outer one.

        A failed write (read-only file, full disk, another writer holding the
        store too long) raises :class:`~storyline.errors.StoreError` in plain words.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_failure(self.path, exc) from None
        self._depth = 1
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise write_failure(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    @contextmanager
    def _processing_lock(self) -> Iterator[None]:
        """Held while the pipeline processes pending articles (a server store serialises
        processes here; SQLite needs nothing more than its write lock)."""
        yield

    def _rollback(self) -> None:
        if self._db.in_transaction:
            # SQLite may have rolled back already (e.g. disk full)
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def compact(self, *, min_share: float = 0.1) -> bool:
        """Give back the space rewrites left in the file (VACUUM), when it is worth it.

        Saved documents are rewritten as stories grow, which leaves part of many
        pages empty (a tenth of a store after one large ingest).  The store is
        rebuilt when the space left empty (free pages and the unused part of
        pages) has grown by at least ``min_share`` of the file, and by a MiB,
        since the last compaction (whose remainder ``upkeep`` keeps: a store
        that cannot get smaller is not rebuilt again and again).  VACUUM keeps
        every row and every rowid the store reads (migration 14); it takes as
        long as copying the file and needs as much free disk; when it cannot
        run (another process reading, a full disk) the store stays as it was.
        True when it was compacted.
        """
        if not isinstance(min_share, (int, float)) or not 0 < min_share <= 1:
            raise InvalidParameter(
                f"The 'min_share' parameter must be a number in (0, 1]. Got {min_share!r} instead."
            )
        if self.path == ":memory:" or self._depth:
            return False
        try:
            empty, size = self._empty_space()
        except sqlite3.Error as exc:  # a SQLite built without the dbstat table
            log.debug("store: no compaction of %s: %s", self.path, exc)
            return False
        row = self._db.execute("SELECT value FROM upkeep WHERE name = 'empty_bytes'").fetchone()
        left = int(row["value"]) if row else 0
        if empty - left < max(min_share * size, _MIN_EMPTY):
            return False
        try:
            self._db.execute("VACUUM")
            empty, after = self._empty_space()
            with self.transaction():
                self._db.execute(
                    "INSERT OR REPLACE INTO upkeep (name, value) VALUES ('empty_bytes', ?)",
                    (empty,),
                )
        except (sqlite3.Error, StoreError) as exc:  # housekeeping: the store is whole as it is
            log.warning("store: %s was not compacted: %s", self.path, exc)
            return False
        log.info("store: compacted %s from %d to %d bytes", self.path, size, after)
        return True

    def _empty_space(self) -> tuple[int, int]:
        """(bytes of free pages and of the unused part of pages, bytes of the file's pages)."""
        page_size = int(self._db.execute("PRAGMA page_size").fetchone()[0])
        free = int(self._db.execute("PRAGMA freelist_count").fetchone()[0])
        pages = int(self._db.execute("PRAGMA page_count").fetchone()[0])
        row = self._db.execute("SELECT SUM(unused) FROM dbstat WHERE aggregate = TRUE").fetchone()
        return free * page_size + int(row[0] or 0), pages * page_size

    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _put_raw(self, data: bytes, basis: Article | None = None) -> str:
        """Keep raw bytes once, compressed against ``basis`` (the article read from them)."""
        key = raw_hash(data)
        dictionary = None if basis is None else raw_basis(basis.title, basis.text)
        self._db.execute(
            "INSERT OR IGNORE INTO raw (id, data, size, basis) VALUES (?, ?, ?, ?)",
            (key, pack_raw(data, dictionary), len(data), None if basis is None else basis.id),
        )
        return key

    def _rebase_raw(self, article_id: str, article: Article | None) -> None:
        """Before the article ``article_id`` goes: its raw rows are compressed against
        ``article`` instead (its re-parsed version from the same bytes), else plainly."""
        rows = self._db.execute("SELECT id FROM raw WHERE basis = ?", (article_id,)).fetchall()
        for row in rows:
            data = self.raw(row["id"])
            same = article is not None and article.raw_id == row["id"]
            dictionary = raw_basis(article.title, article.text) if same and article else None
            self._db.execute(
                "UPDATE raw SET data = ?, basis = ? WHERE id = ?",
                (pack_raw(data, dictionary), article.id if same and article else None, row["id"]),
            )

    def _pack_text(self, text: str) -> str | bytes:
        """An article's text as this backend stores it (compressed: migration 13)."""
        return pack_text(text)

    def add_article(self, accepted: Accepted, *, outlet_arg: str | None = None) -> bool:
        """Store an ingested article and its raw bytes; False if it was already there."""
        article = accepted.article
        with self.transaction():
            if self.has_article(article.id):
                return False
            self._put_raw(accepted.raw, article)
            self._insert_article(article, outlet_arg=outlet_arg)
        return True

    def _insert_article(
        self, article: Article, *, outlet_arg: str | None, seq: int | None = None
    ) -> None:
        origin = article.origin
        self._db.execute(
            "INSERT INTO articles (seq, id, raw_id, format, outlet, title, text, url, published,"
            " published_ts, author, kicker, standfirst, origin_path, origin_line, origin_offset,"
            " origin_entry, outlet_arg, ingested_at, language)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                article.id,
                article.raw_id,
                article.format,
                article.outlet,
                article.title,
                self._pack_text(article.text),
                article.url,
                iso(article.published),
                timestamp(article.published),
                article.author,
                article.kicker,
                article.standfirst,
                origin.path,
                origin.line,
                origin.offset,
                origin.entry,
                outlet_arg,
                now(),
                article.language,
            ),
        )

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
                    now(),
                ),
            )
        return True

    def _stage_id(self, description: dict[str, Any]) -> int:
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

    def _pending(self) -> list[str]:
        """Ids of stored articles not yet processed, sorted by (date, id).

        Undated articles sort first: they take the stream's time when added.
        """
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round IS NULL"
            " ORDER BY published_ts IS NOT NULL, published_ts, id"
        ).fetchall()
        return [row["id"] for row in rows]

    def _start_round(self, settings: dict[str, Any]) -> int:
        with self.transaction():
            row = self._db.execute("SELECT COALESCE(MAX(round), 0) + 1 FROM rounds").fetchone()
            number = int(row[0])
            self._db.execute(
                "INSERT INTO rounds (round, started_at, settings) VALUES (?, ?, ?)",
                (number, now(), json.dumps(settings, sort_keys=True, default=str)),
            )
        return number

    def _rounds(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT round FROM rounds ORDER BY round")]

    def _save_cleaned(self, cleaned: CleanArticle, stage_id: int) -> None:
        removals = [
            {"reason": r.reason, "text": r.text, "paragraph": r.paragraph} for r in cleaned.removals
        ]
        seq = self._db.execute("SELECT seq FROM articles WHERE id = ?", (cleaned.id,)).fetchone()
        self._unindex(seq["seq"])
        self._db.execute(
            "INSERT OR REPLACE INTO cleaned (article_id, text, removals, stage_id)"
            " VALUES (?, ?, ?, ?)",
            (
                cleaned.id,
                None if cleaned.text == cleaned.article.text else cleaned.text,  # not twice
                json.dumps(removals, ensure_ascii=False),
                stage_id,
            ),
        )
        self._index(seq["seq"], cleaned.title, cleaned.text)

    # -- the full-text index (what differs between backends) ----------------------

    def _unindex(self, seq: int) -> None:
        """Remove an article's full-text entry, before its cleaned text changes.

        The index reads its text from ``cleaned`` (migration 9): an entry is
        removed with the values it was made from.
        """
        self._db.execute(
            "INSERT INTO article_fts (article_fts, rowid, title, text)"
            " SELECT 'delete', seq, title, text FROM article_fts_text WHERE seq = ?",
            (seq,),
        )

    def _index(self, seq: int, title: str, text: str) -> None:
        """Index an article's title and cleaned text (``seq``: its row in ``articles``)."""
        self._db.execute(
            "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)", (seq, title, text)
        )

    def _clear_index(self) -> None:
        self._db.execute("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")

    def _save_duplicate(
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

    def _save_assignments(self, assignments: dict[str, str], round_number: int) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
            list(assignments.items()),
        )
        self._db.executemany(
            "UPDATE articles SET round = ? WHERE id = ?",
            [(round_number, article_id) for article_id in assignments],
        )

    def _save_story(self, story_id: str, round_number: int, stage_id: int) -> None:
        """Write a story's header from its member rows and mark it for re-summarising.

        The title is that of the story's first article (by date, then arrival)
        with a title, whole (else that article's first sentence, whole: displays
        shorten it); counts are of articles, duplicate groups and outlets; the
        language is the most common among the articles (the earliest breaks ties).
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
            "SELECT a.title, article_text(a.text) AS text FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id"
            f" WHERE s.story_id = ? ORDER BY a.title = '', {order} LIMIT 1",
            (story_id,),
        ).fetchone()
        dates = self._db.execute(
            "SELECT (SELECT a.published FROM story_articles s JOIN articles a"
            " ON a.id = s.article_id WHERE s.story_id = ? AND a.published_ts IS NOT NULL"
            " ORDER BY a.published_ts, a.seq LIMIT 1) AS first_published,"
            " (SELECT a.published FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? AND a.published_ts IS NOT NULL"
            " ORDER BY a.published_ts DESC, a.seq LIMIT 1) AS last_published",
            # plain placeholders, the id given twice: a numbered "?1" with a sequence is
            # deprecated from Python 3.12 (an error from 3.14)
            (story_id, story_id),
        ).fetchone()
        language = self._db.execute(
            "SELECT a.language, COUNT(*) AS n, MIN(a.seq) AS first FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? AND a.language IS NOT NULL"
            " GROUP BY a.language ORDER BY n DESC, first LIMIT 1",
            (story_id,),
        ).fetchone()
        self._db.execute(
            "INSERT OR REPLACE INTO stories (id, title, first_published, last_published, last_ts,"
            " size, sources, outlets, updated_round, dirty, stage_id, language)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (
                story_id,
                first["title"] or first_sentence(first["text"]),
                dates["first_published"],
                dates["last_published"],
                stats["last_ts"],
                stats["size"],
                stats["sources"],
                stats["outlets"],
                round_number,
                stage_id,
                language["language"] if language else None,
            ),
        )

    def members_of_stories(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """Each story's article ids, in the order of :meth:`story_members`."""
        members: dict[str, list[str]] = {story_id: [] for story_id in story_ids}
        sql = (
            "SELECT s.story_id, s.article_id FROM story_articles s JOIN articles a"
            " ON a.id = s.article_id WHERE s.story_id IN ({})"
            " ORDER BY s.story_id, a.published_ts IS NOT NULL, a.published_ts, a.id"
        )
        for row in self._rows_in(sql, list(story_ids)):
            members[row["story_id"]].append(row["article_id"])
        return members

    def _latest_published(self) -> datetime | None:
        """The newest publication time among processed articles (the stream's time)."""
        row = self._db.execute(
            "SELECT published FROM articles WHERE round > 0 AND published_ts IS NOT NULL"
            " ORDER BY published_ts DESC LIMIT 1"
        ).fetchone()
        return parse_iso(row["published"]) if row else None

    def _dedup_index(
        self, since: datetime | None
    ) -> Iterator[tuple[str, str, bytes, datetime | None]]:
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
            yield row["article_id"], row["group_id"], row["signature"], parse_iso(row["published"])

    def _save_state(self, name: str, data: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO state (name, data) VALUES (?, ?)", (name, pack_state(data))
        )

    def _load_state(self, name: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return unpack_json(row["data"]) if row else None

    def _save_cluster_changes(self, changes: dict[str, Any]) -> None:
        """Save a :meth:`StoryClusterer.state_changes`: changed and closed stories, the rest."""
        self._db.executemany(
            "INSERT INTO cluster_stories (id, data) VALUES (?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            [(story["id"], pack_group(story)) for story in changes["stories"]],
        )
        self._db.executemany(
            "DELETE FROM cluster_stories WHERE id = ?",
            [(story_id,) for story_id in changes["closed"]],
        )
        shared = {key: value for key, value in changes.items() if key not in ("stories", "closed")}
        self._save_state("cluster", shared)

    def _load_cluster_state(self) -> dict[str, Any] | None:
        """The clusterer's whole saved state (as :meth:`StoryClusterer.state` gives it), if any."""
        shared = self._load_state("cluster")
        if shared is None:
            return None
        rows = self._db.execute("SELECT data FROM cluster_stories ORDER BY rowid")
        return {**shared, "stories": [unpack_document(row["data"]) for row in rows]}

    def _dirty_stories(self) -> list[str]:
        rows = self._db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id").fetchall()
        return [row["id"] for row in rows]

    def _save_summary(
        self,
        summary: Summary,
        stage_id: int,
        comparison: dict[str, Any] | None = None,
        *,
        texts: Mapping[str, str] | None = None,
    ) -> None:
        """Save a summary (and comparison); ``texts`` (article id -> cleaned text),
        if the caller holds them, spare reading the quoted articles' texts again."""
        document = summary_to_dict(summary)
        with self.transaction():
            # the text they quote is read back from the cleaned articles (migration 11)
            known = TextsOnDemand(texts or {}, self._clean_texts)
            data, packed = pack_summary(document, comparison, known)
            self._save_packed_summary(summary.story_id, stage_id, data, packed)

    def _save_packed_summary(
        self, story_id: str, stage_id: int, data: bytes, comparison: bytes | None = None
    ) -> None:
        """Save a summary (and comparison) already packed by ``codec.pack_summary``
        against the cleaned texts of the articles they quote (the scaled pipeline's
        workers pack them, so the client only writes)."""
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO summaries (story_id, data, stage_id) VALUES (?, ?, ?)",
                (story_id, data, stage_id),
            )
            if comparison is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO comparisons (story_id, data) VALUES (?, ?)",
                    (story_id, comparison),
                )
            self._db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))

    def _reset_derived(self) -> None:
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
                "cluster_stories",
                "threads",
                "thread_stories",
                "thread_groups",
            ):
                self._db.execute(f"DELETE FROM {table}")
            self._clear_index()

    def _replace_article(self, old_id: str, article: Article) -> None:
        """Swap a stored article for its re-parsed version, keeping its place and round."""
        row = self._db.execute(
            "SELECT seq, outlet_arg, round, ingested_at FROM articles WHERE id = ?", (old_id,)
        ).fetchone()
        keep = not self.has_article(article.id)  # else the fix made it another article's twin
        self._rebase_raw(old_id, article if keep else None)
        self._db.execute("DELETE FROM articles WHERE id = ?", (old_id,))
        if not keep:
            return
        self._insert_article(article, outlet_arg=row["outlet_arg"], seq=row["seq"])
        self._db.execute(
            "UPDATE articles SET round = ?, ingested_at = ? WHERE id = ?",
            (row["round"], row["ingested_at"], article.id),
        )

    def _reset_rounds(self) -> None:
        """Mark every article pending again, keeping which round each arrived in."""
        self._db.execute("UPDATE articles SET round = -round WHERE round IS NOT NULL")

    def _take_round(self, number: int) -> list[str]:
        """Ids of articles first processed in round ``number`` (after reset_rounds)."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE round = ? ORDER BY published_ts IS NOT NULL,"
            " published_ts, id",
            (-number,),
        ).fetchall()
        return [row["id"] for row in rows]

    def _delete_article(self, article_id: str) -> None:
        """Drop an article whose raw input no longer parses (its rejection is stored instead)."""
        self._rebase_raw(article_id, None)
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def _delete_rejection(self, rejection_id: str) -> None:
        self._db.execute("DELETE FROM rejections WHERE id = ?", (rejection_id,))
