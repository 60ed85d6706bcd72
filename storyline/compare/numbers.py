"""Numbers as news text writes them: digits, multipliers, words, vague multiples, shares.

Each parser looks at a token list from a position and returns a
:class:`Number` (value interval, rounding step, how many tokens it used) or
``None``.  Units and hedges ("about", "more than") are the business of
:mod:`storyline.compare.figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.text import Token

__all__ = ["Number", "fraction_value", "parse_number", "parse_share", "parse_vague", "step_of"]

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
# "tens of thousands" and friends: [low, high] of what the phrase can mean.
VAGUE = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (100.0, 1000.0),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e9),
    "billions": (1e9, 1e12),
}
FRACTIONS = {
    "half": 50.0,
    "third": 100 / 3,
    "thirds": 100 / 3,
    "quarter": 25.0,
    "quarters": 25.0,
    "fifth": 20.0,
    "fifths": 20.0,
    "tenth": 10.0,
    "tenths": 10.0,
}
# "41,500", "4", "2.5"; and Indian grouping in lakhs and crores ("12,34,567.89").
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+)(?:\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn|trn)$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A parsed number: ``[low, high]`` (equal for a point), its rounding step, tokens used."""

    low: float
    high: float
    step: float
    size: int
    vague: bool = False


def step_of(literal: str, multiplier: float = 1.0) -> float:
    """The rounding step a written number implies: 41,500 -> 100; 2.3 (bn) -> 0.1 bn."""
    literal = literal.replace(",", "")
    if "." in literal:
        decimals = len(literal.split(".", 1)[1])
        return multiplier * 10.0**-decimals
    digits = literal.lstrip("0") or "0"
    zeros = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
    return multiplier * 10.0**zeros


def digits_value(text: str) -> tuple[float, float] | None:
    """Value and step of a digit token ("41,500", "2.3bn", "4"), else None."""
    if _DIGITS.match(text):
        return float(text.replace(",", "")), step_of(text)
    match = _DIGITS_SUFFIX.match(text)
    if match:
        multiplier = SUFFIXES[match.group(2).lower()]
        literal = match.group(1)
        return float(literal) * multiplier, step_of(literal, multiplier)
    return None


_FRACTION = re.compile(r"^(\d{1,2})/(2|3|4|8|16|32)$")
VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def fraction_value(text: str) -> float | None:
    """0.25 for "1/4" or "¼" (a proper fraction with a small denominator), else None."""
    if text in VULGAR:
        return VULGAR[text]
    match = _FRACTION.match(text)
    if match is None or int(match.group(1)) >= int(match.group(2)):
        return None
    return int(match.group(1)) / int(match.group(2))


def parse_number(tokens: list[Token], i: int) -> Number | None:
    """Digits (with an optional scale word: "4.3 million", a fraction: "10 1/2") or words."""
    fraction = fraction_value(tokens[i].text)
    if fraction is not None:
        return Number(fraction, fraction, 0.0, 1)
    parsed = digits_value(tokens[i].text)
    if parsed is not None:
        value, step = parsed
        following = fraction_value(tokens[i + 1].text) if i + 1 < len(tokens) else None
        if following is not None and "." not in tokens[i].text and value == int(value):
            return Number(value + following, value + following, 0.0, 2)
        if i + 1 < len(tokens) and tokens[i + 1].lower in SCALES and "." not in tokens[i].text[-1:]:
            scale = SCALES[tokens[i + 1].lower]
            literal = tokens[i].text
            return Number(value * scale, value * scale, step_of(literal, scale), 2)
        return Number(value, value, step, 1)
    return _parse_words(tokens, i)


def _word_value(word: str) -> int | None:
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    head, _, tail = word.partition("-")
    if head in TENS and tail in UNITS and 0 < UNITS[tail] < 10:
        return TENS[head] + UNITS[tail]
    return None


