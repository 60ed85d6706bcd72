"""Dates in the attribution rule: a span that dates the claim's event on another day."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.claim_dates import dates_agree, day_dates
from storyline.errors import StorylineError

CLAIM = "Halvorsen and Quint sparred over the harbour levy at their Oct. 3 debate in Tamsby."


def test_a_day_of_the_month_against_a_weekday_that_dates_the_same_thing_is_a_conflict() -> None:
    # without publication dates "Tuesday" cannot be placed against "Oct. 3": when unsure,
    # the span is no credit
    span = "Halvorsen and Quint sparred over the harbour levy at Tuesday night's debate in Tamsby."
    assert not dates_agree(CLAIM, span)
    assert dates_agree(CLAIM, span, unplaced_conflicts=False)
    failed, _ = verdict(claim_of(CLAIM), claim_of(span), span, "", {})
    assert failed == "dates"
    assert not states(CLAIM, span)


def test_the_same_day_written_another_way_agrees() -> None:
    for span in (
        "At their debate in Tamsby on October 3, Halvorsen and Quint sparred over the levy.",
        "Halvorsen and Quint sparred over the harbour levy at their 3 October debate in Tamsby.",
        "Halvorsen and Quint sparred over the harbour levy at their debate in Tamsby.",
    ):
        assert dates_agree(CLAIM, span), span
    undated = "Halvorsen and Quint sparred over the harbour levy at their debate in Tamsby."
    assert states(CLAIM, undated)


def test_two_days_of_the_month_conflict_and_years_are_compared_when_both_write_one() -> None:
    assert not dates_agree(CLAIM, CLAIM.replace("Oct. 3", "Oct. 17"))
    with_year = "The ferry sank on March 5, 2014 off Tamsby."
    assert dates_agree(with_year, "The ferry sank on March 5 off Tamsby.")
    assert not dates_agree(with_year, "The ferry sank on March 5, 2013 off Tamsby.")
    # a weekday against a dated day with a year: that day's weekday (March 5, 2014 was a Wednesday)
    assert dates_agree(with_year, "The ferry sank on Wednesday off Tamsby.")
    assert not dates_agree(with_year, "The ferry sank on Friday off Tamsby.")


def test_lower_case_text_is_read_too() -> None:
    claim = "halvorsen and quint at their oct. 3 debate in tamsby."
    assert not dates_agree(claim, "both men sparred at tuesday night's debate in tamsby.")
    assert dates_agree(claim, "both men sparred at wednesday's debate, on oct. 3, in tamsby.")
    # a lower-case "may" or "march" beside no day number is not a month
    assert day_dates("the council may march on the harbour.") == ()


def test_a_date_of_something_else_in_the_span_is_not_held_against_the_claim() -> None:
    claim = "The Tamsby harbour levy was repealed by the council on Monday."
    span = "The council repealed the Tamsby harbour levy; a photo taken Friday shows the quay."
    assert dates_agree(claim, span)
    # one of the span's days can be the claim's: no conflict, whatever else it dates
    span = "The levy fell on Monday, the council said Wednesday, and the harbour reopens Friday."
    assert dates_agree(claim, span)


def test_a_date_on_one_side_only_or_counted_from_an_unknown_day_is_fine() -> None:
    assert dates_agree(CLAIM, "Halvorsen and Quint sparred over the harbour levy in Tamsby.")
    assert dates_agree("They sparred over the levy in Tamsby.", CLAIM)
    # "yesterday" counts from a publication day the rule does not know
    claim = "The Tamsby harbour levy was repealed yesterday by the council."
    assert dates_agree(claim, "The Tamsby harbour levy was repealed on Monday by the council.")


def test_publication_dates_place_relative_days_when_both_are_known() -> None:
    claim = "The Tamsby council repealed the harbour levy on Tuesday."
    span = "The Tamsby council repealed the harbour levy on Oct. 9."
    # an article of Wednesday, Oct. 10, 2029: "Tuesday" is Oct. 9
    same = date(2029, 10, 10)
    assert dates_agree(claim, span, claim_published=same, span_published=same)
    assert not dates_agree(
        claim, span.replace("Oct. 9", "Oct. 2"), claim_published=same, span_published=same
    )
    # the claim's article a week later: its "Tuesday" is Oct. 16, not the span's Oct. 9
    later = date(2029, 10, 17)
    assert not dates_agree(claim, span, claim_published=later, span_published=same)


def test_the_reach_is_checked() -> None:
    with pytest.raises(StorylineError, match="reach"):
        dates_agree(CLAIM, CLAIM, reach=-1)


def test_the_attributor_does_not_credit_a_debate_of_another_day() -> None:
    other = "Halvorsen and Quint sparred over the harbour levy at Tuesday night's debate in Tamsby."
    same = "Halvorsen and Quint sparred over the harbour levy at their Oct. 3 debate in Tamsby."
    rule = Attributor([("a", CLAIM), ("b", other), ("c", same)])
    assert set(rule.credits(CLAIM, skip=["a"])) == {"c"}
