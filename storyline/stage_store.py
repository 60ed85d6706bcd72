"""The online stages' state in the store, as the pipeline reads and writes it.

A processing round starts from the stored state: the duplicate index is
rebuilt from the stored signatures, and the clusterer's and the thread
tracker's open groups are loaded from their saved state.  A state that the
current settings or version cannot use stops the round with a
:class:`~storyline.errors.StoreError` that names ``storyline rebuild``.
Each batch then saves its threads (memberships, headers, the tracker's
changes) with the rest of the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from .cluster import StoryClusterer
from .dedup import NearDuplicates
from .errors import InvalidParameter, StoreError
from .models import CleanArticle
from .store import SQLiteStore
from .threads import ThreadTracker

__all__ = ["restore_stories", "restore_threads", "save_thread_batch"]


def restore_stories(store: SQLiteStore, dedup: NearDuplicates, clusterer: StoryClusterer) -> None:
    """Bring the duplicate index and the clusterer back to where the last batch left them.

    The duplicate index is rebuilt from the stored signatures of the
    articles inside its time window, in the order they were processed;
    the clusterer's open stories come from its saved state.
    """
    latest = store._latest_published()
    window = dedup.window_days
    since = latest - timedelta(days=window) if latest and window is not None else None
    try:
        for article_id, group_id, signature, published in store._dedup_index(since):
            dedup.restore(article_id, group_id=group_id, signature=signature, published=published)
    except InvalidParameter as exc:
        raise StoreError(
            f"The store's duplicate index was built with other dedup settings ({exc}). "
            "Run `storyline rebuild` to recompute it with the current settings."
        ) from None
    state = store._load_cluster_state()
    if state is not None:
        try:
            clusterer.load_state(state)
        except InvalidParameter as exc:
            raise StoreError(
                f"The store's open stories were saved by another clustering version ({exc}). "
                "Run `storyline rebuild` to recompute them with this one."
            ) from None


def restore_threads(store: SQLiteStore, tracker: ThreadTracker) -> None:
    """Load the thread tracker's open threads from their saved state, if any."""
    state = store._load_thread_state()
    if state is None:
        return
    try:
        tracker.load_state(state)
    except InvalidParameter as exc:
        raise StoreError(
            f"The store's open threads were saved by another version ({exc}). "
            "Run `storyline rebuild` to recompute them with this one."
        ) from None


def save_thread_batch(
    store: SQLiteStore,
    tracker: ThreadTracker,
    cleaned: Sequence[CleanArticle],
    assignments: dict[str, str],
    group_of: dict[str, str],
    round_number: int,
) -> None:
    """Link the batch's stories into threads; save memberships, headers and state."""
    thread_of = tracker.add_stories(cleaned, story_of=assignments, group_of=group_of)
    thread_of_story = {assignments[article_id]: thread_of[article_id] for article_id in thread_of}
    touched = set(thread_of_story.values())
    for story_id in thread_of_story:
        previous = store.thread_of_story(story_id)
        if previous is not None:
            touched.add(previous)
    store._save_thread_memberships(thread_of_story)
    for thread_id in sorted(touched):
        store._save_thread(thread_id, round_number)
    store._save_thread_changes(tracker.state_changes())
