"""The open groups of an online clusterer over stream time, and their saved state.

:class:`OpenGroups` is the bookkeeping half of
:class:`storyline.cluster.StoryClusterer` (and so of
:class:`storyline.threads.ThreadTracker`): which article and duplicate group
belongs to which open group, the stream time, when a group goes quiet and
closes, when a dormant one is compacted, and the state saved between runs.
How an article is matched to a group is the subclass's part.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from storyline.errors import InvalidParameter
from storyline.groups import DocumentFrequencies, OpenGroup, group_from_state, group_state
from storyline.matching import SECONDS_PER_DAY, CandidateIndex
from storyline.models import CleanArticle, Story, stable_id
from storyline.similarity import Profile

__all__ = ["OpenGroups", "timestamp"]

_LOG = logging.getLogger(__name__)


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch; a naive datetime is taken as UTC (as ingest does)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class OpenGroups:
    """Open groups, their membership and activity, closing, compaction and saved state.

    The parameters read here, ``version``, ``kind`` and the hooks :meth:`_ready`
    and :meth:`_feature_params` are the subclass's.
    """

    version: ClassVar[str]
    kind: ClassVar[str]
    quiet_days: float
    story_terms: int
    max_open: int
    keep_closed: bool
    compact_days: float
    compact_terms: int

    def _init_groups(self) -> None:
        """No open group yet, no stream time, nothing counted."""
        self._frequencies = DocumentFrequencies()
        self._stream_time: float | None = None
        self._closed: list[Story] = []
        self._forget_groups()

    def _forget_groups(self) -> None:
        """Drop every open group and what points at one (frequencies and time stay)."""
        self._open: dict[str, OpenGroup] = {}
        self._index = CandidateIndex()
        self._story_of_article: dict[str, str] = {}
        self._story_of_group: dict[str, str] = {}
        self._activity: list[tuple[float, str]] = []  # heap of (last_active, story id)
        self._dormancy: list[tuple[float, str]] = []  # the same, popped at compact_days
        self._deferred: list[tuple[float, str]] = []  # dormant, but vectors not built yet
        # Open story ids, the one that gained an article least recently first.
        self._recency: dict[str, None] = {}
        self._pending: list[str] = []
        # Open stories changed, and stories closed, since the last state_changes().
        self._changed: dict[str, None] = {}
        self._closed_since: dict[str, None] = {}

    # -- hooks of the subclass ------------------------------------------------

    def _ready(self, *, rebuild: bool = True) -> None:
        """Validate on first use; build pending vectors (``rebuild``) before matching."""
        raise NotImplementedError

    def _feature_params(self) -> dict[str, Any]:
        """The parameters that shape stored vectors and the index."""
        raise NotImplementedError

    # -- open and quiet groups ------------------------------------------------

    def open_story_ids(self) -> list[str]:
        """Ids of the open stories, sorted."""
        return sorted(self._open)

    def close_quiet(self, now: datetime) -> list[str]:
        """Close and evict the stories quiet for more than ``quiet_days`` before ``now``.

        Returns their ids, oldest activity first.  Stories that have no time
        yet (only undated articles, no stream time) stay open.
        """
        self._ready(rebuild=False)
        return self._close_before(timestamp(now) - self.quiet_days * SECONDS_PER_DAY)

    # -- saved state ----------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The open stories, document frequencies and stream time, as JSON-ready data.

        :meth:`load_state` on a new clusterer with the same parameters
        continues exactly where this one stopped (the same later decisions
        as an uninterrupted run), unlike :meth:`restore`, which rebuilds
        vectors from the articles.
        """
        self._ready()
        return {
            **self._shared_state(),
            "stories": [group_state(story) for story in self._open.values()],
        }

    def state_changes(self) -> dict[str, Any]:
        """What changed since the last call (or since :meth:`load_state`), to save incrementally.

        The same keys as :meth:`state`, but ``stories`` holds only the open
        stories that changed, and ``closed`` lists the ids of the stories
        closed meanwhile.  Starting from a saved :meth:`state`, replacing or
        adding the changed stories and dropping the closed ones gives the
        current :meth:`state` (stories in opening order); saving a long
        stream's open stories in full after every batch would cost time in
        proportion to all of them.
        """
        self._ready()
        changed = self._changed
        stories = [group_state(story) for story in self._open.values() if story.id in changed]
        closed = list(self._closed_since)
        self._changed, self._closed_since = {}, {}
        return {**self._shared_state(), "stories": stories, "closed": closed}

    def _shared_state(self) -> dict[str, Any]:
        """Everything in the state but the stories."""
        return {
            "version": self.version,
            "features": self._feature_params(),
            "stream_time": self._stream_time,
            "documents": self._frequencies.documents,
            "frequencies": dict(self._frequencies.counts),
            "recency": list(self._recency),
        }

    def load_state(self, data: Mapping[str, Any]) -> None:
        """Continue from :meth:`state` data (replaces any open stories)."""
        self._ready(rebuild=False)
        if data.get("version") != self.version or data.get("features") != self._feature_params():
            raise InvalidParameter(
                "The saved clustering state was made by another version or other feature "
                f"parameters ({data.get('features')!r}); rebuild the stories instead."
            )
        self._frequencies.documents = int(data["documents"])
        self._frequencies.counts = {term: int(n) for term, n in data["frequencies"].items()}
        self._stream_time = data["stream_time"]
        self._forget_groups()
        for item in data["stories"]:
            story = group_from_state(item)
            self._open[story.id] = story
            self._story_of_article.update(dict.fromkeys(story.article_ids, story.id))
            self._story_of_group.update(dict.fromkeys(story.group_ids, story.id))
            if story.last_active is not None:
                self._activity.append((story.last_active, story.id))
                self._dormancy.append((story.last_active, story.id))
            if story.size and story.centroid:
                self._reindex(story)
        heapq.heapify(self._activity)
        heapq.heapify(self._dormancy)
        # Saved recency first; opening order for stories it lacks (states saved before it).
        saved = [story_id for story_id in data.get("recency", ()) if story_id in self._open]
        self._recency = dict.fromkeys([*saved, *self._open])

    # -- membership -----------------------------------------------------------

    def _open_story(self, opener: str, title: str) -> OpenGroup:
        story_id = stable_id(self.kind, opener)
        story = OpenGroup(id=story_id, title=title)
        self._open[story_id] = story
        return story

    def _attach(
        self,
        story: OpenGroup,
        article: CleanArticle,
        active: float | None,
        group_id: str | None,
    ) -> None:
        """Record membership, dates and activity (vectors are handled by the caller)."""
        story.article_ids.append(article.id)
        story.note_published(article.published)
        self._recency.pop(story.id, None)
        self._recency[story.id] = None  # now the most recently joined
        self._changed[story.id] = None
        self._story_of_article[article.id] = story.id
        if group_id is not None and group_id not in self._story_of_group:
            self._story_of_group[group_id] = story.id
            story.group_ids.append(group_id)
        if active is not None and (story.last_active is None or active > story.last_active):
            self._note_active(story, active)

    def _absorb(
        self,
        story: OpenGroup,
        vector: Mapping[str, float],
        features: Iterable[str],
        item: Profile | None,
    ) -> None:
        """Add a member's unit vector, terms and profile to the story."""
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.member_terms.append(tuple(features))
        story.size += 1
        if item is not None:
            story.profile.add(item)

    def _build_pending(self, vector_of: Callable[[Mapping[str, float]], dict[str, float]]) -> None:
        """Build the vectors of restored stories (``vector_of`` their members' features),
        then compact those that went dormant while they waited."""
        for story_id in sorted(self._pending):
            story = self._open.get(story_id)
            if story is None:
                continue  # closed as quiet before it was used
            for features in story.pending:
                vector = vector_of(features)
                for term, weight in vector.items():
                    story.centroid[term] = story.centroid.get(term, 0.0) + weight
            story.pending = []
            self._changed[story_id] = None
            self._reindex(story)
        self._pending = []
        deferred, self._deferred = self._deferred, []
        for active, story_id in deferred:
            story = self._open.get(story_id)
            if story is not None and story.last_active == active:
                self._compact(story)

    def _reindex(self, story: OpenGroup) -> None:
        """Point the index at the story's heaviest terms with their current weights."""
        self._index.reindex(story, story_terms=self.story_terms)

    # -- time -----------------------------------------------------------------

    def _advance(self, published: datetime | None) -> float | None:
        """Move the stream time forward and close quiet stories; the article's activity time."""
        if published is None:
            return self._stream_time
        moment = timestamp(published)
        if self._stream_time is None:
            self._stream_time = moment
            self._adopt_stream_time(moment)
        elif moment > self._stream_time:
            self._stream_time = moment
            self._close_before(moment - self.quiet_days * SECONDS_PER_DAY)
            if self.compact_days:
                self._compact_before(moment - self.compact_days * SECONDS_PER_DAY)
        return moment

    def _note_active(self, story: OpenGroup, active: float) -> None:
        """The story's latest activity moved to ``active``: schedule its closing and compaction."""
        story.last_active = active
        heapq.heappush(self._activity, (active, story.id))
        if self.compact_days:
            heapq.heappush(self._dormancy, (active, story.id))

    def _compact_before(self, cutoff: float) -> None:
        """Compact the open stories whose latest activity is older than ``cutoff``."""
        dormancy = self._dormancy
        while dormancy and dormancy[0][0] < cutoff:
            active, story_id = heapq.heappop(dormancy)
            story = self._open.get(story_id)
            if story is None or story.last_active != active:
                continue  # closed, or active since (a later entry stands for it)
            if story.pending:
                self._deferred.append((active, story_id))  # compacted once its vectors exist
                continue
            self._compact(story)

    def _compact(self, story: OpenGroup) -> None:
        """Members out of the document frequencies; only the heaviest terms of the vector."""
        for terms in story.member_terms:
            self._frequencies.remove(terms)
        story.member_terms = []
        centroid = story.centroid
        if len(centroid) > self.compact_terms:
            heaviest = sorted(centroid, key=centroid.__getitem__, reverse=True)
            story.centroid = {term: centroid[term] for term in heaviest[: self.compact_terms]}
            if self.compact_terms < self.story_terms:
                self._reindex(story)  # the index never names a term the vector dropped
        self._changed[story.id] = None

    def _adopt_stream_time(self, moment: float) -> None:
        for story in self._open.values():
            if story.last_active is None:
                self._note_active(story, moment)
                self._changed[story.id] = None

    # -- closing --------------------------------------------------------------

    def _close_before(self, cutoff: float) -> list[str]:
        closed: list[str] = []
        activity = self._activity
        while activity and activity[0][0] < cutoff:
            active, story_id = heapq.heappop(activity)
            story = self._open.get(story_id)
            if story is None or story.last_active != active:
                continue  # a stale entry: the story was closed or has been active since
            self._close(story)
            closed.append(story_id)
        if closed:
            _LOG.debug("closed %d quiet stories; %d open", len(closed), len(self._open))
        return closed

    def _close_over_limit(self) -> None:
        """Close the least recently joined stories while more than ``max_open`` are open."""
        while len(self._open) > self.max_open:
            self._close(self._open[next(iter(self._recency))])

    def _close(self, story: OpenGroup) -> None:
        for term in story.indexed:
            self._index.unpost(term, story.id)
        for terms in story.member_terms:
            self._frequencies.remove(terms)
        for article_id in story.article_ids:
            self._story_of_article.pop(article_id, None)
        for group_id in story.group_ids:
            if self._story_of_group.get(group_id) == story.id:
                del self._story_of_group[group_id]
        del self._open[story.id]
        del self._recency[story.id]
        self._changed.pop(story.id, None)
        self._closed_since[story.id] = None
        if self.keep_closed:
            self._closed.append(story.snapshot())
