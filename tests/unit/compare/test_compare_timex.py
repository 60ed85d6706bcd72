"""TimeML values of dates: seasons, quarters, fiscal years, decades, anaphora, tense."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyline.compare.model import DateMention, Span
from storyline.compare.timeline import extract_dates
from storyline.compare.timeline_groups import merge_timeline, one_per_event
from storyline.compare.timex_values import timeml_value


def values(text: str, published: str) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in extract_dates(text, date.fromisoformat(published))]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # seasons
        (
            "The bridge closed in the summer of 2010.",
            "2012-05-01",
            ("the summer of 2010", "2010-SU"),
        ),
        ("The ferry stopped running last fall.", "2021-02-06", ("last fall", "2020-FA")),
        ("Crews will repaint the pier this spring.", "2021-02-06", ("this spring", "2021-SP")),
        ("Winter 2019 was the wettest on record.", "2021-02-06", ("Winter 2019", "2019-WI")),
        # quarters and halves
        ("Sales rose in the third quarter.", "2020-11-02", ("the third quarter", "2020-Q3")),
        ("Profit fell in Q1 2018.", "2020-11-02", ("Q1 2018", "2018-Q1")),
        ("The 2016 fourth quarter was weak.", "2020-11-02", ("The 2016 fourth quarter", "2016-Q4")),
        (
            "Output doubled in the first half of 2019.",
            "2020-11-02",
            ("the first half of 2019", "2019-H1"),
        ),
        # fiscal years (named by the calendar year they end in)
        ("Revenue in fiscal 2019 reached a record.", "2020-11-02", ("fiscal 2019", "2019")),
        ("Spending cuts hit the FY2021 budget.", "2020-11-02", ("FY2021", "2021")),
        (
            "Losses will narrow in the next fiscal year.",
            "2020-11-02",
            ("the next fiscal year", "2021"),
        ),
        # decades and centuries
        ("Tram lines were ripped up in the 1950s.", "2020-11-02", ("the 1950s", "195")),
        ("The mill boomed in the '80s.", "2020-11-02", ("the '80s", "198")),
        ("Fashion of the nineties is back.", "2020-11-02", ("the nineties", "199")),
        ("The chapel dates from the 12th century.", "2020-11-02", ("the 12th century", "11")),
        # bare years, early/late/mid years
        ("Police linked him to a 2010 raid.", "2020-11-02", ("2010", "2010")),
        ("The plant opens in early 2011.", "2010-06-01", ("early 2011", "2011")),
        ("Rents climbed through mid-2015.", "2016-06-01", ("mid-2015", "2015")),
        # months with a relative year
        ("The talks collapsed in July last year.", "2021-03-10", ("July last year", "2020-07")),
        ("Results are due in June next year.", "2021-03-10", ("June next year", "2022-06")),
        # present, past and future references
        ("Prices are now falling.", "2021-03-10", ("now", "PRESENT_REF")),
        ("The firm recently hired staff.", "2021-03-10", ("recently", "PAST_REF")),
        ("Costs may rise in the near future.", "2021-03-10", ("the near future", "FUTURE_REF")),
        # spelled-out years in broadcast transcripts
        (
            "The bomb exploded in nineteen ninety-six.",
            "1998-02-27",
            ("nineteen ninety-six", "1996"),
        ),
    ],
)
def test_timeml_values(text: str, published: str, expected: tuple[str, str]) -> None:
    assert values(text, published) == [expected]


def test_early_year_keeps_its_modifier() -> None:
    found = extract_dates("The plant opens in early 2011.", date(2010, 6, 1))
    assert (found[0].value, found[0].mod) == ("2011", "START")
    late = extract_dates("Riots shook the city in the late 1970s.", date(2010, 6, 1))
    assert (late[0].value, late[0].mod) == ("197", "END")


@pytest.mark.parametrize(
    "text",
    [
        "Prices fall in 2020 were steep.",  # "fall" is a verb here: only 2020 is a date
        "Shares of Model 2000 sold out.",
    ],
)
def test_words_that_are_not_seasons(text: str) -> None:
    assert all("fall" not in d.text.lower() for d in extract_dates(text, date(2021, 1, 1)))


@pytest.mark.parametrize(
    ("text", "not_a_date"),
    [
        ("The index rose 2000 points.", "2000"),
        ("Send it to No. 1990 in the list.", "1990"),
        ("The heat reached 1450 degrees.", "1450"),
        ("They hired 2,015 workers.", "2,015"),
        ("The meeting starts at 1830 GMT.", "1830"),
    ],
)
def test_numbers_that_are_not_years(text: str, not_a_date: str) -> None:
    assert all(d.text != not_a_date for d in extract_dates(text, date(2021, 1, 1)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # anaphora: relative to the last date the article mentioned
        (
            "The mill shut in 1995. The following year it was sold.",
            [("1995", "1995"), ("The following year", "1996")],
        ),
        (
            "The mill shut on 3 May 2004. Two days later the owner fled.",
            [("3 May 2004", "2004-05-03"), ("Two days later", "2004-05-05")],
        ),
        (
            "Profit rose in the third quarter of 2019, from $3m a year earlier.",
            [("the third quarter of 2019", "2019-Q3"), ("a year earlier", "2018-Q3")],
        ),
        (
            "The strike began in 1984. By that year's end, pits had shut.",
            [("1984", "1984"), ("that year", "1984")],
        ),
        # with nothing mentioned yet, "a year earlier" counts from publication
        ("Wages were 3% higher than a year earlier.", [("a year earlier", "2020")]),
    ],
)
def test_anaphoric_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text, "2021-03-10") == expected


def test_a_comparison_does_not_move_the_story_time() -> None:
    text = (
        "Profit rose in the third quarter of 2019 from a year earlier. "
        "The previous quarter was weak."
    )
    assert values(text, "2019-11-02")[-1] == ("The previous quarter", "2019-Q2")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # forward-looking verbs and modality
        ("The report is due to be published in May.", "2021-11-20", "2022-05"),
        ("Talks are set to resume Monday.", "2021-11-17", "2021-11-22"),
        ("The council will vote in February.", "2021-11-20", "2022-02"),
        ("The dividend is payable Dec. 7.", "2021-10-27", "2021-12-07"),
        ("The rule takes effect, effective Feb. 1, for every driver.", "2021-10-27", "2022-02-01"),
        ("The commander will be named for a mission in December.", "2022-03-04", "2022-12"),
        # past tense looks back, even across the new year
        ("He was convicted of fraud in May.", "2021-11-20", "2021-05"),
        ("The mine flooded in December.", "2022-01-08", "2021-12"),
        ("He could have left on Friday.", "2021-11-17", "2021-11-12"),
        # an infinitive after "agreed" has no tense of its own: the nearest one
        ("The firm agreed to sell the unit in February.", "2021-11-20", "2022-02"),
    ],
)
def test_tense_and_modality_decide_the_direction(text: str, published: str, expected: str) -> None:
    assert [v for _, v in values(text, published)] == [expected]


def test_past_tense_date_is_never_after_publication() -> None:
    texts = [
        "Police arrested him on Thursday.",
        "The bank collapsed in October.",
        "The ship sank on 28 December.",
        "The ferry stopped running in the fall.",
        "Profits fell in the fourth quarter.",
    ]
    for published in (date(2021, 1, 3), date(2021, 6, 30), date(2021, 10, 2)):
        for text in texts:
            for found in extract_dates(text, published):
                assert found.date <= published, (text, published, found)


def test_weekday_beside_a_date_picks_the_year() -> None:
    # 25 April was a Saturday in 2020, not in 2019 or 2021.
    text = "The paper said in an editorial on Saturday, April 25, that it was wrong."
    assert values(text, "2020-04-24") == [("Saturday, April 25", "2020-04-25")]


def test_timeml_value_of_every_precision() -> None:
    assert timeml_value(date(2010, 6, 1), "season") == "2010-SU"
    assert timeml_value(date(2010, 7, 1), "quarter") == "2010-Q3"
    assert timeml_value(date(2010, 7, 1), "half") == "2010-H2"
    assert timeml_value(date(1990, 1, 1), "decade") == "199"
    assert timeml_value(date(1900, 1, 1), "century") == "19"
    assert timeml_value(date(2010, 3, 8), "week") == "2010-W10"


def _mention(article: str, start: int, day: date, precision: str, sentence: str) -> DateMention:
    span = Span(article, f"outlet-{article}", article, start, start + 6, "Monday")
    event = Span(article, f"outlet-{article}", article, 0, len(sentence), sentence)
    return DateMention(span, day, precision, event)


def test_a_sentence_with_four_dates_is_one_timeline_entry() -> None:
    sentence = "The ferry ran on Monday, 3 May 2021, in May, in 2021 and in spring."
    mentions = [
        (_mention("a", 17, date(2021, 5, 3), "day", sentence), None),
        (_mention("a", 25, date(2021, 5, 3), "day", sentence), None),
        (_mention("a", 40, date(2021, 5, 1), "month", sentence), None),
        (_mention("a", 50, date(2021, 1, 1), "year", sentence), None),
    ]
    entries = merge_timeline(mentions, story_id="s")
    assert [(e.date, e.precision) for e in entries] == [(date(2021, 5, 3), "day")]


def test_one_wire_sentence_read_against_two_publication_days_is_one_event() -> None:
    sentence = "The ferry sank on Monday off the north coast."
    first = datetime(2021, 5, 4, 8, 0)
    later = datetime(2021, 5, 11, 8, 0)
    mentions = [
        (_mention("a", 18, date(2021, 5, 3), "day", sentence), first),
        (_mention("b", 18, date(2021, 5, 10), "day", sentence), later),
    ]
    kept = one_per_event(mentions)
    assert {m.date for m, _ in kept} == {date(2021, 5, 3)}
    entries = merge_timeline(mentions, story_id="s")
    assert len(entries) == 1 and entries[0].outlets == ("outlet-a", "outlet-b")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2021-11-03 is a Wednesday in the fourth quarter
        ("Net income for the quarter fell.", ("the quarter", "2021-Q3")),
        ("Sales for the full year will rise.", ("the full year", "2021")),
        ("Protesters gathered over the weekend.", ("the weekend", "2021-W43-WE")),
        ("The ferry sails next weekend.", ("next weekend", "2021-W44-WE")),  # the coming one
    ],
)
def test_reporting_periods(text: str, expected: tuple[str, str]) -> None:
    assert values(text, "2021-11-03") == [expected]


def test_the_timeline_never_dates_a_past_tense_event_after_publication() -> None:
    from storyline.compare import article_dates
    from tests.unit.compare.compare_factories import make_article

    article = make_article(
        "The mayor was already gone next week, aides said. The ferry sank on 3 May 2026.",
        published="2025-10-20T09:00:00",
    )
    found = extract_dates(article.text, date(2025, 10, 20))
    assert (found[0].text, found[0].tense) == ("next week", "past")
    kept = [m.span.text for m in article_dates(article)]
    assert kept == ["3 May 2026"]  # an explicit date is what the text says


def test_a_count_back_is_read_whole_and_never_before_the_calendars_first_year() -> None:
    # invented sentences: a count with a thousands separator is one number, not its last digits,
    # and a settlement older than year 1 gets no date rather than an error or a wrong one
    assert values("The pier was built 20 years ago.", "2021-02-06") == [("20 years ago", "2001")]
    assert values("The wall stood 1,200 years ago.", "2021-02-06") == [("1,200 years ago", "0821")]
    for text in ("It was founded 3500 years ago.", "It was founded 3,500 years ago."):
        assert values(text, "2021-02-06") == []
    assert values("It closed 1.5 years ago.", "2021-02-06") == []


_GATE_SENTENCES = (
    "The market may reopen on Monday, March 3, 2014, said Mark Marsh.",
    "On Tuesday the 4th of June, 2019 the council met; it met again in early May 2020.",
    "Sales fell in Sept. last year, and again in Dec. 2019, the juniors said.",
    "Decisions may come by 12 May, or in May of next year, or may not come at all.",
    "The novel was published in late 1998 and reprinted on Friday morning.",
    "MAY 5 and monday, march 3 are written in the wrong case in 2019.",
    "Prices fall in spring; the fiscal year 2021 ended two weeks earlier.",
)


@pytest.mark.parametrize("sentence", _GATE_SENTENCES)
def test_gates_only_skip_patterns_that_cannot_match(sentence: str) -> None:
    from storyline.compare.timeline import _matches
    from storyline.compare.timex_patterns import PATTERNS

    gated = [(name, match.span()) for name, match in _matches(sentence)]
    everything = [
        (name, m.span()) for name, pattern in PATTERNS for m in pattern.finditer(sentence)
    ]
    assert gated == everything
    assert gated  # each sentence holds dates, so the comparison is not vacuous
