"""Timeline: dates stated in the text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.compare.timeline import extract_dates


def resolve(text: str, published: str) -> list[tuple[str, str, str]]:
    found = extract_dates(text, date.fromisoformat(published))
    return [(d.text, d.date.isoformat(), d.precision) for d in found]


def test_monday_in_an_article_published_on_a_monday_is_that_day() -> None:
    # 2025-10-20 is a Monday.
    assert resolve("The council voted on Monday.", "2025-10-20") == [
        ("Monday", "2025-10-20", "day")
    ]


def test_past_weekday_is_the_most_recent_one() -> None:
    assert resolve("The ship sank on Sunday.", "2025-10-22") == [("Sunday", "2025-10-19", "day")]


def test_future_weekday_is_the_next_one() -> None:
    assert resolve("The minister will travel on Friday.", "2025-03-05") == [
        ("Friday", "2025-03-07", "day")
    ]


def test_nearest_tense_cue_wins() -> None:
    text = "The director told staff on Tuesday that nobody would lose pay."
    assert resolve(text, "2025-04-02") == [("Tuesday", "2025-04-01", "day")]


def test_december_in_a_january_article_is_last_december() -> None:
    assert resolve("The contract was signed in December.", "2025-01-08") == [
        ("December", "2024-12-01", "month")
    ]


def test_january_in_a_december_article_is_next_january() -> None:
    assert resolve("The school will reopen in January.", "2025-12-29") == [
        ("January", "2026-01-01", "month")
    ]


def test_month_day_without_year_is_the_closest_one() -> None:
    assert resolve("The new law takes effect on January 1.", "2025-12-29") == [
        ("January 1", "2026-01-01", "day")
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("It ended yesterday.", "2025-10-22", ("yesterday", "2025-10-21", "day")),
        ("It opens tomorrow.", "2025-03-17", ("tomorrow", "2025-03-18", "day")),
        ("It closed this morning.", "2025-11-03", ("this morning", "2025-11-03", "day")),
        ("Two days ago it fell.", "2025-11-03", ("Two days ago", "2025-11-01", "day")),
        ("Work began last week.", "2025-01-08", ("last week", "2024-12-30", "week")),
        ("It meets next week.", "2025-03-22", ("next week", "2025-03-24", "week")),
        ("Talks broke down last month.", "2025-09-15", ("last month", "2025-08-01", "month")),
        ("Last year, it grew.", "2025-01-02", ("Last year", "2024-01-01", "year")),
        ("They met last night.", "2025-06-12", ("last night", "2025-06-11", "day")),
        ("It struck in 2019.", "2025-06-12", ("2019", "2019-01-01", "year")),
    ],
)
def test_relative_dates(text: str, published: str, expected: tuple[str, str, str]) -> None:
    assert resolve(text, published) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It landed on Oct. 21.", ("Oct. 21", "2025-10-21", "day")),
        ("It formed on 17 October 2025.", ("17 October 2025", "2025-10-17", "day")),
        ("It reopens on Monday, October 27.", ("Monday, October 27", "2025-10-27", "day")),
    ],
)
def test_absolute_dates(text: str, expected: tuple[str, str, str]) -> None:
    assert resolve(text, "2025-10-21") == [expected]


def test_modal_may_is_not_a_month() -> None:
    assert resolve("Officials may lift the order.", "2025-10-20") == []


def test_relative_dates_need_a_publication_date() -> None:
    assert extract_dates("It ended yesterday, on 17 October 2025.", None)[0].text == (
        "17 October 2025"
    )


# Direction of a month or weekday without a year: past tense or "last" -> the most
# recent one; future or present with future meaning -> the next one; unsure -> nearest.
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # present tense of a scheduled event: the next September, not the nearer past one
        ("Work on the footbridge starts in September, on Mill Road.", "2025-03-11", "2025-09-01"),
        ("The new fares take effect in October.", "2025-03-11", "2025-10-01"),
        ("The depot reopens in October.", "2025-03-11", "2025-10-01"),
        # "until" and "from" look forward
        ("The road stays closed until June.", "2025-08-01", "2026-06-01"),
        ("Fares rise from January.", "2025-06-10", "2026-01-01"),
        # a past verb in a relative clause beats the future main clause
        (
            "Crews are scheduled to dig up Mill Road, where a sewer burst twice in January.",
            "2025-03-10",
            "2025-01-01",
        ),
        (
            "Crews will dig up the lane, where the main ran dry in January.",
            "2025-03-10",
            "2025-01-01",
        ),
        # an auxiliary decides the tense of the verb after it
        ("The repairs did not start in October.", "2025-05-10", "2024-10-01"),
        ("The pipes could burst in January.", "2025-03-10", "2026-01-01"),
        # the current month counts for the past; "last" and "next" skip it
        ("Prices rose in March.", "2025-03-20", "2025-03-01"),
        ("The depot closed last September.", "2025-09-20", "2024-09-01"),
        ("The depot reopens next March.", "2025-03-05", "2026-03-01"),
    ],
)
def test_month_direction(text: str, published: str, expected: str) -> None:
    months = [(day, precision) for _, day, precision in resolve(text, published)]
    assert months == [(expected, "month")]


def test_weekday_of_unknown_tense_is_the_nearest_one() -> None:
    # 2025-03-05 is a Wednesday: Friday the 7th is nearer than Friday the 28th.
    assert resolve("Talks on Friday.", "2025-03-05") == [("Friday", "2025-03-07", "day")]


def test_present_tense_schedule_moves_a_weekday_forward() -> None:
    # 2025-03-03 is a Monday: "meets on Sunday" is the coming Sunday, not yesterday.
    assert resolve("The board meets on Sunday.", "2025-03-03") == [("Sunday", "2025-03-09", "day")]
