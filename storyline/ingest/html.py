"""HTML pages: trafilatura finds the article, and its markup is cut into paragraphs."""

from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura

from storyline.ingest.articles import Fields, Item, build_item, squash
from storyline.ingest.dates import parse_date
from storyline.ingest.raw import UTF16_BOMS
from storyline.models import Origin, Rejection

# Fewer extracted words than this is a menu or an index page, not an article.
_MIN_PAGE_WORDS = 10
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def parse_html_page(data: bytes, origin: Origin, outlet: str | None) -> Item:
    content: bytes | str = data
    if data.startswith(UTF16_BOMS):
        content = data.decode("utf-16")
    elif b"\x00" in data:
        return Rejection(origin, "binary content (NUL bytes), not HTML", raw=data, format="html")
    fields, problem = extract_html(content, url=None, origin=origin)
    if fields is None:
        return Rejection(origin, problem, raw=data, format="html")
    return build_item(fields, raw=data, fmt="html", origin=origin, outlet=outlet)


def extract_html(
    content: bytes | str, *, url: str | None, origin: Origin
) -> tuple[Fields | None, str]:
    """Run trafilatura once on a page: metadata and body paragraphs, or a reason."""
    try:
        document = trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as error:  # a third-party parser: any failure is this page's problem
        return None, f"HTML extraction failed: {type(error).__name__}: {error}"
    if document is None or isinstance(document, dict):
        return None, "no article text could be extracted from the HTML page"
    paragraphs = _markup_paragraphs(document.body) if document.body is not None else []
    if not paragraphs and document.text:
        # Plain-text output puts one block per line.
        paragraphs = [line for line in document.text.split("\n") if line.strip()]
    if not paragraphs:
        return None, "no article text could be extracted from the HTML page"
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    if words < _MIN_PAGE_WORDS:
        # trafilatura's fallback returns menus of index pages as "text".
        return None, f"the HTML page has too little text to be an article ({words} words)"
    fields = Fields(
        title=document.title or "",
        paragraphs=tuple(paragraphs),
        url=document.url or url,
        published=parse_date(document.date, origin),
        author=document.author,
        site=document.sitename,
    )
    return fields, ""


_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "section", "article", "header", "footer", "main", "aside", "hr"),
        *("blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption"),
        *("table", "thead", "tbody", "tfoot", "tr", "caption", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("head", "list", "item", "quote", "row"),  # trafilatura's own markup
    }
)
_BREAK_TAGS = frozenset({"br", "lb"})
_CELL_TAGS = frozenset({"td", "th", "cell"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "title", "iframe", "svg"})


class _ParagraphCollector:
    """Turns a markup tree into paragraphs: blocks and double line breaks end one."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._parts: list[str] = []
        self._breaks = 0

    def add_text(self, value: str | None) -> None:
        if value:
            self._parts.append(value)
            if value.strip():
                self._breaks = 0

    def add_break(self) -> None:
        self._breaks += 1
        if self._breaks >= 2:
            self.end_paragraph()
        else:
            self._parts.append(" ")

    def end_paragraph(self) -> None:
        paragraph = squash("".join(self._parts))
        if paragraph:
            self.paragraphs.append(paragraph)
        self._parts = []
        self._breaks = 0

    def walk(self, element: Any) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in _SKIPPED_TAGS:
            block = tag in _BLOCK_TAGS
            if block:
                self.end_paragraph()
            if tag in _BREAK_TAGS:
                self.add_break()
            if tag in _CELL_TAGS and element.getprevious() is not None:
                self.add_text(" | ")
            self.add_text(element.text)
            for child in element:
                self.walk(child)
            if block:
                self.end_paragraph()
        self.add_text(element.tail)


def _markup_paragraphs(root: Any) -> list[str]:
    collector = _ParagraphCollector()
    collector.add_text(root.text)
    for child in root:
        collector.walk(child)
    collector.end_paragraph()
    return collector.paragraphs


def fragment_paragraphs(markup: str) -> list[str]:
    if not markup.strip():
        return []
    return _markup_paragraphs(lxml.html.fragment_fromstring(markup, create_parent="div"))
