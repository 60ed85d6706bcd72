"""Figures against the CQE evaluation sets (numbers with units): storyline vs quantulum3.

Usage::

    python -m benchmarks.figures [--data ../shared/data/compare/figures] [--errors N]

The metric is the one in ``../shared/data/compare/README.md`` (figures section,
CQE evaluator style): per sentence each prediction is (value, unit, change);
gold quantities in order take the first untaken prediction of equal value whose
unit matches, else the first of equal value; value, value+unit, value+change
(only where gold has a change) and lenient value P/R/F1, micro-averaged.

Each system runs in its own process (``benchmarks.common.measure``).  quantulum3
(pinned in the ``bench`` extra) runs without its unit classifier: the pickled
classifier it ships does not load with the pinned scikit-learn, and quantulum3
then falls back to its own rule-based disambiguation (``USE_CLF = False``).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, read_jsonl, write_results

Value = float | tuple[float, float]
Prediction = tuple[Value, str, str]  # value, unit (normalised by the metric), change

FILES = ("age-model.jsonl", "currency-model.jsonl", "dimension-model.jsonl",
         "temperature-model.jsonl")  # fmt: skip
UNIT_MAP = {
    "percent": "percentage", "per cent": "percentage", "%": "percentage", "pc": "percentage",
    "usd": "dollar", "$": "dollar", "us$": "dollar", "us dollar": "dollar", "dollars": "dollar",
    "eur": "euro", "gbp": "pound sterling", "jpy": "japanese yen", "yen": "japanese yen",
    "cny": "chinese yuan", "yuan": "chinese yuan", "km/h": "kilometre per hour",
    "mph": "mile per hour", "hp": "horsepower", "gigatonne": "gigaton", "tonnes": "tonne",
    "": "-", "number": "-", "dimensionless": "-", "count": "-",
}  # fmt: skip
WORD_MAP = {"people": "person", "persons": "person", "kilometer": "kilometre", "meter": "metre",
            "feet": "foot", "children": "child", "men": "man", "women": "woman"}  # fmt: skip


# --- the metric ----------------------------------------------------------------------------


def normalise_unit(unit: str | None) -> str:
    """The README's unit normal form."""
    text = (unit or "").lower().strip()
    if text in UNIT_MAP:
        return UNIT_MAP[text]
    return " ".join(_singular(word) for word in text.split())


def _singular(word: str) -> str:
    if word in WORD_MAP:
        return WORD_MAP[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def units_match(gold: str, predicted: str) -> bool:
    g, p = normalise_unit(gold), normalise_unit(predicted)
    if g == p:
        return True
    words = g.split()
    return len(words) > 1 and p != "-" and p in (words[0], words[-1])


def values_equal(a: Value, b: Value) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(_close(x, y) for x, y in zip(a, b, strict=True))
    assert isinstance(a, float) and isinstance(b, float)
    return _close(a, b)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-5 * max(abs(a), abs(b)), 1e-8)


def gold_value(raw: Any) -> Value:
    if isinstance(raw, list):
        return (float(raw[0]), float(raw[1]))
    return float(raw)


