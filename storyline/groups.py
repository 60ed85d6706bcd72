"""The mutable state of an open group (a story, or a thread) and its saved JSON form.

Private to the clusterer and the thread tracker, which publish groups as
:class:`~storyline.models.Story` and :class:`~storyline.threads.Thread`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storyline.models import Story
from storyline.similarity import GroupProfile

__all__ = ["DocumentFrequencies", "OpenGroup", "group_from_state", "group_state"]


@dataclass
class OpenGroup:
    """The mutable state of an open story (private; published as models.Story)."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    first_published: datetime | None = None
    last_published: datetime | None = None
    last_active: float | None = None
    # Sum of the unit vectors of the members that count (the first of each
    # duplicate group), how many those are, and the terms of each of them
    # (to take them out of the document frequencies when the story closes).
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    member_terms: list[tuple[str, ...]] = field(default_factory=list)
    indexed: dict[str, None] = field(default_factory=dict)
    # Features of restored members whose vectors wait for the restored IDF.
    pending: list[dict[str, float]] = field(default_factory=list)
    # Title terms, names and figures of the members that count (learned similarity).
    profile: GroupProfile = field(default_factory=GroupProfile)

    def snapshot(self) -> Story:
        return Story(
            id=self.id,
            article_ids=tuple(self.article_ids),
            title=self.title,
            first_published=self.first_published,
            last_published=self.last_published,
        )

    def note_published(self, published: datetime | None) -> None:
        if published is None:
            return
        if self.first_published is None or published < self.first_published:
            self.first_published = published
        if self.last_published is None or published > self.last_published:
            self.last_published = published

    def fold_in(self, other: OpenGroup) -> None:
        """Add ``other``'s articles, dates, vector sum, member terms and profile (a merge)."""
        self.article_ids.extend(other.article_ids)
        self.note_published(other.first_published)
        self.note_published(other.last_published)
        for term, weight in other.centroid.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        self.size += other.size
        self.member_terms.extend(other.member_terms)
        self.profile.merge(other.profile)


class DocumentFrequencies:
    """Online document frequencies over the articles of the open stories.

    The IDF is ``ln((documents + 1) / (count + 1)) + 1`` (see StoryClusterer._vector).
    """

    def __init__(self) -> None:
        self.documents = 0
        self.counts: dict[str, int] = {}

    def add(self, terms: Iterable[str]) -> None:
        counts = self.counts
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        self.documents += 1

    def remove(self, terms: Iterable[str]) -> None:
        counts = self.counts
        for term in terms:
            left = counts[term] - 1
            if left:
                counts[term] = left
            else:
                del counts[term]
        self.documents -= 1


def group_state(story: OpenGroup) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "group_ids": list(story.group_ids),
        "first_published": _iso(story.first_published),
        "last_published": _iso(story.last_published),
        "last_active": story.last_active,
        "centroid": dict(story.centroid),
        "size": story.size,
        "member_terms": [list(terms) for terms in story.member_terms],
        "profile": story.profile.to_dict(),
    }


def group_from_state(item: Mapping[str, Any]) -> OpenGroup:
    return OpenGroup(
        id=item["id"],
        title=item["title"],
        article_ids=list(item["article_ids"]),
        group_ids=list(item["group_ids"]),
        first_published=_parse_iso(item["first_published"]),
        last_published=_parse_iso(item["last_published"]),
        last_active=item["last_active"],
        centroid=dict(item["centroid"]),
        size=int(item["size"]),
        member_terms=[tuple(terms) for terms in item["member_terms"]],
        profile=GroupProfile.from_dict(item["profile"]),
    )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse_iso(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
