"""Facts: what the articles of a story state, and which articles state each.

A fact is a sentence and every other article's span that states it by the one
attribution rule (:mod:`storyline.attribution`): the coverage table, "reported
by every source" and "by one source only" read the facts, and the summary
cites by the same rule, so they agree.

The weighted features here (stemmed content terms, numbers and names, weighted
by inverse sentence frequency within the story) are a similarity for ranking
and redundancy in the summary, never a reason to credit an article.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.compare.model import Fact, Span
from storyline.models import CleanArticle, stable_id
from storyline.text import names, stem, terms, words

if TYPE_CHECKING:
    from storyline.attribution import Attributor

__all__ = [
    "SentenceItem",
    "align_facts",
    "fact_similarity",
    "idf_weighted",
    "sentence_features",
]

_NUMBER = re.compile(r"^\d[\d,.]*$")
_NAME_WEIGHT = 1.5
_NUMBER_WEIGHT = 2.0


@dataclass(frozen=True)
class SentenceItem:
    """One sentence of one article, ready to be aligned."""

    span: Span
    published: datetime | None
    features: dict[str, float]


def sentence_features(sentence: str) -> dict[str, float]:
    """Feature -> weight before IDF: terms 1, numbers and name words 2."""
    return dict(_sentence_features(sentence))


# The facts and the summary both ask for every sentence's features: kept for the last
# few thousand sentences (a copy is handed out, the kept one never changes).
@lru_cache(maxsize=8192)
def _sentence_features(sentence: str) -> dict[str, float]:
    features: dict[str, float] = {}
    for term in terms(sentence):
        if not _NUMBER.match(term):
            features["t:" + term] = 1.0
    for token in words(sentence):
        if _NUMBER.match(token):
            features["n:" + token.replace(",", "")] = _NUMBER_WEIGHT
    for name in names(sentence):
        for part in name.split():
            if part[:1].isupper() and len(part) > 1:
                features["t:" + stem(part.lower())] = _NAME_WEIGHT
    return features


def align_facts(
    articles: Sequence[CleanArticle],
    *,
    story_id: str,
    source_of: Mapping[str, str] | None = None,
    attributor: Attributor | None = None,
    min_features: int = 3,
) -> tuple[Fact, ...]:
    """Facts from the sentences of a story's articles, by the one attribution rule.

    Sentences are taken in reading order (articles as given); each sentence
    not yet part of a fact, with at least ``min_features`` features, opens a
    fact whose spans are the sentence itself and, for every other article, the
    span that :class:`~storyline.attribution.Attributor` credits with it.  So
    a fact's outlets are exactly the articles a summary citing that sentence
    would cite.  ``source_of`` maps article id to duplicate group.
    """
    from storyline.attribution import Attributor  # here: attribution reads compare's figures

    sources = dict(source_of or {})
    rule = attributor or Attributor.of(articles)
    by_id = {article.id: article for article in articles}
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    facts = []
    for article in articles:
        for sentence in rule.sentences_of(article.id):
            if _inside(covered[article.id], sentence.start, sentence.end):
                continue
            if len(_sentence_features(sentence.text)) < min_features:
                continue
            credits = rule.credits(sentence.text, skip=(article.id,), source=article.id)
            spans = [_span_of(article, sources, sentence.start, sentence.end)]
            covered[article.id].append((sentence.start, sentence.end))
            for other_id, credit in credits.items():
                spans.append(_span_of(by_id[other_id], sources, credit.start, credit.end))
                covered[other_id].append((credit.start, credit.end))
            facts.append(_make_fact(spans, by_id, story_id))
    facts.sort(key=lambda fact: (-fact.sources, _time_key(fact.first_reported), fact.id))
    return tuple(facts)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(low <= start and end <= high for low, high in spans)


def _span_of(article: CleanArticle, sources: Mapping[str, str], start: int, end: int) -> Span:
    source = sources.get(article.id, article.id)
    return Span(article.id, article.outlet, source, start, end, article.text[start:end])


def idf_weighted(items: Sequence[SentenceItem]) -> list[dict[str, float]]:
    frequency: dict[str, int] = defaultdict(int)
    for item in items:
        for feature in item.features:
            frequency[feature] += 1
    total = len(items) or 1
    return [
        {f: w * math.log(1 + total / frequency[f]) for f, w in item.features.items()}
        for item in items
    ]


def fact_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice: twice the shared weight over the total weight of both sentences."""
    # fsum: the same sum whatever order the set of shared features comes in (hash seed)
    shared = math.fsum(min(a[f], b[f]) for f in a.keys() & b.keys())
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


def _time_key(moment: datetime | None) -> tuple[bool, float]:
    """Sort key: known times first, earliest first (aware and naive times both work)."""
    return (moment is None, moment.timestamp() if moment is not None else 0.0)


def _make_fact(spans: list[Span], by_id: Mapping[str, CleanArticle], story_id: str) -> Fact:
    """The fact stated by ``spans[0]`` (its text) and every span credited with it."""
    text = spans[0].text
    published = {span.article_id: by_id[span.article_id].published for span in spans}
    spans.sort(key=lambda span: (_time_key(published[span.article_id]), span.outlet, span.start))
    dates = [moment for moment in published.values() if moment is not None]
    fact_id = stable_id("fact", story_id, *(f"{s.article_id}:{s.start}" for s in spans))
    return Fact(
        id=fact_id,
        text=text,
        spans=tuple(spans),
        sources=len({span.source for span in spans}),
        first_reported=min(dates) if dates else None,
    )
