"""Ingest: every format, outlet and date rules, origins, reparse, and bad input."""

from __future__ import annotations

import gzip
import io
import json
import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import ingest
from storyline.errors import InputError, InvalidParameter
from storyline.ingest import raw as ingest_raw
from storyline.models import Accepted, Article, Origin, Rejection, raw_hash

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "ingest"
BAD = FIXTURES / "bad"

PAGE = (GOOD / "valley-ledger-bridge.html").read_bytes()


# --------------------------------------------------------------------------- factories


def accepted(items: object) -> list[Article]:
    return [item.article for item in items if isinstance(item, Accepted)]  # type: ignore[attr-defined]


def rejected(items: object) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]  # type: ignore[attr-defined]


def one_article(data: bytes, name: str = "<stdin>", **options: str) -> Article:
    items = list(ingest.read_bytes(data, name=name, **options))
    assert len(items) == 1 and isinstance(items[0], Accepted), items
    return items[0].article


def one_rejection(data: bytes, name: str) -> Rejection:
    items = list(ingest.read_bytes(data, name=name))
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    return items[0]


def jsonl_article(**fields: object) -> Article:
    fields.setdefault(
        "text", "The Sedge parish council met on Monday to discuss the bus timetable."
    )
    return one_article(json.dumps(fields).encode(), name="lines.jsonl")


