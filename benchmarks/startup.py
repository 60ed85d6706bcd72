"""How fast the `storyline` command answers --help and --version, beside peers.

Each command runs ``--runs`` times as a fresh process (after one warm-up run so
the file cache is warm for everyone); the table gives the median and slowest
wall clock and the median CPU time (user + system, which waiting for a busy
core does not inflate).  Peers: the interpreter doing nothing (the floor), the
standard library's ``json.tool --help`` (a small argparse CLI), and
``sqlite-utils --help`` when it is installed.  The import of each heavy
dependency that ``--help`` must not load is checked in the same run.

    python -m benchmarks.startup [--runs 15]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.common import print_table, write_results

HEAVY = ("datasketch", "scipy", "numpy", "fastapi", "trafilatura", "lxml", "rich")
TARGET_SECONDS = 0.5


def commands() -> dict[str, list[str]]:
    python = sys.executable
    found = {
        "storyline --help": [python, "-m", "storyline.cli", "--help"],
        "storyline --version": [python, "-m", "storyline.cli", "--version"],
        "storyline stories --help": [python, "-m", "storyline.cli", "stories", "--help"],
        "python -c pass": [python, "-c", "pass"],
        "python -m json.tool --help": [python, "-m", "json.tool", "--help"],
    }
    sqlite_utils = shutil.which("sqlite-utils")
    if sqlite_utils:
        found["sqlite-utils --help"] = [sqlite_utils, "--help"]
    return found


def time_command(argv: Sequence[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run.

    On a shared machine the wall clock includes waiting for a core; the CPU time
    is what the command itself costs.
    """
    subprocess.run(argv, capture_output=True, check=True)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def heavy_imports_of_help() -> list[str]:
    probe = (
        "import sys, contextlib, io\n"
        "from storyline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [name for name in out.stdout.strip().split(",") if name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    args = parser.parse_args(argv)
    rows = []
    for name, command in commands().items():
        walls, cpus = time_command(command, args.runs)
        rows.append(
            {
                "command": name,
                "median s": round(statistics.median(walls), 3),
                "max s": round(max(walls), 3),
                "median CPU s": round(statistics.median(cpus), 3),
                "runs": args.runs,
            }
        )
    heavy = heavy_imports_of_help()
    print_table("Start-up time (wall clock, fresh process each run)", rows)
    print(f"heavy modules imported by --help: {', '.join(heavy) or 'none'}")
    ours = [row for row in rows if row["command"].startswith("storyline")]
    met = all(row["median s"] < TARGET_SECONDS for row in ours)
    print(
        f"target: storyline's median wall clock under {TARGET_SECONDS} s: "
        f"{'met' if met else 'NOT met'}"
    )
    write_results("startup", {"rows": rows, "heavy_imports": heavy, "target_met": met})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
