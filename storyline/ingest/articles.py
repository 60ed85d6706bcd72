"""From what a reader found in one input to an Accepted article or a Rejection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from storyline.ingest.outlets import choose_outlet, site_of_url
from storyline.language import detect_language
from storyline.models import Accepted, Article, Origin, Rejection, raw_hash

Item = Accepted | Rejection


@dataclass
class Fields:
    """What a reader found in one input, before outlet precedence is applied."""

    title: str = ""
    paragraphs: tuple[str, ...] = ()
    url: str | None = None
    published: datetime | None = None
    author: str | None = None
    site: str | None = None
    kicker: str | None = None
    standfirst: str | None = None


def build_item(fields: Fields, *, raw: bytes, fmt: str, origin: Origin, outlet: str | None) -> Item:
    title = squash(fields.title)
    paragraphs = [squash(p) for p in fields.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page repeats its headline as the first line
    if not paragraphs:
        return Rejection(origin, "no article text found", raw=raw, format=fmt)
    texts = (title, *paragraphs, fields.url, fields.author, fields.site, fields.kicker)
    if any(text and _has_surrogate(text) for text in (*texts, fields.standfirst, outlet)):
        return Rejection(origin, _SURROGATE_REASON, raw=raw, format=fmt)
    url = squash(fields.url) if fields.url else None
    chosen, given = choose_outlet(outlet, fields.site, url, origin)
    article = Article.create(
        raw_id=raw_hash(raw),
        format=fmt,
        outlet=chosen,
        title=title,
        text="\n\n".join(paragraphs),
        origin=origin,
        url=url or None,
        published=fields.published,
        author=squash(fields.author) if fields.author else None,
        kicker=fields.kicker,
        standfirst=fields.standfirst,
        language=detect_language(title + "\n\n" + "\n\n".join(paragraphs)),
    )
    return Accepted(article, raw, outlet_given=given)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_REASON = (
    "the text contains a lone UTF-16 surrogate (such as the JSON escape \\ud800), "
    "which is not a character; fix the escape in the input"
)


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def same_text(first: str, second: str) -> bool:
    def key(value: str) -> str:
        return squash(value).casefold().rstrip(".:!? ")

    return key(first) == key(second)


def squash(value: str) -> str:
    return " ".join(value.split())


def host(url: str | None) -> str | None:
    """The site a URL belongs to, by its registrable domain (see :mod:`.outlets`)."""
    return site_of_url(url)
