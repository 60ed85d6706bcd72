"""Who a claim was told to ("..., the council told The Courier") is not part of the claim."""

from __future__ import annotations

import pytest

from storyline.attribution import claim_of, states
from storyline.predicates import told_to

CLAIM = "Forty percent of the ferry crews are women, the harbour board told The Courier Sunday."
SPAN = (
    "Forty percent of the Tamsby ferry crews are women and a third are under thirty, "
    "according to figures the harbour board released on Saturday."
)


@pytest.mark.parametrize(
    "text",
    [
        CLAIM,
        "The mayor of Dunmere resigned, he told Coastline Radio on Tuesday.",
        "the mayor of dunmere resigned, a spokesman told the courier.",
    ],
)
def test_the_listener_of_a_closing_attribution_is_no_name_to_check(text: str) -> None:
    listener = "Courier" if "Courier" in text else "Coastline Radio"
    assert told_to(text, listener) or listener not in text
    assert not any("courier" in name or "coastline" in name for name in claim_of(text).names)


def test_a_speaker_or_a_name_told_in_the_middle_of_the_claim_stays() -> None:
    # the one who told is the speaker; a name told something the claim reports is an actor
    assert not told_to("The mayor resigned, Okafor told The Courier.", "Okafor")
    assert ("okafor",) in claim_of("The mayor resigned, Okafor told The Courier.").names
    told_mid = "Grace Okafor told The Courier that the ferry would stop running."
    assert not told_to(told_mid, "Courier")
    assert ("courier",) in claim_of(told_mid).names
    # a name that also occurs elsewhere in the claim is checked
    twice = "The Courier's editor resigned, the owner told The Courier."
    assert not told_to(twice, "Courier")


def test_a_span_that_leaves_out_the_listener_states_the_claim() -> None:
    assert states(CLAIM, SPAN)
    # ... but not one with another figure
    assert not states(CLAIM, SPAN.replace("Forty", "Fifty"))
