"""Small factories shared by the lead's tests (store, pipeline, CLI)."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.models import Accepted, Article, Origin, Rejection, raw_hash


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
