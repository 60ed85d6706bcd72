"""Hypothesis strategies for hostile inputs to every reader, and the checks every input must pass.

Shared by the fuzz tests (few examples, fast) and ``python -m benchmarks.fuzz``
(many examples).  The seeds are small valid inputs written for the project; the
strategies mutate them (flipped, inserted, deleted and repeated bytes, cuts,
gzip), or build JSON Lines from odd JSON values.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from storyline import ingest
from storyline.models import Accepted, Rejection
from tests.factories import html_warc

BODY = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay."
)
HTML = (
    "<!doctype html><html><head><title>Dredging</title>"
    '<meta property="article:published_time" content="2025-03-01T09:00:00Z"></head>'
    f"<body><article><h1>Dredging</h1><p>{BODY}</p><p>{BODY} Again.</p></article></body></html>"
).encode()
TEXT = f"Title: Dredging\nDate: 2025-03-01\n\n{BODY}\n\n{BODY} Again.\n".encode()
JSONL = (
    json.dumps({"title": "Dredging", "text": BODY, "date": "2025-03-01"}) + "\n"
    + json.dumps({"title": "Ferries", "html": f"<p>{BODY}</p>", "outlet": "Harbour FM"}) + "\n"
).encode()  # fmt: skip
RSS = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour FM</title>"
    f"<item><title>Dredging</title><description>{BODY}</description>"
    "<pubDate>Sat, 01 Mar 2025 09:00:00 GMT</pubDate></item>"
    f"<item><title>Ferries</title><description>{BODY}</description></item></channel></rss>"
).encode()
ATOM = (
    "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Harbour FM</title>"
    f"<entry><title>Dredging</title><updated>2025-03-01T09:00:00Z</updated>"
    f"<content type='html'>&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"
).encode()


def warc(*, compress: bool) -> bytes:
    return html_warc([HTML, HTML], compress=compress, site="https://harbour.example")


#: (file name, valid content) for every reader.
SEEDS: list[tuple[str, bytes]] = [
    ("page.html", HTML),
    ("story.txt", TEXT),
    ("lines.jsonl", JSONL),
    ("feed.rss", RSS),
    ("feed.atom", ATOM),
    ("crawl.warc", warc(compress=False)),
    ("crawl.warc.gz", warc(compress=True)),
    ("lines.jsonl.gz", gzip.compress(JSONL)),
    ("story.txt.gz", gzip.compress(TEXT)),
    ("no-extension", TEXT),
]

#: The shapes of issue 10, kept as regression cases.
REGRESSIONS: list[tuple[str, bytes]] = [
    ("surrogate.jsonl", b'{"text": "bad \\ud800 text"}\n' + JSONL),
    ("deep.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n" + JSONL),
    ("dates.rss", RSS.replace(b"Sat, 01 Mar 2025 09:00:00 GMT", b"00")),
    ("dates.atom", ATOM.replace(b"2025-03-01T09:00:00Z", b"0000-00-00")),
    ("bomb.txt.gz", gzip.compress(b"\n" * (8 * 1024 * 1024), 9)),
    ("whole.warc.gz", gzip.compress(warc(compress=False))),
    ("bignum.jsonl", b'{"text": "x y z", "date": 1' + b"0" * 5000 + b"}\n"),
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[tuple[str, bytes]] = SEEDS) -> tuple[str, bytes]:
    """A seed with a few random edits."""
    name, data = draw(st.sampled_from(seeds))
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]))
        at = draw(st.integers(0, max(len(buffer) - 1, 0)))
        if kind == "flip" and buffer:
            buffer[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            buffer[at:at] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(_TOKENS))
        elif kind == "delete":
            del buffer[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            size = draw(st.integers(1, 256))
            buffer[at:at] = buffer[at : at + size] * draw(st.integers(1, 8))
        else:
            del buffer[at:]
    return name, bytes(buffer)


_TOKENS = [
    b"\\ud800", b"\\udfff", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n\r\n", b"WARC/1.0\r\n",
    b"Content-Length: 99999999999999999999\r\n", b"\x1f\x8b\x08", b"<![CDATA[", b"]]>", b"&#0;",
    b"<pubDate>00</pubDate>", b"0000-00-00", b"[[[[[[[[", b"{", b"}", b'"', b"\n", b"-1e999",
]  # fmt: skip

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(["\\ud800", "0000-00-00", "00", "", " ", "9" * 30])
)
_json_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = ["title", "text", "html", "url", "outlet", "date", "author"]


@st.composite
def jsonl_lines(draw: st.DrawFn) -> tuple[str, bytes]:
    """JSON Lines whose objects have the known fields with odd values."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        record = {
            key: draw(_json_values | st.just(BODY))
            for key in draw(st.sets(st.sampled_from(_FIELDS)))
        }
        line = json.dumps(record, allow_nan=True).replace('"\\\\ud800"', '"\\ud800"')
        lines.append(line.encode())
    return "fuzz.jsonl", b"\n".join(lines) + b"\n"


inputs = mutated() | jsonl_lines() | st.sampled_from(REGRESSIONS)


@dataclass
class Outcome:
    """What one input gave: items, and any breach of the rules."""

    items: list[Accepted | Rejection] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_input(name: str, data: bytes) -> Outcome:
    """Read ``data``; every rule a reader must keep is checked (an exception is a crash)."""
    outcome = Outcome(items=list(ingest.read_bytes(data, name=name)))
    if data.strip() and not outcome.items and ".warc" not in name:
        outcome.problems.append("silent drop: no article and no rejection")
    for item in outcome.items:
        if isinstance(item, Rejection):
            if not item.reason or "Traceback" in item.reason:
                outcome.problems.append(f"unclear reason: {item.reason!r}")
            continue
        article = item.article
        for text in (article.title, article.text, article.outlet, article.origin.path):
            text.encode("utf-8")  # storable as text
        again = ingest.reparse(item.raw, format=article.format, origin=article.origin)
        if again != item:
            outcome.problems.append(f"reparse differs for {article.origin}")
    return outcome


def describe(value: Any) -> str:
    return repr(value)[:200]
