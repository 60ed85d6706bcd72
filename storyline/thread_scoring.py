"""How a new story, or a one-story thread that grew, scores against the open threads.

:class:`ThreadScoring` is the matching half of
:class:`storyline.threads.ThreadTracker` (it is not used alone): the
sentence-embedding hooks, the body cosine as the best of the thread and of
its latest member stories, the learned model's features with names and
figures weighed by their rarity among the open threads (and the embedding
cosine, with ``thread.embeddings``), and the best thread for a story or for
a one-story thread re-scored.  Which model is loaded, where an article goes
once scored, and what is kept for each thread, are the tracker's part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from storyline import embeddings as _embeddings
from storyline.cluster import StoryClusterer
from storyline.groups import OpenGroup
from storyline.models import CleanArticle
from storyline.similarity import Profile
from storyline.similarity import features as pair_features
from storyline.thread_embeddings import ThreadEmbeddings
from storyline.thread_members import ThreadMembers
from storyline.thread_parts import KeyRarity, body_cosine

if TYPE_CHECKING:  # numpy is imported only when embeddings are on
    import numpy as np

__all__ = ["ThreadScoring"]


class ThreadScoring(StoryClusterer):
    """The thread level's scoring over the story clusterer's; the tracker holds the state.

    ``_embedder``, ``_embs`` and ``_embed_article`` reach into the embedding
    state (the similarity trainer replays the tracker through them).

    ``embeddings`` is the tracker's parameter; ``_keys`` (name and figure
    rarity), ``_vectors`` (the sentence-embedding state) and ``_members`` (the
    stories and latest member stories of each thread) are made by the tracker.
    """

    embeddings: str
    _keys: KeyRarity
    _vectors: ThreadEmbeddings
    _members: ThreadMembers

    @property
    def _embedder(self) -> _embeddings.Embedder | None:
        """The sentence embedder, None while embeddings are off."""
        return self._vectors.embedder

    @_embedder.setter
    def _embedder(self, embedder: _embeddings.Embedder | None) -> None:
        self._vectors.embedder = embedder

    @property
    def _embs(self) -> dict[str, np.ndarray]:
        """Each open thread's sum of its counted articles' sentence embeddings."""
        return self._vectors.sums

    def _embed_article(self, article: CleanArticle) -> None:
        """The article being placed: its embedding is counted, and scored as its story's."""
        self._vectors.embed_article(article)

    def _pair_features(self, cosine: float, item: Profile, thread: OpenGroup) -> tuple[float, ...]:
        """The learned model's features, names and figures weighted by their rarity.

        With embeddings, one more: the best cosine of the story being placed (its
        first article, or a one-story thread re-scored) to ``thread``'s embedding
        or to one of its latest member stories', as for the body cosine.
        """
        if self._keys.stale:
            self._keys.recount(thread.profile for thread in self._open.values())
        found = pair_features(cosine, item, thread.profile, rarity=self._keys.rarity)
        if self._embedder is None:
            return found
        return (*found, self._vectors.cosine(thread.id, self._members.parts_of(thread.id)))

    def _body_cosine(self, vector: Mapping[str, float], thread: OpenGroup) -> float:
        """The best mean cosine to the thread, or to one of its latest member stories."""
        return body_cosine(vector, thread, self._members.parts_of(thread.id))

    def _best_story(
        self,
        vector: Mapping[str, float],
        item: Profile | None = None,
        moment: float | None = None,
    ) -> OpenGroup | None:
        """The open thread that scores highest, if it reaches the bar (as the clusterer's,
        with the names and figures weighted by rarity)."""
        best: OpenGroup | None = None
        model = self._model
        bar = self.threshold if model is None or item is None else self._min_log_odds
        for thread in self._shortlist(vector):
            score = self._body_cosine(vector, thread)
            if moment is not None and thread.last_active is not None:
                score *= self._gap_factor(moment - thread.last_active)
            if model is not None and item is not None:
                score = model.score(self._pair_features(score, item, thread))
            if score > bar or (score == bar and (best is None or thread.id < best.id)):
                best, bar = thread, score
        return best

    def _best_other(self, thread: OpenGroup) -> OpenGroup | None:
        """The other open thread a one-story thread resembles most, if it reaches the bar."""
        size = thread.size
        if not size:
            return None
        mean = {term: weight / size for term, weight in thread.centroid.items()}
        keys = thread.profile
        item = Profile(
            title_terms=frozenset(keys.title_terms),
            names=frozenset(keys.names),
            figures=frozenset(keys.figures),
        )
        best: OpenGroup | None = None
        model = self._model
        bar = self.threshold if model is None else self._min_log_odds
        if self._embedder is not None:
            self._vectors.aim_at(thread.id)
        for other in self._shortlist(mean):
            if other.id == thread.id or not other.size:
                continue
            score = self._body_cosine(mean, other)
            if model is not None:
                score = model.score(self._pair_features(score, item, other))
            if score > bar or (score == bar and best is not None and other.id < best.id):
                best, bar = other, score
        return best
