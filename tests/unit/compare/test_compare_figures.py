"""Figures: extraction, normalisation and how two figures relate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.compare import article_figures, compare_story, relate
from storyline.compare.figures import extract_figures
from tests.unit.compare.compare_factories import make_article


def only(text: str) -> tuple[str, float | None, float | None, str]:
    found = extract_figures(text)
    assert len(found) == 1, [f.text for f in found]
    figure = found[0]
    return figure.text, figure.low, figure.high, figure.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Power was cut to 41,500 households.", ("41,500 households", 41500, 41500, "household")),
        ("Twelve people were hurt.", ("Twelve people", 12, 12, "person")),
        ("It took twenty-three days.", ("twenty-three days", 23, 23, "day")),
        (
            "One hundred and twenty residents left.",
            ("One hundred and twenty residents", 120, 120, "resident"),
        ),
        ("The damage reached $2.3bn.", ("$2.3bn", 2.3e9, 2.3e9, "USD")),
        ("The fund holds €450 million.", ("€450 million", 4.5e8, 4.5e8, "EUR")),
        ("Tickets cost up to £120.", ("up to £120", None, 120, "GBP")),
        (
            "Claims of over 2 billion dollars were filed.",
            ("over 2 billion dollars", 2e9, None, "USD"),
        ),
        (
            "Between 200 and 300 volunteers came.",
            ("Between 200 and 300 volunteers", 200, 300, "volunteer"),
        ),
        ("It lasted a 30-day period.", ("30-day", 30, 30, "day")),
        ("One in five buildings was damaged.", ("One in five buildings", 20, 20, "percent")),
        ("Unemployment is 6.2 per cent.", ("6.2 per cent", 6.2, 6.2, "percent")),
        (
            "Tens of thousands of residents fled.",
            ("Tens of thousands of residents", 1e4, 1e5, "resident"),
        ),
        ("Nearly 40,000 fans came.", ("Nearly 40,000 fans", None, 40000, "fan")),
        ("The council approved 300 new homes.", ("300 new homes", 300, 300, "home")),
    ],
)
def test_extracts_and_normalises(text: str, expected: tuple[object, ...]) -> None:
    assert only(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge opened in 2019.",
        "The storm hit on Oct. 21 at 3 p.m.",
        "A 54-year-old man was arrested.",
        "Two men, aged 19 and 22, were held.",
        "The bus overturned on Route 9.",
        "The home side won 3-1.",
        "Councillors voted 7–4 in favour.",
        "One official said the talks had stalled.",
        "Lina Park, 34, lives on the third floor.",
    ],
)
def test_ignores_numbers_that_are_not_quantities(text: str) -> None:
    assert [f.text for f in extract_figures(text) if f.unit != "man"] == []


def test_vague_figures_are_marked_approximate() -> None:
    figure = extract_figures("About 40,000 homes lost power.")[0]
    assert figure.approx and figure.low == 40000


def figure(text: str, outlet: str) -> object:
    return article_figures(make_article(text, outlet=outlet))[0]


def test_exact_and_rounded_figures_are_compatible() -> None:
    exact = figure("Power was cut to 41,500 households.", "A")
    rounded = figure("About 40,000 households lost power.", "B")
    assert relate(exact, rounded)[0] == "compatible"  # type: ignore[arg-type]


def test_vague_multiple_contains_exact_figure() -> None:
    exact = figure("Power was cut to 41,500 households.", "A")
    vague = figure("Tens of thousands of households lost power.", "B")
    assert relate(exact, vague)[0] == "compatible"  # type: ignore[arg-type]


def test_lower_bound_is_compatible_with_larger_value() -> None:
    exact = figure("The deal is worth $2.3bn.", "A")
    bound = figure("The deal is worth more than $2 billion.", "B")
    assert relate(exact, bound)[0] == "compatible"  # type: ignore[arg-type]


def test_different_counts_conflict() -> None:
    twelve = figure("In total, 12 people were injured.", "A")
    nine = figure("Nine people were injured.", "B")
    assert relate(twelve, nine)[0] == "conflicting"  # type: ignore[arg-type]


def test_identical_figures_are_the_same() -> None:
    first = figure("The fire destroyed 12 homes.", "A")
    second = figure("Flames destroyed 12 homes.", "B")
    assert relate(first, second)[0] == "same"  # type: ignore[arg-type]


UNIT_AND_MAGNITUDE_WORDS = {"million", "billion", "thousand", "cent", "per", "kilometres", "years"}


def test_context_leaves_out_the_units_and_magnitudes_of_neighbouring_figures() -> None:
    text = "The levy will raise $12 million over three years for work on 18 kilometres of sewer."
    contexts = {f.text: set(f.context) for f in extract_figures(text)}
    assert contexts["$12 million"].isdisjoint(UNIT_AND_MAGNITUDE_WORDS | {"kilometre"})
    assert contexts["18 kilometres"].isdisjoint(UNIT_AND_MAGNITUDE_WORDS)
    assert "work" in contexts["18 kilometres"] and "levy" in contexts["$12 million"]


def test_context_leaves_out_percent_words() -> None:
    text = "Fares will rise 4 per cent as 200 buses join the fleet."
    contexts = {f.text: set(f.context) for f in extract_figures(text)}
    assert contexts["200 buses"].isdisjoint({"per", "cent", "percent"})


def test_group_labels_name_a_content_word_not_a_unit() -> None:
    text = "The levy will raise $12 million over three years for work on 18 kilometres of sewer."
    articles = [make_article(text, outlet=outlet) for outlet in ("A", "B")]
    labels = [group.label for group in compare_story("s", articles).figures]
    assert labels, labels
    for label in labels:
        _, _, context = label.partition(" (")
        assert context.rstrip(")") not in UNIT_AND_MAGNITUDE_WORDS | {"kilometre", "usd"}, label


def test_figures_are_read_only_from_english_or_unknown_text():
    german = "Die Stadt erwartet 12.000 Besucher, die Strecke ist 4,2 Kilometer lang."
    assert extract_figures(german, language="de") == []
    english = "The city expects 12,000 visitors on a 4.2-kilometre route."
    assert [(f.low, f.unit) for f in extract_figures(english, language="en")] == [
        (12000, "visitor"),
        (4.2, "kilometre"),
    ]
    assert extract_figures(english) == extract_figures(english, language="en")


def test_article_figures_follow_the_article_language():
    article = make_article("The city expects 12,000 visitors a day.")
    assert article.article.language in (None, "en")
    assert [f.low for f in article_figures(article)] == [12000]
    marked = replace(article, article=replace(article.article, language="de"))
    assert article_figures(marked) == []


def test_a_sentence_reads_the_same_figures_alone_as_inside_its_article() -> None:
    first = "The council spent $4.2 million on 31 kilometres of road."
    second = "About 1,200 people, up 15% on last year, crossed the 300-metre bridge."
    text = f"{first} {second}\n\nCrews worked 24-hour shifts for 3 weeks."
    found = extract_figures(text)
    assert [f.text for f in found] == [text[f.start : f.end] for f in found]
    alone = [
        replace(f, start=f.start + text.index(sentence), end=f.end + text.index(sentence))
        for sentence in (first, second, "Crews worked 24-hour shifts for 3 weeks.")
        for f in extract_figures(sentence)
    ]
    assert found == alone
    assert {f.text for f in found} >= {"$4.2 million", "About 1,200 people", "15%", "3 weeks"}
