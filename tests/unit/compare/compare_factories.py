"""Small builders for compare tests: articles with invented text."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.compare.quotes import extract_quotes
from storyline.models import Article, CleanArticle, Origin


def make_article(
    text: str,
    *,
    outlet: str = "Test Gazette",
    published: str | None = "2025-10-20T09:00:00",
    title: str = "A story",
) -> CleanArticle:
    """A cleaned article whose text is ``text`` as given (paragraphs split by blank lines)."""
    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    article = Article.create(
        raw_id="raw-" + outlet,
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin(f"{outlet}.txt"),
        published=when,
    )
    return CleanArticle(article=article, text=text)


def pairs(text: str) -> list[tuple[str, str | None]]:
    """Each quote of ``text`` (its closing comma or full stop dropped) with its speaker."""
    return [(q.text.rstrip(",."), q.speaker) for q in extract_quotes(text)]
