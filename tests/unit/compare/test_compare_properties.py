"""Invariants of the extractors on arbitrary text (hypothesis)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.compare import Comparison, compare_story
from storyline.compare.figures import extract_figures
from storyline.compare.quotes import extract_quotes
from storyline.compare.timeline import extract_dates
from tests.unit.compare.compare_factories import make_article

VOCABULARY = (
    "the mayor said “ ” \" ' ‘ ’ , . 41,500 households about over $2.3bn twelve nine one in five "
    "between 200 and 300 Monday yesterday last week in December Ann Lee she told "
    "according to Oct. 21 2019 tens of thousands of residents per cent %"
)
WORDS = st.sampled_from([*VOCABULARY.split(), "\n\n"])
TEXTS = st.lists(WORDS, max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_every_span_points_into_the_text(text: str) -> None:
    for figure in extract_figures(text):
        assert text[figure.start : figure.end] == figure.text
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text
    for found in extract_dates(text, date(2025, 10, 20)):
        assert text[found.start : found.end] == found.text


@settings(max_examples=40, deadline=None)
@given(TEXTS, TEXTS)
def test_comparison_round_trips_through_json(first: str, second: str) -> None:
    comparison = compare_story(
        "s", [make_article(first, outlet="A"), make_article(second, outlet="B")]
    )
    assert Comparison.from_dict(json.loads(json.dumps(comparison.to_dict()))) == comparison
