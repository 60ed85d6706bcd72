"""Which numbers are not figures: years, dates, clock times, ages, identifiers, list marks.

:class:`Draft` is a figure while :mod:`storyline.compare.figures` reads it;
:func:`excluded` decides, once it is read, whether it is a quantity at all
("in 2011", "Route 9", "575 Wilbraham Road", "Lina Park, 34," are not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.compare.figure_words import (
    CLOCK_WORDS,
    EMERGENCY_NUMBERS,
    HEDGES,
    ID_NOUNS,
    MONTHS,
    POPULATION_UNITS,
    STREET_WORDS,
)
from storyline.compare.numbers import Number
from storyline.text import STOPWORDS, Token

__all__ = ["HYPHEN_RANGE", "Draft", "excluded", "next_is"]

# "200-300": a range written in one token.
HYPHEN_RANGE = re.compile(r"^(\d+(?:\.\d+)?)[-–](\d+(?:\.\d+)?)$")
_HEDGE_WORDS = frozenset({w for h in HEDGES for w in h} | {"between"})


@dataclass
class Draft:
    """A figure while it is being read, token by token."""

    first: int  # index of the first token of the span
    last: int  # index after the last token of the span
    number: Number
    unit: str = ""
    kind: str = "count"
    counted: str = ""
    hedge: str = ""


def excluded(tokens: list[Token], draft: Draft) -> bool:
    """Years, dates, clock times, ages, identifiers and lone "one"/"a" are not figures."""
    i, number = draft.first, draft.number
    while i < draft.last and tokens[i].lower in _HEDGE_WORDS:
        i += 1
    token = tokens[i]
    prev = _previous_word(tokens, i)
    nxt = tokens[draft.last].lower if draft.last < len(tokens) else ""
    with_unit = draft.kind in ("money", "measure") and draft.unit != ""
    if token.lower in ("one", "a") and number.size == 1 and not number.vague and not with_unit:
        return True
    if token.text.isalpha() and number.low == 1 and draft.kind != "percent" and not with_unit:
        return True
    if draft.kind == "count" and _is_year(token.text, draft):
        return True  # "in 2011", "its 1988 sales", "the 2013-2014 awards"
    if prev in MONTHS or nxt in MONTHS or nxt in CLOCK_WORDS or _clock_colon(tokens, i, draft.last):
        return True
    if prev == "aged" or _age_list(tokens, i) or "year-old" in token.lower:
        return True
    if draft.kind == "duration" and nxt == "ago":
        return True  # "two days ago" is a date (see timeline), not a quantity
    if nxt == "-year-old" or (nxt in ("years", "year") and next_is(tokens, draft.last, "old")):
        return True
    if nxt == "-" and [t.lower for t in tokens[draft.last + 1 : draft.last + 4]] == [
        "year",
        "-",
        "old",
    ]:
        return True  # "a 28 - year - old" (hyphens spaced)
    if draft.kind in ("count",) and not draft.unit and _is_apposition(tokens, i, draft.last):
        return True
    if draft.kind == "count" and not draft.unit and _is_list_marker(tokens, i, draft.last):
        return True
    if _is_identifier(tokens, i, draft):
        return True
    return bool(
        i > 0
        and not with_unit
        and draft.kind not in ("percent", "ratio")
        and any(c.isupper() for c in tokens[i - 1].text)
        and tokens[i - 1].text.isalpha()
        and token.text[:1].isdigit()
        and tuple([tokens[i - 1].lower]) not in HEDGES
        and tokens[i - 1].lower not in STOPWORDS
        and tokens[i - 1].lower != "between"
    )  # an identifier such as "Route 9" or "Flight 302"


def _clock_colon(tokens: list[Token], i: int, last: int) -> bool:
    """ "10:30": a number beside a colon that joins it to another number."""
    before = i >= 2 and tokens[i - 1].text == ":" and tokens[i - 2].text[:1].isdigit()
    after = last + 1 < len(tokens) and tokens[last].text == ":"
    return before or (after and tokens[last + 1].text[:1].isdigit())


def _is_identifier(tokens: list[Token], i: int, draft: Draft) -> bool:
    """ "category 4 hurricane", "type 2", "575 Wilbraham Road", "call 911": names, not counts."""
    if draft.kind not in ("count",) or draft.unit in POPULATION_UNITS:
        return False
    prev = tokens[i - 1].lower if i > 0 else ""
    if prev in ID_NOUNS and tokens[i].text[:1].isdigit():
        return True
    if tokens[i].text in EMERGENCY_NUMBERS and draft.number.size == 1:
        return True
    k = draft.last if not draft.unit else draft.first + draft.number.size
    words = 0
    while k < len(tokens) and tokens[k].is_capitalised and words < 3:
        if tokens[k].lower.rstrip(".") in STREET_WORDS and words > 0:
            return True  # an address
        k, words = k + 1, words + 1
    return False


def _previous_word(tokens: list[Token], i: int) -> str:
    j = i - 1
    while j >= 0 and tokens[j].text == ".":
        j -= 1
    return tokens[j].lower if j >= 0 else ""


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", text))


def _is_year(text: str, draft: Draft) -> bool:
    """A year, not a count: a bare 1800-2099 (news writes counts from 1,000 with a comma)
    before a noun or none, unless a hedge makes it a count ("about 2000 people")."""
    if draft.hedge and draft.unit:
        return False
    if _looks_like_year(text):
        return True
    ranged = HYPHEN_RANGE.match(text)
    return bool(ranged and _looks_like_year(ranged.group(1)) and _looks_like_year(ranged.group(2)))


def _age_list(tokens: list[Token], i: int) -> bool:
    """The second age of "aged 19 and 22"."""
    return i >= 3 and tokens[i - 1].lower == "and" and tokens[i - 3].lower == "aged"


def _is_list_marker(tokens: list[Token], i: int, last: int) -> bool:
    """ "1)" or "2 )" numbering the items of a list: a closing bracket with none opened."""
    if last >= len(tokens) or tokens[last].text != ")" or last != i + 1:
        return False
    for j in range(i - 1, -1, -1):  # back to the nearest bracket only: linear over a sentence
        if tokens[j].text in "()":
            return tokens[j].text == ")"
    return True


def _is_apposition(tokens: list[Token], i: int, last: int) -> bool:
    """An age after a name: "Lina Park, 34, who ..."."""
    return (
        i >= 2
        and tokens[i - 1].text == ","
        and tokens[i - 2].is_capitalised
        and last < len(tokens)
        and tokens[last].text == ","
    )


def next_is(tokens: list[Token], j: int, word: str) -> bool:
    """Whether the token after ``j`` is ``word`` (lower-cased)."""
    return j + 1 < len(tokens) and tokens[j + 1].lower == word
