"""Names one story writes two ways: aliases for the names check of the attribution rule.

A claim names "the Affordable Care Act"; another outlet's sentence writes "the ACA".
The names check (:mod:`storyline.claim_names`) refuses credit when a claimed name is
missing from the span; here are the other ways of writing a name it may accept:

* **learnt from the story's own articles** (:func:`learn_aliases`): an abbreviation
  defined next to its expansion ("the Affordable Care Act (ACA)", "the ACA (Affordable
  Care Act)", "ACA, the Affordable Care Act,"), and a name of two or more capitalised
  words whose initials are an abbreviation the story writes elsewhere ("World Health
  Organization" ... "WHO").  The letters must be the initials of the name's words in
  order ("of", "and", "for", "the", "on", "in" may give their initial or not: "DoD",
  "NASA"; a dotted name word gives all its letters: "U.S. Department of Agriculture",
  "USDA").  At most :data:`MAX_LEARNT` aliases per story;
* **a small table of widely used equivalents** of countries, unions of countries and
  their abbreviations (:data:`COMMON`): "U.S." = "US" = "United States" = "America" =
  "American" (not "Americans": people, not the country); "U.K." = "Britain" =
  "British"; "U.N." = "United Nations" ...

What an alias is not: a role or a pronoun ("the country", "the president", "his
predecessor" say nothing by their words about who they are), nor a name of one more or
one less word (:mod:`storyline.claim_names` already reads "Okafor" for "Grace Okafor").
An alias is matched as written, with its capitals: an abbreviation in capitals with or
without its dots ("US", "U.S.") or in lower case with them ("u.s."), never the word
"us"; a word of a name not right after another capitalised word ("Latin America" is not
"America").  A name without an alias that the span does not carry still refuses credit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.errors import check_number
from storyline.text import STOPWORDS

__all__ = [
    "COMMON",
    "COMMON_ALIASES",
    "MAX_LEARNT",
    "Aliases",
    "initials_match",
    "learn_aliases",
    "name_key",
]

#: Most aliases learnt from one story's articles (the first found are kept).
MAX_LEARNT = 64
# Fewest letters of an abbreviation matched to a name by its initials alone, not defined
# next to it: "PT" and "ET" are written for too many names.
_IMPLIED = 3
# Words that may give their initial to an abbreviation, or not.
_OPTIONAL = frozenset({"of", "and", "for", "the", "on", "in", "&"})
_WORD = re.compile(r"\w+", re.UNICODE)
# A capitalised word of a name, a dotted abbreviation ("U.S."), or a connector inside one.
_CAPITALISED = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’\-]*)"
_CONNECTOR = r"(?:of|and|for|the|on|in|&)"
_LONG_NAME = rf"{_CAPITALISED}(?:\s+(?:{_CONNECTOR}\s+)?{_CAPITALISED})+"
# An abbreviation: two to eight letters, at least two of them capitals, dots allowed.
_ABBREVIATION = r"(?:[A-Z]\.?(?:[A-Za-z&]\.?){1,7})"
# "the Affordable Care Act (ACA)", "the ACA (Affordable Care Act)", "ACA, the Affordable Care Act,"
_DEFINED = (
    re.compile(rf"(?P<name>{_LONG_NAME})\s*\(\s*(?P<short>{_ABBREVIATION})\s*\)"),
    re.compile(rf"\b(?P<short>{_ABBREVIATION})\s*\(\s*(?:the\s+)?(?P<name>{_LONG_NAME})\s*\)"),
    re.compile(rf"\b(?P<short>{_ABBREVIATION}),\s+the\s+(?P<name>{_LONG_NAME})\s*[,.;]"),
)
_LONG_NAMES = re.compile(_LONG_NAME)
_PREVIOUS = re.compile(r"([\w'’\-]+)\s+$")
_ABBREVIATIONS = re.compile(rf"(?<![\w.]){_ABBREVIATION}(?![\w])")

#: Widely used equivalents, each group one country or union of countries (general
#: knowledge, written for the project).  Roles ("the country") are never in it.
COMMON: tuple[tuple[str, ...], ...] = (
    ("United States", "U.S.", "U.S.A.", "United States of America", "America", "American"),
    ("United Kingdom", "U.K.", "Britain", "Great Britain", "British"),
    ("United Nations", "U.N."),
    ("European Union", "E.U."),
    ("United Arab Emirates", "U.A.E."),
    ("Soviet Union", "U.S.S.R."),
    ("North Atlantic Treaty Organization", "NATO"),
)  # fmt: skip


def name_key(name: str) -> tuple[str, ...]:
    """A name as the names check holds it: its words lower-cased, without possessives
    and dots ("the U.S." -> ("us",))."""
    words = []
    for part in unicodedata.normalize("NFKC", name).split():
        word = part.casefold()
        for suffix in ("'s", "’s"):
            word = word.removesuffix(suffix)
        word = "".join(_WORD.findall(word))
        if word:
            words.append(word)
    while words and words[0] == "the":
        words.pop(0)
    return tuple(words)


@dataclass(frozen=True)
class Aliases:
    """Other ways of writing names: each name key with the surface forms it may take."""

    groups: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]], *, common: bool = True) -> Aliases:
        """Aliases from ``(name, other name)`` pairs (both ways), with :data:`COMMON`
        unless ``common`` is False."""
        found: dict[tuple[str, ...], dict[str, None]] = {}
        groups = [*(COMMON if common else ()), *pairs]
        for group in groups:
            for name in group:
                key = name_key(name)
                if key:
                    found.setdefault(key, {}).update(dict.fromkeys(n for n in group if n != name))
        return cls({key: tuple(others) for key, others in found.items()})

    def written(self, name: tuple[str, ...]) -> tuple[str, ...]:
        """The other forms of the name ``name`` (a name key), or of the longest known name it
        ends with ("u.s. department of defense" ends with "department of defense")."""
        for start in range(len(name)):
            others = self.groups.get(name[start:])
            if others is not None:
                return others
        return ()

    def carried(
        self, name: tuple[str, ...], text: str, *, others: Iterable[tuple[str, ...]] = ()
    ) -> bool:
        """``text`` writes one of the other forms of ``name`` (see the module's doc) that is
        not itself one of the claim's ``others`` names: a claim naming "the United States"
        and "Americans" is not carried by a span's "Americans" alone (each word the span
        writes stands for one name of the claim)."""
        taken = frozenset(others) - {name}
        return any(
            _written_in(form, text) for form in self.written(name) if name_key(form) not in taken
        )


#: The table alone: what a check without a story's articles knows.
COMMON_ALIASES = Aliases.of(())


def learn_aliases(texts: Iterable[str], *, limit: int = MAX_LEARNT, common: bool = True) -> Aliases:
    """The aliases the story's ``texts`` define or imply (at most ``limit`` pairs), with the
    :data:`COMMON` table unless ``common`` is False."""
    check_number("learn_aliases", "limit", limit, low=0, integer=True)
    found: dict[tuple[str, str], None] = {}
    bodies = list(texts)
    for text in bodies:
        for pattern in _DEFINED:
            for match in pattern.finditer(text):
                name, short = _without_the(match.group("name")), match.group("short")
                if initials_match(short, name):
                    found.setdefault((name, short), None)
    written: dict[str, set[str]] = {}  # letters in capitals -> the abbreviations written
    for text in bodies:
        for short in _ABBREVIATIONS.findall(text):
            # "DoD", "U.N.", not "Who"; two letters ("PT", "ET") stand for too many names
            if sum(ch.isupper() for ch in short) >= 2 and len(_letters(short)) >= _IMPLIED:
                written.setdefault(_letters(short), set()).add(short)
    if written:
        for text in bodies:
            for match in _LONG_NAMES.finditer(text):
                name = _without_the(match.group(0))
                for letters in _initial_forms(name) & written.keys():
                    found.update(dict.fromkeys((name, short) for short in sorted(written[letters])))
    return Aliases.of(list(found)[:limit], common=common)


def initials_match(short: str, name: str) -> bool:
    """The letters of ``short`` are the initials of the words of ``name`` in order (a
    connector may give its initial or not; a dotted word gives all its letters)."""
    letters = "".join(ch for ch in short if ch.isalpha()).casefold()
    parts = [_initial(word) for word in name.split()]
    if len(letters) < 2 or len(parts) < 2 or sum(1 for _, optional in parts if not optional) < 2:
        return False
    return _match(letters, tuple(parts))


def _initial(word: str) -> tuple[str, bool]:
    """What a word gives to an abbreviation, and whether it may give nothing: an
    abbreviation gives all its letters ("U.S.", "CARES")."""
    if re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,}", word):
        return word.replace(".", "").casefold(), False
    return word[:1].casefold(), word.casefold() in _OPTIONAL


@lru_cache(maxsize=4096)
def _match(letters: str, parts: tuple[tuple[str, bool], ...]) -> bool:
    if not parts:
        return not letters
    (head, optional), rest = parts[0], parts[1:]
    if letters.startswith(head) and _match(letters[len(head) :], rest):
        return True
    return optional and _match(letters, rest)


def _initial_forms(name: str) -> set[str]:
    """The letters of the abbreviations ``name`` may have, in capitals: its initials with
    and without the connectors' ("DOD" and "DD" for "Department of Defense")."""
    parts = [_initial(word) for word in name.split()]
    if sum(1 for _, optional in parts if not optional) < 2:
        return set()
    forms = {""}
    for head, optional in parts:
        forms = {f + head for f in forms} | (forms if optional else set())
    return {form.upper() for form in forms if len(form) >= 2}


