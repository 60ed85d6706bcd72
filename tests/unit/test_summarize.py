"""The summary stage: budget, support, redundancy, citations, sources, order, parameters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.errors import InvalidParameter
from storyline.models import Article, CleanArticle, Origin, Summary
from storyline.summarize import Summarizer, summarize
from storyline.text import sentences, word_count

# Invented coverage of an invented event, written for these tests.
FERRY = (
    "The Kelvale ferry ran aground on the Morrow sandbank on Tuesday with 212 passengers aboard."
)
FERRY_AGAIN = (
    "On Tuesday the Kelvale ferry ran aground on the Morrow sandbank carrying 212 passengers."
)
RESCUE = "Coastguard crews from Dunmere brought every passenger ashore within four hours."
CAPTAIN = "The captain, Ilse Marrow, said a failed rudder sensor had sent the vessel off course."
CAFE = "A cafe owner in the harbour offered free soup and blankets to the stranded travellers."
INQUIRY = "The regional transport board has opened an inquiry into the maintenance of the rudder."

# A second invented event, for paraphrase: the second outlet reports the closure in
# its own words (same names and numbers, few shared words: TF-IDF cosine 0.33).
CLOSED = (
    "Engineers closed Tarnwick Bridge after finding a crack in girder 14 during a routine "
    "check on 3 May."
)
CLOSED_REWORDED = (
    "Inspectors closed Tarnwick Bridge on 3 May after a routine check found a crack in girder 14."
)
CLOSED_RECAST = (
    "A crack spotted in girder 14 on 3 May led inspectors to reroute traffic around Tarnwick "
    "Bridge."
)
# "shut" for "closed", the rest in the claim's own words: a retelling only in other words
# carries too little of the claim as it is written (storyline.claim_evidence)
CLOSED_RETOLD = (
    "Engineers shut Tarnwick Bridge to all traffic after a routine check found a crack in "
    "girder 14 on 3 May."
)
DETOUR = (
    "Drivers face a detour of 18 kilometres through Ostby while the Tarnwick Bridge stays shut."
)
ANGLERS = "Tarnwick Bridge is a favourite spot for anglers and dog walkers from across Ostby."
# Shares the story's words (engineers, girder, routine, the bridge) but states another fact.
PAINTED = (
    "Engineers painted every girder of Tarnwick Bridge green during a routine overhaul last summer."
)


def article(
    outlet: str, *paragraphs: str, published: datetime | None = None, title: str = ""
) -> CleanArticle:
    text = "\n\n".join(paragraphs)
    raw = Article.create(
        raw_id=f"raw-{outlet}-{len(text)}",
        format="text",
        outlet=outlet,
        title=title or f"{outlet} report",
        text=text,
        origin=Origin(path=f"{outlet}.txt"),
        published=published,
    )
    return CleanArticle(article=raw, text=text)


def day(number: int) -> datetime:
    return datetime(2031, 3, number, 9, 0, tzinfo=UTC)


def three_outlet_story() -> list[CleanArticle]:
    return [
        article("Harbour Herald", FERRY, CAFE, published=day(4)),
        article("Coast Daily", FERRY_AGAIN, RESCUE, published=day(4)),
        article("Dunmere Post", FERRY, CAPTAIN, INQUIRY, published=day(5)),
    ]


def sentence_texts(clean: CleanArticle) -> set[str]:
    return {sentence.text for sentence in sentences(clean.text)}


# -- budget -------------------------------------------------------------------


@pytest.mark.parametrize("budget", [10, 16, 25, 40, 120])
def test_summary_never_exceeds_the_word_budget(budget: int) -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=budget)
    assert word_count(summary.text) <= budget
    assert summary.word_budget == budget


def test_a_budget_shorter_than_every_sentence_gives_an_empty_summary() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=5)
    assert summary.sentences == ()


def test_a_sentence_too_long_for_what_is_left_is_skipped_for_a_shorter_one() -> None:
    long_one = (
        "Passengers described a long and frightening night on the listing deck while crews "
        "from three harbours worked to reach the stranded ferry in rough water and wind."
    )
    story = [article("Harbour Herald", long_one, "Nobody was hurt in the grounding at all.")]
    summary = summarize("s1", story, word_budget=12, max_sentence_share=1.0)
    assert [s.text for s in summary.sentences] == ["Nobody was hurt in the grounding at all."]


# -- what is chosen -----------------------------------------------------------


def test_what_three_outlets_report_is_preferred_to_what_one_reports() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=16, max_sentence_share=1.0)
    assert len(summary.sentences) == 1
    assert summary.sentences[0].text in {FERRY, FERRY_AGAIN}
    assert summary.sentences[0].sources == 3


def test_no_two_near_identical_sentences_are_chosen() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=120)
    texts = [s.text for s in summary.sentences]
    assert not {FERRY, FERRY_AGAIN} <= set(texts)
    assert len(texts) == len(set(texts))


def test_fragments_questions_and_bylines_are_never_chosen() -> None:
    noise = [
        "Tuesday, 4 March 2031",
        "By Ada Quell, Harbour Herald",
        "Have you ever been stranded at sea?",
        "Reporting by Tomas Vey; editing by Lena Orr.",
    ]
    story = [
        article("Harbour Herald", *noise, FERRY, RESCUE),
        article("Coast Daily", FERRY_AGAIN, "Have you ever been stranded at sea?"),
    ]
    summary = summarize("s1", story, word_budget=200)
    chosen = {s.text for s in summary.sentences}
    assert chosen
    assert chosen.isdisjoint(noise)


# -- citations and sources ----------------------------------------------------


def test_every_citation_span_is_a_sentence_of_its_article() -> None:
    story = three_outlet_story()
    by_id = {clean.id: clean for clean in story}
    summary = summarize("s1", story, word_budget=120)
    assert summary.sentences
    for summary_sentence in summary.sentences:
        for citation in summary_sentence.citations:
            cited = by_id[citation.article_id]
            assert citation.outlet == cited.outlet
            assert cited.text[citation.start : citation.end] in sentence_texts(cited)


def test_the_summary_sentence_is_cited_at_its_own_span_with_similarity_one() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=120)
    for summary_sentence in summary.sentences:
        exact = [c for c in summary_sentence.citations if c.similarity == 1.0]
        assert exact
        assert any(c.end - c.start == len(summary_sentence.text) for c in exact)


def test_every_article_saying_the_same_thing_is_cited() -> None:
    story = three_outlet_story()
    summary = summarize("s1", story, word_budget=120)
    ferry = next(s for s in summary.sentences if s.text in {FERRY, FERRY_AGAIN})
    assert sorted(ferry.outlets) == ["Coast Daily", "Dunmere Post", "Harbour Herald"]
    spans = {c.outlet: story_text(story, c.article_id)[c.start : c.end] for c in ferry.citations}
    assert spans == {"Harbour Herald": FERRY, "Coast Daily": FERRY_AGAIN, "Dunmere Post": FERRY}


def test_an_article_that_does_not_say_it_is_not_cited() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=120)
    cafe = next(s for s in summary.sentences if s.text == CAFE)
    assert cafe.outlets == ("Harbour Herald",)
    assert cafe.sources == 1


def test_copies_in_one_duplicate_group_count_as_one_source() -> None:
    story = three_outlet_story()
    wire_copy = article("Bay Wire", FERRY, CAFE, published=day(4))
    story.append(wire_copy)
    group_of = {story[0].id: "g1", wire_copy.id: "g1"}
    summary = summarize("s1", story, group_of=group_of, word_budget=120)
    ferry = next(s for s in summary.sentences if s.text in {FERRY, FERRY_AGAIN})
    assert len(ferry.citations) == 4
    assert ferry.sources == 3


def story_text(story: list[CleanArticle], article_id: str) -> str:
    return next(clean.text for clean in story if clean.id == article_id)


# -- paraphrase ---------------------------------------------------------------


def bridge_story(*coast_daily: str) -> list[CleanArticle]:
    return [
        article("Harbour Herald", CLOSED, DETOUR, published=day(4)),
        article("Coast Daily", *coast_daily, published=day(4)),
    ]


def test_a_paraphrase_in_another_outlet_is_cited_and_counted_as_a_source() -> None:
    story = bridge_story(CLOSED_REWORDED, ANGLERS)
    summary = summarize("s1", story, word_budget=120)
    closure = next(s for s in summary.sentences if s.text in {CLOSED, CLOSED_REWORDED})
    assert closure.sources == 2
    spans = {c.outlet: story_text(story, c.article_id)[c.start : c.end] for c in closure.citations}
    assert spans == {"Harbour Herald": CLOSED, "Coast Daily": CLOSED_REWORDED}


def test_a_retelling_that_keeps_few_of_the_words_is_not_cited() -> None:
    # Precision first: the same names and figures in mostly other words is not enough, nor
    # the setting without what happened ("reroute traffic" does not state "closed").
    story = bridge_story(CLOSED_RECAST, ANGLERS)
    summary = summarize("s1", story, word_budget=120)
    closure = next(s for s in summary.sentences if s.text in {CLOSED, CLOSED_RECAST})
    assert closure.sources == 1


def test_a_retelling_in_related_verbs_is_cited() -> None:
    # "shut" for "closed": the verbs differ, the event does not
    story = bridge_story(CLOSED_RETOLD, ANGLERS)
    summary = summarize("s1", story, word_budget=120)
    closure = next(s for s in summary.sentences if s.text in {CLOSED, CLOSED_RETOLD})
    assert closure.sources == 2


def test_a_weekday_is_placed_by_the_publication_dates_before_a_citation() -> None:
    # "on Tuesday" in an article of Wednesday, March 5, 2031 is March 4: the same day
    lorries = (
        "The Dunmere council voted to close Tarnwick Bridge to lorries {} after an inspection."
    )
    tuesday, fourth = lorries.format("on Tuesday"), lorries.format("on March 4")

    def sources(published: datetime | None) -> int:
        story = [
            article("Harbour Herald", tuesday, published=published),
            article("Coast Daily", fourth, published=published),
        ]
        summary = summarize("s1", story, word_budget=120)
        return next(s for s in summary.sentences if s.text in {tuesday, fourth}).sources

    assert sources(day(5)) == 2
    assert sources(day(12)) == 1  # a week later that Tuesday is March 11
    assert sources(None) == 1  # undated: the weekday cannot be placed, so no credit


def test_a_sentence_sharing_only_topic_words_is_not_cited() -> None:
    summary = summarize("s1", bridge_story(PAINTED, ANGLERS), word_budget=120)
    closure = next(s for s in summary.sentences if s.text == CLOSED)
    assert closure.outlets == ("Harbour Herald",)
    assert closure.sources == 1


def test_two_paraphrases_are_not_both_chosen() -> None:
    story = bridge_story(CLOSED_RETOLD, ANGLERS)
    everything = sum(word_count(text) for text in (CLOSED, CLOSED_RETOLD, DETOUR, ANGLERS))
    summary = summarize("s1", story, word_budget=everything)
    texts = [s.text for s in summary.sentences]
    assert len({CLOSED, CLOSED_RETOLD} & set(texts)) == 1
    assert {DETOUR, ANGLERS} <= set(texts)


# -- order and determinism ----------------------------------------------------


def test_sentences_are_ordered_by_date_of_first_report() -> None:
    story = [
        article("Dunmere Post", INQUIRY, published=day(9)),
        article("Harbour Herald", FERRY, published=day(4)),
        article("Coast Daily", RESCUE, published=day(6)),
    ]
    summary = summarize("s1", story, word_budget=120)
    assert [s.text for s in summary.sentences] == [FERRY, RESCUE, INQUIRY]


def test_a_naive_publication_time_is_taken_as_utc() -> None:
    story = [
        article("Coast Daily", RESCUE, published=datetime(2031, 3, 6, 9, 0)),
        article("Harbour Herald", FERRY, published=day(4)),
    ]
    summary = summarize("s1", story, word_budget=120)
    assert [s.text for s in summary.sentences] == [FERRY, RESCUE]


def test_the_same_input_gives_the_same_summary() -> None:
    first = summarize("s1", three_outlet_story(), word_budget=40)
    second = summarize("s1", three_outlet_story(), word_budget=40)
    assert first == second
    assert first.params == second.params


def test_input_order_does_not_matter_when_articles_are_dated_apart() -> None:
    story = [
        article("Harbour Herald", FERRY, CAFE, published=day(4)),
        article("Coast Daily", FERRY_AGAIN, RESCUE, published=day(5)),
        article("Dunmere Post", FERRY, CAPTAIN, INQUIRY, published=day(6)),
    ]
    assert summarize("s1", story) == summarize("s1", story[::-1])


# -- edge cases ---------------------------------------------------------------


def test_an_empty_story_has_an_empty_summary() -> None:
    summary = Summarizer().summarize("empty", [])
    assert summary == Summary(story_id="empty", sentences=(), word_budget=120)


def test_a_story_whose_articles_have_no_text_has_an_empty_summary() -> None:
    summary = summarize("blank", [article("Harbour Herald", ""), article("Coast Daily", " ")])
    assert summary.sentences == ()


def test_an_article_without_sentences_does_not_disturb_the_others() -> None:
    story = three_outlet_story()
    with_empty = [article("Empty Gazette", "", published=day(1)), *story]
    assert summarize("s1", with_empty) == summarize("s1", story)


def test_a_one_article_story_is_summarised_from_that_article() -> None:
    story = [article("Harbour Herald", FERRY, RESCUE, CAPTAIN, INQUIRY)]
    summary = summarize("s1", story, word_budget=40)
    assert summary.sentences[0].text == FERRY
    for summary_sentence in summary.sentences:
        assert summary_sentence.outlets == ("Harbour Herald",)
        assert summary_sentence.sources == 1


def test_the_same_article_given_twice_counts_once() -> None:
    story = three_outlet_story()
    once = summarize("s1", story)
    twice = summarize("s1", [*story, story[0]])
    assert once == twice


# -- parameters ---------------------------------------------------------------


def test_the_summary_records_the_parameters_that_made_it() -> None:
    summary = summarize("s1", three_outlet_story(), word_budget=50)
    assert summary.params == Summarizer(word_budget=50).params()
    assert Summarizer().describe()["stage"] == "summarize"


def test_the_function_and_the_class_agree() -> None:
    story = three_outlet_story()
    assert summarize("s1", story, word_budget=30) == Summarizer(word_budget=30).summarize(
        "s1", story
    )


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("word_budget", 0, "an int in [1, inf]"),
        ("word_budget", 12.5, "an int in [1, inf]"),
        ("redundancy_threshold", 0, "a float in (0, 1]"),
        ("citation_threshold", 1.5, "a float in (0, 1]"),
        ("max_sentence_share", -0.1, "a float in (0, 1]"),
        ("redundancy_penalty", -1, "a float in [0, inf]"),
        ("support_weight", "high", "a float in [0, inf]"),
        ("position_decay", -0.5, "a float in [0, inf]"),
        ("stated_weight", -1.0, "a float in [0, inf]"),
        ("stated_candidates", 0, "an int in [1, inf]"),
        ("min_sentence_words", 0, "an int in [1, inf]"),
        ("max_candidates", True, "an int in [1, inf]"),
    ],
)
def test_bad_parameters_are_named_with_their_rule_on_use(
    name: str, value: object, rule: str
) -> None:
    summarizer = Summarizer(**{name: value})  # type: ignore[arg-type]
    message = f"The '{name}' parameter of Summarizer must be {rule}. Got {value!r} instead."
    with pytest.raises(InvalidParameter) as caught:
        summarizer.summarize("s1", three_outlet_story())
    assert str(caught.value) == message


# A third invented event: every outlet reports the toll, each with its own figure, and two
# of them state the bridge plan in words the attribution rule can check.
TOLL = "The Brenna river flood killed 61 people in the lower town on Sunday, police said."
BRIDGE = (
    "Army engineers will build a temporary bridge over the Brenna river at Castle Ford by Friday."
)
BRIDGE_SAME = (
    "By Friday, army engineers will build a temporary bridge at Castle Ford over the Brenna river."
)


def test_a_claim_other_outlets_state_whole_is_preferred_to_one_they_only_resemble() -> None:
    story = [
        article("north", TOLL, BRIDGE),
        article("south", TOLL.replace("61", "65"), "Rain is forecast for the week.", BRIDGE_SAME),
        article("east", TOLL.replace("61", "58"), "Schools will stay shut.", BRIDGE_SAME),
    ]
    # Room for one sentence: the toll resembles every outlet's sentence but no outlet
    # states its figure, so it could cite nobody; the bridge plan is stated by all three.
    resembling = Summarizer(word_budget=20, max_sentence_share=1.0, stated_weight=0.0)
    first = resembling.summarize("flood", story).sentences[0]
    assert first.text.startswith("The Brenna")
    chosen = Summarizer(word_budget=20, max_sentence_share=1.0).summarize("flood", story)
    assert [s.text for s in chosen.sentences] == [BRIDGE]
    assert chosen.sentences[0].sources == 3
