"""The one attribution rule: content words, figures, names and quoted words must agree."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.attribution import (
    Attributor,
    _widened,
    claim_of,
    normalized_for_hash,
    quote_printed,
    states,
)
from storyline.errors import InvalidParameter
from storyline.models import CleanArticle
from tests.factories import make_article

# Invented sentences about an invented strike and an invented flood, written for these tests.
STRIKE = "Grace Okafor said the Harlow Dock union would strike for 48 hours from Monday."
STRIKE_ALIAS = "Okafor said on Friday that the Harlow Dock union would strike for 48 hours."
STRIKE_OTHER_PERSON = "Tom Reyes said the Harlow Dock union would strike for 48 hours from Monday."
STRIKE_OTHER_FIGURE = "Grace Okafor said the Harlow Dock union would strike for 72 hours."
FLOOD = "Sixty-one people were killed when the Brenna river flooded the lower town."
FLOOD_ROUNDED = "The Brenna river flood killed about 60 people in the lower town, police said."
FLOOD_OTHER = "The Brenna river flood killed 65 people in the lower town, officials said."
FLOOD_NO_FIGURE = "Officials said people were killed when the Brenna river flooded the lower town."
QUOTE = 'Mayor Ines Calloway called the port closure "reckless between partners" on Tuesday.'
QUOTE_PRINTED = (
    "On Tuesday Mayor Ines Calloway said the port closure was "
    '"reckless between partners" and asked for talks.'
)
QUOTE_PARAPHRASED = (
    "Mayor Ines Calloway on Tuesday called the port closure a careless act between partners."
)
KICKER = "A Reckless Decision"


def test_a_paraphrase_with_the_same_names_and_figures_is_credited() -> None:
    assert states(FLOOD, FLOOD_ROUNDED)


def test_a_different_figure_for_the_same_quantity_is_not_credited() -> None:
    assert not states(FLOOD, FLOOD_OTHER)
    assert not states(STRIKE, STRIKE_OTHER_FIGURE)


def test_a_span_missing_the_claims_figure_is_not_credited() -> None:
    assert not states(FLOOD, FLOOD_NO_FIGURE)


def test_an_alias_of_a_claimed_name_is_credited() -> None:
    assert states(STRIKE, STRIKE_ALIAS)


def test_another_person_doing_the_same_thing_is_not_credited() -> None:
    assert not states(STRIKE, STRIKE_OTHER_PERSON)


def test_a_name_in_the_neighbouring_sentence_counts() -> None:
    span = "She said the Harlow Dock union would strike for 48 hours from Monday."
    assert not states(STRIKE, span)
    assert states(STRIKE, span, context="Grace Okafor leads the dockers. " + span)


def test_quoted_words_must_occur_in_the_span() -> None:
    assert states(QUOTE, QUOTE_PRINTED)
    assert not states(QUOTE, QUOTE_PARAPHRASED)


def test_a_kicker_sharing_one_word_with_a_quote_is_not_credited() -> None:
    assert quote_printed("reckless", KICKER)  # the word is there ...
    assert not states(QUOTE, KICKER)  # ... but the kicker does not state the claim


def test_a_headline_that_states_the_claim_is_credited() -> None:
    headline = "Brenna river flood kills 61 people in the lower town"
    assert states(FLOOD, headline)


def test_topic_words_alone_are_not_credited() -> None:
    assert not states(FLOOD, "Residents of the lower town remember the Brenna river as calm.")


def test_quote_printed_needs_whole_words_in_order() -> None:
    assert quote_printed("between partners", "It was reckless between partners, she said.")
    assert not quote_printed("partners between", "It was reckless between partners.")
    assert not quote_printed("part", "It was reckless between partners.")
    assert not quote_printed("", "anything")


def test_claim_parts() -> None:
    claim = claim_of(QUOTE)
    assert ("ines", "calloway") in claim.names
    assert claim.quoted == ("reckless between partners",)
    assert not claim.heading
    assert claim_of(KICKER).heading
    assert [figure.low for figure in claim_of(FLOOD).figures] == [61]


def test_normalized_for_hash_folds_case_quotes_and_spaces() -> None:
    assert normalized_for_hash("  “Reckless”\n  Move ") == '"reckless" move'


def article(article_id: str, *paragraphs: str) -> tuple[str, str]:
    return article_id, "\n\n".join(paragraphs)


def test_attributor_finds_the_span_and_skips_the_claims_own_article() -> None:
    rule = Attributor(
        [
            article("a", FLOOD, "Rescue teams worked through the night in the lower town."),
            article("b", "The water rose fast.", FLOOD_ROUNDED),
            article("c", FLOOD_OTHER),
        ]
    )
    credits = rule.credits(FLOOD, skip=("a",))
    assert set(credits) == {"b"}
    text = "The water rose fast.\n\n" + FLOOD_ROUNDED
    assert text[credits["b"].start : credits["b"].end] == FLOOD_ROUNDED
    assert rule.credit(FLOOD, "c") is None


def test_attributor_joins_a_neighbour_in_the_same_paragraph() -> None:
    first = "The Brenna river flooded the lower town on Sunday night."
    second = "Sixty-one people were killed, officials said."
    rule = Attributor([article("a", FLOOD), article("b", f"{first} {second}")])
    credit = rule.credit(FLOOD, "b")
    assert credit is not None
    assert (credit.start, credit.end) == (0, len(first) + 1 + len(second))


def test_attributor_never_joins_a_heading_with_its_neighbour() -> None:
    rule = Attributor(
        [article("a", QUOTE), article("b", KICKER, "The port closure annoyed Ines Calloway.")]
    )
    assert rule.credit(QUOTE, "b") is None


def test_attributor_answers_the_same_twice() -> None:
    rule = Attributor([article("a", FLOOD), article("b", FLOOD_ROUNDED)])
    assert rule.credit(FLOOD, "b") == rule.credits(FLOOD)["b"]


@pytest.mark.parametrize("name", ["max_postings", "max_candidates"])
def test_attributor_validates_its_caps(name: str) -> None:
    with pytest.raises(InvalidParameter, match=name):
        Attributor([], **{name: 0})


def test_attributor_checks_at_most_max_candidates_sentences_per_article() -> None:
    filler = [f"Volunteer {n} from Brenna filled sandbags in the lower town." for n in range(30)]
    rule = Attributor([article("a", FLOOD), article("b", *filler, FLOOD_ROUNDED)], max_candidates=3)
    candidates = rule._candidates(claim_of(FLOOD))
    assert len(candidates["b"]) == 3
    assert rule.credit(FLOOD, "b") is not None  # the sentence sharing most rare terms is kept


def test_names_match_through_possessives_and_inflections() -> None:
    claim = "Grace Okafor’s union said Republican members of the Harlow Dock board would resign."
    span = "Republicans on the Harlow Dock board will resign, Okafor's union said on Friday."
    assert states(claim, span)


def test_a_similar_surname_is_another_person() -> None:
    claim = "Ada Johnson said the Harlow Dock union would strike for 48 hours from Monday."
    span = "Ada Johnston said the Harlow Dock union would strike for 48 hours from Monday."
    assert not states(claim, span)


def test_a_round_figure_is_not_stretched_to_another_one() -> None:
    claim = (
        "Corey Brandt drove the student 200 miles from Harlow to the Ostmere college on Saturday."
    )
    span = (
        "Corey Brandt drove the student from Harlow to the Ostmere college, "
        "an approximately 275-mile trip."
    )
    assert not states(claim, span)
    assert states(claim, span.replace("approximately 275-mile", "approximately 210-mile"))


def test_a_round_figure_stands_only_for_what_rounds_to_it() -> None:
    # "2300" is what 2,250 to 2,350 round to; 2,200 is another block, another figure
    claim = "A van caught fire in the 2300 block of Tessel Street in Harlow on Monday night."
    span = (
        "Firefighters said a van caught fire in the 2200 block of Tessel Street "
        "in Harlow on Monday night."
    )
    assert not states(claim, span)
    assert states(claim, span.replace("2200 block", "2300 block"))
    # rounding of a larger step still allows its share either way
    grant = "The Harlow Dock board approved a grant of 2.3 million euros for the ferry terminal."
    assert states(grant, grant.replace("2.3 million", "2,312,000"))
    assert not states(grant, grant.replace("2.3 million", "2.2 million"))


# Invented sentences about an invented port dispute and an invented vaccine shipment.
TWO_CLAUSES = (
    "Minister Ada Ferrante arrived in Velmora on Monday for talks with port officials "
    "ahead of a planned announcement of new tariffs on imported steel."
)
FIRST_CLAUSE_ONLY = (
    "Dock workers protested outside the terminal as Minister Ada Ferrante arrived in "
    "Velmora for talks with port officials."
)
BOTH_CLAUSES = (
    "Ada Ferrante came to Velmora for talks with port officials before announcing new "
    "tariffs on imported steel, her office said."
)


def test_a_span_stating_one_of_two_clauses_is_not_credited() -> None:
    assert not states(TWO_CLAUSES, FIRST_CLAUSE_ONLY)
    assert states(TWO_CLAUSES, BOTH_CLAUSES)


def test_a_claims_clauses_are_split_at_subordinate_and_coordinate_breaks() -> None:
    clauses = claim_of(TWO_CLAUSES).clauses
    assert len(clauses) == 2
    assert {"tariff", "steel"} <= clauses[1]
    assert not any("ferrante" in clause for clause in clauses)  # names are checked apart


def test_a_vaguer_figure_does_not_state_a_precise_one() -> None:
    claim = "The Norland government will send 4 million doses of the Tessar vaccine to Ostia."
    assert not states(
        claim, "The Norland government will send millions of doses of the Tessar vaccine to Ostia."
    )
    assert states(
        claim,
        "To Ostia the Norland government is sending 4 million doses of the Tessar vaccine.",
    )


def test_a_one_sided_figure_states_the_value_at_its_bound() -> None:
    claim = "Orvik county logged 40 million visits to its parks this year, rangers said."
    assert states(claim, "Orvik county parks logged more than 40 million visits this year.")
    assert not states(claim, "Orvik county parks logged more than 10 million visits this year.")


def test_scores_and_years_outside_figures_must_occur_in_the_span() -> None:
    claim = "The Velmora council passed the harbour budget in a 31-30 vote along party lines."
    assert states(
        claim, "In a 31-30 vote along party lines, the Velmora council passed the harbour budget."
    )
    assert not states(
        claim, "Along party lines, the Velmora council passed the harbour budget in a close vote."
    )
    year = "Mayor Ines Calloway apologised for the 1921 harbour fire that destroyed the old docks."
    assert not states(
        year, "Mayor Ines Calloway apologised for the harbour fire that destroyed the old docks."
    )


def test_the_time_of_day_is_a_qualifier_a_span_may_leave_out() -> None:
    claim = "By 10 am the Velmora council had approved the harbour budget and the new ferry route."
    assert claim_of(claim).numbers == frozenset()
    assert states(
        claim, "The Velmora council approved the harbour budget and the new ferry route on Friday."
    )


def test_a_negated_claim_is_not_stated_by_the_same_words_without_the_negation() -> None:
    claim = (
        "Mayor Ines Calloway said the council could not confirm that the harbour video was real."
    )
    assert not states(
        claim, "Mayor Ines Calloway said the council could confirm that the harbour video was real."
    )
    assert states(
        claim, "The council could not confirm the harbour video was real, Mayor Ines Calloway said."
    )


def test_an_article_the_rule_cannot_read_is_never_credited() -> None:
    rule = Attributor([article("a", FLOOD), article("b", FLOOD_ROUNDED)], unchecked=["b"])
    assert rule.credits(FLOOD, skip=("a",)) == {}
    assert rule.credit(FLOOD, "b") is None


def test_articles_not_in_english_are_left_unchecked() -> None:
    # German words for "ten" and "twenty" are just two words to English rules: no credit either way
    ten = "Zunächst fahren die Bahnen der Linie 7 alle zehn Minuten bis Grauhain."
    twenty = "Zunächst fahren die Bahnen der Linie 7 alle zwanzig Minuten bis Grauhain."
    english = [clean("en-1", FLOOD, "en"), clean("en-2", FLOOD_ROUNDED, None)]
    german = [clean("de-1", ten, "de"), clean("de-2", twenty, "de")]
    rule = Attributor.of(english + german)
    assert set(rule.credits(FLOOD, skip=("en-1",))) == {"en-2"}  # English (or unknown) as before
    assert rule.credits(ten, skip=("de-1",)) == {}
    assert Attributor([("de-1", ten), ("de-2", twenty)]).credits(ten, skip=("de-1",))  # why


def clean(article_id: str, text: str, language: str | None) -> CleanArticle:
    accepted = make_article(text, url=f"https://news.example/{article_id}")
    return CleanArticle(replace(accepted.article, id=article_id, language=language), text)


def test_the_clause_cuts_look_ahead_only_to_skip_what_no_break_opens_with() -> None:
    import random
    import re

    from storyline import claim_scope

    plain = {
        claim_scope._CLAUSE_BREAK: re.compile(claim_scope._CLAUSE_BREAKS, re.IGNORECASE),
        claim_scope._QUOTE_STOP: re.compile(claim_scope._QUOTE_STOPS),
    }
    pieces = (
        "The board", "voted", ",", ";", ":", " ", "  ", "\u00a0", "\n", " — ", " -- ", "–",
        " and ", " And the mayor will ", ", which ", " while ", " ahead of ", ", when ",
        ", later signing", " that was closed", " who had been fired", ", signalling",
        'said.” ', 'it." ', "hope.'", "?” Then", "!", " so that ", " In order to ", "x",
    )  # fmt: skip
    rng = random.Random(11)
    texts = [
        "Given that the pier was shut, the board met; it voted, signalling a shift.",
        'He called it "hope." At this time, she plans to keep the gem — and sell it.',
        *("".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)),
    ]
    for anchored, bare in plain.items():
        assert anchored.pattern != bare.pattern
        for text in texts:
            assert anchored.split(text) == bare.split(text), text


def test_a_widened_span_keeps_the_word_forms_of_what_it_writes_whatever_was_read_before() -> None:
    # A span widened with a related verb's term must not gain that term's word forms, and
    # must not depend on whether its own forms were read before: a check's result would
    # then depend on which checks ran first.
    span = claim_of("The council resigned after the vote on Tuesday.")
    read_before, not_read = replace(span), replace(span)
    assert read_before.forms == span.forms
    extra = frozenset({"announcement"})
    assert _widened(read_before, extra).forms == span.forms
    assert _widened(not_read, extra).forms == span.forms
    assert "announcement" in _widened(not_read, extra).terms
