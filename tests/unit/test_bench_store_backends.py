"""The store-backends benchmark's input builder, on invented records (nothing reads ../shared)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from benchmarks.store_backends import records, synthetic_date

_POOL = [
    {"id": "s1#0", "title": "Bridge reopens", "text": "The bridge reopened.", "cluster": "s1"},
    {"id": "s2#0", "text": "Rain broke a record.", "source": "Valley Post", "cluster": "s2"},
    {"id": "s1#1", "title": "", "text": "Traffic returned.", "cluster": "s1"},
]


def test_the_pool_is_repeated_with_new_ids_and_later_dates_until_the_count():
    made = list(records(_POOL, 7))
    assert [r["id"] for r in made] == [
        "s1#0", "s2#0", "s1#1", "s1#0~r1", "s2#0~r1", "s1#1~r1", "s1#0~r2",
    ]  # fmt: skip
    assert len({r["id"] for r in made}) == 7
    first, again = datetime.fromisoformat(made[0]["date"]), datetime.fromisoformat(made[3]["date"])
    assert abs(again - first - timedelta(days=120)) < timedelta(hours=12)
    assert made[1]["outlet"] == "Valley Post" and made[0]["outlet"].startswith("outlet-")
    assert "cluster" not in made[0]


def test_a_story_keeps_its_day_and_articles_get_hours_within_it():
    day = synthetic_date("s1", "s1#0", 0)[:10]
    assert synthetic_date("s1", "s1#1", 0)[:10] == day
    assert synthetic_date("s1", "s1#0", 0) == synthetic_date("s1", "s1#0", 0)


def test_an_empty_pool_or_count_is_refused():
    with pytest.raises(ValueError):
        list(records([], 3))
    with pytest.raises(ValueError):
        list(records(_POOL, 0))
