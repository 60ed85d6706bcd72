"""Crash safety: SIGKILL a real `storyline ingest` at random points, check, re-run, compare.

    python -m benchmarks.crash [POOLED_FILE] [--articles 1500] [--runs 6] [--seed 7]

The first ``--articles`` lines of the pooled Multi-News dev file (by default)
are written as JSON Lines with invented dates (so that stories open and close
as in a real stream).  The peer is one uninterrupted ingest of that file.  Each
run starts the same ingest on a fresh store, kills it with SIGKILL after a
random delay within the uninterrupted run's time, then checks ``PRAGMA
integrity_check``, runs the ingest again to completion, and compares every
stored result (articles, duplicate groups, stories, memberships, summaries,
comparisons, rejections, the clusterer's saved state) with the uninterrupted run.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, print_table, read_jsonl, write_results

DEFAULT_PATH = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
_TABLES = {
    "articles": "SELECT id, outlet, title, article_text(text), published FROM articles ORDER BY id",
    "duplicates": "SELECT article_id, group_id, relation FROM duplicates ORDER BY article_id",
    "stories": "SELECT id, title, size, sources, outlets, dirty FROM stories ORDER BY id",
    "members": "SELECT article_id, story_id FROM story_articles ORDER BY article_id",
    "summaries": "SELECT story_id, data FROM summaries ORDER BY story_id",
    "comparisons": "SELECT story_id, data FROM comparisons ORDER BY story_id",
    "rejections": "SELECT id, reason FROM rejections ORDER BY id",
    "state": "SELECT name, data FROM state ORDER BY name",
    "cluster_stories": "SELECT id, data FROM cluster_stories ORDER BY rowid",
}


def write_corpus(source: Path, target: Path, count: int) -> int:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    written = 0
    with target.open("w", encoding="utf-8") as out:
        for number, row in enumerate(read_jsonl(source)):
            if number >= count:
                break
            record = {
                "title": row.get("title") or "",
                "text": row["text"],
                "outlet": row.get("source") or f"outlet {number % 9}",
                "date": (start + timedelta(hours=number)).isoformat(),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    # one bad line, so that rejections are part of what must survive a kill
    with target.open("a", encoding="utf-8") as out:
        out.write('{"text": 5}\n')
    return written


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--db", str(db), "-q"]


def run_ingest(corpus: Path, db: Path) -> tuple[int, float]:
    started = time.perf_counter()
    done = subprocess.run(ingest_command(corpus, db), capture_output=True, check=False)
    return done.returncode, time.perf_counter() - started


def killed_ingest(corpus: Path, db: Path, after: float) -> int | None:
    """Start an ingest and SIGKILL it after ``after`` seconds; its exit code if it ended first."""
    process = subprocess.Popen(
        ingest_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def snapshot(db: Path) -> dict[str, Any]:
    from storyline.store.codec import register_functions, unpack_document

    connection = sqlite3.connect(db)
    register_functions(connection)  # article_text(): the article's text, stored compressed
    cleaned = dict(
        connection.execute(
            "SELECT c.article_id, COALESCE(c.text, article_text(a.text)) FROM cleaned c"
            " JOIN articles a ON a.id = c.article_id"
        ).fetchall()
    )
    result: dict[str, Any] = {}
    for name, sql in _TABLES.items():
        rows = connection.execute(sql).fetchall()
        if name in ("summaries", "comparisons", "state", "cluster_stories"):
            rows = [(key, unpack_document(data, texts=lambda _ids: cleaned)) for key, data in rows]
        result[name] = rows
    result["pending"] = connection.execute(
        "SELECT COUNT(*) FROM articles WHERE round IS NULL"
    ).fetchone()[0]
    connection.close()
    return result


def integrity(db: Path) -> str:
    connection = sqlite3.connect(db)
    (verdict,) = connection.execute("PRAGMA integrity_check").fetchone()
    (orphans,) = connection.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN raw r ON r.id = a.raw_id WHERE r.id IS NULL"
    ).fetchone()
    connection.close()
    return str(verdict) if not orphans else f"{verdict}; {orphans} articles without raw bytes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    chooser = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="storyline-crash-") as scratch:
        folder = Path(scratch)
        corpus = folder / "corpus.jsonl"
        count = write_corpus(Path(args.path), corpus, args.articles)
        code, seconds = run_ingest(corpus, folder / "reference.db")
        if code != 0:
            print(f"the uninterrupted ingest failed (exit {code})", file=sys.stderr)
            return 1
        reference = snapshot(folder / "reference.db")
        peer = {"run": "uninterrupted (peer)", "killed after s": "-", "integrity": "ok"}
        peer.update({"re-run exit": code, "re-run s": round(seconds, 1), "identical": "reference"})
        rows: list[dict[str, Any]] = [peer]
        for run in range(1, args.runs + 1):
            db = folder / f"run{run}.db"
            after = chooser.uniform(0.2, 0.95) * seconds
            ended = killed_ingest(corpus, db, after)
            verdict = integrity(db) if db.exists() else "no store yet"
            rerun, rerun_seconds = run_ingest(corpus, db)
            same = snapshot(db) == reference
            rows.append(
                {
                    "run": run,
                    "killed after s": round(after, 1) if ended is None else f"ended ({ended})",
                    "integrity": verdict,
                    "re-run exit": rerun,
                    "re-run s": round(rerun_seconds, 1),
                    "identical": "yes" if same else "NO",
                }
            )
    title = f"SIGKILL during `storyline ingest` of {count} articles + 1 bad line"
    print_table(title, rows)
    checked = ("ok", "no store yet")  # killed before the store file was created: nothing to check
    failures = sum(
        1 for row in rows[1:] if row["identical"] != "yes" or row["integrity"] not in checked
    )
    kills = sum(1 for row in rows[1:] if not str(row["killed after s"]).startswith("ended"))
    print(f"\n{args.runs} runs, {kills} killed mid-ingest, {failures} failures")
    write_results("crash", {"articles": count, "runs": rows, "kills": kills, "failures": failures})
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
