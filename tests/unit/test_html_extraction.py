"""HTML extraction: one fast pass, a second look when it failed, furniture, ledes, metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import trafilatura

from storyline import ingest
from storyline.ingest import html
from storyline.models import Accepted, Article

PARAGRAPHS = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay.",
    "Board chair Mirela Osk said the work would take eleven weeks and cost the port "
    "about four million, paid from the reserve built up over the last decade.",
    "Fishing crews asked for the dredgers to stay clear of the eastern moorings during "
    "the spawning season, and the board promised to publish a timetable in March.",
)
DESCRIPTION = (
    "Larger ferries will reach Port Selwyn at any tide once the north channel is "
    "dredged, the harbour board decided on Friday."
)


def page(article: str, *, head: str = "", before: str = "") -> bytes:
    """A news page: head, some page furniture, ``before`` the article, then the article."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dredging to start in spring | Selwyn Tide</title>{head}</head>
<body><nav><a href="/">Home</a> <a href="/port">Port</a> <a href="/sport">Sport</a></nav>
<main>{before}<article><h1>Dredging to start in spring</h1>{article}</article></main>
<footer><a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>
</body></html>""".encode()


def body(*extra: str) -> str:
    return "".join(f"<p>{text}</p>" for text in (*PARAGRAPHS, *extra))


def article_of(data: bytes) -> Article:
    items = list(ingest.read_bytes(data, name="page.html"))
    assert len(items) == 1 and isinstance(items[0], Accepted), items
    return items[0].article


def paragraphs_of(data: bytes) -> list[str]:
    return article_of(data).text.split("\n\n")


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The ``fast`` flag of every trafilatura pass made while the test runs."""
    seen: list[bool] = []
    real = trafilatura.bare_extraction

    def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(bool(kwargs.get("fast")))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    return seen


# --------------------------------------------------------------------------- passes


def test_an_ordinary_page_takes_one_fast_pass(passes: list[bool]) -> None:
    assert paragraphs_of(page(body())) == list(PARAGRAPHS)
    assert passes == [True]


def test_a_text_dump_is_extracted_again_with_the_full_cascade(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dump = " ".join(["Menu item and teaser text"] * 80)
    calls: list[bool] = []

    def extracted(tree: Any, url: str | None, *, fast: bool) -> list[str]:
        calls.append(fast)
        return [dump] if fast else list(PARAGRAPHS)

    monkeypatch.setattr(html, "_extracted_paragraphs", extracted)
    assert paragraphs_of(page(body())) == list(PARAGRAPHS)
    assert calls == [True, False]


def test_little_text_from_a_long_page_is_extracted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def extracted(tree: Any, url: str | None, *, fast: bool) -> list[str]:
        calls.append(fast)
        return [PARAGRAPHS[0]] if fast else list(PARAGRAPHS)

    monkeypatch.setattr(html, "_extracted_paragraphs", extracted)
    long_page = page(body(*[f"Archive note {n}: " + PARAGRAPHS[1] for n in range(30)]))
    assert paragraphs_of(long_page) == list(PARAGRAPHS)
    assert calls == [True, False]


def test_a_second_pass_that_finds_less_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def extracted(tree: Any, url: str | None, *, fast: bool) -> list[str]:
        return list(PARAGRAPHS[:2]) if fast else []

    monkeypatch.setattr(html, "_extracted_paragraphs", extracted)
    long_page = page(body(*[PARAGRAPHS[2]] * 40))
    assert paragraphs_of(long_page) == list(PARAGRAPHS[:2])


# --------------------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    "stamp", ["05.03.2024 09:30", "Updated 2024-03-05", "7 March 2024, 14:05", "March 7th, 2024"]
)
def test_a_date_stamp_paragraph_is_dropped(stamp: str) -> None:
    assert stamp not in article_of(page(body(stamp))).text


@pytest.mark.parametrize(
    "sentence",
    [
        "The next board meeting is on 12 April 2024.",
        "Deadline for objections: 03.04.2024 (postmark)",
    ],
)
def test_a_short_paragraph_about_a_date_is_kept(sentence: str) -> None:
    assert paragraphs_of(page(body(sentence)))[-1] == sentence


def test_a_closing_label_that_introduces_nothing_is_dropped() -> None:
    assert paragraphs_of(page(body("More on the harbour:"))) == list(PARAGRAPHS)


def test_a_label_followed_by_text_is_kept() -> None:
    data = page(body("What happens next:", "The board meets the fishing crews in April."))
    assert "What happens next:" in paragraphs_of(data)


# --------------------------------------------------------------------------- lede


def description(text: str) -> str:
    return f'<meta name="description" content="{text}">'


def test_a_lede_shown_above_the_article_is_put_back_first() -> None:
    teaser = f'<div class="teaser"><p>{DESCRIPTION}</p></div>'
    data = page(body(), head=description(DESCRIPTION), before=teaser)
    assert paragraphs_of(data) == [DESCRIPTION, *PARAGRAPHS]


def test_a_description_the_page_never_shows_is_not_added() -> None:
    data = page(body(), head=description(DESCRIPTION))
    assert paragraphs_of(data) == list(PARAGRAPHS)


def test_a_lede_already_in_the_body_is_not_repeated() -> None:
    data = page(body(), head=description(PARAGRAPHS[0]))
    assert paragraphs_of(data) == list(PARAGRAPHS)


# --------------------------------------------------------------------------- metadata


def test_byline_in_the_markup_gives_the_author_when_meta_tags_have_none() -> None:
    data = page('<p class="byline">By Tomas Vell</p>' + body())
    assert article_of(data).author == "Tomas Vell"


def test_json_ld_gives_headline_author_and_date() -> None:
    record = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Channel dredging approved",
        "author": {"@type": "Person", "name": "Ines Parr"},
        "datePublished": "2024-03-08T10:15:00+00:00",
    }
    head = f'<script type="application/ld+json">{json.dumps(record)}</script>'
    article = article_of(page(body(), head=head))
    assert article.title == "Channel dredging approved"
    assert article.author == "Ines Parr"
    assert article.published == datetime(2024, 3, 8, 10, 15, tzinfo=UTC)


def test_site_name_from_meta_tags_is_the_outlet() -> None:
    head = '<meta property="og:site_name" content="Selwyn Tide">'
    assert article_of(page(body(), head=head)).outlet == "Selwyn Tide"


def test_page_without_html_structure_is_rejected_with_a_reason() -> None:
    items = list(ingest.read_bytes(b"\x89PNG\r\n not a page", name="page.html"))
    assert len(items) == 1 and not isinstance(items[0], Accepted)
