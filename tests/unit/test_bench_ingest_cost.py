"""The whole-ingest cost benchmark's pure helpers, on invented records (nothing reads ../shared)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import ingest_cost

_DOCS: list[dict[str, Any]] = [
    {
        "id": "story-a#0",
        "date": "2024-03-01",
        "title": "Harbour bridge reopens",
        "text": "The harbour bridge reopened on Friday.",
        "source": "Coast Herald",
        "cluster": "story-a",
    },
    {
        "id": "story-b#0",
        "date": None,
        "title": "",
        "text": "Rainfall in the valley broke a record.",
        "source": None,
        "cluster": "story-b",
    },
    {"id": "story-a#1", "text": "Traffic returned to the bridge.", "cluster": "story-a"},
]


def test_write_input_keeps_readable_fields_and_drops_the_gold_story(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    assert ingest_cost.write_input(_DOCS, path) == 3
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[0] == {
        "id": "story-a#0",
        "title": "Harbour bridge reopens",
        "text": "The harbour bridge reopened on Friday.",
        "outlet": "Coast Herald",
        "date": "2024-03-01",
    }
    assert records[1] == {
        "id": "story-b#0",
        "title": "",
        "text": "Rainfall in the valley broke a record.",
    }
    assert all("cluster" not in record for record in records)


def test_write_input_limit(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    assert ingest_cost.write_input(_DOCS, path, limit=2) == 2
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    with pytest.raises(ValueError, match="limit"):
        ingest_cost.write_input(_DOCS, path, limit=-1)


def test_store_bytes_counts_side_files(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.write_bytes(b"a" * 10)
    (tmp_path / "x.db-wal").write_bytes(b"b" * 5)
    (tmp_path / "other.db").write_bytes(b"c" * 100)
    assert ingest_cost.store_bytes(db) == 15


def test_fastest_and_ratios() -> None:
    runs = {
        "baseline": [
            {"seconds": 12.0, "peak_mb": 90.0, "store_bytes": 600.0},
            {"seconds": 10.0, "cpu_seconds": 8.0, "peak_mb": 100.0, "store_bytes": 600.0},
        ],
        "current": [{"seconds": 15.0, "cpu_seconds": 16.0, "peak_mb": 150.0, "store_bytes": 900.0}],
    }
    best = {name: ingest_cost.fastest(system) for name, system in runs.items()}
    assert best["baseline"]["seconds"] == 10.0
    assert best["baseline"]["peak_mb_max"] == 100.0
    rows = ingest_cost.table_rows(best, articles=50, input_size=300)
    current = rows[1]
    assert current["time vs baseline"] == 1.5
    assert current["CPU vs baseline"] == 2.0
    assert current["peak vs baseline"] == 1.5
    assert current["store / input"] == 3.0
    assert current["articles/s"] == pytest.approx(3.3)


def test_one_current_system_per_jobs_value() -> None:
    assert ingest_cost.current_systems(None) == {"current": (ingest_cost.ROOT, [])}
    systems = ingest_cost.current_systems([1, 0])
    assert systems == {
        "current, jobs 1": (ingest_cost.ROOT, ["--jobs", "1"]),
        "current, jobs 0": (ingest_cost.ROOT, ["--jobs", "0"]),
    }


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_the_tree_memory_counts_this_process() -> None:
    import os

    assert ingest_cost.tree_pss_kib(os.getpid()) > 1000
    assert ingest_cost.tree_pss_kib(2**22 + 12345) == 0  # no such process
