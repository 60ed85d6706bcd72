"""Store size against a baseline revision, with a check that the results are identical.

Usage::

    python -m benchmarks.store_size --baseline REV [--limit N] [--work DIR] [--halves]

The pooled Multi-News dev file
(``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``) is written
as JSON Lines (``id``, ``title``, ``text``, outlet ``"pool"``; 15,153,007
bytes for the whole file).  The baseline's ``storyline`` package is exported
with ``git archive REV storyline``; each system runs ``storyline ingest FILE
--db STORE -q`` in a fresh process into a new store (skipped when ``--work``
already holds that system's finished store: ``baseline.db``, ``current.db``,
or ``*-halves.db``);
with ``--halves`` each system ingests the first half of the lines, then the
second half in a second run, which continues from the state the first saved
(the clusterer's and thread tracker's resumed decisions are then compared).
The size is the store file and its side files as the ingest leaves them (no
VACUUM but the one an ingest may run itself, ``SQLiteStore.compact``), beside
the input's size; SQLite's ``dbstat`` gives each table's
share.  Each system then reads its own store through its own code and
digests, per kind, every result a user can see or the next run continues
from: story memberships, story headers, duplicate groups, summaries and
comparisons (as ``story()`` returns them), the clusterer's and the thread
tracker's saved state, cleaned texts with their removals, the raw bytes of
every article, and search hits for a fixed set of words.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, print_table, write_results
from benchmarks.ingest_cost import export_baseline, store_bytes

# Words searched in both stores (common news words; hits compared in full).
SEARCHES = ("police", "election", "court ruling", "storm", "company shares", "said")

# Run by each system's own code: a digest per kind of result.
_DIGEST = """
import hashlib, json, sys
from storyline.store import open_store

def digest(value):
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()

store = open_store(sys.argv[1], create=False)
ids = [row[0] for row in store._db.execute("SELECT id FROM articles ORDER BY id")]
stories = store.list_stories(limit=10**9, sort="size")
shown = {s["id"]: store.story(s["id"]) for s in stories}
result = {
    "articles": len(ids),
    "stories": len(stories),
    "memberships": digest({s["id"]: store.story_members(s["id"]) for s in stories}),
    "headers": digest(stories),
    "duplicate groups": digest(store.groups_of(ids)),
    "summaries": digest({key: story["summary"] for key, story in shown.items()}),
    "comparisons": digest({key: story["comparison"] for key, story in shown.items()}),
    "story pages": digest(shown),
    "clustering state": digest(store._load_cluster_state()),
    "thread state": digest(store._load_thread_state()),
    "cleaned texts": digest([(c.id, c.text, c.removals) for c in store.cleaned_articles(ids)]),
    "raw input": digest([store.raw(a.raw_id).hex() for a in store.articles(ids)]),
    "search": digest({q: store.search(q, limit=50) for q in json.loads(sys.argv[2])}),
}
print(json.dumps(result))
"""


def write_pool(path: Path, *, limit: int = 0) -> int:
    """The pooled dev file as ingest input; returns its size in bytes."""
    source = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as lines, path.open("w") as out:
        for number, line in enumerate(lines):
            if limit and number >= limit:
                break
            doc = json.loads(line)
            record = {
                "id": doc["id"],
                "title": doc.get("title") or "",
                "text": doc.get("text") or "",
                "outlet": "pool",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def ingest(source: Path, inputs: list[Path], db: Path) -> float:
    """``storyline ingest`` into a new store with the code under ``source``, one run per
    input file in turn (each run continues from what the one before saved); wall seconds."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    for input_file in inputs:
        command = [sys.executable, "-m", "storyline.cli", "ingest", str(input_file)]
        # cwd away from any checkout: `-m` would import the package of the working folder
        subprocess.run(
            [*command, "--db", str(db), "-q"],
            env=env,
            cwd=db.parent,
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def halves(input_file: Path) -> list[Path]:
    """The input split into its first and second half (by lines), as two files."""
    lines = input_file.read_bytes().splitlines(keepends=True)
    middle = len(lines) // 2
    parts = []
    for number, chunk in enumerate((lines[:middle], lines[middle:]), start=1):
        part = input_file.with_name(f"{input_file.stem}.half{number}.jsonl")
        part.write_bytes(b"".join(chunk))
        parts.append(part)
    return parts


def table_sizes(db: Path) -> dict[str, int]:
    """Bytes per table (an index and FTS5's shadow tables count with their table)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    owners = dict(connection.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
    sizes: dict[str, int] = {}
    for name, size in connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        owner = owners.get(name, name)
        owner = "article_fts" if owner.startswith("article_fts") else owner
        sizes[owner] = sizes.get(owner, 0) + int(size)
    free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    sizes["(free pages)"] = int(free) * int(page)
    return sizes


def results(source: Path, db: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST, str(db), json.dumps(SEARCHES)],
        env=env,
        cwd=db.parent,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--limit", type=int, default=0, help="first N records only (0: all)")
    parser.add_argument("--work", type=Path, help="folder for the input and stores (kept)")
    parser.add_argument(
        "--halves",
        action="store_true",
        help="each system ingests the first half, then the second half in a second run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        input_file = work / "pool.jsonl"
        input_size = write_pool(input_file, limit=args.limit)
        inputs = halves(input_file) if args.halves else [input_file]
        (Path(scratch) / "baseline").mkdir()
        baseline = export_baseline(args.baseline, Path(scratch) / "baseline")
        current = Path(__file__).resolve().parents[1]
        systems = {"baseline": baseline, "current": current}
        rows, sizes, digests = [], {}, {}
        for name, source in systems.items():
            db = work / (f"{name}-halves.db" if args.halves else f"{name}.db")
            seconds = 0.0 if db.exists() else ingest(source, inputs, db)
            sizes[name] = table_sizes(db)
            digests[name] = results(source, db)
            total = store_bytes(db)
            rows.append(
                {
                    "store": f"{name} ({args.baseline})" if name == "baseline" else name,
                    "MB": round(total / 1e6, 1),
                    "x input": round(total / input_size, 2),
                    "ingest s": round(seconds, 1) if seconds else "kept",
                }
            )
    print(f"input: {input_size:,} bytes" + (" (in two halves, two runs)" if args.halves else ""))
    print_table("Store size (as the ingest leaves it: its own compaction, no other VACUUM)", rows)
    tables = sorted(
        set(sizes["baseline"]) | set(sizes["current"]), key=lambda t: -sizes["baseline"].get(t, 0)
    )
    print_table(
        "Per table (dbstat, MB)",
        [
            {
                "table": table,
                "baseline": round(sizes["baseline"].get(table, 0) / 1e6, 2),
                "current": round(sizes["current"].get(table, 0) / 1e6, 2),
            }
            for table in tables
        ],
    )
    same = [
        {"result": kind, "identical": digests["baseline"][kind] == digests["current"][kind]}
        for kind in digests["baseline"]
    ]
    print_table("Identical results", same)
    write_results(
        "store_size_halves" if args.halves else "store_size",
        {
            "input_bytes": input_size,
            "halves": args.halves,
            "stores": rows,
            "tables": sizes,
            "identical": same,
        },
    )


if __name__ == "__main__":
    main()
