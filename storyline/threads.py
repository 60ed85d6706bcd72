"""Threads: the stories of one developing topic, linked online over weeks.

A story is one event (a strike is called); a thread follows the topic across
events (the strike is held, then settled).  The :class:`ThreadTracker` works
like the story clusterer one level up, on the same article stream:

* when an article opens a new story, the story joins the open thread it
  resembles most -- the learned similarity of :mod:`storyline.similarity`
  over the best mean cosine to the thread or to one of its latest member
  stories, and the names, figures (both weighed by their rarity among the
  open threads' articles) and titles, with the thread level's own weights
  and bar -- or opens a thread whose id is ``stable_id("thread", <story id>)``;
* every later article of a story goes to that story's thread and counts
  towards its centroid (a wire copy, as in the clusterer, counts once);
* optionally (``embeddings = "minilm"``, off by default) the cosine between
  sentence embeddings of the new story and of the thread is one more learned
  feature (:mod:`storyline.embeddings`); the thread's vectors are saved with it;
* a thread goes quiet after ``quiet_days`` without a new article (longer than
  a story's gap, since a developing topic pauses between events) and at most
  ``max_open`` threads stay open, so memory follows the open threads.

Since story ids are stable and the tracker sees articles in the clusterer's
order, thread ids are stable across runs and rebuilds and do not depend on
the order of articles inside a batch.  Every story belongs to exactly one
thread (a one-story thread is fine).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storyline import embeddings as _embeddings
from storyline.cluster import StoryClusterer, _sort_key
from storyline.errors import InvalidParameter, check_number
from storyline.groups import OpenGroup
from storyline.models import CleanArticle
from storyline.similarity import Profile, load_model
from storyline.similarity import features as pair_features
from storyline.thread_parts import (
    KeyRarity,
    StoryPart,
    add_vector,
    best_cosine,
    body_cosine,
    counted_new,
    decode_vector,
    embed_articles,
    encode_vector,
    parts_from_state,
    parts_state,
    trim_parts,
    unit_embedding,
)

if TYPE_CHECKING:  # numpy is imported only when embeddings are on
    import numpy as np

__all__ = ["Thread", "ThreadTracker", "thread_stories"]


@dataclass(frozen=True)
class Thread:
    """A developing topic: its stories (in the order they joined) and their articles."""

    id: str
    story_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    title: str
    first_published: datetime | None = None
    last_published: datetime | None = None


class ThreadTracker(StoryClusterer):
    """Link stories into threads online; see the module docstring for the method.

    The parameters are the story clusterer's, with defaults for the topic
    level: a looser cosine ``threshold`` (used only without the learned
    weights), a longer ``quiet_days``, fewer open groups, more candidates,
    no fading with the gap inside the quiet time (``event_days`` 0), and
    compaction after a month without an article (``compact_days`` 30, the
    story level's quiet gap: by then none of the thread's stories is open,
    and only a new story can join it).

    ``member_stories``: a developing topic drifts (a strike is called, held,
    then settled), so a new story is scored against the thread as a whole and
    against each of the thread's ``member_stories`` latest stories (the best
    of these mean cosines counts: the new event may follow from the latest
    one more than from the thread's average).  Only threads of several
    stories keep these vectors, and only until compaction; 0 turns it off.

    ``embeddings``: "none" (the default: the lexical features only) or
    "minilm", which adds the cosine between sentence embeddings of the new
    story and of the thread (and of its latest member stories) as a learned
    feature, with its own weights (:mod:`storyline.embeddings`; needs the
    ``embeddings`` extra).  The vectors travel with the saved state; a store
    saved with another setting must be rebuilt.
    """

    name = "thread"
    # 2: the clusterer's version 4 (compaction of dormant threads);
    # 3: the vectors of the latest member stories (saved as "parts");
    # 4: sentence embeddings with thread.embeddings (a version 3 state is the same
    # data without them: it still loads, on the lexical path)
    version = "4"
    kind = "thread"

    def __init__(
        self,
        *,
        threshold: float = 0.08,
        quiet_days: float = 90.0,
        title_weight: float = 2.0,
        name_weight: float = 1.0,
        lead_chars: int = 500,
        query_terms: int = 12,
        story_terms: int = 40,
        candidates: int = 6,
        max_open: int = 5_000,
        keep_closed: bool = False,
        similarity: str = "learned",
        min_probability: float = 0.5,
        event_days: float = 0.0,
        compact_days: float = 30.0,
        compact_terms: int = 60,
        member_stories: int = 8,
        embeddings: str = "none",
    ) -> None:
        self.member_stories = member_stories
        self.embeddings = embeddings
        super().__init__(
            threshold=threshold,
            quiet_days=quiet_days,
            title_weight=title_weight,
            name_weight=name_weight,
            lead_chars=lead_chars,
            query_terms=query_terms,
            story_terms=story_terms,
            candidates=candidates,
            max_open=max_open,
            keep_closed=keep_closed,
            similarity=similarity,
            min_probability=min_probability,
            event_days=event_days,
            compact_days=compact_days,
            compact_terms=compact_terms,
        )
        self._thread_of_story: dict[str, str] = {}
        self._stories_of_thread: dict[str, dict[str, None]] = {}
        self._closed_threads: list[Thread] = []
        # How many counted members of the open threads state each name and figure
        # (rebuilt from the threads' profiles after a restore or a loaded state).
        self._keys = KeyRarity()
        # The latest member stories of each thread of several stories, each as the sum of
        # its articles' unit vectors and their count (a thread of one story is its story).
        self._parts: dict[str, dict[str, StoryPart]] = {}
        self._story_now = ""  # the story of the article being placed
        # With embeddings: the embedder, each open thread's sum of its articles' sentence
        # embeddings, the batch's embeddings made ahead, the article being placed's, and the
        # story embedding scored against the threads (unit length).
        self._embedder: _embeddings.Embedder | None = None
        self._embs: dict[str, np.ndarray] = {}
        self._prepared: dict[str, np.ndarray] = {}
        self._article_emb: np.ndarray | None = None
        self._query: np.ndarray | None = None

    def validate(self) -> None:
        super().validate()
        owner = type(self).__name__
        check_number(owner, "member_stories", self.member_stories, low=0, integer=True)
        if not isinstance(self.embeddings, str):
            raise InvalidParameter(
                f"The 'embeddings' parameter of {owner} must be a string. "
                f"Got {self.embeddings!r} instead."
            )
        _embeddings.check_name(owner, self.embeddings)
        if self.embeddings != "none" and self.similarity != "learned":
            raise InvalidParameter(
                f"The 'embeddings' parameter of {owner} ({self.embeddings!r}) is a feature of "
                f"the learned similarity; it needs similarity = 'learned', not "
                f"{self.similarity!r}."
            )

    def _load_model(self) -> None:
        """The lexical thread model, or with embeddings their own model and the embedder."""
        if self.embeddings == "none":
            super()._load_model()
            return
        # An explicit setting never falls back silently: a missing extra raises.
        self._embedder = _embeddings.get_embedder(self.embeddings)
        self._model = load_model(f"thread_{self.embeddings}")
        self._min_log_odds = math.log(self.min_probability / (1.0 - self.min_probability))

    def _feature_params(self) -> dict[str, Any]:
        params = super()._feature_params()
        if self.embeddings != "none":
            params["embeddings"] = self.embeddings
        return params

    # -- public API ---------------------------------------------------------

    def add(self, article: CleanArticle, *, group_id: str | None = None) -> str:
        raise InvalidParameter(
            "ThreadTracker places articles with their story: use add_to_thread(article, "
            "story_id=...) or add_stories(articles, story_of=...)."
        )

    def add_to_thread(
        self, article: CleanArticle, *, story_id: str, group_id: str | None = None
    ) -> str:
        """Put one article of story ``story_id`` into a thread and return the thread id."""
        self._ready()
        self._story_now = story_id
        known = self._story_of_article.get(article.id)
        if known is not None:
            return known
        active = self._advance(article.published)
        if group_id is not None and group_id in self._story_of_group:
            thread = self._open[self._story_of_group[group_id]]
            self._attach(thread, article, active, group_id)  # a copy counts once
        else:
            if self._embedder is not None:
                self._embed_article(article)
            thread_id = self._thread_of_story.get(story_id)
            if thread_id is None or thread_id not in self._open:
                thread = self._place(article, active, group_id, opener=story_id)
            else:
                thread = self._open[thread_id]
                self._follow(thread, article, active, group_id)
        self._note_story(thread.id, story_id)
        return thread.id

    def add_stories(
        self,
        articles: Sequence[CleanArticle],
        *,
        story_of: Mapping[str, str],
        group_of: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """A clustered batch in (publication date, article id) order; article id -> thread id."""
        self._ready()
        groups = group_of or {}
        ordered = sorted(articles, key=_sort_key)
        if self._embedder is not None:
            self._prepare(self._to_embed(ordered, groups))
        try:
            return {
                article.id: self.add_to_thread(
                    article, story_id=story_of[article.id], group_id=groups.get(article.id)
                )
                for article in ordered
            }
        finally:
            self._prepared = {}

    def thread_of_story(self, story_id: str) -> str | None:
        """The open thread the story belongs to, if its thread is open."""
        return self._thread_of_story.get(story_id)

    def threads(self) -> list[Thread]:
        """The open threads (and the closed ones, with ``keep_closed``), in opening order."""
        self._ready()
        return [*self._closed_threads, *(self._snapshot(t) for t in self._open.values())]

    def state(self) -> dict[str, Any]:
        """As the clusterer's, each thread also listing its story ids."""
        data = super().state()
        self._add_story_ids(data["stories"])
        return data

    def state_changes(self) -> dict[str, Any]:
        data = super().state_changes()
        self._add_story_ids(data["stories"])
        return data

    def _add_story_ids(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            item["story_ids"] = list(self._stories_of_thread.get(item["id"], ()))
            parts = self._parts.get(item["id"])
            if parts:
                item["parts"] = parts_state(parts)
            embedding = self._embs.get(item["id"])
            if embedding is not None:
                item["embedding"] = encode_vector(embedding)

    def restore(
        self,
        story_id: str,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
    ) -> None:
        counted = _counted(articles, group_of or {}, self._story_of_group)
        super().restore(story_id, articles, group_of=group_of)
        self._keys.stale = True
        if self._embedder is not None:
            vectors = self._embed_texts(counted)
            total = vectors[0].copy()
            for vector in vectors[1:]:
                total += vector
            self._embs[story_id] = total

    def load_state(self, data: Mapping[str, Any]) -> None:
        saved = (data.get("features") or {}).get("embeddings", "none")
        if saved != self.embeddings:
            raise InvalidParameter(
                f"the threads were saved with thread.embeddings = {saved!r}, "
                f"not {self.embeddings!r}"
            )
        if data.get("version") == "3" and self.embeddings == "none":
            data = {**data, "version": self.version}  # the same data, saved before version 4
        super().load_state(data)
        self._keys.stale = True
        self._stories_of_thread = {
            item["id"]: dict.fromkeys(item.get("story_ids", ()))
            for item in data["stories"]
            if item["id"] in self._open
        }
        self._thread_of_story = {
            story_id: thread_id
            for thread_id, story_ids in self._stories_of_thread.items()
            for story_id in story_ids
        }
        self._parts = {
            item["id"]: parts_from_state(item["parts"])
            for item in data["stories"]
            if item["id"] in self._open and item.get("parts")
        }
        self._embs = {}
        if self._embedder is not None:
            for item in data["stories"]:
                if item["id"] not in self._open:
                    continue
                if "embedding" not in item:
                    raise InvalidParameter(
                        f"The saved thread {item['id']!r} has no sentence embedding "
                        f"(embeddings = {self.embeddings!r}); rebuild the threads."
                    )
                self._embs[item["id"]] = decode_vector(item["embedding"])

    # -- sentence embeddings (thread.embeddings) ---------------------------------

    def _to_embed(
        self, ordered: Sequence[CleanArticle], groups: Mapping[str, str]
    ) -> list[CleanArticle]:
        """The batch's articles that will count: not placed yet, and not a copy of one that is
        (or of one earlier in the batch)."""
        return counted_new(ordered, groups, self._story_of_article, self._story_of_group)

    def _prepare(self, articles: Sequence[CleanArticle]) -> None:
        """Embed a batch's articles ahead, in one call to the embedder."""
        self._prepared = dict(
            zip([a.id for a in articles], self._embed_texts(articles), strict=True)
        )

    def _embed_texts(self, articles: Sequence[CleanArticle]) -> list[np.ndarray]:
        assert self._embedder is not None
        return embed_articles(self._embedder, articles)

    def _embed_article(self, article: CleanArticle) -> None:
        """The article being placed: its embedding is counted, and scored as its story's."""
        embedding = self._prepared.pop(article.id, None)
        if embedding is None:
            (embedding,) = self._embed_texts([article])
        self._article_emb = self._query = embedding

    def _embedding_cosine(self, thread_id: str) -> float:
        """The best cosine of the story scored to the thread's embedding or a member story's."""
        query = self._query
        if query is None:
            return 0.0
        sums = [self._embs.get(thread_id)]
        sums += [part.embedding for part in self._parts.get(thread_id, {}).values()]
        return best_cosine(query, sums)

    # -- internals ------------------------------------------------------------

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
        return (*found, self._embedding_cosine(thread.id))

    def _absorb(
        self,
        story: OpenGroup,
        vector: Mapping[str, float],
        features: Iterable[str],
        item: Profile | None,
    ) -> None:
        self._absorb_part(story, vector)
        super()._absorb(story, vector, features, item)
        if self._article_emb is not None:
            self._embs[story.id] = add_vector(self._embs.get(story.id), self._article_emb)
        if item is not None and not self._keys.stale:
            self._keys.add_member(item)

    def _absorb_part(self, thread: OpenGroup, vector: Mapping[str, float]) -> None:
        """Count the article in its story's part of ``thread`` (before the thread's own sum)."""
        if not self.member_stories:
            return
        story_id = self._story_now
        parts = self._parts.get(thread.id)
        if parts is None:
            stories = self._stories_of_thread.get(thread.id, {})
            if not thread.size or story_id in stories or len(stories) != 1:
                return  # a new thread, or the article of a thread's only story
            # A second story joins: the thread so far is its first story.
            parts = self._parts[thread.id] = {next(iter(stories)): self._whole_part(thread)}
        part = parts.pop(story_id, None) or StoryPart({}, 0)
        for term, weight in vector.items():
            part.vector[term] = part.vector.get(term, 0.0) + weight
        part.size += 1
        if self._article_emb is not None:
            part.embedding = add_vector(part.embedding, self._article_emb)
        parts[story_id] = part  # the latest last
        trim_parts(parts, self.member_stories)

    def _whole_part(self, thread: OpenGroup) -> StoryPart:
        """The thread so far as one part (its only story, before a second one joins)."""
        embedding = self._embs.get(thread.id)
        return StoryPart(
            dict(thread.centroid), thread.size, None if embedding is None else embedding.copy()
        )

    def _body_cosine(self, vector: Mapping[str, float], thread: OpenGroup) -> float:
        """The best mean cosine to the thread, or to one of its latest member stories."""
        return body_cosine(vector, thread, self._parts.get(thread.id, {}).values())

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

    def _follow(
        self,
        thread: OpenGroup,
        article: CleanArticle,
        active: float | None,
        group_id: str | None,
    ) -> None:
        """A later article of a story already in ``thread``: it joins, and counts."""
        features = self._features(article)
        self._frequencies.add(features)
        vector = self._vector(features)
        self._attach(thread, article, active, group_id)
        self._absorb(thread, vector, features, self._profile(article))
        self._reindex(thread)
        if len(self._stories_of_thread.get(thread.id, ())) == 1:
            # A story that grew may now resemble a thread its first article did not.
            other = self._best_other(thread)
            if other is not None:
                self._merge(thread, into=other)

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
            self._query = unit_embedding(self._embs.get(thread.id))
        for other in self._shortlist(mean):
            if other.id == thread.id or not other.size:
                continue
            score = self._body_cosine(mean, other)
            if model is not None:
                score = model.score(self._pair_features(score, item, other))
            if score > bar or (score == bar and best is not None and other.id < best.id):
                best, bar = other, score
        return best

    def _merge(self, thread: OpenGroup, *, into: OpenGroup) -> None:
        """Move a one-story thread's articles and story into ``into``; ``thread`` is gone."""
        self._merge_parts(thread, into)
        embedding = self._embs.pop(thread.id, None)
        if embedding is not None:
            self._embs[into.id] = add_vector(self._embs.get(into.id), embedding)
        for term in thread.indexed:
            self._index.unpost(term, thread.id)
        into.article_ids.extend(thread.article_ids)
        into.note_published(thread.first_published)
        into.note_published(thread.last_published)
        for term, weight in thread.centroid.items():
            into.centroid[term] = into.centroid.get(term, 0.0) + weight
        into.size += thread.size
        into.member_terms.extend(thread.member_terms)
        into.profile.merge(thread.profile)
        for article_id in thread.article_ids:
            self._story_of_article[article_id] = into.id
        for group_id in thread.group_ids:
            if self._story_of_group.get(group_id) == thread.id:
                self._story_of_group[group_id] = into.id
                into.group_ids.append(group_id)
        if thread.last_active is not None and (
            into.last_active is None or thread.last_active > into.last_active
        ):
            self._note_active(into, thread.last_active)
        del self._open[thread.id]
        del self._recency[thread.id]
        self._recency.pop(into.id, None)
        self._recency[into.id] = None
        self._changed.pop(thread.id, None)
        self._changed[into.id] = None
        self._closed_since[thread.id] = None
        for story_id in self._stories_of_thread.pop(thread.id, {}):
            self._stories_of_thread.setdefault(into.id, {})[story_id] = None
            self._thread_of_story[story_id] = into.id
        self._reindex(into)

    def _merge_parts(self, thread: OpenGroup, into: OpenGroup) -> None:
        """``thread``'s one story becomes the latest part of ``into``."""
        self._parts.pop(thread.id, None)
        if not self.member_stories or not thread.size:
            return
        parts = self._parts.get(into.id)
        if parts is None:
            stories = self._stories_of_thread.get(into.id, {})
            if len(stories) != 1 or not into.size:
                return  # compacted (or empty): scored on its centroid alone
            parts = self._parts[into.id] = {next(iter(stories)): self._whole_part(into)}
        for story_id in self._stories_of_thread.get(thread.id, {}):
            parts[story_id] = self._whole_part(thread)
        trim_parts(parts, self.member_stories)

    def _compact(self, story: OpenGroup) -> None:
        super()._compact(story)
        self._parts.pop(story.id, None)  # a month without news: scored on its centroid

    def _note_story(self, thread_id: str, story_id: str) -> None:
        stories = self._stories_of_thread.setdefault(thread_id, {})
        stories[story_id] = None
        previous = self._thread_of_story.get(story_id)
        if previous is not None and previous != thread_id and previous in self._stories_of_thread:
            self._stories_of_thread[previous].pop(story_id, None)
        self._thread_of_story[story_id] = thread_id

    def _snapshot(self, thread: OpenGroup) -> Thread:
        return Thread(
            id=thread.id,
            story_ids=tuple(self._stories_of_thread.get(thread.id, ())),
            article_ids=tuple(thread.article_ids),
            title=thread.title,
            first_published=thread.first_published,
            last_published=thread.last_published,
        )

    def _close(self, story: OpenGroup) -> None:
        self._parts.pop(story.id, None)
        self._embs.pop(story.id, None)
        if not self._keys.stale:
            self._keys.add(story.profile, sign=-1)
        if self.keep_closed:
            self._closed_threads.append(self._snapshot(story))
        for story_id in self._stories_of_thread.pop(story.id, {}):
            if self._thread_of_story.get(story_id) == story.id:
                del self._thread_of_story[story_id]
        super()._close(story)


def _counted(
    articles: Sequence[CleanArticle],
    group_of: Mapping[str, str],
    story_of_group: Mapping[str, str],
) -> list[CleanArticle]:
    """The articles :meth:`StoryClusterer.restore` counts (a wire copy of its story counts once)."""
    claimed: set[str] = set()
    counted = []
    for article in sorted(articles, key=_sort_key):
        group_id = group_of.get(article.id)
        if group_id is not None and group_id in claimed:
            continue
        if group_id is not None and group_id not in story_of_group:
            claimed.add(group_id)
        counted.append(article)
    return counted


def thread_stories(
    articles: Sequence[CleanArticle],
    *,
    story_of: Mapping[str, str],
    group_of: Mapping[str, str] | None = None,
    **params: Any,
) -> list[Thread]:
    """Thread a whole clustered collection at once: every thread, closed ones included."""
    tracker = ThreadTracker(**{**params, "keep_closed": True})
    tracker.add_stories(articles, story_of=story_of, group_of=group_of)
    return tracker.threads()
