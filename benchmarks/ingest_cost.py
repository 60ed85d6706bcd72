"""Whole-ingest cost of the current code against a baseline revision, in the same run.

Usage::

    python -m benchmarks.ingest_cost --baseline REV [--limit N] [--repeat K] [--jobs N ...]

The pooled Multi-News dev file
(``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``) is written
as a plain JSON Lines input (``id``, ``title``, ``text``, ``outlet``, ``date``
when known) in a temporary folder.  The baseline's ``storyline`` package is
exported with ``git archive REV storyline`` into another temporary folder.
Each run is a fresh process (``PYTHONPATH`` set to that system's source tree)
doing the whole ``storyline ingest FILE --db STORE -q`` into a new store: read,
store, stories, summaries and comparison.  ``--jobs N`` (repeatable) runs the
current code once per value with ``--jobs N`` (the baseline gets no such
option); without it the current code runs with its default.  Runs alternate
between the systems ``--repeat`` times; the fastest of each is reported, the
figure least disturbed by other jobs on a shared machine; its CPU seconds (user
+ system, from the children's resource usage, which on Linux also counts the
processes the child started and waited for: its summary workers) are shown
beside it.  Peak memory is the child's own high-water mark (``VmHWM``); the
tree's peak is the largest sum, sampled four times a second, of the
proportional set sizes (``Pss``: shared pages split between the processes
sharing them) of the child and every process under it, so forked summary
workers are counted without counting twice what they share; store size counts
the database and any SQLite side files left after the run, and the store ratio
is store bytes over the input file's bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, data_path, print_table, read_jsonl, write_results

_HWM_ENV = "INGEST_COST_HWM_FILE"  # not STORYLINE_*: those are settings

# The child runs the CLI's ``main`` and then records its own peak resident memory.
_CHILD = f"""
import os, sys
from storyline.cli import main
code = main()
with open("/proc/self/status", encoding="ascii") as status:
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
with open(os.environ["{_HWM_ENV}"], "w", encoding="ascii") as out:
    out.write(hwm[0] if hwm else "0")
sys.exit(code)
"""
_SAMPLE_SECONDS = 0.25


def _children_of() -> dict[int, list[int]]:
    """Every process's children by parent pid, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    return children


def tree_pss_kib(root: int) -> int:
    """The summed ``Pss`` (KiB) of ``root`` and every process under it (0 off Linux)."""
    children, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path("/proc", str(pid), "smaps_rollup").read_text(encoding="ascii")
        except OSError:
            continue
        pss = [line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")]
        total += sum(int(kib) for kib in pss)
    return total


def input_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a system may read, as an ingest JSON Lines record (no gold ``cluster``)."""
    record: dict[str, Any] = {
        "id": doc["id"],
        "title": doc.get("title") or "",
        "text": doc.get("text") or "",
    }
    if doc.get("source"):
        record["outlet"] = doc["source"]
    if doc.get("date"):
        record["date"] = doc["date"]
    return record


def write_input(docs: Iterable[Mapping[str, Any]], path: Path, *, limit: int = 0) -> int:
    """Write ``docs`` (the first ``limit`` when > 0) as JSON Lines; return how many."""
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            if limit and count >= limit:
                break
            out.write(json.dumps(input_record(doc), ensure_ascii=False) + "\n")
            count += 1
    return count


def store_bytes(db: Path) -> int:
    """Bytes of a SQLite store and its side files (-wal, -shm, -journal) if present."""
    total = 0
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            total += part.stat().st_size
    return total


def export_baseline(revision: str, into: Path) -> Path:
    """``git archive REV storyline`` unpacked into ``into``; returns ``into``."""
    archive = subprocess.run(
        ["git", "archive", revision, "storyline"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def run_once(
    source: Path, input_file: Path, work: Path, tag: str, options: Sequence[str] = ()
) -> dict[str, float]:
    """One whole ingest in a fresh process (with the extra CLI ``options``); wall and CPU
    seconds, peak MB (its own, and its process tree's sampled PSS) and store bytes."""
    db = work / "run.db"
    hwm_file = work / "run.hwm"
    for stale in (db, hwm_file):
        stale.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(source), _HWM_ENV: str(hwm_file)}
    command = [sys.executable, "-c", _CHILD, "ingest", str(input_file), "--db", str(db), "-q"]
    command += list(options)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    tree_kib = 0
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            command, env=env, cwd=str(work), stdout=subprocess.DEVNULL, stderr=errors
        ) as child,
    ):
        while child.poll() is None:
            tree_kib = max(tree_kib, tree_pss_kib(child.pid))
            time.sleep(_SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if child.returncode != 0:
        raise RuntimeError(f"{tag} ingest failed ({child.returncode}): {stderr[-2000:]}")
    try:
        own = int(hwm_file.read_text(encoding="ascii")) / 1024.0
    except (OSError, ValueError):
        own = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    workers = tree_kib / 1024.0
    size = store_bytes(db)
    for leftover in (db, hwm_file):
        leftover.unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": own,
        "tree_peak_mb": workers,
        "store_bytes": size,
    }


