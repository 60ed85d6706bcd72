"""The PostgreSQL store beside the SQLite store on the same articles, in the same run.

Usage::

    python -m benchmarks.store_backends --pg postgresql://user@host/db [--articles 20000]
        [--pages 200] [--input POOL]

Input: the pooled Multi-News dev file
(``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``, 14,286
articles) read in file order and, when more articles are asked for, read again
with new ids (``<id>~r<k>``) and dates moved on by ``k * 120`` days, until
``--articles`` records.  Each gold story gets a synthetic publication day in
a 90-day span (an article a few hours after the day's start), so stories do
not all share one instant; the day is a hash of the story id, used for dates
only (this benchmark measures speed, never quality).

For each backend (one after the other, or both at once with ``--together``, so
that a busy shared machine loads both alike), in a fresh process: the whole
``Pipeline.ingest`` of one JSON Lines file into a new store (a new SQLite file;
a new schema in the given PostgreSQL database, dropped afterwards), timed step
by step (store, then process + summarise).  Then, in another fresh process over that store, story
page latency: ``--pages`` stories of two or more articles (a seeded sample,
the same ids on both backends) are requested through the web app in process
(``TestClient``): the HTML page ``/stories/ID`` and the API's
``/api/stories/ID``, after 10 warm-up requests; p50 and p95 in milliseconds.
Both backends build identical stores (the e2e tests check it on the demo),
which the run confirms by comparing their counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, read_jsonl, write_results

POOL = ("story-clustering", "multinews-dev-pooled.jsonl.gz")
_START = datetime(2024, 1, 1, tzinfo=UTC)


def synthetic_date(story: str, article_id: str, repeat: int) -> str:
    """A publication time: the story's day in a 90-day span, a few hours in, moved on by
    120 days per repeat of the pool."""
    day = int(hashlib.sha1(story.encode()).hexdigest()[:8], 16) % 90
    hour = int(hashlib.sha1(article_id.encode()).hexdigest()[:4], 16) % 12
    moment = _START + timedelta(days=day + 120 * repeat, hours=hour)
    return moment.isoformat()


def records(docs: list[Mapping[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    """``count`` ingest records from the pool, repeating it with new ids and dates."""
    if count < 1 or not docs:
        raise ValueError(f"need a pool and count >= 1, got {len(docs)} docs, count {count}")
    made = 0
    repeat = 0
    while made < count:
        for doc in docs:
            if made >= count:
                return
            article_id = doc["id"] if repeat == 0 else f"{doc['id']}~r{repeat}"
            record = {
                "id": article_id,
                "title": doc.get("title") or "",
                "text": doc.get("text") or "",
                "outlet": doc.get("source") or f"outlet-{made % 40}",
                "date": synthetic_date(doc["cluster"], article_id, repeat),
            }
            yield record
            made += 1
        repeat += 1


def ingest(location: str, input_path: str) -> tuple[dict[str, Any], float]:
    """Child: the whole ingest into a new store, timed per step (read + store, process,
    summarise: the first progress report of a step ends the one before)."""
    from storyline.config import load_settings
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    first: dict[str, float] = {}

    def progress(step: str, done: int, total: int) -> None:
        first.setdefault(step, time.perf_counter())

    cpu = os.times()
    start = time.perf_counter()
    with open_store(location) as store:
        report = Pipeline(store, load_settings(db=location), progress=progress).ingest(
            [Path(input_path)]
        )
        end = time.perf_counter()
        counts = store.counts()
    used = os.times()
    processing = first.get("process", end)
    summarising = first.get("summarize", end)
    steps = {
        "store_s": round(processing - start, 2),
        "process_s": round(summarising - processing, 2),
        "summarize_s": round(end - summarising, 2),
    }
    return {
        "seconds": round(end - start, 2),
        "cpu_seconds": round(used.user + used.system - cpu.user - cpu.system, 2),
        "counts": counts,
        "added": report.added,
        **steps,
    }, end - start


def pages(location: str, sample: int, seed: int) -> tuple[dict[str, Any], float]:
    """Child: story page and API story latency over a seeded sample of stories."""
    from fastapi.testclient import TestClient

    from storyline.api import create_app
    from storyline.store import open_store

    with open_store(location, create=False) as store:
        ids = sorted(s["id"] for s in store.list_stories(limit=-1) if s["size"] >= 2)
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
    timings: dict[str, list[float]] = {"page": [], "api": []}
    start = time.perf_counter()
    with TestClient(create_app(location)) as client:
        for story_id in chosen[:10]:  # warm-up: connections, templates, caches
            client.get(f"/stories/{story_id}")
            client.get(f"/api/stories/{story_id}")
        for story_id in chosen:
            urls = (("page", f"/stories/{story_id}"), ("api", f"/api/stories/{story_id}"))
            for kind, url in urls:
                began = time.perf_counter()
                response = client.get(url)
                timings[kind].append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
    result = {"stories": len(chosen)}
    for kind, values in timings.items():
        ordered = sorted(values)
        result[f"{kind}_p50_ms"] = round(statistics.median(ordered), 2)
        result[f"{kind}_p95_ms"] = round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 2)
    return result, time.perf_counter() - start


def _schema(server: str, *, drop: str | None = None) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        if drop:
            connection.execute(f"DROP SCHEMA IF EXISTS {drop} CASCADE")
            return drop
        name = f"storyline_bench_{uuid.uuid4().hex[:10]}"
        connection.execute(f"CREATE SCHEMA {name}")
        return name


def _backend_row(
    backend: str, location: str, input_path: str, args: argparse.Namespace
) -> dict[str, Any]:
    """Build one backend's store in a fresh process, then time its pages in another."""
    built = measure(
        "benchmarks.store_backends:ingest",
        location,
        input_path,
        items=args.articles,
        system=backend,
    )
    latency = measure(
        "benchmarks.store_backends:pages",
        location,
        args.pages,
        args.seed,
        items=args.pages,
        system=backend,
    )
    info = built.result
    return {
        "backend": backend,
        "articles": info["counts"]["articles"],
        "stories": info["counts"]["stories"],
        "ingest_s": info["seconds"],
        "ingest_cpu_s": info["cpu_seconds"],
        "articles_per_s": round(info["counts"]["articles"] / info["seconds"], 1),
        "store_step_s": info["store_s"],
        "stored_per_s": round(info["added"] / max(info["store_s"], 1e-9), 1),
        "process_s": info["process_s"],
        "summarize_s": info["summarize_s"],
        "peak_mb": round(built.peak_mb, 1),
        **{k: v for k, v in latency.result.items() if k != "stories"},
        "pages": latency.result["stories"],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    docs = list(read_jsonl(Path(args.input)))
    with tempfile.TemporaryDirectory() as tmp:
        input_path = Path(tmp) / "articles.jsonl"
        with input_path.open("w", encoding="utf-8") as out:
            for record in records(docs, args.articles):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        schema = _schema(args.pg)
        separator = "&" if "?" in args.pg else "?"
        locations = {
            "sqlite": str(Path(tmp) / "store.db"),
            "postgres": f"{args.pg}{separator}options=-csearch_path%3D{schema}",
        }
        try:
            if args.together:  # both at once: the same load on a shared machine
                with ThreadPoolExecutor(len(args.backends)) as pool:
                    jobs = [
                        pool.submit(_backend_row, b, locations[b], str(input_path), args)
                        for b in args.backends
                    ]
                    rows = [job.result() for job in jobs]
            else:
                rows = [_backend_row(b, locations[b], str(input_path), args) for b in args.backends]
        finally:
            _schema(args.pg, drop=schema)
    same = len({(r["articles"], r["stories"]) for r in rows}) == 1
    return {"input": str(args.input), "articles": args.articles, "rows": rows, "same": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", required=True, help="a PostgreSQL database URL to use")
    parser.add_argument("--input", default=str(data_path(*POOL)), help="the pooled JSONL")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--backends",
        nargs="+",
        choices=["sqlite", "postgres"],
        default=["sqlite", "postgres"],
        help="run only these (the JSON of a single one is named after it)",
    )
    parser.add_argument(
        "--together",
        action="store_true",
        help="run the backends at the same time (one process each), not one after the other",
    )
    args = parser.parse_args()
    result = run(args)
    print_table(f"Store backends, {args.articles} articles", result["rows"])
    print(f"\nidentical article and story counts on both backends: {result['same']}")
    name = "store_backends" + ("" if len(args.backends) == 2 else "-" + args.backends[0])
    print(f"written: {write_results(name, result)}")


if __name__ == "__main__":
    main()
