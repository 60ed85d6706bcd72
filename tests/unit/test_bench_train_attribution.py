"""The learned-check experiment: its measures, its table and its leave-one-sample-out."""

from __future__ import annotations

from typing import Any

from benchmarks.train_attribution import (
    FEATURES,
    NEIGHBOUR,
    choose_bar,
    fit,
    leave_one_sample_out,
    measures,
    probabilities,
    training_rows,
)

CLAIM = (
    "The harbour board closed the northern pier after storm damage, "
    "and the ferry company cancelled every crossing to Velmont island."
)


def test_a_span_with_one_of_two_parts_measures_less_than_a_restatement() -> None:
    whole = measures(
        CLAIM,
        "After storm damage the harbour board closed the northern pier, and the ferry "
        "company cancelled every crossing to Velmont island.",
        {},
    )
    part = measures(CLAIM, "The harbour board closed the northern pier after storm damage.", {})
    assert set(whole) == {*FEATURES, NEIGHBOUR}
    assert whole["weakest_clause"] == 1.0 and whole["plain"] == 1.0
    assert part["weakest_clause"] < 0.5 and part["plain"] < 0.7
    assert part["share"] < whole["share"]
    assert whole["parts"] > 0


def test_a_joined_span_and_a_heading_are_told_apart() -> None:
    joined = measures(
        CLAIM,
        "The harbour board closed the northern pier after storm damage. The ferry company "
        "cancelled every crossing to Velmont island.",
        {},
    )
    heading = measures(CLAIM, "Storm closes northern pier", {})
    assert joined["joined"] == 1.0 and joined["heading"] == 0.0
    assert heading["heading"] == 1.0 and heading["joined"] == 0.0


def test_rarer_missing_words_weigh_more() -> None:
    span = "The harbour board closed the northern pier after storm damage."
    plain = measures(CLAIM, span, {})
    weighted = measures(CLAIM, span, {"velmont": 5.0, "ferri": 5.0, "ferry": 5.0})
    assert weighted["share"] < plain["share"]


def _row(group: str, label: str | None, value: float, *, kind: str = "citation") -> dict[str, Any]:
    key = [group, 0, f"claim-{value}", 1, f"span-{value}-{label}"]
    values = dict.fromkeys(FEATURES, 0.5) | {"weakest_clause": value}
    return {"kind": kind, "key": key, "group": group, "label": label, "values": values}


def _table() -> list[dict[str, Any]]:
    rows = []
    for group in ("pooled", "seed1", "seed2", "seed3"):
        for step in range(10):
            rows.append(_row(group, "SUPPORTS", 0.55 + 0.05 * step))
        rows.append(_row(group, "PARTIAL", 0.1))
        rows.append(_row(group, "NO", 0.2))
    return rows


def test_each_labelled_pair_counts_once_and_self_is_left_out() -> None:
    tick = _row("seed1", "RIGHT", 0.9, kind="tick")
    table = [tick, {**_row("seed1", "SUPPORTS", 0.9), "key": tick["key"]}]
    table += [_row("seed1", "SELF", 0.8), _row("seed1", None, 0.7)]
    rows = training_rows(table)
    assert len(rows) == 1 and rows[0]["kind"] == "citation" and rows[0]["y"] == 1.0


def test_the_bar_is_chosen_without_the_held_out_sample_and_removes_the_errors() -> None:
    table = _table()
    rows = training_rows(table)
    names = ("weakest_clause", "plain")
    first, second = fit(rows, names), fit(rows, names)
    assert first == second  # deterministic
    p = probabilities(first, rows)
    assert min(p[[r["y"] == 1.0 for r in rows]]) > max(p[[r["y"] == 0.0 for r in rows]])
    bar = choose_bar(rows, names)
    assert 0.0 < bar < 1.0
    report = leave_one_sample_out(table, names)
    assert set(report["samples"]) == {"seed1", "seed2", "seed3"}
    pooled = report["pooled_citation"]
    assert pooled["before"]["strict"] == round(30 / 36, 4)
    assert pooled["after"]["strict"] == 1.0
    assert pooled["partial_removed"] == 3 and pooled["wrong_removed"] == 3
    assert pooled["right_lost"] == 0


