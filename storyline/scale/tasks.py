"""What the workers run: thin wrappers that call the stage code on one partition.

Each function is a plain top-level function of picklable arguments (stage
parameters as dicts, articles as the models' dataclasses), so the scheduler
can retry it on another worker when one dies: nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import ingest
from ..attribution import claim_of
from ..clean import Cleaner
from ..cluster import StoryClusterer
from ..dedup import NearDuplicates
from ..models import Accepted, Article, CleanArticle, Rejection
from ..pipeline import summarize_story
from ..store.codec import pack_summary
from ..store.records import summary_to_dict
from ..summarize import Summarizer

__all__ = ["clean_and_sign", "cluster_partition", "read_and_clean", "read_chunk", "summarize_chunk"]


def read_chunk(
    paths: Sequence[str], outlet: str | None, format: str | None
) -> list[Accepted | Rejection]:
    """Read some input files: an Accepted or a Rejection per article-sized piece."""
    return list(ingest.read_files([Path(p) for p in paths], outlet=outlet, format=format))


def read_and_clean(
    paths: Sequence[str],
    outlet: str | None,
    format: str | None,
    clean: Mapping[str, Any],
    dedup: Mapping[str, Any],
) -> tuple[list[Accepted | Rejection], list[tuple[CleanArticle, bytes]]]:
    """Read some input files, then clean and sign each article read, where it was read
    (the first two steps of processing, which need no store): the client then need not
    send the articles back out to have them cleaned.  Returns the items and, for each
    Accepted one in order, its cleaned article and signature."""
    items = read_chunk(paths, outlet, format)
    articles = [item.article for item in items if isinstance(item, Accepted)]
    return items, clean_and_sign(articles, clean, dedup)


def clean_and_sign(
    articles: Sequence[Article], clean: Mapping[str, Any], dedup: Mapping[str, Any]
) -> list[tuple[CleanArticle, bytes]]:
    """Clean each article and compute its MinHash signature (the pipeline's two first steps)."""
    cleaner, duplicates = Cleaner(**clean), NearDuplicates(**dedup)
    result = []
    for article in articles:
        cleaned = cleaner.clean(article)
        result.append((cleaned, duplicates.signature(cleaned)))
    return result


def cluster_partition(
    params: Mapping[str, Any],
    state: Mapping[str, Any] | None,
    articles: Sequence[CleanArticle],
    group_of: Mapping[str, str],
) -> dict[str, str]:
    """Run the online clusterer over one time partition (warm-up then core, in time order).

    Starts from ``state`` (the store's open stories) when given.  Returns article
    id -> story id (ids local to the partition until stitched).
    """
    clusterer = StoryClusterer(**params)
    if state is not None:
        clusterer.load_state(state)
    return clusterer.add_batch(articles, group_of=group_of)


def summarize_chunk(
    params: Mapping[str, Any],
    stories: Sequence[tuple[str, list[CleanArticle], dict[str, str]]],
) -> list[tuple[str, bytes, bytes | None]]:
    """Summarise and compare some stories, each on its own; return each packed as the
    store keeps it (story id, summary, comparison), so the client only writes."""
    summarizer = Summarizer(**params)
    result = []
    for story_id, articles, group_of in stories:
        summary, comparison = summarize_story(summarizer, story_id, articles, group_of=group_of)
        texts = {article.id: article.text for article in articles}
        data, packed = pack_summary(summary_to_dict(summary), comparison, texts)
        result.append((story_id, data, packed))
    # Sentences are rarely shared between stories: a worker that kept this cache
    # full (8,192 parsed sentences) would carry it from task to task for nothing.
    claim_of.cache_clear()
    return result
