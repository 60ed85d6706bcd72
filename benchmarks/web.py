"""Web and API latency: p50/p95 per endpoint on a store of at least 20,000 articles.

Usage::

    python -m benchmarks.web [--data FILE] [--db PATH] [--requests N] [--target N]

The store is built once and cached (``benchmarks/out/web-store.db``): the
pooled Multi-News file (``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``,
14,286 short articles without titles, dates or outlets) is given, deterministically,
an invented outlet (one of 36), a date (one per gold story, spread over 2024,
a few hours apart within the story), a title (the opening words) and a URL;
then about 42 % of the articles are reprinted by a second outlet two hours
later (exact copy plus a credit line, as wire copy is), until ``--target``
articles (default 20,000) are reached.  The demo corpus is added too.  All of
it goes through the full pipeline (``Pipeline.ingest``); a run that was
interrupted is finished on the next start.

Then a real HTTP server (uvicorn, in a thread, on a free 127.0.0.1 port) is
measured from one keep-alive client, one request at a time: for each endpoint
a bounded loop of ``--requests`` requests (default 300, 10 more as warm-up,
60 s at most) over a fixed sample of stories, articles and search words.
Printed as a Markdown table; written to ``benchmarks/out/web.json``.
Targets: p95 < 50 ms for a story page, < 100 ms for a search.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks.common import OUT_DIR, ROOT, data_path, print_table, read_jsonl, write_results

DEFAULT_DATA = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
DEFAULT_DB = OUT_DIR / "web-store.db"
DEMO = ROOT / "storyline" / "data" / "demo"
TARGETS_MS = {
    "story_page_html": 50.0,
    "story_json": 50.0,
    "search_json": 100.0,
    "search_html": 100.0,
}
REPRINT_SHARE = 42  # percent of articles a second outlet reprints
SEARCH_WORDS = [
    "police",
    "court",
    "president",
    "water",
    "election",
    "fire",
    "school",
    "hospital",
    "climate",
    "market",
    "storm",
    "strike",
    "study",
    "company",
    "government",
    "football",
    "music",
    "prison",
    "border",
    "vaccine",
    "congress",
    "film",
    "bank",
    "airline",
    "city council",
    "supreme court",
    "white house",
    "new study",
    "oil prices",
    "world cup",
]
OUTLETS = [
    f"{place} {kind}"
    for place in ("Northgate", "Harrowfield", "Saltmere", "Pinecrest", "Lowmoor", "Eastbrook")
    for kind in ("Herald", "Courier", "Gazette", "Post", "Daily", "Wire")
]
SPAN = 360  # days over which the stories are spread
# Work-around: compare.timeline raises on "3500 years ago" (a year before 1): such texts are
# left out until it is fixed (a handful of the 14,286).
_FAR_PAST = re.compile(r"\b\d{4,}\s+(?:years?|months?|weeks?|days?)\s+ago\b", re.IGNORECASE)


# -- the corpus -----------------------------------------------------------------------


def _number(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12], 16)


def _slug(name: str) -> str:
    return name.lower().replace(" ", "")


def _article(row: dict[str, Any], outlet: str, published: datetime, suffix: str = "") -> str:
    words = row["text"].split()
    title = " ".join(words[:10]).rstrip(".,;:") + ("…" if len(words) > 10 else "")
    return json.dumps(
        {
            "title": title[:1].upper() + title[1:],
            "text": row["text"] + suffix,
            "outlet": outlet,
            "date": published.isoformat(),
            "url": f"https://{_slug(outlet)}.example/{_number(row['id'], outlet) % 10**9}",
        },
        ensure_ascii=False,
    )


def corpus_lines(data: Path, target: int) -> Iterator[str]:
    """JSON Lines of the benchmark corpus: originals first, then reprints up to ``target``."""
    rows = [row for row in read_jsonl(data) if not _FAR_PAST.search(row["text"])]
    start = datetime(2024, 1, 1, 6, tzinfo=UTC)
    rows = rows[:target]
    when: dict[str, datetime] = {}
    for row in rows:
        story, position = row["id"].rsplit("#", 1)
        base = start + timedelta(days=_number(story) % SPAN)
        when[row["id"]] = base + timedelta(hours=3 * int(position), minutes=_number(row["id"]) % 60)
        yield _article(row, OUTLETS[_number(row["id"]) % len(OUTLETS)], when[row["id"]])
    count = len(rows)
    for row in rows:
        if count >= target:
            return
        if _number("reprint", row["id"]) % 100 >= REPRINT_SHARE:
            continue
        outlet = OUTLETS[(_number(row["id"]) + 7) % len(OUTLETS)]
        credit = f"\n\n(This story first appeared in {OUTLETS[_number(row['id']) % len(OUTLETS)]}.)"
        yield _article(row, outlet, when[row["id"]] + timedelta(hours=2), credit)
        count += 1


def build_store(db: Path, data: Path, target: int) -> dict[str, Any]:
    """Build (or finish building) the cached store; returns what it holds and the build time."""
    from storyline.config import Settings
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    corpus = OUT_DIR / f"web-corpus-{target}.jsonl"
    build_log = db.with_suffix(".build.json")
    with open_store(db) as store:
        counts = store.counts()
        if counts["articles"] >= target and counts["pending"] == 0:
            earlier = json.loads(build_log.read_text()) if build_log.exists() else {}
            return {**earlier, "built_now": False, **counts}
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        if not corpus.exists():
            corpus.write_text(
                "".join(line + "\n" for line in corpus_lines(data, target)), encoding="utf-8"
            )
        started = time.perf_counter()
        report = Pipeline(store, Settings(db=str(db)), progress=_progress).ingest([corpus, DEMO])
        seconds = time.perf_counter() - started
        print(file=sys.stderr)
        built = {"build_seconds": round(seconds, 1), "added": report.added}
        build_log.write_text(json.dumps(built), encoding="utf-8")
        return {**built, "built_now": True, **store.counts()}


def _progress(step: str, done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        print(f"\r{step}: {done}/{total}   ", end="", file=sys.stderr, flush=True)


# -- the server and the client ----------------------------------------------------------


class Server:
    """uvicorn in a background thread on a free loopback port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from storyline.api import create_app

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # accepted connections inherit it; without it each response waits for a delayed ACK
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(db, allowed_hosts=["127.0.0.1"]),
            log_level="warning",
            ws="none",
            access_log=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> bytes:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return body

    def json(self, path: str) -> Any:
        return json.loads(self.get(path))


