"""Quote speakers and quote alignment across outlets: one invented case per rule."""

from __future__ import annotations

from storyline.compare import compare_story
from storyline.compare.quote_marks import is_title, quoted_spans
from storyline.compare.quotes import (
    compatible_speakers,
    extract_quotes,
    own_wordings,
    prints_words,
    same_speaker,
)
from tests.unit.compare.compare_factories import make_article, pairs

# --- who speaks -------------------------------------------------------------


def test_a_weekday_between_subject_and_verb_is_not_the_speaker() -> None:
    text = "The Green Alliance on Tuesday called for “an end to the night flights at once”."
    [(words, speaker)] = pairs(text)
    assert words == "an end to the night flights at once"
    assert speaker is not None and speaker.endswith("Green Alliance")


def test_a_date_phrase_is_dropped_from_the_subject() -> None:
    text = "The union last week said: “Our members will not accept the new rota.”"
    [(_, speaker)] = pairs(text)
    assert speaker is not None and "week" not in speaker
    assert speaker.endswith("union")


def test_a_common_noun_near_the_verb_is_never_the_speaker() -> None:
    text = "From the stage, Mara Quint said: “We will rebuild the old bridge by spring.”"
    assert pairs(text) == [("We will rebuild the old bridge by spring", "Mara Quint")]


def test_statement_of_an_institution_is_the_institution_speaking() -> None:
    text = (
        "Health Minister Pavel Orlov toured the plant on Monday.\n\n"
        "In a statement, the ministry said the tap water was “safe to drink again”."
    )
    [quote] = extract_quotes(text)
    assert quote.statement
    assert quote.speaker is not None and "ministry" in quote.speaker.lower()
    assert "Orlov" not in quote.speaker


def test_partial_quote_after_as_is_found_with_its_speaker() -> None:
    text = "Councillor Ines Varga condemned the merger as “reckless between partners”."
    assert pairs(text) == [("reckless between partners", "Ines Varga")]


def test_attribution_after_a_long_appositive() -> None:
    text = (
        "“We did everything we could,” Karl Brandt, the chief engineer of the regional "
        "water authority since 2019, said on Friday."
    )
    assert pairs(text) == [("We did everything we could", "Karl Brandt")]


def test_more_speech_verbs_and_according_to() -> None:
    assert pairs("Dana Holt emailed: “The shop will close early today.”") == [
        ("The shop will close early today", "Dana Holt")
    ]
    assert pairs("“Nobody was hurt in the blaze,” according to Chief Omar Lind.") == [
        ("Nobody was hurt in the blaze", "Omar Lind")
    ]
    text = "Rosa Kell posted a photo of the site, writing: “This is what neglect looks like.”"
    assert pairs(text) == [("This is what neglect looks like", "Rosa Kell")]


def test_pronoun_resolves_to_the_person_who_spoke_not_the_last_name_seen() -> None:
    text = (
        "Ana Ruiz, the port director, spoke after meeting Tom Berg.\n\n"
        "“We will open the new quay in May,” she said."
    )
    assert pairs(text) == [("We will open the new quay in May", "Ana Ruiz")]


def test_pronoun_skips_a_person_the_article_calls_by_the_other_pronoun() -> None:
    text = (
        "Mr. Jonas Falk said he would vote against the budget.\n\n"
        "Mrs. Lea Moreau said she was undecided. Jonas Falk left early.\n\n"
        "“I need to read the final text first,” she said."
    )
    assert pairs(text) == [("I need to read the final text first", "Lea Moreau")]


def test_pronoun_stays_a_pronoun_when_two_people_fit() -> None:
    text = (
        "Ana Ruiz and Lena Berg toured the flooded streets on Sunday.\n\n"
        "“We have never seen water this high,” she said."
    )
    assert pairs(text) == [("We have never seen water this high", "she")]


# --- what is a quote ----------------------------------------------------------


