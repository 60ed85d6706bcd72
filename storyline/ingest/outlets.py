"""Which outlet an article is credited to.

Precedence: the outlet given on the command line or API call, then the site
name the input carries (HTML ``og:site_name``, a JSON Lines ``outlet`` field,
an ``Outlet:`` header line, a feed's title) without its tagline ("LinkNaija |
Nigeria's popular news platform" -> "LinkNaija"), then the registrable domain
of the article's URL ("news.example.co.uk" -> "example.co.uk"), then the name
of the file it came from (with the line, record or entry when a file holds
several).  An article without an outlet is thus always its own source, never
merged with other articles that lack one.

Registrable domains come from ``tldextract`` with the public suffix list it
ships, read offline: it is never told to fetch a newer list and never writes
a cache.  Without the package, the host name minus a leading ``www.`` is used.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from storyline.models import Origin

__all__ = ["choose_outlet", "file_outlet", "site_of_url", "without_tagline"]

logger = logging.getLogger(__name__)

# "Name | tagline", "Name - tagline", "Name — tagline", "Name :: tagline"
_TAGLINE = re.compile(r"\s+(?:\||–|—|-|::|·|•)\s+")
_MAX_NAME_WORDS = 6


def choose_outlet(
    explicit: str | None, site: str | None, url: str | None, origin: Origin
) -> tuple[str, bool]:
    """The outlet name and whether the input (or the caller) gave one."""
    if explicit and explicit.strip():
        return _squash(explicit), True
    if site and site.strip():
        name = without_tagline(_squash(site))
        if name:
            return name, True
    from_url = site_of_url(url)
    if from_url:
        return from_url, False
    return file_outlet(origin), False


def without_tagline(site: str) -> str:
    """A site name without the slogan some sites add after a separator."""
    parts = _TAGLINE.split(site.strip(), maxsplit=1)
    head = parts[0].strip()
    if len(parts) == 2 and head and len(head.split()) <= _MAX_NAME_WORDS:
        return head
    return site.strip()


def site_of_url(url: str | None) -> str | None:
    """The registrable domain of ``url``'s host ("www.bbc.co.uk" -> "bbc.co.uk")."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _registrable(host.rstrip("."))


def file_outlet(origin: Origin) -> str:
    """The input's file name, with the line, record or entry when a file holds several."""
    name = PurePath(origin.path).name or origin.path
    return str(Origin(name, line=origin.line, offset=origin.offset, entry=origin.entry))


@lru_cache(maxsize=10_000)
def _registrable(host: str) -> str:
    extract = _extractor()
    if extract is None or _is_address(host):
        return host.removeprefix("www.")
    parts = extract(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host.removeprefix("www.")


def _is_address(host: str) -> bool:
    return host.replace(".", "").isdigit() or ":" in host


@lru_cache(maxsize=1)
def _extractor() -> Any:
    """tldextract with its bundled snapshot only: no fetching, no cache directory."""
    try:
        import tldextract
    except ImportError:  # pragma: no cover - tldextract is a dependency
        logger.warning("tldextract is not installed: outlets from URLs keep their full host")
        return None
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _squash(value: str) -> str:
    return " ".join(value.split())
