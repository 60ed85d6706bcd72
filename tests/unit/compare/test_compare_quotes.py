"""Quotes: quotation marks, speakers, and the same quote across outlets."""

from __future__ import annotations

from storyline.compare import article_quotes, compare_story
from storyline.compare.quotes import extract_quotes
from tests.unit.compare.compare_factories import make_article, pairs


def test_curly_quote_with_nested_single_quote() -> None:
    text = "“My neighbour shouted ‘get out now’ and we ran,” said Lina Park."
    assert pairs(text) == [("My neighbour shouted ‘get out now’ and we ran", "Lina Park")]


def test_straight_quote_with_nested_single_quote() -> None:
    text = "\"The sign said 'no entry' but nobody checked,\" said guard Tomas Novak."
    assert pairs(text) == [("The sign said 'no entry' but nobody checked", "Tomas Novak")]


def test_apostrophes_inside_a_quote_do_not_close_it() -> None:
    text = "“We don’t know when it’s back,” said Nadia Karimi."
    assert pairs(text) == [("We don’t know when it’s back", "Nadia Karimi")]


def test_speaker_named_only_after_the_quote_spanning_sentences() -> None:
    text = "“The building was never safe. The owners knew it,” said Carlos Ibarra, a shopkeeper."
    assert pairs(text) == [("The building was never safe. The owners knew it", "Carlos Ibarra")]


def test_description_after_the_verb() -> None:
    text = "“No decision has been taken,” said the spokesman for the minister."
    assert pairs(text) == [("No decision has been taken", "spokesman for the minister")]


def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = "Minister Priya Natarajan visited the ward. “They are heroes,” she said."
    assert pairs(text) == [("They are heroes", "Priya Natarajan")]


def test_bare_title_resolves_to_the_named_mayor() -> None:
    text = "The city's mayor, Elena Voss, spoke late on Sunday. “Stay at home,” the mayor said."
    assert pairs(text) == [("Stay at home", "Elena Voss")]


def test_surname_resolves_to_full_name() -> None:
    text = "Union leader Grace Mbeki spoke first. “The offer is not enough,” Mbeki said."
    assert pairs(text) == [("The offer is not enough", "Grace Mbeki")]


def test_statement_attributed_to_an_organisation() -> None:
    text = (
        "The Ministry of Health opened an inquiry. "
        "In a statement, the ministry said it was “deeply concerned”."
    )
    assert pairs(text) == [("deeply concerned", "Ministry of Health")]


def test_partial_quote_with_called() -> None:
    text = "Opposition leader Tom Haddad called the visit “a photo opportunity” on Tuesday."
    assert pairs(text) == [("a photo opportunity", "Tom Haddad")]


def test_according_to_after_quote() -> None:
    text = "The bridge will reopen “within days, not weeks,” according to Marcus Lindqvist."
    assert pairs(text) == [("within days, not weeks", "Marcus Lindqvist")]


def test_continuation_in_next_paragraph_keeps_the_speaker() -> None:
    text = (
        "Prosecutor Hannah Keller addressed the jury.\n\n"
        "“They planned it for months,” Keller said.\n\n“This was no accident.”"
    )
    assert [speaker for _, speaker in pairs(text)] == ["Hannah Keller", "Hannah Keller"]


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = "The so-called “growth fund” grew. Her memoir, “Letters from the Coast”, sold well."
    assert pairs(text) == []


def test_quote_with_two_attributions_is_flagged() -> None:
    words = "No family should have to choose between water and heat"
    herald = make_article(f"“{words},” said Mayor Dana Whitfield.", outlet="Herald")
    daily = make_article(f"In a statement, the council said: “{words}.”", outlet="Daily")
    group = compare_story("s1", [herald, daily]).quotes[0]
    assert group.speaker_conflict
    assert set(group.speakers) == {"Dana Whitfield", "council statement"}


def test_each_attribution_keeps_its_outlets() -> None:
    words = "No family should have to choose between water and heat"
    herald = make_article(f"“{words},” said Mayor Dana Whitfield.", outlet="Herald")
    daily = make_article(f"In a statement, the council said: “{words}.”", outlet="Daily")
    wire = make_article(f"“{words},” Whitfield told reporters.", outlet="Wire")
    group = compare_story("s1", [herald, daily, wire]).quotes[0]
    assert [(a.speaker, a.outlets) for a in group.attributions] == [
        ("Dana Whitfield", ("Herald", "Wire")),
        ("council statement", ("Daily",)),
    ]


