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
from typing import Any

from storyline import embeddings as _embeddings
from storyline.cluster import _sort_key
from storyline.errors import InvalidParameter, check_number
from storyline.groups import OpenGroup
from storyline.models import CleanArticle
from storyline.similarity import Profile, load_model
from storyline.thread_embeddings import ThreadEmbeddings
from storyline.thread_members import ThreadMembers
from storyline.thread_parts import KeyRarity, counted_new
from storyline.thread_scoring import ThreadScoring

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


class ThreadTracker(ThreadScoring):
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
        self._closed_threads: list[Thread] = []
        # How many counted members of the open threads state each name and figure
        # (rebuilt from the threads' profiles after a restore or a loaded state).
        self._keys = KeyRarity()
        # With embeddings: the embedder and each open thread's sum of its articles'
        # sentence embeddings (off: no embedder, no sums).
        self._vectors = ThreadEmbeddings()
        # The stories of each open thread, and the latest of them as parts.
        self._members = ThreadMembers(self._vectors)
        self._story_now = ""  # the story of the article being placed

    def validate(self) -> None:
        super().validate()
        _check_parameters(self)

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
            thread_id = self._members.thread_of_story.get(story_id)
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
            placed, group_placed = self._story_of_article, self._story_of_group
            self._vectors.prepare(counted_new(ordered, groups, placed, group_placed))
        try:
            return {
                article.id: self.add_to_thread(
                    article, story_id=story_of[article.id], group_id=groups.get(article.id)
                )
                for article in ordered
            }
        finally:
            self._vectors.prepared = {}

    def thread_of_story(self, story_id: str) -> str | None:
        """The open thread the story belongs to, if its thread is open."""
        return self._members.thread_of_story.get(story_id)

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
            self._members.save(item)
            self._vectors.save(item)

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
        self._vectors.restore(story_id, counted)

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
        self._members.load(data["stories"], self._open)
        self._vectors.load(data["stories"], self._open, self.embeddings)

    # -- internals ------------------------------------------------------------

    def _absorb(
        self,
        story: OpenGroup,
        vector: Mapping[str, float],
        features: Iterable[str],
        item: Profile | None,
    ) -> None:
        self._members.count(story, self._story_now, vector, limit=self.member_stories)
        super()._absorb(story, vector, features, item)
        self._vectors.count(story.id)
        if item is not None and not self._keys.stale:
            self._keys.add_member(item)

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
        if len(self._members.stories(thread.id)) == 1:
            # A story that grew may now resemble a thread its first article did not.
            other = self._best_other(thread)
            if other is not None:
                self._merge(thread, into=other)

    def _merge(self, thread: OpenGroup, *, into: OpenGroup) -> None:
        """Move a one-story thread's articles and story into ``into``; ``thread`` is gone."""
        self._members.merge(thread, into=into, limit=self.member_stories)
        self._vectors.merge(thread.id, into=into.id)
        for term in thread.indexed:
            self._index.unpost(term, thread.id)
        into.fold_in(thread)
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
        self._reindex(into)

    def _compact(self, story: OpenGroup) -> None:
        super()._compact(story)
        self._members.compact(story.id)

    def _note_story(self, thread_id: str, story_id: str) -> None:
        self._members.note(thread_id, story_id)

    def _snapshot(self, thread: OpenGroup) -> Thread:
        return Thread(
            id=thread.id,
            story_ids=tuple(self._members.stories(thread.id)),
            article_ids=tuple(thread.article_ids),
            title=thread.title,
            first_published=thread.first_published,
            last_published=thread.last_published,
        )

    def _close(self, story: OpenGroup) -> None:
        self._vectors.drop(story.id)
        if not self._keys.stale:
            self._keys.add(story.profile, sign=-1)
        if self.keep_closed:
            self._closed_threads.append(self._snapshot(story))
        self._members.close(story.id)
        super()._close(story)


def _check_parameters(tracker: ThreadTracker) -> None:
    """The thread level's own parameters (the clusterer's are checked first)."""
    owner = type(tracker).__name__
    check_number(owner, "member_stories", tracker.member_stories, low=0, integer=True)
    if not isinstance(tracker.embeddings, str):
        raise InvalidParameter(
            f"The 'embeddings' parameter of {owner} must be a string. "
            f"Got {tracker.embeddings!r} instead."
        )
    _embeddings.check_name(owner, tracker.embeddings)
    if tracker.embeddings != "none" and tracker.similarity != "learned":
        raise InvalidParameter(
            f"The 'embeddings' parameter of {owner} ({tracker.embeddings!r}) is a feature of "
            f"the learned similarity; it needs similarity = 'learned', not "
            f"{tracker.similarity!r}."
        )


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
