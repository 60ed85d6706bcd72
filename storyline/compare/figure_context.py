"""What a figure is about: the content words of its clause and sentence, as cues.

:func:`figure_context` gives the words :mod:`storyline.compare.figure_groups`
compares to decide whether two outlets' figures measure the same thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from functools import lru_cache

from storyline.compare.figure_words import (
    CURRENCY_WORDS,
    MEASURE_UNITS,
    TIME_UNITS,
    is_number_word,
    singular,
)
from storyline.compare.numbers import SCALES, VAGUE
from storyline.text import STOPWORDS, Token

__all__ = ["figure_context"]

_CONTEXT_WINDOW = 6
_RESIDUAL = frozenset({"still", "remain", "remained", "remaining", "remains"})
_ABSENT = frozenset({"without", "missing", "closed", "off", "out", "displaced", "stranded"})
_CLAUSE_PUNCTUATION = frozenset(",;:()—–")
_CLAUSE_WORDS = frozenset({"compared", "against", "versus", "while", "whereas", "but", "and"})
_PLANNED = frozenset({"aim", "aims", "aiming", "hope", "hopes", "hoping", "target", "targets"})
_PLANNED_PAIRS = frozenset({("plans", "to"), ("plan", "to"), ("planning", "to"), ("intends", "to")})
_PERCENT_WORDS = frozenset({"percent", "percentage", "cent", "pc"})
# Words after which a word is a noun: "for work", "the plan", "of pipe".
_NOUN_BEFORE = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "'s", "’s"}
    | {"of", "for", "on", "in", "at", "with", "from", "by", "about", "into", "over", "under"}
    | {"new", "more", "most", "other", "some", "any", "each", "every", "all", "both"}
)


def figure_context(
    tokens: list[Token], first: int, last: int, counted: str, in_figures: Mapping[int, str]
) -> tuple[str, ...]:
    """What the figure on tokens ``first:last`` is about, as words.

    ``counted`` is the noun the figure counts, if known ("of households");
    ``in_figures`` maps the start of every token inside a figure of the
    sentence to that figure's ``#unit``.

    Plain words are content words of the figure's clause, noun-like ones first,
    each group nearest first; ``#unit`` is the unit of another figure in the
    clause ("#kilometre"); ``+word`` and ``+#unit`` are the same for the rest
    of the sentence; ``@name`` is a name just before it ("Alderline shares
    rose 5.2%"); ``~still`` marks a later count ("still without power") and
    ``~plan`` a target ("aims to cover 40 hectares").  Units and magnitudes
    ("million", "kilometres") are never plain context words.
    """
    words_before = _clause_words(reversed(tokens[:first]), in_figures)[::-1]
    words_after = _clause_words(iter(tokens[last:]), in_figures)
    window = words_before + words_after
    clause = _clause_context(tokens, (first, last, counted), window, in_figures)
    sentence = [
        "+" + token.lower
        for token in tokens
        if token.start not in in_figures and _is_content(token) and token.lower not in clause
    ]
    own = {tokens[k].start for k in range(first, last)}
    near = [in_figures[token.start] for token in window if token.start in in_figures]
    far = [
        "+" + unit for start, unit in in_figures.items() if start not in own and unit not in near
    ]
    names = [
        "@" + token.lower
        for token in words_before[-3:]
        if token.is_capitalised and token.text.isalpha() and token.lower not in STOPWORDS
    ]
    lowered = {token.lower for token in window}
    pairs = {(a.lower, b.lower) for a, b in itertools.pairwise(window)}
    markers = []
    if lowered & _RESIDUAL and lowered & _ABSENT:
        markers.append("~still")  # "6,200 households were still without power"
    if lowered & _PLANNED or pairs & _PLANNED_PAIRS:
        markers.append("~plan")  # "aims to cover 40 hectares": a target, not a count
    return tuple(dict.fromkeys(clause + near + sentence + far + names + markers))


def _clause_context(
    tokens: list[Token],
    figure: tuple[int, int, str],
    window: list[Token],
    in_figures: Mapping[int, str],
) -> list[str]:
    """Content words of the clause: noun-like first ("for work", "the plan"), nearest first."""
    first, last, counted = figure
    index = {token.start: k for k, token in enumerate(tokens)}
    ranked = []
    for token in window:
        if token.start in in_figures or not _is_content(token):
            continue
        k = index[token.start]
        distance = first - k if k < first else k - last
        ranked.append((not _noun_like(tokens, k), distance, token.lower))
    clause = [word for _, _, word in sorted(ranked)]
    if counted:
        clause.insert(0, counted)
    return clause


def _noun_like(tokens: list[Token], k: int) -> bool:
    """The last word of a phrase after a determiner or preposition: "for work", "the
    city's water rates", "of cast-iron pipe" (the head noun, not a verb or modifier)."""
    if tokens[k].lower.endswith(("ed", "ing", "ly")):
        return False
    if k + 1 < len(tokens) and _phrase_word(tokens[k + 1]):
        return False  # a modifier: "water" in "water rates"
    j = k
    while j > 0 and _phrase_word(tokens[j - 1]):
        j -= 1
    if j == 0:
        return True
    previous = tokens[j - 1]
    return previous.lower in _NOUN_BEFORE or previous.lower.endswith(("'s", "’s"))


def _phrase_word(token: Token) -> bool:
    text = token.text
    return text.replace("-", "").isalpha() and text.islower() and token.lower not in STOPWORDS


def _is_content(token: Token) -> bool:
    return _is_content_word(token.text)


@lru_cache(maxsize=1 << 16)  # asked of every word of a sentence, once per figure in it
def _is_content_word(text: str) -> bool:
    lower = text.lower()
    return (
        text.isalpha()
        and text.islower()
        and lower not in STOPWORDS
        and len(text) > 2
        and not is_number_word(lower)
        and not _is_unit_word(lower)
    )


def _is_unit_word(word: str) -> bool:
    """Magnitudes ("million"), currencies, measure and time units: never what is counted."""
    base = singular(word)
    return (
        word in SCALES
        or base in SCALES
        or word in VAGUE
        or word in CURRENCY_WORDS
        or base in MEASURE_UNITS
        or base in TIME_UNITS
        or word in _PERCENT_WORDS
    )


def _clause_words(tokens: Iterator[Token], in_figures: Mapping[int, str]) -> list[Token]:
    """Word tokens up to _CONTEXT_WINDOW content words, stopping at a clause break."""
    found: list[Token] = []
    content = 0
    for token in tokens:
        if token.text in _CLAUSE_PUNCTUATION or token.lower in _CLAUSE_WORDS:
            break
        if token.text.isalnum():
            found.append(token)
            content += token.lower not in STOPWORDS and token.start not in in_figures
            if content == _CONTEXT_WINDOW or len(found) == 2 * _CONTEXT_WINDOW:
                break
    return found