# -- the twelfth round: soft alignment (a fake reader: one vector per word's stem) ----


def _fake_reader(synonyms: dict[str, str] | None = None) -> Any:
    import hashlib
    import re

    import numpy as np

    from benchmarks.soft_align import reading
    from storyline.text import terms

    same = synonyms or {}

    def vector(word: str) -> Any:
        stem = (terms(word) or [word.lower()])[0]
        seed = int(hashlib.sha1(same.get(stem, stem).encode()).hexdigest()[:8], 16)
        return np.random.default_rng(seed).normal(size=24)

    def read(text: str) -> Any:
        found = list(re.finditer(r"[\w'’]+|[^\w\s]", text))
        pieces = [match.span() for match in found]
        vectors = np.vstack([vector(match.group()) for match in found])
        return reading(text, pieces, vectors, vectors.mean(axis=0))

    return read


def test_soft_alignment_refuses_a_missing_part_and_credits_a_restatement() -> None:
    from benchmarks.soft_align import SOFT_FEATURES, soft_measures

    reader = _fake_reader({"jetty": "pier", "shut": "clos", "port": "harbour"})
    part = "The harbour board closed the northern pier after storm damage."
    restated = "After storm damage the port board shut the northern jetty, and the ferry " + (
        "company cancelled every crossing to Velmont island."
    )
    one = soft_measures(CLAIM, part, "", {}, reader)
    both = soft_measures(CLAIM, restated, "", {}, reader)
    assert set(one) == set(SOFT_FEATURES)
    assert both["soft_recall"] > 0.99 and both["soft_weakest_clause"] > 0.99
    assert one["soft_weakest_clause"] < 0.5 and one["soft_weakest_window"] < 0.5
    assert one["soft_recall"] < both["soft_recall"]
    assert one["soft_precision"] > 0.99  # every word of the span is the claim's
    # the sentence that completes the span counts only in the context cosine
    widened = soft_measures(CLAIM, part, f"{part} {restated}", {}, reader)
    assert widened["context_cosine"] > one["context_cosine"]
    assert widened["sentence_cosine"] == one["sentence_cosine"]


def test_rarer_words_weigh_more_in_the_soft_recall() -> None:
    from benchmarks.soft_align import soft_measures

    reader = _fake_reader()
    span = "The harbour board closed the northern pier after storm damage."
    plain = soft_measures(CLAIM, span, "", {}, reader)
    weighted = soft_measures(CLAIM, span, "", {"velmont": 5.0, "ferry": 5.0}, reader)
    assert weighted["soft_recall"] < plain["soft_recall"]


def _report(lost: int, partial: int, wrong: int, strict: float) -> dict[str, Any]:
    after = {"strict": strict}
    pooled = {"right_lost": lost, "partial_removed": partial, "wrong_removed": wrong}
    return {"pooled_citation": {**pooled, "after": after}}


def test_the_rule_to_ship_needs_both_the_ratio_and_the_target() -> None:
    from benchmarks.train_attribution import chosen_set, meets_rule

    assert meets_rule(_report(3, 2, 1, 0.95))
    assert not meets_rule(_report(4, 2, 1, 0.97))  # more SUPPORTS lost than errors removed
    assert not meets_rule(_report(1, 2, 1, 0.949))  # under the target
    sets = {
        "all": _report(0, 5, 5, 0.99),  # not a set of this round: never chosen
        "soft": _report(1, 1, 1, 0.951),
        "all_soft": _report(2, 2, 0, 0.96),
        "soft_compact": _report(5, 1, 0, 0.99),
    }
    assert chosen_set(sets) == "all_soft"
    assert chosen_set({"soft": _report(5, 1, 0, 0.99)}) is None


def test_held_out_auc_counts_ties_half() -> None:
    from benchmarks.train_attribution import auc

    assert auc([(0.9, 1.0), (0.1, 0.0)]) == 1.0
    assert auc([(0.5, 1.0), (0.5, 0.0)]) == 0.5
    assert auc([(0.2, 1.0), (0.8, 0.0), (0.9, 1.0)]) == 0.5
    assert auc([(0.2, 1.0)]) is None


