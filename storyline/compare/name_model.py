"""A small statistical name tagger: an averaged perceptron over hashed features.

Only *candidate* tokens are scored — words with a capital letter, and the
lower-case connectors between two of them ("Bank of England") — so the cost
grows with the names in a text, not its length.  Each candidate gets one of
the tags ``O``, ``B-X`` or ``I-X`` (X: PER, ORG, LOC, MISC), left to right,
from features of the word, its shape and affixes, its neighbours, the tags
before it, cue words (titles, organisation and place heads) and two facts
about the whole document (the word also occurs in lower case; it also occurs
capitalised in mid-sentence).  Features are hashed with CRC-32 into a fixed
table, so the shipped weights hold numbers, never words.

The weights live in ``storyline/data/names_model.npz`` (made by
``python -m benchmarks.train_names``); without them :func:`load_tagger`
returns ``None`` and the names stage uses its rules.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storyline.compare.lexicon import wordset
from storyline.compare.name_lexicon import CALENDAR, CUE_ORG, CUE_PLACE, CUE_TITLE, DOTTED_WORDS
from storyline.errors import InvalidParameter
from storyline.text import Token, tokenize
from storyline.text import sentences as split_sentences

__all__ = [
    "MODEL_FILE",
    "TAGS",
    "DocumentFacts",
    "NameTagger",
    "candidates",
    "capital_tokens",
    "document_facts",
    "features",
    "hashed",
    "is_headline",
    "load_tagger",
    "name_tokens",
    "read_tagger",
    "remember",
    "runs",
    "spans_from_tags",
    "tag_features",
    "tagged_sentences",
]

LOGGER = logging.getLogger(__name__)
MODEL_FILE = "names_model.npz"
TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
CONNECTORS = wordset("of de du da di del der den van von al bin ibn la le and & for y")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class DocumentFacts:
    """Whole-document evidence: words seen in lower case, words capitalised mid-sentence."""

    lower: frozenset[str]
    capitalised_inside: frozenset[str]


def name_tokens(text: str, offset: int = 0) -> list[Token]:
    """Tokens for names: "U.S." and "J." keep their final dot (``tokenize`` splits it off)."""
    tokens = tokenize(text, offset)
    merged: list[Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if (
            token.text == "."
            and previous is not None
            and previous.end == token.start
            and (_DOTTED.fullmatch(previous.text) or previous.text.lower() in DOTTED_WORDS)
        ):
            merged[-1] = Token(previous.text + ".", previous.start, token.end)
        else:
            merged.append(token)
    return merged


def tagged_sentences(text: str) -> list[list[Token]]:
    """The text's sentences as name tokens (the unit the tagger reads)."""
    return [name_tokens(s.text, s.start) for s in split_sentences(text)]


def bare(word: str) -> str:
    """The word without a possessive ending ("England's" -> "England")."""
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def document_facts(sentences: Sequence[Sequence[Token]]) -> DocumentFacts:
    lower: set[str] = set()
    inside: set[str] = set()
    for tokens in sentences:
        for k, token in enumerate(tokens):
            text = token.text
            if text.islower():
                lower.add(text)
            elif k > 0 and text[:1].isupper() and not text.isupper():
                inside.add(bare(text))
    return DocumentFacts(frozenset(lower), frozenset(inside))


def candidates(tokens: Sequence[Token]) -> list[bool]:
    """Which tokens the tagger scores: capitalised words and connectors between them."""
    capital = [_has_capital(t.text) for t in tokens]
    result = list(capital)
    for k in range(1, len(tokens) - 1):
        if not capital[k] and capital[k - 1] and capital[k + 1]:
            result[k] = tokens[k].text.lower() in CONNECTORS
    return result


def _has_capital(text: str) -> bool:
    return text[:1].isupper() or (text[:1].isalpha() and not text.islower() and len(text) > 1)


def shape(word: str) -> str:
    """Character classes with runs collapsed: "McDonald" -> "XxXx", "U.S." -> "X.X."."""
    out: list[str] = []
    for char in word:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        else:
            kind = char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def is_headline(tokens: Sequence[Token]) -> bool:
    letters = [t.text for t in tokens if t.text[:1].isalpha()]
    return len(letters) >= 3 and sum(w.isupper() for w in letters) * 4 >= len(letters) * 3


