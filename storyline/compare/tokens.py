"""Word tokens with character offsets, inside one sentence.

``storyline.text`` splits text into sentences and returns word strings; the
comparison also needs where each token is, so it re-tokenises a sentence with
the same word pattern (numbers such as 41,500 and 2.3bn stay whole) and keeps
currency signs and punctuation as tokens of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.text import Sentence, sentences

__all__ = ["Token", "article_sentences", "tokenize"]

_TOKEN = re.compile(r"US\$|[$€£%]|\w+(?:[.,'’\-/]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A token and its ``[start, end)`` offsets in the article text."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the sentence start)."""
    return [
        Token(match.group(0), offset + match.start(), offset + match.end())
        for match in _TOKEN.finditer(text)
    ]


def article_sentences(text: str) -> list[Sentence]:
    """The sentences of an article's cleaned text (``storyline.text.sentences``)."""
    return sentences(text)
