"""Online, time-aware story clustering: articles join open stories or open new ones.

Each article becomes a sparse TF-IDF vector of its title and body terms plus
the names found in its title and lead (names count extra), with BM25's
saturating term frequency (repeats of a term add less and less weight).  It
joins the open story whose members it resembles most on average (group-average
linkage: the mean cosine to the story's members, computed from the sum of
their unit vectors), if that mean is at least ``threshold``; otherwise it
opens a new story whose id is ``stable_id("story", <id of the opening article>)``.

Speed and memory come from four bounds:

* an inverted index maps each term to the open stories that have it among
  their ``story_terms`` heaviest terms, so an article is only scored against
  stories sharing one of its ``query_terms`` heaviest terms (no scan over all
  stories); the best ``candidates`` are then rescored exactly;
* a story goes quiet when the stream has moved on more than ``quiet_days``
  past its latest article; quiet stories are closed and evicted (index,
  vectors and document frequencies), so memory follows the open stories,
  not the corpus;
* document frequencies are counted over the articles of open stories only.
  That keeps the IDF table bounded, and makes it a function of the open
  stories' articles, which is exactly what :meth:`StoryClusterer.restore`
  gets back at the start of a later run.  (Restored stories rebuild their
  vectors with that IDF, so later decisions can differ marginally from an
  uninterrupted run; :meth:`StoryClusterer.state` and
  :meth:`StoryClusterer.load_state` carry the exact state across runs.)
* at most ``max_open`` stories stay open: beyond that, the story joined
  least recently closes.  This is what bounds memory on a stream without
  dates, where no story ever goes quiet;
* a story dormant for more than ``compact_days`` (no article for that long
  in stream time, but not yet quiet) is compacted: its members leave the
  document frequencies and its summed vector keeps only its
  ``compact_terms`` heaviest terms.  It can still be joined (and scores on
  the terms that dominate its cosine), but holds a fixed, small amount of
  memory for the rest of its quiet time.  The document frequencies are thus
  those of the recently active stories' articles: the vocabulary the stream
  is writing now.

Time: the stream time is the latest publication date seen so far.  An
undated article takes the current stream time (and none, before any dated
article: stories without a time adopt the first stream time that appears).

Determinism: the same articles added in the same order give the same
stories and ids; :meth:`StoryClusterer.add_batch` sorts a batch by
(publication date, undated first; article id), so story assignment does not
depend on the order of articles inside a batch.
"""

from __future__ import annotations

import heapq
import inspect
import logging
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from storyline import text
from storyline.errors import InvalidParameter, check_number
from storyline.groups import DocumentFrequencies, OpenGroup, group_from_state, group_state
from storyline.models import CleanArticle, Story, stable_id
from storyline.similarity import Profile, SimilarityModel, load_model, profile
from storyline.similarity import features as pair_features
from storyline.stage import Stage

__all__ = ["StoryClusterer", "cluster_stories"]

_LOG = logging.getLogger(__name__)

_SECONDS_PER_DAY = 86_400.0
_NAME_PREFIX = "~"  # marks whole-name features ("~ann lee"); terms never start with it
_TITLE_WORDS = 12  # words of the opening text used as a title when an article has none
_TF_SATURATION = 1.2  # BM25's usual k1: how fast repeats of a term stop adding weight


