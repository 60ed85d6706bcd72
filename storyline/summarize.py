"""Extractive, attributed multi-document summaries of a story.

Every complete sentence of every article is a candidate.  A candidate scores
high when it is central to the story (close to the centroid of all its
sentences), when other *independent* sources report the same thing (copies in
one duplicate group count once) and when it comes early in its article (news
puts the essentials first).  Candidates are taken greedily, best first, while
they fit the word budget and add something new (maximal marginal relevance
with a hard cap on similarity to what is already chosen).  Each chosen sentence
then cites every article that states it by the one attribution rule
(:mod:`storyline.attribution`: content words, figures, names and quoted words
agree), the rule the comparison's coverage table uses too, and the summary is
put in reading order: by the date of the first report, then by position in
the article.

Sentences come only from :func:`storyline.text.sentences`.  For choosing
sentences (not for citing), two sentences "say the same thing" when either of
two similarities reaches the citation threshold, both computed over the
story's own sentences (no outside corpus):

* by words: the cosine of TF-IDF vectors over :func:`storyline.text.terms`,
  which sees copies and light edits;
* by facts: a weighted overlap in which names and numbers weigh more than
  wording (:mod:`storyline.compare.facts`), which sees paraphrase.  Two
  sentences whose numbers disagree never say the same thing by facts.

These similarities rank candidates by how many sources report something and
keep the summary from repeating itself; a citation is never given on
similarity alone.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .attribution import Attributor, without_dateline
from .compare.facts import SentenceItem, idf_weighted, sentence_features
from .compare.model import Span
from .errors import check_number
from .language import detect_language
from .likeness import Likeness, fill_fact_likeness
from .models import Citation, CleanArticle, Summary, SummarySentence
from .stage import Stage
from .text import Sentence, sentences, word_count
from .tfidf import tfidf_rows

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
        A candidate whose similarity by words to an already chosen sentence
        reaches this value repeats it and is never chosen; so is another
        source's sentence that says the same thing by facts (see
        ``citation_threshold``).
    redundancy_penalty:
        Below that threshold, similarity by words to what is already chosen is
        subtracted from a candidate's (normalised) score with this weight.
    citation_threshold:
        A sentence of another article whose similarity to a candidate, by
        words or by facts, reaches this value counts as reporting it when
        candidates are scored and compared (citations follow the attribution
        rule instead).
    support_weight:
        How much each further independent source reporting a sentence adds to
        its score, relative to a sentence only one source reports.  A source
        counts in part when its closest sentence falls short of the citation
        threshold: in proportion to the similarity by words, and by facts from
        half the threshold (below that it shares only topic words).
    stated_weight:
        How much each further independent source that *states* a candidate by
        the attribution rule (so would be cited for it) adds to its score, on
        top of ``support_weight``.  Sentences whose claim other outlets state
        whole come first: the summary says what the sources agree on, and
        cites everyone who says it, rather than a sentence others report only
        in part or in words too different to check.
    stated_candidates:
        Only the best this many candidates (by score before that bonus) are
        checked by the rule: enough to fill the budget several times over.
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
    version = "5"

    def __init__(
        self,
        *,
        word_budget: int = 120,
        redundancy_threshold: float = 0.4,
        redundancy_penalty: float = 0.6,
        citation_threshold: float = 0.5,
        support_weight: float = 1.0,
        stated_weight: float = 1.0,
        stated_candidates: int = 40,
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
        self.stated_weight = stated_weight
        self.stated_candidates = stated_candidates
        self.position_decay = position_decay
        self.min_sentence_words = min_sentence_words
        self.max_sentence_share = max_sentence_share
        self.max_candidates = max_candidates

    def validate(self) -> None:
        owner = type(self).__name__
        check_number(owner, "word_budget", self.word_budget, low=1, integer=True)
        for name in ("redundancy_threshold", "citation_threshold", "max_sentence_share"):
            check_number(owner, name, getattr(self, name), low=0, high=1, low_open=True)
        for name in ("redundancy_penalty", "support_weight", "stated_weight", "position_decay"):
            check_number(owner, name, getattr(self, name), low=0)
        check_number(owner, "stated_candidates", self.stated_candidates, low=1, integer=True)
        check_number(owner, "min_sentence_words", self.min_sentence_words, low=1, integer=True)
        check_number(owner, "max_candidates", self.max_candidates, low=1, integer=True)

    def summarize(
        self,
        story_id: str,
        articles: Sequence[CleanArticle],
        *,
        group_of: Mapping[str, str] | None = None,
        attributor: Attributor | None = None,
    ) -> Summary:
        """Summarise one story; ``group_of`` maps article id to duplicate-group id.

        Articles missing from ``group_of`` are their own group.  Citations are
        decided by ``attributor`` (built from the articles when not given;
        the pipeline passes the one the comparison uses).  The result
        depends only on the articles and their order of publication (input
        order breaks ties), never on chance.
        """
        self.validate()
        ordered = _reading_order(articles)
        groups = [(group_of or {}).get(article.id, article.id) for article in ordered]
        units = self._units(ordered)
        rule = attributor or Attributor.of(ordered)
        chosen = self._choose(ordered, groups, units, rule) if units else []
        if not chosen and units:
            chosen = lead_summary(story_id, ordered, units, self.word_budget)
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
                count = word_count(without_dateline(sentence.text))
                eligible = self.min_sentence_words <= count <= longest and _reads_as_statement(
                    sentence.text
                )
                units.append(_Unit(index, sentence, count, eligible, rank))
                rank += eligible
        return units

    def _choose(
        self,
        articles: Sequence[CleanArticle],
        groups: list[str],
        units: list[_Unit],
        rule: Attributor,
    ) -> list[SummarySentence]:
        group_index = _index_of(groups)
        unit_groups = np.array([group_index[groups[unit.article]] for unit in units])
        vectors = tfidf_rows([unit.sentence.text for unit in units])
        copies = np.bincount(list(group_index[group] for group in groups))
        centrality = _centrality(vectors, 1.0 / copies[unit_groups])
        position = np.array([(1.0 + unit.rank) ** -self.position_decay for unit in units])
        eligible = np.array([unit.eligible for unit in units]) & (centrality > 0)
        candidates = _top(centrality * position, eligible, self.max_candidates)
        if candidates.size == 0:
            return []
        threshold = self.citation_threshold
        likeness = Likeness(
            words=np.asarray((vectors[candidates] @ vectors.T).todense()),
            facts=np.zeros((candidates.size, len(units))),
        )
        if len(copies) > 1:  # facts are compared across sources only
            weights = _fact_weights(units, articles, groups)
            fill_fact_likeness(likeness.facts, weights, candidates, unit_groups, threshold)
        starts = _article_starts(units)
        credit = _closest_per_article(likeness.credit(threshold), starts)
        support = _support(credit, candidates, unit_groups, starts)
        score = (
            centrality[candidates] * position[candidates] * (1.0 + self.support_weight * support)
        )
        if self.stated_weight > 0 and len(copies) > 1:
            stated = _stated(
                [units[index] for index in candidates],
                score,
                articles,
                groups,
                rule,
                limit=self.stated_candidates,
            )
            score = score * (1.0 + self.stated_weight * stated)
        people = _person_marks([units[index].sentence.text for index in candidates])
        repeats = likeness.repeats(candidates, threshold)
        picked = self._pick(candidates, score, repeats, units, people)
        summary = [
            _summary_sentence(units[candidates[row]], articles, groups, rule) for row in picked
        ]
        ordered = _in_reading_order(summary, [units[candidates[row]] for row in picked], articles)
        plain = [_drop_dateline(sentence) for sentence in ordered]
        # names are told apart by their capitals: in text that shows none, the rule is moot
        return _place_unresolved_openers(plain) if people[1].any() else plain

    def _pick(
        self,
        candidates: IndexArray,
        score: FloatArray,
        repeats: FloatArray,
        units: list[_Unit],
        people: tuple[NDArray[np.bool_], NDArray[np.bool_]],
    ) -> list[int]:
        """Rows of ``candidates`` chosen by maximal marginal relevance within the budget.

        ``repeats`` holds how far each candidate (row) repeats each other one (column).
        """
        relevance = score / max(float(score.max()), np.finfo(float).tiny)
        words = np.array([units[index].words for index in candidates])
        leaning, naming = people
        picked = self._greedy(relevance, words, repeats, None)
        if leaning[picked].any() and not naming[picked].any() and naming.any():
            # a "He ..." with nobody named would be left out: choose again, and let such
            # sentences in only once a chosen sentence names someone
            picked = self._greedy(relevance, words, repeats, people)
        if not picked:
            logger.debug("no sentence fits a budget of %d words", self.word_budget)
            return picked
        return self._fill(picked, relevance, repeats, words, leaning | naming)

    def _greedy(
        self,
        relevance: FloatArray,
        words: IndexArray,
        repeats: FloatArray,
        people: tuple[NDArray[np.bool_], NDArray[np.bool_]] | None,
    ) -> list[int]:
        """Maximal marginal relevance within the budget; with ``people`` (leaning, naming),
        a leaning sentence is open only after a naming one was chosen."""
        closest = np.zeros(relevance.size)
        open_ = np.ones(relevance.size, dtype=bool)
        remaining = self.word_budget
        picked: list[int] = []
        while True:
            # Close what no longer fits or repeats a chosen sentence; shorter ones stay open.
            open_ &= (words <= remaining) & (closest < self.redundancy_threshold)
            allowed = open_
            if people is not None:
                leaning, naming = people
                allowed = open_ & (~leaning | bool(naming[picked].any()))
            if not allowed.any():
                return picked
            value = np.where(allowed, relevance - self.redundancy_penalty * closest, -np.inf)
            row = int(np.argmax(value))  # ties: the earliest in reading order
            picked.append(row)
            open_[row] = False
            remaining -= int(words[row])
            closest = np.maximum(closest, repeats[:, row])

    def _fill(
        self,
        picked: list[int],
        relevance: FloatArray,
        repeats: FloatArray,
        words: IndexArray,
        about_people: NDArray[np.bool_],
    ) -> list[int]:
        """Use more of a short budget: swap the last sentence chosen for a longer one.

        Greedy choice can leave a fifth of a 60-word budget empty when the next
        best sentence is a little too long.  When a tenth of the budget or more is
        left (``_FILL_FROM``), the last choice is swapped for the
        most relevant unchosen sentence that fits the words left, is longer,
        repeats no other chosen sentence and is at least half as relevant.
        Whole sentences only: nothing is cut.  A sentence that names someone or
        leans on a name is neither swapped in nor out, so no "he" loses its person.
        """
        last = picked[-1]
        if about_people[last]:
            return picked
        left = self.word_budget - int(words[picked].sum())
        if left < _FILL_FROM * self.word_budget:
            return picked  # a small gap is not worth a less relevant sentence
        others = picked[:-1]
        closest = repeats[:, others].max(axis=1) if others else np.zeros(len(words))
        fits = (
            (words > words[last])
            & (words <= words[last] + left)
            & (closest < self.redundancy_threshold)
            & (relevance >= 0.5 * relevance[last])
            & ~about_people
        )
        fits[picked] = False
        if not fits.any():
            return picked
        better = int(np.argmax(np.where(fits, relevance, -np.inf)))
        return [*others, better]


def lead_summary(
    story_id: str, articles: Sequence[CleanArticle], units: list[_Unit], budget: int
) -> list[SummarySentence]:
    """The non-English fallback: the first article's opening sentences within the budget.

    Used when no sentence qualified for the ranked summary (its sentence tests
    are written for English) and the story is not in English.  Each sentence
    cites only the article it is taken from: no other outlet is credited with
    it, because nothing was compared.
    """
    language = _story_language(articles)
    if language == "en":
        logger.info("story %s: no sentence qualified for a summary", story_id)
        return []
    for index, article in enumerate(articles):
        own = [unit for unit in units if unit.article == index and unit.words > 0]
        chosen: list[SummarySentence] = []
        remaining = budget
        for unit in own:
            if _PAGE_TALK_START.match(unit.sentence.text) or unit.words > remaining:
                if chosen:
                    break
                continue
            chosen.append(
                SummarySentence(
                    text=unit.sentence.text,
                    citations=(_citation(article, (unit.sentence.start, unit.sentence.end), 1.0),),
                    sources=1,
                )
            )
            remaining -= unit.words
        if chosen:
            logger.info(
                "story %s (language %s): a lead summary of %d sentence(s) from %s",
                story_id,
                language or "unknown",
                len(chosen),
                article.outlet,
            )
            return chosen
    logger.warning("story %s: no sentence fits a summary of %d words", story_id, budget)
    return []


def _story_language(articles: Sequence[CleanArticle]) -> str | None:
    """The most common detected language of the articles (detected now when not stored)."""
    counts: dict[str, int] = {}
    for article in articles:
        language = article.article.language or detect_language(article.text)
        if language:
            counts[language] = counts.get(language, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else None


def summarize(
    story_id: str,
    articles: Sequence[CleanArticle],
    *,
    group_of: Mapping[str, str] | None = None,
    attributor: Attributor | None = None,
    **params: Any,
) -> Summary:
    """Summarise one story with a :class:`Summarizer` built from ``params``."""
    return Summarizer(**params).summarize(
        story_id, articles, group_of=group_of, attributor=attributor
    )


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
    credit: FloatArray, candidates: IndexArray, unit_groups: IndexArray, starts: IndexArray
) -> FloatArray:
    """How many *other* independent sources have a sentence saying the same thing.

    ``credit`` holds, for each candidate (row) and article (column), how far
    the article's closest sentence reports it, from 0 to 1: paraphrase is not
    all-or-nothing.  Copies in one duplicate group count once.
    """
    article_groups = unit_groups[starts]
    by_group = np.zeros((candidates.size, int(unit_groups.max()) + 1))
    for column, group in enumerate(article_groups):
        by_group[:, group] = np.maximum(by_group[:, group], credit[:, column])
    by_group[np.arange(candidates.size), unit_groups[candidates]] = 0.0
    support: FloatArray = by_group.sum(axis=1)
    return support


# -- saying the same thing ----------------------------------------------------


def _stated(
    owners: Sequence[_Unit],
    score: FloatArray,
    articles: Sequence[CleanArticle],
    groups: list[str],
    rule: Attributor,
    *,
    limit: int,
) -> FloatArray:
    """For the best ``limit`` candidates by ``score``: how many *other* independent
    sources the attribution rule credits with the candidate's claim (0 for the rest)."""
    stated = np.zeros(len(owners))
    index_of = {article.id: index for index, article in enumerate(articles)}
    for row in np.argsort(-score, kind="stable")[:limit]:
        own = owners[int(row)]
        own_id = articles[own.article].id
        credited = rule.credits(own.sentence.text, skip=(own_id,), source=own_id)
        others = {groups[index_of[article_id]] for article_id in credited}
        stated[row] = len(others - {groups[own.article]})
    return stated


