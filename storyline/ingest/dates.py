"""Publication dates: ISO 8601, RFC 2822, seconds since 1970 and written-out dates."""

from __future__ import annotations

import email.utils
import logging
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone

import dateutil.parser

from storyline.models import Origin

logger = logging.getLogger(__name__)

_HOUR = timedelta(hours=1)
# Zone abbreviations dateutil does not know by itself (it would warn and drop them).
_ZONES = {
    name: timezone(offset * _HOUR, name)
    for name, offset in {
        "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "JST": 9, "AEST": 10, "AEDT": 11,
    }.items()
}  # fmt: skip
# The e-mail parser is lenient with other shapes ("March 5, 2024 9:30 PM" loses the PM).
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


def parse_date(value: object, origin: Origin) -> datetime | None:
    """A timezone-aware datetime (UTC when no zone is given), or None with a log line."""
    if value is None or value == "":
        return None
    try:
        return _to_datetime(value)
    except (ValueError, OverflowError, TypeError):
        logger.warning("%s: cannot read the date %r; publication date left empty", origin, value)
        return None


def _to_datetime(value: object) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds since 1970
        moment = datetime.fromtimestamp(seconds, UTC)
    elif isinstance(value, str):
        moment = _parse_date_text(value.strip())
    else:
        raise TypeError(type(value).__name__)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not 1900 <= moment.year <= 2200:
        raise ValueError("year out of range")
    return moment


def _parse_date_text(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    if _RFC_2822.match(value):
        try:
            return email.utils.parsedate_to_datetime(value)
        except (ValueError, TypeError, IndexError):
            pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown zone names: read as UTC, as documented
        first: datetime = dateutil.parser.parse(value, default=_DEFAULT_A, tzinfos=_ZONES)
        second: datetime = dateutil.parser.parse(value, default=_DEFAULT_B, tzinfos=_ZONES)
    if first != second:
        raise ValueError("incomplete date (no year, month or day)")
    return first
