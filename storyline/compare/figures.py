"""Figures: quantities with their unit, normalised to an interval, extracted from text.

"41,500 households" -> [41500, 41500] household; "tens of thousands of
residents" -> [10000, 100000] resident (vague); "over 2 billion dollars" ->
[2e9, open) USD; "one in five buildings" -> 20 percent; "a 30-day period" ->
30 day.  Years, dates, clock times, ages, scores and identifiers ("Route 9")
are not figures.  Aligning and comparing figures across outlets lives in
:mod:`storyline.compare.figure_groups`; the word lists are in
:mod:`storyline.compare.figure_words` and what a figure is about (its context words) in
:mod:`storyline.compare.figure_context`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from storyline.compare.figure_context import figure_context
from storyline.compare.figure_filters import HYPHEN_RANGE, Draft, excluded, next_is
from storyline.compare.figure_words import (
    CHANGE_VERBS,
    CURRENCY_WORDS,
    FUNCTION_WORDS,
    HEDGES,
    ID_NOUNS,
    IRREGULAR,
    MEASURE_UNITS,
    MONEY_WORDS,
    PARTICIPLE_NOUNS,
    POPULATION_UNITS,
    SHORT_MEASURES,
    STERLING_WORDS,
    TIME_UNITS,
    WEIGHT_WORDS,
    is_number_word,
    is_plural,
    singular,
)
from storyline.compare.numbers import (
    SCALES,
    TENS,
    UNITS,
    VAGUE,
    Number,
    digits_value,
    parse_number,
    parse_share,
    parse_vague,
    step_of,
)
from storyline.compare.units import (
    CURRENCY_CODES,
    CURRENCY_PHRASES,
    DOLLAR_PREFIXES,
    LOWER_CODES,
    MEASURES,
    SCALE_SUFFIXES,
    glued,
)
from storyline.compare.units import CURRENCY_SIGNS as _SIGNS
from storyline.text import Token, sentences, tokenize

# The word lists live in figure_words (re-exported here for callers of this module).
__all__ = [
    "CURRENCY_WORDS",
    "ID_NOUNS",
    "IRREGULAR",
    "MEASURE_UNITS",
    "PARTICIPLE_NOUNS",
    "POPULATION_UNITS",
    "TIME_UNITS",
    "FoundFigure",
    "extract_figures",
    "singular",
]

logger = logging.getLogger(__name__)

MINOR_UNITS = frozenset({"cent", "pence"})

CURRENCY_SIGNS = dict(_SIGNS)
# Words a figure can start with (see _may_start_figure; "one" is among UNITS).
_FIGURE_STARTS = frozenset(
    {*UNITS, *TENS, *VAGUE, "tens", "half", "quarter", "a", "minus", "rs", "dollar", *LOWER_CODES}
)
_HYPHEN_UNIT = re.compile(r"^(\d+(?:\.\d+)?|[a-z]+)-([a-z]+)$", re.IGNORECASE)
# Words after "N-": "24-h", "5-yr" are durations; "10-dollar", "one-yen" are amounts.
_TIME_ABBREVIATIONS = {"h": "hour", "hr": "hour", "yr": "year", "min": "minute", "sec": "second",
                       "wk": "week", "mo": "month"}  # fmt: skip
_HYPHEN_CURRENCIES = {"dollar": "USD", "euro": "EUR", "yen": "JPY", "yuan": "CNY", "rupee": "INR",
                      "cent": "cent", "penny": "pence"}  # fmt: skip
_SHORT_TIME_UNITS = {"min": "minute", "mins": "minute", "sec": "second", "secs": "second",
                     "yr": "year", "yrs": "year", "wk": "week", "wks": "week"}  # fmt: skip
_DIMENSION_WORDS = frozenset({"long", "wide", "tall", "high", "deep", "thick", "across", "away"})
_SPACED_SCALES = frozenset({"m", "mn", "mln", "bn", "tn", "trn", "k"})
_VAGUE_SUFFIXES = frozenset({"something", "odd", "ish", "some"})
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class FoundFigure:
    """A figure found in one article, before it becomes a :class:`Figure`."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    unit: str
    kind: str
    approx: bool
    step: float
    counted: str
    context: tuple[str, ...]


