"""Exceptions raised by storyline.

Every error is a :class:`StorylineError`; each subclass also inherits the
built-in exception it resembles, so ``except ValueError`` keeps working for
callers that do not know storyline.  The CLI maps each class to an exit code
(see ``EXIT_CODES`` and the README).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "EXIT_CODES",
    "InputError",
    "InvalidParameter",
    "NotFound",
    "StoreError",
    "StorylineError",
    "check_choice",
    "check_number",
]


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""

    exit_code = 1


class InvalidParameter(StorylineError, ValueError):
    """A parameter, setting or command-line option has a value outside its rule."""

    exit_code = 2


class InputError(StorylineError, OSError):
    """An input named by the caller (a file, a folder, stdin) cannot be read at all.

    Bad items *inside* a batch are not raised: they become rejections.
    """

    exit_code = 3


class StoreError(StorylineError, RuntimeError):
    """The store cannot be opened or written (read-only, disk full), is newer, or inconsistent."""

    exit_code = 4


class NotFound(StorylineError, LookupError):
    """A story, article or other object named by id does not exist."""

    exit_code = 5


EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "error": StorylineError.exit_code,
    "invalid parameter": InvalidParameter.exit_code,
    "input error": InputError.exit_code,
    "store error": StoreError.exit_code,
    "not found": NotFound.exit_code,
    "interrupted": 130,
}


def check_number(
    owner: str,
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
) -> None:
    """Raise :class:`InvalidParameter` unless ``value`` is a number in the given range.

    The message names the parameter, the rule and the value, e.g.
    "The 'threshold' parameter of NearDuplicates must be a float in (0, 1]. Got 1.5 instead."
    """
    kind = "an int" if integer else "a float"
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    lo = "-inf" if low is None else _fmt(low)
    hi = "inf" if high is None else _fmt(high)
    rule = f"{kind} in {left}{lo}, {hi}{right}"
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and integer and not isinstance(value, int):
        ok = False
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        raise InvalidParameter(
            f"The {name!r} parameter of {owner} must be {rule}. Got {value!r} instead."
        )


def check_choice(owner: str, name: str, value: Any, choices: Iterable[str]) -> None:
    """Raise :class:`InvalidParameter` unless ``value`` is one of ``choices``."""
    options = list(choices)
    if value not in options:
        raise InvalidParameter(
            f"The {name!r} parameter of {owner} must be one of {', '.join(options)}. "
            f"Got {value!r} instead."
        )


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
