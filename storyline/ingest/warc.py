"""WARC archives (read by warcio): one article per HTML response with status 200."""

from __future__ import annotations

import gzip
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from storyline.ingest.articles import Item, build_item, squash
from storyline.ingest.dates import parse_date
from storyline.ingest.html import extract_html
from storyline.ingest.raw import (
    GZIP_MAGIC,
    SNIFF_SIZE,
    Opener,
    read_keepable,
    reject_large,
    reject_whole,
    start_problem,
)
from storyline.models import Origin, Rejection

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(open_stream: Opener, name: str, outlet: str | None) -> Iterator[Item]:
    skipped: Counter[str] = Counter()
    offset = 0
    with open_stream() as stream, open_stream() as spans:
        problem = start_problem(stream.read(SNIFF_SIZE))
        if problem:
            yield reject_whole(open_stream, name, problem, "warc")
            return
        stream.seek(0)
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
            yield _warc_failure(spans, name, offset, error)
    if skipped:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped.items()))
        logger.debug("%s: skipped %d WARC records (%s)", name, skipped.total(), summary)


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    # warcio writes this warning straight to stderr; storyline logs it instead.
    INC_RECORD = ""


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
    return f"damaged or truncated WARC data ({type(error).__name__}: {squash(str(error))})"


def _warc_failure(spans: IO[bytes], name: str, offset: int, error: Exception) -> Rejection:
    spans.seek(offset)
    rest = read_keepable(spans)
    damaged = rest.lstrip()  # start at the damaged record, not at the blank lines before it
    offset += len(rest) - len(damaged)
    return reject_large(Origin(name, offset=offset), _warc_problem(error), damaged, "warc")


def _record_bytes(spans: IO[bytes], offset: int, length: int) -> bytes:
    """One record as it would stand alone in an uncompressed WARC file."""
    spans.seek(offset)
    data = spans.read(length)
    if data.startswith(GZIP_MAGIC):
        return gzip.decompress(data)
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
        payload = record.content_stream().read() if kind == "article" else b""
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
