"""Fixtures shared by the test folders: the store backends.

PostgreSQL tests use the server named by ``TEST_STORYLINE_PG``
(``postgresql://user@host:port/db``); each test gets a fresh schema of its own,
dropped afterwards.  Without a reachable server they are skipped with one
line of reason, except under ``CI=true``, where a missing server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "TEST_STORYLINE_PG"


def _pg_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    url = os.environ.get(PG_ENV)
    if not url:
        return f"no PostgreSQL server: set {PG_ENV}=postgresql://user@host:port/db"
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'storyline[postgres]')"
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"the PostgreSQL server in {PG_ENV} is not reachable ({str(exc).strip()[:120]})"
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL; skips (fails under CI=true) when there is none."""
    reason = _pg_unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs a PostgreSQL server: {reason}")
        pytest.skip(reason)
    return os.environ[PG_ENV]


def with_search_path(url: str, schema: str) -> str:
    """``url`` with every connection's unqualified names in ``schema``."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(server: str) -> Iterator[str]:
    """A URL to a new, empty schema on ``server``, dropped on leaving."""
    import psycopg

    schema = f"storyline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL to a fresh, empty schema on the test server (dropped after the test)."""
    with fresh_schema(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store goes: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_url"))