def test_titles_in_quotation_marks_are_not_quotes() -> None:
    text = (
        "She appeared on “Morning Desk” to promote her book “Quiet Rivers of the North”, "
        "and Fox’s “Evening Hour” ran the story."
    )
    assert pairs(text) == []


def test_is_title_tells_a_title_from_a_quote() -> None:
    text = "He wrote the novel “Salt and Iron” and said the plan was “Bold Enough”."
    first, second = quoted_spans(text)
    assert is_title(text, *first)
    assert not is_title(text, *second)


def test_nicknames_and_scare_quotes_are_not_quotes() -> None:
    text = "The so-called “green wall” plan and the “Iron Lady” nickname were both dropped."
    assert pairs(text) == []


def test_an_unattributed_long_quotation_is_kept_without_a_speaker() -> None:
    text = "The sign at the gate read nothing.\n\n“Nobody goes in or out after dark, ever.”"
    assert pairs(text) == [("Nobody goes in or out after dark, ever", None)]


def test_attribute_values_of_markup_are_not_quotes() -> None:
    text = (
        '<note author="the night desk of the paper" id="7">A note.</note>\n\n'
        "“Fix the roof before the rain comes,” said Ola Brun."
    )
    assert pairs(text) == [("Fix the roof before the rain comes", "Ola Brun")]


# --- the same words in several outlets ----------------------------------------

WORDS = "No family should have to choose between water and heat"


def test_same_words_with_three_different_speakers_show_side_by_side() -> None:
    herald = make_article(f"“{WORDS},” said Mayor Dana Whitfield.", outlet="Herald")
    daily = make_article(f"In a statement, the water board said: “{WORDS}.”", outlet="Daily")
    wire = make_article(f"“{WORDS},” said Pavel Orlov, a council member.", outlet="Wire")
    [group] = compare_story("s1", [herald, daily, wire]).quotes
    assert group.speaker_conflict
    by_outlet = {q.span.outlet: q.speaker for q in group.quotes}
    assert by_outlet == {
        "Herald": "Dana Whitfield",
        "Daily": "water board statement",
        "Wire": "Pavel Orlov",
    }
    markdown = compare_story("s1", [herald, daily, wire]).to_markdown()
    assert "Dana Whitfield (Herald)" in markdown and "Pavel Orlov (Wire)" in markdown


def test_trivial_variants_of_one_speaker_are_not_flagged() -> None:
    herald = make_article(f"“{WORDS},” police officers said.", outlet="Herald")
    daily = make_article(f"“{WORDS},” a police officer said.", outlet="Daily")
    wire = make_article(f"“{WORDS},” said Mr. Orlov.", outlet="Wire")
    post = make_article(f"“{WORDS},” said Pavel Orlov.", outlet="Post")
    officers = compare_story("s1", [herald, daily]).quotes[0]
    assert not officers.speaker_conflict
    orlov = compare_story("s2", [wire, post]).quotes[0]
    assert not orlov.speaker_conflict


def test_a_role_and_a_name_may_be_one_person_but_an_institution_is_not() -> None:
    assert compatible_speakers("the spokeswoman", "Ana Ruiz")
    assert compatible_speakers("she", "Ana Ruiz")
    assert not compatible_speakers("ministry", "Pavel Orlov")
    assert same_speaker("Mr. Orlov", "Pavel Orlov")
    assert same_speaker("police officers", "the police officer")
    assert not same_speaker("Dana Whitfield", "Pavel Orlov")


def test_an_outlet_is_not_credited_with_words_it_did_not_print() -> None:
    herald = make_article(f"“{WORDS} this winter,” said Dana Whitfield.", outlet="Herald")
    daily_words = "No family should have to choose between water and food"
    daily = make_article(f"“{daily_words},” said Dana Whitfield.", outlet="Daily")
    story = compare_story("s1", [herald, daily])
    [group] = story.quotes
    assert prints_words(f"{WORDS} this winter", group.text)
    assert own_wordings(group) == [("Daily", f"{daily_words},")]
    assert f"Daily printed: “{daily_words},”" in story.to_markdown()
