"""Attribution: are storyline's citations and coverage ticks right, on real clusters?

Usage::

    python -m benchmarks.attribution [--neus N] [--multinews N] [--peer-root DIR]
                                     [--peer-ref REF] [--unlabelled] [--all-ticks]
                                     [--ids FILE] [--fresh FILE ...] [--draw N --seed S]
                                     [--cost] [--cost-limit N]

Stories are built from ``../shared/data/mds/neus-dev.jsonl.gz`` (three real
outlets per story, original case) and ``multinews-dev.jsonl.gz`` (each cluster
on its own, outlets named ``outlet-1``, ``outlet-2``, ...).  Each article is
cleaned with storyline's Cleaner and is its own source; every cluster is
summarised (default Summarizer) and compared (``compare_story``).

Two systems run on the same clusters, each in its own process:

* ``storyline``: this checkout;
* ``peer``: the attribution this work replaces: git ``main`` as it was just
  before the rule was merged (``PEER_REF``; ``--peer-root`` names another
  checkout, ``--peer-ref`` another commit), checked out in a temporary
  ``git worktree`` made for the run and removed after it.

Reported per system:

(a) citation precision over the labelled (summary sentence, cited span)
    pairs: strict (SUPPORTS), lenient (SUPPORTS or PARTIAL) and the NO rate,
    self-citations left out;
(b) tick precision over labelled (fact, outlet span) pairs (RIGHT; lenient
    counts PARTIAL);
(c) automatic consistency violations over ALL clusters: citations whose
    quoted words are missing from the cited span, whose figures conflict
    with the span's figures of the same kind, or whose named people do not
    occur in the cited article;
(d) missed citations on the labelled recall sample: summary sentences that
    leave out an article labelled as clearly stating the same fact.

Labels (``benchmarks/labels/attribution-*.jsonl``) follow the rule in
``../shared/data/attribution/README.md`` and hold only cluster ids, article
indices and sha1 hashes of normalised texts (NFKC, straight quotes, lower
case, collapsed white space), never the texts.  ``--unlabelled`` prints the
pairs either system produces that have no label yet, with hashes and text, to
stdout (nothing is saved), so new pairs can be labelled as the code changes.
The comparison (for ticks) runs only on clusters that have tick labels unless
``--all-ticks`` is given; citations and the automatic checks cover every cluster.

Held-out checks: ``--draw N --seed S`` prints N cluster ids drawn at random among
the clusters where either system cites another article and no citation has a label
yet (label them before changing any rule); ``--ids FILE`` runs only the clusters
listed in FILE; the precision on the clusters of each ``--fresh FILE`` (by default
the seed-19 to seed-41 samples, ``labels/attribution-fresh-seed*.txt``) is reported
apart, under ``fresh_samples`` by file name (``fresh_sample``: the first one).
Why a labelled missed citation is missed: ``python -m benchmarks.attribution_misses``.

``--cost`` also times ``storyline ingest`` of the whole pooled Multi-News dev
file (``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``,
rewritten as JSON Lines with ``title``, ``text`` and ``date``) with both
checkouts, back to back, each into a fresh store.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
LABELS = ROOT / "benchmarks" / "labels"
OUT = ROOT / "benchmarks" / "out"
NEUS = SHARED / "mds" / "neus-dev.jsonl.gz"
MULTINEWS = SHARED / "mds" / "multinews-dev.jsonl.gz"
POOLED = SHARED / "story-clustering" / "multinews-dev-pooled.jsonl.gz"
# git main just before the attribution rule was merged: the behaviour it replaces
PEER_REF = "43185cb11d1f72a3c660e79afb74c7e211e55f10"
CITATION_LABELS = ("SUPPORTS", "PARTIAL", "NO", "SELF")
TICK_LABELS = ("RIGHT", "PARTIAL", "WRONG")
# The clusters drawn at random (seeds 19 to 32) among those whose citations had no label,
# each before the rules of a round were written (22: after the sixth round's; 23: before the
# seventh's; 24: after them; 25: after the eighth's; 26: before the ninth's; 27 to 29: after
# them; 30 and 31: the tenth round's; 32: after the eleventh round's decision): reported
# apart, as held-out checks.
FRESH_SAMPLES = (
    "attribution-fresh-seed19.txt",
    "attribution-fresh-seed20.txt",
    "attribution-fresh-seed21.txt",
    "attribution-fresh-seed22.txt",
    "attribution-fresh-seed23.txt",
    "attribution-fresh-seed24.txt",
    "attribution-fresh-seed25.txt",
    "attribution-fresh-seed26.txt",
    "attribution-fresh-seed27.txt",
    "attribution-fresh-seed28.txt",
    "attribution-fresh-seed29.txt",
    "attribution-fresh-seed30.txt",
    "attribution-fresh-seed31.txt",
    "attribution-fresh-seed32.txt",
    "attribution-fresh-seed33.txt",
    "attribution-fresh-seed34.txt",
    "attribution-fresh-seed35.txt",
    "attribution-fresh-seed36.txt",
    "attribution-fresh-seed37.txt",
    "attribution-fresh-seed38.txt",
    "attribution-fresh-seed39.txt",
    "attribution-fresh-seed40.txt",
    "attribution-fresh-seed41.txt",
)
_ABBREVIATION = 3  # letters
_CALENDAR_WORDS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
_CALENDAR = frozenset(_CALENDAR_WORDS.split())
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalized(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).lower()
    return _SPACES.sub(" ", folded).strip()


def text_hash(text: str) -> str:
    return hashlib.sha1(normalized(text).encode("utf-8")).hexdigest()


# -- data ---------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_clusters(
    neus: int, multinews: int, only: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """The clusters to run: the first ``neus`` and ``multinews`` ones (0 = all), or, with
    ``only``, those of them whose ids it holds."""
    chosen: list[dict[str, Any]] = []
    for path, limit in ((NEUS, neus), (MULTINEWS, multinews)):
        if limit < 0:
            continue
        for number, cluster in enumerate(read_jsonl(path)):
            if limit and number >= limit:
                break
            if only is None or cluster["id"] in only:
                chosen.append(cluster)
    return chosen


def read_ids(path: Path) -> frozenset[str]:
    """Cluster ids, one a line (``#`` starts a comment)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def draw_fresh(
    results: list[dict[str, Any]], labelled: set[str], count: int, seed: int
) -> list[str]:
    """``count`` clusters drawn at random (``seed``) among those where some system cites
    another article and no citation of the cluster has a label yet: a held-out sample."""
    import random

    candidates = sorted(
        {
            pair["cluster"]
            for result in results
            for pair in citation_pairs(result)
            if pair["cluster"] not in labelled
        }
    )
    return sorted(random.Random(seed).sample(candidates, min(count, len(candidates))))


