"""The PostgreSQL store: the same interface as the SQLite one, on a shared server.

Open it with ``open_store("postgresql://user@host/db")`` (or ``--db`` with such
a URL).  It needs psycopg 3: ``pip install 'storyline[postgres]'``.

Every statement of the SQLite store is reused: :class:`PostgresStore` is a
:class:`~storyline.store.sqlite.SQLiteStore` whose connection is a
:class:`PgConnection`, which translates the few dialect differences
(placeholders, ``INSERT OR IGNORE`` / ``OR REPLACE``, a reserved column name)
on the way to the server.  What has no translation is overridden here: the
schema version, transactions, full-text search and "no limit".

Several processes may write to one store at once.  Each write transaction
first takes a transaction-level advisory lock of the store, so writes are
serialised as SQLite's ``BEGIN IMMEDIATE`` serialises them (no duplicate
article, no lost one); reads never wait.  Processing the pending articles
(:meth:`PostgresStore._processing_lock`) holds a session-level advisory lock,
so two ingests never cluster the same articles twice: the second waits, then
processes what is left.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError
from ..models import Accepted, Origin, Rejection
from .pg_schema import (
    PG_MIGRATIONS,
    PG_SCHEMA_VERSION,
    TEXT_SEARCH_CONFIG,
    document_sql,
    pg_statements,
)
from .records import first_words, fts_query
from .sqlite import SQLiteStore

__all__ = ["PgConnection", "PostgresStore", "is_postgres_url", "redact_url", "translate"]

log = logging.getLogger(__name__)

_SCHEMES = ("postgresql://", "postgres://")

#: The conflict target of each table written with INSERT OR REPLACE (its primary key).
_KEYS = {
    "cleaned": "article_id",
    "duplicates": "article_id",
    "story_articles": "article_id",
    "stories": "id",
    "summaries": "story_id",
    "comparisons": "story_id",
    "state": "name",
    "threads": "id",
    "cluster_stories": "id",
    "thread_groups": "id",
    "raw": "id",
    "stage_params": "stage, version, params",
}

_STRING = re.compile(r"'(?:[^']|'')*'")
_INSERT = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO (\w+)\s*\(([^)]*)\)(.*)$", re.S)


def is_postgres_url(location: object) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL."""
    return isinstance(location, str) and location.lower().startswith(_SCHEMES)


def redact_url(url: str) -> str:
    """The URL without its password (safe to show in messages and ``status``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """A statement of the SQLite store in PostgreSQL's dialect.

    Returns the statement and, when it used numbered parameters (``?1``), the
    parameter numbers (else None: plain ``?`` become ``%s`` in order).
    """
    match = _INSERT.match(sql)
    if match:
        verb, table, columns, rest = match.groups()
        sql = f"INSERT INTO {table} ({columns}){rest}"
        if verb == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        else:
            key = _KEYS[table]
            keys = {k.strip() for k in key.split(",")}
            names = [c.strip() for c in columns.split(",") if c.strip() not in keys]
            updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names)
            sql += f" ON CONFLICT ({key}) DO UPDATE SET {updates}"
    numbers: list[int] = []

    def outside_strings(part: str) -> str:
        part = part.replace("%", "%%")
        part = re.sub(r"\boffset\b", '"offset"', part)

        def placeholder(found: re.Match[str]) -> str:
            if found.group(1):
                numbers.append(int(found.group(1)))
                return f"%(p{found.group(1)})s"
            return "%s"

        return re.sub(r"\?(\d*)", placeholder, part)

    pieces: list[str] = []
    last = 0
    for literal in _STRING.finditer(sql):
        pieces.append(outside_strings(sql[last : literal.start()]))
        pieces.append(literal.group(0).replace("%", "%%"))
        last = literal.end()
    pieces.append(outside_strings(sql[last:]))
    return "".join(pieces), (tuple(sorted(set(numbers))) if numbers else None)


class PgRow(dict[str, Any]):
    """A result row readable by column name or position, like :class:`sqlite3.Row`."""

    __slots__ = ("_values",)

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        super().__init__(zip(names, values, strict=True))
        self._values = tuple(values)

    def __getitem__(self, key: str | int) -> Any:
        if isinstance(key, int):
            return self._values[key]
        return super().__getitem__(key)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)  # as sqlite3.Row: ``a, b = row`` unpacks values


def _row_factory(cursor: Any) -> Any:
    names = [column.name for column in cursor.description or ()]

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(names, values)

    return make


class PgConnection:
    """A psycopg connection that speaks the SQLite store's SQL (see :func:`translate`)."""

    def __init__(self, connection: Any, label: str) -> None:
        self.raw = connection
        self.label = label

    def _prepare(self, sql: str, params: Any) -> tuple[str, Any]:
        statement, numbers = translate(sql)
        args: Any = tuple(params) if params is not None else ()
        if numbers is not None:
            args = {f"p{n}": args[n - 1] for n in numbers}
        return statement, args

    def execute(self, sql: str, params: Any = None) -> Any:
        statement, args = self._prepare(sql, params)
        try:
            return self.raw.execute(statement, args)
        except self._errors() as exc:
            raise self.failure(exc) from None

    def execute_as_is(self, sql: str) -> None:
        """Run PostgreSQL's own SQL (a migration step), untranslated."""
        try:
            self.raw.execute(sql)
        except self._errors() as exc:
            raise self.failure(exc) from None

    def executemany(self, sql: str, rows: Any) -> None:
        items = list(rows)
        if not items:
            return
        statement, _ = translate(sql)
        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(statement, [tuple(item) for item in items])
        except self._errors() as exc:
            raise self.failure(exc) from None

    def _errors(self) -> type[Exception]:
        return cast(type[Exception], importlib.import_module("psycopg").Error)

    def failure(self, exc: Exception) -> StoreError:
        """A failed statement in plain words (the CLI exits with code 4)."""
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "\\x00" in detail or "0x00" in detail:
            detail = "text with a NUL character (PostgreSQL cannot store it)"
        return StoreError(
            f"Cannot use the store {self.label}: PostgreSQL said: {detail}. "
            "Nothing of the failed step was kept."
        )

    @property
    def in_transaction(self) -> bool:
        return int(self.raw.info.transaction_status) != 0  # 0: idle

    def close(self) -> None:
        self.raw.close()


