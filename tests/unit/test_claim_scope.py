"""The sixth round's rules: negations reach what they negate, denials, verbs with a
particle, forms of one word and compounds (invented sentences)."""

from __future__ import annotations

import pytest

from storyline.attribution import claim_of, states, verdict
from storyline.claim_forms import compound_parts, form_key, form_keys, same_form
from storyline.claim_scope import denies, negations, phrasal, polarity_agrees
from storyline.predicates import carried
from storyline.text import terms


def _term(word: str) -> str:
    return terms(word)[0]


def _split(text: str) -> list[str]:
    return text.split()


# -- negations ---------------------------------------------------------------------


def test_a_negation_reaches_the_words_after_it_up_to_a_clause_break() -> None:
    (found,) = negations("The board did not consult with any tenants or owners, minutes show.")
    assert found.reach[0] == _term("consult")
    assert {_term("tenants"), _term("owners")} <= set(found.reach)  # "or" goes on
    assert _term("minutes") not in found.reach  # the comma ends it
    (raised,) = negations("The audit found no evidence of fraud at the Velde mill.")
    assert raised.verb == _term("found") and raised.reach[0] == _term("evidence")


def test_not_only_adds_and_does_not_negate() -> None:
    assert negations("The storm not only flooded the Ostby road but also cut power.") == ()


def test_a_span_that_negates_what_the_claim_asserts_does_not_state_it() -> None:
    claim = "The Ostby council set the new ferry timetable after consulting both harbour unions."
    span = (
        "The Ostby council set the new ferry timetable but did not consult either harbour "
        "union, its minutes show."
    )
    assert not states(claim, span)
    said = "The Ostby council set the new ferry timetable after consulting both harbour unions."
    assert states(claim, said)


def test_a_negation_elsewhere_in_the_span_does_not_deny_the_claim() -> None:
    claim = "The Ostby ferry stores are owned by local fishing families from the harbour towns."
    span = (
        "The Ostby ferry stores are not owned by outside investors but by local fishing "
        "families from the harbour towns."
    )
    assert polarity_agrees(claim, span, claim_of(claim).terms)


def test_a_claim_that_negates_needs_a_span_negating_the_same_thing() -> None:
    claim = "Two sheep died in the Velde barn fire, and no charges are expected against the farmer."
    other = "The farmer was not home at the time. Two sheep died in the Velde barn fire."
    same = "Two sheep died in the Velde barn fire; the farmer will not face charges, police said."
    assert not polarity_agrees(claim, other, claim_of(claim).terms)
    assert polarity_agrees(claim, same, claim_of(claim).terms)


def test_found_no_evidence_states_did_not_find() -> None:
    claim = "The Ostby inquiry did not find that the mayor conspired with the quarry firm."
    span = "The Ostby inquiry found no evidence that the mayor conspired with the quarry firm."
    assert polarity_agrees(claim, span, claim_of(claim).terms)


# -- denials -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A spokeswoman said the report that the mill asked for loans isn't quite right.",
        "That is not true, the Ostby mayor said.",
        "The minister said this was not the case.",
    ],
)
def test_a_span_that_calls_what_it_reports_untrue_denies_it(text: str) -> None:
    assert denies(text)


def test_a_denial_in_the_span_blocks_the_credit_unless_the_claim_denies_too() -> None:
    claim = "The Ostby mill has asked two regional banks to share the card records of customers."
    span = (
        "The Gazette reported that the Ostby mill has asked two regional banks to share the card "
        "records of customers, but a spokeswoman said this isn't quite right."
    )
    assert verdict(claim_of(claim), claim_of(span), span, "", {})[0] == "denial"
    assert not denies("There is no automatic right to a day off in Ostby.")


# -- verbs with a particle ---------------------------------------------------------------


def test_a_verb_with_a_particle_is_marked() -> None:
    words = _split("the party pressed ahead with the bill")
    assert phrasal(words, 2)
    assert not phrasal(_split("the party pressed the mayor to sign"), 2)
    assert phrasal(_split("the judge handed down a sentence"), 2)
    assert not phrasal(_split("the ostby up river"), 1)  # no verb before the particle


def test_a_verb_with_a_particle_is_not_carried_by_a_verb_related_to_the_bare_verb() -> None:
    claim = "The Ostby harbour board pressed ahead with the dredging bill on Monday."
    urged = "The Ostby harbour board chair urged the governor to sign the dredging bill on Monday."
    assert not states(claim, urged)
    same = "The Ostby harbour board is pressing ahead with the dredging bill, it said on Monday."
    assert states(claim, same)
    # the same verb, in a compound, still carries it
    assert carried("sat", {_term("sit-down")})


# -- forms of one word ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("resignation", "resigned"),
        ("received", "receive"),
        ("stepping", "step"),
        ("election", "elected"),
        ("approval", "approved"),
        ("presidential", "president"),
        ("investigation", "investigated"),
        ("banned", "ban"),
        ("licence", "license"),
        ("organised", "organize"),
        ("centre", "center"),
        ("colour", "color"),
    ],
)
def test_forms_of_one_word_share_a_key(first: str, second: str) -> None:
    assert form_key(_term(first)) == form_key(_term(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("department", "departed"),
        ("million", "mill"),
        ("unconstitutional", "constitutional"),
        ("general", "generated"),
        ("question", "quest"),
    ],
)
def test_words_that_only_look_derived_keep_their_own_key(first: str, second: str) -> None:
    assert form_key(_term(first)) != form_key(_term(second))


def test_a_compound_carries_its_parts_and_is_carried_by_them() -> None:
    assert compound_parts("asylum-seekers") == (_term("asylum"), _term("seekers"))
    assert compound_parts("mayor") == ()
    span = form_keys({_term("asylum"), _term("seekers")})
    assert same_form("asylum-seekers", span)
    assert same_form(_term("laid"), form_keys({"laid-off"}))
    assert not same_form("storm-ravaged", form_keys({_term("storm")}))


def test_a_span_writing_the_claims_words_in_other_forms_states_it() -> None:
    claim = "Velde's regulators gave their approval to the dam extension after an investigation."
    span = "Velde's regulators gave their approval to the extended dam after investigating it."
    assert states(claim, span)  # "extension" / "extended", "investigation" / "investigating"


def test_a_prefix_is_never_removed() -> None:
    span = form_keys(set(terms("The Ostby court found the harbour levy constitutional.")))
    assert not same_form(_term("unconstitutional"), span)
    assert same_form(_term("constitutional"), span)
