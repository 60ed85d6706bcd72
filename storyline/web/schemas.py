"""The shapes of the HTTP API's answers (pydantic models, shown at ``/docs``).

The routes build their JSON from the store's dicts; these models describe it
for the OpenAPI schema, and the tests check every answer against them (extra
keys are forbidden, so a field added to an answer must be added here too).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ArticleOut",
    "IngestOut",
    "RejectionsOut",
    "SearchOut",
    "StatusOut",
    "StoryListOut",
    "StoryOut",
    "ThreadListOut",
    "ThreadOut",
]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryHeader(_Shape):
    id: str = Field(description="stable story id (16 hex digits; a unique prefix is accepted)")
    title: str
    first_published: str | None = Field(description="ISO 8601 time of the first article")
    last_published: str | None = Field(description="ISO 8601 time of the latest article")
    size: int = Field(description="articles in the story")
    sources: int = Field(description="independent sources: copies of one text count once")
    outlets: int
    outlet_names: list[str]
    thread_id: str | None = Field(
        default=None, description="the thread (developing story) this story belongs to"
    )
    language: str | None = Field(
        description="the story's language, ISO 639-1 (the most common among its articles)"
    )


class StoryListItem(StoryHeader):
    lead: str | None = Field(description="the summary's first sentence")
    conflicts: bool = Field(description="the outlets disagree on a figure or on who said a quote")


class StoryListOut(_Shape):
    stories: list[StoryListItem]
    total: int = Field(description="stories matching the filters, on all pages")
    limit: int
    offset: int
    next_offset: int | None


class RemovalOut(_Shape):
    reason: str
    text: str
    paragraph: int = Field(description="paragraph of the ingested text, counted from 0")


class StoryArticle(_Shape):
    id: str
    outlet: str
    title: str
    heading: str = Field(description="the title, or the first words when there is none")
    url: str | None
    published: str | None
    author: str | None
    duplicate_group: str | None
    origin: str = Field(description="file (and line, offset or entry) the article came from")
    removals: list[RemovalOut]


class DuplicateMemberOut(_Shape):
    article_id: str
    outlet: str
    relation: Literal["canonical", "exact", "near"]
    similarity: float


class DuplicateGroupOut(_Shape):
    id: str
    canonical: str | None = None
    members: list[DuplicateMemberOut]


class CitationOut(_Shape):
    article_id: str
    outlet: str
    start: int = Field(description="character offset in the article's cleaned text")
    end: int
    similarity: float
    text: str = Field(description="the cited words: clean_text[start:end]")


class SentenceOut(_Shape):
    text: str
    sources: int
    outlets: list[str]
    citations: list[CitationOut]


class SummaryOut(_Shape):
    story_id: str
    word_budget: int
    sentences: list[SentenceOut]


class StoryOut(StoryHeader):
    articles: list[StoryArticle]
    duplicate_groups: list[DuplicateGroupOut]
    summary: SummaryOut | None
    comparison: dict[str, Any] | None = Field(
        description="facts, figures, quotes, timeline and names compared across outlets"
    )


class ArticleOut(_Shape):
    id: str
    raw_id: str
    format: str
    outlet: str
    title: str
    heading: str
    text: str = Field(description="the text as ingested")
    url: str | None
    published: str | None
    author: str | None
    kicker: str | None
    standfirst: str | None
    language: str | None = Field(description="detected language, ISO 639-1 (en, de, ja, ...)")
    origin: str
    clean_text: str | None
    removals: list[RemovalOut]
    duplicate_group: str | None
    duplicate_relation: str | None
    story_id: str | None


class SearchHit(_Shape):
    id: str = Field(description="article id")
    outlet: str
    title: str
    heading: str
    published: str | None
    story_id: str | None
    snippet: str = Field(description="matching words in [brackets]")
    score: float = Field(description="bm25 rank: lower is better")


class SearchOut(_Shape):
    query: str
    results: list[SearchHit]


class RejectionOut(_Shape):
    seq: int
    id: str
    path: str
    line: int | None
    offset: int | None
    entry: int | None
    reason: str
    action: str
    format: str | None
    raw_id: str
    raw_size: int
    created_at: str
    location: str


class RejectionsOut(_Shape):
    rejections: list[RejectionOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class StatusOut(_Shape):
    ok: Literal[True]
    version: str
    db: str
    schema_version: int
    articles: int
    pending: int = Field(description="articles stored but not yet grouped")
    duplicate_groups: int
    stories: int
    stories_pending: int = Field(description="stories without an up-to-date summary")
    rejections: int
    raw_inputs: int
    writes: Literal["token", "open"]
    max_body_bytes: int


class RejectedOut(_Shape):
    input: str
    reason: str
    action: str


class PostedArticle(_Shape):
    id: str
    status: Literal["added", "already stored"]
    outlet: str
    title: str
    story_id: str | None


class IngestOut(_Shape):
    ok: Literal[True]
    files: int
    added: int
    already_stored: int
    rejected: list[RejectedOut]
    processed: int
    stories_changed: int
    summaries: int
    without_outlet: int = Field(
        description="new articles whose input named no outlet: each is its own source, "
        "shown by its URL's site or its file name"
    )
    articles: list[PostedArticle]
    store: dict[str, int]


class ThreadHeader(_Shape):
    id: str = Field(description="stable thread id (16 hex digits; a unique prefix is accepted)")
    title: str
    first_published: str | None
    last_published: str | None
    stories: int = Field(description="stories (events) in the thread")
    articles: int


class ThreadListItem(ThreadHeader):
    story_ids: list[str] = Field(description="the thread's stories, oldest first")


class ThreadListOut(_Shape):
    threads: list[ThreadListItem]
    limit: int
    offset: int
    next_offset: int | None


class ThreadSentence(_Shape):
    text: str
    outlets: list[str]


class ThreadStory(_Shape):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    size: int
    sources: int
    outlet_names: list[str]
    lead: ThreadSentence | None = Field(description="the story summary's first sentence")
    changes: list[ThreadSentence] = Field(
        description="summary sentences that say what the previous story's summary did not"
    )


class ThreadOut(ThreadHeader):
    timeline: list[ThreadStory] = Field(description="the thread's stories, oldest first")