def test_markdown_shows_each_speaker_with_its_outlet() -> None:
    words = "No family should have to choose between water and heat"
    herald = make_article(f"“{words},” said Mayor Dana Whitfield.", outlet="Herald")
    daily = make_article(f"In a statement, the council said: “{words}.”", outlet="Daily")
    markdown = compare_story("s1", [herald, daily]).to_markdown()
    assert (
        "— Dana Whitfield (Herald); council statement (Daily) ⚠ attributed to different speakers"
        in markdown
    )
    assert "— ?" not in markdown


def test_quote_from_a_statement_says_so() -> None:
    article = make_article(
        "The Ministry of Transport closed the line. "
        "In a statement, the Ministry of Transport said: “Services resume on Friday.”"
    )
    assert article_quotes(article)[0].speaker == "Ministry of Transport statement"


def test_statement_flag_leaves_the_extracted_speaker_plain() -> None:
    quote = extract_quotes("“More arrests are expected,” officials said in a brief statement.")[0]
    assert (quote.speaker, quote.statement) == ("officials", True)


def test_a_council_statement_is_the_council_speaking() -> None:
    quote = extract_quotes("A council statement said: “The library stays open.”")[0]
    assert (quote.speaker, quote.statement) == ("council", True)


def test_quote_that_mentions_a_statement_is_not_one() -> None:
    quote = extract_quotes("“We reject the statement,” said Ann Lee.")[0]
    assert (quote.speaker, quote.statement) == ("Ann Lee", False)


def test_statement_and_plain_attribution_to_one_body_do_not_conflict() -> None:
    words = "The library will stay open all summer"
    first = make_article(f"“{words},” the council said in a statement.", outlet="A")
    second = make_article(f"“{words},” the council said.", outlet="B")
    assert not compare_story("s1", [first, second]).quotes[0].speaker_conflict


def test_same_speaker_in_two_outlets_is_not_flagged() -> None:
    herald = make_article("“We are ready for the storm,” said Mayor Dana Whitfield.", outlet="A")
    daily = make_article("“We are ready for the storm,” Whitfield said.", outlet="B")
    group = compare_story("s1", [herald, daily]).quotes[0]
    assert not group.speaker_conflict and not group.wording_changed


def test_changed_wording_is_flagged() -> None:
    first = make_article("“We will rebuild every home on this street,” said Ann Lee.", outlet="A")
    second = make_article("“We will rebuild every house on this street,” said Ann Lee.", outlet="B")
    group = compare_story("s1", [first, second]).quotes[0]
    assert group.wording_changed and len(group.quotes) == 2


def test_excerpt_is_not_a_change_of_wording() -> None:
    full = make_article(
        "“The plan is reckless and dangerous for the town,” said Ann Lee.", outlet="A"
    )
    part = make_article("Ann Lee called the plan “reckless and dangerous”.", outlet="B")
    group = compare_story("s1", [full, part]).quotes[0]
    assert len(group.quotes) == 2 and not group.wording_changed


def test_quote_spans_point_into_the_clean_text() -> None:
    article = make_article("“We are ready,” said Ann Lee.")
    quote = article_quotes(article)[0]
    assert article.text[quote.span.start : quote.span.end] == quote.text


def test_quote_grouping_bound_never_changes_the_matcher_decision() -> None:
    import difflib
    import random

    from storyline.compare.quotes import _contains, _same_quote

    rng = random.Random(7)
    vocabulary = ["we", "will", "rebuild", "the", "pier", "by", "spring", "not", "soon"]
    decided = set()
    for _ in range(3000):
        a = [rng.choice(vocabulary) for _ in range(rng.randint(1, 9))]
        b = [rng.choice(vocabulary) for _ in range(rng.randint(1, 9))]
        short, long = sorted((a, b), key=len)
        plain = (len(short) >= 3 and _contains(long, short)) or difflib.SequenceMatcher(
            a=a, b=b, autojunk=False
        ).ratio() >= 0.6
        assert _same_quote(a, b, 0.6) == plain
        decided.add(plain)
    assert decided == {True, False}
