"""WARC archives (read by warcio): one article per HTML response with status 200."""

from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.articles import Item, build_item, squash
from storyline.ingest.dates import parse_date
from storyline.ingest.html import extract_html
from storyline.ingest.raw import (
    GZIP_MAGIC,
    MAX_DOCUMENT_BYTES,
    SNIFF_SIZE,
    DecompressionLimit,
    GzipReader,
    Opener,
    decompress,
    decompressed_head,
    read_keepable,
    reject_large,
    reject_whole,
    start_problem,
    too_large_reason,
)
from storyline.models import Origin, Rejection

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_KEPT = "skipped; raw bytes not kept"
_CHUNK = 1024 * 1024
_WARCIO_BLOCK = 16384  # warcio's own default read size
_NEWLINE = ord("\n")
_KEPT_DAMAGED = 32 * 1024 * 1024
_WHOLE_GZIP_PROBE = 64 * 1024 * 1024
_NEXT_RECORD = re.compile(rb"\r?\n\r?\nWARC/1\.[01]\r?\n")
_RECORD_START = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n|\x1f\x8b\x08")


def read_warc(open_stream: Opener, name: str, outlet: str | None) -> Iterator[Item]:
    with open_stream() as stream:
        head = stream.read(SNIFF_SIZE)
        problem = start_problem(head)
        if problem:
            yield reject_whole(open_stream, name, problem, "warc")
            return
        if head.startswith(GZIP_MAGIC) and _gzipped_whole(stream):
            # One gzip stream around the whole archive: read from a decompressed copy.
            yield from _read_whole_gzip(stream, name, outlet)
            return
    yield from _read_records(open_stream, name, outlet)


def _read_records(open_stream: Opener, name: str, outlet: str | None) -> Iterator[Item]:
    skipped: Counter[str] = Counter()
    with open_stream() as stream, open_stream() as spans:
        start: int | None = 0
        while start is not None:
            start = yield from _read_from(stream, spans, start, name, outlet, skipped)
    if skipped:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped.items()))
        logger.debug("%s: skipped %d WARC records (%s)", name, skipped.total(), summary)


def _read_from(
    stream: IO[bytes],
    spans: IO[bytes],
    offset: int,
    name: str,
    outlet: str | None,
    skipped: Counter[str],
) -> Generator[Item, None, int | None]:
    """Records from ``offset`` on; after a damaged one, where the next record starts (or None)."""
    stream.seek(offset)
    records = _QuietArchiveIterator(stream)
    try:
        for record in records:
            _check_warc_record(record)
            kind = _warc_kind(record)
            offset, length = records.get_record_offset(), records.get_record_length()
            _check_complete(record)
            _log_missing_separator(records, name, offset)
            if kind == "article":
                # Parsed again from its own bytes, exactly as reparse() will do.
                raw = _record_bytes(spans, offset, length)
                yield parse_warc_record(raw, Origin(name, offset=offset), outlet)
            else:
                skipped[kind] += 1
            offset += length
        _check_nothing_after(spans, offset)
    except Exception as error:  # warcio raises several types on damaged archives
        rejection, resume = _warc_failure(spans, name, offset, error)
        yield rejection
        return resume
    return None


def _gzipped_whole(stream: IO[bytes]) -> bool:
    """True when the first gzip member holds more than one record (one stream, not per record)."""
    stream.seek(0)
    decompressor = zlib.decompressobj(wbits=31)
    seen = b""
    while not decompressor.eof and len(seen) < _WHOLE_GZIP_PROBE:
        data = decompressor.unconsumed_tail or stream.read(SNIFF_SIZE)
        if not data:
            break
        try:
            seen += decompressor.decompress(data, SNIFF_SIZE)
        except zlib.error:
            return False
        if _NEXT_RECORD.search(seen):
            return True
    stream.seek(0)
    return len(seen) >= _WHOLE_GZIP_PROBE


def _read_whole_gzip(stream: IO[bytes], name: str, outlet: str | None) -> Iterator[Item]:
    stream.seek(0)
    with tempfile.NamedTemporaryFile(prefix="storyline-warc-") as copy:
        try:
            shutil.copyfileobj(GzipReader(stream), copy)
        except DecompressionLimit as error:
            yield Rejection(Origin(name), str(error), format="warc", action=_NOT_KEPT)
            return
        except (OSError, EOFError, zlib.error):
            logger.warning("%s: the gzip data ends early; reading the records before", name)
        copy.flush()
        path = Path(copy.name)
        yield from _read_records(lambda: path.open("rb"), name, outlet)


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    # warcio writes this warning straight to stderr; storyline logs it instead.
    INC_RECORD = ""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(stream)
        self.reader: Any = _StrictReader(self.fh, block_size=_WARCIO_BLOCK)


class _StrictReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader, raising on gzip damage inside a record instead of printing to stderr."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor and data and self.num_block_read:
            try:
                return bytes(self.decompressor.decompress(data))
            except zlib.error:
                raise _DamagedWarc("corrupt gzip data inside this record") from None
        return bytes(super()._decompress(data))


def _log_missing_separator(records: Any, name: str, offset: int) -> None:
    if records.err_count:
        records.err_count = 0
        logger.warning(
            "%s@%d: WARC record not followed by a blank line; its Content-Length may be wrong",
            name,
            offset,
        )


class _DamagedWarc(ValueError):
    """A record warcio read leniently but that is not a usable WARC record."""


