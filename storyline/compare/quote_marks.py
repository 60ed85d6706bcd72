"""Where the quotations are: matching quotation marks in news text.

Handles curly and straight marks, double and single, quotes nested in quotes
(only the outermost is returned), apostrophes that look like closing single
quotes ("don’t", "the owners’ homes") and the news convention for a quote
that runs over several paragraphs (the first paragraph has no closing mark,
the next one opens again).
"""

from __future__ import annotations

import re

from storyline.text import paragraph_spans

__all__ = ["quoted_spans"]

_OPEN_AFTER = " \t\n([{—–-/“\"‘'"
# Every character _mark can call a quotation mark; only these positions are looked at.
_MARKS = re.compile("[“”\"‘'’]")


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
