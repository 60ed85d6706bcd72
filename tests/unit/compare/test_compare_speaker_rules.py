"""Quote speakers: the attribution frames of news prose, one invented case per rule."""

from __future__ import annotations

from storyline.compare.speakers import claim_owner
from tests.unit.compare.compare_factories import pairs

# --- names as written ----------------------------------------------------------


def test_initials_keep_their_dots_and_a_party_tag_is_no_name() -> None:
    text = "“We will appeal,” said Rep. J.D. Marlowe (D-Ore.), head of the rural caucus."
    assert pairs(text) == [("We will appeal", "J.D. Marlowe")]


def test_a_party_and_state_aside_after_the_quote_is_skipped() -> None:
    text = "“The veto will not hold for long,” Senate leader Tom Avery, R-Nev., said Tuesday."
    assert pairs(text) == [("The veto will not hold for long", "Tom Avery")]


def test_a_parenthesis_after_the_speaker_is_skipped() -> None:
    text = "“He would be a fine senator,” Rep. Ada E. Quill (D-Md.) said in an interview."
    assert pairs(text) == [("He would be a fine senator", "Ada E. Quill")]


def test_stacked_appositives_and_a_verb_inside_them() -> None:
    text = (
        "“It is an overreach of the worst kind,” Pia Lund, the attorney general of Nordland, "
        "one of the states suing the agency, said at an event this month."
    )
    assert pairs(text) == [("It is an overreach of the worst kind", "Pia Lund")]


def test_an_age_and_a_home_town_are_not_the_speaker() -> None:
    text = (
        "Ana Ruiz, 59, of Ashton, Md., who watched the parade, said it brought back "
        "“so many memories of my father”."
    )
    assert pairs(text) == [("so many memories of my father", "Ana Ruiz")]


def test_a_home_state_after_of_is_dropped_from_the_name() -> None:
    text = "“We need new ideas,” said Governor Earl Tomlin of West Karelia."
    assert pairs(text) == [("We need new ideas", "Earl Tomlin")]


def test_an_appositive_name_after_a_role_is_the_subject() -> None:
    text = (
        "Kessford's harbourmaster, Orla Fenwick, spent the night on the quay.\n\n"
        "“I have never seen the sea this high,” she said."
    )
    assert pairs(text) == [("I have never seen the sea this high", "Orla Fenwick")]


# --- which verb ----------------------------------------------------------------


def test_the_verb_next_to_the_quote_wins_over_an_earlier_clause() -> None:
    text = (
        "When Lee noted that the mill had closed ― as it did twice ― Omar Haddad "
        "boasted, “That makes us stronger.”"
    )
    assert pairs(text) == [("That makes us stronger", "Omar Haddad")]


def test_a_verb_inside_an_introductory_phrase_is_skipped() -> None:
    text = "In a video posted Friday, Nico Brandt said he had “serious doubts about the plan”."
    assert pairs(text) == [("serious doubts about the plan", "Nico Brandt")]


def test_a_second_verb_after_and_takes_the_clause_subject() -> None:
    text = "Mayor Ines Duarte outlined her budget and vowed to cut “every wasteful programme”."
    assert pairs(text) == [("every wasteful programme", "Ines Duarte")]


def test_a_participle_after_an_object_takes_the_clause_subject() -> None:
    text = "Okafor posted a series of messages late Friday saying the board had “lost its way”."
    assert pairs(text) == [("lost its way", "Okafor")]


def test_a_sentence_opening_with_a_participle() -> None:
    text = "Preceded by a brass band, Lena Berg declared the fair “open to everyone”."
    assert pairs(text) == [("open to everyone", "Lena Berg")]


def test_a_named_body_speaks_through_its_report_or_memo() -> None:
    assert pairs("“Growth will slow sharply next year,” the IMF report stated.") == [
        ("Growth will slow sharply next year", "IMF")
    ]
    text = "The rule requires “a lawful source of income,” as a Harbour Authority memo put it."
    assert pairs(text) == [("a lawful source of income", "Harbour Authority")]


def test_a_newspaper_called_the_times_is_a_speaker() -> None:
    assert pairs("“Costs tripled in a decade,” the Times wrote.") == [
        ("Costs tripled in a decade", "Times")
    ]


def test_a_claim_names_its_owner() -> None:
    text = "The fact-checkers examined Marcus Webb’s claim that there were “thousands of homes”."
    assert pairs(text) == [("thousands of homes", "Marcus Webb")]


def test_a_claim_that_is_only_the_topic_names_no_owner() -> None:
    text = "The panel ruled that Webb’s statement about “empty homes” was false."
    assert claim_owner(text, 0, text.index("“")) is None