def _check_warc_record(record: Any) -> None:
    # warcio reads any text as an old ARC record; storyline reads WARC only.
    if record.format != "warc":
        raise _DamagedWarc("not a WARC file (no 'WARC/1.x' record header)")
    if not record.rec_type:
        raise _DamagedWarc("damaged WARC record (no WARC-Type header)")


def _check_complete(record: Any) -> None:
    # warcio stops quietly where the data ends; a record shorter than its
    # Content-Length was cut off.
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _DamagedWarc("truncated WARC record (the data ends inside it)")


def _check_nothing_after(spans: IO[bytes], end: int) -> None:
    # warcio also ends quietly when the data stops inside a record's headers.
    spans.seek(end)
    if spans.read(SNIFF_SIZE).strip():
        raise _DamagedWarc("truncated or damaged WARC data after the last complete record")


def _warc_problem(error: Exception) -> str:
    if isinstance(error, _DamagedWarc):
        return str(error)
    logger.debug("WARC reader error: %s: %s", type(error).__name__, error)
    if isinstance(error, ArchiveLoadFailed):
        return f"damaged WARC record: {squash(str(error))[:200]}"
    return "damaged WARC record (its headers or lengths cannot be read)"


def _warc_failure(
    spans: IO[bytes], name: str, offset: int, error: Exception
) -> tuple[Rejection, int | None]:
    """The damaged record as a rejection, and where the next readable record starts."""
    spans.seek(offset)
    skipped = 0
    while True:  # start at the damaged record, not at the blank lines before it
        chunk = spans.read(1)
        if not chunk or not chunk.isspace():
            break
        skipped += 1
    offset += skipped
    resume = _next_record_start(spans, offset + 1)
    spans.seek(offset)
    size = (resume - offset) if resume is not None else None
    damaged = read_keepable(spans) if size is None else spans.read(min(size, _KEPT_DAMAGED))
    reason = _warc_problem(error)
    if size is not None and size > _KEPT_DAMAGED:
        damaged = b""
    if resume is not None:
        reason += "; reading goes on with the next record"
    return reject_large(Origin(name, offset=offset), reason, damaged, "warc"), resume


def _next_record_start(spans: IO[bytes], position: int) -> int | None:
    """The offset of the next record (a 'WARC/1.' line or a gzip member holding one)."""
    spans.seek(position)
    carry = b""
    base = position
    while True:
        chunk = spans.read(_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        for match in _RECORD_START.finditer(data):
            found = base + match.start() + (1 if data[match.start()] == _NEWLINE else 0)
            if found >= position and _record_starts_at(spans, found):
                return found
        carry = data[-16:]
        base += len(data) - len(carry)


def _record_starts_at(spans: IO[bytes], offset: int) -> bool:
    here = spans.tell()
    spans.seek(offset)
    head = spans.read(SNIFF_SIZE)
    spans.seek(here)
    return (decompressed_head(head) or b"").startswith(b"WARC/1.")


def _record_bytes(spans: IO[bytes], offset: int, length: int) -> bytes:
    """One record as it would stand alone in an uncompressed WARC file."""
    spans.seek(offset)
    data = spans.read(length)
    if data.startswith(GZIP_MAGIC):
        content, problem = decompress(data)
        if problem:
            raise _DamagedWarc(problem)
        return content
    return data + b"\r\n\r\n"  # uncompressed lengths stop before the record separator


def _warc_kind(record: Any) -> str:
    """'article' for an HTML response with status 200, else what was skipped."""
    if record.rec_type != "response":
        return f"{record.rec_type} records"
    if record.http_headers is None:
        return "responses without HTTP headers"
    if record.http_headers.get_statuscode() != "200":
        return "non-200 responses"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return "non-HTML responses"
    return "article"


def parse_warc_record(raw: bytes, origin: Origin, outlet: str | None) -> Item:
    try:
        record = next(iter(_QuietArchiveIterator(io.BytesIO(raw))))
        _check_warc_record(record)
        kind = _warc_kind(record)
        payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1) if kind == "article" else b""
        if len(payload) > MAX_DOCUMENT_BYTES:
            raise _DamagedWarc(too_large_reason(MAX_DOCUMENT_BYTES, "the page in this record"))
        _check_complete(record)
    except Exception as error:  # warcio raises several types on damaged records
        return Rejection(origin, _warc_problem(error), raw=raw, format="warc")
    if kind != "article":
        return Rejection(origin, f"WARC record is not an article ({kind})", raw=raw, format="warc")
    return _warc_item(record, payload, raw, origin, outlet)


def _warc_item(record: Any, payload: bytes, raw: bytes, origin: Origin, outlet: str | None) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    content: bytes | str = payload
    charset = _charset(record.http_headers.get_header("Content-Type") or "")
    if charset:
        try:
            content = payload.decode(charset, errors="replace")
        except LookupError:
            content = payload  # unknown charset name: let trafilatura detect it
    if isinstance(content, bytes) and b"\x00" in content:
        return Rejection(origin, "binary content (NUL bytes), not HTML", raw=raw, format="warc")
    fields, problem = extract_html(content, url=url, origin=origin)
    if fields is None:
        return Rejection(origin, problem, raw=raw, format="warc")
    fields.url = url or fields.url
    if fields.published is None:
        fields.published = parse_date(record.rec_headers.get_header("WARC-Date"), origin)
    return build_item(fields, raw=raw, fmt="warc", origin=origin, outlet=outlet)


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None
