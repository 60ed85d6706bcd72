"""A longer fuzz run over every reader and the API's ingest: crashes, hangs, silent drops.

    python -m benchmarks.fuzz [--examples 2000] [--api-examples 200] [--hang-seconds 10]

Uses the strategies of the fuzz tests (tests/fuzz/strategies.py: mutated
seeds of every format, odd JSON Lines, the issue's regression shapes) with many
more examples.  Each input is read by ``storyline.ingest.read_bytes`` under an
alarm: an exception is a crash, passing ``--hang-seconds`` is a hang, a
non-empty input that gives neither an article nor a rejection is a silent
drop (WARC files excepted: records that are not articles are skipped by
design), and a changed re-parse or an unclear reason is a rule breach.  Then
``--api-examples`` inputs are uploaded to ``POST /api/articles`` of an app over
a scratch store (any 5xx is a crash).  The peer is the seeds themselves: the
same checks on the unmutated valid inputs.  Crashes and silent drops must be 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import HealthCheck, given, settings

from benchmarks.common import print_table, write_results


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


class Tally:
    def __init__(self, hang_seconds: int) -> None:
        self.hang_seconds = hang_seconds
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}
        self.slowest = 0.0

    def note(self, kind: str, detail: str) -> None:
        self.counts[kind] += 1
        self.examples.setdefault(kind, [])
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(detail[:300])

    def reader(self, name: str, data: bytes) -> None:
        from tests.fuzz.strategies import check_input

        self.counts["inputs"] += 1
        signal.alarm(self.hang_seconds)
        started = time.perf_counter()
        try:
            outcome = check_input(name, data)
        except _Hang:
            self.note("hangs", f"{name} ({len(data)} bytes)")
            return
        except Exception as error:  # a crash: what the run is looking for
            self.note("crashes", f"{name}: {type(error).__name__}: {error}")
            return
        finally:
            signal.alarm(0)
            self.slowest = max(self.slowest, time.perf_counter() - started)
        self.counts["items"] += len(outcome.items)
        for problem in outcome.problems:
            kind = "silent drops" if problem.startswith("silent drop") else "rule breaches"
            self.note(kind, f"{name}: {problem}")


def run_readers(examples: int, tally: Tally, *, seeds_only: bool = False) -> None:
    from tests.fuzz.strategies import REGRESSIONS, SEEDS, inputs

    if seeds_only:
        for name, data in SEEDS + REGRESSIONS:
            tally.reader(name, data)
        return

    @_long_run(examples)
    @given(inputs)
    def fuzz(case: tuple[str, bytes]) -> None:
        tally.reader(*case)

    fuzz()


def _long_run(examples: int) -> settings:
    """Hypothesis settings for a long fuzz run: no deadline, no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def run_api(examples: int, tally: Tally) -> None:
    from fastapi.testclient import TestClient

    from storyline.api import create_app
    from tests.fuzz.strategies import inputs

    with tempfile.TemporaryDirectory(prefix="storyline-fuzz-") as scratch:
        client = TestClient(create_app(Path(scratch) / "s.db"), raise_server_exceptions=False)

        @_long_run(examples)
        @given(inputs)
        def fuzz(case: tuple[str, bytes]) -> None:
            name, data = case
            tally.counts["api inputs"] += 1
            for response in (
                client.post("/api/articles", files=[("files", (name, data))]),
                client.post(
                    "/api/articles",
                    content=data,
                    headers={"content-type": "application/x-ndjson"},
                ),
            ):
                if response.status_code >= 500:
                    tally.note("crashes", f"API {name}: HTTP {response.status_code}")

        with client:
            fuzz()


def _row(system: str, tally: Tally, seconds: float) -> dict[str, Any]:
    return {
        "run": system,
        "inputs": tally.counts["inputs"],
        "API inputs": tally.counts["api inputs"],
        "items": tally.counts["items"],
        "crashes": tally.counts["crashes"],
        "hangs": tally.counts["hangs"],
        "silent drops": tally.counts["silent drops"],
        "rule breaches": tally.counts["rule breaches"],
        "slowest input s": round(tally.slowest, 2),
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--api-examples", type=int, default=200)
    parser.add_argument("--hang-seconds", type=int, default=10)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    for name in ("storyline", "trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # rejections are counted, not logged
    rows = []
    peer = Tally(args.hang_seconds)
    started = time.perf_counter()
    run_readers(0, peer, seeds_only=True)
    rows.append(_row("valid seeds + regressions (peer)", peer, time.perf_counter() - started))
    tally = Tally(args.hang_seconds)
    started = time.perf_counter()
    run_readers(args.examples, tally)
    run_api(args.api_examples, tally)
    rows.append(_row("fuzzed (hypothesis)", tally, time.perf_counter() - started))
    print_table("Fuzzing the readers and POST /api/articles", rows)
    for kind, found in {**peer.examples, **tally.examples}.items():
        for example in found:
            print(f"{kind}: {example}")
    write_results("fuzz", {"rows": rows, "examples": {**peer.examples, **tally.examples}})
    bad = sum(t.counts[k] for t in (peer, tally) for k in ("crashes", "hangs", "silent drops"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
