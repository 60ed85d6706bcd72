"""Small factories shared by the tests (store, pipeline, CLI, the stages after cleaning)."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.models import Accepted, Article, CleanArticle, Origin, Rejection, raw_hash


def make_article(
    text: str = "The council approved the plan on Tuesday.\n\nResidents welcomed it.",
    *,
    outlet: str = "Test Herald",
    title: str = "Council approves plan",
    published: datetime | None = datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
    path: str = "in/a.txt",
    line: int | None = None,
    url: str | None = "https://herald.example/council",
) -> Accepted:
    raw = f"{title}\n\n{text}".encode()
    article = Article.create(
        raw_id=raw_hash(raw),
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin(path, line=line),
        url=url,
        published=published,
        author="A. Writer",
    )
    return Accepted(article, raw)


def make_rejection(reason: str = "empty file", path: str = "in/empty.txt") -> Rejection:
    return Rejection(Origin(path), reason, raw=b"", format="text")


def make_clean_article(
    text: str,
    *,
    title: str = "",
    published: datetime | None = None,
    outlet: str = "The Test Courier",
) -> CleanArticle:
    """An article as the cleaning stage hands it on (its text kept whole), for the
    stages after it: clustering and threads."""
    article = Article.create(
        raw_id="raw",
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin("test.txt"),
        published=published,
    )
    return CleanArticle(article=article, text=text)
