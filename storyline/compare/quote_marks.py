"""Where the quotations are: matching quotation marks in news text.

Handles curly and straight marks, double and single, quotes nested in quotes
(only the outermost is returned), apostrophes that look like closing single
quotes ("don’t", "the owners’ homes") and the news convention for a quote
that runs over several paragraphs (the first paragraph has no closing mark,
the next one opens again).
"""

from __future__ import annotations

import re

from storyline.compare.lexicon import wordset
from storyline.text import paragraph_spans

__all__ = ["is_title", "quoted_spans"]

_OPEN_AFTER = " \t\n([{—–-/“\"‘'"
# Every character _mark can call a quotation mark; only these positions are looked at.
_MARKS = re.compile("[“”\"‘'’]")
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
# Words before a quotation that make it a title or a name, not speech.
_TITLE_NOUNS = wordset("""
    book books memoir memoirs novel novels film films movie movies documentary show shows
    series program programme podcast song songs album play musical episode column op-ed
    essay article headline headlined ad ads advert advertisement slogan hashtag campaign
    report study poem painting exhibition magazine newspaper tv radio
    """)
_NAMING_WORDS = wordset("titled entitled so-called nicknamed dubbed hashtag")
_MINOR_WORDS = wordset("a an the and or of in on at to for with from by but nor as vs")
_MAX_TITLE_WORDS = 10


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each outermost quotation (marks excluded)."""
    spans: list[tuple[int, int]] = []
    paragraphs = paragraph_spans(text)
    for index, (start, end) in enumerate(paragraphs):
        unclosed = _scan_paragraph(text, start, end, spans)
        if unclosed is not None and index + 1 < len(paragraphs):
            following = text[paragraphs[index + 1][0]]
            if following in "“\"‘'":
                spans.append((unclosed + 1, end))  # continued in the next paragraph
    return spans


def is_title(text: str, start: int, end: int) -> bool:
    """Whether the quotation ``text[start:end]`` names something rather than quotes it.

    A title-case phrase after a word that introduces a title ("the book “Crippled
    America”", "on “Meet the Press”", "Fox’s “Hannity”"), or a short phrase after
    a naming word ("so-called “closed” primaries", "a plan titled “Fair Deal”").
    """
    inside = _WORD.findall(text[start:end])
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 60) : start])][-4:]
    if not inside or not before:
        return False
    if len(inside) <= 4 and before[-1] in _NAMING_WORDS:
        return True
    if len(inside) > _MAX_TITLE_WORDS or not _title_case(inside):
        return False
    if any(word in _TITLE_NOUNS or word in _NAMING_WORDS for word in before[-3:]):
        return True
    previous = _WORD.findall(text[max(0, start - 60) : start])[-1]
    possessive = previous[:1].isupper() and previous.endswith(("’s", "'s"))
    return possessive or (before[-1] == "on" and len(inside) <= 5)


def _title_case(words: list[str]) -> bool:
    if not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _MINOR_WORDS for w in words)


def _scan_paragraph(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int | None:
    """Append the closed quotes of one paragraph; return the position of an unclosed opener."""
    stack: list[tuple[str, int]] = []  # (kind, position); kind: "curly2" "straight2" "1"
    for found in _MARKS.finditer(text, start, end):
        position = found.start()
        kind = _mark(text, position, start, end, stack)
        if kind is None:
            continue
        if kind.startswith("open"):
            stack.append((kind[5:], position))
            continue
        closing = kind[6:]
        while stack and stack[-1][0] != closing:
            stack.pop()  # an opener that was never closed inside this quote
        if not stack:
            continue
        _, opened = stack.pop()
        if not stack:
            spans.append((opened + 1, position))
    if stack and stack[0][0] in ("curly2", "straight2"):
        return stack[0][1]
    return None


def _mark(
    text: str, position: int, start: int, end: int, stack: list[tuple[str, int]]
) -> str | None:
    """``open:<kind>``, ``close:<kind>`` or None (not a quotation mark here)."""
    char = text[position]
    before = text[position - 1] if position > start else " "
    after = text[position + 1] if position + 1 < end else " "
    open_kinds = [kind for kind, _ in stack]
    if char == "“":
        return "open:curly2"
    if char == "”":
        return "close:curly2" if "curly2" in open_kinds else None
    if char == '"':
        if "straight2" in open_kinds:
            return "close:straight2"
        if before == "=":
            return None  # a markup attribute value: author="..."
        return "open:straight2" if before in _OPEN_AFTER or not before.isalnum() else None
    if char in "‘'":
        if before in _OPEN_AFTER and (after.isalpha() or after in '“"'):
            return "open:1"
        if char == "'" and "1" in open_kinds and not after.isalnum():
            return "close:1"
        return None
    if char == "’" and "1" in open_kinds and not after.isalnum() and not before.isspace():
        return "close:1"
    return None
