"""The public entry points: find the files, tell their format, hand each to its reader.

:mod:`storyline.ingest` re-exports the names in ``__all__``.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from storyline.errors import InputError, InvalidParameter, check_choice
from storyline.ingest.articles import Item
from storyline.ingest.feeds import parse_feed_entry, read_feed
from storyline.ingest.html import parse_html_page
from storyline.ingest.jsonl import parse_json_line, read_jsonl
from storyline.ingest.raw import (
    MAX_DOCUMENT_BYTES,
    SNIFF_SIZE,
    UTF8_BOM,
    UTF16_BOMS,
    Opener,
    decompress,
    decompressed_head,
    display_name,
    file_problem,
    read_capped,
    read_keepable,
    reject_large,
    start_problem,
    too_large_reason,
)
from storyline.ingest.text_layout import parse_text
from storyline.ingest.warc import parse_warc_record, read_warc
from storyline.models import Accepted, Origin, Rejection

__all__ = [
    "FORMATS",
    "detect_format",
    "discover",
    "read_bytes",
    "read_file",
    "read_files",
    "read_inputs",
    "read_stream",
    "reparse",
]

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("html", "text", "jsonl", "feed", "warc")

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}
_SUPPORTED = ".html .htm .txt .jsonl .ndjson .rss .atom .xml (feeds) .warc, and each with .gz"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article)[\s>/]")


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """The files named by ``paths``, with folders expanded recursively.

    Named paths keep their order; the files under each folder are sorted, and
    hidden files and folders (names starting with ".") under a folder are
    skipped.  Symbolic links to folders are followed, each folder read once
    (a link back to a folder above it is not followed again).  Entries that
    cannot be read (dangling links, link loops, unreadable files or folders,
    pipes, devices) are listed too: :func:`read_files` turns each into a
    rejection.  A file named twice is listed once.  Raises
    :class:`~storyline.errors.InputError` naming the path when a named path
    does not exist or cannot be read.
    """
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        _check_named_path(path)
        if path.is_dir():
            found.update(dict.fromkeys(_walk_folder(path)))
        else:
            found[path] = None
    return list(found)


def detect_format(name: str, data: bytes) -> str | None:
    """The format of an input called ``name`` starting with ``data``, or None.

    The extension decides (``.gz`` is looked through); ``.xml`` files must
    look like an RSS/Atom feed; names without an extension (such as
    ``<stdin>``) are sniffed from their content.  ``data`` may be gzipped.
    """
    extension = _extension(name)
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if extension == ".xml":
        start = (decompressed_head(data) or b"")[:4096]
        return "feed" if _FEED_ROOT.search(start.lower()) else None
    if extension:
        return None
    return _sniff(decompressed_head(data) or b"")


def read_file(
    path: Path, *, outlet: str | None = None, format: str | None = None
) -> Iterator[Item]:
    """Read one file; yields an Accepted or a Rejection per article-sized piece."""
    _check_options("read_file", outlet, format)
    path = Path(path)
    _check_named_path(path)
    if path.is_dir():
        raise InputError(f"'{path}' is a folder; read_inputs reads folders, read_file one file")
    return _read_files([path], outlet, format, None)


def read_bytes(
    data: bytes, *, name: str, outlet: str | None = None, format: str | None = None
) -> Iterator[Item]:
    """Read bytes already in memory (standard input, an upload) called ``name``."""
    _check_options("read_bytes", outlet, format)
    return _read_source(lambda: io.BytesIO(data), name, outlet, format)


def read_stream(
    stream: IO[bytes], *, name: str, outlet: str | None = None, format: str | None = None
) -> Iterator[Item]:
    """Read a seekable binary stream (such as an upload spooled to disk) called ``name``.

    The stream is read from its start and left open; memory use is bounded as
    for a file, not by the stream's size.
    """
    _check_options("read_stream", outlet, format)
    return _read_source(lambda: io.BufferedReader(_Borrowed(stream)), name, outlet, format)


class _Borrowed(io.RawIOBase):
    """A view of a shared stream with its own position; closing it leaves the stream open."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._stream = stream
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._stream.seek(self._position)
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._position = offset
        elif whence == io.SEEK_CUR:
            self._position += offset
        else:
            self._position = self._stream.seek(offset, io.SEEK_END)
        return self._position

    def tell(self) -> int:
        return self._position