def runs(scored: Sequence[bool]) -> list[tuple[str, int, int]]:
    """Each candidate's run of candidates: (place, first, end); place "1/2" is first of two."""
    places = [("", 0, 0)] * len(scored)
    k = 0
    while k < len(scored):
        if not scored[k]:
            k += 1
            continue
        end = k
        while end < len(scored) and scored[end]:
            end += 1
        length = min(end - k, 4)
        for position in range(k, end):
            places[position] = (f"{min(position - k + 1, 4)}/{length}", k, end)
        k = end
    return places


def features(
    tokens: Sequence[Token], k: int, facts: DocumentFacts, headline: bool, run: tuple[str, int, int]
) -> list[str]:
    """Feature strings of token ``k`` that do not depend on the tags before it."""
    place, run_first, run_end = run
    before_run = tokens[run_first - 1].text.lower() if run_first > 0 else "<s>"
    after_run = tokens[run_end].text.lower() if run_end < len(tokens) else "</s>"
    word = bare(tokens[k].text)
    low = word.lower()
    left = bare(tokens[k - 1].text) if k > 0 else "<s>"
    left2 = tokens[k - 2].text.lower() if k > 1 else "<s>"
    right = tokens[k + 1].text if k + 1 < len(tokens) else "</s>"
    right2 = tokens[k + 2].text.lower() if k + 2 < len(tokens) else "</s>"
    word_shape = shape(word)
    found = [
        "bias",
        "w=" + low,
        "W=" + word,
        "s=" + word_shape,
        "p3=" + low[:3],
        "x2=" + low[-2:],
        "x3=" + low[-3:],
        "x4=" + low[-4:],
        "w-1=" + left.lower(),
        "w+1=" + right.lower(),
        "w-2=" + left2,
        "w+2=" + right2,
        "s-1=" + shape(left),
        "s+1=" + shape(right),
        "w-1w=" + left.lower() + " " + low,
        "ww+1=" + low + " " + right.lower(),
        "poss" if word != tokens[k].text else "nposs",
        "run=" + place,
        "run+s=" + place + word_shape,
        "s-1s=" + shape(left) + word_shape,
        "run-1=" + before_run,
        "run+1=" + after_run,
    ]
    if k == 0 or left in "\"“‘'(-:":
        found.append("first")
        found.append("first+w=" + low)
    if headline:
        found.append("headline+s=" + word_shape)
        found.append("headline+w=" + low)
    if low in facts.lower:
        found.append("seen-lower")
        found.append("seen-lower+run=" + place)
    if word in facts.capitalised_inside:
        found.append("seen-capital-inside")
    found.extend(_cues(low, left.lower(), right.lower()))
    return found


def tag_features(
    word: str, previous: str, before_previous: str, memory: dict[str, str]
) -> list[str]:
    """Feature strings that depend on earlier tags: the two before, and this word's last type.

    ``memory`` maps a lower-case word to the type it last had in this document
    ("Simmons" after "Phil Simmons" is likely a person again).
    """
    low = bare(word).lower()
    return [
        "t-1=" + previous,
        "t-2=" + before_previous + previous,
        "t-1w=" + previous + low,
        "mem=" + memory.get(low, "-"),
    ]


def remember(memory: dict[str, str], word: str, tag: str) -> None:
    if tag != "O":
        memory[bare(word).lower()] = tag[2:]


def _cues(low: str, left: str, right: str) -> list[str]:
    cues = []
    for name, words in (("title", CUE_TITLE), ("org", CUE_ORG), ("place", CUE_PLACE)):
        if low in words:
            cues.append("cue=" + name)
        if left in words:
            cues.append("cue-1=" + name)
        if right in words:
            cues.append("cue+1=" + name)
    if low in CALENDAR:
        cues.append("calendar")
    return cues


def hashed(found: Sequence[str], mask: int) -> list[int]:
    return [zlib.crc32(f.encode("utf-8")) & mask for f in found]