def _letters(short: str) -> str:
    return "".join(ch for ch in short if ch.isalpha()).upper()


def _without_the(name: str) -> str:
    """A name without a leading "the" or a closing possessive."""
    name = re.sub(r"^(?:The|the)\s+", "", name.strip())
    return re.sub(r"['’]s$", "", name)


def _written_in(form: str, text: str) -> bool:
    return any(not _after_a_name(text, match.start()) for match in _pattern(form).finditer(text))


def _after_a_name(text: str, start: int) -> bool:
    """The word before ``start`` is a capitalised word that is not a function word: the
    match is the end of a longer name ("Latin America")."""
    before = _PREVIOUS.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    return word[:1].isupper() and word.casefold() not in STOPWORDS


@lru_cache(maxsize=1024)
def _pattern(form: str) -> re.Pattern[str]:
    """How ``form`` is found in a text: an abbreviation as one (capitals, with or without
    dots, or lower case with them); a name word by word, not right after a capitalised
    word ("Latin America")."""
    letters = "".join(ch for ch in form if ch.isalpha())
    if re.fullmatch(r"(?:[A-Z]\.?){2,8}", form) or (letters.isupper() and len(letters) <= 8):
        capitals = r"\.?".join(re.escape(ch) for ch in letters) + r"\.?"
        dotted = "".join(f"{re.escape(ch.lower())}\\." for ch in letters)
        return re.compile(rf"(?<![\w.])(?:{capitals}|{dotted})(?![\w])")
    words = r"\s+".join(re.escape(word) for word in form.split())
    return re.compile(rf"(?<![\w.]){words}(?![\w])")