def restricted(result: dict[str, Any], ids: frozenset[str]) -> dict[str, Any]:
    """``result`` with only the clusters in ``ids``."""
    return {**result, "clusters": [c for c in result["clusters"] if c["id"] in ids]}


# -- one system, in its own process ---------------------------------------------


def run_system(root: Path, clusters_file: Path, out_file: Path) -> float:
    """Run the storyline found at ``root`` over the clusters; write what it cites."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from benchmarks_attribution_child import main; main(sys.argv[2], sys.argv[3])"
    )
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{ROOT / 'benchmarks' / 'child'}"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, str(root), str(clusters_file), str(out_file)],
        check=True,
        env=env,
        cwd=root,
    )
    return time.perf_counter() - start


# -- scoring ----------------------------------------------------------------------


def load_labels(name: str) -> dict[tuple[Any, ...], str]:
    path = LABELS / f"attribution-{name}.jsonl"
    labels: dict[tuple[Any, ...], str] = {}
    if not path.exists():
        return labels
    for row in read_jsonl(path):
        labels[pair_key(row)] = row["label"]
    return labels


def pair_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["cluster"], row["claim_article"], row["claim"], row["article"], row["span"])


def citation_pairs(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for cluster in result["clusters"]:
        for sentence in cluster["summary"]:
            for cited in sentence["citations"]:
                if cited["article"] == sentence["article"]:
                    continue
                yield _pair(cluster, sentence, cited)


def tick_pairs(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for cluster in result["clusters"]:
        for fact in cluster["facts"]:
            head = fact["spans"][fact["head"]]
            for index, span in enumerate(fact["spans"]):
                if index != fact["head"] and span["article"] != head["article"]:
                    yield _pair(cluster, {"text": fact["text"], "article": head["article"]}, span)


def _pair(cluster: dict[str, Any], claim: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    return {
        "cluster": cluster["id"],
        "claim_article": claim["article"],
        "claim": text_hash(claim["text"]),
        "article": span["article"],
        "span": text_hash(span["text"]),
        "claim_text": claim["text"],
        "span_text": span["text"],
        "context": span.get("context", ""),
    }


def precision(pairs: list[dict[str, Any]], labels: dict[tuple[Any, ...], str]) -> dict[str, Any]:
    counts = Counter(labels.get(pair_key(pair), "unlabelled") for pair in pairs)
    right = counts["SUPPORTS"] + counts["RIGHT"]
    partial = counts["PARTIAL"]
    wrong = counts["NO"] + counts["WRONG"]
    judged = right + partial + wrong
    return {
        "pairs": len(pairs),
        "labelled": judged + counts["SELF"],
        "self": counts["SELF"],
        "right": right,
        "partial": partial,
        "wrong": wrong,
        "strict": round(right / judged, 4) if judged else None,
        "lenient": round((right + partial) / judged, 4) if judged else None,
        "no_rate": round(wrong / judged, 4) if judged else None,
        "unlabelled": counts["unlabelled"],
    }


def violations(result: dict[str, Any]) -> dict[str, int]:
    """(c): automatic checks on every citation, by simple independent means."""
    from storyline.attribution import normalized_words, quote_printed
    from storyline.compare.figures import extract_figures
    from storyline.compare.quote_marks import quoted_spans
    from storyline.text import names

    found: Counter[str] = Counter()
    for cluster in result["clusters"]:
        texts = cluster["texts"]
        for sentence in cluster["summary"]:
            claim = sentence["text"]
            quotes = [claim[a:b] for a, b in quoted_spans(claim)]
            figures = extract_figures(claim)
            people = [
                _last_name_word(name)
                for name in names(claim)
                if (" " in name or name.isalpha()) and name.lower() not in _CALENDAR
            ]
            # a lone abbreviation (CNN, UN) is written too many ways to check by its letters
            people = [word for word in people if len(word) > _ABBREVIATION]
            for cited in sentence["citations"]:
                if cited["article"] == sentence["article"]:
                    continue
                found["citations"] += 1
                span = cited["text"]
                if any(not quote_printed(quote, span) for quote in quotes if quote.strip()):
                    found["quoted_words_missing"] += 1
                if _figures_conflict(figures, extract_figures(span)):
                    found["figures_conflict"] += 1
                article_words = set(normalized_words(texts[cited["article"]]).split())
                if any(not _name_occurs(word, article_words) for word in people):
                    found["names_missing"] += 1
    found["total"] = (
        found["quoted_words_missing"] + found["figures_conflict"] + found["names_missing"]
    )
    return dict(found)


def _last_name_word(name: str) -> str:
    """The last word of a name, lower case, without a possessive ("Trump’s" -> "trump")."""
    last = name.split()[-1].lower()
    for suffix in ("'s", "’s"):
        last = last.removesuffix(suffix)
    return "".join(_WORD.findall(last))


def _name_occurs(word: str, article_words: set[str]) -> bool:
    """The word, or its plural or singular ("Republicans" / "Republican")."""
    return bool({word, word + "s", word.removesuffix("s")} & article_words)


def _figures_conflict(claimed: list[Any], spanned: list[Any]) -> bool:
    """A claimed figure whose span has figures of the same kind and unit but none (of
    that unit or of no unit) that overlaps it: "60 killed" cited to "65 killed"."""
    for figure in claimed:
        kind, unit = figure.kind, figure.unit
        same = [other for other in spanned if (other.kind, other.unit) == (kind, unit)]
        # a figure without a unit ("41 are in latin america") may be any count of the span
        comparable = [o for o in spanned if o.kind == kind and (not unit or o.unit in (unit, ""))]
        if same and not any(_overlap(figure, other) for other in comparable):
            return True
    return False


def _overlap(first: Any, second: Any) -> bool:
    inf = float("inf")
    a_low = -inf if first.low is None else first.low
    a_high = inf if first.high is None else first.high
    b_low = -inf if second.low is None else second.low
    b_high = inf if second.high is None else second.high
    slack = 0.1 * max(abs(a_low) if a_low != -inf else 0, abs(b_low) if b_low != -inf else 0)
    if not (first.approx or second.approx):
        slack = 0.0
    return a_low - slack <= b_high and b_low - slack <= a_high


def missed(result: dict[str, Any], recall: dict[tuple[str, str], list[int]]) -> dict[str, Any]:
    """(d): labelled summary sentences that leave out an article stating the same fact."""
    labelled_clusters = {cluster for cluster, _ in recall}
    counts: Counter[str] = Counter()
    for cluster in result["clusters"]:
        if cluster["id"] not in labelled_clusters:
            continue
        for sentence in cluster["summary"]:
            key = (cluster["id"], text_hash(sentence["text"]))
            if key not in recall:
                counts["unlabelled"] += 1
                continue
            counts["sentences"] += 1
            cited = {c["article"] for c in sentence["citations"]}
            left_out = set(recall[key]) - cited
            counts["stating_pairs"] += len(recall[key])
            counts["missing_pairs"] += len(left_out)
            counts["missing"] += bool(left_out)
    return {
        name: counts[name]
        for name in ("sentences", "missing", "stating_pairs", "missing_pairs", "unlabelled")
    }


def load_recall() -> dict[tuple[str, str], list[int]]:
    path = LABELS / "attribution-recall.jsonl"
    if not path.exists():
        return {}
    return {(row["cluster"], row["claim"]): row["stating"] for row in read_jsonl(path)}


# -- cost ---------------------------------------------------------------------------


def ingest_cost(roots: dict[str, Path], limit: int) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds of `storyline ingest` of the pooled file, per checkout, back to
    back (CPU time is the fairer figure on a shared machine)."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "pooled.jsonl"
        with data.open("w", encoding="utf-8") as handle:
            for number, row in enumerate(read_jsonl(POOLED)):
                if limit and number >= limit:
                    break
                record = {"title": row.get("title") or "", "text": row["text"]}
                if row.get("date"):
                    record["date"] = row["date"]
                handle.write(json.dumps(record) + "\n")
        seconds: dict[str, dict[str, float]] = {}
        for name, root in roots.items():
            store = Path(folder) / f"{name}.db"
            code = "import sys; from storyline.cli import main; sys.exit(main())"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", code, "ingest", str(data), "--db", str(store), "-q"],
                check=True,
                env={**os.environ, "PYTHONPATH": str(root)},
                cwd=root,
                stdout=subprocess.DEVNULL,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            seconds[name] = {
                "wall": round(time.perf_counter() - start, 1),
                "cpu": round(cpu, 1),
            }
        return seconds


# -- main ---------------------------------------------------------------------------


def _peer_root(args: argparse.Namespace, stack: list[Path]) -> Path:
    if args.peer_root:
        return Path(args.peer_root).resolve()
    folder = Path(tempfile.mkdtemp(prefix="storyline-peer-")) / "main"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), args.peer_ref],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.append(folder)
    return folder


def _print_unlabelled(
    system: str, name: str, pairs: list[dict[str, Any]], labels: dict[Any, str]
) -> None:
    seen = set()
    for pair in pairs:
        key = pair_key(pair)
        if key in labels or key in seen:
            continue
        seen.add(key)
        print(json.dumps({"system": system, "kind": name, **pair}, ensure_ascii=False))


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neus", type=int, default=0, help="NeuS clusters (0 = all, -1 = none)")
    parser.add_argument("--multinews", type=int, default=0, help="Multi-News clusters (0 = all)")
    parser.add_argument("--peer-root", help="a checkout of the peer (default: temporary worktree)")
    parser.add_argument(
        "--peer-ref",
        default=PEER_REF,
        help="git ref of the peer checkout (default: main before the attribution rule was merged)",
    )
    parser.add_argument("--unlabelled", action="store_true", help="print unlabelled pairs")
    parser.add_argument(
        "--all-ticks", action="store_true", help="compare every cluster, not only labelled ones"
    )
    parser.add_argument("--ids", type=Path, help="run only the clusters listed in this file")
    parser.add_argument(
        "--fresh",
        type=Path,
        nargs="+",
        default=[LABELS / name for name in FRESH_SAMPLES],
        help="also report precision on the clusters listed in each file, apart (held-out samples)",
    )
    parser.add_argument(
        "--draw", type=int, default=0, help="print N cluster ids drawn among unlabelled ones"
    )
    parser.add_argument("--seed", type=int, default=19, help="seed of --draw")
    parser.add_argument("--cost", action="store_true", help="time the pooled ingest too")
    parser.add_argument("--cost-limit", type=int, default=0, help="pooled articles (0 = all)")
    return parser.parse_args(argv)


def _score(
    result: dict[str, Any],
    labels: dict[str, dict[Any, str]],
    fresh: dict[str, frozenset[str]],
    recall: Any,
) -> dict[str, Any]:
    """One system's figures: over all labelled pairs, and on each fresh sample apart."""
    scored = {
        "citations": precision(list(citation_pairs(result)), labels["citations"]),
        "ticks": precision(list(tick_pairs(result)), labels["ticks"]),
        "violations": violations(result),
        "missed": missed(result, recall),
    }
    samples = {}
    for name, ids in fresh.items():
        sample = restricted(result, ids)
        samples[name] = {
            "clusters": len(sample["clusters"]),
            "citations": precision(list(citation_pairs(sample)), labels["citations"]),
            "ticks": precision(list(tick_pairs(sample)), labels["ticks"]),
        }
    if samples:
        scored["fresh_sample"] = next(iter(samples.values()))
        scored["fresh_samples"] = samples
    return scored


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    clusters = load_clusters(args.neus, args.multinews, read_ids(args.ids) if args.ids else None)
    fresh = {path.name: read_ids(path) for path in args.fresh if path.exists()}
    labelled = {key[0] for key in load_labels("ticks")}
    # per-run names: two runs at once must not read each other's files
    clusters_file = OUT / f"attribution-clusters-{os.getpid()}.jsonl"
    with clusters_file.open("w", encoding="utf-8") as handle:
        for cluster in clusters:
            # ticks are only scored where labels exist; elsewhere citations suffice
            compare = args.all_ticks or cluster["id"] in labelled
            handle.write(json.dumps({**cluster, "_compare": compare}) + "\n")
    made: list[Path] = []
    try:
        roots = {"storyline": ROOT, "peer": _peer_root(args, made)}
        report: dict[str, Any] = {"clusters": len(clusters), "systems": {}}
        citations = load_labels("citations")
        ticks = load_labels("ticks")
        recall = load_recall()
        results = []
        for name, root in roots.items():
            out_file = OUT / f"attribution-{name}-{os.getpid()}.json"
            seconds = run_system(root, clusters_file, out_file)
            result = json.loads(out_file.read_text(encoding="utf-8"))
            results.append(result)
            out_file.replace(OUT / f"attribution-{name}.json")
            labels = {"citations": citations, "ticks": ticks}
            scored = _score(result, labels, fresh, recall)
            report["systems"][name] = {"seconds": round(seconds, 1), **scored}
            if args.unlabelled:
                _print_unlabelled(name, "citation", list(citation_pairs(result)), citations)
                _print_unlabelled(name, "tick", list(tick_pairs(result)), ticks)
        if args.draw:
            labelled_clusters = {key[0] for key in citations}
            for cluster_id in draw_fresh(results, labelled_clusters, args.draw, args.seed):
                print(cluster_id)
        if args.cost:
            report["ingest_seconds"] = ingest_cost(roots, args.cost_limit)
    finally:
        clusters_file.unlink(missing_ok=True)
        for folder in made:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False
            )
            folder.parent.rmdir()  # the temporary directory that held it
    (OUT / "attribution.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    quiet = args.unlabelled or args.draw
    print(json.dumps(report, indent=2), file=sys.stderr if quiet else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
