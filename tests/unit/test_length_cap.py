"""The article length cap: later stages see at most clean.max_chars characters, never silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import MAX_CHARS, Cleaner
from storyline.config import Settings
from storyline.errors import InvalidParameter
from storyline.pipeline import Pipeline
from storyline.store import open_store
from tests.factories import make_article

PARAGRAPH = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay."
)


def long_text(paragraphs: int) -> str:
    return "\n\n".join(f"{PARAGRAPH} Item {n}." for n in range(paragraphs))


def test_text_past_the_cap_is_cut_at_a_paragraph_break_and_recorded() -> None:
    article = make_article(long_text(100)).article
    cleaned = Cleaner(max_chars=2000).clean(article)
    assert len(cleaned.text) <= 2000
    assert cleaned.text.endswith(".")
    (cut,) = [r for r in cleaned.removals if "length cap" in r.reason]
    assert cut.text.startswith(PARAGRAPH)
    assert len(cleaned.text) + len(cut.text) < len(article.text)


def test_one_huge_paragraph_is_cut_at_a_space() -> None:
    article = make_article(" ".join([PARAGRAPH] * 100)).article
    cleaned = Cleaner(max_chars=3000).clean(article)
    assert len(cleaned.text) <= 3000
    assert not cleaned.text.endswith(" ")
    assert any("length cap" in r.reason for r in cleaned.removals)


def test_short_articles_are_untouched() -> None:
    cleaned = Cleaner().clean(make_article(long_text(3)).article)
    assert not any("length cap" in r.reason for r in cleaned.removals)


def test_cap_is_validated() -> None:
    with pytest.raises(InvalidParameter, match="'max_chars' parameter of Cleaner"):
        Cleaner(max_chars=10).validate()


def test_a_megabyte_article_is_stored_whole_and_cleaned_to_the_cap(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_text("Title: A very long report\n\n" + long_text(6000))
    assert source.stat().st_size > 1_000_000
    with open_store(tmp_path / "s.db") as store:
        report = Pipeline(store, Settings()).ingest([source])
        assert report.added == 1 and report.summaries == 1
        (story,) = store.list_stories()
        detail = store.article_detail(store.story_members(story["id"])[0])
    assert len(detail["text"]) > 1_000_000  # the article itself is kept whole
    assert len(detail["clean_text"]) <= MAX_CHARS
    assert any("length cap" in r["reason"] for r in detail["removals"])
