"""Quote speakers: second pass of rules found by reading a training split's misses.

Each test is one invented case of a general rule (no sentence of any data set).
"""

from __future__ import annotations

from tests.unit.compare.compare_factories import pairs

# --- a digest's byline: "Headline - Name: “...”" ------------------------------------


def test_a_name_after_a_dash_labels_the_excerpt() -> None:
    text = (
        "Turnout in the valley beat every forecast - Ana Ruiz: “Nobody expected the queues "
        "to run past midnight in the valley.”"
    )
    assert [s for _, s in pairs(text)] == ["Ana Ruiz"]


def test_two_names_after_from_label_the_excerpt() -> None:
    text = (
        "The late shift was visible all along - More from Peter Quint and Laura Hobbs: "
        "“Our panel saw the change a week before the vote.”"
    )
    assert [s for _, s in pairs(text)] == ["Peter Quint and Laura Hobbs"]


def test_a_place_after_from_is_no_byline() -> None:
    text = "Reports kept coming in overnight - News from Lisbon: “The bridge is closed to traffic.”"
    assert [s for _, s in pairs(text)] != ["Lisbon"]


# --- a participle's object is no speaker ------------------------------------------


def test_the_object_of_telling_after_a_quote_is_no_speaker() -> None:
    text = (
        "Dana Whitfield praised the harbour plan as “bold,” telling engineers at the quay on "
        "Monday that the new wall is “the best money the town has spent.”"
    )
    speakers = [s for _, s in pairs(text)]
    assert speakers == ["Dana Whitfield", "Dana Whitfield"]


# --- where a subject ends: a present-tense verb or an adverb -------------------------


def test_a_present_tense_verb_ends_the_subject() -> None:
    text = (
        "Nils Berg wrote the first draft. The report goes on to fault the council for "
        "“a decade of quiet neglect.”"
    )
    assert [s for _, s in pairs(text)] == ["report"]


def test_an_adverb_ends_the_subject() -> None:
    text = (
        "Nils Berg lost the vote. Her campaign quickly sent an email to donors stating, "
        "“The count is not over and we will see it through.”"
    )
    assert [s for _, s in pairs(text)] == ["Her campaign"]


def test_first_before_said_is_no_part_of_the_speaker() -> None:
    text = "Nils Berg left early. The clerk first said he had an “honest slip” with the forms."
    assert [s for _, s in pairs(text)] == ["clerk"]


def test_a_family_is_no_adverb() -> None:
    text = "Nils Berg left early. The Okafor family said it was “deeply grateful” for the help."
    assert [s for _, s in pairs(text)] != ["Okafor"]


# --- a quote that ends its sentence with "!" or "?" ---------------------------------


def test_a_long_attribution_after_an_exclamation_names_the_speaker() -> None:
    text = (
        "Nils Berg spoke first. “The harbour town of Elm Bay is proud to cast its votes for "
        "the mayor!” US Senator Ada Quill said as she opened the count in the hall."
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


def test_an_infinitive_after_a_quote_attributes_nothing() -> None:
    text = (
        "The judge then turned to me. “Is there anything else you want to add?” The clerk "
        "had a long list of names to read, but the hall was empty."
    )
    assert [s for _, s in pairs(text)] in ([], [None])


# --- a pronoun with a contracted verb is no name -------------------------------------


def test_a_contracted_pronoun_is_no_name() -> None:
    text = (
        "Nils Berg spoke at the pier. It’s been common for columnists to call the pier plan "
        "a “harbour folly” in print."
    )
    assert [s for _, s in pairs(text)] not in (["It"], ["It’s"])


# --- "Of X, Y said": an opening phrase, not a home town ------------------------------


def test_of_a_name_opening_the_sentence_is_no_home_town() -> None:
    text = (
        "Nils Berg spoke. Of Berg, Ada Quill said many voters in her town would find it "
        "“very hard to look past” his record."
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


# --- a paragraph of quotes after a paragraph where someone speaks --------------------


def test_quotes_after_a_paragraph_where_someone_spoke_are_theirs() -> None:
    text = (
        "Nils Berg spoke only in vague terms during the interview on the harbour.\n\n"
        "“We have to be a lot firmer with the port authority.”\n\n"
        "Ada Quill left."
    )
    assert [s for _, s in pairs(text)] == ["Nils Berg"]


# --- sentence openers that are no names -----------------------------------------------


def test_an_opening_preposition_is_no_speaker() -> None:
    text = (
        "Nils Berg spoke. Between 2001 and 2007, ferry traffic fell because the port signed "
        "a “permanent closure” order."
    )
    assert [s for _, s in pairs(text)] not in (["Between"],)


def test_alongside_opens_an_introductory_phrase() -> None:
    text = (
        "Nils Berg spoke. Alongside ABC calls for action, even a senior harbour official said "
        "the mayor will have to choose, saying, “At some point, she has to pick a side.”"
    )
    assert [s for _, s in pairs(text)] == ["senior harbour official"]


def test_a_role_after_an_opening_phrase_describes_its_name() -> None:
    text = (
        "Ada Quill left. Preceded at the podium by Ada Quill, the county sheriff and port "
        "warden, Nils Berg launched into a lament for the “forgotten fishermen” of the bay."
    )
    assert [s for _, s in pairs(text)] == ["Nils Berg"]


def test_a_place_before_a_news_agency_is_a_dateline() -> None:
    text = (
        "Lisbon (AFP) – Mayor Ada Quill has taken a swipe at the port board, saying that "
        "“loud promises” do more harm than good."
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


# --- a sentence's subject found when the tagger keeps only part of the name -----------


def test_his_claim_resolves_to_the_subject_named_in_part_by_the_tagger() -> None:
    text = "Nils Berg also repeated his claim that “profit-making” was the motive."
    speakers = [s for _, s in pairs(text)]
    assert len(speakers) == 1 and speakers[0] is not None and speakers[0].endswith("Berg")


# --- "the company" only for an organisation named nearby -----------------------------


def test_the_company_is_not_an_organisation_named_paragraphs_before() -> None:
    text = (
        "The Harbour Gazette reported the plan in May.\n\n"
        "Ferry traffic fell all summer.\n\n"
        "Fares rose twice.\n\n"
        "“We have always sought a balance between the two,” the company said."
    )
    assert [s for _, s in pairs(text)] != ["Harbour Gazette"]


# --- "with X <participle>": a named subject of its own participle --------------------


def test_a_name_after_with_speaks_through_its_participle() -> None:
    text = (
        "Harbour officials who agree that the pier should close were irritated by the delay, "
        "with Councillor Ada Quill calling the plan a “slow-motion shipwreck” on Monday."
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


def test_a_party_tag_before_the_comma_of_said_keeps_the_name() -> None:
    text = (
        "After the vote in the Harbour Party primary, Gov. Ada Quill (D-EB), said, “I am "
        "getting ready to rent a covered wagon for the trip.”"
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


# --- a name after a preposition before a participle is its object --------------------


def test_a_name_after_a_preposition_does_not_speak_through_the_participle() -> None:
    text = (
        "Ada Quill answered the question on Facebook writing, “Yes, I will keep the ferry "
        "running all winter.”"
    )
    assert [s for _, s in pairs(text)] == ["Ada Quill"]


def test_footage_of_a_name_saying_is_still_the_name() -> None:
    text = "The ad then cuts to footage of Ada Quill saying, “We will keep the ferry running.”"
    assert [s for _, s in pairs(text)] == ["Ada Quill"]
