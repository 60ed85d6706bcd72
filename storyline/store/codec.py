"""Compact, exact encodings of the documents a store saves (any backend stores the bytes).

A story's or thread's saved state (:func:`storyline.groups.group_state`) is
mostly a term -> weight ``centroid`` and each member's terms
(``member_terms``).  As JSON, every weight is 17 or so digits and every term is
spelled again for each member that has it.  :func:`pack_group` writes the
terms once (a vocabulary), the weights as IEEE 754 doubles (exact: the same
floats come back) and each member's terms as positions in the vocabulary; the
rest of the document stays JSON.  :func:`unpack_document` reads that and every
older form (zlib-compressed JSON, plain JSON text), so stores need not be
converted at once.

Layout of a packed group, after the 4-byte magic ``SLG1``, zlib-compressed:
a header (little-endian uint32 JSON length, uint32 weight count, uint8 index
width 2 or 4), the JSON ``[document with null for centroid and member_terms,
vocabulary, member term counts]``, the weights (little-endian float64, in the
centroid's order), then the member terms' vocabulary positions (little-endian
unsigned integers of the index width).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import StoreError

__all__ = [
    "GROUP_MAGIC",
    "QUOTING_MAGIC",
    "TextLoader",
    "TextsOnDemand",
    "pack_group",
    "pack_json",
    "pack_quoting",
    "pack_raw",
    "pack_state",
    "pack_summary",
    "pack_text",
    "quoted_article_ids",
    "raw_basis",
    "register_functions",
    "unpack_document",
    "unpack_json",
    "unpack_raw",
    "unpack_text",
]

GROUP_MAGIC = b"SLG1"
QUOTING_MAGIC = b"SLQ1"
_HEADER = struct.Struct("<IIB")
_LEVEL = 9  # these rows are written once per change and read once per run
# Summaries and comparisons are rewritten whenever their story changes: level 9
# costs more CPU there than the few bytes it saves.
_QUOTING_LEVEL = 6


def pack_json(value: Any) -> bytes:
    """A JSON document as stored in derived tables: UTF-8, zlib-compressed."""
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 6)


# The clusterers' shared state (document frequencies, recency) is rewritten after every
# batch and grows with the stream's vocabulary; only its last copy is kept, so the
# fastest level costs a few more bytes once and saves time at every batch.
_STATE_LEVEL = 1


def pack_state(value: Any) -> bytes:
    """A clusterer's shared state as stored: compressed JSON, read by :func:`unpack_json`."""
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), _STATE_LEVEL)


def unpack_json(stored: str | bytes) -> Any:
    """The value of a stored JSON document (compressed, or plain text from before migration 5)."""
    if isinstance(stored, bytes):
        return json.loads(zlib.decompress(stored).decode("utf-8"))
    return json.loads(stored)


def _packable(document: Mapping[str, Any]) -> bool:
    """True when the compact form gives back exactly ``document``."""
    centroid = document.get("centroid")
    members = document.get("member_terms")
    if not isinstance(centroid, dict) or not isinstance(members, list):
        return False
    if not all(type(value) is float for value in centroid.values()):
        return False
    return all(
        type(terms) is list and all(type(term) is str for term in terms) for terms in members
    )


def pack_group(document: Mapping[str, Any]) -> bytes:
    """A group's saved state, compact (JSON, compressed, for a document of another shape)."""
    if not _packable(document):
        return pack_json(dict(document))
    centroid: dict[str, float] = document["centroid"]
    vocabulary = list(centroid)
    position = {term: index for index, term in enumerate(vocabulary)}
    indices: list[int] = []
    counts: list[int] = []
    for terms in document["member_terms"]:
        counts.append(len(terms))
        for term in terms:
            index = position.get(term)
            if index is None:
                index = position[term] = len(vocabulary)
                vocabulary.append(term)
            indices.append(index)
    rest = {
        key: None if key in ("centroid", "member_terms") else value
        for key, value in document.items()
    }
    head = json.dumps([rest, vocabulary, counts], ensure_ascii=False).encode("utf-8")
    width = 2 if len(vocabulary) <= 0xFFFF else 4
    body = b"".join(
        (
            _HEADER.pack(len(head), len(centroid), width),
            head,
            np.asarray(list(centroid.values()), dtype="<f8").tobytes(),
            np.asarray(indices, dtype=f"<u{width}").tobytes(),
        )
    )
    return GROUP_MAGIC + zlib.compress(body, _LEVEL)


