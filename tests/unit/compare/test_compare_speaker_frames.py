"""Quote speakers: attribution frames found by reading a training split's misses.

Each test is one invented case of a general rule (no sentence of any data set).
"""

from __future__ import annotations

from tests.unit.compare.compare_factories import pairs

# --- verbs with a particle, verb chains ------------------------------------------


def test_a_verb_with_a_particle_attributes_the_quote() -> None:
    text = "Marta Lind spoke to the crowd first. “That is not what I meant,” Dorsey shot back."
    assert pairs(text) == [("That is not what I meant", "Dorsey")]


def test_went_on_after_a_quote_names_its_speaker() -> None:
    text = (
        "Marta Lind spoke first. “We keep going,” Ilsa Brandt went on, as if nobody had "
        "spoken at all."
    )
    assert pairs(text) == [("We keep going", "Ilsa Brandt")]


def test_pointed_out_before_a_quote_names_its_speaker() -> None:
    text = "Nils Berg spoke. As the analyst Mira Okonjo pointed out in May, “The map favours us.”"
    assert pairs(text) == [("The map favours us", "Mira Okonjo")]


def test_went_on_to_win_is_no_speech() -> None:
    text = "The seat that Nils Berg went on to win was “out of reach” for a decade."
    assert [speaker for _, speaker in pairs(text)] != ["Nils Berg"]


def test_a_verb_chain_before_an_infinitive_is_not_the_subject() -> None:
    text = (
        "Marta Lind opened the debate. The evening was so calm that Ivo Halvorsen was "
        "prompted to say, “I cannot believe how calm it has been.”"
    )
    assert pairs(text) == [("I cannot believe how calm it has been", "Ivo Halvorsen")]


def test_a_document_that_goes_on_to_say_speaks() -> None:
    text = "Nils Berg wrote to the board. The memo goes on to say: “Nothing was lost.”"
    assert pairs(text) == [("Nothing was lost", "memo")]


def test_can_be_heard_asking_is_cut_from_the_speaker() -> None:
    text = "Nils Berg left. “Is this the end of the plan?” a reporter can be heard asking him."
    assert pairs(text) == [("Is this the end of the plan?", "reporter")]


def test_an_infinitive_of_another_verb_is_no_attribution() -> None:
    text = (
        "Ola Dahl, who thinks Nils Berg wanted to admit 500 new members, said the club "
        "was “mostly full” already."
    )
    assert pairs(text) == [("mostly full", "Ola Dahl")]


def test_a_verb_in_a_second_introductory_phrase_is_skipped() -> None:
    text = (
        "Following early reports of the fire, but before city officials had weighed in "
        "on the cause, Ola Dahl said at a briefing in Lund that “a fuse” had blown."
    )
    assert pairs(text) == [("a fuse", "Ola Dahl")]


# --- descriptions that are clauses ------------------------------------------------


def test_a_description_holding_a_speech_verb_is_a_clause() -> None:
    text = "Nils Berg spoke. The Vermont senator emailed supporters saying: “The fight goes on.”"
    assert pairs(text) == [("The fight goes on", "Vermont senator")]


def test_a_description_holding_a_noun_like_state_is_kept() -> None:
    text = "“The line holds,” said former secretary of state Ada Quill, who spoke last."
    assert pairs(text) == [("The line holds", "former secretary of state")]


# --- places, relative clauses and datelines are no speakers --------------------------


def test_the_region_after_a_town_in_an_introduction_is_skipped() -> None:
    text = (
        "Speaking at a rally in Salem, Oregon, Nils Berg went after his rival, calling him "
        "“a total stiff.”"
    )
    assert pairs(text) == [("a total stiff", "Nils Berg")]


def test_a_list_of_names_after_an_introduction_is_no_region() -> None:
    text = (
        "Featuring songs by Ada Quill, Ola Dahl, Nils Berg and Ivo Lund, the show is "
        "“a celebration of the valley.”"
    )
    assert [speaker for _, speaker in pairs(text)] != ["Nils Berg"]


