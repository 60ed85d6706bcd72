"""The thread tracker's sentence-embedding state (``thread.embeddings``; off by default).

With embeddings on, the cosine between the sentence embeddings of a new story
and of a thread (or of one of its latest member stories) is one more feature
of the learned thread similarity.  :class:`ThreadEmbeddings` holds what that
needs between articles: the embedder, each open thread's sum of its counted
articles' embeddings, a batch's embeddings made ahead in one call, the
embedding of the article being placed and the story embedding scored against
the threads.  When an article counts, when threads merge or close, is
:class:`storyline.threads.ThreadTracker`'s policy; this object only keeps the
sums in step and saves them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storyline import embeddings as _embeddings
from storyline.errors import InvalidParameter
from storyline.models import CleanArticle
from storyline.thread_parts import (
    StoryPart,
    add_vector,
    best_cosine,
    decode_vector,
    embed_articles,
    encode_vector,
    unit_embedding,
)

if TYPE_CHECKING:  # numpy is imported only when embeddings are on
    import numpy as np

__all__ = ["ThreadEmbeddings"]


class ThreadEmbeddings:
    """Sentence-embedding sums of the open threads, and the story being scored.

    ``embedder`` is None while embeddings are off (every method is then a no-op
    or scores 0); ``sums`` maps an open thread id to the sum of its counted
    articles' embeddings (not normalised).
    """

    def __init__(self) -> None:
        self.embedder: _embeddings.Embedder | None = None
        self.sums: dict[str, np.ndarray] = {}
        # The batch's embeddings made ahead, the article being placed's, and the story
        # embedding scored against the threads (unit length).
        self.prepared: dict[str, np.ndarray] = {}
        self.article: np.ndarray | None = None
        self.query: np.ndarray | None = None

    # -- embedding articles ---------------------------------------------------

    def prepare(self, articles: Sequence[CleanArticle]) -> None:
        """Embed a batch's articles ahead, in one call to the embedder."""
        self.prepared = dict(zip([a.id for a in articles], self.embed(articles), strict=True))

    def embed(self, articles: Sequence[CleanArticle]) -> list[np.ndarray]:
        assert self.embedder is not None
        return embed_articles(self.embedder, articles)

    def embed_article(self, article: CleanArticle) -> None:
        """The article being placed: its embedding is counted, and scored as its story's."""
        embedding = self.prepared.pop(article.id, None)
        if embedding is None:
            (embedding,) = self.embed([article])
        self.article = self.query = embedding

    def aim_at(self, thread_id: str) -> None:
        """Score the whole of ``thread_id`` (a one-story thread re-scored) from now on."""
        self.query = unit_embedding(self.sums.get(thread_id))

    def cosine(self, thread_id: str, parts: Iterable[StoryPart]) -> float:
        """The best cosine of the story scored to the thread's embedding or a member story's."""
        query = self.query
        if query is None:
            return 0.0
        sums = [self.sums.get(thread_id)]
        sums += [part.embedding for part in parts]
        return best_cosine(query, sums)

    # -- keeping the sums in step ---------------------------------------------

    def count(self, thread_id: str) -> None:
        """The article being placed counts towards ``thread_id``'s sum."""
        if self.article is not None:
            self.sums[thread_id] = add_vector(self.sums.get(thread_id), self.article)

    def whole(self, thread_id: str) -> np.ndarray | None:
        """A copy of ``thread_id``'s sum (for the part that is the thread so far)."""
        embedding = self.sums.get(thread_id)
        return None if embedding is None else embedding.copy()

    def merge(self, thread_id: str, *, into: str) -> None:
        """``thread_id``'s sum is added to ``into``'s; ``thread_id`` is gone."""
        embedding = self.sums.pop(thread_id, None)
        if embedding is not None:
            self.sums[into] = add_vector(self.sums.get(into), embedding)

    def drop(self, thread_id: str) -> None:
        self.sums.pop(thread_id, None)

    def restore(self, thread_id: str, counted: Sequence[CleanArticle]) -> None:
        """A restored thread's sum, from the articles it counts (embeddings on only)."""
        if self.embedder is None:
            return
        vectors = self.embed(counted)
        total = vectors[0].copy()
        for vector in vectors[1:]:
            total += vector
        self.sums[thread_id] = total

    # -- saved state ----------------------------------------------------------

    def save(self, item: dict[str, Any]) -> None:
        """Add the thread's sum to its saved ``item``, if it has one."""
        embedding = self.sums.get(item["id"])
        if embedding is not None:
            item["embedding"] = encode_vector(embedding)

    def load(
        self, items: Iterable[Mapping[str, Any]], open_ids: Mapping[str, Any], name: str
    ) -> None:
        """The sums of the saved open threads; with embeddings on, each must have one."""
        self.sums = {}
        if self.embedder is None:
            return
        for item in items:
            if item["id"] not in open_ids:
                continue
            if "embedding" not in item:
                raise InvalidParameter(
                    f"The saved thread {item['id']!r} has no sentence embedding "
                    f"(embeddings = {name!r}); rebuild the threads."
                )
            self.sums[item["id"]] = decode_vector(item["embedding"])