def _unpack_group(data: bytes) -> dict[str, Any]:
    body = zlib.decompress(data[len(GROUP_MAGIC) :])
    head_size, weights, width = _HEADER.unpack_from(body)
    start = _HEADER.size
    rest, vocabulary, counts = json.loads(body[start : start + head_size].decode("utf-8"))
    start += head_size
    values = np.frombuffer(body, dtype="<f8", count=weights, offset=start).tolist()
    start += 8 * weights
    indices = np.frombuffer(body, dtype=f"<u{width}", offset=start).tolist()
    terms = [vocabulary[index] for index in indices]
    members: list[list[str]] = []
    offset = 0
    for count in counts:
        members.append(terms[offset : offset + count])
        offset += count
    rest["centroid"] = dict(zip(vocabulary[:weights], values, strict=True))
    rest["member_terms"] = members
    return dict(rest)


def unpack_document(stored: str | bytes, *, texts: TextLoader | None = None) -> Any:
    """The value of any stored document: packed, compressed JSON or JSON text.

    A summary or comparison packed by :func:`pack_quoting` needs ``texts`` to
    give back the text it quotes; without it those texts are None (enough
    for reading anything else, never for showing the document).
    """
    if isinstance(stored, bytes):
        if stored.startswith(GROUP_MAGIC):
            return _unpack_group(stored)
        if stored.startswith(QUOTING_MAGIC):
            return _unpack_quoting(stored, texts)
    return unpack_json(stored)


# -- documents that quote the articles: summaries and comparisons ----------------

#: Lists whose items point into an article (``article_id``, ``start``, ``end``).
_POINTERS = ("spans", "citations")

#: Loads the cleaned texts of the articles with the given ids.
TextLoader = Callable[[Sequence[str]], Mapping[str, str]]


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON value, depth first, a dict before what it holds."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts(item)


def _pointed(item: Any, texts: Mapping[str, str]) -> str | None:
    """The text a dict with ``article_id``, ``start`` and ``end`` points at, if it can tell."""
    if not isinstance(item, dict):
        return None
    article_id, start, end = item.get("article_id"), item.get("start"), item.get("end")
    if type(start) is not int or type(end) is not int or not isinstance(article_id, str):
        return None
    text = texts.get(article_id)
    return None if text is None or not 0 <= start <= end <= len(text) else text[start:end]


def _source(item: dict[str, Any], texts: Mapping[str, str]) -> list[Any] | None:
    """Where a dict's ``text`` can be read from: itself ([]), or [list key, index]."""
    text = item["text"]
    if _pointed(item, texts) == text:
        return []
    for key in _POINTERS:
        pointers = item.get(key)
        if isinstance(pointers, (list, tuple)):  # tuples: a value not yet through JSON
            for index, pointer in enumerate(pointers):
                if _pointed(pointer, texts) == text:
                    return [key, index]
    return None


def quoted_article_ids(document: Any) -> list[str]:
    """The ids of the articles a document points into (``article_id`` values), once each."""
    ids = (item.get("article_id") for item in _dicts(document))
    return list(dict.fromkeys(i for i in ids if isinstance(i, str)))


def pack_quoting(document: Any, texts: Mapping[str, str]) -> bytes:
    """A summary or comparison without the text it copies from the articles.

    Each ``text`` that equals the slice of a cleaned article it points at (its
    own ``article_id``/``start``/``end``, or one of its ``spans`` or
    ``citations``) is left out and read back from ``texts`` by
    :func:`unpack_quoting`, which checks a CRC-32 of all of them.  ``texts``
    maps article ids to cleaned texts.
    """
    stripper = _Stripper(texts)
    copy = stripper.strip(document)
    if not stripper.left_out:
        return pack_json(document)
    head = json.dumps([stripper.checksum, stripper.left_out, copy], ensure_ascii=False)
    return QUOTING_MAGIC + zlib.compress(head.encode("utf-8"), _QUOTING_LEVEL)


def pack_summary(
    document: Any, comparison: Any | None, texts: Mapping[str, str]
) -> tuple[bytes, bytes | None]:
    """A story's summary document and its comparison (if any), each packed by
    :func:`pack_quoting` against ``texts``, as the store keeps them."""
    packed = None if comparison is None else pack_quoting(comparison, texts)
    return pack_quoting(document, texts), packed


