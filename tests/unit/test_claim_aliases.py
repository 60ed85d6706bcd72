"""Names written two ways: aliases a story defines, and the table of common equivalents."""

from __future__ import annotations

import pytest

from storyline.attribution import Attributor, states
from storyline.claim_aliases import (
    COMMON,
    COMMON_ALIASES,
    Aliases,
    initials_match,
    learn_aliases,
    name_key,
)
from storyline.claim_names import names_found

DEFINED = (
    "The Coastal Fisheries Protection Agency (CFPA) was set up in 2009 to police the bay. "
    "The Coastal Fisheries Protection Agency on Tuesday fined trawler operator Norvik Marine "
    "40,000 euros for fishing inside the closed zone near Kelby."
)
CLAIM = (
    "The Coastal Fisheries Protection Agency on Tuesday fined trawler operator Norvik Marine "
    "40,000 euros for fishing inside the closed zone near Kelby."
)
USING = (
    "Harbour news from the west coast. The CFPA on Tuesday fined trawler operator Norvik "
    "Marine 40,000 euros for fishing inside the closed zone near Kelby. Crews were angry."
)
UNDEFINED = "The Coastal Fisheries Protection Agency was set up in 2009 to police the bay. " + CLAIM


def test_an_acronym_defined_in_one_article_credits_another_articles_span_using_it() -> None:
    rule = Attributor([("a", DEFINED), ("b", USING)])
    assert "b" in rule.credits(CLAIM, skip=["a"], source="a")


def test_an_acronym_the_story_neither_defines_nor_spells_out_does_not() -> None:
    # "CFA" is not the initials of any name of the story, nor defined in it
    other = USING.replace("CFPA", "CFA")
    rule = Attributor([("a", DEFINED), ("b", other)])
    assert rule.credits(CLAIM, skip=["a"], source="a") == {}
    assert not states(CLAIM, USING)  # nor one pair of texts without its story


def test_a_name_spelt_out_in_one_article_is_matched_to_its_initials_in_another() -> None:
    rule = Attributor([("a", UNDEFINED), ("b", USING)])
    assert "b" in rule.credits(CLAIM, skip=["a"], source="a")


@pytest.mark.parametrize(
    "text",
    [
        "the Coastal Fisheries Protection Agency (CFPA) said",
        "the CFPA (Coastal Fisheries Protection Agency) said",
        "CFPA, the Coastal Fisheries Protection Agency, said",
        "the Coastal Fisheries Protection Agency said on Monday. Later the CFPA added",
    ],
)
def test_each_way_of_defining_an_acronym_is_learnt(text: str) -> None:
    aliases = learn_aliases([text])
    assert aliases.carried(name_key("Coastal Fisheries Protection Agency"), "the CFPA fined")
    assert aliases.carried(name_key("CFPA"), "the Coastal Fisheries Protection Agency fined")


def test_an_abbreviation_of_two_letters_is_learnt_only_where_it_is_defined() -> None:
    implied = learn_aliases(["Port Authority staff said. PA officials agreed."])
    assert not implied.carried(name_key("Port Authority"), "PA officials agreed")
    defined = learn_aliases(["The Port Authority (PA) said."])
    assert defined.carried(name_key("Port Authority"), "PA officials agreed")


def test_the_letters_must_be_the_initials_of_the_name_in_order() -> None:
    assert initials_match("DoD", "Department of Defense")
    assert initials_match("DD", "Department of Defense")
    assert initials_match("NASA", "National Aeronautics and Space Administration")
    assert initials_match("USDA", "U.S. Department of Agriculture")
    assert not initials_match("DFD", "Department of Defense")
    assert not initials_match("CFP", "Coastal Fisheries Protection Agency")
    assert not initials_match("KB", "Kelby")  # one word has no initials to match
    learnt = learn_aliases(["The Coastal Fisheries Bureau (CFPA) said."])
    assert not learnt.carried(name_key("Coastal Fisheries Bureau"), "the CFPA said")


def test_a_capitalised_word_is_not_an_abbreviation() -> None:
    aliases = learn_aliases(["Who runs Wessex Harbour Office? The Wessex Harbour Office."])
    assert not aliases.carried(name_key("Wessex Harbour Office"), "Who runs it?")


def test_aliases_learnt_from_a_story_are_bounded() -> None:
    texts = [f"The Alpha Beta {word} Group (AB{word[0]}G) met." for word in _WORDS]
    assert len(learn_aliases(texts, limit=3, common=False).groups) == 6  # 3 pairs, both ways


_WORDS = ["Cedar", "Delta", "Ember", "Flint", "Grove", "Heron"]


@pytest.mark.parametrize("group", COMMON, ids=lambda group: group[0])
def test_every_form_in_a_group_of_the_table_stands_for_every_other(group: tuple[str, ...]) -> None:
    for name in group:
        for other in group:
            if other != name and len(name_key(name)) and not _short(name):
                assert names_found((name_key(name),), f"Officials of {other} met."), (
                    name,
                    other,
                )


def _short(name: str) -> bool:
    return len("".join(name_key(name))) <= 3  # a lone abbreviation is not checked


def test_an_abbreviation_is_matched_as_an_abbreviation_only() -> None:
    states_ = name_key("United States")
    assert names_found((states_,), "The US said on Monday.")
    assert names_found((states_,), "the u.s. said on monday.")
    assert not names_found((states_,), "He told us on Monday.")
    assert not names_found((states_,), "Officials in Latin America said on Monday.")


@pytest.mark.parametrize(
    "role", ["the country", "the president", "his predecessor", "the nation", "the agency"]
)
def test_a_role_is_never_an_alias(role: str) -> None:
    text = f"Officials said {role} would pay trillions."
    assert not names_found((name_key("United States"),), text)
    assert not learn_aliases([f"The United States ({role}) will pay. {role} agreed."]).carried(
        name_key("United States"), f"{role} will pay"
    )
    claim = "A top adviser warned that the virus could cost the United States trillions of dollars."
    span = "A top adviser warned that the virus could cost the country trillions of dollars."
    assert not states(claim, span)


def test_one_word_of_the_span_stands_for_one_name_of_the_claim() -> None:
    wanted = (name_key("United States"), name_key("American"))
    assert not names_found(wanted, "Millions of American workers could lose their jobs.")
    assert names_found(wanted, "The U.S. said millions of American workers could lose jobs.")


def test_the_table_alone_is_the_default_and_can_be_left_out() -> None:
    assert COMMON_ALIASES.carried(name_key("United Kingdom"), "British ministers said")
    assert not Aliases.of((), common=False).carried(name_key("United Kingdom"), "British says")
    assert not Aliases.of(()).carried(name_key("Kelby"), "Kelby said")  # no alias known


def test_a_span_writing_a_long_name_only_by_its_acronym_carries_its_words() -> None:
    claim = "The Northern Coastal Fisheries Protection Agency fined Norvik Marine on Tuesday."
    span = "The NCFPA fined Norvik Marine on Tuesday."
    aliases = learn_aliases(["The Northern Coastal Fisheries Protection Agency (NCFPA) met."])
    assert states(claim, span, aliases=aliases)
    assert not states(claim, span)