def _timestamp(moment: datetime) -> float:
    """Seconds since the epoch; a naive datetime is taken as UTC (as ingest does)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _sort_key(article: CleanArticle) -> tuple[float, str]:
    """Batch order: by publication date (undated first), then by article id."""
    published = article.published
    return (-math.inf if published is None else _timestamp(published), article.id)


class StoryClusterer(Stage):
    """Group articles into stories online; see the module docstring for the method.

    Parameters:
        threshold: least mean cosine between an article and the members of a
            story for the article to join it, in (0, 1].
        quiet_days: a story whose latest article is more than this many days
            older than the stream time is closed and can no longer be joined.
            Developing stories run for weeks with gaps of several days between
            reports (follow-ups, court dates, inquiries), so the default is a
            month, the same as the duplicate window.
        title_weight: how many body occurrences one title occurrence of a term is worth.
        name_weight: extra count for each term of a name found in the title or
            lead, and the count of the whole name as one feature.
        lead_chars: characters at the start of the body searched for names
            (names in the lead identify a story; the cap bounds the cost).
        query_terms: an article's heaviest terms used to look up candidate stories.
        story_terms: a story's heaviest terms kept in the inverted index.
        candidates: best-looking stories rescored exactly against the whole article.
        max_open: most stories open at once; when one more opens, the story
            that gained an article least recently is closed (memory stays
            bounded on a stream without dates, where no story goes quiet).
        keep_closed: keep a :class:`~storyline.models.Story` (ids only, no
            vectors) for every closed story, so :meth:`stories` lists them too.
        similarity: "learned" joins the candidate with the highest probability
            under the shipped logistic model (:mod:`storyline.similarity`:
            cosine, title, names, figures, size) if it reaches
            ``min_probability``; "cosine" (the default: on the pooled Multi-News
            dev file it scores higher than the learned model at every bar
            tried, see benchmarks/RESULTS.md) joins on the mean cosine and
            ``threshold`` alone.  Without readable weights, "learned" falls
            back to "cosine" (logged).
        min_probability: least probability of the learned model to join, in (0, 1).
        event_days: an article dated up to this many days after a story's latest
            article is scored on its full similarity; later, the similarity
            fades by a factor e for every further ``event_days``, so a
            follow-up a week on opens a new story (its thread links the two).
            0 turns the fading off.
        compact_days: a story with no article for more than this many days
            (of stream time) is compacted (see the module docstring).  The
            default, 10 days, is past the point where the fading of
            ``event_days`` lets a dated article reach ``threshold``.  0 turns
            compaction off.
        compact_terms: the heaviest terms a compacted story keeps.
    """

    name = "cluster"
    # 2: saturating tf (saved states of version 1 hold other vectors);
    # 3: learned similarity (saved states carry title, name and figure counts);
    # 4: compaction of dormant stories (saved vectors and frequencies differ)
    version = "4"
    #: The kind of the ids of opened groups, and the level of the learned model.
    kind = "story"

    def __init__(
        self,
        *,
        threshold: float = 0.2,
        quiet_days: float = 30.0,
        title_weight: float = 2.0,
        name_weight: float = 1.0,
        lead_chars: int = 500,
        query_terms: int = 12,
        story_terms: int = 30,
        candidates: int = 4,
        max_open: int = 20_000,
        keep_closed: bool = False,
        similarity: str = "cosine",
        min_probability: float = 0.5,
        event_days: float = 3.0,
        compact_days: float = 10.0,
        compact_terms: int = 60,
    ) -> None:
        self.threshold = threshold
        self.quiet_days = quiet_days
        self.title_weight = title_weight
        self.name_weight = name_weight
        self.lead_chars = lead_chars
        self.query_terms = query_terms
        self.story_terms = story_terms
        self.candidates = candidates
        self.max_open = max_open
        self.keep_closed = keep_closed
        self.similarity = similarity
        self.min_probability = min_probability
        self.event_days = event_days
        self.compact_days = compact_days
        self.compact_terms = compact_terms
        self._model: SimilarityModel | None = None
        self._min_log_odds = 0.0
        self._validated = False
        self._frequencies = DocumentFrequencies()
        self._open: dict[str, OpenGroup] = {}
        self._postings: dict[str, dict[str, float]] = {}
        self._story_of_article: dict[str, str] = {}
        self._story_of_group: dict[str, str] = {}
        self._activity: list[tuple[float, str]] = []  # heap of (last_active, story id)
        self._dormancy: list[tuple[float, str]] = []  # the same, popped at compact_days
        self._deferred: list[tuple[float, str]] = []  # dormant, but vectors not built yet
        # Open story ids, the one that gained an article least recently first.
        self._recency: dict[str, None] = {}
        self._stream_time: float | None = None
        self._pending: list[str] = []
        self._closed: list[Story] = []
        # Open stories changed, and stories closed, since the last state_changes().
        self._changed: dict[str, None] = {}
        self._closed_since: dict[str, None] = {}

    # -- the stage contract -------------------------------------------------

    def validate(self) -> None:
        owner = type(self).__name__
        check_number(owner, "threshold", self.threshold, low=0, high=1, low_open=True)
        check_number(owner, "quiet_days", self.quiet_days, low=0, low_open=True)
        check_number(owner, "title_weight", self.title_weight, low=0)
        check_number(owner, "event_days", self.event_days, low=0)
        check_number(owner, "name_weight", self.name_weight, low=0)
        check_number(owner, "lead_chars", self.lead_chars, low=0, integer=True)
        check_number(owner, "query_terms", self.query_terms, low=1, integer=True)
        check_number(owner, "story_terms", self.story_terms, low=1, integer=True)
        check_number(owner, "candidates", self.candidates, low=1, integer=True)
        check_number(owner, "max_open", self.max_open, low=1, integer=True)
        check_number(owner, "compact_days", self.compact_days, low=0)
        check_number(owner, "compact_terms", self.compact_terms, low=1, integer=True)
        if not isinstance(self.keep_closed, bool):
            raise InvalidParameter(
                f"The 'keep_closed' parameter of {owner} must be a bool. "
                f"Got {self.keep_closed!r} instead."
            )
        if self.similarity not in ("learned", "cosine"):
            raise InvalidParameter(
                f"The 'similarity' parameter of {owner} must be 'learned' or 'cosine'. "
                f"Got {self.similarity!r} instead."
            )
        check_number(
            owner,
            "min_probability",
            self.min_probability,
            low=0,
            high=1,
            low_open=True,
            high_open=True,
        )

    def _load_model(self) -> None:
        """The learned model of this level, or None (cosine) when asked or unreadable."""
        self._model = None
        if self.similarity != "learned":
            return
        try:
            self._model = load_model(self.kind)
        except InvalidParameter as exc:
            _LOG.warning("%s; %s falls back to the cosine threshold", exc, type(self).__name__)
            return
        self._min_log_odds = math.log(self.min_probability / (1.0 - self.min_probability))

    # -- public API ---------------------------------------------------------

    def add(self, article: CleanArticle, *, group_id: str | None = None) -> str:
        """Put one article into a story and return the story id.

        Articles of one duplicate group (same ``group_id``) go to the story of
        the group's first article while that story is open; only the first
        counts towards the story's vector, so wire copies do not outweigh
        independent reports.
        """
        self._ready()
        known = self._story_of_article.get(article.id)
        if known is not None:
            return known
        active = self._advance(article.published)
        if group_id is not None and group_id in self._story_of_group:
            story = self._open[self._story_of_group[group_id]]
            self._attach(story, article, active, group_id)
            return story.id
        return self._place(article, active, group_id, opener=article.id).id

    def _place(
        self, article: CleanArticle, active: float | None, group_id: str | None, *, opener: str
    ) -> OpenGroup:
        """Score the article against the open groups; join the best or open one for ``opener``."""
        features = self._features(article)
        self._frequencies.add(features)
        vector = self._vector(features)
        item = self._profile(article)
        moment = None if article.published is None else active
        story = self._best_story(vector, item, moment) or self._open_story(
            opener, _title_of(article)
        )
        self._attach(story, article, active, group_id)
        self._absorb(story, vector, features, item)
        self._reindex(story)
        self._close_over_limit()
        return story

    def add_batch(
        self,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Add a batch in (publication date, article id) order; article id -> story id."""
        self._ready()
        groups = group_of or {}
        return {
            article.id: self.add(article, group_id=groups.get(article.id))
            for article in sorted(articles, key=_sort_key)
        }

    def restore(
        self,
        story_id: str,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
    ) -> None:
        """Re-open a stored story (e.g. at the start of a later run) under its id.

        Its articles count towards the document frequencies at once; the
        story's vector is rebuilt on next use, with the IDF of everything
        restored by then, so restoring stories one by one or all together
        gives the same state.
        """
        self._ready(rebuild=False)
        if story_id in self._open:
            raise InvalidParameter(f"Story {story_id!r} is already open; it cannot be restored.")
        if not articles:
            raise InvalidParameter(f"Story {story_id!r} cannot be restored without articles.")
        ordered = sorted(articles, key=_sort_key)
        dated = [article.published for article in ordered if article.published is not None]
        self._advance(max(dated) if dated else None)
        story = OpenGroup(id=story_id, title=_title_of(ordered[0]))
        self._open[story_id] = story
        groups = group_of or {}
        for article in ordered:
            group_id = groups.get(article.id)
            duplicate = group_id is not None and self._story_of_group.get(group_id) == story_id
            published = article.published
            active = self._stream_time if published is None else _timestamp(published)
            self._attach(story, article, active, group_id)
            if duplicate:
                continue
            features = self._features(article)
            self._frequencies.add(features)
            story.pending.append(features)
            story.member_terms.append(tuple(features))
            story.size += 1
            item = self._profile(article)
            if item is not None:
                story.profile.add(item)
        self._pending.append(story_id)
        self._close_over_limit()
        if self._stream_time is not None:
            # A story restored after it went quiet closes at once, as it would have.
            self._close_before(self._stream_time - self.quiet_days * _SECONDS_PER_DAY)

    def open_story_ids(self) -> list[str]:
        """Ids of the open stories, sorted."""
        return sorted(self._open)

    def close_quiet(self, now: datetime) -> list[str]:
        """Close and evict the stories quiet for more than ``quiet_days`` before ``now``.

        Returns their ids, oldest activity first.  Stories that have no time
        yet (only undated articles, no stream time) stay open.
        """
        self._ready(rebuild=False)
        return self._close_before(_timestamp(now) - self.quiet_days * _SECONDS_PER_DAY)

    def stories(self) -> list[Story]:
        """The open stories (and the closed ones, with ``keep_closed``), in opening order."""
        self._ready()
        return [*self._closed, *(story.snapshot() for story in self._open.values())]

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
        self._open, self._postings, self._activity, self._pending = {}, {}, [], []
        self._dormancy, self._deferred = [], []
        self._story_of_article, self._story_of_group = {}, {}
        self._recency, self._changed, self._closed_since = {}, {}, {}
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

    # -- features and vectors -----------------------------------------------

    def _feature_params(self) -> dict[str, Any]:
        """The parameters that shape stored vectors and the index."""
        return {
            "title_weight": self.title_weight,
            "name_weight": self.name_weight,
            "lead_chars": self.lead_chars,
            "story_terms": self.story_terms,
            "similarity": self.similarity,
        }

    def _features(self, article: CleanArticle) -> dict[str, float]:
        weights = (self.title_weight, self.name_weight, self.lead_chars)
        terms, counts = _features_of(article.title, article.text, *weights)
        return dict(zip(terms, counts, strict=True))

    def _profile(self, article: CleanArticle) -> Profile | None:
        """Title terms, names and figures, when the learned model will read them."""
        if self.similarity != "learned":
            return None
        return profile(article.title, article.text)

    def _vector(self, features: Mapping[str, float]) -> dict[str, float]:
        """Unit-length TF-IDF vector (saturating tf) under the current document frequencies."""
        counts = self._frequencies.counts
        log = math.log
        # idf(t) = ln((N + 1) / (df(t) + 1)) + 1, smoothed so a young stream stays finite.
        ceiling = log(self._frequencies.documents + 1) + 1.0
        # BM25's saturating tf, count * (k1 + 1) / (count + k1): 1 for one occurrence,
        # never above k1 + 1, so a term a long article repeats cannot outweigh the
        # many terms it shares with the story (1 + ln(count) keeps growing).  BM25's
        # length normalisation is left out: the unit length already removes it.
        k1 = _TF_SATURATION
        vector = {
            term: count * (k1 + 1.0) / (count + k1) * (ceiling - log(counts.get(term, 0) + 1))
            for term, count in features.items()
        }
        norm = math.sqrt(sum([weight * weight for weight in vector.values()]))
        if norm == 0.0:
            return {}
        return {term: weight / norm for term, weight in vector.items()}

    # -- matching -------------------------------------------------------------

    def _best_story(
        self,
        vector: Mapping[str, float],
        item: Profile | None = None,
        moment: float | None = None,
    ) -> OpenGroup | None:
        """The open story that scores highest, if it reaches the bar.

        The score is the learned log-odds when a model is loaded (bar:
        ``min_probability``), else the mean cosine (bar: ``threshold``).
        """
        shortlist = self._shortlist(vector)
        best: OpenGroup | None = None
        model = self._model
        best_similarity = self.threshold if model is None or item is None else self._min_log_odds
        for story in shortlist:
            centroid = story.centroid
            shared = vector.keys() & centroid.keys()
            similarity = sum([vector[term] * centroid[term] for term in shared]) / story.size
            if moment is not None and story.last_active is not None:
                similarity *= self._gap_factor(moment - story.last_active)
            if model is not None and item is not None:
                similarity = model.score(pair_features(similarity, item, story.profile))
            if similarity > best_similarity or (
                similarity == best_similarity and (best is None or story.id < best.id)
            ):
                best, best_similarity = story, similarity
        return best

    def _gap_factor(self, seconds: float) -> float:
        """How much of a cosine counts after a gap: all of it within ``event_days``, then
        less and less (an event's reports come within days; a report a week or more
        later on the same topic is a new event, which the thread level links)."""
        days = seconds / _SECONDS_PER_DAY - self.event_days
        if days <= 0 or self.event_days == 0:
            return 1.0
        return math.exp(-days / self.event_days)

    def _shortlist(self, vector: Mapping[str, float]) -> list[OpenGroup]:
        """Stories sharing an indexed term with the article, best approximate score first."""
        postings = self._postings
        # Only terms in the index can lead to a story.
        indexed = [(weight, term) for term, weight in vector.items() if term in postings]
        query = heapq.nlargest(self.query_terms, indexed)
        # Postings hold a story's mean term weight, so scores approximate mean cosines.
        scores: defaultdict[str, float] = defaultdict(float)
        for weight, term in query:
            posting = postings.get(term)
            if posting is not None:
                for story_id, story_weight in posting.items():
                    scores[story_id] += weight * story_weight
        # (score, id) pairs: ties resolve by id, whatever order the index was built in.
        ranked = heapq.nlargest(self.candidates, zip(scores.values(), scores, strict=True))
        stories = self._open
        return [stories[story_id] for _, story_id in ranked]

    # -- story state ----------------------------------------------------------

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
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.member_terms.append(tuple(features))
        story.size += 1
        if item is not None:
            story.profile.add(item)

    def _reindex(self, story: OpenGroup) -> None:
        """Point the index at the story's heaviest terms with their current weights."""
        centroid = story.centroid
        # sorted(...)[:n] is what heapq.nlargest(n, ...) returns, ties included, but
        # faster on a story's few hundred terms (one C sort, no Python key heap).
        heaviest = sorted(centroid, key=centroid.__getitem__, reverse=True)[: self.story_terms]
        postings = self._postings
        kept = dict.fromkeys(heaviest)
        for term in story.indexed:
            if term not in kept:
                self._unpost(term, story.id)
        size = story.size
        for term in heaviest:
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = {}
            posting[story.id] = centroid[term] / size
        story.indexed = kept

    def _unpost(self, term: str, story_id: str) -> None:
        posting = self._postings[term]
        del posting[story_id]
        if not posting:
            del self._postings[term]

    def _ready(self, *, rebuild: bool = True) -> None:
        """Validate on first use; build the vectors of restored stories before matching."""
        if not self._validated:
            self.validate()
            self._load_model()
            self._validated = True
        if rebuild and self._pending:
            for story_id in sorted(self._pending):
                story = self._open.get(story_id)
                if story is None:
                    continue  # closed as quiet before it was used
                for features in story.pending:
                    vector = self._vector(features)
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

    # -- time -----------------------------------------------------------------

    def _advance(self, published: datetime | None) -> float | None:
        """Move the stream time forward and close quiet stories; the article's activity time."""
        if published is None:
            return self._stream_time
        moment = _timestamp(published)
        if self._stream_time is None:
            self._stream_time = moment
            self._adopt_stream_time(moment)
        elif moment > self._stream_time:
            self._stream_time = moment
            self._close_before(moment - self.quiet_days * _SECONDS_PER_DAY)
            if self.compact_days:
                self._compact_before(moment - self.compact_days * _SECONDS_PER_DAY)
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
            self._unpost(term, story.id)
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


