"""Figures across outlets grouped by what they measure, with restatements and relations."""

from __future__ import annotations

from storyline.compare import compare_story
from storyline.compare.figure_groups import compatible, relate
from tests.unit.compare.compare_factories import make_article


def _groups_with(comparison: object, *texts: str) -> list[object]:
    groups = comparison.figures  # type: ignore[attr-defined]
    return [g for g in groups if all(any(t in f.span.text for f in g.figures) for t in texts)]


def test_a_figure_at_two_precisions_with_different_nouns_meets_in_one_group() -> None:
    first = make_article(
        "The messaging app said hackers had read hundreds of millions of messages sent by "
        "its users over two years.",
        outlet="Harbour Times",
    )
    second = make_article(
        "Investigators said the hackers read 312.6 million texts sent by users of the "
        "messaging app.",
        outlet="Valley Post",
    )
    comparison = compare_story("s", [first, second])
    groups = _groups_with(comparison, "hundreds of millions", "312.6 million")
    assert len(groups) == 1
    pair = groups[0].pairs[0]  # type: ignore[attr-defined]
    assert pair.relation == "compatible"
    assert "312,600,000" in pair.reason


def test_one_outlets_two_mentions_of_a_figure_form_one_group() -> None:
    text = (
        "More than 300 million texts were read by the hackers, the messaging app said.\n\n"
        "The app said the hackers read 312.6 million texts sent by its users."
    )
    first = make_article(text, outlet="Harbour Times")
    second = make_article(
        "Investigators said hackers read 312.6 million texts from app users.",
        outlet="Valley Post",
    )
    comparison = compare_story("s", [first, second])
    groups = _groups_with(comparison, "More than 300 million", "312.6 million")
    assert len(groups) == 1
    assert len(groups[0].figures) == 3  # type: ignore[attr-defined]


def test_counts_of_different_things_stay_apart() -> None:
    first = make_article("The storm destroyed 40 homes in the valley.", outlet="Harbour Times")
    second = make_article("The storm felled 4,000 trees along the coast.", outlet="Valley Post")
    comparison = compare_story("s", [first, second])
    assert not _groups_with(comparison, "40 homes", "4,000 trees")


def test_relate_and_compatible_name_the_relation() -> None:
    first = make_article("About 40,000 people marched.", outlet="Harbour Times")
    second = make_article("Police said 41,500 people marched.", outlet="Valley Post")
    third = make_article("Organisers said 90,000 people marched.", outlet="River News")
    comparison = compare_story("s", [first, second, third])
    figures = {f.span.text: f for g in comparison.figures for f in g.figures}
    about, exact, far = (
        figures["About 40,000 people"],
        figures["41,500 people"],
        figures["90,000 people"],
    )
    assert relate(about, exact)[0] == "compatible" and compatible(about, exact)
    assert relate(exact, far)[0] == "conflicting" and not compatible(exact, far)
    assert relate(exact, exact) == ("same", "both 41,500")