def _parse_fraction_of_scale(tokens: list[Token], i: int) -> Number | None:
    """ "half a million", "a quarter million", "half million": a fraction of a scale word."""
    j = i + (tokens[i].lower == "a")
    words = [t.lower for t in tokens[j : j + 3]]
    if not words or words[0] not in ("half", "quarter"):
        return None
    k = 2 if words[1:2] == ["a"] else 1
    if len(words) <= k or words[k] not in SCALES or words[k] == "hundred":
        return None
    value = (0.5 if words[0] == "half" else 0.25) * SCALES[words[k]]
    return Number(value, value, SCALES[words[k]] / 10, j - i + k + 1)


def _parse_words(tokens: list[Token], i: int) -> Number | None:
    """ "twenty-three", "one hundred and twenty", "four hundred", "a dozen", "two million"."""
    fraction = _parse_fraction_of_scale(tokens, i)
    if fraction is not None:
        return fraction
    total, current, last, j = 0.0, 0.0, "start", i
    while j < len(tokens):
        word = tokens[j].lower
        following = tokens[j + 1].lower if j + 1 < len(tokens) else ""
        word_value = _word_value(word)
        if word_value is not None and (
            last in ("start", "hundred", "scale", "and") or (last == "tens" and word_value < 10)
        ):
            current += word_value
            last = "tens" if word in TENS else "unit"
        elif word == "a" and last == "start" and (following in SCALES or following == "dozen"):
            current, last = 1.0, "a"
        elif word == "dozen" and last in ("unit", "a"):
            current, last = current * 12, "unit"
        elif word == "hundred" and last in ("unit", "tens", "a"):
            current, last = current * 100, "hundred"
        elif word in SCALES and word != "hundred" and last in ("unit", "tens", "hundred", "a"):
            total, current, last = total + current * SCALES[word], 0.0, "scale"
        elif word == "and" and last in ("hundred", "scale") and _word_value(following) is not None:
            last = "and"
        else:
            break
        j += 1
    if last in ("start", "a", "and"):
        return None
    value = total + current
    return Number(value, value, step_of(str(int(value))), j - i)


def parse_vague(tokens: list[Token], i: int) -> Number | None:
    """ "tens of thousands", "hundreds of thousands", "thousands", "dozens"."""
    word = tokens[i].lower
    nxt = [t.lower for t in tokens[i + 1 : i + 3]]
    if word in ("tens", "hundreds") and len(nxt) == 2 and nxt[0] == "of":
        scale = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}.get(nxt[1])
        if scale is not None:
            factor = 10.0 if word == "tens" else 100.0
            return Number(factor * scale, factor * scale * 10, 0.0, 3, vague=True)
    if word in VAGUE:
        low, high = VAGUE[word]
        return Number(low, high, 0.0, 1, vague=True)
    return None


def _small_number(word: str) -> float | None:
    """ "five" or "5" as a number, else None."""
    value = _word_value(word)
    if value is not None:
        return float(value)
    parsed = digits_value(word)
    return parsed[0] if parsed else None


def parse_share(tokens: list[Token], i: int) -> Number | None:
    """Shares as percentages: "one in five" = 20, "a third" = 33.3, "half", "two-thirds"."""
    words = [t.lower for t in tokens[i : i + 3]]
    first = words[0]
    if len(words) == 3 and words[1] == "in":
        top, bottom = _small_number(first), _small_number(words[2])
        if top and bottom and bottom > top:
            share = 100.0 * top / bottom
            return Number(share, share, 0.0, 3)
    if first == "half":
        return Number(50.0, 50.0, 0.0, 1)
    head, _, tail = first.partition("-")
    if tail in FRACTIONS and _word_value(head):
        share = FRACTIONS[tail] * (_word_value(head) or 1)
        return Number(share, share, 0.0, 1)
    if first in ("a", "one") and len(words) > 1 and words[1] in FRACTIONS and words[1] != "half":
        share = FRACTIONS[words[1]]
        return Number(share, share, 0.0, 2)
    return None
