"""Scale-out on Dask: the same results as one process, the speed-up, and a long stream.

Usage::

    python -m benchmarks.scale equivalence [--limit N]      # (a) single process vs 2 workers
    python -m benchmarks.scale speedup [--limit N]          # (b) 1 worker vs 2 workers
    python -m benchmarks.scale stream --repeat K [--limit N]  # (c) the pool K times, 2 workers

Input: the pooled Multi-News dev file
(``../shared/data/story-clustering/multinews-dev-pooled.jsonl.gz``; any path
with ``--data``), written as JSON Lines files of 1,000 articles (so reading is
parallel) with synthetic dates: each gold story gets a start day drawn
uniformly over 180 days (seeded) and its articles fall within two days of it.
``stream`` repeats the pool ``K`` times, each copy 180 days after the last
(new dates, hence new article ids), so the stream's density stays the same
and memory per worker should not grow with ``K``.

Each run ingests into a new store.  ``equivalence`` compares the Dask run
with the single-process pipeline run in the same command: duplicate groups
(identical), stories (BCubed F1 of the Dask stories against the
single-process ones; both also against the gold stories), and the summaries
of the stories that have the same articles in both runs.  Times are per step
(wall and CPU seconds of the client plus every worker); peak memory is each
process's own high-water mark (``VmHWM``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from benchmarks.common import data_path, print_table, read_jsonl, write_results
from benchmarks.ingest_cost import input_record

_PER_FILE = 1000
_SPAN_DAYS = 180
_START = datetime(2024, 1, 1, tzinfo=UTC)


# -- input ----------------------------------------------------------------------------


def write_stream(
    data: Path, folder: Path, *, limit: int, repeat: int, seed: int = 7
) -> dict[str, str]:
    """Write the dated stream as JSON Lines files; return article key -> gold story."""
    docs = list(read_jsonl(data))
    if limit:
        docs = docs[:limit]
    rng = random.Random(seed)
    start_of = {}
    for doc in docs:
        if doc["cluster"] not in start_of:
            start_of[doc["cluster"]] = rng.uniform(0, _SPAN_DAYS)
    offsets = [start_of[doc["cluster"]] + rng.uniform(0, 2) for doc in docs]
    gold: dict[str, str] = {}
    out = None
    count = 0
    for copy in range(repeat):
        for doc, offset in zip(docs, offsets, strict=True):
            if count % _PER_FILE == 0:
                if out:
                    out.close()
                out = (folder / f"part-{count // _PER_FILE:05d}.jsonl").open("w", encoding="utf-8")
            record = input_record(doc)
            record["id"] = f"{doc['id']}~{copy}"
            when = _START + timedelta(days=offset + copy * _SPAN_DAYS)
            record["date"] = when.isoformat()
            record.setdefault("outlet", f"outlet-{count % 37}")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
            gold[record["id"]] = f"{doc['cluster']}~{copy}"
            count += 1
    if out:
        out.close()
    return gold


# -- measuring -------------------------------------------------------------------------


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> bool:
    """Start a new high-water mark (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _measured_pipeline(*args: Any, **kwargs: Any) -> Any:
    from storyline.scale.pipeline import ScaledPipeline

    class Measured(ScaledPipeline):
        """Records per step the CPU seconds of the client and of every worker, and
        the workers' peak memory during the step."""

        cpu: ClassVar[dict[str, float]] = {}
        client_cpu: ClassVar[dict[str, float]] = {}
        worker_peak: ClassVar[dict[str, float]] = {}
        peak_of_worker: ClassVar[dict[str, float]] = {}
        client_peak: ClassVar[dict[str, float]] = {}
        client_high = 0.0  # the client's peak over the whole run

        @contextmanager
        def _step(self, name: str) -> Iterator[None]:
            self.client.run(_reset_peak)
            before = _peak_mb()  # the client's high-water mark so far (it is not reset)
            _reset_peak()
            mine, theirs = _cpu_seconds(), sum(self.client.run(_cpu_seconds).values())
            with super()._step(name):
                yield
            mine = _cpu_seconds() - mine
            theirs = sum(self.client.run(_cpu_seconds).values()) - theirs
            peaks = self.client.run(_peak_mb)
            for worker, mb in peaks.items():
                self.peak_of_worker[worker] = max(self.peak_of_worker.get(worker, 0.0), mb)
            peak = max(peaks.values())
            self.cpu[name] = self.cpu.get(name, 0.0) + mine + theirs
            self.client_cpu[name] = self.client_cpu.get(name, 0.0) + mine
            self.worker_peak[name] = max(self.worker_peak.get(name, 0.0), peak)
            self.client_peak[name] = max(self.client_peak.get(name, 0.0), _peak_mb())
            self.client_high = max(before, _peak_mb(), self.client_high)

    Measured.cpu, Measured.client_cpu, Measured.worker_peak = {}, {}, {}
    Measured.peak_of_worker, Measured.client_peak = {}, {}
    return Measured(*args, **kwargs)


def run_single(folder: Path, db: Path) -> dict[str, Any]:
    from storyline import load_settings, open_store
    from storyline.pipeline import Pipeline

    started, cpu = time.perf_counter(), _cpu_seconds()
    with open_store(db) as store:
        Pipeline(store, load_settings(environ={})).ingest([folder])
    return {
        "system": "single process",
        "seconds": time.perf_counter() - started,
        "cpu": _cpu_seconds() - cpu,
    }


def run_dask(folder: Path, db: Path, *, workers: int) -> dict[str, Any]:
    from storyline import load_settings, open_store
    from storyline.scale import connect

    with connect(workers=workers) as client, open_store(db) as store:
        pipeline = _measured_pipeline(store, load_settings(environ={}), client=client)
        started = time.perf_counter()
        report = pipeline.ingest([folder])
        seconds = time.perf_counter() - started
        worker_peaks = sorted(pipeline.peak_of_worker.values())
    return {
        "system": f"Dask, {workers} worker{'s' if workers > 1 else ''}",
        "seconds": seconds,
        "cpu": sum(pipeline.cpu.values()),
        "steps": {name: round(s, 2) for name, s in pipeline.timings.items()},
        "step_cpu": {name: round(s, 2) for name, s in pipeline.cpu.items()},
        "step_client_cpu": {name: round(s, 2) for name, s in pipeline.client_cpu.items()},
        "step_worker_peak_mb": {name: round(mb) for name, mb in pipeline.worker_peak.items()},
        "step_client_peak_mb": {name: round(mb) for name, mb in pipeline.client_peak.items()},
        "worker_peak_mb": [round(mb, 1) for mb in worker_peaks],
        "client_peak_mb": round(max(_peak_mb(), pipeline.client_high), 1),
        "articles": report.added,
    }


# -- comparing ------------------------------------------------------------------------


def _results(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    try:
        return {
            "duplicates": sorted(
                con.execute(
                    "SELECT article_id, group_id, relation, similarity FROM duplicates"
                ).fetchall()
            ),
            "story_of": dict(con.execute("SELECT article_id, story_id FROM story_articles")),
            "summaries": dict(con.execute("SELECT story_id, data FROM summaries")),
            "comparisons": dict(con.execute("SELECT story_id, data FROM comparisons")),
        }
    finally:
        con.close()


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 of ``predicted`` against ``gold`` (same items)."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, label in predicted.items():
        by_pred[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    precision = recall = 0.0
    for item in predicted:
        same_pred, same_gold = by_pred[predicted[item]], by_gold[gold[item]]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    n = len(predicted)
    p, r = precision / n, recall / n
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def _gold_by_article(db: Path, gold: Mapping[str, str], folder: Path) -> dict[str, str]:
    """Article id -> gold story, through each article's input file and line."""
    keys: dict[tuple[str, int], str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                keys[(path.name, number)] = json.loads(line)["id"]
    con = sqlite3.connect(db)
    try:
        result = {}
        rows = con.execute("SELECT id, origin_path, origin_line FROM articles")
        for article_id, path, line in rows:
            result[article_id] = gold[keys[(Path(path).name, int(line))]]
        return result
    finally:
        con.close()


def compare(single_db: Path, dask_db: Path, gold_of: Mapping[str, str]) -> dict[str, Any]:
    one, other = _results(single_db), _results(dask_db)
    members: dict[str, dict[str, set[str]]] = {"one": defaultdict(set), "other": defaultdict(set)}
    for name, result in (("one", one), ("other", other)):
        for article, story in result["story_of"].items():
            members[name][story].add(article)
    story_of_set = {frozenset(a): s for s, a in members["one"].items()}
    same_stories = {
        story: frozenset(arts)
        for story, arts in members["other"].items()
        if frozenset(arts) in story_of_set
    }
    equal_summaries = sum(
        other["summaries"].get(story) == one["summaries"].get(story_of_set[arts])
        and other["comparisons"].get(story) == one["comparisons"].get(story_of_set[arts])
        for story, arts in same_stories.items()
    )
    return {
        "duplicates identical": one["duplicates"] == other["duplicates"],
        "duplicate rows": len(one["duplicates"]),
        "stories (single)": len(members["one"]),
        "stories (Dask)": len(members["other"]),
        "BCubed F1 vs single": round(bcubed(other["story_of"], one["story_of"])["F1"], 4),
        "identical stories": len(same_stories),
        "identical summaries": equal_summaries,
        "BCubed F1 vs gold (single)": round(bcubed(one["story_of"], gold_of)["F1"], 4),
        "BCubed F1 vs gold (Dask)": round(bcubed(other["story_of"], gold_of)["F1"], 4),
    }


# -- main -----------------------------------------------------------------------------


def _step_rows(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for run in runs:
        row: dict[str, Any] = {"system": run["system"], "seconds": round(run["seconds"], 1)}
        row["CPU s"] = round(run["cpu"], 1)
        for step, seconds in run.get("steps", {}).items():
            row[step] = f"{seconds:.1f} ({run['step_cpu'].get(step, 0):.1f})"
        if "worker_peak_mb" in run:
            row["worker peak MB"] = "/".join(f"{mb:.0f}" for mb in run["worker_peak_mb"])
            row["client peak MB"] = run["client_peak_mb"]
        rows.append(row)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    return [{column: row.get(column, "") for column in columns} for row in rows]


def _share_rows(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per step: the client's CPU seconds, the highest worker peak and the client's
    peak (MB) during it."""
    rows = []
    for run in runs:
        row: dict[str, Any] = {"system": run["system"]}
        for step, seconds in run.get("step_client_cpu", {}).items():
            worker = run["step_worker_peak_mb"].get(step, 0)
            client = run["step_client_peak_mb"].get(step, 0)
            row[step] = f"{seconds:.1f} / {worker} / {client}"
        rows.append(row)
    return rows


_PARALLEL = ("read", "clean", "dedup", "cluster", "summarize")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["equivalence", "speedup", "stream"])
    parser.add_argument(
        "--data", type=Path, default=data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
    )
    parser.add_argument("--limit", type=int, default=0, help="first N articles of the pool")
    parser.add_argument("--repeat", type=int, default=1, help="copies of the pool (stream)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
        folder = Path(tmp) / "input"
        folder.mkdir()
        gold = write_stream(args.data, folder, limit=args.limit, repeat=args.repeat)
        print(f"{len(gold)} articles in {len(list(folder.iterdir()))} files", flush=True)
        payload: dict[str, Any] = {"articles": len(gold), "part": args.part}
        load_before = payload["load average before"] = os.getloadavg()[0]
        if args.part == "equivalence":
            runs = [
                run_single(folder, Path(tmp) / "one.db"),
                run_dask(folder, Path(tmp) / "two.db", workers=2),
            ]
            gold_of = _gold_by_article(Path(tmp) / "one.db", gold, folder)
            payload["comparison"] = compare(Path(tmp) / "one.db", Path(tmp) / "two.db", gold_of)
            print_table(
                "Dask (2 workers) against the single-process pipeline", [payload["comparison"]]
            )
        elif args.part == "speedup":
            runs = [run_dask(folder, Path(tmp) / f"w{n}.db", workers=n) for n in (1, 2)]
            one, two = (sum(r["steps"].get(s, 0) for s in _PARALLEL) for r in runs)
            payload["parallel steps speed-up"] = round(one / two, 2)
            payload["speed-up per step"] = {
                step: round(runs[0]["steps"][step] / runs[1]["steps"][step], 2)
                for step in runs[0]["steps"]
                if runs[1]["steps"].get(step)  # a step with nothing to do takes 0.0 s
            }
            print(f"parallel steps: 1 worker {one:.1f} s, 2 workers {two:.1f} s: {one / two:.2f}x")
            print("per step:", payload["speed-up per step"])
        else:
            runs = [run_dask(folder, Path(tmp) / "stream.db", workers=2)]
            runs[0]["articles/s"] = round(len(gold) / runs[0]["seconds"], 1)
        payload["runs"] = runs
        print_table(f"Steps: wall s (CPU s), {len(gold)} articles", _step_rows(runs))
        print_table("Steps: client CPU s / worker peak MB / client peak MB", _share_rows(runs))
        print(f"load average {os.getloadavg()[0]:.1f} (before: {load_before:.1f})")
        payload["load average"] = os.getloadavg()
        name = f"scale-{args.part}" + (f"-x{args.repeat}" if args.repeat > 1 else "")
        print(write_results(name, payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
