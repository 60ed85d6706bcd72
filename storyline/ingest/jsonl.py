"""JSON Lines: one article per line, its body given as plain text or as an HTML page."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from storyline.ingest.articles import Fields, Item, build_item
from storyline.ingest.dates import parse_date
from storyline.ingest.html import extract_html
from storyline.ingest.raw import (
    GZIP_MAGIC,
    MAX_LINE_BYTES,
    SNIFF_SIZE,
    UTF8_BOM,
    UTF16_BOMS,
    UTF16_PROBLEM,
    DecompressionLimit,
    GzipReader,
    Opener,
    decode_utf8,
    decompressed_head,
    reject_whole,
    start_problem,
    too_large_reason,
)
from storyline.ingest.text_layout import read_layout
from storyline.models import Origin, Rejection

_NOT_KEPT = "skipped; raw bytes not kept"
_STRING_FIELDS = ("title", "text", "html", "url", "outlet", "author")


def read_jsonl(open_stream: Opener, name: str, outlet: str | None) -> Iterator[Item]:
    with open_stream() as stream:
        head = stream.read(SNIFF_SIZE)
    problem = start_problem(head) or _jsonl_text_problem(decompressed_head(head) or b"")
    if problem:
        yield reject_whole(open_stream, name, problem, "jsonl")
        return
    number = 0
    with open_stream() as stream:
        lines: IO[bytes] = (
            io.BufferedReader(GzipReader(stream)) if head.startswith(GZIP_MAGIC) else stream
        )
        try:
            for number, line in enumerate(_bounded_lines(lines), start=1):
                if line is None:
                    reason = too_large_reason(MAX_LINE_BYTES, "this line")
                    yield Rejection(
                        Origin(name, line=number), reason, format="jsonl", action=_NOT_KEPT
                    )
                    continue
                line = line.rstrip(b"\r\n")
                if line.strip():
                    yield parse_json_line(line, Origin(name, line=number), outlet)
        except DecompressionLimit as error:
            origin = Origin(name, line=number + 1)
            yield Rejection(
                origin, f"{error}; the lines before were read", format="jsonl", action=_NOT_KEPT
            )
        except (OSError, EOFError, zlib.error) as error:
            reason = f"corrupt gzip data after line {number}: {error}"
            yield Rejection(Origin(name, line=number + 1), reason, format="jsonl")


def _bounded_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for a line longer than MAX_LINE_BYTES (skipped unread)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the long line
            line = stream.readline(SNIFF_SIZE)
        yield None


def _jsonl_text_problem(head: bytes) -> str | None:
    if head.startswith(UTF16_BOMS):
        return UTF16_PROBLEM
    if b"\x00" in head:
        return "binary content (NUL bytes), not JSON Lines"
    if head.removeprefix(UTF8_BOM).lstrip().startswith(b"["):
        return "a JSON array, not JSON Lines; write one JSON object per line (e.g. jq -c '.[]')"
    return None


def parse_json_line(raw: bytes, origin: Origin, outlet: str | None) -> Item:
    record, problem = _load_json_object(raw)
    if record is None:
        return Rejection(origin, problem, raw=raw, format="jsonl")
    fields = Fields(
        title=record.get("title") or "",
        url=record.get("url") or None,
        published=parse_date(record.get("date"), origin),
        author=record.get("author") or None,
        site=record.get("outlet") or None,
    )
    body = record.get("text") or ""
    if body.strip():
        layout = read_layout(body.replace("\r\n", "\n"), title=fields.title)
        fields.title = fields.title or layout.headline or ""
        fields.paragraphs = tuple(layout.body)
        fields.kicker, fields.standfirst = layout.kicker, layout.standfirst
        fields.author = fields.author or layout.author
    else:
        page, reason = extract_html(record["html"], url=fields.url, origin=origin)
        if page is None:
            return Rejection(origin, reason, raw=raw, format="jsonl")
        _fill_from_page(fields, page)
    return build_item(fields, raw=raw, fmt="jsonl", origin=origin, outlet=outlet)


def _load_json_object(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    content, problem = decode_utf8(raw.removeprefix(UTF8_BOM), " in this line")
    if problem:
        return None, problem
    try:
        record = json.loads(content)
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg} at column {error.colno}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply (arrays or objects inside each other)"
    except ValueError:  # an integer with more digits than Python converts
        return None, "invalid JSON: a number too long to read (thousands of digits)"
    if not isinstance(record, dict):
        return None, f"not a JSON object (got {_json_type(record)})"
    for key in _STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return None, f"field '{key}' must be a string, got {_json_type(record[key])}"
    date = record.get("date")
    if date is not None and (isinstance(date, bool) or not isinstance(date, str | int | float)):
        return None, f"field 'date' must be a string or a number, got {_json_type(date)}"
    if not (record.get("text") or "").strip() and not (record.get("html") or "").strip():
        return None, "no 'text' or 'html' field with content"
    return record, ""


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _fill_from_page(fields: Fields, page: Fields) -> None:
    """Fields given in the line win; the page fills in what is missing."""
    fields.paragraphs = page.paragraphs
    fields.title = fields.title or page.title
    fields.url = fields.url or page.url
    fields.published = fields.published or page.published
    fields.author = fields.author or page.author
    fields.site = fields.site or page.site
