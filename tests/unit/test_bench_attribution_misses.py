"""The missed-citation diagnosis names the content-word floor that stops a span."""

from __future__ import annotations

from benchmarks.attribution_misses import content_floor, missing_names, without_bars
from storyline.attribution import claim_of

CLAIM = claim_of(
    "The harbour board of Tamsby closed the northern ferry pier after storms cracked its pylons."
)


def test_a_span_with_few_of_the_claims_words_is_under_half_its_terms() -> None:
    span = claim_of("Tamsby residents queued for the last bus of the evening.")
    assert content_floor(CLAIM, span, {}) == "under half the claim's terms"


def test_a_long_span_that_carries_the_claim_among_much_else_meets_the_span_floor() -> None:
    span = claim_of(
        "The harbour board closed the northern ferry pier after storms cracked its pylons, "
        "while fishermen, bakers, teachers, cyclists, florists, drivers, tailors, painters, "
        "singers, joiners, plumbers, grocers, dancers and actors marched through Dunmere, "
        "Kelby, Orrin, Wexley, Brantham and Oldport demanding cheaper tickets, longer hours, "
        "brighter lamps, wider roads, cleaner beaches and quieter nights."
    )
    assert content_floor(CLAIM, span, {}) == "span floor"


def test_a_span_with_enough_terms_but_not_the_rare_ones_fails_the_weighted_bar() -> None:
    span = claim_of("The harbour board of Tamsby closed the northern office after storms.")
    # the terms it misses are the rare ones of the story
    weights = {"ferry": 9.0, "pier": 9.0, "cracked": 9.0, "pylons": 9.0}
    assert content_floor(CLAIM, span, weights) == "weighted bar"


def test_the_names_a_span_does_not_carry_are_named() -> None:
    claim = claim_of("Mayor Ida Brennholt closed the ferry pier in Tamsby after storms in Kelby.")
    text = "Brennholt closed the ferry pier in Tamsby after storms, officials said."
    assert missing_names(claim, text) == ["kelby"]


def test_without_bars_lowers_every_content_word_bar_and_puts_them_back() -> None:
    from storyline import attribution

    before = attribution.MIN_EVIDENCE, attribution.MIN_SPAN_SHARE
    with without_bars():
        assert attribution.MIN_EVIDENCE == 0.0
        assert attribution.MIN_SPAN_SHARE == 0.0
        assert attribution.ANCHORED_PLAIN_COVERAGE == 0.0
    assert before == (attribution.MIN_EVIDENCE, attribution.MIN_SPAN_SHARE)
