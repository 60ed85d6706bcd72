"""Which stories make up each open thread, and the latest of them as parts.

:class:`ThreadMembers` is the bookkeeping half of
:class:`storyline.threads.ThreadTracker`: the story <-> thread maps, and for a
thread of several stories the vectors of its latest ``member_stories`` stories
(:class:`~storyline.thread_parts.StoryPart`), kept in step when an article
counts, when a one-story thread merges into another, when a thread is
compacted or closes, and saved with the thread.  Which thread an article
joins, and when threads merge, is the tracker's policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storyline.groups import OpenGroup
from storyline.thread_embeddings import ThreadEmbeddings
from storyline.thread_parts import StoryPart, add_vector, parts_from_state, parts_state, trim_parts

__all__ = ["ThreadMembers"]


class ThreadMembers:
    """The stories of each open thread (in the order they joined) and their latest parts.

    ``limit`` (the tracker's ``member_stories``, read on use) is how many latest
    stories a thread keeps as parts (0: none); ``vectors`` is the tracker's
    embedding state, whose sums a part copies when it is made.
    """

    def __init__(self, vectors: ThreadEmbeddings) -> None:
        self.thread_of_story: dict[str, str] = {}
        self.stories_of_thread: dict[str, dict[str, None]] = {}
        # The latest member stories of each thread of several stories, each as the sum of
        # its articles' unit vectors and their count (a thread of one story is its story).
        self.parts: dict[str, dict[str, StoryPart]] = {}
        self._vectors = vectors

    def stories(self, thread_id: str) -> dict[str, None]:
        """The thread's story ids (an empty mapping for none)."""
        return self.stories_of_thread.get(thread_id, {})

    def parts_of(self, thread_id: str) -> Iterable[StoryPart]:
        return self.parts.get(thread_id, {}).values()

    def note(self, thread_id: str, story_id: str) -> None:
        """``story_id`` is in ``thread_id`` (and no longer in the thread it was in)."""
        stories = self.stories_of_thread.setdefault(thread_id, {})
        stories[story_id] = None
        previous = self.thread_of_story.get(story_id)
        if previous is not None and previous != thread_id and previous in self.stories_of_thread:
            self.stories_of_thread[previous].pop(story_id, None)
        self.thread_of_story[story_id] = thread_id

    def count(
        self, thread: OpenGroup, story_id: str, vector: Mapping[str, float], *, limit: int
    ) -> None:
        """Count the article in its story's part of ``thread`` (before the thread's own sum)."""
        if not limit:
            return
        parts = self.parts.get(thread.id)
        if parts is None:
            stories = self.stories(thread.id)
            if not thread.size or story_id in stories or len(stories) != 1:
                return  # a new thread, or the article of a thread's only story
            # A second story joins: the thread so far is its first story.
            parts = self.parts[thread.id] = {next(iter(stories)): self._whole_part(thread)}
        part = parts.pop(story_id, None) or StoryPart({}, 0)
        for term, weight in vector.items():
            part.vector[term] = part.vector.get(term, 0.0) + weight
        part.size += 1
        if self._vectors.article is not None:
            part.embedding = add_vector(part.embedding, self._vectors.article)
        parts[story_id] = part  # the latest last
        trim_parts(parts, limit)

    def _whole_part(self, thread: OpenGroup) -> StoryPart:
        """The thread so far as one part (its only story, before a second one joins)."""
        return StoryPart(dict(thread.centroid), thread.size, self._vectors.whole(thread.id))

    def merge(self, thread: OpenGroup, *, into: OpenGroup, limit: int) -> None:
        """``thread``'s one story becomes the latest part of ``into``, and one of its stories.

        Called before the embedding sums and the groups themselves are merged.
        """
        self._merge_parts(thread, into, limit)
        for story_id in self.stories_of_thread.pop(thread.id, {}):
            self.stories_of_thread.setdefault(into.id, {})[story_id] = None
            self.thread_of_story[story_id] = into.id

    def _merge_parts(self, thread: OpenGroup, into: OpenGroup, limit: int) -> None:
        self.parts.pop(thread.id, None)
        if not limit or not thread.size:
            return
        parts = self.parts.get(into.id)
        if parts is None:
            stories = self.stories(into.id)
            if len(stories) != 1 or not into.size:
                return  # compacted (or empty): scored on its centroid alone
            parts = self.parts[into.id] = {next(iter(stories)): self._whole_part(into)}
        for story_id in self.stories(thread.id):
            parts[story_id] = self._whole_part(thread)
        trim_parts(parts, limit)

    def compact(self, thread_id: str) -> None:
        """A month without news: the thread is scored on its centroid alone."""
        self.parts.pop(thread_id, None)

    def close(self, thread_id: str) -> None:
        """The thread closed: forget its parts and its stories."""
        self.parts.pop(thread_id, None)
        for story_id in self.stories_of_thread.pop(thread_id, {}):
            if self.thread_of_story.get(story_id) == thread_id:
                del self.thread_of_story[story_id]

    # -- saved state ----------------------------------------------------------

    def save(self, item: dict[str, Any]) -> None:
        """Add the thread's story ids (and its parts, if any) to its saved ``item``."""
        item["story_ids"] = list(self.stories(item["id"]))
        parts = self.parts.get(item["id"])
        if parts:
            item["parts"] = parts_state(parts)

    def load(self, items: Iterable[Mapping[str, Any]], open_ids: Mapping[str, Any]) -> None:
        """The stories and parts of the saved threads that are open."""
        items = list(items)
        self.stories_of_thread = {
            item["id"]: dict.fromkeys(item.get("story_ids", ()))
            for item in items
            if item["id"] in open_ids
        }
        self.thread_of_story = {
            story_id: thread_id
            for thread_id, story_ids in self.stories_of_thread.items()
            for story_id in story_ids
        }
        self.parts = {
            item["id"]: parts_from_state(item["parts"])
            for item in items
            if item["id"] in open_ids and item.get("parts")
        }
