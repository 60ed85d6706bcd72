"""How an article finds its group: unit TF-IDF vectors, fading over time, a candidate index.

The pieces of :class:`storyline.cluster.StoryClusterer`'s matching (and so of
:class:`storyline.threads.ThreadTracker`'s) that need none of its other state.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Mapping

from storyline.groups import DocumentFrequencies, OpenGroup

__all__ = ["SECONDS_PER_DAY", "CandidateIndex", "gap_factor", "unit_vector"]

SECONDS_PER_DAY = 86_400.0
_TF_SATURATION = 1.2  # BM25's usual k1: how fast repeats of a term stop adding weight


def unit_vector(
    features: Mapping[str, float], frequencies: DocumentFrequencies
) -> dict[str, float]:
    """Unit-length TF-IDF vector (saturating tf) under the current document frequencies."""
    counts = frequencies.counts
    log = math.log
    # idf(t) = ln((N + 1) / (df(t) + 1)) + 1, smoothed so a young stream stays finite.
    ceiling = log(frequencies.documents + 1) + 1.0
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


def gap_factor(seconds: float, event_days: float) -> float:
    """How much of a cosine counts after a gap: all of it within ``event_days``, then
    less and less (an event's reports come within days; a report a week or more
    later on the same topic is a new event, which the thread level links)."""
    days = seconds / SECONDS_PER_DAY - event_days
    if days <= 0 or event_days == 0:
        return 1.0
    return math.exp(-days / event_days)


class CandidateIndex:
    """An inverted index from terms to the open groups that have them among their heaviest.

    ``postings`` maps a term to ``{group id: the group's mean weight of the
    term}``, so the scores of :meth:`shortlist` approximate mean cosines.
    """

    def __init__(self) -> None:
        self.postings: dict[str, dict[str, float]] = {}

    def shortlist(
        self, vector: Mapping[str, float], *, query_terms: int, candidates: int
    ) -> list[str]:
        """Ids of the groups sharing an indexed term with the vector, best approximate first.

        Only the vector's ``query_terms`` heaviest indexed terms are looked up;
        at most ``candidates`` ids are returned.
        """
        postings = self.postings
        # Only terms in the index can lead to a story.
        indexed = [(weight, term) for term, weight in vector.items() if term in postings]
        query = heapq.nlargest(query_terms, indexed)
        # Postings hold a story's mean term weight, so scores approximate mean cosines.
        scores: defaultdict[str, float] = defaultdict(float)
        for weight, term in query:
            posting = postings.get(term)
            if posting is not None:
                for story_id, story_weight in posting.items():
                    scores[story_id] += weight * story_weight
        # (score, id) pairs: ties resolve by id, whatever order the index was built in.
        ranked = heapq.nlargest(candidates, zip(scores.values(), scores, strict=True))
        return [story_id for _, story_id in ranked]

    def reindex(self, story: OpenGroup, *, story_terms: int) -> None:
        """Point the index at the story's heaviest terms with their current weights."""
        centroid = story.centroid
        # sorted(...)[:n] is what heapq.nlargest(n, ...) returns, ties included, but
        # faster on a story's few hundred terms (one C sort, no Python key heap).
        heaviest = sorted(centroid, key=centroid.__getitem__, reverse=True)[:story_terms]
        postings = self.postings
        kept = dict.fromkeys(heaviest)
        for term in story.indexed:
            if term not in kept:
                self.unpost(term, story.id)
        size = story.size
        for term in heaviest:
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = {}
            posting[story.id] = centroid[term] / size
        story.indexed = kept

    def unpost(self, term: str, story_id: str) -> None:
        """Take the story out of one term's posting (and the term out when none is left)."""
        posting = self.postings[term]
        del posting[story_id]
        if not posting:
            del self.postings[term]
