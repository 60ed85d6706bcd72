"""Join linked items into groups, strongest links first, never two items of one article.

Used for facts and figures: a chain of weaker links must not pull two
different sentences (or figures) of the same article into one group.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["constrained_groups"]


def constrained_groups(
    keys: Sequence[str], links: Sequence[tuple[float, int, int]]
) -> list[list[int]]:
    """Groups of item indices; ``keys[i]`` is the article of item ``i``.

    Links ``(score, a, b)`` are applied from the highest score down; a link
    is skipped when the two groups already hold items of a common article.
    """
    parent = list(range(len(keys)))
    members: dict[int, set[str]] = {i: {key} for i, key in enumerate(keys)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, a, b in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        root_a, root_b = find(a), find(b)
        if root_a == root_b or members[root_a] & members[root_b]:
            continue
        parent[root_b] = root_a
        members[root_a] |= members.pop(root_b)
    groups: dict[int, list[int]] = {}
    for index in range(len(keys)):
        groups.setdefault(find(index), []).append(index)
    return list(groups.values())
