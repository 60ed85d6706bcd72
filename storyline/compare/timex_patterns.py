"""The date phrases :mod:`storyline.compare.timeline` recognises, as named regular expressions.

Order matters: longer, more specific forms come first, and a match hides the
overlapping matches of later patterns.  Group names tell the resolvers what
was found: ``year``, ``month``, ``day``, ``weekday``, ``which`` (last, this,
next), ``mod`` (early, late, mid, the end of), ``count`` and ``unit``, ``part``
(morning, night), ``season``, ``ordinal`` (of a quarter or half), ``rel`` (an
anaphoric word: following, previous, earlier, later, year-ago), ``decade``,
``century`` and ``ref`` (now, the past, the future).
"""

from __future__ import annotations

import re

from storyline.compare.numbers import TENS, UNITS

__all__ = ["CASED_GATES", "GATES", "MONTHS", "PATTERNS", "WEEKDAYS", "spelled_year"]

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
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_SMALL = "|".join(sorted((w for w in UNITS if UNITS[w] > 0), key=len, reverse=True))
_TENS = "|".join(TENS)
_SPELLED = (
    rf"nineteen(?:\s+hundred)?\s+(?:and\s+)?(?:(?:{_TENS})(?:[\s-](?:{_SMALL}))?|{_SMALL})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:(?:{_TENS})(?:[\s-](?:{_SMALL}))?|{_SMALL}))?"
)
_YEAR = rf"(?P<year>(?:1[6-9]|20)\d\d(?![\d,.]\d)|(?i:{_SPELLED}))"
_DIGITS = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)"  # "3,500" whole, never its "500"
_COUNT = (
    rf"(?P<count>{_DIGITS}|"
    rf"(?i:a|an|one|a\s+couple\s+of|{_SMALL}|(?:{_TENS})(?:-(?:{_SMALL}))?))"
)
_WHICH = r"(?P<which>(?i:last|next|this|this\s+past|the\s+coming|coming))"
_MOD = (
    r"(?:(?P<mod>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of|"
    r"the\s+(?:early|late|mid)))[\s-]+)?"
)
_ORDINAL = r"(?P<ordinal>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))"
_DECADE_WORDS = "twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
_CENTURY_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "twenty-first|twenty-second"
)
_NOT_A_YEAR_AFTER = (
    r"(?!\s*(?:%|percent|per\s+cent|GMT|UTC|EST|EDT|BST|CET|hours?\b|hrs\b|local\s+time"
    r"|[ap]\.?m\.?\b|people|persons|men|women|children|troops|soldiers|shares|points|votes"
    r"|jobs|cases|deaths|homes|acres|feet|metres|meters|miles|kilometres|kilometers|km\b"
    r"|tons|tonnes|barrels|cars|units|members|workers|employees|students|patients|pounds"
    r"|dollars|euros|yen|yuan|rupees|degrees|calories|words|pages|votes|beds|seats))"
)