# --- what is no speaker --------------------------------------------------------


def test_a_headline_is_not_a_name() -> None:
    text = "Mayor Slams Plan As Costs Rise Again: “We cannot pay for this twice over.”"
    for _, speaker in pairs(text):
        assert speaker is None or "As" not in speaker.split()


def test_plural_nouns_and_documents_are_not_resolved_to_a_person() -> None:
    text = "Only half of registered voters agreed that Clinton is in “good enough health”."
    assert pairs(text) == [("good enough health", "voters")]
    text = (
        "Dana Pike spoke on Monday.\n\n"
        "The statement noted they would take “further significant measures”."
    )
    assert pairs(text) == [("further significant measures", "statement")]


def test_a_subject_right_before_the_quote_is_not_an_attribution() -> None:
    text = "By 2010, Tea Party “super PACs” backed by donors had seized on the issue."
    assert pairs(text) == []


# --- quotes that continue ------------------------------------------------------


def test_a_short_quote_right_after_its_attribution_continues_it() -> None:
    text = "“Look at this,” Nadia Petrov said. “Right here.”"
    assert pairs(text) == [("Look at this", "Nadia Petrov"), ("Right here", "Nadia Petrov")]


def test_an_unattributed_quote_takes_its_own_paragraphs_attribution() -> None:
    text = (
        "Debbie Ward called the plan “a trap for voters and for workers”.\n\n"
        "The delay is deliberate, Adam Schiff said. “They want the clock to run out first.”"
    )
    assert pairs(text)[-1] == ("They want the clock to run out first", "Adam Schiff")


# --- pronouns ------------------------------------------------------------------


def test_an_unresolved_plural_pronoun_is_kept_as_written() -> None:
    text = "The families met the minister.\n\n“We will not move from this square,” they said."
    assert pairs(text) == [("We will not move from this square", "they")]


def test_a_given_name_tells_he_from_she() -> None:
    text = (
        "John Stumpf faced the committee on Tuesday. Elizabeth Warren questioned him.\n\n"
        "“You should resign today,” she said."
    )
    assert pairs(text) == [("You should resign today", "Elizabeth Warren")]


def test_the_subject_of_the_quotes_own_sentence() -> None:
    text = "Secretary General Lars Ekdahl condemned what he called a “brazen breach” of it."
    assert pairs(text) == [("brazen breach", "Lars Ekdahl")]


def test_a_man_named_after_the_last_speaker_makes_he_ambiguous() -> None:
    text = (
        "“It felt staged,” Bryan Cole said.\n\n"
        "The cost worries Henry Crespo, head of the caucus.\n\n"
        "“Nobody is writing songs for us any more,” he said."
    )
    assert pairs(text)[-1] == ("Nobody is writing songs for us any more", "he")


def test_an_inverted_attribution_makes_its_speaker_the_one_he_refers_to() -> None:
    text = (
        "“We need change now,” said Sean Pryor.\n\n"
        "Debates rarely move the polls, noted NBC’s Dante Chinni.\n\n"
        "“They come far too late in the race,” he wrote."
    )
    assert pairs(text)[-1] == ("They come far too late in the race", "Dante Chinni")


def test_it_is_an_organisation_only_when_one_leads_a_sentence_nearby() -> None:
    led = "The Harbour Board met on Monday.\n\n“We will rebuild the quay by June,” it said."
    assert pairs(led) == [("We will rebuild the quay by June", "Harbour Board")]
    named = "Lee wrote to the Harbour Board on Monday.\n\n“We will rebuild the quay,” it said."
    assert pairs(named) == [("We will rebuild the quay", "it")]


def test_possessive_and_quantified_noun_phrases_speak() -> None:
    assert pairs("“We have no comment on the report,” Lee’s office said.") == [
        ("We have no comment on the report", "Lee’s office")
    ]
    assert pairs("Another person tweeted: “This was the worst night of the year.”") == [
        ("This was the worst night of the year", "Another person")
    ]


def test_a_headline_tagged_as_a_name_is_never_what_a_description_means() -> None:
    text = (
        "Harbour Gazette Hit Piece On Mayor Exploits Her Leave\n\n"
        "The piece used one of her posts as its headline: “Finally. Someone who gets it.”"
    )
    [(_, speaker)] = pairs(text)
    assert speaker == "piece"


def test_the_first_person_is_kept_as_written() -> None:
    text = "I laughed and said, “I do not believe a word of the report.”"
    assert pairs(text) == [("I do not believe a word of the report", "I")]
