"""When a span's figures state a claim's: the figure part of the attribution rule.

:mod:`storyline.attribution` credits a span with a claim only when every figure
of the claim has a compatible figure in the span: the same kind and unit, a
value that rounding or hedging allows, and never a vaguer one.  The figure reader
leaves a lone "one" aside ("one of them", "one day"), so :func:`one_contradicted`
reads the claim's "one rabbit" against the span's count of rabbits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from storyline.compare.figures import FoundFigure

__all__ = ["compatible", "figures_agree", "one_contradicted"]

_APPROX_RELATIVE = 0.1
_ROUND_STEP = 100.0
# Units that say only "a count of something": comparable with any count.
_GENERIC_UNITS = frozenset({"", "number", "people", "person"})


def figures_agree(wanted: Sequence[FoundFigure], found: Sequence[FoundFigure]) -> bool:
    """Every figure of the claim has a compatible figure (value and unit) in the span."""
    return all(any(compatible(figure, other) for other in found) for figure in wanted)


# "one untreated rabbit", "a single dose": up to two words between the count and the noun
_ONE = re.compile(r"\b(?:one|a single)((?:\s+[a-z][\w'-]*){1,3})", re.IGNORECASE)
# "one of the rabbits", "one more rabbit", "one or two rabbits": not a count of one
_NOT_ONE = frozenset({"of", "more", "other", "another", "or", "and", "to", "in", "by", "out", "at"})


def one_contradicted(
    claim_text: str,
    claimed: Sequence[FoundFigure],
    span_text: str,
    found: Sequence[FoundFigure],
) -> bool:
    """Whether the claim counts one of something ("one untreated rabbit died") that the
    span counts only as more ("four untreated rabbits died").  A claim that counts the
    same thing as more too ("four counts of fraud and one count of theft") speaks of two
    groups, and a span that also writes one of it may mean the same one."""
    counted = _counted_nouns(found) - _counted_nouns(claimed) - _ones(span_text)
    return bool(counted & _ones(claim_text))


def _counted_nouns(figures: Sequence[FoundFigure]) -> set[str]:
    """The nouns ``figures`` count as more than one."""
    return {
        noun
        for figure in figures
        if figure.kind == "count" and figure.low is not None and figure.low > 1
        for noun in (figure.unit, figure.counted)
        if noun and noun not in _GENERIC_UNITS
    }


def _ones(text: str) -> set[str]:
    """The words that may be the noun of a "one ..." in ``text`` ("one untreated rabbit":
    untreated, rabbit)."""
    found = set()
    for match in _ONE.finditer(text):
        for word in match.group(1).lower().split():
            if word in _NOT_ONE:
                break
            found.add(word)
    return found


def compatible(claimed: FoundFigure, found: FoundFigure) -> bool:
    """``found`` (the span's) states ``claimed``: same kind and unit, overlapping values,
    and no vaguer: "millions of doses" or "at least 60" do not state "4 million doses" or
    "60"; "about 60" states "61", "nearly 36 percent" states "36%" (a one-sided figure is
    written at its bound) and "65" states "more than 60"."""
    if claimed.kind != found.kind:
        return False
    units = {claimed.unit, found.unit}
    if len(units) > 1 and not units & _GENERIC_UNITS and not _same_counted(claimed, found):
        return False
    a_low, a_high = _interval(claimed)
    b_low, b_high = _interval(found)
    if not (a_low <= b_high and b_low <= a_high):
        return False
    if found.low is not None and found.low == found.high:
        # a single value: one of the two lies within what the other's rounding or hedging
        # allows ("about 60" and "61"); "40 million" and "45 million" are two figures,
        # though each rounded 10 % would meet the other halfway
        if claimed.low is None or claimed.low != claimed.high:
            return True
        return a_low <= found.low <= a_high or b_low <= claimed.low <= b_high
    if found.low is None or found.high is None:  # "nearly 36 percent", "more than 40 million"
        bound = found.high if found.low is None else found.low
        return bound is not None and a_low <= bound <= a_high
    return a_low <= found.low and found.high <= a_high  # a range within the claim's


def _same_counted(first: FoundFigure, second: FoundFigure) -> bool:
    return bool(first.counted) and first.counted in (second.counted, second.unit)


def _interval(figure: FoundFigure) -> tuple[float, float]:
    """The stated interval, widened as far as rounding or hedging allows."""
    low = -math.inf if figure.low is None else figure.low
    high = math.inf if figure.high is None else figure.high
    if figure.low is None or figure.high is None or figure.low != figure.high:
        return low, high
    value = figure.low
    # A hedged figure ("about 40,000") allows 10 % either side.  A round one ("200 miles",
    # "2.3 million") stands for what rounds to it: half its rounding step either side, and
    # never more than 10 %: "200 miles" does not back "a 275-mile trip", nor "the 2300
    # block" "the 2200 block", nor "2.3 million" "2.2 million".
    slack = 0.0
    if figure.approx:
        slack = abs(value) * _APPROX_RELATIVE
    elif figure.step >= _ROUND_STEP:
        slack = min(abs(value) * _APPROX_RELATIVE, figure.step / 2)
    return value - slack, value + slack
