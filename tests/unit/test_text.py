"""Unit tests of storyline.text: sentences, names, normalize, tokens."""

from __future__ import annotations

import pytest

from storyline.text import (
    Sentence,
    names,
    normalize,
    paragraph_spans,
    sentences,
    shingles,
    terms,
    word_count,
    words,
)


def split(text: str) -> list[str]:
    """Sentence texts, after checking that every span is exact."""
    found = sentences(text)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [sentence.text for sentence in found]


# --- sentences: abbreviations, numbers, initials ---------------------------


def test_quotation_with_inner_sentences_is_one_sentence() -> None:
    text = 'Gen. J. R. Lee said: "We won. They lost." He left.'
    assert split(text) == ['Gen. J. R. Lee said: "We won. They lost."', "He left."]


def test_titles_do_not_end_sentences() -> None:
    text = "Mr. Smith met Sen. Ann Lee and Dr. Roe. They spoke."
    assert split(text) == ["Mr. Smith met Sen. Ann Lee and Dr. Roe.", "They spoke."]


def test_dotted_acronym_inside_sentence_does_not_split() -> None:
    assert split("The U.S. Senate met in Washington, D.C. on Monday.") == [
        "The U.S. Senate met in Washington, D.C. on Monday."
    ]


def test_dotted_acronym_at_sentence_end_splits_before_an_opener() -> None:
    assert split("Prices rose in the U.S. The rise was small.") == [
        "Prices rose in the U.S.",
        "The rise was small.",
    ]


def test_decimal_numbers_do_not_split() -> None:
    assert split("The plan costs 4.5 million euros. It starts soon.") == [
        "The plan costs 4.5 million euros.",
        "It starts soon.",
    ]


def test_initials_do_not_split() -> None:
    assert split("Author J. R. R. Tolkin wrote it. Readers agreed.") == [
        "Author J. R. R. Tolkin wrote it.",
        "Readers agreed.",
    ]


def test_initial_before_an_initial_that_looks_like_a_word_does_not_split() -> None:
    assert split("Author J. A. Lee and E. I. Roe spoke.") == [
        "Author J. A. Lee and E. I. Roe spoke."
    ]


def test_single_letter_before_an_opener_ends_the_sentence() -> None:
    assert split("He backed Plan B. The board did not.") == [
        "He backed Plan B.",
        "The board did not.",
    ]


def test_number_abbreviation_before_a_digit_does_not_split() -> None:
    assert split("No. 10 said so. Ranked No. 3 overall, she won.") == [
        "No. 10 said so.",
        "Ranked No. 3 overall, she won.",
    ]


def test_the_word_no_still_ends_a_sentence() -> None:
    assert split("The answer was no. Then he left.") == ["The answer was no.", "Then he left."]


def test_lower_case_words_that_look_like_abbreviations_end_sentences() -> None:
    assert split("He sat. Then he rose.") == ["He sat.", "Then he rose."]


def test_time_before_a_day_name_does_not_split() -> None:
    assert split("The vote is at 5 p.m. Friday in the hall.") == [
        "The vote is at 5 p.m. Friday in the hall."
    ]


def test_time_at_sentence_end_splits_before_an_opener() -> None:
    assert split("The vote ended at 5 p.m. He went home.") == [
        "The vote ended at 5 p.m.",
        "He went home.",
    ]


def test_company_suffix_then_new_sentence() -> None:
    assert split("He joined Acme Corp. The firm grew.") == [
        "He joined Acme Corp.",
        "The firm grew.",
    ]


def test_company_suffix_inside_a_name_does_not_split() -> None:
    assert split("Acme Corp. Chief Ann Lee spoke.") == ["Acme Corp. Chief Ann Lee spoke."]


def test_inline_numbered_list_keeps_markers_with_items() -> None:
    text = "Three steps: 1. Open the box. 2. Remove the lid."
    assert split(text) == ["Three steps: 1. Open the box.", "2. Remove the lid."]


def test_numbered_list_paragraphs() -> None:
    assert split("1. Open the box.\n\n2. Remove the lid.") == [
        "1. Open the box.",
        "2. Remove the lid.",
    ]


def test_number_at_sentence_end_splits() -> None:
    assert split("The team scored 12. Fans cheered.") == ["The team scored 12.", "Fans cheered."]


def test_ellipsis_before_a_capital_splits() -> None:
    assert split("He paused... Then he spoke. She waited… Nobody came.") == [
        "He paused...",
        "Then he spoke.",
        "She waited…",
        "Nobody came.",
    ]