def _connect(url: str, label: str) -> Any:
    try:
        psycopg = importlib.import_module("psycopg")
    except ImportError:
        raise StoreError(
            f"The store {label} is a PostgreSQL database, which needs psycopg: "
            "pip install 'storyline[postgres]'."
        ) from None
    try:
        return psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise StoreError(f"Cannot connect to the PostgreSQL store {label}: {reason}") from None


class PostgresStore(SQLiteStore):
    """The store on a PostgreSQL server. Use as a context manager, or call :meth:`close`."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.path = redact_url(url)
        self._pg = PgConnection(_connect(url, self.path), self.path)
        self._db = cast(Any, self._pg)
        self._depth = 0
        try:
            row = self._db.execute(
                "SELECT hashtext('storyline.write:' || current_schema()) AS w,"
                " hashtext('storyline.process:' || current_schema()) AS p,"
                " to_regclass('storyline_schema') IS NOT NULL AS made, current_schema() AS schema"
            ).fetchone()
            if row["schema"] is None:
                raise StoreError(
                    f"Cannot use the store {self.path}: its search path names no schema that "
                    "exists in the database; create it first (CREATE SCHEMA name)."
                )
            self._write_key, self._process_key = int(row["w"]), int(row["p"])
            if not row["made"] and not create:
                raise StoreError(
                    f"no store at {self.path}. `storyline ingest PATH --db {self.path}` "
                    "creates one (or `storyline demo --db URL` with the demo corpus)."
                )
            self._migrate()
        except BaseException:
            self._pg.close()
            raise

    def __enter__(self) -> PostgresStore:
        return self

    def close(self) -> None:
        self._pg.close()

    def _migrate(self) -> None:
        with self.transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS storyline_schema (version INTEGER)")
            self._db.execute(
                "INSERT INTO storyline_schema (version) SELECT 0"
                " WHERE NOT EXISTS (SELECT 1 FROM storyline_schema)"
            )
            version = self.schema_version()
            if version > PG_SCHEMA_VERSION:
                raise StoreError(
                    f"The store {self.path} has schema version {version}, newer than this "
                    f"storyline's {PG_SCHEMA_VERSION}; upgrade storyline to open it."
                )
            for number in range(version, PG_SCHEMA_VERSION):
                step = PG_MIGRATIONS[number]
                if callable(step):
                    step(self._db)
                elif step:
                    for statement in pg_statements(step):
                        self._pg.execute_as_is(statement)
                self._db.execute("UPDATE storyline_schema SET version = ?", (number + 1,))

    def schema_version(self) -> int:
        row = self._db.execute("SELECT version FROM storyline_schema").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen or none do. Nested calls join the outer one.

        Writers of one store take turns (an advisory lock held until commit);
        a failed write raises :class:`~storyline.errors.StoreError`.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN")
        self._depth = 1
        try:
            self._db.execute("SELECT pg_advisory_xact_lock(?)", (self._write_key,))
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        if self._pg.in_transaction:
            try:
                self._pg.raw.execute("ROLLBACK")
            except Exception:  # the connection is gone: the server rolled back
                log.warning("rollback failed on %s", self.path)

    @contextmanager
    def _processing_lock(self) -> Iterator[None]:
        """Held while pending articles are processed: one process at a time per store."""
        self._db.execute("SELECT pg_advisory_lock(?)", (self._process_key,))
        try:
            yield
        finally:
            if not self._pg.raw.closed:
                self._db.execute("SELECT pg_advisory_unlock(?)", (self._process_key,))

    _NO_LIMIT = None

    def _unindex(self, seq: int) -> None:
        self._db.execute("DELETE FROM article_fts WHERE rowid = ?", (seq,))

    def _index(self, seq: int, title: str, text: str) -> None:
        self._db.execute(
            f"INSERT INTO article_fts (rowid, doc) VALUES (?, {document_sql('?', '?')})"
            " ON CONFLICT (rowid) DO UPDATE SET doc = EXCLUDED.doc",
            (seq, title, text),
        )

    def _clear_index(self) -> None:
        self._db.execute("DELETE FROM article_fts")

    def compact(self, *, min_share: float = 0.1) -> bool:
        """Nothing to do: PostgreSQL's autovacuum reuses the space rewrites leave."""
        return False

    def _pack_text(self, text: str) -> str | bytes:
        return text  # PostgreSQL compresses long text values itself

    def add_article(self, accepted: Accepted, *, outlet_arg: str | None = None) -> bool:
        """Store an article; one whose text holds a NUL character (which PostgreSQL text
        cannot) is kept as a rejection with its raw bytes instead, and False returned."""
        article = accepted.article
        fields = [article.outlet, article.title, article.text, article.url, article.author]
        fields += [article.kicker, article.standfirst, article.origin.path, outlet_arg]
        if any(value and "\x00" in value for value in fields):
            origin = article.origin
            path = origin.path.replace("\x00", "\ufffd")  # shown, never re-read
            rejection = Rejection(
                Origin(path, origin.line, origin.offset, origin.entry),
                "text with a NUL character (U+0000), which a PostgreSQL store cannot hold",
                raw=accepted.raw,
                format=article.format,
            )
            kept_arg = outlet_arg.replace("\x00", "\ufffd") if outlet_arg else outlet_arg
            self.add_rejection(rejection, outlet_arg=kept_arg)
            return False
        return super().add_article(accepted, outlet_arg=outlet_arg)

    def _match_clause(self, query: str) -> tuple[str, Any]:
        fts_query(query)  # an empty query is an error, as on SQLite
        return (
            "s.id IN (SELECT x.story_id FROM article_fts f JOIN articles a ON a.seq = f.rowid"
            " JOIN story_articles x ON x.article_id = a.id"
            f" WHERE f.doc @@ plainto_tsquery('{TEXT_SEARCH_CONFIG}', ?))",
            query,
        )

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (PostgreSQL's text search) over cleaned articles; best first."""
        fts_query(query)  # an empty query is an error, as on SQLite
        config = TEXT_SEARCH_CONFIG
        rows = self._fetch(
            "SELECT a.id, a.outlet, a.title, a.published, x.story_id,"
            " substr(a.text, 1, 200) AS body_start,"
            f" ts_headline('{config}', coalesce(t.text, ''), q,"
            " 'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1') AS snippet,"
            " hit.score FROM ("
            f"  SELECT f.rowid, -ts_rank(f.doc, q) AS score"
            f"  FROM article_fts f, plainto_tsquery('{config}', ?) q WHERE f.doc @@ q"
            "  ORDER BY score, f.rowid LIMIT ?) hit"
            f" CROSS JOIN plainto_tsquery('{config}', ?) q"
            " JOIN article_fts_text t ON t.seq = hit.rowid JOIN articles a ON a.seq = t.seq"
            " LEFT JOIN story_articles x ON x.article_id = a.id ORDER BY hit.score, a.id",
            [query, self._limit(limit), query],
        )
        hits = [dict(row) for row in rows]
        for hit in hits:
            hit["heading"] = hit["title"] or first_words(hit.pop("body_start") or "", 8)
            hit.pop("body_start", None)
        return hits
