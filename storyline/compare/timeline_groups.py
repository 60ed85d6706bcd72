"""Merge dated mentions from several outlets into one timeline, one entry per event.

Each sentence is one event: when it states several dates ("signed on Monday,
a year after the 2024 talks") it goes on the timeline once, at its most
precise date (the first of equals).  The same sentence printed by several
outlets (a wire story) is one event too, dated as most of them date it (the
earliest-published copy breaks ties), so a "Monday" read against different
publication days does not split it.  Then mentions with the same date and
precision are one entry when their sentences share enough content words (the
same event told in different words); otherwise they stay separate entries on
the same day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from storyline.compare.model import DateMention, TimelineEntry
from storyline.compare.timex_patterns import MONTHS, WEEKDAYS
from storyline.compare.timex_values import CALENDAR_PRECISIONS
from storyline.models import stable_id
from storyline.text import terms

__all__ = ["merge_timeline", "one_per_event"]

_DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"morning", "afternoon", "evening", "night"}
Dated = tuple[DateMention, datetime | None]


def merge_timeline(
    mentions: Sequence[Dated],
    *,
    story_id: str,
    min_similarity: float = 0.2,
) -> tuple[TimelineEntry, ...]:
    """Timeline entries in date order; ``mentions`` pair each mention with its publication time."""
    by_day: dict[tuple[str, str], list[Dated]] = defaultdict(list)
    for mention, published in one_per_event(mentions):
        by_day[(mention.date.isoformat(), mention.precision)].append((mention, published))
    entries: list[TimelineEntry] = []
    for items in by_day.values():
        items.sort(key=lambda pair: _time_key(pair[1]))
        clusters: list[tuple[set[str], list[DateMention]]] = []
        for mention, _ in items:
            words = _event_terms(mention.event.text)
            for cluster_terms, members in clusters:
                if _jaccard(words, cluster_terms) >= min_similarity:
                    members.append(mention)
                    cluster_terms |= words
                    break
            else:
                clusters.append((set(words), [mention]))
        entries.extend(_entry(members, story_id) for _, members in clusters)
    entries.sort(key=lambda entry: (entry.date, entry.precision, entry.id))
    return tuple(entries)


def one_per_event(mentions: Sequence[Dated]) -> list[Dated]:
    """One mention per sentence of an article, and one date per sentence text across articles."""
    best: dict[tuple[str, int], Dated] = {}
    for pair in mentions:
        mention = pair[0]
        if mention.precision not in CALENDAR_PRECISIONS:
            continue
        key = (mention.span.article_id, mention.event.start)
        if key not in best or _rank(mention) < _rank(best[key][0]):
            best[key] = pair
    by_text: dict[str, list[Dated]] = defaultdict(list)
    for pair in best.values():
        by_text[" ".join(pair[0].event.text.lower().split())].append(pair)
    kept: list[Dated] = []
    for copies in by_text.values():
        copies.sort(key=lambda pair: _time_key(pair[1]))
        votes = Counter((m.date, m.precision) for m, _ in copies)
        top = max(votes.values())
        chosen = next(
            (m.date, m.precision) for m, _ in copies if votes[(m.date, m.precision)] == top
        )
        kept.extend(
            (replace(m, date=chosen[0], precision=chosen[1]), published) for m, published in copies
        )
    return kept


def _rank(mention: DateMention) -> tuple[int, int]:
    return CALENDAR_PRECISIONS.index(mention.precision), mention.span.start


def _entry(members: list[DateMention], story_id: str) -> TimelineEntry:
    first = members[0]
    entry_id = stable_id(
        "timeline", story_id, *(f"{m.span.article_id}:{m.span.start}" for m in members)
    )
    return TimelineEntry(entry_id, first.date, first.precision, first.event.text, tuple(members))


def _event_terms(sentence: str) -> set[str]:
    return {term for term in terms(sentence) if term not in _DATE_WORDS and not term.isdigit()}


def _jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _time_key(moment: datetime | None) -> tuple[bool, float]:
    return (moment is None, moment.timestamp() if moment is not None else 0.0)
