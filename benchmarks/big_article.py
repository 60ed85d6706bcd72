"""One large article through the CLI: wall and CPU time of ``storyline ingest big.txt``.

Usage::

    python -m benchmarks.big_article [--bytes 1000000] [--repeat 3]

An invented plain-text article of about ``--bytes`` bytes (sentences drawn
from a small invented vocabulary with names, dates and figures, in paragraphs;
seeded, so every run reads the same text) is written to a temporary folder,
with a 10 KB article from the same generator as the peer.  Each run is a fresh
process doing ``storyline ingest FILE --db NEW.db -q`` (the whole ingest:
read, store, clean, dedup, stories, summary, comparison).  Reported per size:
the fastest wall time of ``--repeat`` runs, its CPU seconds (user + system,
from the child's resource usage), the child's peak memory, and the 1-minute
load average before the runs (wall time on a shared machine waits for a CPU).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_table, write_results

_WORDS = [
    "harbour",
    "council",
    "river",
    "bridge",
    "ferry",
    "union",
    "strike",
    "vote",
    "budget",
    "mayor",
    "minister",
    "report",
    "station",
    "water",
    "rates",
    "storm",
    "crossing",
    "island",
    "valley",
    "market",
    "school",
    "hospital",
    "rail",
    "driver",
    "talks",
    "agreement",
    "season",
    "club",
    "match",
    "board",
    "chair",
    "channel",
    "dredging",
    "tender",
    "contract",
]
_NAMES = ("Brannagh", "Tessary", "Northline", "Halvering", "Westerleigh", "Skerrow", "Adley")


def invented_text(size: int, *, seed: int = 7) -> str:
    """About ``size`` bytes of invented news-like prose (ASCII), the same for a seed."""
    draw = random.Random(seed)
    parts: list[str] = ["Harbour council votes on the crossing", ""]
    total = 40
    paragraph: list[str] = []
    while total < size:
        words = " ".join(draw.choice(_WORDS) for _ in range(draw.randint(8, 20)))
        sentence = (
            f"{words.capitalize()}, {draw.choice(_NAMES)} said on day {draw.randint(1, 28)},"
            f" citing {draw.randint(2, 900)} cases."
        )
        paragraph.append(sentence)
        total += len(sentence) + 1
        if len(paragraph) == 6:
            parts.append(" ".join(paragraph))
            paragraph = []
    parts.append(" ".join(paragraph))
    return "\n\n".join(parts)


def run_once(source: Path, db: Path) -> dict[str, float]:
    db.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "storyline.cli", "ingest", str(source), "--db", str(db)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*command, "-q"], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_mb": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--bytes", type=int, default=1_000_000, help="size of the large article")
    parser.add_argument("--repeat", type=int, default=3, help="runs per article")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for label, size in (("10 KB (peer)", 10_000), (f"{args.bytes:,} bytes", args.bytes)):
            source = work / f"big{size}.txt"
            source.write_text(invented_text(size), encoding="utf-8")
            load = os.getloadavg()[0]
            runs = [run_once(source, work / "s.db") for _ in range(args.repeat)]
            best = min(runs, key=lambda run: run["wall"])
            rows.append(
                {
                    "article": label,
                    "file bytes": source.stat().st_size,
                    "wall s (best)": round(best["wall"], 2),
                    "CPU s": round(best["cpu"], 2),
                    "peak MB (any run)": round(max(run["rss_mb"] for run in runs)),
                    "load avg 1 min": round(load, 2),
                }
            )
    print_table("One large article through `storyline ingest`", rows)
    write_results("big_article", {"rows": rows})


if __name__ == "__main__":
    main()
