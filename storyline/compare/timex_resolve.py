"""Turn a matched date phrase into a :class:`When`, given the publication date and the tense.

``tense`` is "past", "future" or "unknown" (see :mod:`storyline.compare.tense`):
a date without a year ("in March", "on Friday", "the third quarter", "last
fall") points back for the past, forward for the future and to the nearest one
otherwise; a past-tense one is never after the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from storyline.compare import timex_values as tv
from storyline.compare.numbers import TENS, UNITS
from storyline.compare.timex_patterns import MONTHS, WEEKDAYS, spelled_year
from storyline.compare.timex_values import When

__all__ = ["Context", "resolve"]

Resolver = Callable[[dict[str, str], "Context", str], "When | None"]

_MODS = {"early": "START", "the beginning of": "START", "the start of": "START",
         "late": "END", "the end of": "END", "mid": "MID", "the middle of": "MID",
         "the early": "START", "the late": "END", "the mid": "MID"}  # fmt: skip
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4}  # fmt: skip
_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                 "sixties": 1960, "seventies": 1970, "eighties": 1980,
                 "nineties": 1990}  # fmt: skip
_CENTURY_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
}  # fmt: skip
_STEP = {"last": -1, "previous": -1, "preceding": -1, "prior": -1, "next": 1, "following": 1,
         "coming": 1, "the coming": 1, "same": 0, "this": 0, "current": 0, "new": 1,
         "earlier this": 0, "later this": 0, "the past": -1, "this past": -1}  # fmt: skip


@dataclass
class Context:
    """What the resolvers know: the publication date and the last date mentioned."""

    published: date | None
    reference: When | None = None


def resolve(name: str, match: re.Match[str], context: Context, tense: str) -> When | None:
    """The period ``match`` names, or None when it cannot be placed."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    resolver = _ABSOLUTE.get(name)
    if resolver is not None:
        return resolver(groups, context, tense)
    if context.published is None:
        return None
    relative = _RELATIVE[name]
    return relative(groups, context, tense)


# --- helpers -------------------------------------------------------------------------------


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _year(groups: dict[str, str], key: str = "year") -> int | None:
    text = groups.get(key)
    return spelled_year(text) if text else None


def _mod(groups: dict[str, str]) -> str | None:
    word = groups.get("mod")
    return _MODS.get(" ".join(word.lower().split())) if word else None


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.replace(",", "").isdigit():  # "3,500"
        return int(word.replace(",", ""))
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "one"):
        return 1
    if word == "a couple of":
        return 2
    if "-" in word:
        head, tail = word.split("-", 1)
        return TENS.get(head, 0) + UNITS.get(tail, 0)
    return UNITS.get(word, TENS.get(word, 1))


def _direction_year(published: date, first: date, last: date, tense: str) -> int:
    """The year shift (-1, 0, +1) that places a yearless period [first, last] by tense."""
    if tense == "past" and first > published:
        return -1
    if tense == "future" and last < published:
        return 1
    if tense == "unknown":
        # the nearest occurrence
        distance = {k: _gap(published, first, last, k) for k in (-1, 0, 1)}
        return min(distance, key=lambda k: (distance[k], abs(k)))
    return 0


def _gap(published: date, first: date, last: date, shift: int) -> int:
    try:
        a, b = first.replace(year=first.year + shift), last.replace(year=last.year + shift)
    except ValueError:
        return 10**6
    if a <= published <= b:
        return 0
    return min(abs((a - published).days), abs((b - published).days))


def _closest_year(published: date, month: int, day: int, tense: str) -> int:
    first = date(published.year, month, min(day, 28 if month == 2 else 30))
    return published.year + _direction_year(published, first, first, tense)


def _month_year(published: date, month: int, which: str, tense: str) -> int:
    """The year of a month named without one: "last"/"next" skip the publication month."""
    if which == "last":
        return published.year if month < published.month else published.year - 1
    if which == "next":
        return published.year if month > published.month else published.year + 1
    if which == "this":
        return published.year
    first = date(published.year, month, 1)
    last = (tv.month(published.year, month + 1).date) - timedelta(days=1)
    if tense == "past" and month == published.month:
        return published.year
    return published.year + _direction_year(published, first, last, tense)


def _with_mod(when: When | None, groups: dict[str, str]) -> When | None:
    return replace(when, mod=_mod(groups)) if when is not None and groups.get("mod") else when


# --- absolute forms (no publication date needed when the year is written) -----------------


def _full_date(groups: dict[str, str], context: Context, tense: str) -> When | None:
    month, day_ = _month_number(groups["month"]), int(groups["day"])
    if not 1 <= day_ <= 31:
        return None
    year = _year(groups)
    if year is None and "weekday" in groups and context.published is not None:
        year = _year_of_weekday(context.published, month, day_, WEEKDAYS[groups["weekday"].lower()])
    if year is None:
        if context.published is None:
            return None
        year = _closest_year(context.published, month, day_, tense)
    try:
        moment = date(year, month, day_)
    except ValueError:
        return None
    return tv.day(moment)


