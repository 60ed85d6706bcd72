"""The `storyline` command: parse arguments, call the library, format the output.

This module is the entry point: it assembles the parser from the commands of
``cli_read.py`` (they only read the store) and ``cli_compute.py`` (they compute
results) and turns errors into exit codes. Errors raised on purpose
(:class:`StorylineError`) become one line on stderr and the exit code documented
in the README; nothing here prints a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
from collections.abc import Callable, Sequence

from . import __version__, cli_compute, cli_read
from .cli_common import AddCommand, Flags, Handler, Parser, UsageError, shared_flags
from .cli_output import error_json
from .errors import EXIT_CODES, StorylineError

__all__ = ["main"]

GC_THRESHOLDS = (20_000, 20, 20)  # the collector's thresholds (Python's defaults: 700, 10, 10)

# The commands in the order `storyline --help` lists them.
_COMMANDS: tuple[Callable[[AddCommand, Flags], None], ...] = (
    cli_compute.add_ingest,
    cli_read.add_stories,
    cli_read.add_show,
    cli_read.add_threads,
    cli_read.add_article,
    cli_read.add_search,
    cli_read.add_export,
    cli_compute.add_rebuild,
    cli_read.add_rejects,
    cli_read.add_status,
    cli_compute.add_serve,
    cli_compute.add_demo,
)


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


def build_parser() -> argparse.ArgumentParser:
    flags = shared_flags()
    parser = Parser(
        prog="storyline",
        description="Offline news story engine: clean, de-duplicate and group articles from "
        "many outlets into stories with attributed summaries.",
        epilog="Exit codes: " + ", ".join(f"{code} {name}" for name, code in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add_command(
        name: str, handler: Handler, help: str, parents: list[Parser]
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, parents=parents)
        sub.set_defaults(handler=handler, command=name)
        return sub

    for add in _COMMANDS:
        add(add_command, flags)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
