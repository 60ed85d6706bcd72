"""The store's public interface: what a user of the library (and every face) needs.

:class:`~storyline.store.SQLiteStore` implements it, and so does
:class:`~storyline.store.postgres.PostgresStore` (the same statements through a
dialect translation).  The pipeline's own bookkeeping (processing rounds,
stage state, duplicate index, summaries to write) is private to each backend:
its methods start with an underscore and are called by
:class:`~storyline.pipeline.Pipeline` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..models import Accepted, Article, CleanArticle, Rejection

__all__ = ["PUBLIC_METHODS", "Store"]


@runtime_checkable
class Store(Protocol):
    """Open with :func:`~storyline.store.open_store`; use as a context manager."""

    path: str

    # -- the store itself
    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def schema_version(self) -> int: ...
    def counts(self) -> dict[str, int]: ...
    def last_settings(self) -> dict[str, Any] | None: ...
    def compact(self, *, min_share: float = 0.1) -> bool: ...

    # -- adding what was read (ingest_records and Pipeline.ingest call these)
    def add_article(self, accepted: Accepted, *, outlet_arg: str | None = None) -> bool: ...
    def add_rejection(self, rejection: Rejection, *, outlet_arg: str | None = None) -> bool: ...

    # -- stories
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
    ) -> list[dict[str, Any]]: ...
    def count_stories(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        query: str | None = None,
        min_sources: int = 0,
        language: str | None = None,
    ) -> int: ...
    def story(self, story_id: str) -> dict[str, Any]: ...
    def story_members(self, story_id: str) -> list[str]: ...
    def resolve_story_id(self, prefix: str) -> str: ...

    # -- threads (developing stories: the stories of one topic over weeks)
    def list_threads(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]: ...
    def thread_header(self, thread_id: str) -> dict[str, Any]: ...
    def thread_of_story(self, story_id: str) -> str | None: ...
    def thread_count(self) -> int: ...
    def resolve_thread_id(self, prefix: str) -> str: ...

    # -- articles
    def has_article(self, article_id: str) -> bool: ...
    def article(self, article_id: str) -> Article: ...
    def articles(self, ids: Sequence[str]) -> list[Article]: ...
    def cleaned_articles(self, ids: Sequence[str]) -> list[CleanArticle]: ...
    def groups_of(self, ids: Sequence[str]) -> dict[str, str]: ...
    def article_detail(self, article_id: str) -> dict[str, Any]: ...
    def resolve_article_id(self, prefix: str) -> str: ...
    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]: ...

    # -- what could not be used, and the raw input kept for re-parsing
    def rejections(self) -> list[dict[str, Any]]: ...
    def raw(self, raw_id: str) -> bytes: ...


#: The public method names of a store (the rest of a backend starts with "_").
PUBLIC_METHODS = frozenset(
    name for name in vars(Store) if not name.startswith("_") and callable(getattr(Store, name))
)