def _year_of_weekday(published: date, month: int, day_: int, weekday: int) -> int | None:
    """The year near publication in which month/day falls on the weekday named beside it."""
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            if date(year, month, day_).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def _month_year_form(groups: dict[str, str], context: Context, tense: str) -> When | None:
    year = _year(groups)
    if year is None:
        return None
    return _with_mod(tv.month(year, _month_number(groups["month"])), groups)


def _fiscal_year(groups: dict[str, str], context: Context, tense: str) -> When | None:
    text = (groups.get("year") or groups.get("fy") or "").lstrip("'")
    number = int(text)
    if len(text) == 2:
        number += 1900 if number > 50 else 2000
    return tv.year(number)


def _decade(groups: dict[str, str], context: Context, tense: str) -> When | None:
    if "decade" in groups:
        first = int(groups["decade"])
    elif "short" in groups:
        first = 1900 + int(groups["short"])
    else:
        first = _DECADE_WORDS[groups["decade_word"].lower()]
    return _with_mod(tv.decade(first), groups)


def _century(groups: dict[str, str], context: Context, tense: str) -> When | None:
    word = groups["century"].lower()
    number = int(word[:-2]) if word[:1].isdigit() else _CENTURY_WORDS[word]
    return tv.century(number) if 1 <= number <= 22 else None


def _plain_year(groups: dict[str, str], context: Context, tense: str) -> When | None:
    year = _year(groups)
    return _with_mod(tv.year(year), groups) if year is not None else None


def _quarter_code(groups: dict[str, str], context: Context, tense: str) -> When | None:
    year = _year(groups) or _year(groups, "year2")
    if year is None:
        return None if context.published is None else _yearless_quarter(groups, context, tense)
    return tv.quarter(year, int(groups["ordinal"]))


def _quarter(groups: dict[str, str], context: Context, tense: str) -> When | None:
    number = _ORDINALS[groups["ordinal"].lower()]
    year = _year(groups) or _year(groups, "year2")
    which = (groups.get("which") or groups.get("which2") or "").lower()
    if year is not None:
        return tv.quarter(year, number)
    if context.published is None:
        return None
    if which:
        return tv.quarter(context.published.year + _STEP[which], number)
    found = _yearless_quarter(groups, context, tense)
    return tv.quarter(found.date.year - 1, number) if "ago" in groups else found


def _yearless_quarter(groups: dict[str, str], context: Context, tense: str) -> When:
    published = context.published
    assert published is not None
    number = _ORDINALS.get(groups["ordinal"].lower(), 0) or int(groups["ordinal"])
    first = tv.quarter(published.year, number).date
    last = tv.quarter(published.year, number + 1).date - timedelta(days=1)
    if tense == "unknown" or (tense == "future" and (published - last).days < 120):
        tense = "past"  # results are reported after the quarter
    return tv.quarter(published.year + _direction_year(published, first, last, tense), number)


_ABSOLUTE: dict[str, Resolver] = {
    "weekday_date": _full_date,
    "weekday_day": _full_date,
    "month_day": _full_date,
    "day_month": _full_date,
    "month_year": _month_year_form,
    "fiscal_year": _fiscal_year,
    "decade": _decade,
    "century": _century,
    "modified_year": _plain_year,
    "spelled_year": _plain_year,
    "year": _plain_year,
    "quarter": _quarter,
    "quarter_code": _quarter_code,
}


def _season(groups: dict[str, str], context: Context, tense: str) -> When | None:
    code = _SEASON_CODES[groups["season"].lower()]
    year = _year(groups)
    if year is None:
        published = context.published
        if published is None:
            return None
        year = _season_year(published, code, (groups.get("det") or "").lower(), tense)
    return _with_mod(tv.season(year, code), groups)


def _season_year(published: date, code: str, det: str, tense: str) -> int:
    start = tv.season(published.year, code).date
    # the season that contains the publication date, if any, as its own year's season
    current = published.year - 1 if code == "WI" and published.month < 3 else published.year
    if det in ("last", "past", "this past"):
        latest = current if start <= published and code != "WI" else current - 1
        if code == "WI" and published.month < 3:
            latest = current - 1
        return latest if latest < current or start > published else latest - 1
    if det == "next":
        return current + 1 if tv.season(current, code).date <= published else current
    if det == "this" or (code == "WI" and published.month < 3):
        return current
    if tense == "past" and start > published:
        return published.year - 1
    if tense == "future" and tv.season(published.year, code).date.month + 2 < published.month:
        return published.year + 1
    return published.year


