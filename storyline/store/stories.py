"""Stories in the store: their members and headers (the pipeline's writes) and the
faces' story queries (lists with filters, one story whole)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import InvalidParameter, NotFound
from ..models import Article
from .codec import unpack_document
from .queries import StoreQueries
from .records import first_sentence, heading, iso

__all__ = ["StoryRecords"]


class StoryRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: story rows and memberships."""

    if TYPE_CHECKING:  # provided by the store's other parts

        def articles(self, ids: Sequence[str]) -> list[Article]: ...

        def groups_of(self, ids: Sequence[str]) -> dict[str, str]: ...

        def _clean_texts(self, ids: Sequence[str]) -> dict[str, str]: ...

        def _match_clause(self, query: str) -> tuple[str, Any]: ...

        def _lead_and_conflicts(self, story_id: str) -> tuple[str | None, bool]: ...

        def _add_cited_text(self, summary: dict[str, Any]) -> None: ...

    # -- writes (inside the pipeline's batch transaction) ------------------------

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

    # -- reads -------------------------------------------------------------------

    def story_members(self, story_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? ORDER BY a.published_ts IS NOT NULL, a.published_ts, a.id",
            (story_id,),
        ).fetchall()
        return [row["article_id"] for row in rows]

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

    def resolve_story_id(self, prefix: str) -> str:
        """The full id of the one story whose id starts with ``prefix``."""
        return self._resolve("stories", "id", prefix, "story")

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