def test_test_seed_samples_never_reach_the_table(tmp_path: Any, monkeypatch: Any) -> None:
    import benchmarks.train_attribution as experiment

    (tmp_path / "attribution-fresh-seed32.txt").write_text("kept-1\n", "utf-8")
    (tmp_path / "attribution-fresh-seed33.txt").write_text("test-1  # drawn\ntest-2\n", "utf-8")
    monkeypatch.setattr(experiment, "LABELS", tmp_path)
    assert experiment.test_clusters() == {"test-1", "test-2"}
    table = [_row("test-1", "SUPPORTS", 0.9), _row("kept-1", "NO", 0.1)]
    table[0]["key"][0], table[1]["key"][0] = "test-1", "kept-1"
    saved = tmp_path / "table.json"
    saved.write_text(__import__("json").dumps(table), "utf-8")
    assert [row["key"][0] for row in experiment._load_table(saved)] == ["kept-1"]


def test_sets_without_their_measures_are_skipped_and_the_diagnostic_counts_misses() -> None:
    from benchmarks.train_attribution import _measured, soft_recall_diagnostic

    table = _table()
    assert _measured(table, ("weakest_clause",)) and not _measured(table, ("soft_recall",))
    cited = {**_row("c", "SUPPORTS", 0.9), "key": ["c", 0, "h", 1, "s"]}
    cited["values"]["soft_recall"] = 0.8
    rows = [cited]
    for article, value in ((1, 0.95), (2, 0.85), (3, 0.5)):
        rows.append(
            {"kind": "recall", "key": ["c", 0, "h", article], "values": {"soft_recall": value}}
        )
    found = soft_recall_diagnostic(rows)
    assert found["supports_median"] == 0.8
    assert found["missed_pairs"] == 2 and found["missed_at_or_above_median"] == 1


def test_test_samples_never_train_and_are_scored_apart(tmp_path: Any, monkeypatch: Any) -> None:
    import pytest

    import benchmarks.train_attribution as experiment

    (tmp_path / "attribution-fresh-seed33.txt").write_text("test-a\n", "utf-8")
    (tmp_path / "attribution-fresh-seed34.txt").write_text("test-b\n", "utf-8")
    monkeypatch.setattr(experiment, "LABELS", tmp_path)
    assert experiment.test_groups() == {"test-a": "seed33", "test-b": "seed34"}

    def tested(flip: bool) -> list[dict[str, Any]]:
        rows = []
        for cluster, sample in (("test-a", "seed33"), ("test-b", "seed34")):
            for value, label in ((0.9, "SUPPORTS"), (0.8, "SUPPORTS"), (0.1, "NO")):
                row = _row(sample, "NO" if flip and label == "SUPPORTS" else label, value)
                row["key"][0] = cluster
                rows.append({**row, "test": True})
        return rows

    names = ("weakest_clause", "plain")
    first = experiment.score_test_samples(_table() + tested(False), names)
    second = experiment.score_test_samples(_table() + tested(True), names)
    # the test rows' labels change nothing of the model: neither its bar nor what it keeps
    assert first["bar"] == second["bar"] == experiment.train(training_rows(_table()), names)["bar"]
    assert first["trained_on"] == {"rows": 48, "groups": 4}
    assert set(first["samples"]) == {"seed33", "seed34"}
    pooled = first["pooled_citation"]
    assert pooled["before"]["strict"] == round(4 / 6, 4) and pooled["after"]["strict"] == 1.0
    assert pooled["wrong_removed"] == 2 and pooled["right_lost"] == 0
    assert first["test_auc"] == 1.0 and first["meets_rule"]
    assert second["pooled_citation"]["after"]["right"] == 0
    # a test cluster's row refused by training and by the bar, marked or not
    unmarked = {key: value for key, value in tested(False)[0].items() if key != "test"}
    rows = [*training_rows(_table()), {**unmarked, "y": 1.0}]
    with pytest.raises(ValueError):
        fit(rows, names)
    with pytest.raises(ValueError):
        choose_bar(rows, names)