def extract_figures(text: str, *, language: str | None = None) -> list[FoundFigure]:
    """Every figure in ``text`` (an article's cleaned text), in order.

    The rules read English numbers and units; ``language`` (an ISO 639-1 code,
    None when unknown) other than English gives no figures, since a German
    "12.000" is twelve thousand and "4,2" is four point two: saying nothing
    beats reporting a figure the article never printed.
    """
    if language is not None and language != "en":
        logger.debug("no figures read from a text in language %s", language)
        return []
    found: list[FoundFigure] = []
    for sentence in sentences(text):
        figures = _sentence_figures(sentence.text)
        if sentence.start:
            figures = tuple(_shifted(figure, sentence.start) for figure in figures)
        found.extend(figures)
    return found


# A sentence's figures depend on its text alone (offsets aside): the comparison reads
# every sentence of a story's articles and the attribution reads the claims among them
# again (``attribution.Claim.figures``), so the reading is kept for recent sentences
# (a story's sentences are read together: a few thousand kept catch nearly every repeat).
@lru_cache(maxsize=2048)
def _sentence_figures(sentence: str) -> tuple[FoundFigure, ...]:
    """The figures of one sentence, with offsets into the sentence."""
    tokens = tokenize(sentence)
    drafts = _sentence_drafts(tokens)
    # Words inside a figure ("$48 million", "31 kilometres") say nothing about what a
    # neighbouring figure counts; the neighbour's unit ("#kilometre") is kept as a cue.
    in_figures = {
        tokens[k].start: "#" + (d.unit or "number") for d in drafts for k in range(d.first, d.last)
    }
    return tuple(_finish(sentence, tokens, draft, in_figures) for draft in drafts)


def _shifted(figure: FoundFigure, offset: int) -> FoundFigure:
    return dataclasses.replace(figure, start=figure.start + offset, end=figure.end + offset)


@lru_cache(maxsize=1 << 16)  # asked of every token of every sentence: a word's answer is kept
def _may_start_figure(text: str) -> bool:
    """False for a token no figure can start at (most words): the parsers need not run.

    A figure starts with a digit, a currency sign, a hyphenated word ("30-day",
    "two-thirds", "twenty-three"), a number word, a vague amount ("dozens",
    "tens of thousands"), "half", or "a" ("a third", "a dozen", "a million").
    """
    return (
        text.lower() in _FIGURE_STARTS
        or "-" in text
        or text in CURRENCY_SIGNS
        or text in CURRENCY_CODES
        or text.upper() in DOLLAR_PREFIXES
        or text in ("−", "½", "¼", "¾")
        or any(map(str.isdigit, text))
    )


def _sentence_drafts(tokens: list[Token]) -> list[Draft]:
    drafts: list[Draft] = []
    i = 0
    while i < len(tokens):
        if not _may_start_figure(tokens[i].text):
            i += 1
            continue
        if _is_tally(tokens, i):
            i += 3  # a vote or score ("voted 7–4"), not two quantities
            continue
        draft = _read_figure(tokens, i)
        if draft is None:
            i += 1
            continue
        if not excluded(tokens, draft):
            drafts.append(draft)
        i = max(draft.last, i + 1)
    return drafts


def _is_tally(tokens: list[Token], i: int) -> bool:
    if i + 2 >= len(tokens) or tokens[i + 1].text not in ("-", "–", "—"):
        return False
    first, second = parse_number(tokens, i), parse_number(tokens, i + 2)
    return first is not None and second is not None and second.low <= first.low


def _read_figure(tokens: list[Token], i: int) -> Draft | None:
    """The figure whose number starts at token ``i``, with its unit and hedge."""
    draft = _read_core(tokens, i)
    if draft is None:
        return None
    _read_range(tokens, draft)
    if not draft.unit:
        _read_unit(tokens, draft)
    elif draft.kind == "percent":
        _read_counted_noun(tokens, draft, allow_of=True, extend=True)
    if draft.kind in ("money", "measure") and _is_per_dozen(tokens, draft.last):
        draft.last += 2  # "64.2 cents a dozen": a price per dozen, not a second figure
    _read_hedge(tokens, draft)
    return draft


def _is_per_dozen(tokens: list[Token], j: int) -> bool:
    return (
        j + 1 < len(tokens)
        and tokens[j].lower in ("a", "per", "the")
        and tokens[j + 1].lower == "dozen"
    )


