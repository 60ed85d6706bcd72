"""Dates stated in the text, resolved against the article's publication date.

Absolute dates ("Oct. 21", "21 October 2025", "Monday, October 27", "a 2010
raid", "the summer of 1998", "the 1990s", "the 20th century", "fiscal 2011",
"Q3 2010") and relative ones ("on Monday", "yesterday", "last week", "in
July", "July last year", "this morning", "two days ago", "last fall", "the
third quarter", "early 2011") become TimeML values with a precision (see
:mod:`storyline.compare.timex_values`).  Anaphoric ones ("the following year",
"a year earlier", "that day", "the year-ago quarter") count from the last date
the article mentioned, or from the publication date when there is none.
"Now", "recently" and "the future" get TimeML's ``PRESENT_REF``, ``PAST_REF``
and ``FUTURE_REF`` (precision ``ref``; they never go on a timeline).

The tense of the clause decides the direction (see
:mod:`storyline.compare.tense`): in past-tense reporting "on Monday" is the
most recent Monday, the publication day included, and "in March" the most
recent March, the current month included; after "will", "is due to", "set to"
or in the present of a scheduled event ("starts in September") it is the next
one; when the tense says nothing it is the nearest one.  "last"/"next" before
a month skip the current month; "this" keeps the publication year.  A
past-tense date without a year is never placed after the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from storyline.compare.tense import clause_tense
from storyline.compare.timex_patterns import CASED_GATES, GATES, MONTHS, PATTERNS, WEEKDAYS
from storyline.compare.timex_resolve import Context, resolve
from storyline.compare.timex_values import When
from storyline.text import sentences

__all__ = ["MONTHS", "WEEKDAYS", "FoundDate", "extract_dates"]

_MAY_CONTEXT = re.compile(
    r"(?i)\b(?:in|since|until|by|during|from|early|late|last|next|this|of|mid)[\s-]+$"
)
# Words after "fall"/"spring" that make them a verb or another noun ("the fall of Rome").
_SEASON_NOUN_USE = re.compile(r"(?i)^\s+(?:of|in|from|to|by|and|or)\s+(?![12]\d{3}\b)")
_QUOTED_TITLE = re.compile(r"[\"“]\s*$")
# Patterns that need the publication date (or a mentioned one) to give a value.
COMPARISONS = frozenset(["ago", "year_ago_adjective", "the_quarter", "the_period"])


@dataclass(frozen=True)
class FoundDate:
    """A date phrase in an article: its span, resolved period, TimeML value and its sentence.

    ``date`` is the first day of the period for coarser precisions than a day;
    ``value`` is the TimeML value (``2010-SU``, ``199``, ``PRESENT_REF`` …);
    ``mod`` is TimeML's START, END or MID ("early 2011"); ``tense`` is the
    tense of the clause that decided the direction ("past", "future" or
    "unknown").
    """

    start: int
    end: int
    text: str
    date: date
    precision: str
    sentence_start: int
    sentence_end: int
    value: str = ""
    mod: str | None = None
    tense: str = field(default="unknown", compare=False)


def extract_dates(text: str, published: date | None) -> list[FoundDate]:
    """Dates stated in ``text``; relative ones need ``published`` (skipped without it)."""
    found: list[FoundDate] = []
    context = Context(published)
    for sentence in sentences(text):
        for name, match, span in _selected(sentence.text):
            tense = clause_tense(sentence.text, span[0], span[1])
            when = resolve(name, match, context, tense)
            if when is None:
                continue
            if when.precision != "ref" and not _comparison(name, match):
                context.reference = when
            start, end = sentence.start + span[0], sentence.start + span[1]
            found.append(
                FoundDate(
                    start,
                    end,
                    text[start:end],
                    when.date,
                    when.precision,
                    sentence.start,
                    sentence.end,
                    when.value,
                    when.mod,
                    tense,
                )
            )
    return found


def _comparison(name: str, match: re.Match[str]) -> bool:
    """ "a year earlier", "a year ago", "the year-ago quarter" compare; they move no story time."""
    if name == "anaphoric_shift":
        return match.group("rel").lower() == "earlier"
    return name in COMPARISONS


def _selected(sentence: str) -> list[tuple[str, re.Match[str], tuple[int, int]]]:
    """Non-overlapping matches in text order; earlier patterns win overlaps."""
    taken: list[tuple[str, re.Match[str], tuple[int, int]]] = []
    for name, match in _matches(sentence):
        span = match.span("ref") if name.endswith("_ref") else match.span()
        if span[0] >= span[1] or any(a < span[1] and span[0] < b for _, _, (a, b) in taken):
            continue
        if not _plausible(name, match, sentence):
            continue
        taken.append((name, match, span))
    taken.sort(key=lambda item: item[2][0])
    return taken


_Gate = re.Pattern[str] | None
_Gated = tuple[str, re.Pattern[str], _Gate, bool, _Gate]


def _gate_patterns() -> tuple[_Gated, ...]:
    """Each pattern with its gate as one search for any of the gate's strings (shared by
    patterns with the same gate), whether a digit opens it, and its gate on the text as
    written (``CASED_GATES``), if any."""
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    gated = []
    for name, pattern in PATTERNS:
        keys, cased = GATES.get(name, ()), CASED_GATES.get(name, ())
        for strings in (keys, cased):
            if strings and strings not in compiled:
                compiled[strings] = re.compile("|".join(re.escape(key) for key in strings))
        gated.append(
            (
                name,
                pattern,
                compiled[keys] if keys else None,
                "#digit" in keys,
                compiled[cased] if cased else None,
            )
        )
    return tuple(gated)


_GATED = _gate_patterns()


def _matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    lowered = text.lower()
    digit = any(map(str.isdigit, text))
    opened: dict[re.Pattern[str], bool] = {}  # a gate is checked once per sentence
    for name, pattern, gate, digit_opens, cased in _GATED:
        if gate is not None:
            is_open = opened.get(gate)
            if is_open is None:
                is_open = opened[gate] = (digit_opens and digit) or bool(gate.search(lowered))
            if not is_open:
                continue
        if cased is not None:
            is_open = opened.get(cased)
            if is_open is None:
                is_open = opened[cased] = bool(cased.search(text))
            if not is_open:
                continue
        for match in pattern.finditer(text):
            yield name, match


def _plausible(name: str, match: re.Match[str], sentence: str) -> bool:
    if name == "month":
        return _month_is_date(sentence, match)
    if name == "season":
        return _season_is_date(sentence, match)
    # not a programme title: ABC's "This Week"
    return not (name == "relative_period" and _QUOTED_TITLE.search(sentence[: match.start()]))


def _month_is_date(text: str, match: re.Match[str]) -> bool:
    """ "May" is a month only after a preposition ("in May"); the modal verb is not."""
    word = match.group("month").rstrip(".")
    if match.group("which") or match.group("mod"):
        return True  # "last May", "early May"
    if word != "May" and not (len(word) == 3 and not match.group(0).endswith(".")):
        return True
    return bool(_MAY_CONTEXT.search(text[: match.start()]))


def _season_is_date(text: str, match: re.Match[str]) -> bool:
    """ "last fall", "the summer of 1998", "in spring"; not "prices fall" or "a hot spring"."""
    det = (match.group("det") or "").lower()
    if match.group("year") or det in ("this", "last", "next", "past", "this past"):
        return True
    after = text[match.end() :]
    if _SEASON_NOUN_USE.match(after) or after[:1] == "-":
        return False
    before = text[: match.start()].lower().split()[-1:]
    if match.group("season").lower() == "fall":
        return det == "the" and before in (["in"], ["during"], ["since"], ["until"], ["by"])
    return bool(det == "the" or match.group("mod")) or before in (
        ["in"], ["during"], ["since"], ["until"], ["by"], ["this"]
    )  # fmt: skip


def value_of(found: FoundDate) -> When:
    """The :class:`When` of a found date."""
    return When(found.date, found.precision, found.value, found.mod)