def test_the_region_after_a_town_in_an_aside_is_no_appositive_name() -> None:
    text = (
        "Berg, who is a pastor at the Grace Church of Elm Grove, Wisconsin, slammed the "
        "council for its “reckless spending” on Monday."
    )
    assert pairs(text) == [("reckless spending", "Berg")]


def test_a_home_region_after_the_quote_is_no_speaker() -> None:
    assert pairs("“We will win,” Ana Lee of Elm Grove, Wisconsin, said.") == [
        ("We will win", "Ana Lee")
    ]


def test_a_relative_clause_holding_a_name_is_skipped() -> None:
    text = (
        "Ada Quill, whose home town, Lindale, is sinking, argues that the levy will "
        "“ruin the coast.”"
    )
    assert pairs(text) == [("ruin the coast", "Ada Quill")]


def test_a_dateline_is_no_speaker() -> None:
    text = (
        "LINDALE, May 3 (Wire) — In response to the vote, the mayor’s chief of staff "
        "rallied supporters, saying: “We have to be ready.”"
    )
    assert pairs(text) == [("We have to be ready", "mayor’s chief of staff")]


# --- descriptions with a capitalised modifier; questions and exclamations -----------


def test_a_capitalised_modifier_inside_a_role_after_the_verb_is_kept() -> None:
    text = "“The vote is close,” said one former Senate leadership aide on Friday."
    assert pairs(text) == [("The vote is close", "one former Senate leadership aide")]


def test_a_name_after_according_to_that_starts_a_clause_is_no_appositive() -> None:
    text = (
        "According to the club’s Facebook post, Ivo Lund said he left because “the pitch "
        "was never repaired.”"
    )
    assert [speaker for _, speaker in pairs(text)] != ["Ivo Lund"]


def test_a_question_takes_any_verb_in_the_short_sentence_after_it() -> None:
    text = (
        "Ada Quill met the press. “Would the plan survive a vote?” Nils Berg pressed. "
        "“Maybe the council should decide first?”"
    )
    assert pairs(text) == [
        ("Would the plan survive a vote?", "Nils Berg"),
        ("Maybe the council should decide first?", "Nils Berg"),
    ]


# --- a role with a place: "the Vermont senator" ----------------------------------------


def test_a_role_with_a_place_is_not_resolved_to_a_senator_from_elsewhere() -> None:
    text = (
        "Sen. Ana Ruiz of Texas spoke first. Sen. Ivo Lund also spoke. “We will not back "
        "down,” said the Vermont senator."
    )
    assert pairs(text) == [("We will not back down", "Vermont senator")]


def test_a_role_with_a_place_is_resolved_to_the_senator_from_there() -> None:
    text = (
        "Sen. Ivo Lund of Vermont spoke. Sen. Ana Ruiz also spoke. “We will not back "
        "down,” said the Vermont senator."
    )
    assert pairs(text) == [("We will not back down", "Ivo Lund")]


def test_a_place_in_the_sentence_before_a_name_does_not_qualify_it() -> None:
    text = (
        "Vermont Sen. Ivo Lund spoke. Sen. Ana Ruiz also spoke. “We will not back down,” "
        "said the Vermont senator."
    )
    assert pairs(text) == [("We will not back down", "Ivo Lund")]


# --- "the group": an organisation that leads a sentence, not the nearest one ---------


def test_the_group_is_the_organisation_that_leads_a_sentence() -> None:
    text = (
        "The Lindale Rivers Foundation refused to comment at first, telling Channel Nine "
        "News that it was focused on “ending the drought.” “We are focused on our "
        "mission,” the group said later."
    )
    assert pairs(text)[-1] == ("We are focused on our mission", "Lindale Rivers Foundation")


def test_the_group_stays_as_written_when_no_organisation_leads_a_sentence() -> None:
    text = (
        "Volunteers met at the Lindale Rivers Foundation on Monday. Reporters from Channel "
        "Nine News came too. “We are focused on our mission,” the group said later."
    )
    assert pairs(text) == [("We are focused on our mission", "group")]


