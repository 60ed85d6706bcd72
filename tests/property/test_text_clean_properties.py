"""Property tests: normalize and clean are idempotent, sentence spans are exact and complete."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import clean
from storyline.models import Article, Origin
from storyline.text import normalize, paragraph_spans, sentences

# Pieces that exercise the sentence rules: abbreviations, initials, numbers,
# quotes of every kind, ellipses, list markers, white space and paragraph breaks.
# fmt: off
TRICKY_PIECES = [
    "Mr.", "Gen.", "U.S.", "D.C.", "J.", "R.", "No.", "no.", "p.m.", "Corp.", "etc.",
    "4.5", "10.", "1.", "Lee", "The", "he", "said", "won", "asked", "They", "It",
    ".", "?", "!", "...", "…", ",", ":", '"', "“", "”", "'", "‘", "’", "(", ")",
    " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\r\n",
]
# fmt: on
tricky_text = st.lists(st.sampled_from(TRICKY_PIECES), max_size=60).map("".join)
any_text = st.text(max_size=200)

NEWS = [
    "The city council approved a plan on Tuesday to build 4,000 homes.",
    "The plan will cost 4.5 million euros, officials said.",
    "Seven members voted in favour and two against.",
    "Residents welcomed the new schools.",
    '"No."',
    "Yes, she said.",
    "Housing",
    "Council backs housing plan",
    "By Ann Lee",
    "Shares in the builder fell 5 per cent.",
]
BOILERPLATE = [
    "Share this article",
    "Advertisement",
    "Read more: Mayor defends budget",
    "Sign up for our newsletter",
    "Photo: Jane Roe/Agency",
    "© 2025 Harbour Gazette. All rights reserved.",
    "Follow us on X",
    "Click here to subscribe",
]


def variant(text: str) -> st.SearchStrategy[str]:
    """The same paragraph as a scraper may repeat it: other case or spacing."""
    return st.sampled_from([text, text.upper(), text.lower(), f"  {text}", text.replace(" ", "  ")])


paragraph = st.sampled_from(NEWS + BOILERPLATE).flatmap(variant)
separator = st.sampled_from(["\n\n", "\n\n\n", "\n", "\n \n", "\r\n\r\n"])
heading = st.one_of(st.none(), st.sampled_from(NEWS))


@st.composite
def article_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(paragraph, max_size=14))
    text = ""
    for part in parts:
        text += part + draw(separator)
    return text


def make_article(text: str, title: str, kicker: str | None, author: str | None) -> Article:
    return Article.create(
        raw_id="0" * 64,
        format="text",
        outlet="Harbour Gazette",
        title=title,
        text=text,
        origin=Origin("tests/property.txt"),
        kicker=kicker,
        author=author,
    )


# --- normalize ----------------------------------------------------------------------


@given(st.one_of(any_text, tricky_text))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.one_of(any_text, tricky_text))
def test_normalized_paragraphs_are_single_stripped_lines(text: str) -> None:
    for piece in normalize(text).split("\n\n"):
        assert "\n" not in piece
        assert piece == piece.strip()


# --- sentences --------------------------------------------------------------------------


def check_sentence_spans(text: str) -> None:
    found = sentences(text)
    paragraphs = paragraph_spans(text)
    for sentence in found:
        assert sentence.start < sentence.end
        assert text[sentence.start : sentence.end] == sentence.text
        assert any(a <= sentence.start and sentence.end <= b for a, b in paragraphs)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start
    covered = "".join(ch for s in found for ch in s.text if not ch.isspace())
    expected = "".join(ch for a, b in paragraphs for ch in text[a:b] if not ch.isspace())
    assert covered == expected


@given(tricky_text)
def test_sentence_spans_are_exact_ordered_and_complete(text: str) -> None:
    check_sentence_spans(text)


@given(any_text)
def test_sentence_spans_hold_for_any_text(text: str) -> None:
    check_sentence_spans(text)


# --- clean ------------------------------------------------------------------------------


@settings(max_examples=200)
@given(article_text(), st.sampled_from(NEWS), heading, heading)
def test_clean_is_idempotent(text: str, title: str, kicker: str | None, author: str | None) -> None:
    first = clean(make_article(text, title, kicker, author))
    second = clean(make_article(first.text, title, kicker, author))
    assert second.removals == ()
    assert second.text == first.text


@given(st.one_of(any_text, tricky_text), st.one_of(any_text, tricky_text))
def test_clean_is_idempotent_on_any_text(text: str, title: str) -> None:
    first = clean(make_article(text, title, None, None))
    second = clean(make_article(first.text, title, None, None))
    assert second.removals == ()
    assert second.text == first.text


@given(article_text())
def test_clean_keeps_or_logs_every_paragraph(text: str) -> None:
    result = clean(make_article(text, "Untitled", None, None))
    kept = [p for p in result.text.split("\n\n") if p]
    assert len(kept) + len(result.removals) >= len(paragraph_spans(text))
    assert all(removal.paragraph < len(paragraph_spans(text)) for removal in result.removals)
