"""A bounded load test of `storyline serve` on 127.0.0.1: concurrent readers while ingests write.

    python -m benchmarks.load [POOLED_FILE] [--base 2000] [--extra 1000]
        [--readers 8] [--requests 150] [--posts 10] [--seconds 120]

A store is built from the first ``--base`` articles of the pooled Multi-News
dev file (invented dates and outlets) and served by a real ``storyline serve``
process.  Two phases, each bounded in requests and in time:

* ``readers only`` (the peer): ``--readers`` threads each send ``--requests``
  keep-alive GETs over a mix of pages and API calls;
* ``readers + writers``: the same readers while a ``storyline ingest`` process
  adds the next ``--extra`` articles to the same store and ``--posts`` POSTs of
  10 articles each (one with a 400 KB article) go to ``/api/articles``.

Reported per phase: requests/s, p50/p95/p99 latency, errors (any status other
than 200, or a failed connection) — which must be 0 — and the writers' results.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, print_table, read_jsonl, write_results

DEFAULT_PATH = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
_START = datetime(2024, 1, 1, tzinfo=UTC)


def write_jsonl(rows: list[dict[str, Any]], target: Path, first: int) -> None:
    with target.open("w", encoding="utf-8") as out:
        for offset, row in enumerate(rows):
            number = first + offset
            out.write(json.dumps(_record(row, number), ensure_ascii=False) + "\n")


def _record(row: dict[str, Any], number: int) -> dict[str, Any]:
    return {
        "title": row.get("title") or f"Report {number}",
        "text": row["text"],
        "outlet": f"outlet {number % 11}",
        "date": (_START + timedelta(hours=number)).isoformat(),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/status")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


class Reader(threading.Thread):
    """Sends a fixed number of GETs (bounded by a deadline) and records latencies."""

    def __init__(self, port: int, paths: list[str], count: int, deadline: float) -> None:
        super().__init__(daemon=True)
        self.port, self.paths, self.count, self.deadline = port, paths, count, deadline
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        for number in range(self.count):
            if time.monotonic() > self.deadline:
                break
            path = self.paths[(number * 7 + self.ident % 13) % len(self.paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{path}: HTTP {response.status}")
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{path}: {type(error).__name__}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.latencies.append(time.perf_counter() - started)
        connection.close()


def reader_paths(port: int) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/stories?limit=50")
    stories = json.loads(connection.getresponse().read())["stories"]
    connection.close()
    paths = ["/", "/api/stories?limit=20", "/api/status", "/api/search?q=police", "/api/rejections"]
    for story in stories[:20]:
        paths += [f"/api/stories/{story['id']}", f"/stories/{story['id']}"]
    return paths


def run_readers(port: int, args: argparse.Namespace, paths: list[str]) -> dict[str, Any]:
    deadline = time.monotonic() + args.seconds
    readers = [Reader(port, paths, args.requests, deadline) for _ in range(args.readers)]
    started = time.perf_counter()
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for reader in readers for x in reader.latencies)
    errors = [error for reader in readers for error in reader.errors]
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "latencies": latencies,
        "errors": errors,
    }


def post_articles(
    port: int, rows: list[dict[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    """``--posts`` POSTs of 10 articles each; the first carries a 400 KB article."""
    times: list[float] = []
    failures: list[str] = []
    for post in range(args.posts):
        batch = [
            _record(row, 100_000 + post * 10 + n) for n, row in enumerate(rows[post * 10 :][:10])
        ]
        if post == 0 and batch:
            batch[0]["text"] = "\n\n".join(
                [batch[0]["text"]] * (400_000 // max(len(batch[0]["text"]), 1) + 1)
            )
        body = json.dumps(batch).encode()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        started = time.perf_counter()
        connection.request("POST", "/api/articles", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        if response.status != 200:
            failures.append(f"HTTP {response.status}")
        connection.close()
    return {"posts": len(times), "max_seconds": max(times, default=0.0), "failures": failures}


def _row(phase: str, result: dict[str, Any]) -> dict[str, Any]:
    latencies = result["latencies"]

    def pct(q: float) -> float:
        return (
            1000 * latencies[min(int(q * len(latencies)), len(latencies) - 1)] if latencies else 0.0
        )

    return {
        "phase": phase,
        "requests": result["requests"],
        "requests/s": round(result["requests"] / result["seconds"], 1) if result["seconds"] else 0,
        "p50 ms": round(pct(0.50), 1),
        "p95 ms": round(pct(0.95), 1),
        "p99 ms": round(pct(0.99), 1),
        "mean ms": round(1000 * statistics.fmean(latencies), 1) if latencies else 0,
        "errors": len(result["errors"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--extra", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    rows_in: list[dict[str, Any]] = []
    for row in read_jsonl(Path(args.path)):
        rows_in.append(row)
        if len(rows_in) >= args.base + args.extra + 10 * args.posts:
            break
    cli = [sys.executable, "-m", "storyline.cli"]
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as scratch:
        folder = Path(scratch)
        db = folder / "load.db"
        write_jsonl(rows_in[: args.base], folder / "base.jsonl", 0)
        write_jsonl(rows_in[args.base : args.base + args.extra], folder / "extra.jsonl", args.base)
        subprocess.run(
            [*cli, "ingest", str(folder / "base.jsonl"), "--db", str(db), "-q"],
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [*cli, "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port, time.monotonic() + 60)
            paths = reader_paths(port)
            quiet = run_readers(port, args, paths)
            writer = subprocess.Popen(
                [*cli, "ingest", str(folder / "extra.jsonl"), "--db", str(db), "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            posted: dict[str, Any] = {}
            poster = threading.Thread(
                target=lambda: posted.update(
                    post_articles(port, rows_in[args.base + args.extra :], args)
                ),
                daemon=True,
            )
            poster.start()
            busy = run_readers(port, args, paths)
            poster.join(timeout=args.seconds * 3)
            _, writer_err = writer.communicate(timeout=args.seconds * 5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    rows = [_row("readers only (peer)", quiet), _row("readers + ingest + POSTs", busy)]
    title = f"`storyline serve` on 127.0.0.1: {args.readers} readers x {args.requests} GETs"
    print_table(title, rows)
    print(
        f"\nwriter: `storyline ingest` of {args.extra} articles exit {writer.returncode}"
        f"{' (' + writer_err.decode().strip()[:200] + ')' if writer.returncode else ''}; "
        f"{posted.get('posts', 0)} POSTs, slowest {posted.get('max_seconds', 0):.1f} s, "
        f"failures {posted.get('failures')}"
    )
    errors = quiet["errors"] + busy["errors"]
    for error in errors[:10]:
        print("error:", error)
    write_results(
        "load",
        {
            "phases": rows,
            "writer_exit": writer.returncode,
            "posts": posted,
            "errors": errors[:50],
        },
    )
    failed = errors or writer.returncode or posted.get("failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