def _read_core(tokens: list[Token], i: int) -> Draft | None:
    token = tokens[i]
    number: Number | None
    if token.text in ("-", "−", "minus") and _negative_sign(tokens, i):
        draft = _read_core(tokens, i + 1)
        if draft is None or draft.number.vague:
            return None
        number = draft.number
        draft.number = Number(-number.high, -number.low, number.step, number.size + 1)
        draft.first = i
        return draft
    code, size = _currency_before(tokens, i)
    if code:
        j = i + size
        number = parse_number(tokens, j) if j < len(tokens) else None
        if number is None or tokens[j].text[0].isalpha():
            return None
        end = j + number.size
        suffix = tokens[end].text.lower() if end < len(tokens) else ""
        if suffix in _SPACED_SCALES and number.size == 1 and tokens[j].text[-1:].isdigit():
            scale = SCALE_SUFFIXES[suffix]  # "£2.3 bn", "$5 m": a magnitude, never metres
            number = Number(number.low * scale, number.high * scale, number.step * scale, 2)
            end += 1
        return Draft(i, end, number, code, "money")
    for parser, kind in ((parse_vague, "count"), (parse_share, "percent")):
        number = parser(tokens, i)
        if token.lower == "scores" and not next_is(tokens, i, "of"):
            number = None  # "test scores rose": the noun, not "scores of people"
        if number is not None and (kind != "percent" or _share_allowed(tokens, i, number)):
            unit = "percent" if kind == "percent" else ""
            return Draft(i, i + number.size, number, unit, kind)
    attached = _read_attached(token, i) or _read_glued(tokens, i)
    if attached is not None:
        return attached
    number = parse_number(tokens, i)
    if number is None:
        return None
    return Draft(i, i + number.size, number)


def _negative_sign(tokens: list[Token], i: int) -> bool:
    """ "-1.3%", "minus 5": a sign written against the number, not a dash between words."""
    if i + 1 >= len(tokens) or not tokens[i + 1].text[:1].isdigit():
        return False
    if tokens[i].lower == "minus":
        return True
    attached = tokens[i].end == tokens[i + 1].start
    free_before = i == 0 or tokens[i - 1].end < tokens[i].start or tokens[i - 1].text in "([:"
    after_number = i > 0 and tokens[i - 1].text[:1].isdigit()  # "75 -300mm" is a range
    return attached and free_before and not after_number


def _currency_before(tokens: list[Token], i: int) -> tuple[str, int]:
    """The currency written before a number and how many tokens it takes: "$", "C$", "USD"."""
    text = tokens[i].text
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:
        return "", 0
    if text in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[text], 1
    if text.upper() in DOLLAR_PREFIXES and nxt.text == "$" and tokens[i].end == nxt.start:
        return DOLLAR_PREFIXES[text.upper()], 2
    lowered = ("rs", "rmb", "usd", "eur", "gbp", "aud", "cad", "jpy", "cny", "inr", "dollar")
    if nxt.text[:1].isdigit() and (text in CURRENCY_CODES or text.lower() in lowered):
        return {"rmb": "CNY", "rs": "INR", "dollar": "USD"}.get(text.lower(), text.upper()), 1
    return "", 0


def _read_glued(tokens: list[Token], i: int) -> Draft | None:
    """ "AUD1.5m", "164p", "24pc", "50mph", "256GB", "500mg"; a bare "48m" before a noun is 48
    million, otherwise 48 metres."""
    text = tokens[i].text
    if not any(c.isalpha() for c in text):
        return None
    found = glued(text)
    if found is None:
        return None
    if found.unit == "metre" and _head_noun(tokens, i + 1) is not None:
        found = glued(text, money_context=True)
        assert found is not None
    number = Number(found.value, found.value, found.step, 1)
    return Draft(i, i + 1, number, found.unit, found.kind)


