"""Raw bytes: gzip, UTF-8 decoding, and rejections that keep the bytes they came from.

Every reader starts from bytes.  This is the one place that looks through
gzip, decodes UTF-8 with a reason naming the bad byte, and decides whether a
rejected input is small enough to be kept whole.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
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


def decompress(raw: bytes) -> tuple[bytes, str | None]:
    """``raw`` itself, or its gzip content; or a reason when the gzip data is corrupt."""
    if not raw.startswith(GZIP_MAGIC):
        return raw, None
    try:
        return gzip.decompress(raw), None
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
