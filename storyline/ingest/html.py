"""HTML pages: trafilatura finds the article, and its markup is cut into paragraphs.

One page costs one trafilatura pass in its fast mode (no comparison with its
readability and jusText fallbacks), which is right for most pages and several
times cheaper.  Two shapes of output show that the fast pass went wrong, and
only then is the page extracted again with the full cascade:

* little text from a page that has a lot of it (a menu or teaser list was
  taken for the article);
* one block holding nearly all the words (a dump of the page's text, not
  paragraphs of an article).

After extraction, page furniture that trafilatura keeps is dropped:
paragraphs that are mostly link text (lists of links to other stories,
teasers; their link density is why trafilatura is asked to keep links),
date stamps ("Updated 05.03.2024 09:30") and a closing label that
introduces nothing ("Related stories:").
A lede that the page shows as a paragraph and repeats as its description,
but that lies outside the extracted block (a teaser above the article), is
put back at the top of the body.

Metadata comes from the page's meta tags and JSON-LD first; the title, the
byline and the canonical URL are looked for in the markup only when those are
silent (trafilatura's categories, tags and licence are not needed).  The date
is htmldate's non-extensive search: the extensive one adds dateparser's
free-text parsing, which compiles patterns for every language it meets and on
a few hundred pages costs more than the article extraction itself, for a
correct date on about 4 % more pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import XPath
from trafilatura import metadata as page_metadata
from trafilatura.json_metadata import normalize_authors

from storyline.ingest.articles import Fields, Item, build_item, same_text, squash
from storyline.ingest.dates import parse_date
from storyline.ingest.raw import UTF16_BOMS
from storyline.ingest.titles import clean_title
from storyline.models import Origin, Rejection

# Fewer extracted words than this is a menu or an index page, not an article.
_MIN_PAGE_WORDS = 10
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_NO_TEXT = "no article text could be extracted from the HTML page"


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
    """Metadata and body paragraphs of a page, or the reason why it has no article."""
    try:
        tree = trafilatura.load_html(content)
        if tree is None:
            return None, _NO_TEXT
        paragraphs = _without_furniture(_article_paragraphs(tree, url))
        if not paragraphs:
            return None, _NO_TEXT
        words = sum(len(paragraph.split()) for paragraph in paragraphs)
        if words < _MIN_PAGE_WORDS:
            # trafilatura's fallback returns menus of index pages as "text".
            return None, f"the HTML page has too little text to be an article ({words} words)"
        page = _page_metadata(tree, url)
        lede = _missing_lede(tree, page.description, paragraphs)
    except Exception as error:  # third-party parsers: any failure is this page's problem
        return None, f"HTML extraction failed: {type(error).__name__}: {error}"
    if lede:
        # After a heading that repeats the title, which build_item drops.
        paragraphs.insert(1 if same_text(paragraphs[0], page.title) else 0, lede)
    fields = Fields(
        title=page.title,
        paragraphs=tuple(paragraphs),
        url=page.url,
        published=parse_date(page.date, origin),
        author=page.author,
        site=page.site,
    )
    return fields, ""


# ---------------------------------------------------------------------------
# The article's paragraphs

# A fast extraction shorter than this share of the page's text, and than
# _SHORT_CHARS, is checked again with the full cascade.
_SHORT_SHARE = 0.1
_SHORT_CHARS = 3000
# One paragraph with more words than this and this share of all words is a dump.
_DUMP_WORDS = 300
_DUMP_SHARE = 0.8
_HIDDEN_TAGS = ("script", "style", "noscript", "template")
# A paragraph with at least this share of its characters in links points to
# other pages ("Read next" lists, teasers, tag rows): it is not the article's prose.
_MAX_LINK_SHARE = 0.8
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")


def _article_paragraphs(tree: Any, url: str | None) -> list[str]:
    paragraphs = _extracted_paragraphs(tree, url, fast=True)
    length = sum(len(paragraph) for paragraph in paragraphs)
    if length < _SHORT_CHARS and length < _SHORT_SHARE * _page_text_length(tree):
        second = _extracted_paragraphs(tree, url, fast=False)
        if sum(len(paragraph) for paragraph in second) > length:
            return second
    elif _is_text_dump(paragraphs):
        return _extracted_paragraphs(tree, url, fast=False) or paragraphs
    return paragraphs


def _extracted_paragraphs(tree: Any, url: str | None, *, fast: bool) -> list[str]:
    # Links are kept in the markup only to measure each paragraph's link density.
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        include_comments=False,
        include_links=True,
    )
    if document is None or isinstance(document, dict):
        return []
    paragraphs = _prose(_collected(document.body)) if document.body is not None else []
    if not paragraphs and document.text:
        # Plain-text output puts one block per line, and writes the links kept
        # above as Markdown ("[text](target)"): keep their text only.
        paragraphs = [
            squash(_MARKDOWN_LINK.sub(r"\1", line))
            for line in document.text.split("\n")
            if line.strip()
        ]
    return paragraphs


def _prose(collected: _ParagraphCollector) -> list[str]:
    """The paragraphs that are not links to other pages (teasers, "read next" lists)."""
    return [
        paragraph
        for paragraph, share in zip(collected.paragraphs, collected.link_shares, strict=True)
        if share < _MAX_LINK_SHARE
    ]


def _page_text_length(tree: Any) -> int:
    """Characters of text in the page's body, scripts and styles left out."""
    body = tree.find("body")
    if body is None:
        return 0
    hidden = sum(len(squash(element.text or "")) for element in body.iter(*_HIDDEN_TAGS))
    return len(squash(body.text_content())) - hidden


