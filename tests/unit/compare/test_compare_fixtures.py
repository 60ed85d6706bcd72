"""The extractors on the labelled fixtures (see tests/fixtures/compare/README.md)."""

from __future__ import annotations

import pytest

from benchmarks.compare import EXTRACTORS, FIXTURES, load, score

SETS = [(kind, heldout) for kind in EXTRACTORS for heldout in (False, True)]


@pytest.mark.parametrize(("kind", "heldout"), SETS)
def test_precision_of_every_part_is_at_least_ninety_percent(kind: str, heldout: bool) -> None:
    docs = load(FIXTURES, kind, heldout)
    items, parts = EXTRACTORS[kind]
    metrics = score(docs, items, parts)["metrics"]
    low = {part: m["precision"] for part, m in metrics.items() if m["precision"] < 0.9}
    assert low == {}


def test_fixtures_hold_enough_labels() -> None:
    counts = {
        kind: sum(len(doc[kind]) for doc in load(FIXTURES, kind, False)) for kind in EXTRACTORS
    }
    assert counts["quotes"] >= 50 and counts["figures"] >= 50 and counts["dates"] >= 30