class NameTagger:
    """Greedy left-to-right tagging of candidate tokens with averaged perceptron weights."""

    def __init__(self, weights: npt.NDArray[np.float32]) -> None:
        self.weights = weights
        self.mask = weights.shape[0] - 1

    def tag(
        self,
        sentences: Sequence[Sequence[Token]],
        *,
        capitals: Sequence[Sequence[int] | None] = (),
    ) -> list[list[str]]:
        """Tags of every token of a document's sentences, in order.

        ``capitals`` may give, per sentence, :func:`capital_tokens` of an ASCII
        sentence (None for any other): only the tokens near those are looked at.
        """
        if capitals and len(capitals) != len(sentences):
            raise InvalidParameter(
                f"The 'capitals' parameter of NameTagger.tag must have one entry per sentence "
                f"({len(sentences)}). Got {len(capitals)} instead."
            )
        facts = document_facts(sentences)
        memory: dict[str, str] = {}
        tagged = []
        for k, tokens in enumerate(sentences):
            if capitals and capitals[k] is not None:
                scored, places, headline = _ascii_layout(tokens, capitals[k] or ())
            else:
                flags = candidates(tokens)
                scored = [j for j, flag in enumerate(flags) if flag]
                places, headline = runs(flags), is_headline(tokens)
            tagged.append(self._tag_sentence(tokens, scored, places, headline, facts, memory))
        return tagged

    def _tag_sentence(
        self,
        tokens: Sequence[Token],
        scored: Sequence[int],
        places: Sequence[tuple[str, int, int]],
        headline: bool,
        facts: DocumentFacts,
        memory: dict[str, str],
    ) -> list[str]:
        tags = ["O"] * len(tokens)
        weights = self.weights
        for k in scored:
            previous = tags[k - 1] if k > 0 else "<s>"
            before = tags[k - 2] if k > 1 else "<s>"
            found = features(tokens, k, facts, headline, places[k])
            found += tag_features(tokens[k].text, previous, before, memory)
            scores = weights[hashed(found, self.mask)].sum(axis=0)
            tags[k] = _valid(TAGS[int(scores.argmax())], previous)
            remember(memory, tokens[k].text, tags[k])
        return tags


def capital_tokens(tokens: Sequence[Token]) -> list[int]:
    """Indices of the tokens holding an upper-case letter, for ASCII tokens (no other
    token of an ASCII sentence can be a candidate, a name's word or a headline's)."""
    return [k for k, token in enumerate(tokens) if token.lower != token.text]


def _ascii_layout(
    tokens: Sequence[Token], capitals: Sequence[int]
) -> tuple[list[int], list[tuple[str, int, int]], bool]:
    """:func:`candidates` (as indices), :func:`runs` and :func:`is_headline` of an ASCII
    sentence, read from its capital tokens only: the same answers, without a walk over
    every token.  An ASCII token is a candidate when it holds a capital and starts with a
    letter; a headline needs three words in capitals."""
    capital = {k for k in capitals if tokens[k].text[0].isalpha()}
    scored = sorted(
        capital
        | {
            k + 1
            for k in capital
            if k + 2 in capital
            and k + 1 not in capital
            and tokens[k + 1].text.lower() in CONNECTORS
        }
    )
    places = [("", 0, 0)] * len(tokens)
    group = 0
    while group < len(scored):
        end = group + 1
        while end < len(scored) and scored[end] == scored[end - 1] + 1:
            end += 1
        first, stop = scored[group], scored[end - 1] + 1
        length = min(stop - first, 4)
        for k in scored[group:end]:
            places[k] = (f"{min(k - first + 1, 4)}/{length}", first, stop)
        group = end
    upper = sum(tokens[k].text.isupper() for k in capital)
    return scored, places, upper >= 3 and is_headline(tokens)


def spans_from_tags(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, end token, type) of each name: a B- tag or a change of type starts one."""
    spans: list[tuple[int, int, str]] = []
    for k, tag in enumerate(tags):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag.startswith("I-") and spans and spans[-1][1] == k and spans[-1][2] == kind:
            spans[-1] = (spans[-1][0], k + 1, kind)
        else:
            spans.append((k, k + 1, kind))
    return spans


def _valid(tag: str, previous: str) -> str:
    """An I- tag must continue a name of the same type; otherwise it begins one."""
    if tag.startswith("I-") and previous[2:] != tag[2:]:
        return "B-" + tag[2:]
    return tag


@lru_cache(maxsize=1)
def load_tagger() -> NameTagger | None:
    """The shipped tagger, or None when its weights are missing or unreadable."""
    return read_tagger(Path(__file__).resolve().parents[1] / "data" / MODEL_FILE)


def read_tagger(path: Path) -> NameTagger | None:
    """A tagger from a weights file, or None (logged) when it is missing or does not fit."""
    try:
        with np.load(path) as archive:
            weights = archive["weights"].astype(np.float32)
            tags = tuple(str(t) for t in archive["tags"])
    except (OSError, KeyError, ValueError) as exc:
        LOGGER.info("name model not loaded (%s); using the rules", exc)
        return None
    rows = weights.shape[0] if weights.ndim == 2 else 0
    if tags != TAGS or weights.shape[-1] != len(TAGS) or rows < 2 or rows & (rows - 1):
        LOGGER.warning("name model %s does not fit this version; using the rules", path.name)
        return None
    return NameTagger(weights)