def current_systems(jobs: Sequence[int] | None) -> dict[str, tuple[Path, list[str]]]:
    """The current code's systems: one per ``--jobs`` value, or one with its defaults."""
    if not jobs:
        return {"current": (ROOT, [])}
    return {f"current, jobs {n}": (ROOT, ["--jobs", str(n)]) for n in jobs}


def fastest(runs: Sequence[dict[str, float]]) -> dict[str, float]:
    """The fastest run, with the largest peak memory seen over all runs of the system."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best["peak_mb_max"] = max(run["peak_mb"] for run in runs)
    return best


def table_rows(
    results: Mapping[str, dict[str, float]], *, articles: int, input_size: int
) -> list[dict[str, Any]]:
    """Table rows; ratios are against the row named ``baseline``."""
    base = results["baseline"]
    rows = []
    for system, best in results.items():
        rows.append(
            {
                "system": system,
                "seconds": round(best["seconds"], 1),
                "CPU s": round(best.get("cpu_seconds", 0.0), 1),
                "articles/s": round(articles / best["seconds"], 1),
                "peak MB": round(best["peak_mb"], 1),
                "tree peak MB (PSS)": round(best.get("tree_peak_mb", 0.0), 1),
                "time vs baseline": round(best["seconds"] / base["seconds"], 3),
                "CPU vs baseline": round(
                    best.get("cpu_seconds", 0.0) / max(base.get("cpu_seconds", 0.0), 1e-9), 3
                ),
                "peak vs baseline": round(best["peak_mb"] / base["peak_mb"], 3),
                "store MB": round(best["store_bytes"] / 1e6, 1),
                "store / input": round(best["store_bytes"] / input_size, 2),
            }
        )
    return rows


def _head() -> str:
    """The commit the current code was measured at (plus a mark if the tree differs)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "storyline"], cwd=ROOT)
    return head.stdout.decode().strip() + ("+changes" if dirty.returncode else "")


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="git revision of the baseline code")
    parser.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each system (>= 1)")
    parser.add_argument(
        "--jobs",
        type=int,
        action="append",
        metavar="N",
        help="run the current code with --jobs N (repeatable: one system per value)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    data = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
    with tempfile.TemporaryDirectory(prefix="storyline-cost-") as tmp:
        work = Path(tmp)
        input_file = work / "input.jsonl"
        articles = write_input(read_jsonl(data), input_file, limit=args.limit)
        input_size = input_file.stat().st_size
        (work / "baseline").mkdir()
        sources = {"baseline": (export_baseline(args.baseline, work / "baseline"), [])}
        sources.update(current_systems(args.jobs))
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sources}
        for round_number in range(args.repeat):
            for name, (source, options) in sources.items():
                run = run_once(source, input_file, work, name, options)
                runs[name].append(run)
                print(
                    f"round {round_number + 1} {name}: {run['seconds']:.1f} s, "
                    f"CPU {run['cpu_seconds']:.1f} s, {run['peak_mb']:.1f} MB, "
                    f"store {run['store_bytes'] / 1e6:.1f} MB",
                    file=sys.stderr,
                )
    results = {name: fastest(system_runs) for name, system_runs in runs.items()}
    rows = table_rows(results, articles=articles, input_size=input_size)
    shown = [{key: _shown(value) for key, value in row.items()} for row in rows]
    print_table(f"Whole ingest, {articles} articles, input {input_size / 1e6:.1f} MB", shown)
    path = write_results(
        "ingest_cost",
        {
            "baseline": args.baseline,
            "current": _head(),
            "articles": articles,
            "input_bytes": input_size,
            "repeat": args.repeat,
            "jobs": args.jobs,
            "rows": rows,
            "runs": runs,
        },
    )
    print(f"\nwritten {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
