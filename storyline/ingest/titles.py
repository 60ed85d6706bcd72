"""Page titles without the site's name: "Pier reopens – Harbour Gazette" becomes "Pier reopens".

A ``<title>`` (or ``og:title``) often carries the site's name, a section or a
slogan after (or before) a separator.  A segment is dropped only when there is
evidence that it is not the headline:

* it names the site (its ``og:site_name`` or the host of its URL);
* the page's main heading is one whole segment of the title (then the heading
  is the headline);
* it follows a vertical bar and is short: bars separate page furniture, they
  are not punctuation of headlines.

Anything else stays: a dash inside a headline ("Wind farm - the vote") is
kept unless one of the above says otherwise.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["clean_title"]

# A separator with spaces around it (a hyphen only so), or a colon and a space.
_SEPARATOR = re.compile(r"\s+(?:[|–—·•»:]{1,2}|-{1,2})\s+|:\s+")
_BAR = re.compile(r"\s+\|\s+")
_MAX_FURNITURE_WORDS = 6
_MIN_HOST_LABEL = 4


def clean_title(
    title: str, *, site: str | None = None, url: str | None = None, heading: str | None = None
) -> str:
    """``title`` without the site's name and other furniture around the headline."""
    title = " ".join(title.split())
    if not title:
        return title
    heading = " ".join((heading or "").split())
    names = _site_keys(site, url)
    if (
        heading
        and heading != title
        and _is_segment(heading, title)
        and not _names_site(heading, names)
    ):
        return heading
    parts = _SEPARATOR.split(title)
    separators = _SEPARATOR.findall(title)
    while len(parts) > 1 and _names_site(parts[-1], names):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and _names_site(parts[0], names):
        parts.pop(0)
        separators.pop(0)
    if len(parts) > 1 and _BAR.fullmatch(separators[-1]) and _short(parts[-1]):
        parts.pop()
        separators.pop()
    rebuilt = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        rebuilt += separator + part
    return rebuilt


def _is_segment(heading: str, title: str) -> bool:
    """True when ``heading`` is ``title`` less a prefix or suffix cut at a separator."""
    folded_title, folded_heading = title.casefold(), heading.casefold()
    at = folded_title.find(folded_heading)
    if at < 0 or len(heading.split()) < 2:
        return False
    before, after = title[:at], title[at + len(heading) :]
    before_ok = not before or bool(re.search(r"(?:\s[|–—·•»:-]{1,2}|:)\s+$", before))
    after_ok = not after or bool(re.match(r"\s+[|–—·•»:-]{1,2}\s", after))
    return before_ok and after_ok


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _site_keys(site: str | None, url: str | None) -> list[str]:
    keys = []
    if site and _key(site):
        keys.append(_key(site))
    host = None
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
    if host:
        host = host.removeprefix("www.")
        keys.append(_key(host))
        labels = host.split(".")
        if len(labels) >= 2 and len(_key(labels[-2])) >= _MIN_HOST_LABEL:
            keys.append(_key(labels[-2]))
    return keys


def _names_site(segment: str, names: list[str]) -> bool:
    key = _key(segment)
    if not key or not _short(segment):
        return False
    return any(
        name == key
        or (len(name) >= _MIN_HOST_LABEL and name in key)
        or (len(key) >= _MIN_HOST_LABEL and key in name)
        for name in names
    )


def _short(segment: str) -> bool:
    return len(segment.split()) <= _MAX_FURNITURE_WORDS
