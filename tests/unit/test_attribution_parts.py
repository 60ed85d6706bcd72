"""The claim parts of the fourth round: speakers, number words, characterisations,
names that only describe someone else, the rule's verdict and the lazy index
(invented sentences)."""

from __future__ import annotations

import pytest

import storyline.attribution as attribution
from storyline.attribution import Attributor, claim_of, states, verdict
from storyline.predicates import count_words, descriptive, predicates, speaker


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Ruiz says the Ostby shoes were fakes and will be destroyed.", "ruiz"),
        ("ruiz says the ostby shoes were fakes and will be destroyed.", "ruiz"),
        ("Inaky Velde, the chief prosecutor of Ostby, said testing could take weeks.", "velde"),
        ("the harbour board's chair, mara quist, had claimed the dock was safe.", "quist"),
        ("Pentagon spokesman Mark Orrin on Sunday said the jet flew close.", "orrin"),
        ("The jet flew close, said fleet captain Tomas Reyl, a pilot.", "reyl"),
    ],
)
def test_the_named_speaker_of_a_claim_is_read_by_position(text: str, head: str) -> None:
    assert speaker(text) == head


@pytest.mark.parametrize(
    "text",
    [
        "Ostby logged 40 million visits this year, rangers said.",
        "Park officials said the gem is the fifth largest found.",
        "The labour office says the jobless rate fell.",
        "She says the firm has tried edible cups for years.",
        "the three people said the deal was off.",
        "people familiar with the talks said the deal was off.",
        "a spokesman for the Ostby board said the deal was off.",
        "According to Ostby Daily, the mayor resigned.",  # the outlet: a span may leave it out
        "The Ostby dam failed overnight.",
    ],
)
def test_a_role_a_pronoun_or_no_attribution_is_no_speaker(text: str) -> None:
    assert speaker(text) is None


def test_a_claim_of_a_named_speaker_needs_the_speaker_in_the_span() -> None:
    claim = "Ruiz says the seized handbags were very good fakes and will likely be burned."
    other = "The customs agency said the seized handbags were very good fakes and will be burned."
    named = "Ruiz said the seized handbags were very good fakes and will likely be burned."
    assert not states(claim, other)
    assert states(claim, named)
    # the sentence either side may name the speaker of "he said"
    assert states(claim, other, context="Agent Ruiz led the raid.")


def test_number_words_the_figure_reader_skips_must_occur_in_the_span() -> None:
    assert count_words("The tablet holds a half-dozen riddles.") == {"half", "dozen"}
    claim = "The Ostby museum displayed a half-dozen clay tablets found by Ana Brill in March."
    assert states(claim, "The Ostby museum displayed a half-dozen clay tablets found by Ana Brill.")
    assert not states(claim, "The Ostby museum displayed clay tablets found by Ana Brill.")
    ordinal = "The Ostby gem is the fifth largest diamond found at the Velde park."
    assert not states(ordinal, "The Ostby gem is the largest diamond found at the Velde park.")


def test_a_characterisation_after_a_copula_is_the_predicate() -> None:
    assert predicates("It is a tax compliance issue that derailed nominees") == {"issue"}
    assert predicates("The Ostby ruling was reckless") == {"reckless"}


def test_a_relative_clause_with_an_auxiliary_is_a_clause_of_its_own() -> None:
    claim = (
        "The Ostby budget chief failed to pay 15,000 dollars in payroll taxes, "
        "the sort of tax lapse that has derailed cabinet nominees before."
    )
    span = "The Ostby budget chief failed to pay 15,000 dollars in payroll taxes last year."
    assert not states(claim, span)


def test_a_name_that_only_owns_a_role_is_not_checked() -> None:
    text = "Premier Ana Velde's climate envoy Tomas Reyl resigned on Monday."
    assert descriptive(text, "Premier Ana Velde")
    assert ("tomas", "reyl") in claim_of(text).names
    assert all("velde" not in name for name in claim_of(text).names)
    # a name that also acts is checked
    acting = "Ana Velde's lawyer Tomas Reyl met Ana Velde on Monday."
    assert not descriptive(acting, "Ana Velde")