class Counts:
    def __init__(self) -> None:
        self.gold = self.predicted = self.value = self.unit = 0
        self.change_gold = self.change = self.lenient = 0

    def add(self, gold: Sequence[dict[str, Any]], predicted: Sequence[Prediction]) -> list[int]:
        """Score one sentence; returns for each gold item the matched prediction index or -1."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        taken: set[int] = set()
        matches = []
        for item in gold:
            value = gold_value(item["value"])
            equal = [
                k for k, p in enumerate(predicted) if k not in taken and values_equal(value, p[0])
            ]
            unit_ok = [k for k in equal if units_match(item["normalized_unit"], predicted[k][1])]
            chosen = unit_ok[0] if unit_ok else (equal[0] if equal else -1)
            matches.append(chosen)
            if chosen < 0:
                continue
            taken.add(chosen)
            self.value += 1
            self.unit += bool(unit_ok)
            if item.get("change") is not None:
                self.change += predicted[chosen][2] == item["change"]
        self.change_gold += sum(item.get("change") is not None for item in gold)
        for item, chosen in zip(gold, matches, strict=True):
            value = gold_value(item["value"])
            if chosen >= 0 or not isinstance(value, tuple):
                continue
            for k, p in enumerate(predicted):
                if k in taken or isinstance(p[0], tuple):
                    continue
                if any(_close(p[0], end) for end in value):
                    taken.add(k)
                    self.lenient += 1
                    break
        return matches

    def rows(self) -> dict[str, Any]:
        def f1(tp: int, predicted: int, gold: int) -> float:
            p = tp / predicted if predicted else 0.0
            r = tp / gold if gold else 0.0
            return round(2 * p * r / (p + r), 4) if p + r else 0.0

        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "value P": round(self.value / self.predicted, 4) if self.predicted else 0.0,
            "value R": round(self.value / self.gold, 4) if self.gold else 0.0,
            "value F1": f1(self.value, self.predicted, self.gold),
            "value+unit F1": f1(self.unit, self.predicted, self.gold),
            "lenient value F1": f1(self.value + self.lenient, self.predicted, self.gold),
        }


# --- systems -------------------------------------------------------------------------------

# storyline's ISO 4217 codes and unit names, in the gold's naming.
STORYLINE_UNITS = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
    "CNY": "chinese yuan", "CAD": "canadian dollar", "AUD": "australian dollar",
    "NZD": "new zealand dollar", "HKD": "hong kong dollar", "CHF": "swiss franc",
    "MXN": "mexican peso", "INR": "rupee", "TRY": "turkish lira", "BTC": "bitcoin",
    "RUB": "russian ruble", "KRW": "south korean won", "pence": "penny", "percent": "percentage",
    "tonne": "metric ton", "SGD": "singapore dollar", "SEK": "swedish krona",
    "NOK": "norwegian krone", "DKK": "danish krone", "BRL": "brazilian real",
    "ZAR": "south african rand", "PLN": "polish zloty", "CZK": "czech koruna",
    "HUF": "hungarian forint", "ILS": "israeli new shekel", "AED": "united arab emirates dirham",
    "SAR": "saudi riyal", "NGN": "nigerian naira", "KES": "kenyan shilling",
    "EGP": "egyptian pound", "PKR": "pakistani rupee", "THB": "thai baht",
    "IDR": "indonesian rupiah", "MYR": "malaysian ringgit", "PHP": "philippine peso",
    "TWD": "new taiwan dollar", "ARS": "argentine peso", "CLP": "chilean peso",
    "COP": "colombian peso", "CRC": "costa rican colón", "GEL": "georgian lari",
    "LAK": "lao kip", "VND": "vietnamese dong", "UAH": "ukrainian hryvnia",
    "FIM": "finnish markka", "NLG": "dutch guilder", "DEM": "german mark",
    "FRF": "french franc", "BEF": "belgian franc", "ITL": "italian lira",
    "ESP": "spanish peseta",
    # A multiplier ("3 times", "100 times more") is a dimensionless count in the gold.
    "times": "count",
}  # fmt: skip
HEDGE_CHANGE = {"lower": ">", "upper": "<", "approx": "~"}


def run_storyline(texts: Sequence[str]) -> tuple[list[list[Prediction]], float]:
    from storyline.compare.figures import extract_figures

    start = time.perf_counter()
    out = []
    for text in texts:
        sentence = []
        for figure in extract_figures(text):
            sentence.append((_storyline_value(figure.low, figure.high), *_storyline_unit(figure)))
        out.append(sentence)
    return out, time.perf_counter() - start


def _storyline_value(low: float | None, high: float | None) -> Value:
    if low is None or high is None or low == high:
        return float(low if low is not None else high if high is not None else 0.0)
    return (low, high)


def _storyline_unit(figure: Any) -> tuple[str, str]:
    unit = STORYLINE_UNITS.get(figure.unit, figure.unit)
    if figure.kind == "count" and figure.unit and not figure.unit[:1].isupper():
        unit = figure.unit
    change = "~" if figure.approx else HEDGE_CHANGE.get(_hedge_of(figure), "=")
    return unit, change


def _hedge_of(figure: Any) -> str:
    if figure.low is None:
        return "upper"
    if figure.high is None:
        return "lower"
    return ""


def run_quantulum(texts: Sequence[str]) -> tuple[list[list[Prediction]], float]:
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False
    start = time.perf_counter()
    out = []
    for text in texts:
        sentence: list[Prediction] = []
        try:
            quantities = parser.parse(text)
        except Exception:  # a peer's crash on one sentence counts as no prediction
            quantities = []
        for q in quantities:
            name = q.unit.name if q.unit is not None else ""
            sentence.append((float(q.value), "" if name == "dimensionless" else name, "="))
        out.append(sentence)
    return out, time.perf_counter() - start


# --- main ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_path("compare", "figures"))
    parser.add_argument("--errors", type=int, default=0, help="print N storyline errors")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args(argv)
    records = [(name, r) for name in FILES for r in read_jsonl(args.data / name)]
    texts = [r["text"] for _, r in records]
    systems = {"storyline": "benchmarks.figures:run_storyline"}
    if not args.no_peer:
        systems["quantulum3"] = "benchmarks.figures:run_quantulum"
    table, results = [], {}
    for system, target in systems.items():
        m = measure(target, texts, items=len(texts), system=system)
        per_file: dict[str, Counts] = {name: Counts() for name in (*FILES, "all")}
        for (name, record), predicted in zip(records, m.result, strict=True):
            per_file[name].add(record["quantities"], predicted)
            matches = per_file["all"].add(record["quantities"], predicted)
            if system == "storyline" and args.errors:
                _show(record, predicted, matches, args)
        for name, counts in per_file.items():
            row = {"file": name, "system": system, **counts.rows(), "seconds": round(m.seconds, 3)}
            table.append(row)
            results[f"{name}:{system}"] = row
    print_table("Figures (CQE metric): value F1 and value+unit F1", table)
    path = write_results("figures", {"data": str(args.data), "results": results})
    print(f"\nwrote {path}")


def _show(record: dict[str, Any], predicted: Sequence[Prediction], matches: list[int],
          args: argparse.Namespace) -> None:  # fmt: skip
    wrong = [
        (q["value"], q["normalized_unit"])
        for q, k in zip(record["quantities"], matches, strict=True)
        if k < 0 or not units_match(q["normalized_unit"], predicted[k][1])
    ]
    extra = len(predicted) - sum(k >= 0 for k in matches)
    if (wrong or extra) and args.errors > 0:
        args.errors -= 1
        print("ERR", re.sub(r"\s+", " ", record["text"])[:150], "| gold", wrong,
              "| pred", [(p[0], p[1]) for p in predicted])  # fmt: skip


if __name__ == "__main__":
    main()