class _Stripper:
    """A copy of a JSON value with the quoted texts left out, in one walk.

    Dicts are numbered in the order :func:`_dicts` visits them, and each
    dict's ``text`` is looked at before what it holds, so the ordinals and the
    CRC-32 are those :func:`_unpack_quoting` computes.  Only dicts and lists
    are copied (tuples become lists, as JSON has them); the value given is
    left as it is.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.left_out: list[list[Any]] = []
        self.checksum = 0
        self.ordinal = 0

    def strip(self, value: Any) -> Any:
        if isinstance(value, dict):
            ordinal = self.ordinal
            self.ordinal += 1
            text = value.get("text")
            source = _source(value, self.texts) if isinstance(text, str) else None
            if source is not None:
                self.checksum = zlib.crc32(str(text).encode("utf-8"), self.checksum)
                self.left_out.append([ordinal, *source])
            # plain values (most of a document) are kept as they are, without a call each
            copy = {
                key: self.strip(item) if isinstance(item, _NESTED) else item
                for key, item in value.items()
            }
            if source is not None:
                copy["text"] = None
            return copy
        if isinstance(value, (list, tuple)):
            return [self.strip(item) if isinstance(item, _NESTED) else item for item in value]
        return value


_NESTED = (dict, list, tuple)


class TextsOnDemand(Mapping[str, str]):
    """Cleaned texts by article id: those ``given``, and any other read by ``load``
    (ids -> {id: text} for those it has) when first looked up, so a caller that
    holds a story's texts need not list the ids a document quotes first."""

    def __init__(
        self, given: Mapping[str, str], load: Callable[[Sequence[str]], Mapping[str, str]]
    ) -> None:
        self._given = given
        self._load = load
        self._loaded: dict[str, str | None] = {}

    def __getitem__(self, article_id: str) -> str:
        if article_id in self._given:
            return self._given[article_id]
        if article_id not in self._loaded:
            self._loaded[article_id] = self._load([article_id]).get(article_id)
        text = self._loaded[article_id]
        if text is None:
            raise KeyError(article_id)
        return text

    def __iter__(self) -> Iterator[str]:
        yield from self._given
        loaded = (i for i, text in self._loaded.items() if text is not None)
        yield from (i for i in loaded if i not in self._given)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _unpack_quoting(data: bytes, texts: TextLoader | None) -> Any:
    checksum, left_out, document = json.loads(zlib.decompress(data[len(QUOTING_MAGIC) :]))
    if texts is None:
        return document
    known = texts(quoted_article_ids(document))
    places = {entry[0]: entry[1:] for entry in left_out}
    found = 0
    for ordinal, item in enumerate(_dicts(document)):
        source = places.get(ordinal)
        if source is None:
            continue
        pointer = item if not source else item[source[0]][source[1]]
        text = _pointed(pointer, known)
        if text is None:
            raise StoreError(_STALE)
        item["text"] = text
        found = zlib.crc32(text.encode("utf-8"), found)
    if found != checksum:
        raise StoreError(_STALE)
    return document


_STALE = (
    "A stored summary or comparison no longer matches its articles' cleaned text;"
    " `storyline rebuild` recomputes them."
)


# -- raw input ------------------------------------------------------------------

_WINDOW = 32768  # what deflate can reach back: the end of a longer dictionary only


def raw_basis(title: str, text: str) -> bytes:
    """The compression dictionary made of an article's title and text.

    Most raw input (a JSON Lines record, a text file, a feed entry) holds
    the article's text nearly verbatim: compressed against it, the raw bytes
    take a few hundred bytes instead of a second copy of the text.
    """
    return f"{title}\n{text}".encode("utf-8", "surrogatepass")[-_WINDOW:]


def pack_raw(data: bytes, basis: bytes | None = None) -> bytes:
    """Raw input bytes, zlib-compressed (against ``basis``, from :func:`raw_basis`, if given)."""
    if basis is None:
        return zlib.compress(data, 6)
    packer = zlib.compressobj(6, zdict=basis)
    return packer.compress(data) + packer.flush()


def unpack_raw(stored: bytes, basis: bytes | None = None) -> bytes:
    """The raw bytes of :func:`pack_raw`; zlib refuses a ``basis`` other than the one used."""
    if basis is None:
        return zlib.decompress(stored)
    unpacker = zlib.decompressobj(zdict=basis)
    return unpacker.decompress(stored) + unpacker.flush()


# -- article text -----------------------------------------------------------------


def pack_text(text: str) -> str | bytes:
    """An article's text as stored: zlib-compressed UTF-8 when that is shorter, else as is.

    A SQLite column keeps the type of what is written, so :func:`unpack_text`
    tells the two apart (and reads the text of stores from before migration 13).
    """
    data = text.encode("utf-8")
    packed = zlib.compress(data, _LEVEL)
    return packed if len(packed) < len(data) else text


def unpack_text(stored: str | bytes | None) -> str | None:
    """The text of :func:`pack_text` (None stays None)."""
    if isinstance(stored, bytes):
        return zlib.decompress(stored).decode("utf-8")
    return stored


def register_functions(db: Any) -> None:
    """Give a SQLite connection the SQL function ``article_text(column)`` (:func:`unpack_text`),
    which every statement reading ``articles.text`` uses, the full-text index included."""
    db.create_function("article_text", 1, unpack_text, deterministic=True)
