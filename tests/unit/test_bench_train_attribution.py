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
