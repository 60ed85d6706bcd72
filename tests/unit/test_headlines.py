"""Headlines, kickers and standfirsts in every input format; page titles without site names.

The pages and texts are invented for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import ingest
from storyline.cli import main
from storyline.ingest.titles import clean_title
from storyline.models import Accepted, Article

BODY = (
    "Castreven harbour board said on Monday that the north pier would reopen in April.\n\n"
    "Repairs to the sea wall took two years and cost £4 million, the board said.\n\n"
    "Fishing crews had moored in Larnby while the work went on."
)
KICKER = "HARBOUR"
HEADLINE = "North pier to reopen after two years of repairs"
STANDFIRST = "Fishing crews can return to Castreven in April, the harbour board says"


def one_article(data: bytes, name: str) -> Article:
    items = list(ingest.read_bytes(data, name=name))
    assert len(items) == 1 and isinstance(items[0], Accepted), items
    return items[0].article


@pytest.mark.parametrize(
    ("title", "options", "expected"),
    [
        ("Pier reopens – Coastline Daily", {"site": "Coastline Daily"}, "Pier reopens"),
        ("Pier reopens | MoreBikes", {"url": "https://www.morebikes.example/pier"}, "Pier reopens"),
        ("Coastline Daily: Pier reopens", {"site": "Coastline Daily"}, "Pier reopens"),
        (
            "Pier reopens - News - Coastline Daily",
            {"site": "Coastline Daily"},
            "Pier reopens - News",
        ),
        ("Pier reopens | Harbour news", {}, "Pier reopens"),
        ("Storm hits coast - the morning after", {}, "Storm hits coast - the morning after"),
        ("Pier reopens", {"site": "Pier reopens"}, "Pier reopens"),
        (
            "Ferries: Pier reopens in April",
            {"heading": "Pier reopens in April"},
            "Pier reopens in April",
        ),
        ("Pier reopens – Anna Berg", {"heading": "Anna Berg", "site": "Anna Berg"}, "Pier reopens"),
    ],
)
def test_page_titles_lose_the_site_name_only_on_evidence(
    title: str, options: dict[str, str], expected: str
) -> None:
    assert clean_title(title, **options) == expected


def test_html_title_loses_its_site_suffix() -> None:
    page = (
        "<html><head><title>North pier to reopen in April | Coastline Daily</title>"
        '<meta property="og:site_name" content="Coastline Daily"></head><body><article>'
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article></body></html>"
    )
    article = one_article(page.encode(), "pier.html")
    assert article.title == "North pier to reopen in April"


def _layout_text() -> str:
    return "\n\n".join([KICKER, HEADLINE, STANDFIRST, BODY])


def test_text_file_kicker_headline_and_standfirst() -> None:
    article = one_article(_layout_text().encode(), "pier.txt")
    assert (article.kicker, article.title, article.standfirst) == (KICKER, HEADLINE, STANDFIRST)
    assert article.text.startswith("Castreven harbour board said")


def test_jsonl_text_field_is_read_for_the_same_layout() -> None:
    line = json.dumps({"text": _layout_text(), "outlet": "Coastline Daily"}).encode() + b"\n"
    article = one_article(line, "pier.jsonl")
    assert (article.kicker, article.title, article.standfirst) == (KICKER, HEADLINE, STANDFIRST)
    assert article.text.startswith("Castreven harbour board said")


def test_jsonl_title_field_wins_and_its_repeat_leaves_the_body() -> None:
    record = {"title": HEADLINE, "text": "\n\n".join([HEADLINE, BODY])}
    article = one_article(json.dumps(record).encode() + b"\n", "pier.jsonl")
    assert article.title == HEADLINE
    assert article.text.startswith("Castreven harbour board said")


def test_jsonl_body_without_a_headline_stays_whole() -> None:
    article = one_article(json.dumps({"text": BODY}).encode() + b"\n", "pier.jsonl")
    assert article.title == "" and article.text == BODY


def test_a_story_title_is_a_whole_sentence_when_no_article_has_a_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_first = (
        "Castreven harbour board said on Monday that the north pier, closed since a storm "
        "broke its sea wall two winters ago, would reopen to fishing crews in April."
    )
    source = tmp_path / "pier.txt"
    source.write_text(long_first + "\n\nCrews welcomed the news on the quay.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(source), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--json"]) == 0
    (story,) = json.loads(capsys.readouterr().out)
    assert story["title"] == long_first
