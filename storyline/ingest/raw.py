"""Raw bytes: gzip, UTF-8 decoding, and rejections that keep the bytes they came from.

Every reader starts from bytes.  This is the one place that looks through
gzip, decodes UTF-8 with a reason naming the bad byte, and decides whether a
rejected input is small enough to be kept whole.
"""

from __future__ import annotations

import io
import os
import stat
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from storyline.models import Origin, Rejection

Opener = Callable[[], IO[bytes]]

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_SIZE = 64 * 1024
# Raw bytes of a rejected file are kept only up to this size, so that a stray
# video in an input folder does not end up in memory and in the store.
_MAX_KEPT_RAW = 32 * 1024 * 1024
#: A file read whole (HTML, text, a feed), after decompression, is rejected past this size.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
#: One JSON Lines line is rejected past this size (the rest of the file is still read).
MAX_LINE_BYTES = 32 * 1024 * 1024
#: gzip data may expand at most this many times (checked once past MIN_RATIO_CHECK bytes out).
MAX_GZIP_RATIO = 100
MIN_RATIO_CHECK = 1024 * 1024
_CHUNK = 64 * 1024

UTF16_PROBLEM = "the text is UTF-16 encoded; re-encode it as UTF-8 (e.g. iconv -f UTF-16)"


def decompressed_head(data: bytes) -> bytes | None:
    """The first bytes of ``data``, decompressed when gzipped (None if that fails)."""
    data = data[:SNIFF_SIZE]
    if data.startswith(GZIP_MAGIC):
        decompressor = zlib.decompressobj(wbits=31)
        try:
            head = decompressor.decompress(data, SNIFF_SIZE)
        except zlib.error:
            return None
        return head if head or decompressor.eof else None  # nothing out: truncated
    return data


def start_problem(raw_head: bytes) -> str | None:
    """Why a streamed file cannot be read at all, judged from its first bytes."""
    head = decompressed_head(raw_head)
    if head is None:
        return "corrupt gzip data: not a readable gzip stream"
    return None if head.strip() else "empty file"


class DecompressionLimit(ValueError):
    """gzip data that expands past a cap: the message says which one, in plain words."""


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


class GzipReader(io.RawIOBase):
    """Decompresses a gzip stream (several members allowed) with bounded output.

    Raises :class:`DecompressionLimit` once more than ``max_size`` bytes came
    out, or once the output is more than ``MAX_GZIP_RATIO`` times the input read
    (past ``MIN_RATIO_CHECK`` bytes out), and ``EOFError`` when the data stops
    inside a member.
    """

    def __init__(self, stream: IO[bytes], *, max_size: int | None = None) -> None:
        super().__init__()
        self._stream = stream
        self._max_size = max_size
        self._decompressor = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._consumed = 0
        self._produced = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            self._pending = self._next_output(len(buffer))
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _next_output(self, wanted: int) -> bytes:
        decompressor = self._decompressor
        if decompressor.unconsumed_tail:
            data = decompressor.unconsumed_tail
        elif decompressor.eof:
            data = self._after_member(decompressor.unused_data)
            if not data:
                self._done = True
                return b""
            self._decompressor = decompressor = zlib.decompressobj(wbits=31)
        else:
            data = self._read_input()
            if not data:
                raise EOFError("the gzip data ends inside a member (truncated file)")
        out = decompressor.decompress(data, max(wanted, _CHUNK))
        self._produced += len(out)
        self._check_limits()
        return out

    def _read_input(self) -> bytes:
        data = self._stream.read(_CHUNK)
        self._consumed += len(data)
        return data

    def _after_member(self, rest: bytes) -> bytes:
        """The start of the next gzip member, or b"" at the end (zero padding allowed)."""
        while len(rest) < 2:
            more = self._read_input()
            if not more:
                break
            rest += more
        if rest.startswith(GZIP_MAGIC):
            return rest
        while rest:
            if rest.strip(b"\x00"):
                raise zlib.error("unexpected data after the end of the gzip stream")
            rest = self._read_input()
        return b""

    def _check_limits(self) -> None:
        if self._max_size is not None and self._produced > self._max_size:
            raise DecompressionLimit(
                f"gzip data expands to more than {_mib(self._max_size)}, the limit for "
                "one input; split or decompress it first"
            )
        if self._produced > MIN_RATIO_CHECK and self._produced > MAX_GZIP_RATIO * max(
            self._consumed, 1
        ):
            raise DecompressionLimit(
                f"gzip data expands more than {MAX_GZIP_RATIO} times (a possible "
                "decompression bomb); decompress it first if it is genuine"
            )


