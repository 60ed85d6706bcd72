"""Names in the attribution rule: every person, organisation or place a claim names
must be in the span (or the sentence either side), by the same name or a shorter one.

A name is matched whole, by its last word ("Okafor" for "Grace Okafor"), or in an
inflected form of one of its words ("Republicans" for "Republican", "Israeli" for
"Israel", "Democratic" for "Democrat"); "Johnston" is not "Johnson".  A lone
abbreviation ("U.S.", "UN") is written too many ways to be checked by its letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["name_word", "names_found", "speaker_found", "too_short_to_check"]

_WORD = re.compile(r"\w+", re.UNICODE)
_STEM_MIN = 5  # shortest name word matched in an inflected form
_NAME_ENDINGS = frozenset({"s", "es", "n", "ns", "an", "ans", "i", "is", "ic"})


def speaker_found(head: str | None, text: str) -> bool:
    """The speaker a claim names ("Ruiz says") is named in ``text`` (no speaker: True)."""
    return head is None or names_found(((head,),), text)


def names_found(wanted: Sequence[tuple[str, ...]], text: str) -> bool:
    """Every claimed name occurs in ``text``: whole, by its last word ("Okafor" for
    "Grace Okafor"), or as a name of which it is the last word."""
    if not wanted:
        return True
    words = {"".join(_WORD.findall(w)) for w in _name_words(text)}
    return all(_name_in(name, words) for name in wanted)


def _name_words(text: str) -> list[str]:
    """The words of ``text`` as names are matched: possessives and dots dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"['’]s\b", "", folded).replace(".", "")
    return folded.split()


def _name_in(name: tuple[str, ...], words: set[str]) -> bool:
    """By its last word ("Okafor" for "Grace Okafor"), else by all its words."""
    return _word_in(name[-1], words) or all(_word_in(part, words) for part in name)


def _word_in(word: str, words: set[str]) -> bool:
    """``word`` or an inflection of it ("Republicans" for "Republican", "American" for
    "America", "Israeli" for "Israel"); "Johnston" is not "Johnson"."""
    if word in words:
        return True
    if len(word) < _STEM_MIN:
        return False
    return any(
        (w.startswith(word) and w[len(word) :] in _NAME_ENDINGS)
        or (word.startswith(w) and len(w) >= _STEM_MIN and word[len(w) :] in _NAME_ENDINGS)
        for w in words
    )


def name_word(part: str) -> str:
    """One word of a name as matched: lower case, no possessive, no dots ("U.S." -> "us")."""
    word = part.lower()
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return "".join(_WORD.findall(unicodedata.normalize("NFKC", word)))


def too_short_to_check(parts: tuple[str, ...]) -> bool:
    """A lone abbreviation ("U.S.", "UN") is written too many ways to check by its letters."""
    return len(parts) == 1 and len(parts[0]) <= 3
