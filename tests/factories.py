"""Small factories shared by the tests (store, pipeline, CLI, the stages after cleaning)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.models import Accepted, Article, CleanArticle, Origin, Rejection, raw_hash


def make_article(
    text: str = "The council approved the plan on Tuesday.\n\nResidents welcomed it.",
    *,
    outlet: str = "Test Herald",
    title: str = "Council approves plan",
    published: datetime | None = datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
    path: str = "in/a.txt",
    line: int | None = None,
    url: str | None = "https://herald.example/council",
) -> Accepted:
    raw = f"{title}\n\n{text}".encode()
    article = Article.create(
        raw_id=raw_hash(raw),
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin(path, line=line),
        url=url,
        published=published,
        author="A. Writer",
    )
    return Accepted(article, raw)


def make_rejection(reason: str = "empty file", path: str = "in/empty.txt") -> Rejection:
    return Rejection(Origin(path), reason, raw=b"", format="text")


def make_clean_article(
    text: str,
    *,
    title: str = "",
    published: datetime | None = None,
    outlet: str = "The Test Courier",
) -> CleanArticle:
    """An article as the cleaning stage hands it on (its text kept whole), for the
    stages after it: clustering and threads."""
    article = Article.create(
        raw_id="raw",
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin("test.txt"),
        published=published,
    )
    return CleanArticle(article=article, text=text)


def html_warc(
    pages: Sequence[bytes], *, compress: bool, site: str = "https://news.example"
) -> bytes:
    """A WARC file of HTTP 200 HTML responses, one a page (``SITE/0``, ``SITE/1`` ...),
    each record gzipped on its own when ``compress``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        record = writer.create_warc_record(
            f"{site}/{number}",
            "response",
            payload=io.BytesIO(page),
            length=len(page),
            http_headers=headers,
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:{number:08d}-0000-0000-0000-000000000000>"
            },
        )
        writer.write_record(record)
    return buffer.getvalue()