def read_inputs(
    paths: Sequence[str | Path],
    *,
    outlet: str | None = None,
    format: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    progress_bytes: Callable[[int, int], None] | None = None,
) -> Iterator[Item]:
    """Read every file named or found under ``paths``; ``progress(done, total)`` per file.

    ``progress_bytes(done, total)`` follows the bytes read across all files after
    each item, so one big file shows its progress too (``total`` is the files'
    size on disk: compressed input counts as stored).

    Named paths are checked before anything is read, so a missing path raises
    :class:`~storyline.errors.InputError` at the call, not half-way through.
    """
    _check_options("read_inputs", outlet, format)
    files = discover(paths)
    return _read_files(files, outlet, format, progress, progress_bytes)


def read_files(
    files: Sequence[Path],
    *,
    outlet: str | None = None,
    format: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    progress_bytes: Callable[[int, int], None] | None = None,
) -> Iterator[Item]:
    """Read files listed by :func:`discover`; any that cannot be read becomes a rejection.

    Unlike :func:`read_inputs` nothing raises for a bad path: special files
    are rejected without being opened, and a file that vanished, a dangling
    link or a permission problem is a rejection naming the file.
    ``progress`` and ``progress_bytes`` are as for :func:`read_inputs`.
    """
    _check_options("read_files", outlet, format)
    return _read_files([Path(f) for f in files], outlet, format, progress, progress_bytes)


def reparse(
    raw: bytes, *, format: str, origin: Origin, outlet: str | None = None
) -> Accepted | Rejection:
    """Parse one stored raw blob again with the current code.

    For every Accepted ``a`` from a reader called with ``outlet``,
    ``reparse(a.raw, format=a.article.format, origin=a.article.origin, outlet=outlet) == a``.
    """
    check_choice("reparse", "format", format, FORMATS)
    _check_options("reparse", outlet, None)
    if format == "jsonl":
        return parse_json_line(raw, origin, outlet)
    if format == "feed":
        if origin.entry is None:
            return Rejection(origin, "a feed entry needs origin.entry", raw=raw, format=format)
        return parse_feed_entry(raw, origin, outlet)
    if format == "warc":
        return parse_warc_record(raw, origin, outlet)
    data, problem = decompress(raw)
    if problem:
        return Rejection(origin, problem, raw=raw, format=format)
    return _parse_document(data, format, origin, outlet)


def _check_options(owner: str, outlet: str | None, format: str | None) -> None:
    if format is not None:
        check_choice(owner, "format", format, FORMATS)
    if outlet is not None and (not isinstance(outlet, str) or not outlet.strip()):
        raise InvalidParameter(
            f"The 'outlet' parameter of {owner} must be a non-empty string or None. "
            f"Got {outlet!r} instead."
        )


def _check_named_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"'{path}' does not exist")
    wanted = os.R_OK | os.X_OK if path.is_dir() else os.R_OK
    if not os.access(path, wanted):
        raise InputError(f"'{path}' cannot be read (permission denied)")


def _walk_folder(folder: Path) -> list[Path]:
    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending: list[Path] = [folder]
    linked: list[Path] = []  # real folders are read before linked ones
    while pending or linked:
        current = pending.pop() if pending else linked.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                files.append(current)  # read as a rejection: already read (a link loop)
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            files.append(current)  # read as a rejection naming the folder and why
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                (linked if entry.is_symlink() else pending).append(Path(entry.path))
            else:
                files.append(Path(entry.path))
    return sorted(files)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _read_files(
    files: list[Path],
    outlet: str | None,
    format: str | None,
    progress: Callable[[int, int], None] | None,
    progress_bytes: Callable[[int, int], None] | None = None,
) -> Iterator[Item]:
    if progress:
        progress(0, len(files))
    sizes = [_size_on_disk(path) for path in files] if progress_bytes else []
    total_bytes, before = sum(sizes), 0
    for done, path in enumerate(files, start=1):
        name = display_name(path)
        problem = file_problem(path)
        if problem:
            yield Rejection(Origin(name), problem, format=format, action="skipped")
        elif progress_bytes is None:
            yield from _read_source(_file_opener(path), name, outlet, format)
        else:
            opened: list[IO[bytes]] = []
            for item in _read_source(_file_opener(path, opened), name, outlet, format):
                yield item
                progress_bytes(before + _position(opened), total_bytes)
        if progress_bytes is not None:
            before += sizes[done - 1]
            progress_bytes(before, total_bytes)
        if progress:
            progress(done, len(files))