def _read_attached(token: Token, i: int) -> Draft | None:
    """One-token figures: "30-day", "2.5-mile", "six-week", ranges "200-300"."""
    if token.text.count("-") != 1 or is_number_word(token.lower):
        return None
    ranged = HYPHEN_RANGE.match(token.text)
    if ranged:
        low, high = float(ranged.group(1)), float(ranged.group(2))
        if low >= high:
            return None  # a score ("3-1"), not a range
        number = Number(low, high, step_of(ranged.group(2)), 1)
        return Draft(i, i + 1, number)
    low_text, _, high_text = token.text.partition("-")
    if _PLAIN_NUMBER.match(low_text) and high_text[:1].isdigit():
        draft = Draft(i, i, Number(float(low_text), 0.0, 1.0, 1))
        _read_glued_range_end(Token(high_text, token.start, token.end), i, draft)
        return draft if draft.unit else None  # "5-10kg", "75-300mm"
    match = _HYPHEN_UNIT.match(token.text)
    if match is None:
        return None
    head, unit = match.group(1), match.group(2).lower()
    parsed = digits_value(head)
    if parsed is None:
        words = parse_number([Token(head, 0, 0)], 0)
        parsed = (words.low, words.step) if words else None
    if parsed is None or not unit.isalpha():
        return None
    number = Number(parsed[0], parsed[0], parsed[1], 1)
    unit = _TIME_ABBREVIATIONS.get(unit, unit)
    if unit in _HYPHEN_CURRENCIES:
        return Draft(i, i + 1, number, _HYPHEN_CURRENCIES[unit], "money")  # "a one-yen bid"
    known = unit in MEASURE_UNITS or unit in TIME_UNITS or unit in MEASURES
    if not head[:1].isdigit() and not known:
        return None  # "one-off", "two-way": words, not quantities
    if unit == "plus":
        return Draft(i, i + 1, number, hedge="lower")  # "20-plus": at least 20
    if not known and (len(unit) < 3 or unit in _VAGUE_SUFFIXES):
        return None  # "3-d", "41-a", "40-something": no unit to name
    unit = MEASURE_UNITS.get(unit) or MEASURES.get(unit) or unit
    kind = "duration" if unit in TIME_UNITS else "measure"
    return Draft(i, i + 1, number, unit, kind)


def _share_allowed(tokens: list[Token], i: int, number: Number) -> bool:
    """ "half"/"a third" are shares only as a subject or before "of" ("second half" is not)."""
    word = tokens[i].lower
    after = tokens[i + number.size].lower if i + number.size < len(tokens) else ""
    if word == "half":
        before = tokens[i - 1].lower if i > 0 else ""
        return after == "of" or (before in ("", ",", "and", "but") and after.isalpha())
    if word in ("a", "one") and number.size == 2:
        return after == "of"
    return True


def _read_range(tokens: list[Token], draft: Draft) -> None:
    """ "between 200 and 300", "200 to 300", "$1m to $2m"."""
    k = draft.last
    if k + 1 >= len(tokens) or draft.number.vague or draft.kind == "percent":
        return
    joiner = tokens[k].lower
    before = tokens[draft.first - 1].lower if draft.first > 0 else ""
    if not (joiner in ("to", "-", "–") or (joiner == "and" and before == "between")):
        return
    if joiner == "to" and before == "from" and _after_change_verb(tokens, draft.first - 1):
        return  # "rose from 50 to 70" is a change, not a range
    start = k + 1
    if draft.kind == "money" and tokens[start].text in CURRENCY_SIGNS:
        start += 1
    if start >= len(tokens):
        return
    high = parse_number(tokens, start)
    if high is None and draft.kind == "count" and not draft.unit:
        _read_glued_range_end(tokens[start], start, draft)  # "75 - 300mm", "10 to 20kg"
        return
    if high is None or high.low <= draft.number.low:
        return
    draft.number = Number(draft.number.low, high.low, high.step, draft.number.size)
    draft.last = start + high.size


def _read_glued_range_end(token: Token, k: int, draft: Draft) -> None:
    """The range's upper end written with its unit ("300mm"): the unit is the whole range's."""
    found = glued(token.text) if any(c.isalpha() for c in token.text) else None
    if found is None or found.kind not in ("measure", "money") or found.value <= draft.number.low:
        return
    draft.number = Number(draft.number.low, found.value, found.step, draft.number.size)
    draft.unit, draft.kind, draft.last = found.unit, found.kind, k + 1


def _after_change_verb(tokens: list[Token], k: int) -> bool:
    """Whether "from" at ``k`` follows a verb of change ("rose sharply from", "was cut from")."""
    j = k - 1
    while j >= 0 and (tokens[j].lower.endswith("ly") or tokens[j].lower in ("been", "was")):
        j -= 1
    return j >= 0 and (tokens[j].lower in CHANGE_VERBS or tokens[j].lower.endswith("ed"))


