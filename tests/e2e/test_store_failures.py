"""A store that cannot be written (read-only file, full disk): one line, exit code 4."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from storyline.cli import main
from storyline.errors import EXIT_CODES, StoreError
from storyline.models import Accepted
from storyline.store import SQLiteStore, open_store
from tests.factories import make_article

BODY = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay."
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class FailingWrites:
    """A connection whose writes fail the way SQLite reports ``message``."""

    def __init__(self, db: sqlite3.Connection, message: str) -> None:
        self._db = db
        self._message = message

    def _check(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(_WRITES):
            raise sqlite3.OperationalError(self._message)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._db.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _failing_stores(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    original = SQLiteStore.__init__

    def init(self: SQLiteStore, path: str | Path, **options: Any) -> None:
        original(self, path, **options)
        self._db = FailingWrites(self._db, message)  # type: ignore[assignment]

    monkeypatch.setattr(SQLiteStore, "__init__", init)


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("database or disk is full", "the disk is full"),
        ("attempt to write a readonly database", "read-only"),
    ],
)
def test_write_failure_is_one_line_and_exit_4(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    message: str,
    said: str,
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(BODY)
    db = tmp_path / "s.db"
    open_store(db).close()
    _failing_stores(monkeypatch, message)
    code = main(["ingest", str(article), "--db", str(db), "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_CODES["store error"] == 4
    assert said in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_failed_write_rolls_back_and_raises_store_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        good = make_article(text=BODY)
        assert isinstance(good, Accepted)
        real = store._db
        store._db = FailingWrites(real, "database or disk is full")  # type: ignore[assignment]
        with pytest.raises(StoreError, match="the disk is full"):
            store.add_article(good)
        store._db = real
        assert not store.has_article(good.article.id)
        assert store.add_article(good)
