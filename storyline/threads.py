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

from storyline.cluster import StoryClusterer, _sort_key
from storyline.errors import InvalidParameter, check_number
from storyline.groups import OpenGroup
from storyline.models import CleanArticle
from storyline.similarity import GroupProfile, Profile
from storyline.similarity import features as pair_features

__all__ = ["Thread", "ThreadTracker", "thread_stories"]


@dataclass
class _Part:
    """One member story of a thread: the sum of its articles' unit vectors, and their count."""

    vector: dict[str, float]
    size: int


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
    """

    name = "thread"
    # 2: the clusterer's version 4 (compaction of dormant threads);
    # 3: the vectors of the latest member stories (saved as "parts")
    version = "3"
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
    ) -> None:
        self.member_stories = member_stories
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
        self._key_counts: dict[str, int] = {}
        self._key_documents = 0
        self._keys_stale = False
        # The latest member stories of each thread of several stories, each as the sum of
        # its articles' unit vectors and their count (a thread of one story is its story).
        self._parts: dict[str, dict[str, _Part]] = {}
        self._story_now = ""  # the story of the article being placed

    def validate(self) -> None:
        super().validate()
        check_number(
            type(self).__name__, "member_stories", self.member_stories, low=0, integer=True
        )

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
        return {
            article.id: self.add_to_thread(
                article, story_id=story_of[article.id], group_id=groups.get(article.id)
            )
            for article in sorted(articles, key=_sort_key)
        }

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
                item["parts"] = [
                    {"story_id": story_id, "vector": dict(part.vector), "size": part.size}
                    for story_id, part in parts.items()
                ]

    def restore(
        self,
        story_id: str,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
    ) -> None:
        super().restore(story_id, articles, group_of=group_of)
        self._keys_stale = True

    def load_state(self, data: Mapping[str, Any]) -> None:
        super().load_state(data)
        self._keys_stale = True
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
            item["id"]: {
                part["story_id"]: _Part(dict(part["vector"]), int(part["size"]))
                for part in item["parts"]
            }
            for item in data["stories"]
            if item["id"] in self._open and item.get("parts")
        }

    # -- internals ------------------------------------------------------------

    def _rarity(self, key: str) -> float:
        """A name's or figure's inverse document frequency over the open threads' members."""
        count = self._key_counts.get(key, 0)
        return math.log((self._key_documents + 1) / (count + 1)) + 1.0

    def _pair_features(
        self, cosine: float, item: Profile, group: GroupProfile
    ) -> tuple[float, ...]:
        """The learned model's features, names and figures weighted by their rarity."""
        if self._keys_stale:
            self._count_keys()
        return pair_features(cosine, item, group, rarity=self._rarity)

    def _count_keys(self) -> None:
        self._key_counts, self._key_documents = {}, 0
        for thread in self._open.values():
            self._add_keys(thread.profile, sign=1)
        self._keys_stale = False

    def _add_keys(self, group: GroupProfile, *, sign: int) -> None:
        counts = self._key_counts
        self._key_documents += sign * group.size
        for keys in (group.names, group.figures):
            for key, count in keys.items():
                left = counts.get(key, 0) + sign * count
                if left > 0:
                    counts[key] = left
                else:
                    counts.pop(key, None)

    def _absorb(
        self,
        story: OpenGroup,
        vector: Mapping[str, float],
        features: Iterable[str],
        item: Profile | None,
    ) -> None:
        self._absorb_part(story, vector)
        super()._absorb(story, vector, features, item)
        if item is not None and not self._keys_stale:
            counts = self._key_counts
            self._key_documents += 1
            for key in (*item.names, *item.figures):
                counts[key] = counts.get(key, 0) + 1

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
            parts = self._parts[thread.id] = {
                next(iter(stories)): _Part(dict(thread.centroid), thread.size)
            }
        part = parts.pop(story_id, None) or _Part({}, 0)
        for term, weight in vector.items():
            part.vector[term] = part.vector.get(term, 0.0) + weight
        part.size += 1
        parts[story_id] = part  # the latest last
        while len(parts) > self.member_stories:
            del parts[next(iter(parts))]

    def _body_cosine(self, vector: Mapping[str, float], thread: OpenGroup) -> float:
        """The best mean cosine to the thread, or to one of its latest member stories."""
        centroid = thread.centroid
        shared = vector.keys() & centroid.keys()
        best = sum([vector[term] * centroid[term] for term in shared]) / thread.size
        for part in self._parts.get(thread.id, {}).values():
            terms = part.vector
            shared = vector.keys() & terms.keys()
            best = max(best, sum([vector[term] * terms[term] for term in shared]) / part.size)
        return best

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
                score = model.score(self._pair_features(score, item, thread.profile))
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
        for other in self._shortlist(mean):
            if other.id == thread.id or not other.size:
                continue
            score = self._body_cosine(mean, other)
            if model is not None:
                score = model.score(self._pair_features(score, item, other.profile))
            if score > bar or (score == bar and best is not None and other.id < best.id):
                best, bar = other, score
        return best

    def _merge(self, thread: OpenGroup, *, into: OpenGroup) -> None:
        """Move a one-story thread's articles and story into ``into``; ``thread`` is gone."""
        self._merge_parts(thread, into)
        for term in thread.indexed:
            self._unpost(term, thread.id)
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
            parts = self._parts[into.id] = {
                next(iter(stories)): _Part(dict(into.centroid), into.size)
            }
        for story_id in self._stories_of_thread.get(thread.id, {}):
            parts[story_id] = _Part(dict(thread.centroid), thread.size)
        while len(parts) > self.member_stories:
            del parts[next(iter(parts))]

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
        if not self._keys_stale:
            self._add_keys(story.profile, sign=-1)
        if self.keep_closed:
            self._closed_threads.append(self._snapshot(story))
        for story_id in self._stories_of_thread.pop(story.id, {}):
            if self._thread_of_story.get(story_id) == story.id:
                del self._thread_of_story[story_id]
        super()._close(story)


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