def _read_unit(tokens: list[Token], draft: Draft) -> None:
    """The unit after the number: percent, currency, time or measure unit, counted noun."""
    j = draft.last
    word = tokens[j].lower if j < len(tokens) else ""
    if word in ("%", "percent", "pc") or (
        word == "per" and j + 1 < len(tokens) and tokens[j + 1].lower == "cent"
    ):
        draft.unit, draft.kind = "percent", "percent"
        draft.last = j + (2 if word == "per" else 1)
        _read_counted_noun(tokens, draft, allow_of=True, extend=False)
        return
    if draft.kind == "money":
        _read_counted_noun(tokens, draft, allow_of=True, extend=False)
        return
    if _read_currency_after(tokens, draft):
        return
    if _read_short_measure(tokens, draft) or _read_measure(tokens, draft):
        return
    if word == "-" and _spaced_compound(tokens, j):
        draft.last += 1  # "a 30 - year bond" written with spaces around the hyphen
        if _read_measure(tokens, draft):
            return
        draft.last -= 1
    if word == "of" and not draft.number.vague:
        _read_partitive(tokens, draft)
        return
    if word == "times" and tokens[j].text == "times" and not draft.number.vague:
        draft.unit, draft.kind, draft.last = "times", "ratio", j + 1
        return  # "100 times more", "lost it 7 times": a multiplier or a tally, not a noun
    _read_counted_noun(tokens, draft, allow_of=draft.number.vague, extend=True)


def _read_currency_after(tokens: list[Token], draft: Draft) -> bool:
    """ "420 dollars", "125 million Australian dollars", "500 USD", "75 USD million", "30 MUSD"."""
    j = draft.last
    words = tuple(t.lower for t in tokens[j : j + 3])
    for size in (3, 2, 1):
        code = CURRENCY_PHRASES.get(words[:size])
        if code is None or len(words) < size:
            continue
        pounds = words[:1] in (("pounds",), ("pound",))
        if size == 1 and (code == "GBP" or pounds) and _is_weight(tokens, j):
            draft.unit, draft.kind, draft.last = "pound-mass", "measure", j + 1
            return True
        draft.unit, draft.kind, draft.last = code, "money", j + size
        _read_minor_units(tokens, draft)
        return True
    if words[:1] == ("pounds",) or words[:1] == ("pound",):
        weight = _is_weight(tokens, j)
        draft.unit, draft.kind = ("pound-mass", "measure") if weight else ("GBP", "money")
        draft.last = j + 1
        return True
    text = tokens[j].text if j < len(tokens) else ""
    after = tokens[j + 1].text if j + 1 < len(tokens) else ""
    if text in CURRENCY_SIGNS and not after[:1].isdigit():
        draft.unit, draft.kind, draft.last = CURRENCY_SIGNS[text], "money", j + 1
        return True  # "15 €", "100 ₡"
    prefixed = text[1:] if text[:1] == "M" and text[1:] in CURRENCY_CODES else ""
    if text.lower() in LOWER_CODES:
        text = "CNY" if text.lower() == "rmb" else text.upper()
    if text in CURRENCY_CODES or prefixed:
        multiplier = 1e6 if prefixed else 1.0
        following = tokens[j + 1].lower if j + 1 < len(tokens) else ""
        if not prefixed and following in SCALES:
            multiplier, j = SCALES[following], j + 1
        number = draft.number
        draft.number = Number(number.low * multiplier, number.high * multiplier,
                              number.step * multiplier, number.size)  # fmt: skip
        draft.unit, draft.kind, draft.last = prefixed or text, "money", j + 1
        if multiplier == 1.0:
            _read_minor_units(tokens, draft)
        return True
    return False


def _is_weight(tokens: list[Token], j: int) -> bool:
    """ "pounds" of weight: "lost 25 pounds", "weighs 300 pounds", "2 pounds of beef";
    money when the sentence speaks of sterling ("£", "pence", "British")."""
    words = {t.lower for t in tokens}
    if next_is(tokens, j, "of") or words & WEIGHT_WORDS:
        return True
    return not (words & STERLING_WORDS or words & MONEY_WORDS or words & set(SCALES))


def _read_minor_units(tokens: list[Token], draft: Draft) -> None:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents": one amount."""
    j = draft.last
    if j < len(tokens) and tokens[j].lower == "and":
        j += 1
    if j >= len(tokens) or draft.number.low != draft.number.high or draft.unit in MINOR_UNITS:
        return  # "64.2 cents a dozen" is not 64.32 cents
    if not (tokens[j].text[:1].isdigit() or is_number_word(tokens[j].lower)):
        return  # "a dozen", "a share": not a minor amount
    minor = parse_number(tokens, j)
    if minor is None or not 0 < minor.low < 100 or minor.low != int(minor.low):
        return
    end = j + minor.size
    if end < len(tokens) and tokens[end].lower in ("cents", "cent", "pence", "p"):
        end += 1
    elif end < len(tokens) and tokens[end].text.isalpha():
        return  # "5 dollars and 3 apples"
    value = draft.number.low + minor.low / 100
    draft.number = Number(value, value, 0.01, draft.number.size)
    draft.last = end


