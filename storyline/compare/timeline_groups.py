"""Merge dated mentions from several outlets into one timeline.

Mentions with the same date and precision are one entry when their sentences
share enough content words (the same event told by different outlets);
otherwise they stay separate entries on the same day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from storyline.compare.model import DateMention, TimelineEntry
from storyline.compare.timeline import MONTHS, WEEKDAYS
from storyline.models import stable_id
from storyline.text import terms

__all__ = ["merge_timeline"]

_DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"morning", "afternoon", "evening", "night"}


def merge_timeline(
    mentions: Sequence[tuple[DateMention, datetime | None]],
    *,
    story_id: str,
    min_similarity: float = 0.2,
) -> tuple[TimelineEntry, ...]:
    """Timeline entries in date order; ``mentions`` pair each mention with its publication time."""
    by_day: dict[tuple[str, str], list[tuple[DateMention, datetime | None]]] = defaultdict(list)
    for mention, published in mentions:
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
