"""The library calls that need no files: ingest_records and summarize_texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

import storyline
from storyline import InvalidParameter, ingest_records, open_store, summarize_texts

COUNCIL = (
    "The city council approved a new water rate on Tuesday, raising bills by 4 percent.\n\n"
    "The mayor said the money would repair ageing pipes across the east side."
)
LEDGER = (
    "Water bills will rise by 4 percent after the city council approved the new rate on "
    "Tuesday.\n\nResidents at the meeting asked for help for low-income households."
)


def test_ingest_records_takes_dicts_and_article_like_objects() -> None:
    @dataclass
    class Item:
        title: str
        text: str
        outlet: str
        published: datetime

    with open_store(":memory:") as store:
        report = ingest_records(
            store,
            [
                {"title": "Rates up", "text": COUNCIL, "outlet": "Herald", "date": "2025-03-04"},
                Item("Bills rise", LEDGER, "Ledger", datetime(2025, 3, 4, 12, tzinfo=UTC)),
            ],
        )
        assert report.added == 2 and not report.rejected
        stories = store.list_stories()
        assert stories[0]["outlet_names"] == ["Herald", "Ledger"]


def test_ingest_records_rejects_a_bad_record_and_goes_on() -> None:
    seen = []
    with open_store(":memory:") as store:
        report = ingest_records(
            store,
            [{"title": "No text", "outlet": "Herald"}, {"text": COUNCIL, "outlet": "Herald"}],
            on_rejection=seen.append,
        )
    assert report.added == 1
    assert [str(r.origin) for r in report.rejected] == ["<records>:1"]
    assert seen == report.rejected


def test_ingest_records_refuses_what_is_not_a_record() -> None:
    with open_store(":memory:") as store, pytest.raises(InvalidParameter, match="Record 1"):
        ingest_records(store, [42])


def test_summarize_texts_cites_the_texts_by_position() -> None:
    result = summarize_texts([COUNCIL, LEDGER], outlets=["Herald", "Ledger"], word_budget=40)
    assert result.sentences
    assert len(result.text.split()) <= 40
    for sentence in result.sentences:
        for citation in sentence.citations:
            index = result.index_of(citation)
            assert citation.outlet == ["Herald", "Ledger"][index]
            assert result.cited_text(citation) in [COUNCIL, LEDGER][index]


def test_summarize_texts_checks_its_parameters() -> None:
    with pytest.raises(InvalidParameter, match="'outlets'"):
        summarize_texts([COUNCIL, LEDGER], outlets=["Herald"])
    with pytest.raises(InvalidParameter, match="word_budget"):
        summarize_texts([COUNCIL], word_budget=0)


def test_the_public_api_is_exactly_all() -> None:
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None
    assert set(storyline.__all__) >= {"ingest_records", "summarize_texts", "TextSummary"}
