"""Forms of one word: what the attribution rule counts as the same content word.

The terms the rule compares (:func:`storyline.text.terms`) come from a light
suffix stripper, built for clustering: it merges plurals and "-ed" / "-ing",
not the other forms reporters choose between for the same fact.  A claim
that says "the resignation" is stated by a span that says "resigned", and
"asylum-seekers" by "asylum seekers".  :func:`form_key` maps a term to a key
that such forms share:

* **a final "e" the stripper leaves on some forms only** ("receive" /
  "received" -> "receiv", "challenge" / "challenged");
* **a doubled final consonant** ("stepping" -> "stepp" / "step");
* **nominalisations and adjectives of one root**: "-ation", "-ion", "-ment",
  "-al", "-ial", "-ic" ("resignation" / "resign", "election" / "elected",
  "approval" / "approved", "presidential" / "president", "democratic" /
  "democrat"), only when at least five letters of root are left ("million",
  "opinion" and "nation" keep their own key) and never for the few words that
  only look derived ("department" is not "departed");
* **British and American spellings** ("licence" / "license", "organise" /
  "organize", "centre" / "center", "colour" / "color").

:func:`compound_parts` splits hyphenated terms ("laid-off", "sit-down",
"asylum-seekers") into the terms of their parts.  Prefixes are never removed:
"unconstitutional" is not "constitutional".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from storyline.text import terms

__all__ = ["carried_forms", "compound_parts", "form_key", "form_keys", "same_form"]

# Derivational endings, longest first; the root left must keep ``_ROOT`` letters.
_DERIVED = (
    "ations",
    "ation",
    "itions",
    "ition",
    "ions",
    "ion",
    "ments",
    "ment",
    "ials",
    "ial",
    "als",
    "al",
    "ics",
    "ic",
)
_ROOT = 5
# Words that only look derived: their "root" is another word.
_LEXICAL_WORDS = (
    "department departments apartment apartments compartment question questions general generals"
)
_LEXICAL = frozenset(_LEXICAL_WORDS.split())
_SHORT = 4  # shortest key a final letter is taken from
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65_536)
def form_key(term: str) -> str:
    """The key all forms of ``term``'s word share (see the module's docs)."""
    key = _british(term)
    if key not in _LEXICAL:
        for ending in _DERIVED:
            if key.endswith(ending) and len(key) - len(ending) >= _ROOT:
                key = key[: -len(ending)]
                break
    if len(key) > _ROOT and key.endswith("at"):
        key = key[:-2]  # "investigat(ed)" as "investig(ation)"
    if len(key) >= _SHORT and key.endswith("e"):
        key = key[:-1]  # "receiv(ed)" as "receiv(e)", "rul(ing)" as "rul(e)"
    if len(key) > _SHORT and key.endswith(("is", "ys")):
        key = key[:-1] + "z"  # "organis(ed)" as "organiz(e)", "analys(e)" as "analyz(e)"
    if len(key) >= _SHORT and key[-1] == key[-2] and key[-1] not in _VOWELS:
        key = key[:-1]  # "stepp(ing)", "plann(ed)"
    return key


def _british(term: str) -> str:
    """A British ending in its American form ("colour", "centre", "licence")."""
    if len(term) > _ROOT:
        for british, american in (("our", "or"), ("tre", "ter"), ("ence", "ense")):
            if term.endswith(british):
                return term[: -len(british)] + american
    return term


@lru_cache(maxsize=65_536)
def compound_parts(term: str) -> tuple[str, ...]:
    """The terms of a hyphenated term's parts ("laid-off" -> "laid"; "asylum-seekers" ->
    "asylum", "seeker"); empty for a term without a hyphen."""
    if "-" not in term:
        return ()
    return tuple(found for part in term.split("-") for found in terms(part))


def form_keys(found: Iterable[str]) -> frozenset[str]:
    """The keys of ``found`` and of the parts of its compounds."""
    keys = set()
    for term in found:
        keys.add(form_key(term))
        keys.update(form_key(part) for part in compound_parts(term))
    return frozenset(keys)


def carried_forms(wanted: Iterable[str], keys: frozenset[str]) -> frozenset[str]:
    """The terms of ``wanted`` a text with the form ``keys`` carries (:func:`same_form`)."""
    return frozenset(term for term in wanted if same_form(term, keys))


def same_form(term: str, keys: frozenset[str]) -> bool:
    """Whether a text with the form ``keys`` carries ``term``: a form of its word, or
    of every part of it when it is a compound ("hurricane-ravaged")."""
    if form_key(term) in keys:
        return True
    parts = compound_parts(term)
    return bool(parts) and all(form_key(part) in keys for part in parts)
