"""Dates in the attribution rule: a span that dates the claim's event on another day
does not state the claim.

The dates are read by the comparison's date reader (:func:`.compare.timeline.extract_dates`);
this module only decides whether two of them can name the same day.  When an article's
publication date is known, its dates are resolved against it ("Tuesday" in an article of
Wednesday, Oct. 10 is Oct. 9; "yesterday" is Oct. 9 too): a resolved day is compared as a
day with the other side's resolved days, and by its month and day, year and weekday with
the days the other side only writes.  Without it a date is compared by what it writes:

* a day of the month ("Oct. 3", "3 October", with or without a year) against another:
  the same month and day (and year, when both write one);
* a day of the week ("Tuesday night") against another: the same weekday; against a
  day of the month with a year: that day's weekday;
* a day of the week against a day of the month without a year cannot be placed: the
  two *may* be one day, and when ``unplaced_conflicts`` is set (the default: when
  unsure, the rule does not credit) a span whose only dates are of that kind is no
  credit;
* a date that counts from the publication day or from another date ("yesterday",
  "that day", "a week later") is not compared without the publication date.

A date only on one side is fine (a span may leave out when); a span with several
dates agrees when one of them can be the claim's day.

Times of day ("10:15 p.m.", "9 a.m.", "noon", "14:30") are compared the same way by
:func:`times_agree`: a span that times what the claim times at another hour or minute
does not state it ("arrived at 10:15 p.m." against "arrived at 11:40 p.m."); a time
without "a.m." or "p.m." may be either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from storyline.compare.timeline import MONTHS, WEEKDAYS, extract_dates
from storyline.errors import check_number
from storyline.text import terms

__all__ = ["ClockTime", "DayDate", "clock_times", "dates_agree", "day_dates", "times_agree"]

# The reader places a date without a year against a publication date; without one the
# month and day it writes do not depend on which day stands in.
_STAND_IN = date(2001, 7, 1)
#: Words either side of a date phrase read as what it dates; two dates are compared only
#: when these share a term ("their Oct. 3 debate", "Tuesday night's debate").
NEAR_WORDS = 2
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")
# The reader wants days and months capitalised (a lower-case "may" or "march" is a verb);
# a text written all in lower case gets its weekdays, and the months written beside a
# day number ("oct. 3", "3 march"), capitalised first.
_LOWER_WEEKDAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b")
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_LOWER_MONTH_DAY = re.compile(
    rf"\b(?:(?:{_MONTH_WORDS})\.?(?=\s+\d{{1,2}}(?:st|nd|rd|th)?\b)|(?<=\d\s)(?:{_MONTH_WORDS})\b)"
)


@dataclass(frozen=True)
class DayDate:
    """What a date phrase tells about its day: month and day, year, weekday (each may be
    unknown), or the day itself when it was resolved against a publication date."""

    month_day: tuple[int, int] | None = None
    year: int | None = None
    weekday: int | None = None
    resolved: date | None = None
    near: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def day_dates(
    text: str, published: date | None = None, *, reach: int = NEAR_WORDS
) -> tuple[DayDate, ...]:
    """The days ``text`` dates things on; ``published`` resolves relative dates."""
    found: list[DayDate] = []
    for reading in extract_dates(_cased(text), published or _STAND_IN):
        if reading.precision != "day":
            continue
        near = _near(text, reading.start, reading.end, reach)
        if published is not None:
            day = reading.date  # resolved: its month, day, year and weekday are known too
            found.append(
                DayDate((day.month, day.day), day.year, day.weekday(), resolved=day, near=near)
            )
            continue
        words = set(_WORD.findall(reading.text.lower()))
        weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
        has_day = bool(words & MONTHS.keys()) or any(ch.isdigit() for ch in reading.text)
        month_day = (reading.date.month, reading.date.day) if has_day else None
        year = reading.date.year if month_day and _YEAR.search(reading.text) else None
        if month_day is None and weekday is None:
            continue  # "yesterday", "that day": counted from a day not known here
        found.append(DayDate(month_day, year, weekday, near=near))
    return tuple(found)


def _near(text: str, start: int, end: int, reach: int) -> frozenset[str]:
    """The terms of the ``reach`` words either side of a date phrase: what it dates."""
    before = text[:start].split()[-reach:] if reach else []
    after = text[end:].split()[:reach] if reach else []
    return frozenset(terms(" ".join(before + after))) - frozenset(terms(text[start:end]))


def _cased(text: str) -> str:
    """``text`` with lower-case weekdays and months beside a day number capitalised."""
    text = _LOWER_WEEKDAY.sub(lambda match: match.group(0).capitalize(), text)
    return _LOWER_MONTH_DAY.sub(lambda match: match.group(0).capitalize(), text)


def _same_day(first: DayDate, second: DayDate) -> bool | None:
    """True or False when the two can or cannot be one day; None when it cannot be told."""
    if first.resolved is not None and second.resolved is not None:
        return first.resolved == second.resolved
    if first.month_day and second.month_day:
        if first.year and second.year and first.year != second.year:
            return False
        return first.month_day == second.month_day
    left, right = _weekday_of(first), _weekday_of(second)
    if left is not None and right is not None:
        return left == right
    return None


def _weekday_of(found: DayDate) -> int | None:
    if found.weekday is not None:
        return found.weekday
    if found.year and found.month_day:
        try:
            return date(found.year, *found.month_day).weekday()
        except ValueError:
            return None
    return None


def dates_agree(
    claim: str,
    span: str,
    *,
    published: tuple[date | None, date | None] = (None, None),
    unplaced_conflicts: bool = True,
    reach: int = NEAR_WORDS,
) -> bool:
    """Whether every day the claim dates something on can be a day the span names (or the
    span names none, or the claim none).  Each side's days are resolved against its own
    article's publication date (``published``: the claim's, the span's) when it is known;
    see the module's notes for what is compared without it."""
    check_number("dates_agree", "reach", reach, low=0, integer=True)
    claim_published, span_published = published
    wanted = day_dates(claim, claim_published, reach=reach)
    if not wanted:
        return True
    written = day_dates(span, span_published, reach=reach)
    if any(_same_day(day, other) for day in wanted for other in written):
        return True  # one of the span's days can be the claim's
    # What a date dates is read from the words beside it: a span's day is held against
    # the claim's only when they date the same thing ("their Oct. 3 debate", "Tuesday
    # night's debate"); a span that dates only something else says nothing of when.
    verdicts = [
        _same_day(day, other)
        for day in wanted
        for other in written
        if not reach or day.near & other.near
    ]
    if not verdicts:
        return True
    return not unplaced_conflicts and None in verdicts


