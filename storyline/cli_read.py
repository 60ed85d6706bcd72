"""The `storyline` commands that only read the store: stories, show, threads, article,
search, export, rejects and status.

Each ``add_*`` function registers one command on the parser ``cli.py`` builds;
its handler opens the store, asks it, and formats the answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .cli_common import AddCommand, Flags, command_store
from .cli_output import STORY_COLUMNS, emit_csv, emit_json, shorten, stories_csv
from .errors import EXIT_CODES, InputError, InvalidParameter, NotFound
from .render import day, moment, plural, removal_reason, story_markdown

__all__ = [
    "add_article",
    "add_export",
    "add_rejects",
    "add_search",
    "add_show",
    "add_status",
    "add_stories",
    "add_threads",
]


def add_stories(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "stories", cmd_stories, "List stories, newest first.", [flags.common, flags.json, flags.csv]
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


def _date_arg(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def add_show(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "show",
        cmd_show,
        "Show one story (summary with sources, duplicates, comparison) or one thread.",
        [flags.common, flags.json],
    )
    sub.add_argument(
        "story_id", metavar="ID", help="story or thread id (a unique prefix is enough)"
    )


def add_threads(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "threads",
        cmd_threads,
        "List threads (developing stories: the stories of one topic over weeks), newest first.",
        [flags.common, flags.json],
    )
    sub.add_argument("--limit", type=int, default=20, help="how many (default: 20)")
    sub.add_argument("--offset", type=int, default=0, help="skip this many first")


def add_article(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "article",
        cmd_article,
        "Show one article with the noise cleaning removed.",
        [flags.common, flags.json],
    )
    sub.add_argument("article_id", metavar="ID", help="article id (a unique prefix is enough)")


def add_search(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "search",
        cmd_search,
        "Full-text search over the cleaned articles (word forms match: 'kidnapped' finds "
        "'kidnapping').",
        [flags.common, flags.json, flags.csv],
    )
    sub.add_argument("query", metavar="QUERY", help="words to look for (all must match)")
    sub.add_argument("--limit", type=int, default=20, help="how many results (default: 20)")


def add_export(add_command: AddCommand, flags: Flags) -> None:
    sub = add_command(
        "export", cmd_export, "Export stories as JSON, JSON Lines, CSV or Markdown.", [flags.common]
    )
    sub.add_argument("--format", choices=["json", "jsonl", "csv", "markdown"], default="jsonl")
    sub.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    sub.add_argument(
        "--story", action="append", default=[], metavar="ID", help="only this story (repeatable)"
    )


def add_rejects(add_command: AddCommand, flags: Flags) -> None:
    add_command(
        "rejects",
        cmd_rejects,
        "List the inputs that were rejected, with the reason.",
        [flags.common, flags.json],
    )


def add_status(add_command: AddCommand, flags: Flags) -> None:
    add_command("status", cmd_status, "Counts of what the store holds.", [flags.common, flags.json])


# -- handlers -------------------------------------------------------------------


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
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
        story = store.story(store.resolve_story_id(args.story_id))
    if args.json:
        emit_json(story)
    else:
        sys.stdout.write(story_markdown(story))
    return EXIT_CODES["ok"]


def cmd_article(args: argparse.Namespace) -> int:
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
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


def cmd_rejects(args: argparse.Namespace) -> int:
    with command_store(args) as (store, _):
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
    with command_store(args) as (store, _):
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