def _title_of(article: CleanArticle) -> str:
    """The article's title, or its first words when it has none."""
    if article.title.strip():
        return article.title.strip()
    opening = text.words(article.text[:200])[:_TITLE_WORDS]
    return " ".join(opening)


def cluster_stories(
    articles: Sequence[CleanArticle],
    *,
    group_of: Mapping[str, str] | None = None,
    **params: Any,
) -> list[Story]:
    """Cluster a whole collection at once: every story, closed ones included.

    ``params`` are :class:`StoryClusterer` parameters; articles are taken in
    (publication date, article id) order.
    """
    accepted = [
        name
        for name, parameter in inspect.signature(StoryClusterer.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise InvalidParameter(
            f"StoryClusterer has no parameter {unknown[0]!r}. Available: {', '.join(accepted)}."
        )
    clusterer = StoryClusterer(**{**params, "keep_closed": True})
    clusterer.add_batch(articles, group_of=group_of)
    return clusterer.stories()


# The story clusterer and the thread tracker read the same articles of a batch with the
# same weights: each article's term counts are worked out once (a batch of the default
# 500 fits), kept as the terms and an array of doubles (a few KB an article).
@lru_cache(maxsize=512)
def _features_of(
    title: str, body: str, title_weight: float, name_weight: float, lead_chars: int
) -> tuple[tuple[str, ...], array[float]]:
    """Term counts of an article: body terms, title terms and name terms (title and
    lead) weighted, and each name of two or more terms as one more feature."""
    counts: dict[str, float] = {}
    for term in text.terms(body):
        counts[term] = counts.get(term, 0.0) + 1.0
    if title and title_weight > 0:
        for term in text.terms(title):
            counts[term] = counts.get(term, 0.0) + title_weight
    if name_weight > 0:
        lead = body[:lead_chars]
        if len(body) > lead_chars:
            lead = lead.rsplit(None, 1)[0] if " " in lead else ""  # no half words
        found = text.names(title) if title else []
        for name in found + text.names(lead) if lead else found:
            name_terms = text.terms(name)
            for term in name_terms:
                counts[term] = counts.get(term, 0.0) + name_weight
            if len(name_terms) > 1:
                key = _NAME_PREFIX + " ".join(name_terms)
                counts[key] = counts.get(key, 0.0) + name_weight
    return tuple(counts), array("d", counts.values())
