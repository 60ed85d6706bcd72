"""Shared helpers for the benchmarks: data paths, isolated timing and memory, tables.

Every system (storyline's stage or a peer) is measured in a fresh child process
started with ``spawn``, so the peak resident memory of one system does not leak
into the next and import costs are paid before the clock starts.  Usage::

    from benchmarks.common import measure, print_table, write_results
    m = measure("benchmarks.stories:run_storyline", path, n_items=len(docs))
    print(m.seconds, m.items_per_second, m.peak_mb, m.result)

The target is ``"module:function"``; the function receives the extra positional
arguments and returns a picklable result (e.g. predicted labels).  It may return
``(result, seconds)`` to report its own timing of the part that matters (for
example, excluding data loading); otherwise the whole call is timed.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
OUT_DIR = ROOT / "benchmarks" / "out"


@dataclass
class Measurement:
    system: str
    seconds: float
    items: int
    peak_mb: float
    baseline_mb: float
    result: Any = None

    @property
    def items_per_second(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else float("inf")

    def row(self) -> dict[str, Any]:
        row = asdict(self)
        row.pop("result")
        row["items_per_second"] = round(self.items_per_second, 1)
        row["seconds"] = round(self.seconds, 3)
        row["peak_mb"] = round(self.peak_mb, 1)
        row["baseline_mb"] = round(self.baseline_mb, 1)
        return row


def cache_dir(*parts: str) -> Path:
    """A folder for the benchmarks' caches, outside the repository (created on use).

    ``$STORYLINE_BENCH_CACHE`` when set, else ``$XDG_CACHE_HOME/storyline-bench``
    (``~/.cache/storyline-bench`` without it).  Deleting it only costs time.
    """
    override = os.environ.get("STORYLINE_BENCH_CACHE")
    if override:
        root = Path(override)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "storyline-bench"
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (what a cached result was computed from)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_path(*parts: str) -> Path:
    """A path under ../shared/data (the default benchmark input)."""
    return SHARED_DATA.joinpath(*parts)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Lines of a (possibly gzipped) JSON Lines file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _max_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's ``ru_maxrss`` keeps the high-water mark of the process that forked
    the child (it survives ``exec``), so a child spawned by a parent that had
    grown large would report the parent's peak.  ``VmHWM`` belongs to the
    child's own address space; ``ru_maxrss`` is the fallback elsewhere.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(target: str, args: tuple[Any, ...], conn: Any) -> None:
    try:
        module_name, function_name = target.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        baseline = _max_rss_mb()
        start = time.perf_counter()
        value = function(*args)
        elapsed = time.perf_counter() - start
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], float):
            value, elapsed = value
        conn.send(("ok", value, elapsed, _max_rss_mb(), baseline))
    except BaseException as exc:  # report any failure to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}", 0.0, 0.0, 0.0))
    finally:
        conn.close()


def measure(target: str, *args: Any, items: int, system: str | None = None) -> Measurement:
    """Run ``target`` ("module:function") with ``args`` in a fresh process; time and memory."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(target, args, child))
    process.start()
    child.close()
    status, value, seconds, peak, baseline = parent.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"{target} failed: {value}")
    return Measurement(system or target, seconds, items, peak, baseline, value)


def print_table(title: str, rows: Sequence[dict[str, Any]]) -> None:
    """Print rows (dicts with the same keys) as a plain Markdown table."""
    if not rows:
        print(f"{title}: no rows")
        return
    columns = list(rows[0])
    print(f"\n### {title}\n")
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(_cell(row.get(column)) for column in columns) + " |")
    sys.stdout.flush()


def write_results(name: str, payload: dict[str, Any]) -> Path:
    """Write a benchmark's results as JSON under benchmarks/out/ and return the path."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"benchmark": name, "date": time.strftime("%Y-%m-%d"), **payload}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def overlap_match(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one overlap matching of the data READMEs: every (gold, prediction) pair of
    spans that share a character is a candidate, keyed (overlap, -boundary distance, gold
    index, prediction index) and taken in descending order while both are free.
    Returns (gold index, prediction index) pairs."""
    candidates = []
    for g_index, (g_start, g_end) in enumerate(gold):
        for p_index, (p_start, p_end) in enumerate(predicted):
            overlap = min(g_end, p_end) - max(g_start, p_start)
            if overlap > 0:
                distance = abs(g_start - p_start) + abs(g_end - p_end)
                candidates.append((overlap, -distance, g_index, p_index))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, _, g_index, p_index in candidates:
        if g_index in used_gold or p_index in used_predicted:
            continue
        used_gold.add(g_index)
        used_predicted.add(p_index)
        pairs.append((g_index, p_index))
    return pairs