def decompress(raw: bytes, *, max_size: int = MAX_DOCUMENT_BYTES) -> tuple[bytes, str | None]:
    """``raw`` itself, or its gzip content; or a reason when the gzip data is corrupt or too big."""
    if not raw.startswith(GZIP_MAGIC):
        return raw, None
    try:
        with GzipReader(io.BytesIO(raw), max_size=max_size) as reader:
            return reader.read(), None
    except DecompressionLimit as error:
        return b"", str(error)
    except (OSError, EOFError, zlib.error) as error:
        return b"", f"corrupt gzip data: {error}"


def decode_utf8(data: bytes, where: str = "") -> tuple[str, str | None]:
    """Decode UTF-8 text (BOM allowed); on failure, a reason naming the byte and offset."""
    if data.startswith(UTF16_BOMS):
        return "", UTF16_PROBLEM
    if b"\x00" in data:
        return "", "binary content (NUL bytes), not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(UTF8_BOM) else 0)
        reason = (
            f"not valid UTF-8: byte 0x{data[offset]:02X} at offset {offset}{where} "
            "cannot be decoded; re-encode as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)"
        )
        return "", reason


def read_keepable(stream: IO[bytes]) -> bytes:
    """The rest of ``stream``, but never much more than is kept (see :func:`reject_large`)."""
    return stream.read(_MAX_KEPT_RAW + 1)


def reject_whole(open_stream: Opener, name: str, reason: str, fmt: str) -> Rejection:
    with open_stream() as stream:
        raw = read_keepable(stream)
    return reject_large(Origin(name), reason, raw, fmt)


def reject_large(origin: Origin, reason: str, raw: bytes, fmt: str | None) -> Rejection:
    if len(raw) > _MAX_KEPT_RAW:
        action = "skipped; raw bytes not kept (file larger than 32 MiB)"
        return Rejection(origin, reason, format=fmt, action=action)
    return Rejection(origin, reason, raw=raw, format=fmt)


def display_name(path: Path | str) -> str:
    """A file name as text that can be shown and stored (undecodable bytes as ``\\xNN``)."""
    name = os.fspath(path)
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, judged without opening it; None when it can.

    Special files (pipes, devices, sockets) are never opened: reading one could
    block forever or never end.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return "dangling symbolic link (its target does not exist)"
        return "the file disappeared before it could be read"
    except OSError as error:
        if os.path.islink(path) and error.errno == 40:  # ELOOP
            return "symbolic link loop (the link points back to itself)"
        return f"cannot read the file: {error.strerror or error}"
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return _special_reason(path, kind)
    if not os.access(path, os.R_OK):
        return "cannot read the file: permission denied"
    return None


def _special_reason(path: Path, kind: str) -> str:
    if kind != "a folder":
        return f"{kind}, not a regular file; skipped without opening it"
    if not os.access(path, os.R_OK | os.X_OK):
        return "the folder cannot be read (permission denied); its files were skipped"
    return (
        "a folder already read under another name (a symbolic link to it, or a link "
        "loop); not read twice"
    )


def read_capped(stream: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``stream``; True when there was more."""
    data = stream.read(limit + 1)
    return data[:limit], len(data) > limit


def too_large_reason(limit: int, what: str) -> str:
    return f"{what} is larger than {_mib(limit)}, the limit for one input; split it first"
