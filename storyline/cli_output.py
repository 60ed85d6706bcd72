"""How the `storyline` command writes: JSON, CSV, errors under --json, progress bars.

Kept apart from ``cli.py`` (which parses and dispatches) and free of the
pipeline's imports, so ``storyline --help`` stays fast.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["STEP_LABELS", "emit_csv", "emit_json", "error_json", "progress_bar"]

STEP_LABELS = {
    "read": "Reading files",
    "store": "Storing articles",
    "process": "Grouping articles",
    "summarize": "Summarising",
}

Progress = Callable[[str, int, int], None]


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def error_json(message: str, code: int) -> None:
    """An error under --json: one object on stderr, in the HTTP API's shape.

    ``status`` is the exit code the command returns.
    """
    data = {"ok": False, "error": message, "status": code}
    sys.stderr.write(json.dumps(data, ensure_ascii=False) + "\n")


def emit_csv(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *, out: IO[str] | None = None
) -> None:
    """Rows as CSV with a header line; lists are joined with '; ', None is empty."""
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A progress callback drawing one bar per step on stderr (a terminal only).

    A step reported with ``total`` 0 has no known end: it shows a count and a rate
    instead of a bar and an ETA.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                label = STEP_LABELS.get(step, step)
                tasks[step] = bar.add_task(label, total=total or None, rate="")
            task = tasks[step]
            bar.update(task, completed=done, total=total or None)
            speed = next(t.speed for t in bar.tasks if t.id == task)
            bar.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield update
