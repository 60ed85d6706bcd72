"""The attribution rule's blocking: which sentences of a story are worth checking.

:class:`storyline.attribution.Attributor` finds candidate sentences for a claim
in an inverted index over the story's sentences and scores each by the weight
of the claim's terms it carries (:func:`rarity`); :class:`Bars` tells from that
score alone when checking a candidate is sure to fail.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from storyline.text import Sentence

if TYPE_CHECKING:
    from storyline.attribution import Claim

__all__ = ["Bars", "paragraph_numbers", "rarity"]


class Bars:
    """Whether a candidate sentence, by its score (the weight of the claim's blocking terms
    it carries), could state the claim at all: if not, it need not be checked.

    It could not when it misses the content-word bar (``alone``, a share of the claim's
    weight) even if it carried every ``unscored`` claim term (too common to block on)
    and, as related verbs, every claim verb, and carries less than ``joined`` of the
    claim's weight, too little to be joined with a neighbour; a claim with fewer than
    ``min_terms`` terms is stated by no span.  The claim's verbs are read only for a
    score between the bars their absence sets; each bar sits a hair low, so rounding
    never skips a sentence that would pass.
    """

    def __init__(
        self,
        claim: Claim,
        unscored: Sequence[str],
        weights: dict[str, float],
        *,
        alone: float,
        joined: float,
        min_terms: int,
    ) -> None:
        self.claim, self.unscored, self.weights = claim, unscored, weights
        self.share, self.vague = alone, len(claim.terms) < min_terms
        self.total = self._weight(claim.terms)
        self.slack = 1e-9 * (self.total + 1.0)
        self.joined = joined * self.total - self._weight(unscored) - self.slack
        actions = frozenset(unscored).union(*claim.clauses)  # every verb is an action word
        self.loose = self._alone(actions)
        self.alone: float | None = None

    def hopeful(self, score: float) -> bool:
        """Whether a candidate with this score could state the claim."""
        if self.vague:
            return False
        if score >= self.joined:
            return True
        if score < self.loose:
            return False
        if self.alone is None:
            self.alone = self._alone(frozenset(self.unscored).union(self.claim.verbs))
        return score >= self.alone

    def _alone(self, beyond: frozenset[str]) -> float:
        return self.share * self.total - self._weight(beyond) - self.slack

    def _weight(self, found: Iterable[str]) -> float:
        return math.fsum(self.weights.get(term, 1.0) for term in found)


def rarity(postings: dict[str, list[int]], count: int) -> dict[str, float]:
    """Each term's weight: 1 for a term in at most two sentences (as specific as a claim
    shared by two articles can be), less the more sentences of the story repeat it."""
    specific = math.log(1 + max(count, 2) / 2)
    return {
        term: min(1.0, math.log(1 + max(count, 2) / len(posting)) / specific)
        for term, posting in postings.items()
    }


def paragraph_numbers(text: str, found: Sequence[Sentence]) -> list[int]:
    """The paragraph (counted from 0) each sentence is in."""
    numbers = []
    paragraph = 0
    position = 0
    for sentence in found:
        if "\n\n" in text[position : sentence.start]:
            paragraph += 1
        numbers.append(paragraph)
        position = sentence.end
    return numbers