# --- attributions after the rest of the sentence; long roles before a name ----------


def test_an_inverted_attribution_after_the_rest_of_the_sentence() -> None:
    text = (
        "Voters rejected the treaty. The vote signals “the beginning of the end” for "
        "Lindale, said Ada Quill, founder of the Freedom Party."
    )
    assert pairs(text) == [("the beginning of the end", "Ada Quill")]


def test_a_day_after_an_inverted_verb_is_no_name() -> None:
    text = "“The veto will fall,” Senate leader Tom Avery, R-Nev., said Tuesday."
    assert pairs(text) == [("The veto will fall", "Tom Avery")]


def test_a_three_word_role_before_the_name_of_the_speaker() -> None:
    text = "“Lund and Berg are moving up,” former presidential candidate Ivo Dahl said."
    assert pairs(text) == [("Lund and Berg are moving up", "Ivo Dahl")]


def test_an_aside_that_ends_with_a_town_and_its_region_is_dropped() -> None:
    text = (
        "Ada Quill, during a town hall meeting in Lindale, Oregon, said she was “going to "
        "fix the roads.”"
    )
    assert pairs(text) == [("going to fix the roads", "Ada Quill")]


def test_as_someone_puts_it_attributes_the_quote() -> None:
    text = "Nils Berg waited. As the Herald’s Ada Quill puts it, “The council is unmoved.”"
    assert pairs(text) == [("The council is unmoved", "Ada Quill")]


def test_a_participle_after_the_role_noun_is_cut() -> None:
    text = (
        "“The budget is fine,” said one Republican involved in the planning, who spoke on "
        "condition of anonymity."
    )
    assert pairs(text) == [("The budget is fine", "one Republican")]


def test_an_initialism_inside_a_role_after_the_verb_is_kept() -> None:
    text = "Lund “was handled lightly,” said a former U.S. law enforcement official who knew."
    assert pairs(text) == [("was handled lightly", "former U.S. law enforcement official")]


def test_a_pronoun_after_a_verb_with_an_object_is_no_speaker() -> None:
    text = (
        "Ada Quill, who backs the plan, trashed Nils Berg on the radio show “Morning Talk,” "
        "calling it a “no-brainer” to approve."
    )
    assert pairs(text)[-1] == ("no-brainer", "Ada Quill")


def test_it_after_accusing_is_the_object_not_the_speaker() -> None:
    text = "He has called the plan “reckless,” accusing it of “creating a wall of debt” here."
    assert [speaker for _, speaker in pairs(text)] == ["he", "he"]


# --- a name after the verb that opens the quoted clause; a possessive before a noun ---


def test_a_name_after_said_that_the_quote_continues_is_no_inverted_speaker() -> None:
    text = (
        "Ivo Lund, a former adviser to the council, said Ada Quill “understood the risk "
        "from the start.”"
    )
    assert pairs(text) == [("understood the risk from the start", "Ivo Lund")]


def test_a_speech_verb_after_a_possessive_is_a_noun() -> None:
    text = (
        "Asked about Quill’s charges, Ivo Lund said that the new levy did not amount to a "
        "“tax grab.”"
    )
    assert pairs(text) == [("tax grab", "Ivo Lund")]


# --- lower-case subjects after the quote; asides in parentheses ----------------------


def test_a_plural_noun_before_the_verb_is_the_subject_not_a_verb() -> None:
    text = (
        "Lund was sentenced. “The harm is incalculable,” federal prosecutors wrote in "
        "seeking the longest term."
    )
    assert pairs(text) == [("The harm is incalculable", "prosecutors")]


def test_coordinate_adjectives_keep_a_description_whole() -> None:
    text = "“I made the river my priority,” the bespectacled, 71-year-old diplomat said."
    assert pairs(text) == [("I made the river my priority", "bespectacled, 71-year-old diplomat")]