_RAW: tuple[tuple[str, str], ...] = (
    (
        "weekday_date",
        rf"\b(?P<weekday>{_WEEKDAY}),?\s+(?P<month>{_MONTH})\s+{_DAY}\b"
        rf"(?:,?\s+{_YEAR}\b)?",
    ),
    (
        "weekday_day",
        rf"\b(?P<weekday>{_WEEKDAY}),?\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH})(?:,?\s+{_YEAR}\b)?",
    ),
    (
        "month_day",
        rf"\b(?P<month>{_MONTH})\s+{_DAY}\b(?!\s*(?:%|percent|per\s+cent))"
        rf"(?:,?\s+{_YEAR}\b)?",
    ),
    ("day_month", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+{_YEAR}\b)?"),
    (
        "month_relative_year",
        rf"\b{_MOD}(?P<month>{_MONTH})\s+(?:of\s+)?"
        r"(?P<which>last|this|next)\s+year\b",
    ),
    ("month_year", rf"\b{_MOD}(?P<month>{_MONTH}),?\s+(?:of\s+)?{_YEAR}\b"),
    (
        "quarter",
        rf"(?:\b(?i:the)\s+)?(?:(?P<lead_year>{_YEAR})(?:'s)?\s+|(?P<which>(?i:this|last"
        rf"|next))\s+year's\s+|(?i:fiscal)\s+|(?P<ago>(?i:year-ago|year-earlier))\s+)?{_ORDINAL}[\s-](?i:quarter|qtr)\b"
        rf"(?:\s+(?:of\s+)?(?:(?i:fiscal)\s+)?(?P<year2>(?:19|20)\d\d)\b"
        r"|\s+of\s+(?P<which2>(?i:this|last|next))\s+year)?",
    ),
    ("quarter_code", rf"\b(?:{_YEAR}\s*)?Q(?P<ordinal>[1-4])\b(?:\s*(?P<year2>(?:19|20)\d\d)\b)?"),
    (
        "the_quarter",
        r"\b(?i:the)\s+(?:(?P<rel>latest|current|same|previous|prior|preceding"
        r"|(?:comparable\s+)?year-ago|(?:comparable\s+)?year-earlier|comparable|recent|most\s+recent|latest\s+fiscal)\s+)?"
        r"(?:fiscal\s+)?quarter\b",
    ),
    (
        "the_period",
        r"\b(?i:the)\s+(?P<rel>latest|year-ago|year-earlier|comparable|"
        r"(?:19|20)\d\d)\s+(?:fiscal\s+)?period\b",
    ),
    (
        "half",
        rf"(?:\b(?i:the)\s+)?(?P<ordinal>(?i:first|second|1st|2nd))[\s-]half\s+of\s+"
        rf"(?:{_YEAR}\b|(?P<which>(?i:this|last|next))\s+year\b|the\s+year\b)",
    ),
    (
        "season",
        rf"(?:\b(?P<det>(?i:the|this\s+past|this|last|next|past))\s+)?{_MOD}"
        rf"\b(?P<season>(?i:spring|summer|fall|autumn|winter))\b"
        rf"(?:,?\s+(?:of\s+)?{_YEAR}\b)?",
    ),
    (
        "fiscal_year",
        r"\b(?i:fiscal)(?:\s+year)?\s+(?P<year>(?:19|20)\d\d|'?\d\d)\b"
        r"|\bFY\s?(?P<fy>(?:19|20)?\d\d)\b",
    ),
    ("the_year", r"\b(?i:the)\s+(?:full|current|whole|fiscal)\s+year\b(?!['’]s)"),
    ("weekend", r"\b(?P<which>(?i:the|this|last|next))\s+weekend\b"),
    (
        "fiscal_relative",
        r"\b(?:(?i:the)\s+)?(?P<which>(?i:current|next|last|this|previous|"
        r"coming|new|prior))\s+fiscal\s+year\b",
    ),
    (
        "decade",
        rf"(?:\b(?i:the)\s+)?{_MOD}(?:\b(?P<decade>1\d\d0|20\d0)'?s\b"
        rf"|['’](?P<short>\d0)s\b|(?<=the\s)(?P<decade_word>(?i:{_DECADE_WORDS}))\b)",
    ),
    (
        "century",
        rf"(?:\b(?i:the)\s+)?\b(?P<century>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_CENTURY_WORDS}))"
        r"[\s-](?i:century)\b",
    ),
    ("ago", rf"\b{_COUNT}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("vague_ago", r"(?i:\b(?:a\s+few|several|some|many)\s+(?:days|weeks|months|years)\s+ago\b)"),
    (
        "anaphoric_shift",
        rf"\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+"
        r"(?P<rel>earlier|later)\b",
    ),
    ("year_ago_adjective", r"\b(?i:year-(?P<rel>earlier|ago))\b"),
    (
        "anaphoric_unit",
        r"\b(?i:the)\s+(?P<rel>(?i:following|next|previous|preceding|prior|same))"
        r"\s+(?P<unit>day|week|month|year)\b",
    ),
    ("that_unit", r"\b(?i:that)\s+(?P<unit>day|week|month|year)\b"),
    (
        "relative_period",
        r"(?i:\b(?P<which>last|next|this|earlier\s+this|later\s+this|the\s+past)"
        r"\s+(?P<unit>week|month|year)\b)",
    ),
    ("named_day", rf"(?i:\b(?P<word>today|tonight|yesterday|tomorrow)){_PART}\b(?!['’]s)"),
    ("part_of_today", r"(?i:\bthis\s+(?P<part>morning|afternoon|evening)\b)"),
    ("last_night", r"(?i:\blast\s+night\b)"),
    ("weekday", rf"(?:\b{_WHICH}\s+)?\b(?P<weekday>{_WEEKDAY}){_PART}\b"),
    (
        "modified_year",
        rf"\b(?P<mod>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)"
        rf"\s+of))[\s-]+{_YEAR}\b",
    ),
    ("spelled_year", rf"(?:\b(?i:the\s+year)\s+)?(?P<year>(?i:{_SPELLED}))\b"),
    (
        "present_ref",
        r"\b(?P<ref>(?i:now|currently|nowadays))\b"
        r"(?![-’'])",
    ),
    (
        "past_ref",
        r"\b(?:(?i:in)\s+)?(?P<ref>(?i:recently|recent\s+(?:days|weeks|months"
        r"|years)|the\s+(?:recent\s+|distant\s+)?past))\b(?!\s+(?:\w+\s+)?(?:days?|weeks?"
        r"|months?|years?|decades?)\b)",
    ),
    (
        "future_ref",
        r"\b(?P<ref>(?i:the\s+(?:near\s+|distant\s+)?future|(?:the\s+)?"
        r"coming\s+(?:days|weeks|months|years)))\b",
    ),
    (
        "year",
        rf"(?<![\w$£€#¥/.,:-])(?<![Nn]o\.\s)(?<![Nn]o\s)(?P<year>(?:1[6-9]|20)\d\d)\b"
        rf"(?![-/.,:]\d|['’]?s\b){_NOT_A_YEAR_AFTER}",
    ),
    ("month", rf"(?:\b{_WHICH}\s+)?\b{_MOD}(?P<month>{_MONTH})\b"),
)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern)) for name, pattern in _RAW
)

