"""Extractive, attributed multi-document summaries of a story.

Every complete sentence of every article is a candidate.  A candidate scores
high when it is central to the story (close to the centroid of all its
sentences), when other *independent* sources report the same thing (copies in
one duplicate group count once) and when it comes early in its article (news
puts the essentials first).  Candidates are taken greedily, best first, while
they fit the word budget and add something new (maximal marginal relevance
with a hard cap on similarity to what is already chosen).  Each chosen sentence
then cites every article with a sentence that says the same thing, and the
summary is put in reading order: by the date of the first report, then by
position in the article.

Sentences come only from :func:`storyline.text.sentences`.  "Says the same
thing" is the cosine similarity of TF-IDF vectors over
:func:`storyline.text.terms`, with document frequencies counted over the
story's own sentences, so the measure needs no outside corpus.  It is
lexical: two outlets that report one fact in different words (typically their
opening sentences) are neither recognised as redundant nor cited for each
other.  Citations err on the side of omission rather than false attribution.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .errors import check_number
from .models import Citation, CleanArticle, Summary, SummarySentence
from .stage import Stage
from .text import Sentence, sentences, terms, word_count

__all__ = ["Summarizer", "summarize"]

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

_CLOSERS = "\"'”’)\\]»"
# A sentence that closes with one of these (then optional closing quotes or
# brackets) is complete; anything else was cut off, or is a heading or dateline.
_COMPLETE_END = re.compile(rf"[.!…][{_CLOSERS}]*$")
_QUESTION_END = re.compile(rf"\?[{_CLOSERS}]*$")
_STARTS_LIKE_SENTENCE = re.compile(r"^[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ]")
# Credits and calls to action: about the page, not the story.
_PAGE_TALK_START = re.compile(
    r"""^(?:by\s+[A-Z]|(?:additional\s+)?(?:reporting|writing|editing)\s+by\b
    |(?:photo|image|picture|video|credit|source|copyright|©)\b
    |(?:click|tap|sign\s+up|subscribe|follow\s+us|read\s+more|learn\s+more|share\s+this)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_PAGE_TALK_ANYWHERE = re.compile(
    r"contributed\s+to\s+this\s+report|all\s+rights\s+reserved"
    r"|this\s+(?:story|article)\s+(?:was|has\s+been)\s+(?:updated|corrected)",
    re.IGNORECASE,
)
_UNDATED = datetime.max.replace(tzinfo=UTC)
_SIMILARITY_DIGITS = 4


@dataclass(frozen=True)
class _Unit:
    """One sentence of one article, with what selection needs to know about it."""

    article: int  # index into the articles in reading order
    sentence: Sentence
    words: int
    eligible: bool  # a complete statement of acceptable length
    rank: int  # how many eligible sentences of the article come before it


class Summarizer(Stage):
    """Extractive summary of a story within a word budget, every sentence attributed.

    Parameters
    ----------
    word_budget:
        Most words in the summary (counted by :func:`storyline.text.word_count`);
        never exceeded.  A sentence that does not fit what is left is skipped
        and shorter ones are tried, so a story whose sentences are all longer
        than the budget gets an empty summary.
    redundancy_threshold:
        A candidate whose similarity to an already chosen sentence reaches
        this value repeats it and is never chosen.
    redundancy_penalty:
        Below that threshold, similarity to what is already chosen is
        subtracted from a candidate's (normalised) score with this weight.
    citation_threshold:
        A sentence of another article whose similarity to a summary sentence
        reaches this value says the same thing: that article is cited.
    support_weight:
        How much each further independent source reporting a sentence adds to
        its score, relative to a sentence only one source reports.
    position_decay:
        The k-th complete sentence of an article (from 0) has its score
        multiplied by ``(1 + k) ** -position_decay``: news leads carry the essentials.
    min_sentence_words:
        Shorter sentences are treated as fragments and never chosen.
    max_sentence_share:
        Longest sentence that may be chosen, as a share of the word budget: one
        run-on sentence should not crowd out the rest of the summary.
    max_candidates:
        Only this many sentences (best by centrality and position) are compared
        with every other sentence; bounds the work on very large stories.
    """

    name = "summarize"
    version = "1"

    def __init__(
        self,
        *,
        word_budget: int = 120,
        redundancy_threshold: float = 0.4,
        redundancy_penalty: float = 0.6,
        citation_threshold: float = 0.5,
        support_weight: float = 1.0,
        position_decay: float = 0.5,
        min_sentence_words: int = 6,
        max_sentence_share: float = 0.5,
        max_candidates: int = 400,
    ) -> None:
        self.word_budget = word_budget
        self.redundancy_threshold = redundancy_threshold
        self.redundancy_penalty = redundancy_penalty
        self.citation_threshold = citation_threshold
        self.support_weight = support_weight
        self.position_decay = position_decay
        self.min_sentence_words = min_sentence_words
        self.max_sentence_share = max_sentence_share
        self.max_candidates = max_candidates

    def validate(self) -> None:
        owner = type(self).__name__
        check_number(owner, "word_budget", self.word_budget, low=1, integer=True)
        for name in ("redundancy_threshold", "citation_threshold", "max_sentence_share"):
            check_number(owner, name, getattr(self, name), low=0, high=1, low_open=True)
        for name in ("redundancy_penalty", "support_weight", "position_decay"):
            check_number(owner, name, getattr(self, name), low=0)
        check_number(owner, "min_sentence_words", self.min_sentence_words, low=1, integer=True)
        check_number(owner, "max_candidates", self.max_candidates, low=1, integer=True)

    def summarize(
        self,
        story_id: str,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
    ) -> Summary:
        """Summarise one story; ``group_of`` maps article id to duplicate-group id.

        Articles missing from ``group_of`` are their own group.  The result
        depends only on the articles and their order of publication (input
        order breaks ties), never on chance.
        """
        self.validate()
        ordered = _reading_order(articles)
        groups = [(group_of or {}).get(article.id, article.id) for article in ordered]
        units = self._units(ordered)
        chosen = self._choose(ordered, groups, units) if units else []
        return Summary(
            story_id=story_id,
            sentences=tuple(chosen),
            word_budget=self.word_budget,
            params=self.params(),
        )

    # -- candidates ---------------------------------------------------------

    def _units(self, articles: Sequence[CleanArticle]) -> list[_Unit]:
        """Every sentence of every article, in reading order, articles contiguous."""
        longest = self.max_sentence_share * self.word_budget
        units: list[_Unit] = []
        for index, article in enumerate(articles):
            rank = 0
            for sentence in sentences(article.text):
                count = word_count(sentence.text)
                eligible = self.min_sentence_words <= count <= longest and _reads_as_statement(
                    sentence.text
                )
                units.append(_Unit(index, sentence, count, eligible, rank))
                rank += eligible
        return units

    def _choose(
        self, articles: Sequence[CleanArticle], groups: list[str], units: list[_Unit]
    ) -> list[SummarySentence]:
        group_index = _index_of(groups)
        unit_groups = np.array([group_index[groups[unit.article]] for unit in units])
        vectors = _tfidf([unit.sentence.text for unit in units])
        copies = np.bincount(list(group_index[group] for group in groups))
        centrality = _centrality(vectors, 1.0 / copies[unit_groups])
        position = np.array([(1.0 + unit.rank) ** -self.position_decay for unit in units])
        eligible = np.array([unit.eligible for unit in units]) & (centrality > 0)
        candidates = _top(centrality * position, eligible, self.max_candidates)
        if candidates.size == 0:
            return []
        similarity = np.asarray((vectors[candidates] @ vectors.T).todense())
        starts = _article_starts(units)
        closest = _closest_per_article(similarity, starts)
        support = _support(closest, candidates, unit_groups, starts, self.citation_threshold)
        score = (
            centrality[candidates] * position[candidates] * (1.0 + self.support_weight * support)
        )
        picked = self._pick(candidates, score, similarity, units)
        summary = [
            _summary_sentence(
                units[candidates[row]],
                similarity[row],
                closest[row],
                units,
                starts,
                articles,
                groups,
                self.citation_threshold,
            )
            for row in picked
        ]
        return _in_reading_order(summary, [units[candidates[row]] for row in picked], articles)

    def _pick(
        self,
        candidates: IndexArray,
        score: FloatArray,
        similarity: FloatArray,
        units: list[_Unit],
    ) -> list[int]:
        """Rows of ``candidates`` chosen by maximal marginal relevance within the budget."""
        relevance = score / max(float(score.max()), np.finfo(float).tiny)
        to_candidates = similarity[:, candidates]
        words = np.array([units[index].words for index in candidates])
        closest = np.zeros(candidates.size)
        open_ = np.ones(candidates.size, dtype=bool)
        remaining = self.word_budget
        picked: list[int] = []
        while True:
            # Close what no longer fits or repeats a chosen sentence; shorter ones stay open.
            open_ &= (words <= remaining) & (closest < self.redundancy_threshold)
            if not open_.any():
                break
            value = np.where(open_, relevance - self.redundancy_penalty * closest, -np.inf)
            row = int(np.argmax(value))  # ties: the earliest in reading order
            picked.append(row)
            open_[row] = False
            remaining -= int(words[row])
            closest = np.maximum(closest, to_candidates[:, row])
        if not picked:
            logger.debug("no sentence fits a budget of %d words", self.word_budget)
        return picked


def summarize(
    story_id: str,
    articles: Sequence[CleanArticle],
    *,
    group_of: Mapping[str, str] | None = None,
    **params: Any,
) -> Summary:
    """Summarise one story with a :class:`Summarizer` built from ``params``."""
    return Summarizer(**params).summarize(story_id, articles, group_of=group_of)


# -- reading the articles -----------------------------------------------------


def _reading_order(articles: Sequence[CleanArticle]) -> list[CleanArticle]:
    """Articles by publication time (undated last), then as given; repeats dropped."""
    first_of: dict[str, CleanArticle] = {}
    for article in articles:
        first_of.setdefault(article.id, article)
    unique = list(first_of.values())
    return sorted(unique, key=_published)


def _published(article: CleanArticle) -> datetime:
    """When the article appeared; undated ones sort last, naive times are taken as UTC."""
    when = article.published
    if when is None:
        return _UNDATED
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _reads_as_statement(text: str) -> bool:
    """A complete declarative sentence: not a fragment, question, credit or call to action."""
    if _QUESTION_END.search(text) or not _COMPLETE_END.search(text):
        return False
    if not _STARTS_LIKE_SENTENCE.match(text):
        return False
    return not (_PAGE_TALK_START.match(text) or _PAGE_TALK_ANYWHERE.search(text))


def _index_of(values: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for value in values:
        index.setdefault(value, len(index))
    return index


def _article_starts(units: list[_Unit]) -> IndexArray:
    """Index of the first unit of each article that has any (units are grouped by article)."""
    articles = np.array([unit.article for unit in units])
    return np.flatnonzero(np.r_[True, articles[1:] != articles[:-1]])


# -- scoring ------------------------------------------------------------------


def _tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Rows: L2-normalised TF-IDF vectors of ``texts`` (zero rows for texts without terms)."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, text in enumerate(texts):
        for term in terms(text):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(texts), len(vocabulary))
    )
    counts.sum_duplicates()
    frequency = np.bincount(counts.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1
    weighted = sparse.csr_matrix(counts.multiply(idf))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


def _centrality(vectors: sparse.csr_matrix, weights: FloatArray) -> FloatArray:
    """Cosine of each sentence with the story centroid (the weighted sum of all sentences).

    ``weights`` is 1 / (copies in the sentence's duplicate group), so that a
    wire story printed by five outlets does not pull the centroid five times.
    """
    centroid = np.asarray(vectors.T @ weights).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm == 0:
        return np.zeros(vectors.shape[0])
    return np.asarray(vectors @ (centroid / norm)).ravel()


def _top(score: FloatArray, eligible: NDArray[np.bool_], limit: int) -> IndexArray:
    """The eligible indices, at most ``limit`` of them (best score), in reading order."""
    indices = np.flatnonzero(eligible)
    if indices.size > limit:
        keep = np.argsort(-score[indices], kind="stable")[:limit]
        indices = np.sort(indices[keep])
    return indices


def _closest_per_article(similarity: FloatArray, starts: IndexArray) -> FloatArray:
    """For each candidate (row) and article with sentences: its closest sentence's similarity."""
    return np.maximum.reduceat(similarity, starts, axis=1)


def _support(
    closest: FloatArray,
    candidates: IndexArray,
    unit_groups: IndexArray,
    starts: IndexArray,
    threshold: float,
) -> FloatArray:
    """How many *other* independent sources have a sentence saying the same thing.

    Soft: a source whose closest sentence falls short of the citation
    threshold still counts in proportion, so paraphrase is not all-or-nothing.
    """
    article_groups = unit_groups[starts]
    by_group = np.zeros((candidates.size, int(unit_groups.max()) + 1))
    for column, group in enumerate(article_groups):
        by_group[:, group] = np.maximum(by_group[:, group], closest[:, column])
    by_group[np.arange(candidates.size), unit_groups[candidates]] = 0.0
    support: FloatArray = np.minimum(by_group / threshold, 1.0).sum(axis=1)
    return support


# -- the summary --------------------------------------------------------------


def _summary_sentence(
    own: _Unit,
    similarity_row: FloatArray,
    closest_row: FloatArray,
    units: list[_Unit],
    starts: IndexArray,
    articles: Sequence[CleanArticle],
    groups: list[str],
    threshold: float,
) -> SummarySentence:
    """``own`` with a citation of every article whose closest sentence says the same."""
    bounds = np.r_[starts, len(units)]
    citations: list[Citation] = []
    cited_groups: set[str] = set()
    for column, start in enumerate(starts):
        article = units[start].article
        if article == own.article:
            best, value = own, 1.0
        elif closest_row[column] >= threshold:
            stop = bounds[column + 1]
            best = units[start + int(np.argmax(similarity_row[start:stop]))]
            value = float(closest_row[column])
        else:
            continue
        citations.append(_citation(articles[article], best, value))
        cited_groups.add(groups[article])
    return SummarySentence(
        text=own.sentence.text, citations=tuple(citations), sources=len(cited_groups)
    )


def _citation(article: CleanArticle, unit: _Unit, similarity: float) -> Citation:
    return Citation(
        article_id=article.id,
        outlet=article.outlet,
        start=unit.sentence.start,
        end=unit.sentence.end,
        similarity=round(min(float(similarity), 1.0), _SIMILARITY_DIGITS),
    )


def _in_reading_order(
    summary: list[SummarySentence], owners: list[_Unit], articles: Sequence[CleanArticle]
) -> list[SummarySentence]:
    """By the date of the first report, then position in the article, then article order."""
    published = {article.id: _published(article) for article in articles}

    def key(pair: tuple[SummarySentence, _Unit]) -> tuple[datetime, int, int]:
        sentence, unit = pair
        first = min(published[citation.article_id] for citation in sentence.citations)
        return (first, unit.rank, unit.article)

    return [sentence for sentence, _ in sorted(zip(summary, owners, strict=True), key=key)]
