"""Articles in the store: adding, cleaning, replacing and reading them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import NotFound
from ..models import Accepted, Article, CleanArticle, Removal
from .codec import pack_text
from .queries import StoreQueries
from .records import ARTICLE_COLUMNS, article_to_dict, heading, iso, now, row_to_article, timestamp

__all__ = ["ArticleRecords"]


class ArticleRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: article rows and their cleaned text."""

    if TYPE_CHECKING:  # provided by the store's other parts

        def _put_raw(self, data: bytes, basis: Article | None = None) -> str: ...

        def _rebase_raw(self, article_id: str, article: Article | None) -> None: ...

        def _unindex(self, seq: int) -> None: ...

        def _index(self, seq: int, title: str, text: str) -> None: ...

    # -- writes ------------------------------------------------------------------

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

    def _delete_article(self, article_id: str) -> None:
        """Drop an article whose raw input no longer parses (its rejection is stored instead)."""
        self._rebase_raw(article_id, None)
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # -- reads -------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        found = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return found is not None

    def article(self, article_id: str) -> Article:
        row = self._db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"No article {article_id!r}.")
        return row_to_article(row)

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """Articles by id, in the order given (missing ids are skipped)."""
        found: dict[str, Article] = {}
        for row in self._rows_in(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({{}})", ids):
            found[row["id"]] = row_to_article(row)
        return [found[i] for i in ids if i in found]

    def cleaned_articles(self, ids: Sequence[str]) -> list[CleanArticle]:
        """Cleaned articles by id, in the order given."""
        articles = {a.id: a for a in self.articles(ids)}
        cleaned: dict[str, CleanArticle] = {}
        sql = "SELECT article_id, text, removals FROM cleaned WHERE article_id IN ({})"
        for row in self._rows_in(sql, ids):
            removals = tuple(Removal(**item) for item in json.loads(row["removals"]))
            article = articles[row["article_id"]]
            text = article.text if row["text"] is None else row["text"]  # NULL: unchanged
            cleaned[row["article_id"]] = CleanArticle(article, text, removals)
        return [cleaned[i] for i in ids if i in cleaned]

    def _clean_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """article id -> cleaned text, for the cleaned articles among ``ids``."""
        sql = (
            "SELECT c.article_id, COALESCE(c.text, article_text(a.text)) AS text FROM cleaned c"
            " JOIN articles a ON a.id = c.article_id WHERE c.article_id IN ({})"
        )
        return {row["article_id"]: row["text"] for row in self._rows_in(sql, ids)}

    def groups_of(self, ids: Sequence[str]) -> dict[str, str]:
        """article id -> duplicate group id."""
        result: dict[str, str] = {}
        sql = "SELECT article_id, group_id FROM duplicates WHERE article_id IN ({})"
        for row in self._rows_in(sql, ids):
            result[row["article_id"]] = row["group_id"]
        return result

    def article_detail(self, article_id: str) -> dict[str, Any]:
        """One article with its cleaned text, removed noise, group and story."""
        article = self.article(article_id)
        row = self._db.execute(
            "SELECT CASE WHEN c.article_id IS NOT NULL THEN COALESCE(c.text, article_text(a.text))"
            " END AS text,"
            " c.removals, d.group_id, d.relation, d.similarity, x.story_id"
            " FROM articles a LEFT JOIN cleaned c ON c.article_id = a.id"
            " LEFT JOIN duplicates d ON d.article_id = a.id"
            " LEFT JOIN story_articles x ON x.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return {
            **article_to_dict(article),
            "origin": self._origin_label(str(article.origin)),
            "heading": heading(
                article.title, article.text, self._origin_label(article.origin.path)
            ),
            "clean_text": row["text"],
            "removals": json.loads(row["removals"]) if row["removals"] else [],
            "duplicate_group": row["group_id"],
            "duplicate_relation": row["relation"],
            "story_id": row["story_id"],
        }

    def resolve_article_id(self, prefix: str) -> str:
        return self._resolve("articles", "id", prefix, "article")