# "10:15 p.m.", "9 a.m.", "9am", "10.30pm", "1: 30 p.m." (a tokenised text); "14:30" (a
# day's hours and minutes); "noon".
_CLOCK = re.compile(
    r"\b(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.]\s?(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?<![\d:.])(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?![\d:])"
    r"|(?P<word>noon|midnight))",
    re.IGNORECASE,
)
_HALF_DAY = 12 * 60


@dataclass(frozen=True)
class ClockTime:
    """A time of day: minutes past midnight, or past noon-or-midnight when ``half_known``
    is false ("3:30" may be either)."""

    minutes: int
    half_known: bool
    near: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def clock_times(text: str, *, reach: int = NEAR_WORDS) -> tuple[ClockTime, ...]:
    """The times of day ``text`` writes, each with the words beside it (what it times)."""
    found = []
    for match in _CLOCK.finditer(text):
        near = _near(text, match.start(), match.end(), reach)
        if match.group("word"):
            minutes = _HALF_DAY if match.group("word").lower() == "noon" else 0
            found.append(ClockTime(minutes, True, near))
        elif match.group("half"):
            hour = int(match.group("hour")) % 12 + (12 if match.group("half").lower() == "p" else 0)
            found.append(ClockTime(hour * 60 + int(match.group("minute") or 0), True, near))
        else:
            minutes = int(match.group("hour24")) * 60 + int(match.group("minute24"))
            found.append(ClockTime(minutes, minutes >= 13 * 60 or minutes < 60, near))
    return tuple(found)


def times_agree(claim: str, span: str, *, reach: int = NEAR_WORDS) -> bool:
    """Whether every time of day the claim gives can be one the span gives to the same
    thing (or the span gives none to it); see the module's notes."""
    check_number("times_agree", "reach", reach, low=0, integer=True)
    wanted = clock_times(claim, reach=reach)
    if not wanted:
        return True
    written = clock_times(span, reach=reach)
    for time in wanted:
        beside = [other for other in written if not reach or time.near & other.near]
        if beside and not any(_same_time(time, other) for other in beside):
            return False
    return True


def _same_time(first: ClockTime, second: ClockTime) -> bool:
    if first.half_known and second.half_known:
        return first.minutes == second.minutes
    return first.minutes % _HALF_DAY == second.minutes % _HALF_DAY
