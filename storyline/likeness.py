"""How far the sentences of a story say the same thing: by words and by facts.

The summarizer (:mod:`storyline.summarize`) ranks candidates by how many
independent sources report something and keeps its summary from repeating
itself with these two similarities, both over the story's own sentences.  They
only choose sentences: a citation is never given on similarity alone (that is
:mod:`storyline.attribution`'s rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .compare.facts import fact_similarity

__all__ = ["Likeness", "fill_fact_likeness"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

_TINY = float(np.finfo(float).tiny)
# Below this share of the citation threshold, the facts two sentences share are
# only topic words: no support, and the exact similarity is not worth computing.
_FACTS_FLOOR = 0.5
# Stories whose sentence-by-feature table has at most this many cells use dense arrays.
_DENSE_CELLS = 40_000
_NUMBER_FEATURE = "n:"  # how sentence_features names a number


@dataclass(frozen=True)
class Likeness:
    """How far each candidate (row) and each sentence (column) say the same thing, two ways.

    ``words`` is the TF-IDF cosine: it sees copies and light edits.  ``facts``
    is the compare stage's weighted overlap of names, numbers and content
    words: it sees paraphrase, where the wording changes but the facts stay.
    """

    words: FloatArray
    facts: FloatArray

    def said(self) -> FloatArray:
        """Either way: what reaches the citation threshold says the same thing."""
        said: FloatArray = np.maximum(self.words, self.facts)
        return said

    def credit(self, threshold: float) -> FloatArray:
        """How far each sentence counts as reporting the candidate, 0 to 1.

        By words in proportion to the cosine; by facts in proportion to how far
        the similarity rises from the floor (only topic words shared) to the threshold.
        """
        floor = threshold * _FACTS_FLOOR
        by_words = np.minimum(self.words / threshold, 1.0)
        by_facts = np.clip((self.facts - floor) / (threshold - floor), 0.0, 1.0)
        credit: FloatArray = np.maximum(by_words, by_facts)
        return credit

    def repeats(self, candidates: IndexArray, threshold: float) -> FloatArray:
        """Candidate by candidate: the cosine, or 1 where the facts say the same thing.

        A paraphrase adds nothing new, however different its words.  Fact overlap
        below the threshold is not a penalty: sentences on one topic share names.
        """
        words = self.words[:, candidates]
        repeats: FloatArray = np.where(self.facts[:, candidates] >= threshold, 1.0, words)
        return repeats


def fill_fact_likeness(
    facts: FloatArray,
    weights: list[dict[str, float]],
    candidates: IndexArray,
    unit_groups: IndexArray,
    threshold: float,
) -> None:
    """Fill ``facts`` with the compare stage's similarity of each candidate (row) and
    each sentence (column) of another independent source (within one source,
    repetition is left to the similarity by words).

    Computed only where a vectorised upper bound exceeds the floor below which
    it earns no credit (elsewhere it stays 0).  Sentences whose numbers
    disagree ("40,000 households" vs "6,200 households") report different
    facts: 0 as well.
    """
    own_shared, other_shared = _shared_weights(weights, candidates)
    totals = np.array([sum(features.values()) for features in weights])
    pair_totals = totals[candidates][:, None] + totals[None, :]
    bound = 2 * np.minimum(own_shared, other_shared) / np.maximum(pair_totals, _TINY)
    bound[unit_groups[candidates][:, None] == unit_groups[None, :]] = 0.0
    numbers = [_numbers(features) for features in weights]
    for row, column in zip(*np.nonzero(bound > threshold * _FACTS_FLOOR), strict=True):
        unit = int(candidates[row])
        if not _disagree(numbers[unit], numbers[column]):
            facts[row, column] = fact_similarity(weights[unit], weights[column])


def _disagree(first: frozenset[str], second: frozenset[str]) -> bool:
    """Each of two sentences states a number the other does not: "9:48" vs "9:30".

    A number only one of them states is extra detail, not a disagreement.
    """
    return bool(first - second and second - first)


def _shared_weights(
    weights: list[dict[str, float]], candidates: IndexArray
) -> tuple[FloatArray, FloatArray]:
    """For each candidate (row) and sentence (column), the weight that each of the
    two puts on the features both have: an exact bound of the compare stage's
    similarity when a feature weighs the same in both (it differs only when a
    word is part of a name in one sentence and not in the other)."""
    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    values: list[float] = []
    row_ends = [0]
    for features in weights:
        for feature, weight in features.items():
            columns.append(vocabulary.setdefault(feature, len(vocabulary)))
            values.append(weight)
        row_ends.append(len(columns))
    shape = (len(weights), max(len(vocabulary), 1))
    matrix: Any = sparse.csr_matrix((values, columns, row_ends), shape=shape)
    presence: Any = matrix.copy()
    presence.data[:] = 1.0
    if shape[0] * shape[1] <= _DENSE_CELLS:  # small stories: dense arithmetic is faster
        matrix, presence = matrix.toarray(), presence.toarray()
    own_shared = _dense(matrix[candidates] @ presence.T)
    other_shared = _dense(presence[candidates] @ matrix.T)
    return own_shared, other_shared


def _dense(values: Any) -> FloatArray:
    dense: FloatArray = values.toarray() if sparse.issparse(values) else np.asarray(values)
    return dense


def _numbers(features: Mapping[str, float]) -> frozenset[str]:
    """The numbers a sentence states, as the compare stage's features name them."""
    return frozenset(feature for feature in features if feature.startswith(_NUMBER_FEATURE))
