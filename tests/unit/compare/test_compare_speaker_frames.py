"""Quote speakers: attribution frames found by reading a training split's misses.

Each test is one invented case of a general rule (no sentence of any data set).
"""

from __future__ import annotations

from storyline.compare.quotes import extract_quotes


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text.rstrip(",."), q.speaker) for q in extract_quotes(text)]


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
