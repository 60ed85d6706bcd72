"""What the `storyline` command modules share: the flags, a command's settings and store.

``cli.py`` assembles the parser from the commands of ``cli_read.py`` (they only
read the store) and ``cli_compute.py`` (they compute results); both build their
commands from the flags here and open the store through :func:`command_store`.
Nothing here imports the pipeline or the store at import time, so
``storyline --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import InvalidParameter

if TYPE_CHECKING:  # the pipeline and the store import the stages: loaded when a command runs
    from .config import Settings
    from .models import Rejection
    from .store import SQLiteStore

__all__ = [
    "COMPUTING",
    "AddCommand",
    "Flags",
    "Handler",
    "Parser",
    "UsageError",
    "command_settings",
    "command_store",
    "print_rejection",
    "shared_flags",
    "warn",
]

# Commands that compute results and so apply stage settings (--set stage.param=value);
# the others only read the store.
COMPUTING = ("ingest", "rebuild", "demo", "serve")

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A command line argparse cannot parse (raised instead of exiting)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(message, self.format_usage())


# add_command(name, handler, help, parents) -> the command's parser, to add its arguments to
AddCommand = Callable[[str, Handler, str, list[Parser]], argparse.ArgumentParser]


class Flags:
    """The option groups commands take as parents: every command has ``common``.

    A plain class: a dataclass or NamedTuple here would cost `storyline --help`
    more than the rest of this module.
    """

    __slots__ = ("common", "csv", "json", "quiet")

    def __init__(self, *, common: Parser, json: Parser, csv: Parser, quiet: Parser) -> None:
        self.common = common
        self.json = json
        self.csv = csv
        self.quiet = quiet


def shared_flags() -> Flags:
    common = Parser(add_help=False)
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
    json_flag = Parser(add_help=False)
    json_flag.add_argument(
        "--json",
        action="store_true",
        help="print JSON instead of text (errors: one JSON object on stderr)",
    )
    csv_flag = Parser(add_help=False)
    csv_flag.add_argument("--csv", action="store_true", help="print CSV instead of text")
    quiet = Parser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    return Flags(common=common, json=json_flag, csv=csv_flag, quiet=quiet)


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidParameter(f"--set needs STAGE.PARAM=VALUE. Got {pair!r} instead.")
        result[key.strip()] = value
    return result


def command_settings(args: argparse.Namespace, *, db: str | None = None) -> Settings:
    """The settings for this command; a stage setting given to a read command is an error."""
    from .config import load_settings

    overrides = _overrides(args.set)
    if getattr(args, "embeddings", None):
        overrides["thread.embeddings"] = args.embeddings
    settings = load_settings(db=db or args.db, config=args.config, overrides=overrides)
    if getattr(args, "jobs", None) is not None:
        settings.set("pipeline.jobs", args.jobs, source="--jobs")
    if args.command not in COMPUTING:
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
def command_store(
    args: argparse.Namespace, *, db: str | None = None, create: bool = False
) -> Iterator[tuple[SQLiteStore, Settings]]:
    """The store and settings of a command; only ``create`` commands make a new store."""
    from .store import open_store

    settings = command_settings(args, db=db)
    store = open_store(settings.db, create=create)
    try:
        yield store, settings
    finally:
        store.close()


def print_rejection(rejection: Rejection) -> None:
    print(f"storyline: rejected {rejection.message()}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"storyline: warning: {message}", file=sys.stderr)
