"""Cost of figure and date extraction over the pooled Multi-News dev file, against a baseline.

Usage::

    git archive main storyline | tar -x -C "$BASE"   # the baseline's source, anywhere
    python -m benchmarks.compare_cost --baseline-src "$BASE" [--rounds 3] [--limit N]

Each system runs in its own fresh process (``PYTHONPATH`` set to its source
tree) and times ``extract_figures`` and ``extract_dates`` over every article
of ``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz`` (the
publication date is the article's ``date``, or none).  Rounds alternate
between the systems; the fastest round of each is reported, the figure least
disturbed by other jobs on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import ROOT, data_path, print_table, write_results

_CHILD = r"""
import gzip, json, sys, time
from datetime import date
from storyline.compare.figures import extract_figures
from storyline.compare.timeline import extract_dates
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as handle:
    docs = [json.loads(line) for line in handle if line.strip()]
if int(sys.argv[2]):
    docs = docs[: int(sys.argv[2])]
texts = [(d["text"], date.fromisoformat(d["date"][:10]) if d.get("date") else None) for d in docs]
start = time.perf_counter()
figures = sum(len(extract_figures(text)) for text, _ in texts)
middle = time.perf_counter()
dates = sum(len(extract_dates(text, day)) for text, day in texts)
end = time.perf_counter()
print(json.dumps({"articles": len(texts), "figures": figures, "dates": dates,
                  "figure_seconds": middle - start, "date_seconds": end - middle}))
"""


def run(source: Path, data: Path, limit: int = 0) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data), str(limit)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=str(source),
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument(
        "--data",
        type=Path,
        default=data_path("story-clustering", "multinews-dev-pooled.jsonl.gz"),
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    args = parser.parse_args(argv)
    systems = {"storyline (this tree)": ROOT, "baseline": args.baseline_src.resolve()}
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for name, source in systems.items():
            result = run(source, args.data, args.limit)
            total = result["figure_seconds"] + result["date_seconds"]
            if (
                name not in best
                or total < best[name]["figure_seconds"] + best[name]["date_seconds"]
            ):
                best[name] = result
    base = best["baseline"]["figure_seconds"] + best["baseline"]["date_seconds"]
    rows = []
    for name, result in best.items():
        total = result["figure_seconds"] + result["date_seconds"]
        rows.append(
            {
                "system": name,
                "articles": int(result["articles"]),
                "figures": int(result["figures"]),
                "dates": int(result["dates"]),
                "figure s": round(result["figure_seconds"], 2),
                "date s": round(result["date_seconds"], 2),
                "total s": round(total, 2),
                "vs baseline": round(total / base, 3),
            }
        )
    print_table("Figure and date extraction over the pooled Multi-News dev file", rows)
    path = write_results("compare_cost", {"data": str(args.data), "rows": rows})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
