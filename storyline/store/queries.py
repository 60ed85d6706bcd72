"""Reading the store: articles, raw input, stories, search (the faces' queries)."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from ..errors import InvalidParameter, NotFound, StoreError
from ..models import Article, CleanArticle, Origin, Removal
from .codec import raw_basis, unpack_document, unpack_raw
from .records import (
    ARTICLE_COLUMNS,
    RawItem,
    article_to_dict,
    file_name_only,
    first_words,
    fts_query,
    heading,
    iso,
    row_to_article,
)

_IN_CHUNK = 500  # ids per IN (...) list
_CANDIDATES = 5  # ids listed when a prefix is ambiguous


class StoreQueries:
    """The read side of :class:`~storyline.store.SQLiteStore`."""

    _db: sqlite3.Connection
    #: False on a server other machines can reach: origins show file names, not folders.
    show_paths: bool = True
    #: The LIMIT that means "no limit" (a negative ``limit`` asks for every row).
    _NO_LIMIT: int | None = -1

    def _limit(self, limit: int) -> int | None:
        return self._NO_LIMIT if limit < 0 else limit

    def _match_clause(self, query: str) -> tuple[str, Any]:
        """The story filter (over ``stories s``) for a full-text query, and its argument."""
        return (
            "s.id IN (SELECT x.story_id FROM article_fts f JOIN articles a ON a.seq = f.rowid"
            " JOIN story_articles x ON x.article_id = a.id WHERE article_fts MATCH ?)",
            fts_query(query),
        )

    def _origin_label(self, origin: str) -> str:
        return origin if self.show_paths else file_name_only(origin)

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

    def counts(self) -> dict[str, int]:
        queries = {
            "articles": "SELECT COUNT(*) FROM articles",
            "pending": "SELECT COUNT(*) FROM articles WHERE round IS NULL OR round < 0",
            "duplicate_groups": "SELECT COUNT(DISTINCT group_id) FROM duplicates",
            "stories": "SELECT COUNT(*) FROM stories",
            "stories_pending": "SELECT COUNT(*) FROM stories WHERE dirty = 1",
            "rejections": "SELECT COUNT(*) FROM rejections",
            "raw_inputs": "SELECT COUNT(*) FROM raw",
        }
        return {name: int(self._db.execute(sql).fetchone()[0]) for name, sql in queries.items()}

    def last_settings(self) -> dict[str, Any] | None:
        """The settings of the last processing run (``Settings.as_dict``), if any."""
        row = self._db.execute("SELECT settings FROM rounds ORDER BY round DESC LIMIT 1").fetchone()
        return dict(json.loads(row["settings"])) if row else None

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
        min_sources: int = 0,
        language: str | None = None,
    ) -> list[dict[str, Any]]:
        """Story headers, newest (or biggest) first, optionally filtered.

        Each header has the story's ``lead`` (its first summary sentence, or
        None) and ``conflicts`` (True when the comparison found figures that
        conflict or a quote attributed to different speakers).  ``language``
        is an ISO 639-1 code (``"en"``, ``"ja"``): the story's language.
        """
        orders = {
            "recent": "s.last_ts IS NULL, s.last_ts DESC, s.id",
            "size": "s.size DESC, s.sources DESC, s.id",
            "sources": "s.sources DESC, s.size DESC, s.id",
        }
        if sort not in orders:
            raise InvalidParameter(
                f"The 'sort' parameter must be one of {', '.join(orders)}. Got {sort!r} instead."
            )
        where, args = _story_filters(
            outlet, since, until, query, min_sources, language, match=self._match_clause
        )
        sql = (
            "SELECT s.id, s.title, s.first_published, s.last_published, s.size, s.sources,"
            f" s.outlets, s.language FROM stories s WHERE {where}"
            f" ORDER BY {orders[sort]} LIMIT ? OFFSET ?"
        )
        rows = self._fetch(sql, [*args, self._limit(limit), offset])
        return [self._story_header(dict(row), brief=True) for row in rows]

    def count_stories(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        query: str | None = None,
        min_sources: int = 0,
        language: str | None = None,
    ) -> int:
        """How many stories :meth:`list_stories` with the same filters would list in all."""
        where, args = _story_filters(
            outlet, since, until, query, min_sources, language, match=self._match_clause
        )
        rows = self._fetch(f"SELECT COUNT(*) FROM stories s WHERE {where}", args)
        return int(rows[0][0])

    def _story_header(self, row: dict[str, Any], *, brief: bool = False) -> dict[str, Any]:
        outlets = self._db.execute(
            "SELECT a.outlet, COUNT(*) AS n FROM story_articles x JOIN articles a"
            " ON a.id = x.article_id WHERE x.story_id = ? GROUP BY a.outlet ORDER BY a.outlet",
            (row["id"],),
        ).fetchall()
        row["outlet_names"] = [o["outlet"] for o in outlets]
        if brief:
            row["lead"], row["conflicts"] = self._lead_and_conflicts(row["id"])
        return row

    def _lead_and_conflicts(self, story_id: str) -> tuple[str | None, bool]:
        """A story's first summary sentence, and whether its comparison found a disagreement:
        two figures that conflict, or one quote attributed to different speakers."""
        summary = self._db.execute(
            "SELECT data FROM summaries WHERE story_id = ?", (story_id,)
        ).fetchone()
        document = unpack_document(summary["data"], texts=self._clean_texts) if summary else {}
        sentences = document.get("sentences")
        lead = sentences[0].get("text") if sentences else None
        row = self._db.execute(
            "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
        ).fetchone()
        # only relations and flags are read here: the quoted texts are not needed
        comparison = unpack_document(row["data"]) if row else {}
        conflicting = any(
            pair.get("relation") == "conflicting"
            for group in comparison.get("figures") or []
            for pair in group.get("pairs") or []
        )
        disputed = any(quote.get("speaker_conflict") for quote in comparison.get("quotes") or [])
        return lead, conflicting or disputed

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
            f"SELECT {column}, title FROM {table} WHERE {column} >= ? AND {column} < ?"
            f" ORDER BY {column} LIMIT {_CANDIDATES + 1}",
            (cleaned, cleaned + "g"),
        ).fetchall()
        if not rows:
            raise NotFound(f"No {noun} {prefix!r}.")
        if len(rows) > 1:
            shown = "; ".join(f"{r[0][:16]} {r['title'][:60]}" for r in rows[:_CANDIDATES])
            more = " and more" if len(rows) > _CANDIDATES else ""
            raise NotFound(
                f"The {noun} id {prefix!r} is ambiguous; give more characters. "
                f"Candidates: {shown}{more}."
            )
        return str(rows[0][0])

    def story(self, story_id: str) -> dict[str, Any]:
        """Everything about one story: header, articles, groups, summary, comparison."""
        row = self._db.execute(
            "SELECT id, title, first_published, last_published, size, sources, outlets,"
            " language FROM stories WHERE id = ?",
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
                "heading": heading(article.title, article.text, article.origin.path),
                "url": article.url,
                "published": iso(article.published),
                "author": article.author,
                "duplicate_group": groups.get(article.id),
                "origin": self._origin_label(str(article.origin)),
                "removals": removals.get(article.id, []),
            }
            for article in self.articles(members)
        ]
        result["duplicate_groups"] = self._groups(members)
        summary = self._db.execute(
            "SELECT data FROM summaries WHERE story_id = ?", (story_id,)
        ).fetchone()
        result["summary"] = (
            unpack_document(summary["data"], texts=self._clean_texts) if summary else None
        )
        if result["summary"]:
            self._add_cited_text(result["summary"])
        comparison = self._db.execute(
            "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
        ).fetchone()
        result["comparison"] = (
            unpack_document(comparison["data"], texts=self._clean_texts) if comparison else None
        )
        thread = self._db.execute(
            "SELECT thread_id FROM thread_stories WHERE story_id = ?", (story_id,)
        ).fetchone()
        result["thread_id"] = thread["thread_id"] if thread else None
        return result

    def _add_cited_text(self, summary: dict[str, Any]) -> None:
        """Give each citation the text it points at (``text``), from the cleaned article."""
        sentences = summary.get("sentences", [])
        cited = list(dict.fromkeys(c["article_id"] for s in sentences for c in s["citations"]))
        texts = {article.id: article.text for article in self.cleaned_articles(cited)}
        for sentence in sentences:
            for citation in sentence["citations"]:
                text = texts.get(citation["article_id"], "")
                citation["text"] = text[citation["start"] : citation["end"]]

    def _removals(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        result: dict[str, list[dict[str, Any]]] = {}
        sql = "SELECT article_id, removals FROM cleaned WHERE article_id IN ({})"
        for row in self._rows_in(sql, ids):
            result[row["article_id"]] = json.loads(row["removals"])
        return result

    def _groups(self, members: Sequence[str]) -> list[dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        sql = (
            "SELECT d.group_id, d.article_id, d.relation, d.similarity, a.outlet"
            " FROM duplicates d JOIN articles a ON a.id = d.article_id"
            " WHERE d.article_id IN ({}) ORDER BY d.group_id, a.seq"
        )
        for row in self._rows_in(sql, members):
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

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5) over cleaned articles; best matches first."""
        try:
            rows = self._fetch(
                "SELECT a.id, a.outlet, a.title, a.published, x.story_id,"
                " substr(article_text(a.text), 1, 200) AS body_start,"
                " snippet(article_fts, 1, '[', ']', ' … ', 12) AS snippet,"
                " bm25(article_fts) AS score FROM article_fts"
                " JOIN articles a ON a.seq = article_fts.rowid"
                " LEFT JOIN story_articles x ON x.article_id = a.id"
                " WHERE article_fts MATCH ? ORDER BY score, a.id LIMIT ?",
                [fts_query(query), limit],
            )
        except sqlite3.OperationalError as exc:
            raise InvalidParameter(f"Cannot search for {query!r}: {exc}") from None
        hits = [dict(row) for row in rows]
        for hit in hits:
            hit["heading"] = hit["title"] or first_words(hit.pop("body_start") or "", 8)
            hit.pop("body_start", None)
        return hits

    def _rows_in(self, sql: str, ids: Sequence[str]) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` whose ``IN ({})`` is filled with ``ids``, in chunks that stay
        under SQLite's limit on bound parameters."""
        items = list(ids)
        for start in range(0, len(items), _IN_CHUNK):
            chunk = items[start : start + _IN_CHUNK]
            yield from self._db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def _fetch(self, sql: str, args: Iterable[Any]) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, list(args)).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise InvalidParameter(f"Invalid search query: {exc}") from None
            raise StoreError(str(exc)) from None


def _story_filters(
    outlet: str | None,
    since: datetime | None,
    until: datetime | None,
    query: str | None,
    min_sources: int,
    language: str | None = None,
    *,
    match: Callable[[str], tuple[str, Any]],
) -> tuple[str, list[Any]]:
    """The WHERE clause (over ``stories s``) and its arguments for the story filters."""
    if not isinstance(min_sources, int) or isinstance(min_sources, bool) or min_sources < 0:
        raise InvalidParameter(
            f"The 'min_sources' parameter must be an int in [0, inf]. Got {min_sources!r} instead."
        )
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
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
        clause, argument = match(query)
        where.append(clause)
        args.append(argument)
    if min_sources:
        where.append("s.sources >= ?")
        args.append(min_sources)
    if language:
        where.append("s.language = ?")
        args.append(language.strip().lower())
    return " AND ".join(where), args
