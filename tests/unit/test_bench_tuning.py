"""The tuning helper the benchmarks use to pick a peer's main parameter on dev data."""

from __future__ import annotations

import math

import pytest

from benchmarks import extraction, summaries
from benchmarks.tuning import pick_setting


class FakePeer:
    """A peer whose quality on the tuning split peaks at one threshold; it records its runs."""

    def __init__(self, best: float) -> None:
        self.best = best
        self.runs: list[float] = []

    def score(self, threshold: float) -> float:
        self.runs.append(threshold)
        return 1.0 - abs(threshold - self.best)


def test_pick_setting_keeps_the_best_scoring_candidate_and_reports_the_grid() -> None:
    peer = FakePeer(best=0.45)
    chosen, grid = pick_setting((0.9, 0.3, 0.45, 0.6), peer.score)
    assert chosen == 0.45
    assert peer.runs == [0.9, 0.3, 0.45, 0.6]  # every candidate run once, in order
    assert [row["setting"] for row in grid] == ["0.9", "0.3", "0.45", "0.6"]
    assert grid[2]["score"] == 1.0
    assert grid[0]["score"] == pytest.approx(0.55)


def test_pick_setting_keeps_the_default_listed_first_on_a_tie() -> None:
    chosen, _ = pick_setting(("default", "other"), lambda _setting: 0.5)
    assert chosen == "default"
    scores = {"default": 0.5, "better": 0.51}
    chosen, _ = pick_setting(("default", "better"), scores.__getitem__)
    assert chosen == "better"


def test_pick_setting_never_chooses_a_nan_score() -> None:
    scores = {"default": 0.2, "broken": math.nan, "good": 0.3}
    chosen, grid = pick_setting(("broken", "default", "good"), scores.__getitem__)
    assert chosen == "good"
    assert grid[0]["score"] == -math.inf


def test_pick_setting_labels_settings_and_rejects_an_empty_grid() -> None:
    settings: tuple[dict[str, bool], ...] = ({}, {"favor_precision": True})
    chosen, grid = pick_setting(settings, lambda s: float(len(s)), label=extraction.setting_label)
    assert chosen == {"favor_precision": True}
    assert [row["setting"] for row in grid] == ["defaults", "favor_precision=True"]
    with pytest.raises(ValueError):
        pick_setting((), lambda _setting: 0.0)


def test_every_tunable_peer_lists_its_library_default_first() -> None:
    assert extraction.TUNABLE["trafilatura"][0] == {}
    assert extraction.TUNABLE["readability"][0] == {"min_text_length": 25}
    assert summaries.TUNABLE["lexrank"] == ("threshold", (0.1, 0.05, 0.2, 0.3))
    assert summaries.TUNABLE["textrank"][1][0] == 0.85


def test_tuning_clusters_follow_the_scored_ones(tmp_path: object) -> None:
    import json
    from pathlib import Path

    path = Path(str(tmp_path)) / "mds.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}"}) + "\n" for i in range(10)))
    scored = summaries.load_clusters(str(path), 6)
    tuning = summaries.load_clusters(str(path), 3, start=6)
    assert [c["id"] for c in scored] == [f"c{i}" for i in range(6)]
    assert [c["id"] for c in tuning] == ["c6", "c7", "c8"]
    assert [c["id"] for c in summaries.load_clusters(str(path), 0, start=8)] == ["c8", "c9"]
