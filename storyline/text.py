"""Sentences, tokens and terms: the only place storyline splits text.

Every other stage asks this module for sentence spans, word tokens, content
terms, names and shingles, so that a change to tokenisation changes every
stage the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "STOPWORDS",
    "Sentence",
    "names",
    "normalize",
    "paragraph_spans",
    "sentences",
    "shingles",
    "stem",
    "terms",
    "word_count",
    "words",
]

# Abbreviations after which a period does not end a sentence (lower-cased, no dots).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep
    rev hon pres supt insp det cpl pvt brig
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    no nos vol vols fig figs p pp ed eds est approx dept univ assn bros
    inc ltd co corp plc llc
    vs v etc al cf e.g i.e a.m p.m u.s u.k u.n e.u d.c
    """.split()
)
# Of those, the ones that often end a sentence too ("... in the U.S. The ...").
_SENTENCE_FINAL_ABBREVIATIONS = frozenset("inc ltd co corp plc llc etc u.s u.k u.n e.u d.c a.m p.m".split())
# Sentence openers that make a split after a sentence-final abbreviation likely.
_OPENERS = frozenset(
    """
    the a an he she it they we i this that these those his her its their but and
    in on at for as after before when while if there officials police mr mrs ms
    """.split()
)

_CLOSERS = "\"'”’)]»"
_OPENERS_PUNCT = "\"'“‘([«"

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then something that can open a sentence.
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[\"'”’)\]»]*)(?P<space>\s+)(?=[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ])"""
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+(?:[.,'’\-]\w+)*", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NAME = re.compile(r"\b[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|of|de|van|von|al|bin)\b)*")

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can could did do does doing
    down during each few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own said same
    she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves says
    say told according one two new last first year years week weeks day days monday
    tuesday wednesday thursday friday saturday sunday yesterday today also however
    would could may might must shall us mr mrs ms per cent percent like just than
    """.split()
)


@dataclass(frozen=True)
class Sentence:
    """A sentence as a character span of the text it was found in."""

    start: int
    end: int
    text: str


def normalize(text: str) -> str:
    """Unicode NFKC, unified line breaks, runs of spaces collapsed, lines stripped.

    Paragraph breaks (blank lines) are kept as exactly one blank line.
    Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u00ad", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (separated by blank lines) of ``text``."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(text, position, match.start(), spans)
        position = match.end()
    _append_stripped(text, position, len(text), spans)
    return spans


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, never across a paragraph break.

    Periods in abbreviations (U.S., Mr., Gen.), decimals (4.5), initials
    (J. R. Smith) and inside quotations do not end a sentence; closing quotes
    stay with the sentence they close.
    """
    result: list[Sentence] = []
    for para_start, para_end in paragraph_spans(text):
        start = para_start
        paragraph = text[para_start:para_end]
        for match in _BOUNDARY.finditer(paragraph):
            cut = para_start + match.end("end")
            if not _is_boundary(paragraph, match):
                continue
            _append_sentence(text, start, cut, result)
            start = para_start + match.end()
        _append_sentence(text, start, para_end, result)
    return result


def words(text: str) -> list[str]:
    """Word tokens in order, case kept; numbers such as 4.5 and 41,500 stay whole."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content terms (stopwords and 1-letter tokens dropped)."""
    result = []
    for token in _WORD.findall(text):
        lowered = token.lower()
        if lowered in STOPWORDS or len(lowered) < 2:
            continue
        result.append(stem(lowered))
    return result


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to merge plurals and simple inflections."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def names(text: str) -> list[str]:
    """Capitalised word runs that are not just a sentence's first word.

    A cheap stand-in for named entities, good enough for clustering features:
    "Secretary of State Ann Lee" and "Lee" both yield terms that match.
    """
    found: list[str] = []
    for sentence in sentences(text):
        for match in _NAME.finditer(sentence.text):
            name = match.group(0).strip()
            if match.start() == 0 or sentence.text[: match.start()].rstrip().endswith(
                tuple(_OPENERS_PUNCT)
            ):
                first, _, rest = name.partition(" ")
                if first.lower() in STOPWORDS or not rest:
                    continue
                name = rest
            if name.lower() in STOPWORDS:
                continue
            found.append(name)
    return found


def shingles(text: str, size: int = 5) -> set[str]:
    """Distinct runs of ``size`` lower-cased word tokens (the whole text if shorter)."""
    tokens = [token.lower() for token in _WORD.findall(text)]
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    end = match.group("end")
    if end[0] != ".":
        return True  # ! ? and ellipses end sentences when a capital follows
    before = _WORD_BEFORE.search(paragraph, 0, match.start("end"))
    if before is None:
        return True
    word = before.group(1).rstrip(".").lower()
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. R. Smith"
    if word in _ABBREVIATIONS or word.replace(".", "") in _ABBREVIATIONS:
        if word in _SENTENCE_FINAL_ABBREVIATIONS or word.replace(".", "") in (
            _SENTENCE_FINAL_ABBREVIATIONS
        ):
            following = _WORD.match(paragraph, match.end())
            following_word = following.group(0).lower() if following else ""
            return following_word in _OPENERS
        return False
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return False  # dotted acronyms not in the list: "N.Y." "a.m."
    return True


def _append_sentence(text: str, start: int, end: int, result: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        result.append(Sentence(start, end, text[start:end]))


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
