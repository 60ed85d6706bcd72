"""Dates stated in the text, resolved against the article's publication date.

Absolute dates ("Oct. 21", "21 October 2025", "Monday, October 27", "in
2019") and relative ones ("on Monday", "yesterday", "last week", "in July",
"this morning", "two days ago") become calendar dates with a precision (day,
week, month, year).  The tense of the clause decides the direction (see
:mod:`storyline.compare.tense`): in past-tense reporting "on Monday" is the
most recent Monday, the publication day included, and "in March" the most
recent March, the current month included; after "will", "is due to" or in the
present of a scheduled event ("starts in September") it is the next one; when
the tense says nothing it is the nearest one.  "last"/"next" before a month
skip the current month; "this" keeps the publication year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.compare.numbers import UNITS
from storyline.compare.tense import clause_tense
from storyline.text import sentences

__all__ = ["FoundDate", "extract_dates"]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_COUNT = r"(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# Order matters: longer, more specific forms first; a match hides overlapping later ones.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("weekday_date", rf"\b(?P<weekday>{_WEEKDAY}),?\s+(?P<month>{_MONTH})\s+{_DAY}\b"),
        ("weekday_day", rf"\b(?P<weekday>{_WEEKDAY}),?\s+{_DAY}\s+(?P<month>{_MONTH})\b"),
        ("month_day", rf"\b(?P<month>{_MONTH})\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
        ("day_month", rf"\b{_DAY}\s+(?P<month>{_MONTH})\b(?:,?\s+{_YEAR}\b)?"),
        ("month_year", rf"\b(?P<month>{_MONTH})\s+{_YEAR}\b"),
        ("ago", rf"(?i)\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
        (
            "relative_period",
            r"(?i)\b(?P<which>last|next|this|earlier\s+this|later\s+this)"
            r"\s+(?P<unit>week|month|year)\b",
        ),
        ("named_day", rf"(?i)\b(?P<word>today|tonight|yesterday|tomorrow){_PART}\b"),
        ("part_of_today", r"(?i)\bthis\s+(?:morning|afternoon|evening)\b"),
        ("last_night", r"(?i)\blast\s+night\b"),
        (
            "weekday",
            rf"(?:\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?P<weekday>{_WEEKDAY}){_PART}\b",
        ),
        ("mid_year", rf"\bmid-{_YEAR}\b"),
        (
            "year",
            rf"(?i)\b(?:in|since|by|until|from|during|before|after|of)\s+(?P<phrase>{_YEAR})\b",
        ),
        (
            "month",
            rf"(?:\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?:mid-)?(?P<month>{_MONTH})\b",
        ),
    )
)
_MAY_CONTEXT = re.compile(
    r"(?i)\b(?:in|since|until|by|during|from|early|late|last|next|this|of)\s+$"
)


@dataclass(frozen=True)
class FoundDate:
    """A date phrase in an article: its span, resolved date and precision, and its sentence."""

    start: int
    end: int
    text: str
    date: date
    precision: str
    sentence_start: int
    sentence_end: int


def extract_dates(text: str, published: date | None) -> list[FoundDate]:
    """Dates stated in ``text``; relative ones need ``published`` (skipped without it)."""
    found: list[FoundDate] = []
    for sentence in sentences(text):
        taken: list[tuple[int, int]] = []
        for name, match in _matches(sentence.text):
            span = match.span("phrase") if "phrase" in match.groupdict() else match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if name == "month" and not _month_is_date(sentence.text, match):
                continue
            tense = clause_tense(sentence.text, match.start())
            resolved = _resolve(name, match, published, tense)
            if resolved is None:
                continue
            taken.append(span)
            start, end = sentence.start + span[0], sentence.start + span[1]
            found.append(
                FoundDate(
                    start,
                    end,
                    text[start:end],
                    resolved[0],
                    resolved[1],
                    sentence.start,
                    sentence.end,
                )
            )
    found.sort(key=lambda item: item.start)
    return found


def _matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text):
            yield name, match


def _month_is_date(text: str, match: re.Match[str]) -> bool:
    """ "May" is a month only after a preposition ("in May"); the modal verb is not."""
    word = match.group("month").rstrip(".")
    if match.group("which"):
        return True  # "last May"
    if word != "May" and not (len(word) == 3 and not match.group(0).endswith(".")):
        return True
    return bool(_MAY_CONTEXT.search(text[: match.start()]))


def _resolve(
    name: str, match: re.Match[str], published: date | None, tense: str
) -> tuple[date, str] | None:
    groups = match.groupdict()
    if name in ("weekday_date", "weekday_day", "month_day", "day_month"):
        month, day = MONTHS[groups["month"].rstrip(".").lower()], int(groups["day"])
        if groups.get("year"):
            return _safe_date(int(groups["year"]), month, day, "day")
        if published is None:
            return None
        year = _closest_year(published, month, day, tense)
        return _safe_date(year, month, day, "day")
    if name in ("month_year",):
        return date(int(groups["year"]), MONTHS[groups["month"].rstrip(".").lower()], 1), "month"
    if name in ("mid_year", "year"):
        return date(int(groups["year"]), 1, 1), "year"
    if published is None:
        return None
    if name == "month":
        month = MONTHS[groups["month"].rstrip(".").lower()]
        return date(_month_year(published, month, groups["which"], tense), month, 1), "month"
    return _resolve_relative(name, groups, published, tense)


def _resolve_relative(
    name: str, groups: dict[str, str | None], published: date, tense: str
) -> tuple[date, str] | None:
    if name == "named_day":
        word = (groups["word"] or "").lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        return published + timedelta(days=offset), "day"
    if name == "part_of_today":
        return published, "day"
    if name == "last_night":
        return published - timedelta(days=1), "day"
    if name == "weekday":
        return _weekday(published, (groups["weekday"] or "").lower(), groups["which"], tense), "day"
    if name == "ago":
        return _ago(published, groups["count"] or "", groups["unit"] or "")
    if name == "relative_period":
        return _period(
            published, " ".join((groups["which"] or "").lower().split()), groups["unit"] or ""
        )
    return None


def _weekday(published: date, weekday: str, which: str | None, tense: str) -> date:
    target = WEEKDAYS[weekday]
    back = (published.weekday() - target) % 7  # days since the most recent one (0 = today)
    which = (which or "").lower()
    if which == "last":
        return published - timedelta(days=back or 7)
    if which == "next" or (tense == "future" and which != "this"):
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    ahead = (target - published.weekday()) % 7  # days until the next one (0 = today)
    if which == "this" or (tense == "unknown" and ahead < back):
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _ago(published: date, count: str, unit: str) -> tuple[date, str]:
    number = int(count) if count.isdigit() else UNITS.get(count.lower(), 1)
    if unit == "day":
        return published - timedelta(days=number), "day"
    if unit == "week":
        day = published - timedelta(weeks=number)
        return day - timedelta(days=day.weekday()), "week"
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 - number, 12)
        return date(year, month + 1, 1), "month"
    return date(published.year - number, 1, 1), "year"


def _period(published: date, which: str, unit: str) -> tuple[date, str]:
    step = {"last": -1, "next": 1}.get(which, 0)  # "this", "earlier this", "later this": 0
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        return monday + timedelta(weeks=step), "week"
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 + step, 12)
        return date(year, month + 1, 1), "month"
    return date(published.year + step, 1, 1), "year"


def _month_year(published: date, month: int, which: str | None, tense: str) -> int:
    """The year of a month named without one: "last"/"next" skip the publication month."""
    which = (which or "").lower()
    if which == "last":
        return published.year if month < published.month else published.year - 1
    if which == "next":
        return published.year if month > published.month else published.year + 1
    if which == "this":
        return published.year
    return _closest_year(published, month, 1, tense, month_only=True)


def _closest_year(
    published: date, month: int, day: int, tense: str, *, month_only: bool = False
) -> int:
    """The year that puts month/day closest to publication, in the direction of the tense.

    Past: the most recent one (the publication month counts as begun); future:
    the next one; unknown: the nearest one.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            moment = date(year, month, min(day, 28) if month == 2 else day)
        except ValueError:
            continue
        if month_only:
            same = (year, month) == (published.year, published.month)
            delta = 0 if same else (moment - published.replace(day=1)).days
        else:
            delta = (moment - published).days
        if (tense == "past" and delta > 0) or (tense == "future" and delta < 0):
            continue
        candidates.append((abs(delta), year))
    return min(candidates)[1] if candidates else published.year


def _safe_date(year: int, month: int, day: int, precision: str) -> tuple[date, str] | None:
    try:
        return date(year, month, day), precision
    except ValueError:
        return None
