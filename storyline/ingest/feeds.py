"""RSS and Atom feeds (read by feedparser): one article per entry."""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from storyline.ingest.articles import Fields, Item, build_item, host, squash
from storyline.ingest.dates import parse_date
from storyline.ingest.html import fragment_paragraphs
from storyline.ingest.text_layout import text_paragraphs
from storyline.models import Origin, Rejection

logger = logging.getLogger(__name__)


def read_feed(data: bytes, name: str, outlet: str | None) -> Iterator[Item]:
    parsed, problem = _load_feed(data)
    if problem:
        yield Rejection(Origin(name), problem, raw=data, format="feed")
        return
    if parsed.bozo:
        logger.info("%s: feed is not well-formed (%s); read anyway", name, parsed.bozo_exception)
    for index in range(len(parsed.entries)):
        yield _feed_item(parsed, index, data, Origin(name, entry=index), outlet)


def _load_feed(data: bytes) -> tuple[Any, str | None]:
    if not data.strip():
        return None, "empty file"
    try:
        # Bytes, never a str: feedparser treats a str as a URL or a file name.
        parsed = feedparser.parse(data)
    except Exception as error:  # a third-party parser: any failure is this feed's problem
        return None, f"feed could not be parsed: {type(error).__name__}: {error}"
    if not parsed.entries:
        if parsed.bozo:
            return None, f"not a valid RSS or Atom feed: {squash(str(parsed.bozo_exception))}"
        return None, "feed has no entries"
    return parsed, None


def parse_feed_entry(raw: bytes, origin: Origin, outlet: str | None) -> Item:
    parsed, problem = _load_feed(raw)
    if problem:
        return Rejection(origin, problem, raw=raw, format="feed")
    assert origin.entry is not None
    if not 0 <= origin.entry < len(parsed.entries):
        reason = f"feed has no entry {origin.entry} (it has {len(parsed.entries)})"
        return Rejection(origin, reason, raw=raw, format="feed")
    return _feed_item(parsed, origin.entry, raw, origin, outlet)


def _feed_item(parsed: Any, index: int, raw: bytes, origin: Origin, outlet: str | None) -> Item:
    entry = parsed.entries[index]
    try:
        paragraphs = _entry_paragraphs(entry)
    except Exception as error:  # lxml on odd markup: this entry's problem only
        reason = f"entry content could not be read: {type(error).__name__}: {error}"
        return Rejection(origin, reason, raw=raw, format="feed")
    if not paragraphs:
        return Rejection(origin, "feed entry has no content or summary", raw=raw, format="feed")
    link = entry.get("link") or None
    fields = Fields(
        title=entry.get("title") or "",
        paragraphs=tuple(paragraphs),
        url=link,
        published=_entry_date(entry, origin),
        author=_entry_author(entry.get("author")),
        site=parsed.feed.get("title") or host(parsed.feed.get("link")),
    )
    return build_item(fields, raw=raw, fmt="feed", origin=origin, outlet=outlet)


def _entry_paragraphs(entry: Any) -> list[str]:
    details = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        details.append(entry["summary_detail"])
    for detail in details:
        value = detail.get("value") or ""
        if detail.get("type") == "text/plain":
            paragraphs = text_paragraphs(value)
        else:
            paragraphs = fragment_paragraphs(value)
        if paragraphs:
            return paragraphs
    return []


def _entry_date(entry: Any, origin: Origin) -> datetime | None:
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get() maps "updated" to "published" with a warning.
        value = dict.get(entry, key)
        if value:
            published = parse_date(value, origin)
            if published is not None:
                return published
            moment = _parsed_date(dict.get(entry, f"{key}_parsed"))
            if moment is not None:
                return moment
    return None


def _parsed_date(parsed: Any) -> datetime | None:
    """feedparser's own reading of a date, when it makes a real date (not year 0 or -99)."""
    if not parsed:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (ValueError, OverflowError, TypeError, OSError):
        return None
    return moment if 1900 <= moment.year <= 2200 else None


def _entry_author(author: str | None) -> str | None:
    if not author:
        return None
    match = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", author)  # RSS: "mail@host (Name)"
    return match.group(1) if match else author
