"""Plain-text articles: an optional header block, then kicker, headline, byline, standfirst."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline import text as textlib
from storyline.ingest.articles import Fields, Item, build_item, same_text
from storyline.ingest.dates import parse_date
from storyline.ingest.raw import decode_utf8
from storyline.models import Origin, Rejection

_HEADER_KEYS = {
    "title": "title",
    "outlet": "outlet",
    "source": "outlet",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "author": "author",
}
_HEADER_LINE = re.compile(r"^([A-Za-z]+)[ \t]*:[ \t]*(.*?)\s*$")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_CLOSING = "\"'”’)]»"
_BYLINE = re.compile(
    r"^By\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|van|von|der|al|bin))*)"
    r"(?:\s*,\s*[\w .'’-]{1,60})?$"
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,40}(?:,\s*[^—–\n]{1,40}?)?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s"
)
_KICKED_STANDFIRST_SENTENCES = 3
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def parse_text(data: bytes, origin: Origin, outlet: str | None) -> Item:
    content, problem = decode_utf8(data)
    if problem:
        return Rejection(origin, problem, raw=data, format="text")
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    header, body = _split_header(content)
    units = text_paragraphs(body)
    layout = _find_layout(units, header.get("title", ""))
    fields = Fields(
        title=header.get("title") or layout.headline or "",
        paragraphs=tuple(layout.body),
        url=header.get("url") or None,
        published=parse_date(header.get("date"), origin),
        author=header.get("author") or layout.author,
        site=header.get("outlet") or None,
        kicker=layout.kicker,
        standfirst=layout.standfirst,
    )
    return build_item(fields, raw=data, fmt="text", origin=origin, outlet=outlet)


def read_layout(body: str, *, title: str = "") -> TextLayout:
    """Paragraphs of a plain-text body, with a leading kicker/headline/byline/standfirst.

    ``title`` is a title given apart from the body (a header line, a JSON
    field): the body's first line is taken as the headline only when it
    repeats that title.
    """
    return _find_layout(text_paragraphs(body), title)


def _split_header(content: str) -> tuple[dict[str, str], str]:
    """``Key: value`` lines before the first blank line, when every line is a known key."""
    stripped = content.lstrip("\n")
    first, separator, rest = stripped.partition("\n\n")
    header: dict[str, str] = {}
    for line in first.split("\n"):
        match = _HEADER_LINE.match(line)
        key = _HEADER_KEYS.get(match.group(1).lower()) if match else None
        if match is None or key is None:
            return {}, content
        header[key] = match.group(2)
    return (header, rest) if separator else ({}, content)


def text_paragraphs(body: str) -> list[str]:
    """Blank lines separate paragraphs; inside a block, wrapped lines are joined."""
    paragraphs: list[str] = []
    for block in _BLOCK_BREAK.split(body):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _is_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _is_wrapped(lines: list[str]) -> bool:
    """True when the lines are one paragraph broken at a fixed width, not one per line."""
    if len(lines) < 2 or any(_LIST_MARK.match(line) for line in lines):
        return False
    inner = lines[:-1]
    broken = sum(1 for line in inner if len(line) >= 40 and not _ends_sentence(line))
    return broken * 2 > len(inner)


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSING).endswith((".", "!", "?", "…", ":"))


@dataclass
class TextLayout:
    body: list[str]
    headline: str | None = None
    kicker: str | None = None
    standfirst: str | None = None
    author: str | None = None


def _find_layout(units: list[str], header_title: str) -> TextLayout:
    """Kicker, headline, byline and standfirst at the top, when they are clearly there.

    Conservative: without a short unpunctuated headline line followed by body
    text, everything stays in the body.
    """
    lead: list[str] = []
    while len(lead) < 2 and len(lead) < len(units) - 1 and _is_title_like(units[len(lead)]):
        lead.append(units[len(lead)])
    if not lead:
        return TextLayout(body=units)
    kicker = None
    first_is_title = bool(header_title) and same_text(lead[0], header_title)
    if len(lead) == 2 and not first_is_title and _is_kicker_like(lead[0], lead[1]):
        kicker, headline, position = lead[0], lead[1], 2
    else:
        headline, position = lead[0], 1
    if header_title and not same_text(headline, header_title):
        return TextLayout(body=units)  # the header names another title: do not guess
    layout = TextLayout(body=[], headline=headline, kicker=kicker)
    position = _take_byline(units, position, layout)
    if _is_standfirst(units, position, layout):
        layout.standfirst = units[position]
        position = _take_byline(units, position + 1, layout)
    layout.body = units[position:]
    return layout


def _take_byline(units: list[str], position: int, layout: TextLayout) -> int:
    if position < len(units) - 1 and layout.author is None:
        match = _BYLINE.match(units[position])
        if match and len(units[position].split()) <= 12:
            layout.author = match.group("name")
            return position + 1
    return position


def _is_title_like(unit: str) -> bool:
    words = unit.split()
    if not 1 <= len(words) <= 25 or len(unit) > 200 or _BYLINE.match(unit):
        return False
    first, last = unit[0], unit.rstrip(_CLOSING)[-1:]
    # Scripts without case (Arabic, Chinese, ...) open a headline with any letter.
    opens = first.isupper() or first.isdigit() or first in "\"'“‘«„「"
    return (opens or (first.isalpha() and not first.islower())) and last not in ".,;:…。"


def _is_kicker_like(kicker: str, headline: str) -> bool:
    words = kicker.split()
    if len(words) > 4 or len(kicker) > 40 or len(words) >= len(headline.split()):
        return False
    return kicker.isupper() or len(words) <= 2  # "CITY HALL", "Analysis", "World news"


def _is_standfirst(units: list[str], position: int, layout: TextLayout) -> bool:
    """One sentence between headline and body, with a sign that the body starts after it."""
    if position >= len(units) - 1:
        return False
    candidate, following = units[position], units[position + 1]
    # After a kicker the layout is plain: a standfirst of up to three sentences.
    most = _KICKED_STANDFIRST_SENTENCES if layout.kicker else 1
    if not 6 <= len(candidate.split()) <= 60 or len(textlib.sentences(candidate)) > most:
        return False
    if _DATELINE.match(candidate) or _BYLINE.match(candidate):
        return False
    return bool(
        layout.kicker
        or not _ends_sentence(candidate)
        or _BYLINE.match(following)
        or _DATELINE.match(following)
    )