def _size_on_disk(path: Path) -> int:
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _position(opened: list[IO[bytes]]) -> int:
    """How far the reader has got in the file it opened last (0 when it is closed)."""
    try:
        return opened[-1].tell() if opened and not opened[-1].closed else 0
    except (OSError, ValueError):
        return 0


def _file_opener(path: Path, opened: list[IO[bytes]] | None = None) -> Opener:
    def open_file() -> IO[bytes]:
        stream = path.open("rb")
        if opened is not None:
            opened.append(stream)
            del opened[:-1]  # only the latest is asked where it is
        return stream

    return open_file


def _read_source(
    open_stream: Opener, name: str, outlet: str | None, fmt: str | None
) -> Iterator[Item]:
    origin = Origin(name)
    try:
        with open_stream() as stream:
            head = stream.read(SNIFF_SIZE)
        fmt = fmt or detect_format(name, head)
        if fmt == "warc":
            yield from read_warc(open_stream, name, outlet)
        elif fmt == "jsonl":
            yield from read_jsonl(open_stream, name, outlet)
        else:
            yield from _read_whole(open_stream, name, head, fmt, outlet)
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
        yield Rejection(origin, reason, format=fmt, action="skipped; nothing could be read")
    except Exception:  # a reader bug must not stop the batch: this input is rejected
        logger.exception("%s: unexpected failure while reading", name)
        reason = "could not be read because of an unexpected error in storyline (see the log)"
        yield Rejection(origin, reason, format=fmt, action="skipped; the rest was not read")


def _read_whole(
    open_stream: Opener, name: str, head: bytes, fmt: str | None, outlet: str | None
) -> Iterator[Item]:
    origin = Origin(name)
    with open_stream() as stream:
        if fmt is None:
            raw, too_large = read_keepable(stream), False
        else:
            raw, too_large = read_capped(stream, MAX_DOCUMENT_BYTES)
    if fmt is None:
        yield reject_large(origin, _unsupported_reason(name, head), raw, None)
        return
    if too_large:
        reason = too_large_reason(MAX_DOCUMENT_BYTES, "the file")
        yield Rejection(origin, reason, format=fmt, action="skipped; raw bytes not kept")
        return
    data, problem = decompress(raw)
    if problem:
        yield reject_large(origin, problem, raw, fmt)
    elif fmt == "feed":
        yield from read_feed(data, name, outlet)
    else:
        yield _parse_document(data, fmt, origin, outlet)


def _unsupported_reason(name: str, head: bytes) -> str:
    extension = _extension(name)
    if extension == ".xml":
        return "XML file that is not an RSS or Atom feed"
    if extension:
        return f"unsupported file type '{extension}' (supported: {_SUPPORTED})"
    return start_problem(head) or (
        "binary or unrecognised content (not HTML, text, JSON Lines, a feed or WARC)"
    )


def _extension(name: str) -> str:
    return os.path.splitext(os.path.basename(name.lower().removesuffix(".gz")))[1]


def _sniff(head: bytes) -> str | None:
    start = head.removeprefix(UTF8_BOM).lstrip()[:4096]
    lowered = start.lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return None
    if start.startswith(b"<"):
        if _FEED_ROOT.search(lowered):
            return "feed"
        return "html" if _HTML_ROOT.search(lowered) else None
    if start.startswith(b"{"):
        return "jsonl"
    return "text" if start else None


def _parse_document(data: bytes, fmt: str, origin: Origin, outlet: str | None) -> Item:
    """An HTML page or a plain-text article: the whole of ``data`` is one article."""
    if not data.strip():
        return Rejection(origin, "empty file", raw=data, format=fmt)
    if fmt == "html":
        return parse_html_page(data, origin, outlet)
    if fmt == "text":
        return parse_text(data, origin, outlet)
    return Rejection(origin, f"format '{fmt}' is not a single document", raw=data, format=fmt)
