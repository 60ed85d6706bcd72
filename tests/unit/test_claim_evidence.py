"""The evidence bar: how much of a claim a span carries in the claim's own words."""

from __future__ import annotations

import pytest

from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.claim_evidence import INDIRECT_WEIGHT, MIN_EVIDENCE, asks, evidence_share
from storyline.errors import StorylineError


def test_written_terms_count_in_full_and_carried_ones_in_part() -> None:
    wanted = frozenset({"harbour", "levy", "raised", "council", "tolls"})
    written = frozenset({"harbour", "levy", "council"})
    carried = written | {"raised"}  # "increased": a related verb
    assert evidence_share(wanted, written, written, {}) == pytest.approx(3 / 5)
    assert evidence_share(wanted, written, carried, {}) == pytest.approx((3 + INDIRECT_WEIGHT) / 5)
    assert evidence_share(wanted, written, carried, {}, indirect=1.0) == pytest.approx(4 / 5)
    # rare terms weigh more: a span missing the rarest one carries less
    weights = {"harbour": 0.2, "levy": 0.2, "council": 0.2, "raised": 1.0, "tolls": 1.0}
    assert evidence_share(wanted, written, written, weights) == pytest.approx(0.6 / 2.6)
    assert evidence_share(frozenset(), written, carried, {}) == 0.0


def test_the_weight_of_carried_terms_is_checked() -> None:
    wanted = frozenset({"levy"})
    with pytest.raises(StorylineError, match="indirect"):
        evidence_share(wanted, wanted, wanted, {}, indirect=1.5)


def test_a_span_with_the_claims_names_but_another_deed_is_not_credited() -> None:
    # the same people, place and trial; what the mother did is another claim
    claim = (
        "The mother of Ilse Varga, the Brenner nurse accused of poisoning her husband, "
        "broke down in tears during her daughter's murder trial."
    )
    span = "The mother of Ilse Varga, a Brenner nurse accused of poisoning, showed jurors the farm."
    rule = Attributor([("a", claim), ("b", span)])
    failed, share = verdict(claim_of(claim), claim_of(span), span, "", rule.weights)
    # past the content-word bars on the shared names and words, stopped by the evidence bar
    assert share >= 0.5
    assert failed == "evidence"
    assert "b" not in rule.credits(claim)


def test_a_span_carrying_the_claim_mostly_through_related_verbs_is_not_credited() -> None:
    claim = (
        "Tomas Reyl rejected the pay plan, ousted the board chair and praised Ines Calloway "
        "for quiet diplomacy."
    )
    span = (
        "Tomas Reyl refused the wage scheme, removed the company boss and commended "
        "Ines Calloway for calm negotiation."
    )
    # the names as written, every verb only as a related verb: too little evidence
    assert not states(claim, span)


def test_a_paraphrase_writing_most_of_the_claims_words_is_still_credited() -> None:
    claim = "Ines Calloway rejected the new pay plan for harbour workers on Monday."
    span = "On Monday Ines Calloway refused the new pay plan for the harbour workers."
    found = claim_of(span)
    wanted = claim_of(claim)
    share = evidence_share(wanted.terms, found.terms, found.terms | {"rejected"}, {})
    assert share >= MIN_EVIDENCE
    assert states(claim, span)


def test_a_question_states_no_claim() -> None:
    assert asks("How will the Brenner council pick its new harbour chair?")
    assert asks("Will the levy rise? (Probably not?)")
    assert not asks('The harbour chair asked the council: "why now?"')
    assert not asks("Why did it fail? The council raised the harbour levy.")
    question = "Will the Brenner council raise the harbour levy on ferry operators this spring?"
    statement = "The Brenner council will raise the harbour levy on ferry operators this spring."
    assert states(statement, statement + " ")  # the same words state it
    assert not states(question, statement)  # a question is never credited to anyone
    assert not states(statement, question)  # and states nothing
    rule = Attributor([("a", question), ("b", statement)])
    assert rule.credits(question) == {}
