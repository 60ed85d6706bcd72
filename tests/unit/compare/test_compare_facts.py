"""Facts: aligned sentences, independent sources, coverage."""

from __future__ import annotations

from storyline.compare import compare_story
from tests.unit.compare.compare_factories import make_article

HERALD = (
    "Storm Ilse cut power to 41,500 households on the coast on Saturday.\n\n"
    "The harbour wall at Kessington was breached by the high tide.\n\n"
    "Volunteers handed out blankets at the sports hall."
)
WIRE = (
    "About 41,500 households along the coast had their power cut when Storm Ilse struck "
    "on Saturday.\n\n"
    "High tides breached the Kessington harbour wall overnight.\n\n"
    "The regional governor will visit the area next week."
)


def story(*articles: object, **kwargs: object) -> object:
    return compare_story("story-1", list(articles), **kwargs)  # type: ignore[arg-type]


def test_paraphrases_become_one_fact_reported_by_both() -> None:
    comparison = story(
        make_article(HERALD, outlet="Herald", published="2025-04-06T08:00:00"),
        make_article(WIRE, outlet="Wire", published="2025-04-06T10:00:00"),
    )
    common = comparison.common_facts()  # type: ignore[attr-defined]
    assert len(common) == 2
    assert {fact.outlets for fact in common} == {("Herald", "Wire")}


def test_first_reported_is_the_earliest_publication() -> None:
    comparison = story(
        make_article(HERALD, outlet="Herald", published="2025-04-06T08:00:00"),
        make_article(WIRE, outlet="Wire", published="2025-04-06T10:00:00"),
    )
    fact = comparison.common_facts()[0]  # type: ignore[attr-defined]
    assert fact.first_reported.hour == 8


def test_single_source_facts_are_listed_by_outlet() -> None:
    comparison = story(make_article(HERALD, outlet="Herald"), make_article(WIRE, outlet="Wire"))
    single = comparison.single_source_facts()  # type: ignore[attr-defined]
    assert [fact.text for fact in single["Wire"]] == [
        "The regional governor will visit the area next week."
    ]
    assert [fact.text for fact in single["Herald"]] == [
        "Volunteers handed out blankets at the sports hall."
    ]


def test_coverage_matrix_marks_each_outlet() -> None:
    comparison = story(make_article(HERALD, outlet="Herald"), make_article(WIRE, outlet="Wire"))
    coverage = comparison.coverage()  # type: ignore[attr-defined]
    rows = list(coverage.values())
    assert {"Herald": True, "Wire": True} in rows
    assert {"Herald": False, "Wire": True} in rows


def test_a_reprint_counts_once() -> None:
    wire = make_article(WIRE, outlet="Wire")
    reprint = make_article(WIRE, outlet="Valley Post")
    herald = make_article(HERALD, outlet="Herald")
    groups = {wire.id: "g1", reprint.id: "g1", herald.id: "g2"}
    comparison = story(wire, reprint, herald, group_of=groups)
    assert comparison.sources == 2  # type: ignore[attr-defined]
    governor = next(f for f in comparison.facts if "governor" in f.text)  # type: ignore[attr-defined]
    assert governor.sources == 1 and set(governor.outlets) == {"Wire", "Valley Post"}
    assert all(fact.sources <= 2 for fact in comparison.facts)  # type: ignore[attr-defined]


def test_without_groups_every_article_is_its_own_source() -> None:
    comparison = story(make_article(WIRE, outlet="Wire"), make_article(WIRE, outlet="Post"))
    assert comparison.sources == 2  # type: ignore[attr-defined]
