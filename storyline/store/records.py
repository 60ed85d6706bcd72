"""Conversions between the data model, SQLite rows and JSON-ready dicts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import InvalidParameter
from ..models import Article, Citation, Origin, Summary, SummarySentence
from ..text import sentences

ARTICLE_COLUMNS = (
    "seq, id, raw_id, format, outlet, title, article_text(text) AS text, url, published, author,"
    " kicker, standfirst, origin_path, origin_line, origin_offset, origin_entry, outlet_arg,"
    " language"
)

#: (kind, format, raw bytes, outlet_arg, origin, id, seq); kind is "article" or "rejection".
RawItem = tuple[str, str, bytes, str | None, Origin, str, int]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def timestamp(value: datetime | None) -> float | None:
    return value.timestamp() if value else None


def parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "raw_id": article.raw_id,
        "format": article.format,
        "outlet": article.outlet,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "published": iso(article.published),
        "author": article.author,
        "kicker": article.kicker,
        "standfirst": article.standfirst,
        "language": article.language,
        "origin": str(article.origin),
    }


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    return {
        "story_id": summary.story_id,
        "word_budget": summary.word_budget,
        "sentences": [
            {
                "text": sentence.text,
                "sources": sentence.sources,
                "outlets": list(sentence.outlets),
                "citations": [
                    {
                        "article_id": c.article_id,
                        "outlet": c.outlet,
                        "start": c.start,
                        "end": c.end,
                        "similarity": round(c.similarity, 4),
                    }
                    for c in sentence.citations
                ],
            }
            for sentence in summary.sentences
        ],
    }


def summary_from_dict(data: dict[str, Any]) -> Summary:
    return Summary(
        story_id=data["story_id"],
        word_budget=data["word_budget"],
        sentences=tuple(
            SummarySentence(
                text=s["text"],
                sources=s["sources"],
                citations=tuple(Citation(**c) for c in s["citations"]),
            )
            for s in data["sentences"]
        ),
    )


def row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        raw_id=row["raw_id"],
        format=row["format"],
        outlet=row["outlet"],
        title=row["title"],
        text=row["text"],
        origin=Origin(
            row["origin_path"], row["origin_line"], row["origin_offset"], row["origin_entry"]
        ),
        url=row["url"],
        published=parse_iso(row["published"]),
        author=row["author"],
        kicker=row["kicker"],
        standfirst=row["standfirst"],
        language=row["language"],
    )


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, whole (a title for an article that has none)."""
    found = sentences(text)
    return found[0].text if found else ""


def first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def heading(title: str, text: str, path: str) -> str:
    """What to call an article: its title, else its first words, else its file name."""
    if title.strip():
        return title.strip()
    if text.strip():
        return first_words(text, 8)
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name or "(no title)"


def fts_query(query: str) -> str:
    """Quote each word so user input is never FTS5 syntax (a phrase search of terms)."""
    words = [w for w in query.replace('"', " ").split() if w]
    if not words:
        raise InvalidParameter("The search query is empty.")
    return " ".join(f'"{w}"' for w in words)


def file_name_only(origin: str) -> str:
    """An origin label without its folders: ``/home/a/news.jsonl:3`` -> ``news.jsonl:3``."""
    return PureWindowsPath(PurePosixPath(origin).name).name