def test_ellipsis_before_lower_case_does_not_split() -> None:
    assert split("He paused... and then he spoke.") == ["He paused... and then he spoke."]


def test_lower_case_after_a_period_does_not_split() -> None:
    assert split("It rose 5 per cent. and then fell.") == ["It rose 5 per cent. and then fell."]


def test_question_in_quotes_followed_by_lower_case_attribution() -> None:
    assert split('"Why now?" he asked. Nobody knew.') == ['"Why now?" he asked.', "Nobody knew."]


def test_question_in_quotes_followed_by_named_attribution() -> None:
    assert split('"Why now?" Lee asked. Nobody knew.') == ['"Why now?" Lee asked.', "Nobody knew."]


def test_exclamation_in_curly_quotes_followed_by_attribution() -> None:
    assert split("“Stop! Now!” Mr. Roe shouted. They stopped.") == [
        "“Stop! Now!” Mr. Roe shouted.",
        "They stopped.",
    ]


def test_question_in_quotes_followed_by_a_pronoun_sentence_splits() -> None:
    assert split('He asked: "Is it safe?" Nobody answered.') == [
        'He asked: "Is it safe?"',
        "Nobody answered.",
    ]


def test_period_in_quotes_followed_by_a_new_sentence_splits() -> None:
    assert split('"We won." Lee then left the stage.') == ['"We won."', "Lee then left the stage."]


# --- sentences: quotations --------------------------------------------------


def test_curly_double_quotation_is_not_split() -> None:
    text = "“We won. They lost. It is over,” Lee said. Fans cheered."
    assert split(text) == ["“We won. They lost. It is over,” Lee said.", "Fans cheered."]


def test_straight_single_quotation_is_not_split() -> None:
    text = "'We won. They lost,' he said. Fans cheered."
    assert split(text) == ["'We won. They lost,' he said.", "Fans cheered."]


def test_curly_single_quotation_is_not_split() -> None:
    text = "‘We won. They lost,’ he said. Fans cheered."
    assert split(text) == ["‘We won. They lost,’ he said.", "Fans cheered."]


def test_question_inside_a_quotation_does_not_split() -> None:
    text = "“Why? Because we can,” Lee said. Fans cheered."
    assert split(text) == ["“Why? Because we can,” Lee said.", "Fans cheered."]


def test_unclosed_quotation_falls_back_to_normal_splitting() -> None:
    text = 'He said "we won. They lost. Fans cheered.'
    assert split(text) == ['He said "we won.', "They lost.", "Fans cheered."]


def test_quotation_of_more_than_three_sentences_is_split() -> None:
    text = '"One. Two. Three. Four." Five.'
    assert split(text) == ['"One.', "Two.", "Three.", 'Four."', "Five."]


def test_quotation_of_three_sentences_is_kept_whole() -> None:
    assert split('"One. Two. Three." Four.') == ['"One. Two. Three."', "Four."]


def test_apostrophes_are_not_quotes() -> None:
    text = "The players' union agreed. It was the '90s. Rock 'n' roll won. Fans don't mind."
    assert split(text) == [
        "The players' union agreed.",
        "It was the '90s.",
        "Rock 'n' roll won.",
        "Fans don't mind.",
    ]


def test_curly_apostrophes_are_not_quotes() -> None:
    text = "The players’ union agreed. It was the ’90s. Fans don’t mind."
    assert split(text) == ["The players’ union agreed.", "It was the ’90s.", "Fans don’t mind."]


def test_quotation_does_not_reach_across_paragraphs() -> None:
    text = '"We won. They lost.\n\nIt is over," Lee said. Fans cheered.'
    assert split(text) == ['"We won.', "They lost.", 'It is over," Lee said.', "Fans cheered."]


# --- sentences: spans ---------------------------------------------------------


def test_sentences_never_cross_a_paragraph_break() -> None:
    assert split("First part\n\nSecond part.") == ["First part", "Second part."]


def test_sentence_spans_are_offsets_in_the_whole_text() -> None:
    text = "  Lead.  Next one.\n\n\n  Later here. Last.  "
    found = sentences(text)
    assert [(s.start, s.end) for s in found] == [(2, 7), (9, 18), (23, 34), (35, 40)]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_sentence_is_a_span() -> None:
    assert sentences("One.") == [Sentence(0, 4, "One.")]


