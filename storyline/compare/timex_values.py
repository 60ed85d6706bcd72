"""Calendar periods and their TimeML values.

A resolved date is a :class:`When`: the first day of the period it names, its
precision and its TimeML value — day ``2010-07-14``, ISO week ``2010-W28``,
month ``2010-07``, season ``2010-SU``, quarter ``2010-Q3``, half ``2010-H2``, year ``2010``, decade
``201`` (the 2010s), century ``20`` (the 2000s) — or a reference to the present,
past or future (``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``), which has no
calendar date and never goes on a timeline.  ``mod`` keeps TimeML's modifier
("early 2011" is ``2011`` with ``START``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

__all__ = [
    "CALENDAR_PRECISIONS",
    "SEASONS",
    "When",
    "century",
    "day",
    "decade",
    "half",
    "month",
    "quarter",
    "reference",
    "season",
    "shift",
    "timeml_value",
    "week",
    "year",
]

# Coarser periods come later; "ref" (now, the past, the future) is not on the calendar.
CALENDAR_PRECISIONS = (
    "day", "week", "month", "season", "quarter", "half", "year", "decade", "century",
)  # fmt: skip
SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month of each season


@dataclass(frozen=True)
class When:
    """A period: its first day, precision, TimeML value and modifier (START, END, MID)."""

    date: date
    precision: str
    value: str
    mod: str | None = None


def day(moment: date, part: str | None = None) -> When:
    """A day; a part of the day ("Friday night") does not change the value."""
    return When(moment, "day", moment.isoformat())


def week(moment: date) -> When:
    monday = moment - timedelta(days=moment.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    return When(monday, "week", f"{iso_year}-W{iso_week:02d}")


def month(year_: int, month_: int) -> When:
    year_, month_ = divmod(year_ * 12 + month_ - 1, 12)
    return When(date(year_, month_ + 1, 1), "month", f"{year_:04d}-{month_ + 1:02d}")


def season(year_: int, code: str) -> When:
    return When(date(year_, SEASONS[code], 1), "season", f"{year_:04d}-{code}")


def quarter(year_: int, number: int) -> When:
    year_, index = divmod(year_ * 4 + number - 1, 4)
    return When(date(year_, index * 3 + 1, 1), "quarter", f"{year_:04d}-Q{index + 1}")


def half(year_: int, number: int) -> When:
    return When(date(year_, 1 if number == 1 else 7, 1), "half", f"{year_:04d}-H{number}")


def year(year_: int) -> When:
    return When(date(year_, 1, 1), "year", f"{year_:04d}")


def decade(first_year: int) -> When:
    first_year -= first_year % 10
    return When(date(first_year, 1, 1), "decade", f"{first_year // 10:03d}")


def century(number: int) -> When:
    """The ``number``-th century (1-based): the 20th century is ``19`` (1900-1999)."""
    return When(date(max(1, (number - 1) * 100), 1, 1), "century", f"{number - 1:02d}")


def reference(kind: str) -> When:
    """``PRESENT_REF``, ``PAST_REF`` or ``FUTURE_REF``; the date is a placeholder."""
    return When(date(1, 1, 1), "ref", f"{kind}_REF")


def shift(when: When, amount: int, unit: str) -> When | None:
    """``when`` moved by ``amount`` units (day, week, month, year), keeping its precision."""
    if when.precision == "ref":
        return None
    if unit == "day":
        return day(when.date + timedelta(days=amount)) if when.precision == "day" else None
    if unit == "week":
        moved = when.date + timedelta(weeks=amount)
        return day(moved) if when.precision == "day" else week(moved)
    if unit == "month":
        return month(when.date.year, when.date.month + amount) if when.precision in (
            "day", "month"
        ) else None  # fmt: skip
    return _shift_years(when, amount)


def _shift_years(when: When, amount: int) -> When | None:
    target = when.date.year + amount
    if when.precision == "day":
        try:
            return day(when.date.replace(year=target))
        except ValueError:
            return day(date(target, 2, 28))
    if when.precision == "week":
        return week(when.date + timedelta(weeks=52 * amount))
    rebuilt = {
        "month": lambda: month(target, when.date.month),
        "season": lambda: season(target, when.value[-2:]),
        "quarter": lambda: quarter(target, int(when.value[-1])),
        "half": lambda: half(target, int(when.value[-1])),
        "year": lambda: year(target),
    }.get(when.precision)
    return replace(rebuilt(), mod=None) if rebuilt else None


def timeml_value(moment: date, precision: str) -> str:
    """The TimeML value of a period given by its first day and precision."""
    if precision == "day":
        return moment.isoformat()
    if precision == "week":
        return week(moment).value
    if precision == "month":
        return moment.isoformat()[:7]
    if precision == "season":
        code = {m: c for c, m in SEASONS.items()}.get(moment.month, "SU")
        return f"{moment.year:04d}-{code}"
    if precision == "quarter":
        return f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{moment.year:04d}-H{1 if moment.month < 7 else 2}"
    if precision == "decade":
        return f"{moment.year // 10:03d}"
    if precision == "century":
        return f"{moment.year // 100:02d}"
    return f"{moment.year:04d}"
