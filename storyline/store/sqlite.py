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
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InvalidParameter, StoreError
from ..models import DuplicateMember
from .articles import ArticleRecords
from .codec import register_functions
from .raw import RawRecords
from .records import parse_iso
from .runs import RunRecords
from .schema import MIGRATIONS, SCHEMA_VERSION, apply_migration
from .search import SearchIndex
from .stories import StoryRecords
from .summaries import SummaryRecords
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


class SQLiteStore(
    ArticleRecords, RawRecords, RunRecords, SearchIndex, StoryRecords, SummaryRecords, ThreadRecords
):
    """The embedded store. Use as a context manager, or call :meth:`close`.

    Its parts, one concern each, come from the mixins (``articles``, ``raw``,
    ``runs``, ``search``, ``stories``, ``summaries``, ``threads``); here are
    the connection, transactions, migrations, compaction, the duplicate index
    and the reset for a rebuild.
    """

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
