"""Facts: sentences from different sources that state the same thing.

Each sentence becomes a bag of features: stemmed content terms, numbers and
names (names and numbers weigh more: paraphrases keep them while changing the
wording).  Features are weighted by inverse sentence frequency within the
story, so words every article repeats ("flood") count less than the detail
that makes a sentence specific ("41,500").  Two sentences from different
sources are linked when their weighted overlap (weighted Dice) reaches ``min_similarity`` and
each is the other's best match in its article; linked sentences form a fact.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storyline.compare.clustering import constrained_groups
from storyline.compare.model import Fact, Span
from storyline.models import stable_id
from storyline.text import names, stem, terms, words

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
    items: Sequence[SentenceItem],
    *,
    story_id: str,
    min_similarity: float = 0.3,
    min_features: int = 3,
) -> tuple[Fact, ...]:
    """Facts from the sentences of a story's articles (every usable sentence is in one)."""
    usable = [item for item in items if len(item.features) >= min_features]
    weights = idf_weighted(usable)
    links = _links(usable, weights, min_similarity)
    keys = [item.span.article_id for item in usable]
    clusters = constrained_groups(keys, links)
    facts = [_make_fact([usable[i] for i in members], story_id) for members in clusters]
    facts.sort(key=lambda fact: (-fact.sources, _time_key(fact.first_reported), fact.id))
    return tuple(facts)


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


def _links(
    items: Sequence[SentenceItem], weights: list[dict[str, float]], min_similarity: float
) -> list[tuple[float, int, int]]:
    """Mutual best matches between articles of different sources, above the threshold."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for feature in item.features:
            index[feature].append(position)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for a, item in enumerate(items):
        candidates = {b for f in item.features for b in index[f] if b > a}
        for b in candidates:
            other = items[b]
            if (
                other.span.source == item.span.source
                and other.span.article_id == item.span.article_id
            ):
                continue
            score = fact_similarity(weights[a], weights[b])
            if score < min_similarity:
                continue
            for this, that in ((a, b), (b, a)):
                key = (this, items[that].span.article_id)
                if key not in best or score > best[key][0]:
                    best[key] = (score, that)
    links = []
    for (this, _), (score, that) in best.items():
        back = best.get((that, items[this].span.article_id))
        if back is not None and back[1] == this and this < that:
            links.append((score, this, that))
    return links


def fact_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice: twice the shared weight over the total weight of both sentences."""
    shared = sum(min(a[f], b[f]) for f in a.keys() & b.keys())
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


def _time_key(moment: datetime | None) -> tuple[bool, float]:
    """Sort key: known times first, earliest first (aware and naive times both work)."""
    return (moment is None, moment.timestamp() if moment is not None else 0.0)


def _make_fact(members: list[SentenceItem], story_id: str) -> Fact:
    members.sort(key=lambda item: (_time_key(item.published), item.span.outlet, item.span.start))
    spans = tuple(item.span for item in members)
    dates = [item.published for item in members if item.published is not None]
    fact_id = stable_id("fact", story_id, *(f"{s.article_id}:{s.start}" for s in spans))
    return Fact(
        id=fact_id,
        text=members[0].span.text,
        spans=spans,
        sources=len({span.source for span in spans}),
        first_reported=min(dates) if dates else None,
    )
