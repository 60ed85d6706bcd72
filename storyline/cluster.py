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

import inspect
import logging
import math
from array import array
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from storyline import text
from storyline.errors import InvalidParameter, check_number
from storyline.groups import OpenGroup
from storyline.matching import SECONDS_PER_DAY as _SECONDS_PER_DAY
from storyline.matching import gap_factor, unit_vector
from storyline.models import CleanArticle, Story
from storyline.open_groups import OpenGroups
from storyline.open_groups import timestamp as _timestamp
from storyline.similarity import Profile, SimilarityModel, load_model, profile
from storyline.similarity import features as pair_features
from storyline.stage import Stage

__all__ = ["StoryClusterer", "cluster_stories"]

_LOG = logging.getLogger(__name__)

_NAME_PREFIX = "~"  # marks whole-name features ("~ann lee"); terms never start with it
_TITLE_WORDS = 12  # words of the opening text used as a title when an article has none


def _sort_key(article: CleanArticle) -> tuple[float, str]:
    """Batch order: by publication date (undated first), then by article id."""
    published = article.published
    return (-math.inf if published is None else _timestamp(published), article.id)


class StoryClusterer(OpenGroups, Stage):
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
        self._init_groups()

    # -- the stage contract -------------------------------------------------

    def validate(self) -> None:
        _check_parameters(self)

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

    def stories(self) -> list[Story]:
        """The open stories (and the closed ones, with ``keep_closed``), in opening order."""
        self._ready()
        return [*self._closed, *(story.snapshot() for story in self._open.values())]

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
        return unit_vector(features, self._frequencies)

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
        """How much of a cosine counts after a gap (:func:`storyline.matching.gap_factor`)."""
        return gap_factor(seconds, self.event_days)

    def _shortlist(self, vector: Mapping[str, float]) -> list[OpenGroup]:
        """Stories sharing an indexed term with the article, best approximate score first."""
        ranked = self._index.shortlist(
            vector, query_terms=self.query_terms, candidates=self.candidates
        )
        stories = self._open
        return [stories[story_id] for story_id in ranked]

    # -- restored stories -----------------------------------------------------

    def _ready(self, *, rebuild: bool = True) -> None:
        """Validate on first use; build the vectors of restored stories before matching."""
        if not self._validated:
            self.validate()
            self._load_model()
            self._validated = True
        if rebuild and self._pending:
            self._build_pending(self._vector)


def _check_parameters(clusterer: StoryClusterer) -> None:
    """Raise InvalidParameter for the first parameter of the clusterer that breaks its rule."""
    owner = type(clusterer).__name__
    check_number(owner, "threshold", clusterer.threshold, low=0, high=1, low_open=True)
    check_number(owner, "quiet_days", clusterer.quiet_days, low=0, low_open=True)
    check_number(owner, "title_weight", clusterer.title_weight, low=0)
    check_number(owner, "event_days", clusterer.event_days, low=0)
    check_number(owner, "name_weight", clusterer.name_weight, low=0)
    check_number(owner, "lead_chars", clusterer.lead_chars, low=0, integer=True)
    check_number(owner, "query_terms", clusterer.query_terms, low=1, integer=True)
    check_number(owner, "story_terms", clusterer.story_terms, low=1, integer=True)
    check_number(owner, "candidates", clusterer.candidates, low=1, integer=True)
    check_number(owner, "max_open", clusterer.max_open, low=1, integer=True)
    check_number(owner, "compact_days", clusterer.compact_days, low=0)
    check_number(owner, "compact_terms", clusterer.compact_terms, low=1, integer=True)
    if not isinstance(clusterer.keep_closed, bool):
        raise InvalidParameter(
            f"The 'keep_closed' parameter of {owner} must be a bool. "
            f"Got {clusterer.keep_closed!r} instead."
        )
    if clusterer.similarity not in ("learned", "cosine"):
        raise InvalidParameter(
            f"The 'similarity' parameter of {owner} must be 'learned' or 'cosine'. "
            f"Got {clusterer.similarity!r} instead."
        )
    check_number(
        owner,
        "min_probability",
        clusterer.min_probability,
        low=0,
        high=1,
        low_open=True,
        high_open=True,
    )


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
