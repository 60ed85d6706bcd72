"""Precision and recall of the comparison extractors on hand-labelled fixtures.

Usage::

    python -m benchmarks.compare [--fixtures tests/fixtures/compare]

Reads ``quotes*.json``, ``figures*.json`` and ``dates*.json`` from the fixtures
folder (format: ``tests/fixtures/compare/README.md``); files named
``*_heldout.json`` were labelled after the extractors were written and never
used to tune them, and are reported separately.  A prediction matches a label
when their spans overlap (one-to-one, largest overlap first); each part of the
label (span, value, unit, speaker, date) is then scored on the matched pairs:
precision = correct / predictions, recall = correct / labels.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_table, write_results
from storyline.compare.figures import extract_figures
from storyline.compare.quotes import extract_quotes
from storyline.compare.timeline import extract_dates

FIXTURES = ROOT / "tests" / "fixtures" / "compare"


@dataclass(frozen=True)
class Item:
    """A labelled or predicted item: its span and the parts to score."""

    start: int
    end: int
    parts: dict[str, Any]


def locate(text: str, labels: Sequence[dict[str, Any]], field: str) -> list[Item]:
    """Gold items; each label is found at or after the previous label's start."""
    items, position = [], 0
    for label in labels:
        start = text.find(label[field], position)
        if start < 0:
            raise ValueError(f"label {label[field]!r} not found in {text[:60]!r}")
        items.append(Item(start, start + len(label[field]), label))
        position = start
    return items


def match(gold: Sequence[Item], predicted: Sequence[Item]) -> list[tuple[Item, Item]]:
    """One-to-one pairs of overlapping items, largest overlap first."""
    candidates = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                candidates.append((overlap, g_index, p_index))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g_index, p_index in sorted(candidates, reverse=True):
        if g_index not in used_gold and p_index not in used_predicted:
            used_gold.add(g_index)
            used_predicted.add(p_index)
            pairs.append((gold[g_index], predicted[p_index]))
    return pairs


def _clean(text: str) -> str:
    return text.strip().rstrip(",.;:").strip()


def _speaker(value: str | None) -> str | None:
    if value is None:
        return None
    words = value.lower().split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-9)


def quote_items(doc: dict[str, Any]) -> tuple[list[Item], list[Item]]:
    gold = locate(doc["text"], doc["quotes"], "quote")
    predicted = [
        Item(q.start, q.end, {"quote": q.text, "speaker": q.speaker})
        for q in extract_quotes(doc["text"])
    ]
    return gold, predicted


QUOTE_PARTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "span": lambda g, p: _clean(g["quote"]) == _clean(p["quote"]),
    "speaker": lambda g, p: _speaker(g["speaker"]) == _speaker(p["speaker"]),
}


def figure_items(doc: dict[str, Any]) -> tuple[list[Item], list[Item]]:
    gold = locate(doc["text"], doc["figures"], "span")
    predicted = [
        Item(f.start, f.end, {"span": f.text, "low": f.low, "high": f.high, "unit": f.unit})
        for f in extract_figures(doc["text"])
    ]
    return gold, predicted


FIGURE_PARTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "span": lambda g, p: g["span"] == p["span"],
    "value": lambda g, p: _close(g["low"], p["low"]) and _close(g["high"], p["high"]),
    "unit": lambda g, p: g["unit"] == p["unit"],
}


def date_items(doc: dict[str, Any]) -> tuple[list[Item], list[Item]]:
    gold = locate(doc["text"], doc["dates"], "phrase")
    published = date.fromisoformat(doc["published"])
    predicted = [
        Item(d.start, d.end, {"phrase": d.text, "date": str(d.date), "precision": d.precision})
        for d in extract_dates(doc["text"], published)
    ]
    return gold, predicted


DATE_PARTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "span": lambda g, p: g["phrase"] == p["phrase"],
    "date": lambda g, p: g["date"] == p["date"] and g["precision"] == p["precision"],
}

EXTRACTORS = {
    "quotes": (quote_items, QUOTE_PARTS),
    "figures": (figure_items, FIGURE_PARTS),
    "dates": (date_items, DATE_PARTS),
}


def score(
    docs: Sequence[dict[str, Any]],
    items: Callable[[dict[str, Any]], tuple[list[Item], list[Item]]],
    parts: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]],
) -> dict[str, Any]:
    """Counts and precision/recall for detection, each part, and all parts together."""
    n_gold = n_predicted = 0
    correct = dict.fromkeys(["detection", *parts, "all"], 0)
    errors: list[dict[str, Any]] = []
    for doc in docs:
        gold, predicted = items(doc)
        n_gold += len(gold)
        n_predicted += len(predicted)
        pairs = match(gold, predicted)
        correct["detection"] += len(pairs)
        for g, p in pairs:
            ok = {name: check(g.parts, p.parts) for name, check in parts.items()}
            for name, good in ok.items():
                correct[name] += good
            correct["all"] += all(ok.values())
            if not all(ok.values()):
                errors.append({"doc": doc["id"], "gold": g.parts, "predicted": p.parts})
        matched = {id(p) for _, p in pairs}
        errors += [
            {"doc": doc["id"], "predicted": p.parts, "gold": None}
            for p in predicted
            if id(p) not in matched
        ]
        matched_gold = {id(g) for g, _ in pairs}
        errors += [
            {"doc": doc["id"], "gold": g.parts, "predicted": None}
            for g in gold
            if id(g) not in matched_gold
        ]
    metrics = {
        name: {
            "precision": round(count / n_predicted, 4) if n_predicted else 1.0,
            "recall": round(count / n_gold, 4) if n_gold else 1.0,
        }
        for name, count in correct.items()
    }
    return {"labels": n_gold, "predictions": n_predicted, "metrics": metrics, "errors": errors}


def load(folder: Path, kind: str, heldout: bool) -> list[dict[str, Any]]:
    name = f"{kind}_heldout.json" if heldout else f"{kind}.json"
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def run(folder: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for heldout in (False, True):
        for kind, (items, parts) in EXTRACTORS.items():
            docs = load(folder, kind, heldout)
            if not docs:
                continue
            start = time.perf_counter()
            result = score(docs, items, parts)
            result["seconds"] = round(time.perf_counter() - start, 4)
            results[f"{kind}{'_heldout' if heldout else ''}"] = result
    return results


def rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    table = []
    for name, result in results.items():
        for part, metric in result["metrics"].items():
            table.append(
                {
                    "set": name,
                    "part": part,
                    "labels": result["labels"],
                    "predictions": result["predictions"],
                    "precision": metric["precision"],
                    "recall": metric["recall"],
                }
            )
    return table


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    results = run(args.fixtures)
    print_table("storyline.compare extractors (precision/recall per part)", rows(results))
    path = write_results("compare", {"fixtures": str(args.fixtures), "results": results})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
