"""Shared display helpers: counts, dates, removal reasons, copies."""

from __future__ import annotations

from storyline.render import copy_label, date_range, moment, plural, removal_reason


def test_plural() -> None:
    assert plural(1, "story") == "1 story"
    assert plural(2, "story") == "2 stories"
    assert plural(0, "outlet") == "0 outlets"
    assert plural(3, "day") == "3 days"
    assert plural(2, "summary", "summaries") == "2 summaries"


def test_date_range_never_says_undated_twice() -> None:
    assert date_range(None, None) == "undated"
    assert date_range("2025-04-07T09:00:00+00:00", None) == "2025-04-07"
    assert date_range("2025-04-07T09:00:00+00:00", "2025-04-07T18:00:00+00:00") == "2025-04-07"
    assert date_range("2025-04-07T09:00:00+00:00", "2025-04-09T01:00:00+00:00") == (
        "2025-04-07 to 2025-04-09"
    )


def test_moment_keeps_a_time_only_when_there_was_one() -> None:
    assert moment("2025-04-07T00:00:00+00:00") == "2025-04-07"
    assert moment("2025-04-07T09:30:00+00:00") == "2025-04-07 09:30 UTC"
    assert moment("2025-04-07T09:30:00+01:00") == "2025-04-07 09:30 +01:00"
    assert moment(None) == "undated"


def test_removal_reasons_count_paragraphs_from_one() -> None:
    assert removal_reason("repeated paragraph (first seen as paragraph 2)") == (
        "repeated paragraph, first seen as paragraph 3"
    )
    assert removal_reason("boilerplate: share prompt") == "boilerplate (share prompt)"
    assert removal_reason("something else") == "something else"


def test_copy_labels_explain_the_relation() -> None:
    assert copy_label("canonical", 1.0) == "the text kept"
    assert copy_label("exact", 1.0) == "exact copy"
    assert copy_label("near", 0.873) == "near copy, 87% overlap"