def _half(groups: dict[str, str], context: Context, tense: str) -> When | None:
    number = _ORDINALS[groups["ordinal"].lower()]
    year = _year(groups)
    if year is None:
        if context.published is None:
            return None
        year = context.published.year + _STEP.get((groups.get("which") or "this").lower(), 0)
    return tv.half(year, number)


_ABSOLUTE["season"] = _season
_ABSOLUTE["half"] = _half


# --- relative forms: need the publication date ---------------------------------------------


def _published(context: Context) -> date:
    assert context.published is not None
    return context.published


def _month_relative_year(groups: dict[str, str], context: Context, tense: str) -> When:
    year = _published(context).year + _STEP[groups["which"].lower()]
    return _with_mod(tv.month(year, _month_number(groups["month"])), groups) or tv.year(year)


def _month(groups: dict[str, str], context: Context, tense: str) -> When | None:
    month = _month_number(groups["month"])
    which = " ".join((groups.get("which") or "").lower().split())
    which = {"this past": "last", "the coming": "next", "coming": "next"}.get(which, which)
    return _with_mod(tv.month(_month_year(_published(context), month, which, tense), month), groups)


def _weekday(groups: dict[str, str], context: Context, tense: str) -> When:
    published = _published(context)
    target = WEEKDAYS[groups["weekday"].lower()]
    back = (published.weekday() - target) % 7  # days since the most recent one (0 = today)
    ahead = (target - published.weekday()) % 7  # days until the next one (0 = today)
    which = " ".join((groups.get("which") or "").lower().split())
    if which in ("last", "this past"):
        moment = published - timedelta(days=back or 7)
    elif which in ("next", "coming", "the coming") or (tense == "future" and which != "this"):
        moment = published + timedelta(days=ahead or 7)
    elif which == "this" or (tense == "unknown" and ahead < back):
        moment = published + timedelta(days=ahead)
    else:
        moment = published - timedelta(days=back)
    return tv.day(moment, groups.get("part"))


def _named_day(groups: dict[str, str], context: Context, tense: str) -> When:
    word = groups["word"].lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    part = "night" if word == "tonight" else groups.get("part")
    return tv.day(_published(context) + timedelta(days=offset), part)


def _part_of_today(groups: dict[str, str], context: Context, tense: str) -> When:
    return tv.day(_published(context), groups.get("part"))


def _last_night(groups: dict[str, str], context: Context, tense: str) -> When:
    return tv.day(_published(context) - timedelta(days=1), "night")


def _ago(groups: dict[str, str], context: Context, tense: str) -> When | None:
    try:
        return _counted_back(groups, context)
    except (ValueError, OverflowError):  # "3,500 years ago": before the calendar's year 1
        return None


def _counted_back(groups: dict[str, str], context: Context) -> When | None:
    published, number, unit = _published(context), _count(groups["count"]), groups["unit"]
    reference = context.reference
    beside_results = reference is not None and reference.precision in ("quarter", "half")
    if unit == "year" and number == 1 and reference is not None and beside_results:
        return tv.shift(reference, -1, "year")  # "a year ago" beside a quarter's results
    if unit == "day":
        return tv.day(published - timedelta(days=number))
    if unit == "week":
        return tv.week(published - timedelta(weeks=number))
    if unit == "month":
        return tv.month(published.year, published.month - number)
    if unit == "decade":
        return tv.year(published.year - 10 * number)
    return tv.year(published.year - number)


def _anchor(context: Context) -> When:
    return context.reference or tv.day(_published(context))


def _as_unit(when: When, unit: str) -> When | None:
    """``when`` seen at the precision of ``unit`` (a day as its month, year …)."""
    if unit == "year":
        return tv.year(when.date.year) if when.precision not in ("decade", "century") else None
    if unit == "month":
        return tv.month(when.date.year, when.date.month) if when.precision in (
            "day", "month"
        ) else None  # fmt: skip
    if unit == "week":
        return tv.week(when.date) if when.precision in ("day", "week") else None
    return when if when.precision == "day" else None


def _anaphoric_shift(groups: dict[str, str], context: Context, tense: str) -> When | None:
    """ "a year earlier", "two days later": the last date mentioned, moved."""
    number = _count(groups["count"]) * (-1 if groups["rel"].lower() == "earlier" else 1)
    unit = groups["unit"]
    if context.reference is None:
        base = _as_unit(tv.day(_published(context)), unit)
        return tv.shift(base, number, unit) if base is not None else None
    moved = tv.shift(context.reference, number, unit)
    if moved is None:
        base = _as_unit(context.reference, unit)
        moved = tv.shift(base, number, unit) if base is not None else None
    return moved