def _is_text_dump(paragraphs: list[str]) -> bool:
    counts = [len(paragraph.split()) for paragraph in paragraphs]
    longest = max(counts, default=0)
    return longest > _DUMP_WORDS and longest >= _DUMP_SHARE * sum(counts)


# Dates and times as pages print them: 2024-03-05, 05.03.2024, 5 March 2024,
# March 5th, 2024, 09:30 (am/pm, "Uhr").  Month names in any alphabet.
_MONTH = r"[^\W\d_]{3,}\.?"
_DATE_OR_TIME = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    rf"|\d{{1,2}}\.? {_MONTH} \d{{4}}"
    rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    r"|\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: uhr| h)?|\d{1,2}\.\d{2} uhr)\b",
    re.IGNORECASE,
)
_STAMP_MAX_WORDS = 8
# "Updated", "Stand:" or a name next to the date; more is a sentence about a date.
_STAMP_MAX_LABEL_WORDS = 1
_LABEL_MAX_WORDS = 8


def _without_furniture(paragraphs: list[str]) -> list[str]:
    """Without date stamps, and without labels that end the text introducing nothing."""
    kept = [paragraph for paragraph in paragraphs if not _is_date_stamp(paragraph)]
    while kept and kept[-1].endswith(":") and len(kept[-1].split()) <= _LABEL_MAX_WORDS:
        kept.pop()  # "More on this topic:" whose links were not extracted
    return kept


def _is_date_stamp(paragraph: str) -> bool:
    """A date or time with at most a one-word label: when the page was published or changed."""
    if len(paragraph.split()) > _STAMP_MAX_WORDS:
        return False
    label, found = _DATE_OR_TIME.subn(" ", paragraph)
    if not found:
        return False
    label_words = [word for word in label.split() if any(char.isalnum() for char in word)]
    is_sentence = label.rstrip().endswith((".", "!", "?"))
    return len(label_words) <= _STAMP_MAX_LABEL_WORDS and not is_sentence


# The description must have this many words to be taken for a lede.
_LEDE_MIN_WORDS = 8
_LEDE_PREFIX = 60
_LEDE_PARAGRAPH = XPath("//p[starts-with(normalize-space(.), $start)]")


def _missing_lede(tree: Any, description: str | None, paragraphs: list[str]) -> str | None:
    """The paragraph that shows the page's description, when the extraction left it out.

    Descriptions are often cut short ("...") or are a search-engine blurb that
    the page never shows; only a paragraph starting like the description and
    not much longer than it counts.
    """
    if not description:
        return None
    wanted = squash(description).rstrip(".… ")
    if len(wanted.split()) < _LEDE_MIN_WORDS:
        return None
    start = wanted[:_LEDE_PREFIX]
    if any(start in paragraph for paragraph in paragraphs):
        return None
    for element in _LEDE_PARAGRAPH(tree, start=start):
        text = squash(element.text_content())
        if len(text) < 1.5 * len(wanted) + 20:
            return text
    return None


# ---------------------------------------------------------------------------
# Metadata