def sample_paths(client: Client, size: int) -> dict[str, list[str]]:
    """The request paths per endpoint: a fixed mix of big and ordinary stories."""
    biggest = client.json("/api/stories?sort=size&limit=50")["stories"]
    total = client.json("/api/status")["stories"]
    spread = []
    for offset in range(0, total, max(total // 10, 1)):
        spread += client.json(f"/api/stories?limit=10&offset={offset}")["stories"]
    story_ids = list(dict.fromkeys(s["id"] for s in biggest + spread))[:size]
    article_ids: list[str] = []
    for story_id in story_ids[:60]:
        article_ids += [a["id"] for a in client.json(f"/api/stories/{story_id}")["articles"][:3]]
    lists = [
        urlencode({"limit": 20, "offset": offset, "sort": sort})
        for offset in (0, 20, 200, 2000)
        for sort in ("recent", "size", "sources")
    ]
    words = [quote(word) for word in SEARCH_WORDS]
    return {
        "story_list_json": [f"/api/stories?{query}" for query in lists],
        "story_list_html": [f"/?{query}" for query in lists],
        "story_page_html": [f"/stories/{story_id}" for story_id in story_ids],
        "story_json": [f"/api/stories/{story_id}" for story_id in story_ids],
        "search_json": [f"/api/search?q={word}" for word in words],
        "search_html": [f"/?q={word}" for word in words],
        "article_json": [f"/api/articles/{article_id}" for article_id in article_ids],
        "article_html": [f"/articles/{article_id}" for article_id in article_ids],
    }


def time_requests(
    get: Callable[[str], bytes], paths: list[str], count: int, budget: float
) -> list[float]:
    """Milliseconds per request for ``count`` requests cycling through ``paths``."""
    for path in paths[:10]:
        get(path)  # warm-up: first-use caches and SQLite pages
    timings: list[float] = []
    deadline = time.monotonic() + budget
    for number in range(count):
        path = paths[number % len(paths)]
        started = time.perf_counter()
        get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return timings


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0 < share < 1), interpolated between the nearest ranks."""
    cut = round(share * 100)
    return statistics.quantiles(values, n=100, method="inclusive")[cut - 1]


def measure_all(port: int, requests: int, budget: float) -> list[dict[str, Any]]:
    client = Client(port)
    rows = []
    for endpoint, paths in sample_paths(client, 150).items():
        timings = time_requests(client.get, paths, requests, budget)
        target = TARGETS_MS.get(endpoint)
        p95 = percentile(timings, 0.95)
        rows.append(
            {
                "endpoint": endpoint,
                "requests": len(timings),
                "distinct_paths": len(paths),
                "p50_ms": round(percentile(timings, 0.50), 2),
                "p95_ms": round(p95, 2),
                "max_ms": round(max(timings), 2),
                "mean_ms": round(statistics.fmean(timings), 2),
                "target_p95_ms": target,
                "meets_target": None if target is None else p95 < target,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--target", type=int, default=20_000, help="articles in the store")
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per endpoint at most")
    args = parser.parse_args(argv)
    store = build_store(args.db, args.data, args.target)
    print(f"store: {json.dumps(store)}", file=sys.stderr)
    with Server(args.db) as server:
        rows = measure_all(server.port, args.requests, args.budget)
    print_table(
        f"Web/API latency, {store['articles']:,} articles, {store['stories']:,} stories "
        "(one keep-alive client, sequential)",
        rows,
    )
    path = write_results(
        "web",
        {
            "store": {**store, "db_mb": round(os.path.getsize(args.db) / 2**20, 1)},
            "requests_per_endpoint": args.requests,
            "cpu_count": os.cpu_count(),
            "results": rows,
        },
    )
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
