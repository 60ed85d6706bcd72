"""The `storyline` command: parse arguments, call the library, format the output.

Errors raised on purpose (:class:`StorylineError`) become one line on stderr and
the exit code documented in the README; nothing here prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .config import load_settings
from .errors import EXIT_CODES, InputError, InvalidParameter, StorylineError
from .models import Rejection
from .pipeline import IngestReport, Pipeline, ProgressCallback
from .render import story_markdown, summary_lines
from .store import SQLiteStore, open_store

__all__ = ["main"]

_STEP_LABELS = {
    "read": "Reading inputs",
    "process": "Grouping articles",
    "summarize": "Summarising",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(getattr(args, "verbose", 0))
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_CODES["invalid parameter"]
    try:
        code: int = args.handler(args)
        return code
    except StorylineError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "storyline: interrupted; the store holds only whole transactions. "
            "Run the same command again to finish.",
            file=sys.stderr,
        )
        return EXIT_CODES["interrupted"]
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return EXIT_CODES["ok"]


def _configure_logging(verbose: int) -> None:
    """Library warnings become one 'storyline: warning: ...' line each on stderr."""
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
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="the store file (default: storyline.db)")
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
        help="override a setting, e.g. --set summarize.word_budget=80 (repeatable)",
    )
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print JSON instead of text")
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    parser = argparse.ArgumentParser(
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
        parents: list[argparse.ArgumentParser],
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, parents=parents)
        sub.set_defaults(handler=handler)
        return sub

    sub = command(
        "ingest",
        cmd_ingest,
        "Read articles, then update duplicates, stories and summaries.",
        [common, json_flag, quiet],
    )
    sub.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or folders (read recursively); '-' reads standard input",
    )
    sub.add_argument("--outlet", help="outlet name for every article read (overrides metadata)")
    sub.add_argument(
        "--format",
        choices=["html", "text", "jsonl", "feed", "warc"],
        help="input format (default: from the file name or content)",
    )

    sub = command("stories", cmd_stories, "List stories, newest first.", [common, json_flag])
    sub.add_argument("--limit", type=int, default=20, help="how many (default: 20)")
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
        "Show one story: summary with sources, duplicates, comparison.",
        [common, json_flag],
    )
    sub.add_argument("story_id", metavar="ID", help="story id (a unique prefix is enough)")

    sub = command(
        "article",
        cmd_article,
        "Show one article with the noise cleaning removed.",
        [common, json_flag],
    )
    sub.add_argument("article_id", metavar="ID", help="article id (a unique prefix is enough)")

    sub = command(
        "search", cmd_search, "Full-text search over the cleaned articles.", [common, json_flag]
    )
    sub.add_argument("query", metavar="QUERY", help="words to look for (all must match)")
    sub.add_argument("--limit", type=int, default=20, help="how many results (default: 20)")

    sub = command("export", cmd_export, "Export stories as JSON, JSON Lines or Markdown.", [common])
    sub.add_argument("--format", choices=["json", "jsonl", "markdown"], default="jsonl")
    sub.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    sub.add_argument(
        "--story", action="append", default=[], metavar="ID", help="only this story (repeatable)"
    )

    command(
        "rebuild",
        cmd_rebuild,
        "Re-parse the kept raw inputs and recompute everything with the current settings.",
        [common, json_flag, quiet],
    )
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


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidParameter(f"--set needs STAGE.PARAM=VALUE. Got {pair!r} instead.")
        result[key.strip()] = value
    return result


@contextmanager
def _open(args: argparse.Namespace, *, db: str | None = None) -> Iterator[tuple[SQLiteStore, Any]]:
    settings = load_settings(db=db or args.db, config=args.config, overrides=_overrides(args.set))
    store = open_store(settings.db)
    try:
        yield store, settings
    finally:
        store.close()


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(_STEP_LABELS.get(step, step), total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _print_rejection(rejection: Rejection) -> None:
    print(f"storyline: rejected {rejection.message()}", file=sys.stderr)


def _report_text(report: IngestReport, store: SQLiteStore) -> str:
    counts = store.counts()
    return (
        f"Read {report.files} file(s): {report.added} new article(s), "
        f"{report.already_stored} already stored, {len(report.rejected)} rejected.\n"
        f"Store: {counts['articles']} articles, {counts['duplicate_groups']} duplicate groups, "
        f"{counts['stories']} stories, {counts['rejections']} rejections "
        f"({report.stories_changed} stories updated, {report.summaries} summaries written)."
    )


# -- commands -----------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = [p for p in args.paths if p != "-"]
    stdin = sys.stdin.buffer.read() if "-" in args.paths else None
    if stdin is not None and not stdin:
        raise InputError("Standard input ('-') is empty.")
    with _open(args) as (store, settings), _progress(not args.quiet) as progress:
        pipeline = Pipeline(store, settings, progress=progress)
        report = pipeline.ingest(
            paths,
            outlet=args.outlet,
            format=args.format,
            stdin=stdin,
            on_rejection=None if args.json else _print_rejection,
        )
        if args.json:
            _emit_json({**report.as_dict(), "store": store.counts()})
        else:
            print(_report_text(report, store))
    return EXIT_CODES["ok"]


def cmd_stories(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        stories = store.list_stories(
            limit=args.limit,
            offset=args.offset,
            sort=args.sort,
            outlet=args.outlet,
            since=args.since,
            until=args.until,
            query=args.query,
            language=args.language,
        )
    if args.json:
        _emit_json(stories)
        return EXIT_CODES["ok"]
    if not stories:
        print("No stories. Add articles with: storyline ingest PATH")
        return EXIT_CODES["ok"]
    for story in stories:
        date = (story["last_published"] or "undated")[:10]
        language = story.get("language") or "--"
        print(
            f"{story['id']}  {date}  {story['size']:>3} art. {story['sources']:>3} src.  "
            f"{language:<3} {_shortened(story['title'])}"
        )
    return EXIT_CODES["ok"]


def _shortened(title: str, limit: int = 100) -> str:
    """A title cut at a word for one line of the list (``--json`` keeps it whole)."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + " …"


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        story = store.story(store.resolve_story_id(args.story_id))
    if args.json:
        _emit_json(story)
    else:
        sys.stdout.write(story_markdown(story))
    return EXIT_CODES["ok"]


