"""Choosing a peer's main parameter on a tuning split, as a user of the peer would.

Every peer in the benchmarks is reported twice: at its library defaults and
with its main parameter picked on data disjoint from the data it is scored on.
``pick_setting`` does the picking for any peer: it runs the peer once per
candidate setting on the tuning split, scores each run with one figure
(higher is better) and keeps the best.  Ties go to the earlier candidate, so
listing the library default first means the default is kept unless something
beats it.  The whole grid is returned too, for the benchmark's JSON output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def pick_setting(
    candidates: Sequence[Any],
    score: Callable[[Any], float],
    *,
    label: Callable[[Any], str] = repr,
) -> tuple[Any, list[dict[str, Any]]]:
    """The candidate with the highest ``score`` (first one on ties) and the scored grid.

    ``score(candidate)`` runs the peer with that setting on the tuning split
    and returns the figure to maximise.  The grid lists ``{"setting": label,
    "score": value}`` for every candidate, in the order given.
    """
    if not candidates:
        raise ValueError("pick_setting needs at least one candidate setting")
    grid: list[dict[str, Any]] = []
    best_index, best_value = 0, float("-inf")
    for index, candidate in enumerate(candidates):
        value = float(score(candidate))
        if value != value:  # NaN never wins
            value = float("-inf")
        grid.append({"setting": label(candidate), "score": round(value, 4)})
        if index == 0 or value > best_value:
            best_index, best_value = index, value
    return candidates[best_index], grid
