"""What a claim says something was for or led to: a span must carry that verb too."""

from __future__ import annotations

import pytest

from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.predicates import aims

CLOSED = (
    "The Dunmere council closed Tarnwick Bridge to lorries on Monday in a move to protect "
    "the ageing girders of the old span."
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (CLOSED, ("protect",)),
        ("Her long illness led Okafor to urge the league to fund the ward.", ("urge",)),
        ("A neighbour was heard yelling for the driver to stop the burning lorry.", ("stop",)),
        ("The mayor acted in order to calm the market traders of Tamsby.", ("calm",)),
        ("The flood forced the ferry company to cancel every crossing.", ("cancel",)),
    ],
)
def test_the_verbs_of_a_purpose_or_an_outcome_are_read(text: str, found: tuple[str, ...]) -> None:
    assert aims(text) == found


def test_reporting_and_light_verbs_and_other_infinitives_are_not_aims() -> None:
    assert aims("The leak led officials to say the bridge was safe.") == ()  # who said it
    assert aims("The council moved in a bid to get the work done.") == ()  # says too little
    assert aims("The council plans to close Tarnwick Bridge to protect its girders.") == ()
    assert aims("The tide led the boats to their moorings.") == ()  # no verb after "to"


def test_a_span_that_gives_another_reason_or_none_is_no_credit() -> None:
    # the same action, the purpose left out: what the claim says the closure was for is
    # part of the claim
    silent = (
        "The Dunmere council closed Tarnwick Bridge to lorries on Monday, saying the "
        "ageing girders of the old span were at risk."
    )
    failed, _ = verdict(claim_of(CLOSED), claim_of(silent), silent, "", {})
    assert failed == "aim"
    assert not states(CLOSED, CLOSED.replace("protect", "repaint"))
    rule = Attributor([("a", CLOSED), ("b", silent)])
    assert rule.credits(CLOSED, skip=["a"]) == {}


def test_a_span_with_the_same_purpose_in_its_own_words_is_credited() -> None:
    plain = (
        "The Dunmere council closed Tarnwick Bridge to lorries on Monday to protect the "
        "ageing girders of the old span."
    )
    related = (
        "The Dunmere council shut Tarnwick Bridge to lorries on Monday in an effort to "
        "shield the ageing girders of the old span."
    )
    assert states(CLOSED, plain)
    assert states(CLOSED, related)  # "shield" for "protect": a related verb
    rule = Attributor([("a", CLOSED), ("b", plain), ("c", related)])
    assert set(rule.credits(CLOSED, skip=["a"])) == {"b", "c"}


def test_an_outcome_left_out_is_no_credit() -> None:
    claim = (
        "A horrified neighbour in Tamsby could be heard yelling for the driver to stop the "
        "burning lorry."
    )
    helpless = (
        "A horrified neighbour in Tamsby could be heard yelling for help beside the burning lorry."
    )
    assert verdict(claim_of(claim), claim_of(helpless), helpless, "", {})[0] == "aim"
    assert states(claim, claim.replace("stop", "halt"))