def _fact_weights(
    units: list[_Unit], articles: Sequence[CleanArticle], groups: list[str]
) -> list[dict[str, float]]:
    """The compare stage's weighted features of every sentence (IDF over the story)."""
    features: dict[str, dict[str, float]] = {}  # wire copies repeat sentences
    items = []
    for unit in units:
        article = articles[unit.article]
        sentence = unit.sentence
        if sentence.text not in features:
            features[sentence.text] = sentence_features(sentence.text)
        span = Span(
            article.id,
            article.outlet,
            groups[unit.article],
            sentence.start,
            sentence.end,
            sentence.text,
        )
        items.append(SentenceItem(span, article.published, features[sentence.text]))
    return idf_weighted(items)


# -- the summary --------------------------------------------------------------


def _summary_sentence(
    own: _Unit, articles: Sequence[CleanArticle], groups: list[str], rule: Attributor
) -> SummarySentence:
    """``own`` with a citation of every article that states it, by the attribution rule."""
    own_article = articles[own.article]
    credits = rule.credits(own.sentence.text, skip=(own_article.id,), source=own_article.id)
    citations: list[Citation] = []
    cited_groups: set[str] = set()
    for index, article in enumerate(articles):
        if index == own.article:
            span, value = (own.sentence.start, own.sentence.end), 1.0
        elif article.id in credits:
            credit = credits[article.id]
            span, value = (credit.start, credit.end), credit.coverage
        else:
            continue
        citations.append(_citation(article, span, value))
        cited_groups.add(groups[index])
    return SummarySentence(
        text=own.sentence.text, citations=tuple(citations), sources=len(cited_groups)
    )