def test_empty_text_has_no_sentences() -> None:
    assert sentences(" \n\n ") == []


def test_paragraph_spans_skip_blank_paragraphs() -> None:
    text = "\n\nOne\n\n \n\nTwo\nstill two\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["One", "Two\nstill two"]


# --- names --------------------------------------------------------------------


def test_dotted_acronyms_are_one_name() -> None:
    assert names("Officials in the U.S. and in Washington, D.C. agreed.") == [
        "U.S.",
        "Washington",
        "D.C.",
    ]


def test_initials_belong_to_the_name_and_titles_are_dropped() -> None:
    assert names('Gen. J. R. Lee said: "We won."') == ["J. R. Lee"]


def test_determiner_is_dropped_from_the_front_of_a_name() -> None:
    assert names("He said that the U.S. House voted.") == ["U.S. House"]


def test_abbreviated_saint_belongs_to_the_name() -> None:
    assert names("She moved to St. Louis in 1999.") == ["St. Louis"]


def test_lone_abbreviation_is_not_a_name() -> None:
    assert names("The vote is due by Jan. 15 in Paris.") == ["Paris"]


def test_title_without_period_is_dropped_from_the_name() -> None:
    assert names("It was signed by Mr Ann Lee on Monday.") == ["Ann Lee"]


def test_first_word_of_a_sentence_is_not_a_name() -> None:
    assert names("Donald Roe met Ann Lee.") == ["Roe", "Ann Lee"]


def test_acronym_opening_a_sentence_is_a_name() -> None:
    assert names("NATO met in Brussels.") == ["NATO", "Brussels"]


def test_list_marker_does_not_make_the_first_word_a_name() -> None:
    assert names("1. Open the box in Paris.") == ["Paris"]


def test_connector_words_join_names() -> None:
    assert names("He met the Secretary of State in the Bank of England.") == [
        "Secretary of State",
        "Bank of England",
    ]


def test_connector_word_is_not_left_dangling() -> None:
    assert names("He thanked the people of the city.") == []


# --- normalize ------------------------------------------------------------------


def test_normalize_spells_out_ligatures_and_collapses_spaces() -> None:
    assert normalize("The  ﬁnal\u00a0vote\t\tended") == "The final vote ended"


def test_normalize_composes_accents() -> None:
    assert normalize("Cafe\u0301 de la Gare") == "Café de la Gare"


def test_normalize_keeps_compatibility_characters_that_carry_meaning() -> None:
    kept = "Flats of 40 m² sold for ½ the price™; 市议会表示，投票结果有效。"
    assert normalize(kept) == kept


def test_terms_match_compatibility_forms_with_their_plain_ones() -> None:
    assert terms("ﬁnal vote in ２０２４") == terms("final vote in 2024")


def test_normalize_joins_lines_and_keeps_paragraphs() -> None:
    assert normalize("One\r\ntwo\r\n\r\n\r\nThree  \n") == "One two\n\nThree"


def test_normalize_removes_invisible_characters() -> None:
    assert normalize("co\u00adop\u200beration\ufeff\x07") == "cooperation"


def test_normalize_treats_unicode_separators_as_breaks() -> None:
    assert normalize("One\u2028two\u2029Three") == "One two\n\nThree"


# --- tokens -----------------------------------------------------------------------


def test_words_keep_numbers_whole() -> None:
    assert words("It cost $4.5 million, or 41,500 euros.") == [
        "It",
        "cost",
        "4.5",
        "million",
        "or",
        "41,500",
        "euros",
    ]


def test_word_count() -> None:
    assert word_count("Mr. Lee's 4.5 plans") == 4


def test_terms_drop_stopwords_and_stem() -> None:
    assert terms("The councils were building homes") == ["council", "build", "home"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two", {"one two"}),
        ("", set()),
        ("A b c d e F", {"a b c d e", "b c d e f"}),
        ("İstanbul Ünal Çay Şen Ökk Ğğ", {"i̇stanbul ünal çay şen ökk", "ünal çay şen ökk ğğ"}),
    ],
)
def test_shingles(text: str, expected: set[str]) -> None:
    assert shingles(text) == expected


def test_lower_cased_month_abbreviation_before_a_day_does_not_end_a_sentence():
    found = [s.text for s in sentences("They held a disputed oct. 1 referendum. It failed.")]
    assert found == ["They held a disputed oct. 1 referendum.", "It failed."]
