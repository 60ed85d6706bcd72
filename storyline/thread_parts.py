"""What the thread tracker keeps beside each thread's centroid, and how it is saved.

* the latest member stories of a thread of several stories (:class:`StoryPart`),
  scored alongside the thread as a whole (:func:`body_cosine`);
* how rare each name and figure is among the open threads' articles
  (:class:`KeyRarity`), which weighs them in the learned similarity;
* sentence-embedding sums and their exact text form in the saved state.

The policy -- when a part is made, when a thread merges -- is
:class:`storyline.threads.ThreadTracker`'s; these pieces hold no other state.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.embeddings import Embedder, embed_many, embedding_text
from storyline.errors import InvalidParameter
from storyline.groups import OpenGroup
from storyline.models import CleanArticle
from storyline.similarity import GroupProfile, Profile

if TYPE_CHECKING:  # numpy is imported only when embeddings are on
    import numpy as np

__all__ = [
    "KeyRarity",
    "StoryPart",
    "add_vector",
    "best_cosine",
    "body_cosine",
    "counted_new",
    "decode_vector",
    "embed_articles",
    "encode_vector",
    "parts_from_state",
    "parts_state",
    "trim_parts",
    "unit_embedding",
]


@dataclass
class StoryPart:
    """One member story of a thread: the sum of its articles' unit vectors, and their count."""

    vector: dict[str, float]
    size: int
    embedding: np.ndarray | None = None  # the sum of its articles' sentence embeddings


def trim_parts(parts: dict[str, StoryPart], limit: int) -> None:
    """Keep the ``limit`` latest parts (the latest are last)."""
    while len(parts) > limit:
        del parts[next(iter(parts))]


def body_cosine(
    vector: Mapping[str, float], thread: OpenGroup, parts: Iterable[StoryPart]
) -> float:
    """The best mean cosine to the thread, or to one of its latest member stories."""
    centroid = thread.centroid
    shared = vector.keys() & centroid.keys()
    best = sum([vector[term] * centroid[term] for term in shared]) / thread.size
    for part in parts:
        terms = part.vector
        shared = vector.keys() & terms.keys()
        best = max(best, sum([vector[term] * terms[term] for term in shared]) / part.size)
    return best


def parts_state(parts: Mapping[str, StoryPart]) -> list[dict[str, Any]]:
    """A thread's parts as JSON-ready data, in their order."""
    return [
        {
            "story_id": story_id,
            "vector": dict(part.vector),
            "size": part.size,
            **({} if part.embedding is None else {"embedding": encode_vector(part.embedding)}),
        }
        for story_id, part in parts.items()
    ]


def parts_from_state(items: Iterable[Mapping[str, Any]]) -> dict[str, StoryPart]:
    """The parts :func:`parts_state` saved."""
    return {
        part["story_id"]: StoryPart(
            dict(part["vector"]),
            int(part["size"]),
            decode_vector(part["embedding"]) if "embedding" in part else None,
        )
        for part in items
    }


class KeyRarity:
    """How many counted members of the open threads state each name and figure.

    ``stale`` after a restore or a loaded state: :meth:`recount` rebuilds the
    counts from the threads' profiles before they are next read.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.documents = 0
        self.stale = False

    def rarity(self, key: str) -> float:
        """A name's or figure's inverse document frequency over the open threads' members."""
        count = self.counts.get(key, 0)
        return math.log((self.documents + 1) / (count + 1)) + 1.0

    def recount(self, groups: Iterable[GroupProfile]) -> None:
        self.counts, self.documents = {}, 0
        for group in groups:
            self.add(group, sign=1)
        self.stale = False

    def add(self, group: GroupProfile, *, sign: int) -> None:
        """Count a thread's members in (``sign`` 1) or out (-1)."""
        counts = self.counts
        self.documents += sign * group.size
        for keys in (group.names, group.figures):
            for key, count in keys.items():
                left = counts.get(key, 0) + sign * count
                if left > 0:
                    counts[key] = left
                else:
                    counts.pop(key, None)

    def add_member(self, item: Profile) -> None:
        """Count one new member article."""
        counts = self.counts
        self.documents += 1
        for key in (*item.names, *item.figures):
            counts[key] = counts.get(key, 0) + 1


def counted_new(
    ordered: Sequence[CleanArticle],
    groups: Mapping[str, str],
    placed: Mapping[str, str],
    group_placed: Mapping[str, str],
) -> list[CleanArticle]:
    """The articles that will count: not ``placed`` yet, and not a copy (same duplicate
    group) of one that is (``group_placed``) or of one earlier in ``ordered``."""
    seen: set[str] = set()
    found = []
    for article in ordered:
        group_id = groups.get(article.id)
        if article.id in placed or group_id in group_placed:
            continue
        if group_id is not None:
            if group_id in seen:
                continue
            seen.add(group_id)
        found.append(article)
    return found


def embed_articles(embedder: Embedder, articles: Sequence[CleanArticle]) -> list[np.ndarray]:
    """The articles' sentence embeddings (title and text), as float64 arrays."""
    import numpy as np

    texts = [embedding_text(a.title, a.text) for a in articles]
    vectors = embed_many(embedder, texts) if texts else []
    return [np.asarray(vector, dtype=np.float64) for vector in vectors]


def best_cosine(query: np.ndarray, sums: Iterable[np.ndarray | None]) -> float:
    """The best cosine of a unit ``query`` to any of the (unnormalised) sums; 0 for none."""
    import numpy as np

    best = 0.0
    for total in sums:
        if total is not None:
            norm = float(np.linalg.norm(total))
            if norm > 0.0:
                best = max(best, float(query @ total) / norm)
    return best


def add_vector(total: np.ndarray | None, vector: np.ndarray) -> np.ndarray:
    return vector.copy() if total is None else total + vector


def unit_embedding(vector: np.ndarray | None) -> np.ndarray | None:
    import numpy as np

    if vector is None:
        return None
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0.0 else vector


def encode_vector(vector: np.ndarray) -> str:
    """A vector as text for the saved state: its exact float64 bytes, little-endian, base64."""
    return base64.b64encode(vector.astype("<f8").tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray:
    import numpy as np

    try:
        return np.frombuffer(base64.b64decode(text, validate=True), dtype="<f8").astype(np.float64)
    except (ValueError, TypeError) as exc:
        raise InvalidParameter(f"A saved thread embedding is malformed: {exc}") from None
