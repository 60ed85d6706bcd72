"""Article extraction: storyline's HTML path against trafilatura and readability-lxml.

Usage::

    python -m benchmarks.extraction [DATA_DIR] [--limit N] [--systems NAME ...] [--repeat 3]
        [--no-tune]

DATA_DIR (default ``../shared/data/extraction/dev``) holds two sets, each a
folder of ``<id>.html.gz`` pages and ``<id>.json`` annotations (see its
README): ``aeb/`` (scrapinghub's article-extraction-benchmark) and
``trafilatura_eval/`` (trafilatura's own evaluation corpus).

Systems, each in a fresh process per set (``benchmarks.common.measure``); every
one gets the raw page bytes (its own decoding included in its time), pages are
read and decompressed before the clock starts, and one small page is extracted
first so that lazy set-up is not timed.  ``pages/s`` counts the CPU time of the
child process (the machine is shared and wall time swings with other load; the
systems are single-threaded); ``pages/s wall`` is given too.  Each system is
timed ``--repeat`` times, the systems taking turns, and its fastest run is
reported (quality is the same every time):

* ``storyline``: what ``storyline ingest`` keeps of a page: ``read_bytes`` on
  the page (the HTML reader: trafilatura plus storyline's paragraph cutting)
  followed by ``Cleaner()`` with its defaults; the text is the cleaned body
  (the headline is kept apart, as a title).  A rejected page counts as empty.
* ``trafilatura``: ``trafilatura.extract(page)`` with its default settings.
* ``readability``: readability-lxml's ``Document(page).summary(html_partial=True)``,
  turned into text with lxml (a line break around every block element).

Peers tuned on dev: trafilatura and readability are reported twice, at their
defaults and as ``<peer> (tuned)`` with their main parameter chosen on the
*other* set (tuned on ``trafilatura_eval``, scored on ``aeb``, and the other
way round), so a tuned row is never scored on the pages it was tuned on:

* trafilatura: its precision/recall switch, ``extract(page)`` as it is,
  ``favor_precision=True`` or ``favor_recall=True`` (tables are kept in all
  three, trafilatura's default);
* readability: ``Document(page, min_text_length=N)`` for N in 25 (its
  default), 10, 50, 100 (the shortest paragraph it counts as content).

The setting with the best F1 on the other set is kept (the default on ties);
the choice and the grid are stored under each set's ``tuning`` in the JSON.
With only one set present, or ``--no-tune``, the tuned rows are left out.

Scores, as each set's README defines them:

* ``aeb``: tokens are ``\\w+`` runs (case kept); each text is the multiset of its
  4-token shingles (a text of fewer than 4 tokens is one shingle); per page
  TP/FP/FN are multiset overlaps divided by TP+FP+FN; precision is averaged
  over pages with TP+FP > 0, recall over pages with TP+FN > 0 (a page where
  both texts are identical, empty included, scores 1); F1 is the harmonic mean
  of the two averages; accuracy is the share of pages whose token sequence
  equals the truth's.  ``F1 std`` is the standard deviation of F1 over 1000
  bootstrap resamples of the pages (fixed seed).
* ``trafilatura_eval``: whitespace-normalised substring test of every ``with``
  segment (found: TP, missing: FN) and ``without`` segment (found: FP,
  absent: TN), summed over pages; precision, recall, accuracy and F1 from the
  sums.

Results: one Markdown table per set (quality, pages per second, peak MB) and
``benchmarks/out/extraction.json``.  Benchmark-only dependency:
``readability-lxml`` (its version is recorded in the JSON).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, write_results

DEFAULT_DATA = data_path("extraction", "dev")
SETS = ("aeb", "trafilatura_eval")
SYSTEMS = {
    "storyline": "run_storyline",
    "trafilatura": "run_trafilatura",
    "readability": "run_readability",
}
BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 2024
# Extracted once before the clock starts, so that lazy set-up is not timed.
WARM_UP_PAGE = (
    b"<html><head><title>Harbour report</title></head><body><article><h1>Harbour report</h1>"
    + b"<p>The harbour master said the new pier would open in the spring after repairs.</p>" * 4
    + b"</article></body></html>"
)


# -- data --------------------------------------------------------------------------


def page_ids(folder: Path, limit: int = 0) -> list[str]:
    ids = sorted(path.name.removesuffix(".json") for path in folder.glob("*.json"))
    if not ids:
        raise SystemExit(f"{folder}: no <id>.json annotations found")
    return ids[:limit] if limit else ids


def load_pages(folder: str, limit: int) -> list[bytes]:
    return [
        gzip.decompress((Path(folder) / f"{page_id}.html.gz").read_bytes())
        for page_id in page_ids(Path(folder), limit)
    ]


def load_annotations(folder: Path, limit: int) -> list[dict[str, Any]]:
    annotations = []
    for page_id in page_ids(folder, limit):
        with (folder / f"{page_id}.json").open(encoding="utf-8") as handle:
            annotations.append(json.load(handle))
    return annotations


# -- systems (run in child processes) ----------------------------------------------


def _timed(
    extract: Callable[[bytes], str], folder: str, limit: int
) -> tuple[dict[str, Any], float]:
    """The texts and the wall seconds, with the CPU seconds as the time ``measure`` reports.

    A page the system raises on counts as empty output for that system; the
    page id and the error are listed under ``failures`` and the run goes on.
    """
    ids = page_ids(Path(folder), limit)
    pages = load_pages(folder, limit)
    extract(WARM_UP_PAGE)
    failures: dict[str, str] = {}
    texts: list[str] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for page_id, page in zip(ids, pages, strict=True):
        try:
            texts.append(extract(page))
        except Exception as error:  # a peer's failure on one page is that page's result
            failures[page_id] = f"{type(error).__name__}: {error}"
            texts.append("")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"texts": texts, "wall seconds": wall, "failures": failures}, cpu


def run_storyline(folder: str, limit: int = 0) -> tuple[dict[str, Any], float]:
    """What storyline keeps of each page: the HTML reader, then the clean stage."""
    from storyline.clean import Cleaner
    from storyline.ingest import read_bytes
    from storyline.models import Accepted

    cleaner = Cleaner()

    def extract(page: bytes) -> str:
        texts = [
            cleaner.clean(item.article).text
            for item in read_bytes(page, name="page.html")
            if isinstance(item, Accepted)
        ]
        return "\n\n".join(texts)

    return _timed(extract, folder, limit)


# Each tunable peer's candidate settings (keyword arguments), its default first.
TUNABLE: dict[str, tuple[dict[str, Any], ...]] = {
    "trafilatura": ({}, {"favor_precision": True}, {"favor_recall": True}),
    "readability": tuple({"min_text_length": n} for n in (25, 10, 50, 100)),
}


def setting_label(setting: Mapping[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in setting.items()) or "defaults"


def run_trafilatura(
    folder: str, limit: int = 0, setting: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], float]:
    import trafilatura

    options = dict(setting or {})

    def extract(page: bytes) -> str:
        return trafilatura.extract(page, **options) or ""

    return _timed(extract, folder, limit)


# What readability's summary is cut on: a line break around every block element,
# so that words of adjacent paragraphs are not glued together.
_READABILITY_BLOCKS = (
    *("p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote"),
    *("pre", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "table", "tr"),
    *("td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "br"),
)


def run_readability(
    folder: str, limit: int = 0, setting: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], float]:
    import lxml.html
    from readability import Document

    options = dict(setting or {})

    def extract(page: bytes) -> str:
        summary = Document(page, **options).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        for element in root.iter(*_READABILITY_BLOCKS):
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
        return str(root.text_content()).strip()

    return _timed(extract, folder, limit)


# -- scores: aeb ---------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    found = tokens(text)
    if not found:
        return Counter()
    return Counter(
        tuple(found[start : start + size]) for start in range(max(1, len(found) - size + 1))
    )


def shingle_counts(truth: str, prediction: str) -> Counts:
    """TP, FP, FN of the shingle multisets, divided by their sum (pages weigh the same)."""
    expected, found = shingles(truth), shingles(prediction)
    true_positive = sum((expected & found).values())
    false_positive = sum((found - expected).values())
    false_negative = sum((expected - found).values())
    total = true_positive + false_positive + false_negative
    if not total:
        return 0.0, 0.0, 0.0
    return true_positive / total, false_positive / total, false_negative / total


def _page_precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def aeb_prf(counts: Sequence[Counts]) -> tuple[float, float, float]:
    precisions = [_page_precision(*page) for page in counts if page[0] + page[1] > 0]
    recalls = [_page_recall(*page) for page in counts if page[0] + page[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_aeb(annotations: Sequence[dict[str, Any]], texts: Sequence[str]) -> dict[str, float]:
    truths = [str(annotation.get("articleBody") or "") for annotation in annotations]
    counts = [shingle_counts(truth, text) for truth, text in zip(truths, texts, strict=True)]
    precision, recall, f1 = aeb_prf(counts)
    rng = random.Random(BOOTSTRAP_SEED)
    resampled = [
        aeb_prf([counts[rng.randrange(len(counts))] for _ in counts])[2]
        for _ in range(BOOTSTRAP_ROUNDS)
    ]
    exact = sum(tokens(truth) == tokens(text) for truth, text in zip(truths, texts, strict=True))
    return {
        "P": precision,
        "R": recall,
        "F1": f1,
        "F1 std": statistics.stdev(resampled),
        "accuracy": exact / len(truths),
    }


# -- scores: trafilatura_eval ---------------------------------------------------------


def _normalized(text: str) -> str:
    return " ".join(text.split())


@dataclass
class SegmentCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, annotation: dict[str, Any], text: str) -> None:
        found = _normalized(text)
        for segment in annotation["with"]:
            if _normalized(segment) in found:
                self.tp += 1
            else:
                self.fn += 1
        for segment in annotation["without"]:
            if _normalized(segment) in found:
                self.fp += 1
            else:
                self.tn += 1

    def scores(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return {
            "P": precision,
            "R": recall,
            "F1": f1,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
        }


def score_segments(annotations: Sequence[dict[str, Any]], texts: Sequence[str]) -> dict[str, Any]:
    counts = SegmentCounts()
    for annotation, text in zip(annotations, texts, strict=True):
        counts.add(annotation, text)
    return {**counts.scores(), "TP": counts.tp, "FP": counts.fp, "FN": counts.fn, "TN": counts.tn}


SCORERS: dict[str, Callable[[Sequence[dict[str, Any]], Sequence[str]], dict[str, Any]]] = {
    "aeb": score_aeb,
    "trafilatura_eval": score_segments,
}


# -- main ------------------------------------------------------------------------------


def run_set(
    folder: Path,
    systems: Mapping[str, str],
    limit: int,
    repeat: int,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score every system once; time each ``repeat`` times, interleaved, and keep the best.

    ``systems`` maps a system's name to its ``"module:function"`` target;
    ``settings`` gives the keyword settings a system runs with (a tuned peer).  The
    runs are short (seconds), so one of them can land on a busy moment of a
    shared machine: the fastest of a few interleaved rounds is the figure least
    disturbed by the others (as timeit reports the minimum).  Pages a system
    raised on are scored as empty and listed by id in its row's ``failed pages``;
    a system that fails as a whole gets a row with its error, and the others go on.
    """
    annotations = load_annotations(folder, limit)
    scorer = SCORERS[folder.name]
    rows: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for system, target in systems.items():
            if "error" in rows.get(system, {}):
                continue
            try:
                extra = (dict(settings[system]),) if settings and system in settings else ()
                m = measure(
                    target, str(folder), limit, *extra, items=len(annotations), system=system
                )
            except RuntimeError as error:
                rows[system] = {"system": system, "error": str(error)}
                print(f"{folder.name}: {system} failed: {error}", file=sys.stderr)
                continue
            _record_run(rows, system, m, annotations, scorer)
    table = [row for row in rows.values() if "error" not in row]
    print_table(
        f"{folder.name}: {len(annotations)} pages (best of {repeat} timings)",
        [{key: value for key, value in row.items() if key != "failed pages"} for row in table],
    )
    for row in table:
        if row["failed pages"]:
            print(f"{row['system']} raised on {len(row['failed pages'])} page(s), scored empty:")
            for page_id, reason in row["failed pages"].items():
                print(f"  {page_id}: {reason}")
    return {
        "path": str(folder),
        "pages": len(annotations),
        "repeat": repeat,
        "rows": list(rows.values()),
    }


