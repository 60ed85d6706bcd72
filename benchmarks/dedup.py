"""Near-duplicate detection: storyline's NearDuplicates against datasketch MinHashLSH.

Usage::

    python -m benchmarks.dedup [DATA_DIR] [--speed FILE] [--limit N] [--tune-on DOCS]

DATA_DIR (default ``../shared/data/dedup/dev``) is searched for ``docs.jsonl``
files (one per data set, see its README): one document per line with ``id``,
``text`` and the gold duplicate ``cluster``.  ``DATA_DIR`` may also be one
such file.  Documents are fed in file order; they have no dates.

Systems, each in a fresh process (``benchmarks.common.measure``), timed on the
de-duplication only (documents are read and built before the clock starts):

* ``storyline``: ``NearDuplicates()`` with its defaults, online (each document
  is added in turn and joins the group of its best earlier match).
* ``datasketch-5gram (defaults)``: the peer with its default settings,
  ``MinHashLSH(threshold=0.9, num_perm=128)`` over ``MinHash(num_perm=128)``
  (default seed, SHA-1 hashing, ``affine32`` scheme) of the set of word
  5-grams of whitespace tokens (``text.split()``, case kept), every document
  inserted, then every document queried; the predicted duplicate pairs are
  the query results (no verification step).
* ``datasketch-words (defaults)``: the same with the set of whitespace tokens
  (word unigrams), as in datasketch's own examples.
* ``datasketch (tuned)``: the same peer with its main parameters chosen as a
  user would tune them: shingle size (1, 2, 3 or 5 words), LSH threshold
  (0.1 to 0.9) and ``num_perm`` (128 or 256), the grid's best by ARI of the
  closure on ``--tune-on`` (default: the dev set; when that is the set being
  scored, the output says so: it favours the peer).  storyline runs with its
  library defaults.

Both storyline and the peers are timed from the raw text: storyline's
signatures, the peers' shingling and hashing are inside the clock.

Scores (as in NEWS-COPY, Silcock et al. 2022): pairwise precision, recall and
F1 over predicted duplicate pairs; the same after transitive closure (connected
components); and the adjusted Rand index of the closed clustering (singletons
included; the standard Hubert-Arabie formula, implemented below).  storyline
outputs groups, so its pairs are all pairs inside a group and its two rows
agree.

``--speed FILE`` also times each system on the ``text`` field of any JSON
Lines file (e.g. ``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``,
about 170 words per article) and reports milliseconds per article.

Results: printed as Markdown tables and written to ``benchmarks/out/dedup.json``.
No benchmark-only dependency (datasketch is a storyline dependency).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, read_jsonl, write_results

DEFAULT_DATA = data_path("dedup", "dev")
# Peers at datasketch's defaults: (shingle size, threshold, num_perm).
DEFAULT_PEERS = {
    "datasketch-5gram (defaults)": (5, 0.9, 128),
    "datasketch-words (defaults)": (1, 0.9, 128),
}
TUNED_PEER = "datasketch (tuned)"
TUNE_SHINGLES = (1, 2, 3, 5)
TUNE_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TUNE_NUM_PERM = (128, 256)

Pair = tuple[int, int]


# -- data ------------------------------------------------------------------------


def find_datasets(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = sorted(root.rglob("docs.jsonl")) + sorted(root.rglob("docs.jsonl.gz"))
    if not found:
        raise SystemExit(f"{root}: no docs.jsonl found")
    return found


def load_texts(path: str, limit: int = 0) -> list[str]:
    rows: Iterable[dict[str, Any]] = read_jsonl(Path(path))
    if limit:
        rows = islice(rows, limit)
    return [str(row["text"]) for row in rows]


def load_gold(path: Path) -> list[str]:
    return [str(row["cluster"]) for row in read_jsonl(path)]


# -- systems (run in child processes) ----------------------------------------------


def run_storyline(path: str, limit: int = 0) -> tuple[list[int], float]:
    """Group labels (index of the group's canonical document) and seconds."""
    from storyline.dedup import NearDuplicates
    from storyline.models import Article, CleanArticle, Origin

    texts = load_texts(path, limit)
    articles = []
    for number, text in enumerate(texts):
        article = Article.create(
            raw_id=str(number),
            format="text",
            outlet="benchmark",
            title=str(number),  # distinct ids even for identical texts
            text=text,
            origin=Origin(path, line=number + 1),
        )
        articles.append(CleanArticle(article, text))
    stage = NearDuplicates()
    start = time.perf_counter()
    group_of = [stage.add(article)[0] for article in articles]
    seconds = time.perf_counter() - start
    first: dict[str, int] = {}
    return [first.setdefault(group, number) for number, group in enumerate(group_of)], seconds


def _grams(text: str, n: int) -> set[str]:
    tokens = text.split()
    return {" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}


def _minhashes(texts: Sequence[str], n: int, num_perm: int) -> list[Any]:
    from datasketch import MinHash

    minhashes = []
    for text in texts:
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch([gram.encode("utf-8") for gram in _grams(text, n)])
        minhashes.append(minhash)
    return minhashes


def _lsh_pairs(minhashes: Sequence[Any], threshold: float, num_perm: int) -> list[Pair]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for number, minhash in enumerate(minhashes):
        lsh.insert(number, minhash)
    pairs = {
        (min(number, other), max(number, other))
        for number, minhash in enumerate(minhashes)
        for other in lsh.query(minhash)
        if other != number
    }
    return sorted(pairs)


def run_datasketch(
    path: str, limit: int, n: int, threshold: float, num_perm: int
) -> tuple[list[Pair], float]:
    """MinHashLSH over word ``n``-gram sets; timed from raw text (shingling included)."""
    texts = load_texts(path, limit)
    start = time.perf_counter()
    pairs = _lsh_pairs(_minhashes(texts, n, num_perm), threshold, num_perm)
    return pairs, time.perf_counter() - start


def tune_datasketch(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The grid's best shingle size, threshold and num_perm by ARI of the closure on ``path``."""
    texts = load_texts(str(path))
    gold = load_gold(path)
    grid: list[dict[str, Any]] = []
    for n in TUNE_SHINGLES:
        for num_perm in TUNE_NUM_PERM:
            minhashes = _minhashes(texts, n, num_perm)
            for threshold in TUNE_THRESHOLDS:
                pairs = _lsh_pairs(minhashes, threshold, num_perm)
                labels = components(len(gold), pairs)
                setting = {"shingle": n, "threshold": threshold, "num_perm": num_perm}
                grid.append({**setting, "ARI": round(adjusted_rand_index(gold, labels), 4)})
    best = max(grid, key=lambda row: (row["ARI"], -row["num_perm"]))
    return {key: best[key] for key in ("shingle", "threshold", "num_perm")}, grid


# -- scores --------------------------------------------------------------------------


def _pairs_in(labels: Sequence[object]) -> int:
    return sum(count * (count - 1) // 2 for count in Counter(labels).values())


def adjusted_rand_index(gold: Sequence[object], predicted: Sequence[object]) -> float:
    """ARI (Hubert and Arabie 1985) from the contingency table of two labelings."""
    together = _pairs_in(list(zip(gold, predicted, strict=True)))
    gold_pairs, predicted_pairs = _pairs_in(gold), _pairs_in(predicted)
    all_pairs = len(gold) * (len(gold) - 1) // 2
    expected = gold_pairs * predicted_pairs / all_pairs if all_pairs else 0.0
    best = (gold_pairs + predicted_pairs) / 2
    if best == expected:
        return 1.0
    return (together - expected) / (best - expected)


def components(n: int, pairs: Iterable[Pair]) -> list[int]:
    """Connected-component label (smallest member) of each of ``n`` items."""
    parent = list(range(n))

    def root(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for first, second in pairs:
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(item) for item in range(n)]


def _prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1}


def score_pairs(gold: Sequence[str], pairs: Sequence[Pair]) -> dict[str, float]:
    true_positive = sum(gold[a] == gold[b] for a, b in pairs)
    return _prf(true_positive, len(pairs), _pairs_in(gold))


def score_clustering(gold: Sequence[str], labels: Sequence[int]) -> dict[str, float]:
    true_positive = _pairs_in(list(zip(gold, labels, strict=True)))
    return _prf(true_positive, _pairs_in(labels), _pairs_in(gold))


def evaluate(gold: Sequence[str], system: str, result: Any) -> dict[str, Any]:
    if system == "storyline":
        labels = list(result)
        pairs = score_clustering(gold, labels)
    else:
        labels = components(len(gold), result)
        pairs = score_pairs(gold, result)
    closed = score_clustering(gold, labels)
    return {
        "pairs P": pairs["P"],
        "pairs R": pairs["R"],
        "pairs F1": pairs["F1"],
        "closure P": closed["P"],
        "closure R": closed["R"],
        "closure F1": closed["F1"],
        "ARI": adjusted_rand_index(gold, labels),
        "groups": len(set(labels)),
    }


# -- main ------------------------------------------------------------------------------


Systems = dict[str, tuple[str, tuple[Any, ...]]]  # name -> (function, settings)


def systems_to_run(tuned: dict[str, Any] | None) -> Systems:
    """storyline, the datasketch peer at its defaults and, when tuned, at its tuned settings."""
    systems: Systems = {"storyline": ("run_storyline", ())}
    for name, setting in DEFAULT_PEERS.items():
        systems[name] = ("run_datasketch", setting)
    if tuned is not None:
        setting = (tuned["shingle"], tuned["threshold"], tuned["num_perm"])
        systems[TUNED_PEER] = ("run_datasketch", setting)
    return systems


def quality(dataset: Path, systems: Systems) -> dict[str, Any]:
    gold = load_gold(dataset)
    rows = []
    for system, (function, setting) in systems.items():
        target = f"benchmarks.dedup:{function}"
        m = measure(target, str(dataset), 0, *setting, items=len(gold), system=system)
        row = {"system": system, **evaluate(gold, system, m.result)}
        row.update(_speed_columns(m.items_per_second, m.peak_mb))
        rows.append(row)
    print_table(f"{dataset.parent.name}: {len(gold)} docs, {len(set(gold))} clusters", rows)
    return {
        "path": str(dataset),
        "docs": len(gold),
        "clusters": len(set(gold)),
        "gold pairs": _pairs_in(gold),
        "rows": rows,
    }


def speed(path: Path, limit: int, systems: Systems) -> dict[str, Any]:
    texts = load_texts(str(path), limit)
    words = sum(len(text.split()) for text in texts) / max(1, len(texts))
    rows = []
    for system, (function, setting) in systems.items():
        target = f"benchmarks.dedup:{function}"
        m = measure(target, str(path), limit, *setting, items=len(texts))
        rows.append({"system": system, **_speed_columns(m.items_per_second, m.peak_mb)})
    print_table(f"speed: {path.name}, {len(texts)} articles, {words:.0f} words each", rows)
    return {"path": str(path), "articles": len(texts), "words per article": words, "rows": rows}


def _speed_columns(per_second: float, peak_mb: float) -> dict[str, float]:
    return {
        "docs/s": round(per_second, 1),
        "ms/doc": round(1000.0 / per_second, 3),
        "peak MB": round(peak_mb, 1),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dedup", description=__doc__)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="data folder or file")
    parser.add_argument("--speed", help="JSON Lines file of articles to time (field 'text')")
    parser.add_argument("--limit", type=int, default=0, help="articles of --speed (0: all)")
    parser.add_argument(
        "--tune-on",
        default=None,
        help="docs.jsonl the tuned peer's settings are chosen on (default: the first dev set)",
    )
    args = parser.parse_args(argv)
    datasets = find_datasets(Path(args.data))
    default_dev = find_datasets(DEFAULT_DATA)[0] if DEFAULT_DATA.exists() else None
    tune_path = Path(args.tune_on) if args.tune_on else (default_dev or datasets[0])
    tuned, grid = tune_datasketch(tune_path)
    print(f"datasketch tuned on {tune_path}: {tuned} (ARI of the closure)")
    if any(dataset.resolve() == tune_path.resolve() for dataset in datasets):
        print("note: the tuned peer is scored on the data it was tuned on (favours the peer)")
    systems = systems_to_run(tuned)
    payload: dict[str, Any] = {
        "data": args.data,
        "versions": {name: metadata.version(name) for name in ("datasketch", "numpy")},
        "tuning": {"tuned_on": str(tune_path), "best": tuned, "grid": grid},
        "datasets": [quality(dataset, systems) for dataset in datasets],
    }
    if args.speed:
        payload["speed"] = speed(Path(args.speed), args.limit, systems)
    print(f"\nwrote {write_results('dedup', payload)}")


if __name__ == "__main__":
    main()
