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
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["GROUP_MAGIC", "pack_group", "pack_json", "unpack_document", "unpack_json"]

GROUP_MAGIC = b"SLG1"
_HEADER = struct.Struct("<IIB")
_LEVEL = 9  # these rows are written once per change and read once per run


def pack_json(value: Any) -> bytes:
    """A JSON document as stored in derived tables: UTF-8, zlib-compressed."""
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 6)


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


def unpack_document(stored: str | bytes) -> Any:
    """The value of any stored document: a packed group, compressed JSON or JSON text."""
    if isinstance(stored, bytes) and stored.startswith(GROUP_MAGIC):
        return _unpack_group(stored)
    return unpack_json(stored)