def _citation(article: CleanArticle, span: tuple[int, int], similarity: float) -> Citation:
    return Citation(
        article_id=article.id,
        outlet=article.outlet,
        start=span[0],
        end=span[1],
        similarity=round(min(float(similarity), 1.0), _SIMILARITY_DIGITS),
    )


# Openers that lean on a person named earlier: a pronoun, or "the 23-year-old".
_LEANING_OPENER = re.compile(
    r"^[\"“‘']?(?:He|She|His|Her|Him|They|Their|Them)\b|^The\s+\d+-year-old\b"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)+")


# The last choice is swapped for a longer sentence only when at least this share of
# the budget is left: at 60 words one sentence is a fifth of it, while at 300 a gap of
# a few words is better left than filled with a less relevant sentence.
_FILL_FROM = 0.1


def _drop_dateline(sentence: SummarySentence) -> SummarySentence:
    """The sentence without a leading wire dateline (its citations still span the whole)."""
    text = without_dateline(sentence.text)
    return sentence if text == sentence.text else dataclasses.replace(sentence, text=text)


def _names_someone(text: str) -> bool:
    """Whether ``text`` has a run of two or more capitalised words ("Kai Brannagh"), not
    counting a leaning opener.  A heuristic that also takes organisations for people."""
    first, _, rest = text.partition(" ")
    return bool(_FULL_NAME.search(rest)) or bool(
        _FULL_NAME.match(text) and first[:1].isupper() and not _LEANING_OPENER.match(text)
    )


def _person_marks(texts: Sequence[str]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """For each sentence: does it lean on a person named before, does it name someone."""
    plain = [without_dateline(text) for text in texts]
    leaning = np.array([bool(_LEANING_OPENER.match(text)) for text in plain], dtype=bool)
    naming = np.array([_names_someone(text) for text in plain], dtype=bool)
    return leaning, naming & ~leaning


def _place_unresolved_openers(summary: list[SummarySentence]) -> list[SummarySentence]:
    """No sentence opens with "He ..." or "The 23-year-old ..." before anyone is named.

    Such a sentence waits until the first sentence that names someone and follows it;
    if none does, it is left out: the summary says less rather than something unclear.
    """
    result: list[SummarySentence] = []
    waiting: list[SummarySentence] = []
    named = False
    for sentence in summary:
        if not named and _LEANING_OPENER.match(sentence.text):
            waiting.append(sentence)
            continue
        result.append(sentence)
        if not named and _names_someone(sentence.text):
            named = True
            result += waiting
            waiting = []
    if waiting:
        logger.debug("left out %d sentence(s) that lean on an unnamed person", len(waiting))
    return result


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
