"""The benchmark harness: fair peers, caches outside the repo, paired comparisons.

Everything here runs on invented data in temporary folders; nothing reads ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import common, dedup, stories, summaries


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STORYLINE_BENCH_CACHE", str(folder))
    return folder


def test_cache_dir_follows_the_override_then_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORYLINE_BENCH_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert common.cache_dir("minilm") == tmp_path / "xdg" / "storyline-bench" / "minilm"
    monkeypatch.setenv("STORYLINE_BENCH_CACHE", str(tmp_path / "mine"))
    assert common.cache_dir("minilm") == tmp_path / "mine" / "minilm"
    assert (tmp_path / "mine" / "minilm").is_dir()


def test_tuned_thresholds_are_stored_and_reused(cache: Path, tmp_path: Path) -> None:
    pool = tmp_path / "pool.jsonl"
    pool.write_text('{"id": "a", "text": "x", "cluster": "1"}\n', encoding="utf-8")
    calls: list[int] = []

    def compute() -> dict[str, object]:
        calls.append(1)
        return {"threshold": 0.3, "grid": []}

    first = stories.stored_tuning("tfidf-single-pass", pool, (0.2, 0.3), compute)
    again = stories.stored_tuning("tfidf-single-pass", pool, (0.2, 0.3), compute)
    assert first == again == {"threshold": 0.3, "grid": []}
    assert len(calls) == 1
    # Another grid, or another tuning file, is tuned again.
    stories.stored_tuning("tfidf-single-pass", pool, (0.2, 0.4), compute)
    pool.write_text('{"id": "b", "text": "y", "cluster": "2"}\n', encoding="utf-8")
    stories.stored_tuning("tfidf-single-pass", pool, (0.2, 0.3), compute)
    assert len(calls) == 3


def _story(i: int) -> str:
    places = ["harbour", "bridge", "school", "market", "station", "library"]
    return (
        f"The council of Brackwater said on Monday that the {places[i]} would close for "
        f"repairs in the spring, after inspectors found cracks in its {places[i]} walls "
        f"and the cost of the work reached {i + 3} million pounds, officials said."
    )


def test_the_tuned_datasketch_peer_is_chosen_on_the_tuning_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = []
    for i in range(6):
        text = _story(i)
        variant = text.replace("officials said.", "a spokesperson said. Share this article.")
        lines.append({"id": f"{i}a", "text": text, "cluster": str(i)})
        lines.append({"id": f"{i}b", "text": variant, "cluster": str(i)})
    docs.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    best, grid = dedup.tune_datasketch(docs)
    assert len(grid) == len(dedup.TUNE_SHINGLES) * len(dedup.TUNE_THRESHOLDS) * len(
        dedup.TUNE_NUM_PERM
    )
    assert max(row["ARI"] for row in grid) == next(
        row["ARI"] for row in grid if {k: row[k] for k in best} == best
    )
    systems = dedup.systems_to_run(best)
    assert dedup.TUNED_PEER in systems and "datasketch-5gram (defaults)" in systems
    pairs, _ = dedup.run_datasketch(str(docs), 0, best["shingle"], best["threshold"], 128)
    labels = dedup.components(12, pairs)
    gold = [line["cluster"] for line in lines]
    assert dedup.adjusted_rand_index(gold, labels) > 0.9


def _scores(values: list[float]) -> list[dict[str, float]]:
    return [dict.fromkeys(summaries.COMPARED, value) for value in values]


def test_paired_bootstrap_gives_the_difference_and_its_interval() -> None:
    better = _scores([0.42, 0.40, 0.45, 0.38, 0.41, 0.44, 0.39, 0.43])
    worse = _scores([0.30, 0.33, 0.31, 0.29, 0.34, 0.30, 0.32, 0.31])
    found = summaries.paired_bootstrap(better, worse)["R-2"]
    assert found["difference"] == pytest.approx(0.1025, abs=1e-4)
    assert 0 < found["low"] <= found["difference"] <= found["high"]
    same = summaries.paired_bootstrap(better, better)["R-1"]
    assert same == {"difference": 0.0, "low": 0.0, "high": 0.0}
    with pytest.raises(ValueError):
        summaries.paired_bootstrap(better, worse[:3])


def test_compare_systems_puts_storyline_first() -> None:
    scores = {"lead": _scores([0.2, 0.3]), "storyline": _scores([0.3, 0.4])}
    (comparison,) = summaries.compare_systems(scores)
    assert comparison["compared"] == "storyline − lead"
    assert comparison["R-1"]["difference"] == pytest.approx(0.1)