def _record_run(
    rows: dict[str, dict[str, Any]],
    system: str,
    m: Any,
    annotations: Sequence[dict[str, Any]],
    scorer: Callable[[Sequence[dict[str, Any]], Sequence[str]], dict[str, Any]],
) -> None:
    texts = m.result["texts"]
    speed = round(m.items_per_second, 1)
    wall = round(len(texts) / m.result["wall seconds"], 1) if m.result["wall seconds"] else 0.0
    row = rows.get(system)
    if row is None:
        row = rows[system] = {"system": system, **scorer(annotations, texts)}
        row["empty"] = sum(not text.strip() for text in texts)
        row["failed"] = len(m.result.get("failures", {}))
        row["pages/s"], row["pages/s wall"], row["peak MB"] = speed, wall, 0.0
        row["failed pages"] = dict(m.result.get("failures", {}))
    row["pages/s"] = max(row["pages/s"], speed)
    row["pages/s wall"] = max(row["pages/s wall"], wall)
    row["peak MB"] = max(row["peak MB"], round(m.peak_mb, 1))


def tune_peer(peer: str, folder: Path, limit: int) -> dict[str, Any]:
    """The peer's setting with the best F1 on ``folder`` (run untimed, in this process)."""
    from benchmarks.tuning import pick_setting

    annotations = load_annotations(folder, limit)
    run = globals()[SYSTEMS[peer]]

    def score(setting: Mapping[str, Any]) -> float:
        texts = run(str(folder), limit, setting)[0]["texts"]
        return float(SCORERS[folder.name](annotations, texts)["F1"])

    chosen, grid = pick_setting(TUNABLE[peer], score, label=setting_label)
    print(f"{peer} tuned on {folder.name}: {setting_label(chosen)} (F1 grid: {grid})")
    return {"tuned_on": folder.name, "chosen": dict(chosen), "grid": grid}


