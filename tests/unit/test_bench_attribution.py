"""The attribution benchmark's held-out sample: drawn reproducibly among unlabelled clusters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.attribution import _score, citation_pairs, draw_fresh, read_ids, restricted


def _result(*clusters: str) -> dict[str, Any]:
    return {
        "clusters": [
            {
                "id": cluster,
                "summary": [
                    {
                        "text": f"A claim of {cluster}.",
                        "article": 0,
                        "citations": [
                            {"article": 0, "text": f"A claim of {cluster}."},
                            {"article": 1, "text": f"The same claim of {cluster}."},
                        ],
                    }
                ],
            }
            for cluster in clusters
        ]
    }


def test_the_fresh_sample_is_drawn_among_unlabelled_clusters_only() -> None:
    results = [_result("c1", "c2", "c3"), _result("c4", "c5")]
    drawn = draw_fresh(results, {"c1", "c4"}, 10, seed=19)
    assert drawn == ["c2", "c3", "c5"]
    again = draw_fresh(results, {"c1", "c4"}, 2, seed=19)
    assert again == draw_fresh(results, {"c1", "c4"}, 2, seed=19)
    assert len(again) == 2 and set(again) <= {"c2", "c3", "c5"}


def test_a_cluster_without_a_citation_to_another_article_is_not_drawn() -> None:
    lonely = {"clusters": [{"id": "c9", "summary": [{"text": "x", "article": 0, "citations": []}]}]}
    assert draw_fresh([lonely], set(), 5, seed=1) == []


def test_ids_files_and_restriction(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("# a comment\nc2\n\nc3  # kept\n", encoding="utf-8")
    ids = read_ids(path)
    assert ids == {"c2", "c3"}
    assert [c["id"] for c in restricted(_result("c1", "c2", "c3"), ids)["clusters"]] == ["c2", "c3"]


def test_each_fresh_sample_is_reported_apart() -> None:
    result = _result("c1", "c2", "c3")
    for cluster in result["clusters"]:
        cluster["facts"] = []
        cluster["texts"] = ["A claim.", "The same claim."]
    key = next(
        (p["cluster"], p["claim_article"], p["claim"], p["article"], p["span"])
        for p in citation_pairs(result)
        if p["cluster"] == "c2"
    )
    labels: dict[str, dict[Any, str]] = {"citations": {key: "NO"}, "ticks": {}}
    fresh = {"a.txt": frozenset({"c1"}), "b.txt": frozenset({"c2", "c3"})}
    scored = _score(result, labels, fresh, {})
    samples = scored["fresh_samples"]
    assert list(samples) == ["a.txt", "b.txt"]
    assert samples["a.txt"]["clusters"] == 1 and samples["a.txt"]["citations"]["wrong"] == 0
    assert samples["b.txt"]["clusters"] == 2 and samples["b.txt"]["citations"]["wrong"] == 1
    assert scored["fresh_sample"] == samples["a.txt"]