def _year_ago_adjective(groups: dict[str, str], context: Context, tense: str) -> When | None:
    """ "year-earlier profit", "the year-ago quarter": the reference period a year before."""
    reference = context.reference
    if reference is not None and reference.precision in ("quarter", "half", "month", "season"):
        return tv.shift(reference, -1, "year")
    return tv.year(_published(context).year - 1)


def _anaphoric_unit(groups: dict[str, str], context: Context, tense: str) -> When | None:
    """ "the following year", "the previous day", "the same month"."""
    unit, step = groups["unit"], _STEP[groups["rel"].lower()]
    if context.reference is None:
        return None
    base = _as_unit(context.reference, unit)
    return tv.shift(base, step, unit) if base is not None else None


def _that_unit(groups: dict[str, str], context: Context, tense: str) -> When | None:
    if context.reference is None:
        return None
    return _as_unit(context.reference, groups["unit"])


def _the_quarter(groups: dict[str, str], context: Context, tense: str) -> When | None:
    """ "the quarter", "the latest quarter", "the year-ago quarter", "the previous quarter"."""
    rel = " ".join((groups.get("rel") or "").lower().split())
    reference = context.reference
    if rel == "current":
        published = _published(context)
        return tv.quarter(published.year, (published.month - 1) // 3 + 1)
    if reference is None or reference.precision != "quarter":
        if rel in ("same", "previous", "prior", "preceding") or "year-" in rel:
            return None
        published = _published(context)
        number = (published.month - 1) // 3 + 1
        return tv.quarter(published.year, number if tense == "future" else number - 1)
    if rel.endswith(("year-ago", "year-earlier")) or rel == "comparable":
        return tv.shift(reference, -1, "year")
    if rel in ("previous", "prior", "preceding"):
        return tv.quarter(reference.date.year, (reference.date.month - 1) // 3)
    return reference


def _the_period(groups: dict[str, str], context: Context, tense: str) -> When | None:
    reference = context.reference
    if reference is None or reference.precision not in ("quarter", "half", "month"):
        return None
    rel = groups["rel"].lower()
    if rel.isdigit():
        return tv.shift(reference, int(rel) - reference.date.year, "year")
    return tv.shift(reference, -1, "year") if rel != "latest" else reference


def _the_year(groups: dict[str, str], context: Context, tense: str) -> When:
    """ "the full year", "the current year": the year being reported, or publication's."""
    reference = context.reference
    if reference is not None and reference.precision in ("quarter", "half", "month", "year"):
        return tv.year(reference.date.year)
    return tv.year(_published(context).year)


def _weekend(groups: dict[str, str], context: Context, tense: str) -> When:
    """ "the weekend", "last weekend", "next weekend": the week's Saturday and Sunday."""
    published = _published(context)
    which = (groups.get("which") or "").lower()
    if which == "next" or (which != "last" and tense == "future"):
        saturday = published + timedelta(days=(5 - published.weekday()) % 7 or 7)
    elif which == "this":
        saturday = published + timedelta(days=(5 - published.weekday()) % 7)
    else:
        saturday = published - timedelta(days=(published.weekday() - 5) % 7 or 7)
    found = tv.week(saturday)
    return replace(found, value=found.value + "-WE")


def _fiscal_relative(groups: dict[str, str], context: Context, tense: str) -> When:
    return tv.year(_published(context).year + _STEP[groups["which"].lower()])


def _relative_period(groups: dict[str, str], context: Context, tense: str) -> When:
    published = _published(context)
    step = _STEP[" ".join(groups["which"].lower().split())]
    unit = groups["unit"].lower()
    if unit == "week":
        return tv.week(published + timedelta(weeks=step))
    if unit == "month":
        return tv.month(published.year, published.month + step)
    return tv.year(published.year + step)


def _ref(kind: str) -> Resolver:
    def resolver(groups: dict[str, str], context: Context, tense: str) -> When:
        return tv.reference(kind)

    return resolver


_RELATIVE: dict[str, Resolver] = {
    "month_relative_year": _month_relative_year,
    "the_quarter": _the_quarter,
    "the_period": _the_period,
    "fiscal_relative": _fiscal_relative,
    "the_year": _the_year,
    "weekend": _weekend,
    "ago": _ago,
    "vague_ago": _ref("PAST"),
    "anaphoric_shift": _anaphoric_shift,
    "year_ago_adjective": _year_ago_adjective,
    "anaphoric_unit": _anaphoric_unit,
    "that_unit": _that_unit,
    "relative_period": _relative_period,
    "named_day": _named_day,
    "part_of_today": _part_of_today,
    "last_night": _last_night,
    "weekday": _weekday,
    "present_ref": _ref("PRESENT"),
    "past_ref": _ref("PAST"),
    "future_ref": _ref("FUTURE"),
    "month": _month,
}
