"""Step 2 of the scaled pipeline on the cluster: cleaning and signing, duplicate
groups, clustering by time partitions, and the open stories saved for the online
pipeline.

:class:`ScaledProcessing` holds these parts of
:class:`~storyline.scale.pipeline.ScaledPipeline` (it is not used alone): each
sends its tasks to the workers and writes what comes back through the store's
own methods; which step runs when, in which transaction, is the pipeline's part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from ..errors import InvalidParameter, StoreError
from ..models import DuplicateMember
from ..pipeline import Pipeline
from . import tasks
from .duplicates import DedupEntry, scaled_duplicates
from .engine import run_bounded
from .stories import (
    Partition,
    Stitcher,
    batches,
    default_overlap_days,
    plan_partitions,
    story_state_from,
)

__all__ = ["ScaledProcessing"]


class ScaledProcessing(Pipeline):
    """Step 2's parallel parts; :class:`~storyline.scale.pipeline.ScaledPipeline` sets
    the attributes below and runs them in order."""

    client: Any
    chunk_size: int
    partition_size: int
    overlap_days: float | None
    # date and signature of each article cleaned where it was read, until step 2
    _signed: dict[str, tuple[Any, bytes]]

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _clean(
        self, article_ids: Sequence[str], stage_id: int
    ) -> tuple[list[Any], dict[str, bytes]]:
        """Clean and sign in parallel; the cleaned texts are stored as they come back."""
        published_of: dict[str, Any] = {}
        signatures: dict[str, bytes] = {}
        for article_id in article_ids:  # cleaned where they were read, in this run
            if (known := self._signed.pop(article_id, None)) is not None:
                published_of[article_id], signatures[article_id] = known
        todo = [article_id for article_id in article_ids if article_id not in published_of]
        clean, dedup = self.settings.stage("clean"), self.settings.stage("dedup")
        jobs = (
            (self.store.articles(batch), clean, dedup) for batch in batches(todo, self.chunk_size)
        )

        def save(results: list[Any]) -> None:
            with self.store.transaction():
                for cleaned, signature in results:
                    self.store._save_cleaned(cleaned, stage_id)
                    published_of[cleaned.id] = cleaned.published
                    signatures[cleaned.id] = signature
            self.progress("clean", len(published_of), len(article_ids))

        run_bounded(
            self.client, tasks.clean_and_sign, jobs, in_flight=2 * self._workers(), on_result=save
        )
        return [published_of[article_id] for article_id in article_ids], signatures

    def _deduplicate_all(
        self,
        article_ids: Sequence[str],
        published: Sequence[Any],
        signatures: dict[str, bytes],
        stage_id: int,
    ) -> dict[str, str]:
        """Duplicate groups on the cluster; each chunk's rows written as it comes back.
        Returns article id -> group id."""
        group_of: dict[str, str] = {}

        def save(found: dict[str, tuple[str, DuplicateMember]]) -> None:
            for article_id, (group_id, member) in found.items():
                signature = signatures[article_id]
                self.store._save_duplicate(article_id, group_id, member, signature, stage_id)
                group_of[article_id] = group_id

        entries = self._dedup_entries(article_ids, published, signatures)
        params = self.settings.stage("dedup")
        partitions = 2 * self._workers()
        scaled_duplicates(self.client, entries, params, partitions=partitions, on_found=save)
        return {article_id: group_of[article_id] for article_id in article_ids}

    def _dedup_entries(
        self, article_ids: Sequence[str], published: Sequence[Any], signatures: dict[str, bytes]
    ) -> list[DedupEntry]:
        """The index as the single-process run holds it: restored entries, then the new
        articles, each with the eviction in force when its batch starts."""
        window = self._dedup().window_days
        latest = self.store._latest_published()
        since = latest - timedelta(days=window) if latest and window is not None else None
        entries = [
            DedupEntry(article_id, when, signature, None, group_id)
            for article_id, group_id, signature, when in self.store._dedup_index(since)
        ]
        _check_signatures(entries, self.settings.stage("dedup"))
        stream_time, cutoff = latest, None
        for start in range(0, len(article_ids), self.batch_size):
            stop = min(start + self.batch_size, len(article_ids))
            for position in range(start, stop):
                article_id = article_ids[position]
                entries.append(
                    DedupEntry(article_id, published[position], signatures[article_id], cutoff)
                )
            dates = [d for d in published[start:stop] if d is not None]
            if dates and (stream_time is None or max(dates) > stream_time):
                stream_time = max(dates)
            if stream_time is not None and window is not None:
                cutoff = (stream_time - timedelta(days=window)).timestamp()
        return entries

    def _cluster(
        self,
        article_ids: Sequence[str],
        published: Sequence[Any],
        group_of: dict[str, str],
        state: dict[str, Any] | None,
    ) -> dict[str, str]:
        """Cluster the time partitions in parallel and stitch them, in order."""
        clusterer = self._clusterer()
        if state is not None:
            try:
                clusterer.load_state(state)  # checked here: a bad state stops before any work
            except InvalidParameter as exc:
                raise StoreError(
                    f"The store's open stories were saved by another clustering version ({exc}). "
                    "Run `storyline rebuild` to recompute them with this one."
                ) from None
        overlap = self.overlap_days
        if overlap is None:
            overlap = default_overlap_days(clusterer)
        plan = plan_partitions(published, size=self.partition_size, overlap_days=overlap)
        stitcher = Stitcher(article_ids)
        params = self.settings.stage("cluster")

        def jobs() -> Iterator[tuple[Any, ...]]:
            for number, part in enumerate(plan):
                members = article_ids[part.warm : part.end]
                articles = self.store.cleaned_articles(members)
                groups = {a: group_of[a] for a in members}
                yield params, state if number == 0 else None, articles, groups

        results = iter(plan)

        def stitch(result: dict[str, str]) -> None:
            part: Partition = next(results)
            stitcher.add(part, result)

        run_bounded(
            self.client,
            tasks.cluster_partition,
            jobs(),
            in_flight=2 * self._workers(),
            on_result=stitch,
        )
        return stitcher.story_of

    def _save_open_stories(self, open_ids: Sequence[str], previous: dict[str, Any] | None) -> None:
        """Save the clusterer's state so that the online pipeline continues from here."""
        stories = []
        for story_id in open_ids:
            members = self.store.story_members(story_id)
            articles = self.store.cleaned_articles(members)
            stories.append((story_id, articles, self.store.groups_of(members)))
        stories.sort(key=lambda item: (_last_time(item[1]), item[0]))
        changes = story_state_from(self._clusterer(), stories, previous)
        self.store._save_cluster_changes(changes)


def _last_time(articles: Sequence[Any]) -> float:
    dates = [a.published.timestamp() for a in articles if a.published is not None]
    return max(dates) if dates else float("-inf")


def _check_signatures(entries: Sequence[DedupEntry], params: dict[str, Any]) -> None:
    """A stored index made with other dedup settings stops the run, as in the pipeline."""
    from ..dedup import NearDuplicates

    if not entries:
        return
    stage = NearDuplicates(**params)
    stage._prepare()
    try:
        for entry in entries:
            stage._unpack(entry.signature)
    except InvalidParameter as exc:
        raise StoreError(
            f"The store's duplicate index was built with other dedup settings ({exc}). "
            "Run `storyline rebuild` to recompute it with the current settings."
        ) from None