# Cheap pre-checks: a pattern runs on a sentence only if its lower-cased text contains one
# of these strings ("#digit": any digit).  They only skip work; they decide nothing.
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
GATES: dict[str, tuple[str, ...]] = {
    "weekday_date": _MONTH_KEYS,
    "weekday_day": _MONTH_KEYS,
    "month_day": _MONTH_KEYS,
    "day_month": _MONTH_KEYS,
    "month_relative_year": _MONTH_KEYS,
    "month_year": _MONTH_KEYS,
    "month": _MONTH_KEYS,
    "quarter": ("quarter", "qtr"),
    "quarter_code": ("q1", "q2", "q3", "q4"),
    "the_quarter": ("quarter",),
    "the_period": ("period",),
    "half": ("half",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "fiscal_year": ("fiscal", "fy"),
    "fiscal_relative": ("fiscal",),
    "the_year": ("year",),
    "weekend": ("weekend",),
    "decade": ("0s", "0's", "ties"),
    "century": ("century",),
    "ago": ("ago",),
    "vague_ago": ("ago",),
    "anaphoric_shift": ("earlier", "later"),
    "year_ago_adjective": ("year-",),
    "anaphoric_unit": ("following", "next", "previous", "preceding", "prior", "same"),
    "that_unit": ("that",),
    "relative_period": ("week", "month", "year"),
    "named_day": ("today", "tonight", "yesterday", "tomorrow"),
    "part_of_today": ("this",),
    "last_night": ("night",),
    "weekday": ("day",),
    "modified_year": ("#digit", "nineteen", "thousand"),
    "spelled_year": ("nineteen", "thousand"),
    "present_ref": ("now", "currently"),
    "past_ref": ("recent", "past"),
    "future_ref": ("future", "coming"),
    "year": ("#digit",),
}

# Sharper pre-checks on the sentence as written, for patterns whose key words are
# capitalised in the pattern itself (month and weekday names): "may" and "market" open
# the lower-cased month gate above, only "May" and "Mar" open this one.  Both gates must
# be open for the pattern to run.
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CASED_GATES: dict[str, tuple[str, ...]] = {
    "weekday_date": _WEEKDAY_NAMES,
    "weekday_day": _WEEKDAY_NAMES,
    "month_day": _MONTH_NAMES,
    "day_month": _MONTH_NAMES,
    "month_relative_year": _MONTH_NAMES,
    "month_year": _MONTH_NAMES,
    "month": _MONTH_NAMES,
    "weekday": _WEEKDAY_NAMES,
}

_NUMBER_WORDS = {**UNITS, **TENS}


def spelled_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2004 for "two thousand and four"; digits pass through."""
    if text.isdigit():
        return int(text)
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("and", "hundred")]
    if words[:2] == ["two", "thousand"]:
        base, rest = 2000, words[2:]
    elif words[:1] == ["nineteen"]:
        base, rest = 1900, words[1:]
    else:
        return None
    return base + sum(_NUMBER_WORDS.get(word, 0) for word in rest)
