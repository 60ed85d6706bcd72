"""The comparison result: JSON round trip, parameters, Markdown."""

from __future__ import annotations

import json

import pytest

from storyline.compare import Comparison, compare_story
from storyline.errors import InvalidParameter
from tests.unit.compare.compare_factories import make_article

HERALD = (
    "Storm Ilse cut power to 41,500 households on Saturday, officials said.\n\n"
    "“We have never seen the sea this high,” said harbour master Orla Fenwick.\n\n"
    "In total, 12 people were injured."
)
WIRE = (
    "About 40,000 households had their power cut when Storm Ilse struck on Saturday.\n\n"
    "“We have never seen the sea this high,” Mayor Dana Whitfield said.\n\n"
    "Nine people were injured, police said."
)


def comparison() -> Comparison:
    return compare_story(
        "story-1",
        [
            make_article(HERALD, outlet="Herald", published="2025-04-06T08:00:00"),
            make_article(WIRE, outlet="Wire", published="2025-04-06T10:00:00"),
        ],
    )


def test_round_trip_through_json_is_exact() -> None:
    original = comparison()
    data = json.loads(json.dumps(original.to_dict()))
    assert Comparison.from_dict(data) == original
    assert Comparison.from_dict(data).to_dict() == original.to_dict()


def test_open_bounds_survive_the_round_trip() -> None:
    original = compare_story("s", [make_article("Claims of over 2 billion dollars.")])
    restored = Comparison.from_dict(json.loads(json.dumps(original.to_dict())))
    assert restored.figures[0].figures[0].high is None


def test_figure_groups_mark_compatible_and_conflicting() -> None:
    statuses = {group.label.split()[0]: group.status for group in comparison().figures}
    assert statuses["household"] == "compatible"
    assert statuses["person"] == "conflicting"


def test_markdown_names_the_sections() -> None:
    text = comparison().to_markdown()
    for heading in ("### Figures", "### Quotes", "### Timeline", "### Coverage"):
        assert heading in text
    assert "attributed to different speakers" in text


def test_params_are_recorded() -> None:
    assert comparison().params["fact_min_features"] == 3


def test_unknown_parameter_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidParameter, match="Available: fact_min_features"):
        compare_story("s", [], threshold=0.5)


def test_out_of_range_parameter_names_the_rule() -> None:
    with pytest.raises(InvalidParameter, match=r"'quote_similarity' .* in \(0, 1\]\. Got 1.5"):
        compare_story("s", [], quote_similarity=1.5)


def test_empty_story() -> None:
    empty = compare_story("s", [])
    assert empty.sources == 0 and empty.facts == () and "0 outlets" in empty.to_markdown()
