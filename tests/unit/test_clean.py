"""Unit tests of storyline.clean: boilerplate, repeats, headings, parameters."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.clean import Cleaner, clean
from storyline.errors import InvalidParameter
from storyline.models import Article, CleanArticle, Origin, Removal

LEDE = "The city council approved a plan on Tuesday to build 4,000 homes by 2030."
COST = "The plan will cost 4.5 million euros, the mayor's office said in a statement."
VOTE = "Seven members voted in favour and two against after a three-hour debate."
REACTION = "Residents of the northern district said they welcomed the new schools."


def make_article(
    *paragraphs: str, title: str = "Council backs housing plan", **extra: Any
) -> Article:
    return Article.create(
        raw_id="0" * 64,
        format="text",
        outlet="Harbour Gazette",
        title=title,
        text="\n\n".join(paragraphs),
        origin=Origin("tests/article.txt"),
        **extra,
    )


def kept(result: CleanArticle) -> list[str]:
    return result.text.split("\n\n") if result.text else []


# --- boilerplate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this article", "share prompt"),
        ("Share on Facebook", "share prompt"),
        ("Click to share on X (Opens in new window)", "share prompt"),
        ("Facebook Twitter Email", "share prompt"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("- Advertisement -", "advertisement"),
        ("Sponsored", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Read more: Mayor defends the city budget", "read more link"),
        ("Related: Harbour bridge closed for repairs", "read more link"),
        ("RELATED COVERAGE", "read more link"),
        ("Sign up for our newsletter to get the week's top stories", "subscription prompt"),
        ("Subscribe now for full access", "subscription prompt"),
        ("Get the latest headlines delivered to your inbox", "subscription prompt"),
        ("Photo: Jane Roe/Harbour Agency", "photo credit"),
        ("(Photo by Jane Roe/Harbour Agency)", "photo credit"),
        ("Image credit: Harbour Agency", "photo credit"),
        ("© 2025 Harbour Gazette. All rights reserved.", "copyright notice"),
        ("Copyright 2025 Harbour Gazette", "copyright notice"),
        ("Follow us on Instagram and TikTok", "follow prompt"),
        ("Follow @harbourgazette for updates", "follow prompt"),
        ("This article was originally published by the Coast Review.", "republication note"),
        ("We use cookies to improve your experience on our site.", "cookie notice"),
        ("Click here to read the full report", "click prompt"),
        # The same kinds in the other languages news pages are often written in.
        ("Lesen Sie auch: Hafenbrücke wird saniert", "read more link"),
        ("À lire aussi : le port ferme ses quais", "read more link"),
        ("Te puede interesar: El puerto cierra sus muelles", "read more link"),
        ("Czytaj także: Port zamyka nabrzeże", "read more link"),
        ("Weiterlesen:", "read more link"),
        ("Never miss a story: sign up to our morning newsletter", "subscription prompt"),
        ("Abonnieren Sie jetzt unseren Wochenbrief", "subscription prompt"),
        ("Suscríbete para seguir leyendo", "subscription prompt"),
        ("Foto: Erika Muster/Hafenagentur", "photo credit"),
        ("(Bild: Erika Muster)", "photo credit"),
        ("Síguenos en Instagram y TikTok", "follow prompt"),
        ("Folgen Sie uns auf Mastodon", "follow prompt"),
        ("You must be logged in to post a comment.", "login prompt"),
        ("Sie sind nicht angemeldet.", "login prompt"),
        ("4 min read", "reading time"),
        ("Lesezeit: 3 Minuten", "reading time"),
        (
            "We may earn a commission when you buy through links on this page.",
            "affiliate disclosure",
        ),
        ("Last updated: 5 March 2025", "update stamp"),
        ("Letzte Änderung 05.03.2025", "update stamp"),
        ("Map: Harbour Gazette, CC BY-SA 4.0", "licence notice"),
        ("Texte disponible sous licence Creative Commons BY", "licence notice"),
    ],
)
def test_boilerplate_paragraph_is_removed_with_its_reason(line: str, reason: str) -> None:
    result = clean(make_article(LEDE, line, COST))
    assert kept(result) == [LEDE, COST]
    assert result.removals == (Removal(f"boilerplate: {reason}", line, 1),)


@pytest.mark.parametrize(
    "line",
    [
        "Shares in the builder fell 5 per cent on Monday.",
        "More than 40 people attended the hearing.",
        "Related to that, officials said the budget would grow.",
        "Photographs by the family were shared widely.",
        "(c) the council must publish the plan within a year.",
        "Subscribers to the water scheme will pay less.",
        "Copyright law was not part of the debate.",
        "Following the vote on Facebook, the mayor thanked residents.",
        "The report, first published in 2019, found a shortage.",
        "Advertising revenue at local papers fell sharply.",
        "Last year the council modified 12 of its bylaws.",
        "Creative Commons founders spoke at the harbour library on Monday.",
        "Should the archive use a Creative Commons licence?",
        "You must be joking, the mayor told reporters after the vote.",
        "Foto exhibitions at the library drew 3,000 visitors.",
        "Ver más allá del puerto es la meta del alcalde, dijo.",
        "Lesen Sie hier die ganze Geschichte des Vereins nach, sagte der Trainer.",
        "Subscription prices for the ferry rose by 4 per cent.",
        "Reading time for children rose by 5 per cent.",
    ],
)
def test_news_lines_resembling_boilerplate_are_kept(line: str) -> None:
    result = clean(make_article(LEDE, line))
    assert kept(result) == [LEDE, line]
    assert result.removals == ()


def test_long_paragraph_mentioning_subscribe_is_kept() -> None:
    paragraph = (
        "Subscribe to the idea that housing is a right, the mayor told the council, and the "
        "rest follows: she said the city would subscribe to a national fund, ask residents "
        "to sign up for a register of empty homes and publish the list every month so that "
        "anyone could see how many flats stood empty in each district of the city."
    )
    result = clean(make_article(LEDE, paragraph))
    assert kept(result) == [LEDE, paragraph]


def test_boilerplate_line_inside_a_paragraph_is_removed() -> None:
    result = clean(make_article(f"{LEDE}\nAdvertisement\n{COST}"))
    assert kept(result) == [f"{LEDE} {COST}"]
    assert result.removals == (Removal("boilerplate: advertisement", "Advertisement", 0),)


def test_lower_case_wrapped_line_is_not_boilerplate() -> None:
    wrapped = "The firm said it spent more on\nadvertising than on wages last year."
    result = clean(make_article(wrapped))
    assert kept(result) == ["The firm said it spent more on advertising than on wages last year."]


def test_boilerplate_is_kept_when_disabled() -> None:
    result = clean(make_article(LEDE, "Advertisement"), drop_boilerplate=False)
    assert kept(result) == [LEDE, "Advertisement"]


# --- repeats ------------------------------------------------------------------------


def test_repeated_paragraph_is_kept_once() -> None:
    result = clean(make_article(LEDE, COST, VOTE, COST))
    assert kept(result) == [LEDE, COST, VOTE]
    assert result.removals == (Removal("repeated paragraph (first seen as paragraph 1)", COST, 3),)


def test_repeated_run_of_paragraphs_is_kept_once() -> None:
    result = clean(make_article(LEDE, COST, VOTE, REACTION, COST, VOTE))
    assert kept(result) == [LEDE, COST, VOTE, REACTION]
    assert [(r.reason, r.paragraph) for r in result.removals] == [
        ("repeated paragraph (first seen as paragraph 1)", 4),
        ("repeated paragraph (first seen as paragraph 2)", 5),
    ]


def test_whole_body_twice_is_kept_once() -> None:
    body = [LEDE, COST, VOTE]
    result = clean(make_article(*body, *body))
    assert kept(result) == body
    assert [r.paragraph for r in result.removals] == [3, 4, 5]


def test_repeat_with_case_and_space_differences_is_a_repeat() -> None:
    result = clean(make_article(LEDE, COST, "  " + COST.upper().replace(" ", "   ")))
    assert kept(result) == [LEDE, COST]


def test_repeat_with_other_quote_marks_is_a_repeat() -> None:
    straight = '"We will build the homes," the mayor said on Tuesday.'
    curly = "“We will build the homes,” the mayor said on Tuesday."
    result = clean(make_article(straight, LEDE, curly))
    assert kept(result) == [straight, LEDE]


def test_short_paragraph_repeated_alone_is_kept() -> None:
    result = clean(make_article(LEDE, '"No."', COST, '"No."'))
    assert kept(result) == [LEDE, '"No."', COST, '"No."']


def test_short_paragraphs_repeated_as_a_run_are_dropped() -> None:
    result = clean(
        make_article("Yes, she said.", "No, he said.", LEDE, "Yes, she said.", "No, he said.")
    )
    assert kept(result) == ["Yes, she said.", "No, he said.", LEDE]


def test_min_repeat_words_decides_what_is_short() -> None:
    result = clean(make_article(LEDE, '"No."', COST, '"No."'), min_repeat_words=1)
    assert kept(result) == [LEDE, '"No."', COST]


def test_repeats_are_kept_when_disabled() -> None:
    result = clean(make_article(LEDE, LEDE), drop_repeats=False)
    assert kept(result) == [LEDE, LEDE]


def test_paragraph_indices_count_ingested_paragraphs() -> None:
    article = make_article(LEDE)
    article = Article.create(
        raw_id=article.raw_id,
        format="text",
        outlet=article.outlet,
        title=article.title,
        text=f"\n\n{LEDE}\n\n\n\n   \n\nAdvertisement\n\n{LEDE}\n",
        origin=article.origin,
    )
    result = clean(article)
    assert [(r.reason, r.paragraph) for r in result.removals] == [
        ("boilerplate: advertisement", 1),
        ("repeated paragraph (first seen as paragraph 0)", 2),
    ]


# --- headings ---------------------------------------------------------------------------


def test_headline_repeated_as_first_paragraph_is_dropped() -> None:
    result = clean(make_article("Council backs housing plan", LEDE))
    assert kept(result) == [LEDE]
    assert result.removals == (Removal("repeated headline", "Council backs housing plan", 0),)


def test_headline_with_other_case_and_punctuation_is_dropped() -> None:
    result = clean(make_article("COUNCIL BACKS HOUSING PLAN.", LEDE))
    assert kept(result) == [LEDE]


def test_headline_repeated_later_in_the_body_is_dropped() -> None:
    result = clean(make_article(LEDE, COST, "Council backs housing plan", VOTE))
    assert kept(result) == [LEDE, COST, VOTE]
    assert [(r.reason, r.paragraph) for r in result.removals] == [("repeated headline", 2)]


def test_kicker_and_byline_at_the_top_are_dropped() -> None:
    result = clean(
        make_article(
            "Housing",
            "Council backs housing plan",
            "By Ann Lee",
            LEDE,
            kicker="Housing",
            author="Ann Lee",
        )
    )
    assert kept(result) == [LEDE]
    assert [r.reason for r in result.removals] == [
        "repeated kicker",
        "repeated headline",
        "repeated byline",
    ]


def test_kicker_word_later_in_the_body_is_kept() -> None:
    result = clean(make_article(LEDE, "Housing", COST, kicker="Housing"))
    assert kept(result) == [LEDE, "Housing", COST]


def test_standfirst_repeated_in_the_body_is_kept() -> None:
    standfirst = "Seven of nine members back 4,000 new homes."
    result = clean(make_article(standfirst, LEDE, standfirst=standfirst))
    assert kept(result) == [standfirst, LEDE]


def test_headline_is_kept_when_disabled() -> None:
    result = clean(make_article("Council backs housing plan", LEDE), drop_headline=False)
    assert kept(result) == ["Council backs housing plan", LEDE]


# --- the stage ------------------------------------------------------------------------------


def test_text_is_normalised() -> None:
    result = clean(make_article("The  council\u00a0met.\r\nIt voted.", "ﬁnal  vote"))
    assert result.text == "The council met. It voted.\n\nfinal vote"


def test_clean_article_keeps_the_input_article() -> None:
    article = make_article(LEDE, "Advertisement", LEDE)
    before = (article.id, article.text)
    result = Cleaner().clean(article)
    assert result.article is article
    assert (article.id, article.text) == before


def test_cleaning_a_clean_article_removes_nothing() -> None:
    first = clean(make_article("Council backs housing plan", LEDE, "Share", COST, LEDE, COST))
    again = clean(make_article(*kept(first)))
    assert again.removals == ()
    assert again.text == first.text


def test_empty_body_gives_empty_text() -> None:
    assert clean(make_article("Advertisement")).text == ""


def test_parameters_are_validated_on_use_not_on_construction() -> None:
    cleaner = Cleaner(min_repeat_words=0)
    with pytest.raises(InvalidParameter, match="'min_repeat_words' parameter of Cleaner"):
        cleaner.clean(make_article(LEDE))


def test_flag_must_be_a_bool() -> None:
    with pytest.raises(
        InvalidParameter,
        match=r"The 'drop_repeats' parameter of Cleaner must be a bool\. Got 'yes' instead\.",
    ):
        Cleaner(drop_repeats="yes").validate()  # type: ignore[arg-type]


def test_unknown_parameter_lists_the_available_ones() -> None:
    with pytest.raises(InvalidParameter, match="Available: drop_repeats, drop_boilerplate"):
        clean(make_article(LEDE), drop_ads=True)


def test_describe_records_name_version_and_params() -> None:
    assert Cleaner(min_repeat_words=5).describe() == {
        "stage": "clean",
        "version": "3",
        "params": {
            "drop_repeats": True,
            "drop_boilerplate": True,
            "drop_headline": True,
            "min_repeat_words": 5,
            "max_chars": 50_000,
        },
    }