def cmd_article(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        article = store.article_detail(store.resolve_article_id(args.article_id))
    if args.json:
        _emit_json(article)
        return EXIT_CODES["ok"]
    print(
        f"# {article['title']}\n\n{article['outlet']} · {article['published'] or 'undated'}"
        f" · {article['origin']}\n"
    )
    print(article["clean_text"] or "")
    if article["removals"]:
        print("\n## Removed by cleaning\n")
        for removal in article["removals"]:
            print(f"- ({removal['reason']}) {removal['text']}")
    return EXIT_CODES["ok"]


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        _emit_json(hits)
        return EXIT_CODES["ok"]
    if not hits:
        print(f"No article matches {args.query!r}.")
    for hit in hits:
        print(
            f"{hit['story_id'] or '-':<16}  {hit['outlet']}: {hit['title']}\n    {hit['snippet']}"
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
    elif args.format == "jsonl":
        text = "".join(json.dumps(s, ensure_ascii=False, default=str) + "\n" for s in stories)
    else:
        text = "\n".join(story_markdown(s) for s in stories)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Cannot write {args.output}: {exc.strerror}") from None
        print(f"Wrote {len(stories)} stories to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_CODES["ok"]


def cmd_rebuild(args: argparse.Namespace) -> int:
    with _open(args) as (store, settings), _progress(not args.quiet) as progress:
        report = Pipeline(store, settings, progress=progress).rebuild()
        if args.json:
            _emit_json({**report.as_dict(), "store": store.counts()})
        else:
            print(
                f"Rebuilt: {report.processed} articles processed, "
                f"{len(store.dirty_stories())} stories pending, "
                f"{store.counts()['stories']} stories, {report.summaries} summaries."
            )
    return EXIT_CODES["ok"]


def cmd_rejects(args: argparse.Namespace) -> int:
    with _open(args) as (store, _):
        rejections = store.rejections()
    if args.json:
        _emit_json(rejections)
        return EXIT_CODES["ok"]
    if not rejections:
        print("No rejected inputs.")
    for item in rejections:
        print(f"{item['location']}: {item['reason']} ({item['action']}; raw {item['raw_size']} B)")
    return EXIT_CODES["ok"]


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args) as (store, settings):
        counts = store.counts()
        data = {"db": settings.db, "schema_version": store.schema_version(), **counts}
    if args.json:
        _emit_json(data)
    else:
        for key, value in data.items():
            print(f"{key:<16} {value}")
    return EXIT_CODES["ok"]


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from .api import serve

    token = args.token or os.environ.get("STORYLINE_TOKEN") or None
    if args.max_body_mb <= 0:
        raise InvalidParameter(f"--max-body-mb must be more than 0. Got {args.max_body_mb}.")
    settings = load_settings(db=args.db, config=args.config, overrides=_overrides(args.set))
    serve(
        settings,
        host=args.host,
        port=args.port,
        token=token,
        max_body_bytes=int(args.max_body_mb * 1024 * 1024),
    )
    return EXIT_CODES["ok"]


def cmd_demo(args: argparse.Namespace) -> int:
    corpus = resources.files("storyline") / "data" / "demo" / "articles"
    with resources.as_file(corpus) as folder, tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "demo.db")
        with _open(args, db=db) as (store, settings), _progress(not args.quiet) as progress:
            report = Pipeline(store, settings, progress=progress).ingest(
                [folder], on_rejection=None if args.json else _print_rejection
            )
            stories = [store.story(s["id"]) for s in store.list_stories(limit=-1, sort="recent")]
            counts = store.counts()
    if args.json:
        _emit_json({"ingest": report.as_dict(), "store": counts, "stories": stories})
        return EXIT_CODES["ok"]
    print(
        f"storyline demo: {counts['articles']} articles from the bundled corpus, "
        f"{counts['duplicate_groups']} distinct texts, {counts['stories']} stories.\n"
    )
    for story in stories:
        if args.full:
            print(story_markdown(story))
            continue
        _print_story_brief(story)
    if not args.db:
        print(
            "(A temporary store was used; pass --db demo.db to keep it and explore with "
            "`storyline stories --db demo.db`.)"
        )
    return EXIT_CODES["ok"]


def _print_story_brief(story: dict[str, Any]) -> None:
    print(f"== {story['title']}  [{story['id']}]")
    print(
        f"   {story['size']} articles, {story['sources']} independent sources: "
        f"{', '.join(story['outlet_names'])}"
    )
    for group in story["duplicate_groups"]:
        copies = [m["outlet"] for m in group["members"]]
        print(f"   copies counted once: {' = '.join(copies)}")
    removals = [r for a in story["articles"] for r in a.get("removals", [])]
    if removals:
        reasons = sorted({r["reason"].split(" (")[0] for r in removals})
        print(f"   noise removed: {len(removals)} paragraph(s) ({'; '.join(reasons)})")
    for line in summary_lines(story):
        print(f"   * {line}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