def test_two_round_figures_are_not_stretched_to_meet_halfway() -> None:
    claim = "The Velmora council approved a 40 million euro harbour budget on Monday."
    assert not states(claim, "On Monday the Velmora council approved a 45 million euro budget.")
    assert states(claim, "On Monday the Velmora council approved a 41 million euro budget.")
    hedged = "About 60 homes in the Ostby valley were flooded by the river on Monday."
    assert states(hedged, "The river flooded 61 homes in the Ostby valley on Monday.")


def test_verdict_names_the_part_of_the_rule_a_span_fails() -> None:
    claim = claim_of("The Velmora council approved a 40 million euro harbour budget on Monday.")
    same = claim_of("On Monday the Velmora council approved a 40 million euro harbour budget.")
    other = claim_of("On Monday the Velmora council approved a 45 million euro harbour budget.")
    assert verdict(claim, same, same.text, "", {})[0] is None
    assert verdict(claim, other, other.text, "", {})[0] == "figures"
    topic = claim_of("Velmora is a harbour town.")
    assert verdict(claim, topic, topic.text, "", {})[0] == "content words"


def test_a_story_of_one_article_builds_no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = Attributor([("a", "The Velmora council approved the harbour budget on Monday.")])

    def no_index(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was built")

    monkeypatch.setattr(attribution, "rarity", no_index)
    claim = rule.sentences_of("a")[0].text
    assert rule.credits(claim, skip=("a",)) == {}


def test_the_lazy_index_gives_the_same_credits_as_asking_each_article() -> None:
    texts = [
        ("a", "The Velmora council approved a 40 million euro harbour budget on Monday."),
        ("b", "On Monday the Velmora council approved a 40 million euro harbour budget."),
        ("c", "Rain fell on the Velmora harbour."),
    ]
    claim = texts[0][1]
    together = Attributor(texts).credits(claim, skip=("a",))
    single = Attributor(texts)
    assert set(together) == {"b"}
    assert single.credit(claim, "b") == together["b"]
    assert single.credit(claim, "c") is None


TRIAL = " during the six-week vaccine trial at the Marlow laboratory, researchers reported."


def test_one_of_something_is_no_credit_to_a_span_that_counts_more() -> None:
    claim = "One untreated rabbit died" + TRIAL
    for span in ("Four untreated rabbits died" + TRIAL, "4 untreated rabbits died" + TRIAL):
        failed, _ = verdict(claim_of(claim), claim_of(span), span, "", {})
        assert failed == "one", span
    assert states(claim, claim)
    assert states("A single untreated rabbit died" + TRIAL, "One untreated rabbit died" + TRIAL)
    single = "A single untreated rabbit died" + TRIAL
    assert not states(single, "Two untreated rabbits died" + TRIAL)


def test_one_of_several_or_one_more_is_not_a_count_of_one() -> None:
    span = "Four untreated rabbits died" + TRIAL
    for start in ("One of the untreated rabbits died", "One or two untreated rabbits died"):
        claim = start + TRIAL
        failed, _ = verdict(claim_of(claim), claim_of(span), span, "", {})
        assert failed != "one", claim


def test_a_claim_counting_two_groups_or_a_span_writing_one_too_is_no_conflict() -> None:
    claim = "Edda Vorn was charged with four counts of fraud and one count of theft, police said."
    span = "Police said Edda Vorn faces four counts of fraud and one count of theft."
    failed, _ = verdict(claim_of(claim), claim_of(span), span, "", {})
    assert failed != "one"
    lone = "One untreated rabbit died" + TRIAL
    both = "Four untreated rabbits were studied; one untreated rabbit died" + TRIAL
    failed, _ = verdict(claim_of(lone), claim_of(both), both, "", {})
    assert failed != "one"
