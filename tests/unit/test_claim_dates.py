"""Dates in the attribution rule: a span that dates the claim's event on another day."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.claim_dates import clock_times, dates_agree, day_dates, times_agree
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
    assert dates_agree(claim, span, published=(same, same))
    assert not dates_agree(claim, span.replace("Oct. 9", "Oct. 2"), published=(same, same))
    # the claim's article a week later: its "Tuesday" is Oct. 16, not the span's Oct. 9
    later = date(2029, 10, 17)
    assert not dates_agree(claim, span, published=(later, same))


LORRIES = "The Dunmere council voted to close Tarnwick Bridge to lorries {} after an inspection."
WEDNESDAY = date(2031, 3, 5)


def test_a_weekday_is_placed_by_its_own_articles_date_when_only_that_is_known() -> None:
    claim, span = LORRIES.format("on Tuesday"), LORRIES.format("on March 4")
    # unknown dates: a weekday against a day of the month cannot be placed, so no credit
    assert not dates_agree(claim, span)
    # the claim's article of Wednesday, March 5, 2031: its "Tuesday" is March 4
    assert dates_agree(claim, span, published=(WEDNESDAY, None))
    assert not dates_agree(claim, LORRIES.format("on March 11"), published=(WEDNESDAY, None))
    # a week later its "Tuesday" is March 11, not the span's March 4
    assert not dates_agree(claim, span, published=(date(2031, 3, 12), None))
    # the span's article dated instead: its March 4 (2031) is a Tuesday, as the claim says
    assert dates_agree(claim, span, published=(None, WEDNESDAY))
    assert not dates_agree(LORRIES.format("on Monday"), span, published=(None, WEDNESDAY))


def test_a_relative_day_is_compared_once_its_article_is_dated() -> None:
    claim, span = LORRIES.format("yesterday"), LORRIES.format("on March 4")
    assert dates_agree(claim, LORRIES.format("on March 9"))  # undated: not compared, as before
    assert dates_agree(claim, span, published=(WEDNESDAY, None))
    assert not dates_agree(claim, span, published=(date(2031, 3, 9), None))


def test_the_attributor_places_the_claims_days_by_its_source_articles_date() -> None:
    claim, span = LORRIES.format("on Tuesday"), LORRIES.format("on March 4")
    dated = Attributor([("a", claim), ("b", span)], published={"a": WEDNESDAY})
    assert set(dated.credits(claim, skip=["a"], source="a")) == {"b"}
    assert dated.credit(claim, "b", source="a") is not None
    # without the source (or its date) the weekday is unplaced: when unsure, no credit
    assert dated.credits(claim, skip=["a"]) == {}
    assert dated.credit(claim, "b") is None
    assert Attributor([("a", claim), ("b", span)]).credits(claim, skip=["a"], source="a") == {}
    later = Attributor([("a", claim), ("b", span)], published={"a": date(2031, 3, 12)})
    assert later.credits(claim, skip=["a"], source="a") == {}


def test_the_reach_is_checked() -> None:
    with pytest.raises(StorylineError, match="reach"):
        dates_agree(CLAIM, CLAIM, reach=-1)


def test_the_attributor_does_not_credit_a_debate_of_another_day() -> None:
    other = "Halvorsen and Quint sparred over the harbour levy at Tuesday night's debate in Tamsby."
    same = "Halvorsen and Quint sparred over the harbour levy at their Oct. 3 debate in Tamsby."
    rule = Attributor([("a", CLAIM), ("b", other), ("c", same)])
    assert set(rule.credits(CLAIM, skip=["a"])) == {"c"}


ARRIVAL = (
    "Police officers reached the farmhouse near Calder Ridge at 10:15 p.m. after neighbours called."
)


def test_clock_times_are_read_in_their_common_forms() -> None:
    def minutes(text: str) -> list[int]:
        return [time.minutes for time in clock_times(text)]

    assert minutes("the doors opened at 9am and closed at 10.30 p.m.") == [540, 1350]
    assert minutes("the vote was held at 14:30, then at noon and at midnight") == [870, 720, 0]
    assert minutes("she won in 1:05:33 over the 2:1 favourite") == []
    (unsure,) = clock_times("the train left at 3:30")
    assert not unsure.half_known


def test_a_span_timing_the_same_thing_at_another_hour_does_not_state_the_claim() -> None:
    later = ARRIVAL.replace("10:15 p.m.", "11:40 p.m.")
    assert not times_agree(ARRIVAL, later)
    failed, _ = verdict(claim_of(ARRIVAL), claim_of(later), later, "", {})
    assert failed == "times"
    assert not states(ARRIVAL, later)


def test_the_same_time_written_another_way_or_left_out_agrees() -> None:
    for span in (
        ARRIVAL.replace("10:15 p.m.", "10.15pm"),
        ARRIVAL.replace("10:15 p.m.", "10: 15 p.m."),  # a tokenised text
        ARRIVAL.replace("10:15 p.m.", "22:15"),
        ARRIVAL.replace("10:15 p.m.", "10:15"),  # without a.m. or p.m.: may be either
        ARRIVAL.replace(" at 10:15 p.m.", ""),  # a span may leave out when
    ):
        assert times_agree(ARRIVAL, span), span
        assert states(ARRIVAL, span), span
    assert not times_agree(ARRIVAL, ARRIVAL.replace("10:15 p.m.", "10:15 a.m."))


def test_a_time_that_times_something_else_is_not_held_against_the_claim() -> None:
    span = "The call came in at 9 p.m.; police officers reached the farmhouse near Calder Ridge."
    assert times_agree(ARRIVAL, span)
    with pytest.raises(StorylineError, match="reach"):
        times_agree(ARRIVAL, span, reach=-1)