def _read_short_measure(tokens: list[Token], draft: Draft) -> bool:
    """ "20 kg", "5 m", "100 °C", "40 deg celsius", "98.6 degrees F", "12 ft"."""
    j = draft.last
    if j >= len(tokens):
        return False
    text, word = tokens[j].text, tokens[j].lower
    if text in ("°", "º") or word in ("deg", "degree", "degrees"):
        k = j + 1
        scale = tokens[k].lower if k < len(tokens) else ""
        if scale in ("c", "f") or MEASURES.get(scale) in ("celsius", "fahrenheit"):
            name = {"c": "celsius", "f": "fahrenheit"}.get(scale) or MEASURES[scale]
            draft.unit, draft.kind, draft.last = name, "measure", k + 1
            return True
        draft.unit, draft.kind, draft.last = "degree", "measure", j + 1
        return True
    after = tokens[j + 1].text if j + 1 < len(tokens) else ""
    free = not after[:1].isalpha() or after in ("x", "by")  # "1 m x 1 m", "3 m by 4 m"
    free = free or _after_measure(tokens, draft.first)  # "12 m 2 dm long", "5 lb 3 oz"
    free = free or after.lower() in _DIMENSION_WORDS  # "5 m long", "2 m deep"
    if word in SHORT_MEASURES and free and text == text.lower():
        draft.unit, draft.kind, draft.last = SHORT_MEASURES[word], "measure", j + 1
        return True
    if word == "in" and _after_feet(tokens, draft.first):
        draft.unit, draft.kind, draft.last = "inch", "measure", j + 1
        return True  # "6 ft 2 in"
    if text in ("GB", "MB", "TB", "KB"):
        draft.unit, draft.kind, draft.last = MEASURES[word], "measure", j + 1
        return True
    return False


def _spaced_compound(tokens: list[Token], j: int) -> bool:
    """ "30 - year": a hyphen with a space on each side, before a word that is no age."""
    if j == 0 or j + 1 >= len(tokens):
        return False
    spaced = tokens[j - 1].end < tokens[j].start and tokens[j].end < tokens[j + 1].start
    age = [t.lower for t in tokens[j + 2 : j + 4]] == ["-", "old"]
    return spaced and tokens[j + 1].text.isalpha() and not age


def _after_measure(tokens: list[Token], i: int) -> bool:
    """Whether the number at ``i`` is the second part of a length or weight ("12 m 2 dm")."""
    return i >= 2 and tokens[i - 1].lower in SHORT_MEASURES and tokens[i - 2].text[:1].isdigit()


def _after_feet(tokens: list[Token], i: int) -> bool:
    """Whether the number at ``i`` follows a length in feet ("6 ft 2 in", "5 feet 10 in")."""
    return (
        i >= 2
        and tokens[i - 1].lower in ("ft", "feet", "foot")
        and tokens[i - 2].text[:1].isdigit()
    )


def _read_measure(tokens: list[Token], draft: Draft) -> bool:
    j = draft.last
    if j >= len(tokens):
        return False
    word = tokens[j].lower
    square = word in ("square", "metric") and j + 1 < len(tokens)
    if square:
        word = tokens[j + 1].lower
        if tokens[j].lower == "metric":
            if singular(word) not in ("ton", "tonne"):
                return False
            draft.unit, draft.kind, draft.last = "tonne", "measure", j + 2
            return True  # "34,500 metric tons"
    base = singular(word) if word not in ("km/h", "mph") else word
    base = _SHORT_TIME_UNITS.get(word, base)  # "20 min", "5 yrs"
    if base in TIME_UNITS and not square:
        draft.unit, draft.kind, draft.last = base, "duration", j + 1
        return True
    if base in MEASURE_UNITS or word in MEASURE_UNITS:
        unit = MEASURE_UNITS.get(base, MEASURE_UNITS.get(word, base))
        draft.unit = f"square {unit}" if square else unit
        draft.kind = "measure"
        draft.last = j + (2 if square else 1)
        if next_is(tokens, draft.last - 1, "of"):
            draft.counted = _noun_after(tokens, draft.last + 1)
        return True
    return False


