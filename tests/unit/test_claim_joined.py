"""Two things joined by "and" are both part of a claim: a span must give both."""

from __future__ import annotations

import pytest

from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.claim_scope import joined_words

BENCH = (
    "A Tamsby woman is suing the Harbour Cafe after she fell off its iron bench and broke "
    "her wrist, her lawyer said."
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (BENCH.lower(), ("bench", "broke")),
        (
            "okafor was treasurer of the rowing club and captain of the chess team.",
            ("club", "captain"),
        ),
        ("voters in dunmere and tamsby go to the polls on 3 may.", ("dunmere", "tamsby")),
        # "whether" opens a clause: the part after it is read from its own words
        ("police are checking the jetty and whether the gate was locked.", ("jetty", "gate")),
    ],
)
def test_the_words_either_side_of_and_are_read_without_capitals(
    text: str, found: tuple[str, ...]
) -> None:
    assert joined_words(text) == found


def test_lists_of_three_manners_and_figures_are_left_to_the_other_checks() -> None:
    # a span may give a long list in part; a manner is a qualifier; figures are checked apart
    assert joined_words("The council, the harbour board and the ferry company signed.") == ()
    assert joined_words("The council, the harbour board, and the ferry company signed.") == ()
    assert joined_words("The mayor quickly and quietly signed the order.") == ()
    assert joined_words("Between 40 and 50 boats were moored there.") == ()


def test_a_span_that_gives_one_of_two_joined_parts_is_no_credit() -> None:
    fell = "The Harbour Cafe in Tamsby is being sued by a woman who fell off its iron bench."
    failed, _ = verdict(claim_of(BENCH), claim_of(fell), fell, "", {})
    assert failed == "joined"
    rule = Attributor([("a", BENCH), ("b", fell)])
    assert rule.credits(BENCH, skip=["a"]) == {}
    # lower-cased text too: no capital letter is needed to see the part left out
    claim = (
        "okafor was treasurer of the dunmere rowing club and captain of its chess team for years."
    )
    span = "okafor was treasurer of the dunmere rowing club for years and played in its chess team."
    assert verdict(claim_of(claim), claim_of(span), span, "", {})[0] == "joined"


def test_a_span_that_gives_both_parts_in_its_own_words_is_credited() -> None:
    both = (
        "A Tamsby woman is suing the Harbour Cafe after falling off its iron bench and "
        "breaking her wrist."
    )
    assert states(BENCH, both)
    rule = Attributor([("a", BENCH), ("b", both)])
    assert set(rule.credits(BENCH, skip=["a"])) == {"b"}
    # the last item of a long list may be left out: the list is given in part
    claim = "The Dunmere council, the Tamsby harbour board and a ferry firm signed the pier lease."
    span = "The Dunmere council and the Tamsby harbour board signed the pier lease."
    assert states(claim, span)
