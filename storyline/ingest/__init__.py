"""Ingest: read HTML pages, plain text, JSON Lines, RSS/Atom feeds and WARC files.

Every input becomes either an :class:`~storyline.models.Accepted` article
(with the raw bytes it was read from) or a :class:`~storyline.models.Rejection`
that says, in one line, why it could not be used.  Bad items never stop a
batch; only a path named by the caller that cannot be read raises
:class:`~storyline.errors.InputError`.  The formats are documented for users
in ``docs/formats.md``.

Inside the package: ``files`` holds the public functions (finding files,
telling their format, handing each to a reader); one reader per format in
``html``, ``text_layout``, ``jsonl``, ``feeds`` and ``warc``; shared by the
readers are ``raw`` (gzip, UTF-8, kept raw bytes), ``dates`` and ``articles``
(what a reader found, turned into an Article or a Rejection).
"""

from __future__ import annotations

from storyline.ingest.files import (
    FORMATS,
    detect_format,
    discover,
    read_bytes,
    read_file,
    read_files,
    read_inputs,
    read_stream,
    reparse,
)

__all__ = [
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
