"""How the `storyline` command writes: JSON, CSV, errors under --json, progress bars.

Kept apart from ``cli.py`` (which parses and dispatches) and free of the
pipeline's imports, so ``storyline --help`` stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from .render import date_range, plural, removal_reason, summary_lines

if TYPE_CHECKING:
    from .pipeline import IngestReport

__all__ = [
    "STEP_LABELS",
    "STORY_COLUMNS",
    "emit_csv",
    "emit_json",
    "error_json",
    "ingest_report_text",
    "print_story_brief",
    "progress_bar",
    "shorten",
    "stories_csv",
]

STEP_LABELS = {
    "read": "Reading files",
    "bytes": "Reading (KiB)",
    "store": "Storing articles",
    "clean": "Cleaning",
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
            if step == "bytes":  # shown in KiB: one big file gets a bar, a rate and an ETA
                done, total = done // 1024, -(-total // 1024)
            if step not in tasks:
                label = STEP_LABELS.get(step, step)
                tasks[step] = bar.add_task(label, total=total or None, rate="")
            task = tasks[step]
            bar.update(task, completed=done, total=total or None)
            speed = next(t.speed for t in bar.tasks if t.id == task)
            bar.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield update


STORY_COLUMNS = (
    "id",
    "title",
    "first_published",
    "last_published",
    "size",
    "sources",
    "outlets",
    "outlet_names",
    "conflicts",
    "lead",
    "language",
)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + " …"


def stories_csv(stories: Sequence[dict[str, Any]]) -> str:
    """One row per story: its header and its summary (sentences joined, each with its outlets)."""
    rows = []
    for story in stories:
        sentences = (story.get("summary") or {}).get("sentences", [])
        rows.append(
            {
                **{key: story.get(key) for key in STORY_COLUMNS if key not in ("lead",)},
                "summary": " ".join(s["text"] for s in sentences),
                "summary_sources": " | ".join("; ".join(s["outlets"]) for s in sentences),
            }
        )
    out = io.StringIO()
    columns = (*(c for c in STORY_COLUMNS if c not in ("lead", "conflicts")), "summary")
    emit_csv((*columns, "summary_sources"), rows, out=out)
    return out.getvalue()


def print_story_brief(story: dict[str, Any]) -> None:
    print(f"== {story['title']}  [{story['id']}]")
    print(
        f"   {plural(story['size'], 'article')}, "
        f"{plural(story['sources'], 'independent source')}, "
        f"{date_range(story['first_published'], story['last_published'])}: "
        f"{', '.join(story['outlet_names'])}"
    )
    for group in story["duplicate_groups"]:
        copies = [m["outlet"] for m in group["members"]]
        print(f"   copies counted once: {' = '.join(copies)}")
    removals = [r for a in story["articles"] for r in a.get("removals", [])]
    if removals:
        reasons = sorted({removal_reason(r["reason"]).split(", first")[0] for r in removals})
        print(f"   noise removed: {plural(len(removals), 'paragraph')} ({'; '.join(reasons)})")
    for line in summary_lines(story):
        print(f"   * {line}")
    print()


def ingest_report_text(report: IngestReport, counts: Mapping[str, int]) -> str:
    """What `storyline ingest` prints at the end: what was read, then the store's totals."""
    return (
        f"Read {plural(report.files, 'file')}: {plural(report.added, 'new article')}, "
        f"{report.already_stored} already stored, {len(report.rejected)} rejected.\n"
        f"Store: {plural(counts['articles'], 'article')}, "
        f"{plural(counts['duplicate_groups'], 'duplicate group')}, "
        f"{plural(counts['stories'], 'story')}, {plural(counts['rejections'], 'rejection')} "
        f"({plural(report.stories_changed, 'story', 'stories')} updated, "
        f"{plural(report.summaries, 'summary', 'summaries')} written)."
        + (f"\n{note}" if (note := report.without_outlet_note()) else "")
    )