def html_page(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


LONG_PARAGRAPH = (
    "<p>The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay.</p>"
)


HARBOUR_STORY = LONG_PARAGRAPH + (
    "<p>Work on the channel will take six weeks, and the board expects to spend most of "
    "its reserve on it, its chair told the monthly meeting of the harbour users.</p>"
    "<p>Fishing crews asked for the work to avoid the spawning season, and the board "
    "agreed to pause the dredgers for a fortnight in May.</p>"
)


def warc_bytes(records: list[tuple[str, str, str, bytes, str | None]], *, compress: bool) -> bytes:
    """A WARC file: a warcinfo record, then (type, status, content type, body, date) records."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for number, (kind, status, content_type, body, date) in enumerate(records):
        uri = f"https://www.valleyledger.example/page-{number}"
        if kind == "request":
            headers = StatusAndHeaders(f"GET /page-{number} HTTP/1.1", [], is_http_request=True)
        else:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
        extra = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>"}
        if date:
            extra["WARC-Date"] = date
        record = writer.create_warc_record(
            uri,
            kind,
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
            warc_headers_dict=extra,
        )
        writer.write_record(record)
    return buffer.getvalue()


NO_DATE_PAGE = html_page("<h1>Dredging</h1>" + LONG_PARAGRAPH * 2)
WARC_RECORDS = [
    ("request", "", "", b"", None),
    ("response", "200 OK", "text/html; charset=utf-8", PAGE, "2024-03-06T10:00:00Z"),
    ("response", "404 Not Found", "text/html", b"<p>missing</p>", None),
    ("response", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00", None),
    ("response", "301 Moved Permanently", "text/html", b"", None),
    ("response", "200 OK", "text/html", html_page("<nav>Home News</nav>"), None),
    ("response", "200 OK", "text/html; charset=iso-8859-1", NO_DATE_PAGE, "2024-03-09T06:00:00Z"),
]


@pytest.fixture(scope="module")
def warc_plain() -> bytes:
    return warc_bytes(WARC_RECORDS, compress=False)


@pytest.fixture(scope="module")
def warc_gz() -> bytes:
    return warc_bytes(WARC_RECORDS, compress=True)


# --------------------------------------------------------------------------- HTML


def test_html_page_gives_metadata() -> None:
    (item,) = ingest.read_file(GOOD / "valley-ledger-bridge.html")
    assert isinstance(item, Accepted)
    article = item.article
    assert article.format == "html"
    assert article.title == "Council closes Marrowby bridge after cracks found"
    assert article.outlet == "The Valley Ledger"
    assert article.author == "Ada Finch"
    assert article.url == "https://www.valleyledger.example/news/2024/marrowby-bridge"
    assert article.published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)


def test_html_body_is_paragraphs_without_page_furniture() -> None:
    article = one_article(PAGE, name="page.html")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The old stone bridge over the Tarrow")
    assert paragraphs[-1].endswith("the transport office said.")
    assert "\n" not in "".join(paragraphs)
    assert "Privacy" not in article.text and "Sport" not in article.text


def test_html_line_break_stays_inside_its_paragraph() -> None:
    article = one_article(PAGE, name="page.html")
    assert "repair plan. A temporary ferry will carry" in article.text


def test_html_headline_is_not_repeated_in_body() -> None:
    article = one_article(PAGE, name="page.html")
    assert article.title not in article.text


def test_html_paragraphs_that_are_links_to_other_pages_are_dropped() -> None:
    teasers = (
        "<p>More from the harbour:</p>"
        '<p><a href="https://ledger.example/ferry-fares">Ferry fares to rise in the autumn: '
        "what travellers need to know</a></p>"
        '<p><a href="https://ledger.example/lighthouse">Lighthouse keeper retires after '
        "forty years on the rock</a></p>"
    )
    article = one_article(html_page(HARBOUR_STORY + teasers), name="page.html")
    assert "Ferry fares" not in article.text
    assert "Lighthouse keeper" not in article.text
    assert article.text.startswith("The harbour board of Port Selwyn")
    assert article.text.endswith("for a fortnight in May.")


def test_html_paragraph_with_a_few_links_is_kept() -> None:
    linked = (
        "<p>The <a href='/board'>harbour board</a> published its dredging plan, which "
        "also covers the south quay and the marina, on its website on Friday.</p>"
    )
    article = one_article(html_page(HARBOUR_STORY + linked), name="page.html")
    assert "published its dredging plan" in article.text


def test_html_anchor_without_a_target_is_not_a_link() -> None:
    bookmarked = (
        "<p><a name='plan'>The dredging plan sets aside two weeks in June for the work "
        "on the north channel, the board said.</a></p>"
    )
    article = one_article(html_page(HARBOUR_STORY + bookmarked), name="page.html")
    assert "two weeks in June" in article.text


def test_gzipped_html_keeps_decompressed_raw(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html.gz"
    path.write_bytes(gzip.compress(PAGE))
    (item,) = ingest.read_file(path)
    assert isinstance(item, Accepted)
    assert item.raw == PAGE
    assert item.article.raw_id == raw_hash(PAGE)
    assert item.article.id == one_article(PAGE, name="page.html").id


# --------------------------------------------------------------------------- plain text


def test_text_header_kicker_headline_standfirst_and_byline() -> None:
    (item,) = ingest.read_file(GOOD / "marrowby-bridge.txt")
    assert isinstance(item, Accepted)
    article = item.article
    assert article.outlet == "The Valley Ledger"
    assert article.kicker == "CITY HALL"
    assert article.title == "Council votes to close Marrowby bridge"
    assert article.standfirst == (
        "Engineers found cracks in two arches of the old crossing over the Tarrow."
    )
    assert article.author == "Ada Finch"
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert article.text.startswith("MARROWBY — The town council voted")
    for piece in ("CITY HALL", "Engineers found cracks", "By Ada Finch"):
        assert piece not in article.text


def test_text_without_layout_keeps_first_paragraph() -> None:
    (item,) = ingest.read_file(GOOD / "sedge-library.txt")
    assert isinstance(item, Accepted)
    article = item.article
    assert (article.title, article.kicker, article.standfirst) == ("", None, None)
    assert article.text.startswith("The public library in Upper Sedge will reopen")
    assert len(article.text.split("\n\n")) == 3


def test_text_one_sentence_lede_without_a_sign_stays_in_body() -> None:
    (item,) = ingest.read_file(GOOD / "tarrow-floods.txt")
    assert isinstance(item, Accepted)
    assert item.article.title == "Tarrow river bursts its banks at Low Ford"
    assert item.article.standfirst is None
    assert item.article.text.startswith("Farmers near Low Ford moved")


def test_text_standfirst_without_full_stop_after_header_title() -> None:
    (item,) = ingest.read_file(GOOD / "port-selwyn-ferry.txt")
    assert isinstance(item, Accepted)
    article = item.article
    assert article.title == "Ferry crews end strike in Port Selwyn"
    assert article.kicker is None
    assert (
        article.standfirst
        == "Crews accept a pay offer after four days that stranded island residents"
    )
    assert article.author == "Lena Oduya"
    assert article.text.startswith("PORT SELWYN, March 7 (Coast Wire) - Ferry crews")


def test_text_header_title_that_differs_is_not_guessed() -> None:
    data = b"Title: Bridge to stay shut\n\nA different first line\n\nBody sentence one is here.\n"
    article = one_article(data, name="a.txt")
    assert article.title == "Bridge to stay shut"
    assert article.text.startswith("A different first line")


def test_text_short_headline_is_not_mistaken_for_a_kicker() -> None:
    data = (
        b"Ferry strike ends\n\nCrews accept a pay offer after four days of stoppage\n\n"
        b"The crews voted on Thursday.\n\nServices resume at noon.\n"
    )
    article = one_article(data, name="a.txt")
    assert (article.kicker, article.title) == (None, "Ferry strike ends")
    assert article.standfirst == "Crews accept a pay offer after four days of stoppage"


def test_text_wrapped_lines_are_joined() -> None:
    data = (
        b"Librarian Joss Meadow said the building had been given new windows\n"
        b"and a lift for readers who use wheelchairs.\n"
    )
    article = one_article(data, name="a.txt")
    assert article.text == (
        "Librarian Joss Meadow said the building had been given new windows "
        "and a lift for readers who use wheelchairs."
    )


def test_text_one_paragraph_per_line_is_split() -> None:
    data = b"The market closes early on Saturday.\nThe cycle race starts at noon.\n"
    assert one_article(data, name="a.txt").text == (
        "The market closes early on Saturday.\n\nThe cycle race starts at noon."
    )


def test_text_with_bom_and_crlf_reads() -> None:
    data = b"\xef\xbb\xbfThe market closes early on Saturday.\r\n\r\nThe race starts at noon.\r\n"
    assert one_article(data, name="a.txt").text == (
        "The market closes early on Saturday.\n\nThe race starts at noon."
    )


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_lines_become_articles_with_line_numbers() -> None:
    items = list(ingest.read_file(GOOD / "coast-wire.jsonl"))
    articles = accepted(items)
    assert not rejected(items)
    assert [a.origin.line for a in articles] == [1, 3, 4, 5]
    assert str(articles[0].origin).endswith("coast-wire.jsonl:1")
    first = articles[0]
    assert (first.title, first.outlet, first.author) == (
        "Skerry islands get a second ferry",
        "Coast Wire",
        "Lena Oduya",
    )
    assert first.text.count("\n\n") == 1


def test_jsonl_raw_is_the_line() -> None:
    (item, *_) = ingest.read_file(GOOD / "coast-wire.jsonl")
    line = (GOOD / "coast-wire.jsonl").read_bytes().split(b"\n")[0]
    assert isinstance(item, Accepted)
    assert item.raw == line
    assert item.article.raw_id == raw_hash(line)


def test_jsonl_html_field_goes_through_extraction() -> None:
    articles = accepted(ingest.read_file(GOOD / "coast-wire.jsonl"))
    page = articles[1]
    assert page.title == "Night buses return to Marrowby"
    assert page.text.startswith("Night buses between Marrowby and Port Selwyn")
    assert page.url == "https://www.harbourpost.example/2024/03/night-buses"
    assert page.outlet == "harbourpost.example"
    assert page.published == datetime(2024, 3, 8, tzinfo=UTC)


def test_jsonl_text_wins_over_html() -> None:
    article = jsonl_article(text="Short brief from the quay.", html=PAGE.decode())
    assert article.text == "Short brief from the quay."


def test_jsonl_first_paragraph_repeating_title_is_dropped() -> None:
    article = jsonl_article(
        title="Market closes", text="Market closes\n\nThe market closes at noon."
    )
    assert article.text == "The market closes at noon."


def test_gzipped_jsonl_streams_lines(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress((GOOD / "coast-wire.jsonl").read_bytes()))
    assert [a.origin.line for a in accepted(ingest.read_file(path))] == [1, 3, 4, 5]


def test_truncated_gzipped_jsonl_keeps_lines_before_the_damage(tmp_path: Path) -> None:
    lines = b"".join(
        json.dumps({"text": f"Brief number {n} about the Upper Sedge fair."}).encode() + b"\n"
        for n in range(2000)
    )
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress(lines)[:-40])
    items = list(ingest.read_file(path))
    assert len(accepted(items)) > 1000
    (rejection,) = rejected(items)
    assert rejection is items[-1]
    assert rejection.reason.startswith("corrupt gzip data after line")


# --------------------------------------------------------------------------- feeds


def test_rss_entries_become_articles() -> None:
    items = list(ingest.read_file(GOOD / "harbour-post.rss"))
    articles = accepted(items)
    assert [a.origin.entry for a in articles] == [0, 1, 2]
    assert {a.outlet for a in articles} == {"The Harbour Post"}
    assert all(isinstance(item, Accepted) and item.raw == items[0].raw for item in items)
    first = articles[0]
    assert first.title == "New lighthouse keeper appointed on Skerry Mor"
    assert first.url == "https://www.harbourpost.example/2024/03/lighthouse-keeper"
    assert first.author == "Ines Calloway"
    assert first.published == datetime(2024, 3, 4, 7, 45, tzinfo=UTC)
    assert first.text.count("\n\n") == 1


def test_rss_prefers_full_content_over_summary() -> None:
    article = accepted(ingest.read_file(GOOD / "harbour-post.rss"))[1]
    assert article.text.startswith("The Port Selwyn fish market will move")
    assert "teaser" not in article.text
    assert article.published == datetime(2024, 3, 5, 11, 0, tzinfo=UTC)


def test_rss_double_line_break_separates_paragraphs() -> None:
    article = accepted(ingest.read_file(GOOD / "harbour-post.rss"))[2]
    assert article.text == (
        "Forecasters expect gales on Wednesday night.\n\nFerries may be cancelled at short notice."
    )
    assert article.published is None


def test_atom_feed_without_title_takes_outlet_from_link_host() -> None:
    (article,) = accepted(ingest.read_file(GOOD / "lake-gazette.atom"))
    assert article.outlet == "lakegazette.example"
    assert article.author == "Tom Reyes"
    assert article.published == datetime(2024, 4, 1, 8, 0, tzinfo=UTC)


def test_xml_file_is_read_when_it_is_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "gazette.xml"
    shutil.copy(GOOD / "lake-gazette.atom", path)
    (article,) = accepted(ingest.read_file(path))
    assert article.format == "feed"


# --------------------------------------------------------------------------- WARC


@pytest.mark.parametrize("compress", [False, True])
def test_warc_reads_html_responses_only(compress: bool) -> None:
    data = warc_bytes(WARC_RECORDS, compress=compress)
    items = list(ingest.read_bytes(data, name="crawl.warc"))
    assert [type(item).__name__ for item in items] == ["Accepted", "Rejection", "Accepted"]
    assert "too little text" in items[1].reason  # type: ignore[union-attr]


def test_warc_url_comes_from_target_uri(warc_plain: bytes) -> None:
    first, second = accepted(ingest.read_bytes(warc_plain, name="crawl.warc"))
    assert first.url == "https://www.valleyledger.example/page-1"
    assert first.outlet == "The Valley Ledger"
    assert second.outlet == "valleyledger.example"


def test_warc_date_is_used_when_page_has_none(warc_plain: bytes) -> None:
    first, second = accepted(ingest.read_bytes(warc_plain, name="crawl.warc"))
    assert first.published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert second.published == datetime(2024, 3, 9, 6, 0, tzinfo=UTC)


def test_warc_offsets_point_at_records(warc_plain: bytes) -> None:
    for item in ingest.read_bytes(warc_plain, name="crawl.warc"):
        offset = item.article.origin.offset if isinstance(item, Accepted) else item.origin.offset
        assert offset is not None
        assert warc_plain[offset:].startswith(b"WARC/1")
        if isinstance(item, Accepted):
            assert warc_plain[offset:].startswith(item.raw.removesuffix(b"\r\n\r\n"))


def test_gzipped_warc_gives_the_same_articles_and_raw(warc_plain: bytes, warc_gz: bytes) -> None:
    plain = [i for i in ingest.read_bytes(warc_plain, name="a.warc") if isinstance(i, Accepted)]
    packed = [i for i in ingest.read_bytes(warc_gz, name="a.warc.gz") if isinstance(i, Accepted)]
    assert [i.raw for i in packed] == [i.raw for i in plain]
    assert [i.article.id for i in packed] == [i.article.id for i in plain]
    for item in packed:
        offset = item.article.origin.offset
        assert offset is not None
        member = io.BytesIO(warc_gz[offset:])
        assert gzip.GzipFile(fileobj=member).read(len(item.raw)) == item.raw


def test_warc_skipped_records_are_counted_in_debug_log(
    warc_plain: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="storyline.ingest"):
        list(ingest.read_bytes(warc_plain, name="crawl.warc"))
    assert "skipped 5 WARC records" in caplog.text


@pytest.mark.parametrize("in_payload", [False, True], ids=["in-headers", "in-payload"])
def test_truncated_warc_keeps_records_before_the_damage(
    warc_plain: bytes, in_payload: bool
) -> None:
    cut = len(warc_plain) - 60 if in_payload else warc_plain.rindex(b"WARC/1") + 100
    items = list(ingest.read_bytes(warc_plain[:cut], name="crawl.warc"))
    assert len(accepted(items)) == 1
    (rejection,) = rejected(items)[1:]
    assert rejection.origin.offset == warc_plain.rindex(b"WARC/1")
    assert rejection.raw == warc_plain[rejection.origin.offset : cut]


def test_truncated_gzipped_warc_is_one_rejection_after_good_records(warc_gz: bytes) -> None:
    items = list(ingest.read_bytes(warc_gz[:-30], name="crawl.warc.gz"))
    assert len(accepted(items)) == 1
    assert isinstance(items[-1], Rejection)
    assert items[-1].reason.startswith(("truncated", "damaged"))


# --------------------------------------------------------------------------- outlet precedence


def test_explicit_outlet_wins_over_metadata() -> None:
    assert one_article(PAGE, name="p.html", outlet="Ledger Archive").outlet == "Ledger Archive"
    line = (GOOD / "coast-wire.jsonl").read_bytes().split(b"\n")[0]
    assert one_article(line, name="l.jsonl", outlet="Mirror").outlet == "Mirror"


def test_metadata_outlet_wins_over_url_host() -> None:
    assert jsonl_article(outlet="Coast Wire", url="https://www.other.example/x").outlet == (
        "Coast Wire"
    )


def test_outlet_falls_back_to_url_host_without_www() -> None:
    assert jsonl_article(url="https://www.lakegazette.example/a/b").outlet == "lakegazette.example"


def test_outlet_is_unknown_without_any_clue() -> None:
    assert jsonl_article().outlet == "lines.jsonl:1"  # its own source, by file and line


def test_feed_outlet_argument_wins_over_feed_title() -> None:
    items = ingest.read_file(GOOD / "harbour-post.rss", outlet="Harbour Archive")
    assert {a.outlet for a in accepted(items)} == {"Harbour Archive"}


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T09:30:00+01:00", datetime(2024, 3, 5, 8, 30, tzinfo=UTC)),
        ("2024-03-05T09:30:00Z", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 09:30:00 GMT", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 09:30:00 EST", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("5 March 2024 09:30", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("March 5, 2024 9:30 PM CET", datetime(2024, 3, 5, 20, 30, tzinfo=UTC)),
        (1709631000, datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        (1709631000000, datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
    ],
)
def test_dates_are_read_as_aware_datetimes(value: object, expected: datetime) -> None:
    published = jsonl_article(date=value).published
    assert published == expected
    assert published is not None and published.tzinfo is not None


def test_date_offset_is_kept() -> None:
    published = jsonl_article(date="2024-03-05T09:30:00+01:00").published
    assert published is not None
    assert published.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("value", ["next Tuesday-ish", "March 2024", "2024", "31/31/2024"])
def test_unreadable_date_keeps_article_and_logs(
    value: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="storyline.ingest"):
        article = jsonl_article(date=value)
    assert article.published is None
    assert "cannot read the date" in caplog.text


def test_text_header_date_without_zone_is_utc() -> None:
    article = one_article(b"Date: 2024-03-05 09:30\n\nThe quay reopened.\n", name="a.txt")
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


# --------------------------------------------------------------------------- reparse


def all_good_items(tmp_path: Path) -> list[Accepted]:
    for name in ("valley-ledger-bridge.html", "marrowby-bridge.txt", "coast-wire.jsonl"):
        data = (GOOD / name).read_bytes()
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(data))
    (tmp_path / "crawl.warc").write_bytes(warc_bytes(WARC_RECORDS, compress=False))
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes(WARC_RECORDS, compress=True))
    items = ingest.read_inputs([GOOD, tmp_path])
    return [item for item in items if isinstance(item, Accepted)]


def test_every_format_is_covered_by_the_reparse_check(tmp_path: Path) -> None:
    formats = {item.article.format for item in all_good_items(tmp_path)}
    assert formats == set(ingest.FORMATS)


def test_reparse_gives_back_every_accepted_item(tmp_path: Path) -> None:
    for item in all_good_items(tmp_path):
        again = ingest.reparse(item.raw, format=item.article.format, origin=item.article.origin)
        assert again == item, item.article.origin


def test_reparse_with_outlet_matches_reading_with_outlet() -> None:
    for item in ingest.read_file(GOOD / "harbour-post.rss", outlet="Archive"):
        assert isinstance(item, Accepted)
        origin = item.article.origin
        assert ingest.reparse(item.raw, format="feed", origin=origin, outlet="Archive") == item


def test_reparse_of_a_feed_needs_an_entry() -> None:
    data = (GOOD / "harbour-post.rss").read_bytes()
    result = ingest.reparse(data, format="feed", origin=Origin("f.rss"))
    assert isinstance(result, Rejection)
    result = ingest.reparse(data, format="feed", origin=Origin("f.rss", entry=9))
    assert isinstance(result, Rejection) and "no entry 9" in result.reason


def test_reparse_rejects_an_unknown_format() -> None:
    with pytest.raises(InvalidParameter, match="one of html, text, jsonl, feed, warc"):
        ingest.reparse(b"x", format="pdf", origin=Origin("x"))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("latin1.txt", "not valid UTF-8: byte 0xE9 at offset 3"),
        ("empty.html", "empty file"),
        ("nul-bytes.txt", "binary content (NUL bytes)"),
        ("corrupt.html.gz", "corrupt gzip data"),
        ("broken.warc", "not a WARC file"),
        ("not-a-feed.rss", "not a valid RSS or Atom feed"),
        ("menu-only.html", "too little text"),
        ("slides.pdf", "unsupported file type '.pdf'"),
    ],
)
def test_bad_file_becomes_one_rejection_with_its_bytes(name: str, reason: str) -> None:
    items = list(ingest.read_file(BAD / name))
    assert len(items) == 1
    (rejection,) = items
    assert isinstance(rejection, Rejection)
    assert reason in rejection.reason
    assert "\n" not in rejection.message()
    assert rejection.raw == (BAD / name).read_bytes()
    assert rejection.origin.path == str(BAD / name)


def test_utf8_error_suggests_reencoding() -> None:
    (rejection,) = ingest.read_file(BAD / "latin1.txt")
    assert isinstance(rejection, Rejection)
    assert "re-encode as UTF-8" in rejection.reason


def test_malformed_jsonl_lines_are_rejected_one_by_one() -> None:
    items = list(ingest.read_file(BAD / "malformed.jsonl"))
    lines = (BAD / "malformed.jsonl").read_bytes().split(b"\n")
    assert [a.origin.line for a in accepted(items)] == [1, 6]
    rejections = rejected(items)
    assert [r.origin.line for r in rejections] == [2, 3, 4, 5, 7, 8]
    assert [r.raw for r in rejections] == [lines[n - 1] for n in (2, 3, 4, 5, 7, 8)]
    reasons = [r.reason for r in rejections]
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1] == "not a JSON object (got an array)"
    assert reasons[2] == "no 'text' or 'html' field with content"
    assert reasons[3] == "field 'title' must be a string, got a number"
    assert reasons[4].startswith("not valid UTF-8: byte 0xE9 at offset 14 in this line")
    assert reasons[5] == "field 'date' must be a string or a number, got a boolean"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        ("Ferry news".encode("utf-16"), "a.txt", "UTF-16"),
        (b'[{"text": "a"}]\n', "a.jsonl", "a JSON array, not JSON Lines"),
        (b"\x00\x01\x02binary", "a.jsonl", "binary content"),
        (b"\x1f\x8b\x08\x00garbage", "a.jsonl.gz", "corrupt gzip data"),
        (b"   \n\n", "a.txt", "empty file"),
        (b"", "<stdin>", "empty file"),
        (b"<urlset><url>x</url></urlset>", "sitemap.xml", "not an RSS or Atom feed"),
        (b"\x00\x00\x89PNG", "<stdin>", "binary or unrecognised content"),
        (b"<rss><channel><title>Empty</title></channel></rss>", "a.rss", "feed has no entries"),
        (b'{"title": "Only a title", "html": "<p>Hi</p>"}', "a.jsonl", "no article text"),
    ],
)
def test_other_bad_inputs_become_one_rejection(data: bytes, name: str, reason: str) -> None:
    assert reason in one_rejection(data, name).reason


def test_feed_entry_without_content_is_rejected_and_others_kept() -> None:
    data = (
        b"<rss><channel><title>Quay News</title>"
        b"<item><title>Empty one</title></item>"
        b"<item><title>Full</title><description>The quay reopened.</description></item>"
        b"</channel></rss>"
    )
    items = list(ingest.read_bytes(data, name="q.rss"))
    assert isinstance(items[0], Rejection) and items[0].origin.entry == 0
    assert "no content or summary" in items[0].reason
    assert isinstance(items[1], Accepted) and items[1].article.origin.entry == 1


def test_feed_that_is_not_well_formed_is_still_read() -> None:
    data = (
        b"<rss><channel><title>Quay</title><item><title>T</title>"
        b"<description>The quay reopened.</description></item><item><title>U</ti"
    )
    items = list(ingest.read_bytes(data, name="q.rss"))
    assert [a.title for a in accepted(items)] == ["T"]


def test_batch_goes_on_after_bad_inputs() -> None:
    items = list(ingest.read_inputs([BAD, GOOD / "sedge-library.txt"]))
    assert len(rejected(items)) == 8 + 6  # one per bad file, six bad JSON lines
    assert accepted(items)[-1].origin.path.endswith("sedge-library.txt")


def test_unreadable_file_is_rejected_and_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "a-locked.txt"
    locked.write_text("The quay reopened on Friday.\n")
    (tmp_path / "b-open.txt").write_text("The market reopened on Friday.\n")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    first, second = ingest.read_inputs([tmp_path])
    assert isinstance(first, Rejection)
    assert first.reason == "cannot read the file: Permission denied"
    assert isinstance(second, Accepted)


def test_large_rejected_file_is_kept_without_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_raw, "_MAX_KEPT_RAW", 16)
    path = tmp_path / "video.mp4"
    path.write_bytes(b"\x00" * 100)
    (rejection,) = ingest.read_file(path)
    assert isinstance(rejection, Rejection)
    assert rejection.raw == b""
    assert "not kept" in rejection.action


# --------------------------------------------------------------------------- stdin and detection


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (GOOD / "valley-ledger-bridge.html", "html"),
        (GOOD / "sedge-library.txt", "text"),
        (GOOD / "coast-wire.jsonl", "jsonl"),
        (GOOD / "harbour-post.rss", "feed"),
        (GOOD / "lake-gazette.atom", "feed"),
    ],
)
def test_stdin_format_is_sniffed(path: Path, expected: str) -> None:
    items = list(ingest.read_bytes(path.read_bytes(), name="<stdin>"))
    articles = accepted(items)
    assert articles and not rejected(items)
    assert {a.format for a in articles} == {expected}
    assert {a.origin.path for a in articles} == {"<stdin>"}


def test_stdin_warc_is_sniffed_even_gzipped(warc_gz: bytes) -> None:
    articles = accepted(ingest.read_bytes(warc_gz, name="<stdin>"))
    assert [a.format for a in articles] == ["warc", "warc"]


def test_explicit_format_overrides_detection() -> None:
    data = (GOOD / "sedge-library.txt").read_bytes()
    article = one_article(data, name="notes.md", format="text")
    assert article.format == "text"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.HTML", b"", "html"),
        ("a.htm.gz", b"", "html"),
        ("a.txt", b"", "text"),
        ("a.ndjson", b"", "jsonl"),
        ("a.jsonl.gz", b"", "jsonl"),
        ("a.atom", b"", "feed"),
        ("a.warc.gz", b"", "warc"),
        ("feed.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        ("feed.xml", gzip.compress(b"<feed xmlns='http://www.w3.org/2005/Atom'>"), "feed"),
        ("sitemap.xml", b"<urlset>", None),
        ("notes.md", b"# hello", None),
        ("archive.tar.gz", b"", None),
        ("<stdin>", b"WARC/1.1\r\n", "warc"),
        ("<stdin>", b"  <!DOCTYPE html><html>", "html"),
        ("<stdin>", b'{"text": "x"}', "jsonl"),
        ("<stdin>", b"Plain words.", "text"),
        ("<stdin>", b"\x00\x01", None),
    ],
)
def test_detect_format(name: str, data: bytes, expected: str | None) -> None:
    assert ingest.detect_format(name, data) == expected


# --------------------------------------------------------------------------- discovery and calls


def test_discover_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/z.txt", "b/a.txt", "c.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).write_text("x")
    single = tmp_path / "c.txt"
    found = ingest.discover([single, tmp_path])
    assert found == [single, tmp_path / "b" / "a.txt", tmp_path / "b" / "z.txt"]


def test_discover_raises_input_error_naming_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.html"
    with pytest.raises(InputError, match=r"nowhere\.html"):
        ingest.discover([GOOD, missing])


def test_read_inputs_raises_before_reading_anything(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere"):
        ingest.read_inputs([GOOD, tmp_path / "nowhere"])


def test_read_file_raises_for_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        ingest.read_file(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="is a folder"):
        ingest.read_file(tmp_path)


def test_read_inputs_reports_progress_per_file() -> None:
    calls: list[tuple[int, int]] = []
    files = [GOOD / "sedge-library.txt", GOOD / "tarrow-floods.txt"]
    list(ingest.read_inputs(files, progress=lambda done, total: calls.append((done, total))))
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_format_parameter_is_validated() -> None:
    with pytest.raises(InvalidParameter, match=r"'format' parameter of read_file .* Got 'pdf'"):
        ingest.read_file(GOOD / "sedge-library.txt", format="pdf")


def test_outlet_parameter_must_not_be_blank() -> None:
    with pytest.raises(InvalidParameter, match="'outlet' parameter of read_bytes"):
        ingest.read_bytes(b"x", name="a.txt", outlet=" ")


def test_public_api_is_exactly_all() -> None:
    assert sorted(ingest.__all__) == [
        "FORMATS",
        "detect_format",
        "discover",
        "read_bytes",
        "read_file",
        "read_files",
        "read_inputs",
        "read_stream",
        "reparse",
    ]
    assert ingest.FORMATS == ("html", "text", "jsonl", "feed", "warc")


def test_plain_text_fallback_keeps_link_text_without_markdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # When trafilatura gives no markup body, its plain text (with links kept)
    # writes them as Markdown; the article keeps only the words.
    from types import SimpleNamespace

    import lxml.html

    from storyline.ingest import html as ingest_html

    extracted = SimpleNamespace(
        body=None,
        text="Tolls rise in May, says [the bridge trust](/trust/notice).\nCyclists pay nothing.",
    )
    monkeypatch.setattr(ingest_html.trafilatura, "bare_extraction", lambda *a, **k: extracted)
    tree = lxml.html.fromstring("<html><body><p>placeholder</p></body></html>")

    paragraphs = ingest_html._extracted_paragraphs(tree, None, fast=True)

    assert paragraphs == ["Tolls rise in May, says the bridge trust.", "Cyclists pay nothing."]
