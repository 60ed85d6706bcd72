"""The data model: frozen dataclasses with stable, content-derived ids.

Every derived object keeps the ids of what it came from, so a summary sentence
can be traced to an article and a character span in that article's cleaned
text.  Stages never mutate these objects; they return new ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "Accepted",
    "Article",
    "Citation",
    "CleanArticle",
    "DuplicateGroup",
    "DuplicateMember",
    "Origin",
    "Rejection",
    "Removal",
    "Story",
    "Summary",
    "SummarySentence",
    "stable_id",
]

ID_LENGTH = 16


def stable_id(kind: str, *parts: str) -> str:
    """A short hex id derived only from ``kind`` and ``parts`` (same input, same id).

    Lone surrogates (from a JSON ``"\\ud800"`` escape or an undecodable file
    name) are hashed as their code units instead of failing.
    """
    joined = "\x1f".join((kind, *parts))
    digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:ID_LENGTH]


def raw_hash(data: bytes) -> str:
    """Full sha256 of raw input bytes; the key of the raw-input table."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Origin:
    """Where an article or rejection came from.

    ``path`` is the file as given (``"<stdin>"`` for standard input); at most
    one of ``line`` (1-based, JSON Lines), ``offset`` (byte offset of a WARC
    record) and ``entry`` (0-based index of a feed entry) is set.
    """

    path: str
    line: int | None = None
    offset: int | None = None
    entry: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.offset is not None:
            return f"{self.path}@{self.offset}"
        if self.entry is not None:
            return f"{self.path}#{self.entry}"
        return self.path


@dataclass(frozen=True)
class Article:
    """One article as ingested, before cleaning.

    ``text`` is the body with paragraphs separated by a blank line (``"\\n\\n"``).
    ``published`` is timezone-aware (UTC when the input gave no zone).
    ``raw_id`` is the sha256 of the raw bytes this article was read from (the
    whole file for HTML/text/feeds, the line for JSON Lines, the whole record
    for WARC); the store keeps those bytes compressed.
    """

    id: str
    raw_id: str
    format: str
    outlet: str
    title: str
    text: str
    origin: Origin
    url: str | None = None
    published: datetime | None = None
    author: str | None = None
    kicker: str | None = None
    standfirst: str | None = None
    language: str | None = None  # ISO 639-1, detected at ingest; not part of the id

    @classmethod
    def create(
        cls,
        *,
        raw_id: str,
        format: str,
        outlet: str,
        title: str,
        text: str,
        origin: Origin,
        url: str | None = None,
        published: datetime | None = None,
        author: str | None = None,
        kicker: str | None = None,
        standfirst: str | None = None,
        language: str | None = None,
    ) -> Article:
        """Build an article whose id is derived from its content (not its location)."""
        article_id = stable_id(
            "article",
            outlet,
            url or "",
            title,
            published.isoformat() if published else "",
            text,
        )
        return cls(
            id=article_id,
            raw_id=raw_id,
            format=format,
            outlet=outlet,
            title=title,
            text=text,
            origin=origin,
            url=url,
            published=published,
            author=author,
            kicker=kicker,
            standfirst=standfirst,
            language=language,
        )


@dataclass(frozen=True)
class Accepted:
    """An article read by ingest, with the raw bytes it came from.

    ``outlet_given`` is False when the input named no outlet and the article
    is shown by its URL's site or its file name instead.
    """

    article: Article
    raw: bytes
    outlet_given: bool = True


@dataclass(frozen=True)
class Rejection:
    """An input (file, line, record, entry) that could not be used.

    Kept with its raw bytes so that it can be re-processed after a fix.
    """

    origin: Origin
    reason: str
    raw: bytes = b""
    format: str | None = None
    action: str = "skipped; kept as a rejection with its raw bytes"

    @property
    def id(self) -> str:
        return stable_id("rejection", str(self.origin), self.reason, raw_hash(self.raw))

    def message(self) -> str:
        """One line naming the input, the reason and what was done."""
        return f"{self.origin}: {self.reason} ({self.action})"


@dataclass(frozen=True)
class Removal:
    """A piece of text that cleaning dropped, and why.

    ``paragraph`` is the index of the paragraph in the ingested text
    (``Article.text`` split on blank lines).
    """

    reason: str
    text: str
    paragraph: int


@dataclass(frozen=True)
class CleanArticle:
    """An article after cleaning: normalised text, noise removed and logged."""

    article: Article
    text: str
    removals: tuple[Removal, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def outlet(self) -> str:
        return self.article.outlet

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def published(self) -> datetime | None:
        return self.article.published


@dataclass(frozen=True)
class DuplicateMember:
    """One article of a duplicate group.

    ``relation`` is ``"canonical"``, ``"exact"`` (same normalised text) or
    ``"near"`` (estimated containment of the shorter text's shingles in the other at
    least the threshold);
    ``similarity`` is that estimate against the canonical article (1.0 for
    the canonical and exact copies).
    """

    article_id: str
    relation: str
    similarity: float = 1.0


@dataclass(frozen=True)
class DuplicateGroup:
    """Exact and near copies of one text; counts as one independent source."""

    id: str
    canonical: str
    members: tuple[DuplicateMember, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(member.article_id for member in self.members)


@dataclass(frozen=True)
class Story:
    """Articles about one event, grouped by the online clusterer.

    The id is derived from the article that opened the story, so it stays
    the same across runs and rebuilds of the same input.
    """

    id: str
    article_ids: tuple[str, ...]
    title: str
    first_published: datetime | None = None
    last_published: datetime | None = None


@dataclass(frozen=True)
class Citation:
    """A span of an article's cleaned text that says what a summary sentence says."""

    article_id: str
    outlet: str
    start: int
    end: int
    similarity: float = 1.0


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence with every article that reports it.

    ``sources`` counts independent sources (duplicate groups count once).
    """

    text: str
    citations: tuple[Citation, ...]
    sources: int

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for citation in self.citations:
            seen.setdefault(citation.outlet, None)
        return tuple(seen)


@dataclass(frozen=True)
class Summary:
    """An extractive, attributed summary of one story."""

    story_id: str
    sentences: tuple[SummarySentence, ...]
    word_budget: int
    params: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)
