"""The attribution rule's blocking: which sentences of a story are worth checking.

:class:`storyline.attribution.Attributor` finds candidate sentences for a claim
in an inverted index over the story's sentences and scores each by the weight
of the claim's terms it carries (:func:`rarity`); :class:`Bars` tells from that
score alone when checking a candidate is sure to fail.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from storyline.claim_forms import compound_parts, form_key
from storyline.text import Sentence

if TYPE_CHECKING:
    from storyline.attribution import Claim

__all__ = ["Bars", "form_producers", "formable", "paragraph_numbers", "rarity", "shortlist"]


class Bars:
    """Whether a candidate sentence, by its score (the weight of the claim's blocking terms
    it carries), could state the claim at all: if not, it need not be checked.

    It could not when it misses the content-word bar (``alone``, a share of the claim's
    weight) even if it carried every ``unscored`` claim term (too common to block on),
    every ``formable`` one (which the span may write in another form: :func:`formable`)
    and, as related verbs, every claim verb, and carries less than ``joined`` of the
    claim's weight, too little to be joined with a neighbour; a claim with fewer than
    ``min_terms`` terms is stated by no span.  The claim's verbs are read only for a
    score between the bars their absence sets; each bar sits a hair low, so rounding
    never skips a sentence that would pass.  The bars hold only while these are the
    ways a span may carry a claim term it does not write (``verdict`` widens a span by
    related verbs and word forms): a new one must be counted here too.
    """

    def __init__(
        self,
        claim: Claim,
        unscored: Sequence[str],
        weights: dict[str, float],
        *,
        formable: frozenset[str],
        alone: float,
        joined: float,
        min_terms: int,
    ) -> None:
        self.claim, self.weights = claim, weights
        self.unscored = formable.union(unscored)  # not in the score, perhaps in the span
        self.share, self.vague = alone, len(claim.terms) < min_terms
        self.total = self._weight(claim.terms)
        self.slack = 1e-9 * (self.total + 1.0)
        self.joined = joined * self.total - self._weight(unscored) - self.slack
        actions = self.unscored.union(*claim.clauses)  # every verb is an action word
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
            self.alone = self._alone(self.unscored.union(self.claim.verbs))
        return score >= self.alone

    def _alone(self, beyond: frozenset[str]) -> float:
        return self.share * self.total - self._weight(beyond) - self.slack

    def _weight(self, found: Iterable[str]) -> float:
        return math.fsum(self.weights.get(term, 1.0) for term in found)


def shortlist(
    wanted: frozenset[str],
    index: tuple[dict[str, list[int]], list[tuple[str, int]], dict[str, float]],
    *,
    max_postings: int,
    max_candidates: int,
    bars: Callable[[list[str]], Bars] | None,
) -> dict[str, list[int]]:
    """Per article, the sentences sharing the ``wanted`` terms that are not too common
    (``max_postings``), at most ``max_candidates``, by the weight of those they carry;
    with ``bars``, only those that could state the claim.  ``index`` holds each term's
    sentence numbers, each number's (article, index) and each term's weight."""
    postings, numbered, weights = index
    shared: dict[int, float] = defaultdict(float)
    unscored: list[str] = []  # too common to block on: not in the scores below
    for term in sorted(wanted):  # a fixed order: the sums below are not associative
        posting = postings.get(term, ())
        if len(posting) > max_postings:
            unscored.append(term)
            continue
        weight = weights.get(term, 1.0)
        for number in posting:
            shared[number] += weight
    by_article: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for number, score in shared.items():
        article_id, sentence = numbered[number]
        by_article[article_id].append((-score, sentence))
    hopeful = bars(unscored).hopeful if bars is not None else None
    return {
        article_id: [
            sentence
            for negative, sentence in sorted(found)[:max_candidates]
            if hopeful is None or hopeful(-negative)
        ]
        for article_id, found in by_article.items()
    }


def form_producers(postings: Iterable[str]) -> dict[str, set[str]]:
    """For each form key (:func:`storyline.claim_forms.form_key`), the story's terms that
    have it, themselves or in a compound's part."""
    producers: dict[str, set[str]] = defaultdict(set)
    for term in postings:
        producers[form_key(term)].add(term)
        for part in compound_parts(term):
            producers[form_key(part)].add(term)
    return producers


def formable(wanted: Iterable[str], producers: dict[str, set[str]]) -> frozenset[str]:
    """The terms of ``wanted`` that a sentence of the story could carry in another form
    of the word (see :func:`storyline.attribution._with_word_forms`): another term of
    the story has its form key, or it is a compound (its parts may be carried)."""
    return frozenset(
        term for term in wanted if "-" in term or not producers.get(form_key(term), set()) <= {term}
    )


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