def _read_partitive(tokens: list[Token], draft: Draft) -> None:
    """ "212 of the 400 seats": the unit is the noun after the second number."""
    j = draft.last + 1
    if j < len(tokens) and tokens[j].lower in ("the", "its", "their"):
        j += 1
    if j < len(tokens) and parse_number(tokens, j) is not None:
        number = parse_number(tokens, j)
        assert number is not None
        noun = _noun_after(tokens, j + number.size)
        if noun:
            draft.unit = singular(noun)


def _read_counted_noun(tokens: list[Token], draft: Draft, *, allow_of: bool, extend: bool) -> None:
    j = draft.last
    if allow_of and j < len(tokens) and tokens[j].lower == "of":
        j += 1
        if j < len(tokens) and tokens[j].lower in ("the", "all", "its", "their", "those"):
            j += 1
    head = _head_noun(tokens, j)
    if head is None and draft.kind == "count" and _singular_count(tokens, draft, j):
        head = j  # "1/4 point", "0.5 point": a singular noun after a fraction
    if head is None:
        return
    noun = singular(tokens[head].text)
    if draft.kind in ("percent", "money"):
        draft.counted = noun
    else:
        draft.unit = noun
    if extend:
        draft.last = head + 1


def _singular_count(tokens: list[Token], draft: Draft, j: int) -> bool:
    if j != draft.last or j >= len(tokens) or not 0 < draft.number.high < 1:
        return False
    word = tokens[j].text
    return (
        tokens[draft.first].text[:1].isdigit()
        and word.isalpha()
        and word.islower()
        and len(word) > 2
        and word not in FUNCTION_WORDS
        and not word.endswith(("ed", "ly", "ing"))
    )


def _head_noun(tokens: list[Token], j: int) -> int | None:
    """Index of the counted noun in the lower-case run after a number ("300 new homes")."""
    for k in range(j, min(j + 3, len(tokens))):
        word = tokens[k].text
        lower = word.lower()
        if not word.replace("-", "").isalpha() or not word.islower() or lower in FUNCTION_WORDS:
            return None
        if lower in PARTICIPLE_NOUNS:
            return k if k == j else None
        if is_plural(lower):
            if lower in IRREGULAR and k + 1 < len(tokens):
                following = tokens[k + 1].text
                if following.islower() and following.isalpha() and is_plural(following):
                    return k + 1  # "police officers"
            return k
    return None


def _noun_after(tokens: list[Token], j: int) -> str:
    if j < len(tokens) and tokens[j].lower in ("the", "its", "their"):
        j += 1
    if (
        j < len(tokens)
        and tokens[j].text.isalpha()
        and tokens[j].text.islower()
        and tokens[j].lower not in FUNCTION_WORDS
    ):
        return singular(tokens[j].text)
    return ""


def _read_hedge(tokens: list[Token], draft: Draft) -> None:
    """ "about", "more than", "up to", "between" before the number widen the span."""
    if (
        draft.first > 0
        and tokens[draft.first - 1].lower == "between"
        and (draft.number.high > draft.number.low and not draft.number.vague)
    ):
        draft.first -= 1
        return
    for size in (3, 2, 1):
        start = draft.first - size
        if start < 0:
            continue
        phrase = tuple(t.lower for t in tokens[start : draft.first])
        kind = HEDGES.get(phrase)
        if kind is None:
            continue
        if phrase == ("over",) and draft.kind == "duration":
            return  # "over ten years" is a period, not a bound
        draft.hedge, draft.first = kind, start
        return


def _finish(
    text: str, tokens: list[Token], draft: Draft, in_figures: Mapping[int, str]
) -> FoundFigure:
    number = draft.number
    low: float | None = number.low
    high: float | None = number.high
    if draft.hedge == "lower":
        high = None
    elif draft.hedge == "upper":
        low = None
    start, end = tokens[draft.first].start, tokens[draft.last - 1].end
    return FoundFigure(
        start=start,
        end=end,
        text=text[start:end],
        low=low,
        high=high,
        unit=draft.unit,
        kind=draft.kind,
        approx=draft.hedge == "approx" or number.vague,
        step=number.step,
        counted=draft.counted,
        context=figure_context(tokens, draft.first, draft.last, draft.counted, in_figures),
    )
