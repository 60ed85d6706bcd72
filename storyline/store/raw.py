"""The raw input kept for re-parsing (``storyline rebuild``), and the rejections."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import NotFound, StoreError
from ..models import Article, Origin, Rejection, raw_hash
from .codec import pack_raw, raw_basis, unpack_raw
from .queries import StoreQueries
from .records import RawItem, now

__all__ = ["RawRecords"]


class RawRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: raw bytes and rejected inputs."""

    # -- writes ------------------------------------------------------------------

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

    def _delete_rejection(self, rejection_id: str) -> None:
        self._db.execute("DELETE FROM rejections WHERE id = ?", (rejection_id,))

    # -- reads -------------------------------------------------------------------

    def raw(self, raw_id: str) -> bytes:
        row = self._db.execute(
            "SELECT r.data, r.basis, a.title, article_text(a.text) AS text FROM raw r"
            " LEFT JOIN articles a ON a.id = r.basis WHERE r.id = ?",
            (raw_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"No raw input {raw_id!r} in the store.")
        if row["basis"] is None:
            return unpack_raw(row["data"])
        if row["text"] is None:
            raise StoreError(f"The raw input {raw_id!r} lost the article it was stored against.")
        try:
            return unpack_raw(row["data"], raw_basis(row["title"], row["text"]))
        except zlib.error:
            raise StoreError(f"The raw input {raw_id!r} does not match its article.") from None

    def _raw_inputs(self) -> Iterator[RawItem]:
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
            location = str(Origin(row["path"], row["line"], row["offset"], row["entry"]))
            item["location"] = self._origin_label(location)
            item["path"] = self._origin_label(row["path"])
            result.append(item)
        return result