@dataclass
class _PageMetadata:
    title: str
    url: str | None
    date: str | None
    author: str | None
    site: str | None
    description: str | None


# Bylines marked up as such (rel=author, schema.org itemprop, "byline" or
# "author" classes), outside comment sections.  Only native XPath functions:
# regular-expression tests run in Python for every element and cost more than
# the rest of the metadata.
_BYLINE = XPath(
    "(//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author')]"
    "[not(ancestor::*[contains(@class, 'comment') or contains(@id, 'comment')])])"
    "[position() <= 5]"
)
_BYLINE_MAX_CHARS = 120


def _page_metadata(tree: Any, url: str | None) -> _PageMetadata:
    found = page_metadata.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a login name, not a byline
    found = page_metadata.extract_meta_json(tree, found)
    found.title = found.title or page_metadata.extract_title(tree)
    found.author = found.author or _byline(tree)
    found.url = found.url or page_metadata.extract_url(tree, url)
    found.sitename = found.sitename or page_metadata.extract_sitename(tree)
    found.clean_and_trim()
    date = find_date(
        tree,
        url=found.url,
        original_date=True,
        extensive_search=False,
        outputformat=_DATE_FORMAT,
    )
    title = clean_title(
        found.title or "", site=found.sitename, url=found.url or url, heading=_main_heading(tree)
    )
    return _PageMetadata(
        title=title,
        url=found.url or url,
        date=date,
        author=found.author,
        site=_site_name(found.sitename),
        description=found.description,
    )


_MAIN_HEADING = XPath("(//h1)[position() <= 3]")


def _main_heading(tree: Any) -> str | None:
    """The first non-empty ``<h1>`` of the page, white space squashed."""
    for element in _MAIN_HEADING(tree):
        text = squash(" ".join(element.itertext()))
        if text:
            return text
    return None


def _byline(tree: Any) -> str | None:
    for element in _BYLINE(tree):
        text = squash(" ".join(element.itertext()))
        if 2 < len(text) < _BYLINE_MAX_CHARS:
            return normalize_authors(None, text)
    return None


def _site_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.lstrip("@")  # a Twitter handle
    if name and "." not in name and not name[0].isupper():
        name = name.title()
    return name or None


# ---------------------------------------------------------------------------
# Markup to paragraphs

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
_LINK_TAGS = frozenset({"a", "ref"})  # ref: trafilatura's markup
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "title", "iframe", "svg"})


class _ParagraphCollector:
    """Turns a markup tree into paragraphs: blocks and double line breaks end one.

    For every paragraph it also counts the characters that are link text, so
    that lists of links to other pages can be told from the article's prose.
    """

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.link_shares: list[float] = []
        self._parts: list[str] = []
        self._breaks = 0
        self._link_depth = 0
        self._link_chars = 0

    def add_text(self, value: str | None) -> None:
        if value:
            self._parts.append(value)
            if value.strip():
                self._breaks = 0
                if self._link_depth:
                    self._link_chars += len(squash(value))

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
            self.link_shares.append(min(1.0, self._link_chars / len(paragraph)))
        self._parts = []
        self._breaks = 0
        self._link_chars = 0

    def walk(self, element: Any) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in _SKIPPED_TAGS:
            block = tag in _BLOCK_TAGS
            # An anchor without a target is a bookmark, not a link to elsewhere.
            link = tag in _LINK_TAGS and bool(element.get("href") or element.get("target"))
            if block:
                self.end_paragraph()
            if tag in _BREAK_TAGS:
                self.add_break()
            if tag in _CELL_TAGS and element.getprevious() is not None:
                self.add_text(" | ")
            self._link_depth += link
            self.add_text(element.text)
            for child in element:
                self.walk(child)
            self._link_depth -= link
            if block:
                self.end_paragraph()
        self.add_text(element.tail)


def _markup_paragraphs(root: Any) -> list[str]:
    return _collected(root).paragraphs


def _collected(root: Any) -> _ParagraphCollector:
    collector = _ParagraphCollector()
    collector.add_text(root.text)
    for child in root:
        collector.walk(child)
    collector.end_paragraph()
    return collector


def fragment_paragraphs(markup: str) -> list[str]:
    if not markup.strip():
        return []
    return _markup_paragraphs(lxml.html.fragment_fromstring(markup, create_parent="div"))