def test_a_verb_in_a_parenthesis_after_the_quote_is_an_aside() -> None:
    text = (
        "Ada Quill has intimated that Lund’s “diagnoses” of economic ills (read: without "
        "cures) are the big draw."
    )
    assert pairs(text) == [("diagnoses", "Ada Quill")]


def test_an_adverb_opening_the_sentence_is_no_name() -> None:
    text = "Early in the race, Ada Quill attacked Lund, calling him “a failed candidate.”"
    assert pairs(text) == [("a failed candidate", "Ada Quill")]


def test_a_phrase_opened_by_across_is_an_introduction() -> None:
    text = "Across the valley, farmers have been startled by the “reckless” water policy."
    assert [speaker for _, speaker in pairs(text)] != ["Across"]


def test_a_possessive_body_is_not_resolved_to_a_person_by_role() -> None:
    text = (
        "Later, Ada Quill’s campaign said in a statement that “the mayor won't be bullied.”"
        "\n\nDuring Ms. Quill’s 1992 campaign, Ola Dahl, a close aide, coined the term "
        "“bridge voters” in a memo."
    )
    assert pairs(text)[0] == ("the mayor won't be bullied", "Quill’s campaign")


def test_a_question_asked_by_someone_is_theirs() -> None:
    text = (
        "Ada Quill was asked by host Nils Berg, who backs her, “Now, you said the plan was "
        "dead, has it not moved?”"
    )
    assert pairs(text) == [("Now, you said the plan was dead, has it not moved?", "Nils Berg")]


# --- a quote that opens a sentence the splitter left inside the one before -----------


def test_a_quote_after_a_full_stop_does_not_take_the_previous_sentence_speaker() -> None:
    text = (
        "Ivo Lund argues that distance never helped. But aides said Ada Quill simply "
        "believed in airing differences. ''This was not the basis of our policy,'' Mr. Berg "
        "said."
    )
    assert pairs(text) == [("This was not the basis of our policy", "Berg")]


def test_an_initial_is_no_sentence_end_before_a_quote() -> None:
    text = (
        "The firm wrote a letter to the college’s president, Ana C. Ruiz, calling the "
        "reports ''inaccurate and misleading.''"
    )
    assert pairs(text) == [("inaccurate and misleading", "firm")]


def test_adding_after_an_inverted_said_belongs_to_its_speaker() -> None:
    text = (
        "Ana Ruiz and Ivo Lund will meet sometime next week, Ola Dahl said, adding, “They "
        "need to sit down and talk.”"
    )
    assert pairs(text) == [("They need to sit down and talk", "Ola Dahl")]


# --- a block quote introduced by a paragraph that ends with a colon -----------------


def test_a_statement_introduced_by_a_colon_paragraph_is_its_speakers() -> None:
    text = (
        "The storm hit the coast on Monday.\n\n"
        "In response, Mayor Ada Quill issued the following statement:\n\n"
        "“Our thoughts are with every family that lost a home in the flood this week.”"
    )
    assert [speaker for _, speaker in pairs(text)] == ["Ada Quill"]


def test_a_body_that_responded_with_a_colon_speaks_the_block_quote() -> None:
    text = (
        "The board met.\n\nThe Lindale Herald responded:\n\n"
        "“We stand by every word of our reporting on the harbour contracts.”"
    )
    assert [speaker for _, speaker in pairs(text)] == ["Lindale Herald"]


def test_continues_before_a_colon_attributes_the_quote() -> None:
    text = "The crowd cheers, and then Ada Quill continues: “The river will be ours again.”"
    assert pairs(text) == [("The river will be ours again", "Ada Quill")]


def test_a_relative_clause_ends_a_subject_description() -> None:
    text = (
        "The lawyer who ran three marathons before his knee gave out is already talking "
        "about “a fierce urgency” to get things done."
    )
    assert pairs(text) == [("a fierce urgency", "lawyer")]
