"""Kept results (sentence splits, tokens, terms, names, fact features) are handed out as
copies: a caller that changes its copy changes nothing for the next caller."""

from __future__ import annotations

from storyline.compare.facts import sentence_features
from storyline.text import Token, names, sentences, terms, tokenize

_SENTENCE = "Mayor Ines Okafor said the Lisbon council approved 41,500 new homes on Monday."
_ARTICLE = (_SENTENCE + " ") * 40 + "\n\nThe vote was close."  # a long text: the other cache


def test_sentence_splits_are_copies() -> None:
    first = sentences(_ARTICLE)
    expected = list(first)
    first.clear()
    assert sentences(_ARTICLE) == expected


def test_tokens_terms_and_names_are_copies() -> None:
    for read in (tokenize, terms, names):
        for text in (_SENTENCE, _ARTICLE):
            first = read(text)
            expected = list(first)
            first.append(first[0])
            assert read(text) == expected


def test_sentence_features_are_copies() -> None:
    first = sentence_features(_SENTENCE)
    expected = dict(first)
    first["t:extra"] = 9.0
    assert sentence_features(_SENTENCE) == expected


def test_tokens_compare_by_text_and_offsets() -> None:
    shifted = tokenize(_SENTENCE, 10)
    assert shifted[0] == Token("Mayor", 10, 15)
    assert shifted[0] != Token("Mayor", 0, 5)
    assert len({Token("a", 0, 1), Token("a", 0, 1)}) == 1
    assert shifted[0].lower == "mayor" and shifted[0].is_capitalised
    assert repr(Token("a", 0, 1)) == "Token(text='a', start=0, end=1)"
