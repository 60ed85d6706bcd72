"""Stories on Dask: time partitions clustered in parallel, stitched at their edges.

The pending stream (in the pipeline's order: date, then id) is cut into
partitions of ``size`` articles.  Each partition is clustered by the online
:class:`~storyline.cluster.StoryClusterer` on its own worker, after a
*warm-up*: the articles of the ``overlap`` seconds before its first article,
which the previous partition owns.  The warm-up rebuilds the open stories the
partition's articles may join, so the decision to join one is taken by the
same similarity rule as in the single-process run.  Stitching then gives each
partition's story the id of the story its first warm-up article belongs to
(as decided by the partition that owns that article); a story without
warm-up articles keeps the id the clusterer gave it, ``stable_id("story",
<first article>)``, as in the single-process run.

What may differ from the single-process run: a story's vector inside a
partition holds only its articles since the warm-up began, and document
frequencies count only the partition's open stories, so a borderline
decision right after a partition edge can differ (benchmarks/RESULTS.md
measures how often: BCubed F1 against the single-process stories).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..cluster import StoryClusterer

__all__ = ["Partition", "Stitcher", "default_overlap_days", "plan_partitions"]

_SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Partition:
    """Positions in the stream: warm-up ``[warm, start)``, own articles ``[start, end)``."""

    warm: int
    start: int
    end: int


def default_overlap_days(clusterer: StoryClusterer) -> float:
    """How far back a partition must look so that every story its articles could join is open.

    With the cosine rule, a story last joined more than ``event_days * (1 +
    ln(1 / threshold))`` days earlier can no longer be joined (its faded
    mean cosine stays under the threshold); one more ``event_days`` of margin.
    Without fading, or with the learned rule, the whole ``quiet_days``.
    """
    if clusterer.similarity == "cosine" and clusterer.event_days > 0:
        reach = clusterer.event_days * (2.0 + math.log(1.0 / clusterer.threshold))
        return float(min(clusterer.quiet_days, reach))
    return float(clusterer.quiet_days)


def _seconds(moment: datetime | None) -> float:
    if moment is None:
        return -math.inf
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def plan_partitions(
    published: Sequence[datetime | None], *, size: int, overlap_days: float
) -> list[Partition]:
    """Cut a stream (sorted by date, undated first) into partitions of at most ``size``
    articles, as equal as can be (6,000 articles and a size of 4,000: two of 3,000, which
    two workers cluster in the same time), each with its warm-up."""
    times = [_seconds(moment) for moment in published]
    count = -(-len(times) // size)
    partitions = []
    for number in range(count):
        start, end = number * len(times) // count, (number + 1) * len(times) // count
        first = times[start]
        if start == 0 or first == -math.inf:
            warm = start
        else:
            warm = bisect.bisect_left(times, first - overlap_days * _SECONDS_PER_DAY, 0, start)
        partitions.append(Partition(warm, start, end))
    return partitions


@dataclass
class Stitcher:
    """Gives each partition's stories their final ids, partition after partition, in order."""

    ids: Sequence[str]
    story_of: dict[str, str] = field(default_factory=dict)

    def add(self, partition: Partition, assignments: Mapping[str, str]) -> dict[str, str]:
        """Stitch one partition's result; returns its own articles' final story ids."""
        final_of_local: dict[str, str] = {}
        for article_id in self.ids[partition.warm : partition.start]:
            final_of_local.setdefault(assignments[article_id], self.story_of[article_id])
        own = {}
        for article_id in self.ids[partition.start : partition.end]:
            local = assignments[article_id]
            own[article_id] = final_of_local.get(local, local)
        self.story_of.update(own)
        return own


def batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def story_state_from(
    clusterer: StoryClusterer,
    stories: Sequence[tuple[str, Sequence[Any], Mapping[str, str]]],
    previous: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The clusterer's saved state after a scaled run: the open stories, restored whole.

    ``stories`` are (id, cleaned articles, group of each) of the stories still
    open, oldest activity first; stories saved as open by an earlier run and
    not open any more are listed as closed, so the store drops them.
    """
    for story_id, articles, group_of in stories:
        clusterer.restore(story_id, articles, group_of=group_of)
    changes = clusterer.state_changes()
    still_open = set(clusterer.open_story_ids())
    before = {item["id"] for item in (previous or {}).get("stories", ())}
    changes["closed"] = sorted(set(changes["closed"]) | (before - still_open))
    return changes