def tuned_systems(
    folder: Path, folders: Sequence[Path], peers: Sequence[str], limit: int
) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, Any]]:
    """Targets, settings and tuning record of the tuned peers scored on ``folder``.

    Each peer is tuned on the other set(s): with one set present nothing is tuned.
    """
    others = [other for other in folders if other != folder]
    if not others:
        return {}, {}, {}
    targets, settings, record = {}, {}, {}
    for peer in (name for name in peers if name in TUNABLE):
        found = tune_peer(peer, others[0], limit)
        name = f"{peer} (tuned)"
        targets[name] = f"benchmarks.extraction:{SYSTEMS[peer]}"
        settings[name] = found["chosen"]
        record[peer] = found
    return targets, settings, record


def results_name(systems: Sequence[str], limit: int) -> str:
    """``extraction`` for a full run; a subset or a limited run gets its own file."""
    if not limit and sorted(systems) == sorted(SYSTEMS):
        return "extraction"
    suffix = "-".join(systems) + (f"-limit{limit}" if limit else "")
    return f"extraction-partial-{suffix}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="data folder")
    parser.add_argument("--limit", type=int, default=0, help="pages per set (0: all)")
    parser.add_argument("--systems", nargs="+", choices=list(SYSTEMS), default=list(SYSTEMS))
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per system, interleaved (best kept)"
    )
    parser.add_argument("--no-tune", action="store_true", help="peers at their defaults only")
    args = parser.parse_args(argv)
    root = Path(args.data)
    folders = [root / name for name in SETS if (root / name).is_dir()]
    if not folders:
        raise SystemExit(f"{root}: none of the sets {', '.join(SETS)} found")
    targets = {name: f"benchmarks.extraction:{SYSTEMS[name]}" for name in args.systems}
    payload: dict[str, Any] = {
        "data": args.data,
        "systems": list(args.systems),
        "limit": args.limit,
        "versions": {
            "trafilatura": metadata.version("trafilatura"),
            "lxml": metadata.version("lxml"),
            "readability-lxml (benchmark only)": metadata.version("readability-lxml"),
        },
        "sets": {},
    }
    name = results_name(args.systems, args.limit)
    peers = [] if args.no_tune else list(args.systems)
    for folder in folders:
        extra, settings, tuning = tuned_systems(folder, folders, peers, args.limit)
        result = run_set(folder, {**targets, **extra}, args.limit, max(1, args.repeat), settings)
        payload["sets"][folder.name] = {**result, "tuning": tuning}
        path = write_results(name, payload)  # after every set: a later crash keeps this one
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
