"""Exact and near-duplicate articles: wire copies, reprints and scraped variants.

Two articles are **exact** copies when their texts are the same word for word
once case, spacing and punctuation are ignored (:func:`text_key`).  They are
**near** copies when most of the shorter text is found in the other one: the
*containment* ``|A ∩ B| / min(|A|, |B|)`` of their sets of word shingles
(runs of ``shingle_size`` words) is at least ``threshold``.  Containment
rather than Jaccard similarity, because a copy often comes wrapped in extra
text: an outlet's own boilerplate, an "Additional reporting by ..." line, a
whole web page around the extracted body.  Jaccard similarity falls with
every such addition; containment does not.  Different articles on the same
event (paraphrases) share only quotes and names, far below the threshold.

Both measures are estimated from datasketch MinHash signatures (its default
``affine32`` permutation scheme, fed with 32-bit shingle hashes computed here
with numpy) and the number of distinct shingles; candidates come from an LSH
index of bands of two rows (see :class:`_BandIndex` for why two).

The stage is online: articles are added one at a time, each joins the group of
its best match among the articles already indexed (first added = canonical,
so the result is deterministic for a given order), and the index can be saved
(:meth:`NearDuplicates.signature`, :meth:`NearDuplicates.state`) and restored
in a later run without recomputing anything.  Matching is time-aware: two
dated articles more than ``window_days`` apart are never matched, and
:meth:`NearDuplicates.evict_before` keeps memory bounded by that window.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import logging
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from .errors import InvalidParameter, check_number
from .models import CleanArticle, DuplicateGroup, DuplicateMember, stable_id
from .stage import Stage
from .text import words

__all__ = ["NearDuplicates", "group_duplicates", "text_key"]

log = logging.getLogger(__name__)

HashValues = npt.NDArray[np.uint32]

# Signature layout (little-endian): magic, format, shingle_size, num_perm, seed,
# number of distinct shingles, exact-text key; then num_perm uint32 hash values.
_SIGNATURE_HEADER = struct.Struct("<4sBBHIIQ")
_SIGNATURE_MAGIC = b"SLMH"
_SIGNATURE_FORMAT = 1
_STATE_FORMAT = "storyline.dedup/1"

_ROWS_PER_BAND = 2
# A band value shared by this many indexed articles comes from boilerplate or
# a mass copy; further articles are not added to that bucket (they still query
# it), so one junk text reprinted thousands of times cannot slow every query.
_MAX_BUCKET = 64
_SECONDS_PER_DAY = 86_400.0
_MASK64 = (1 << 64) - 1
_KEY_PATTERN = re.compile(r"(?:[0-9a-f]{16})?")


def text_key(text: str) -> str:
    """The exact-copy key of ``text``: same words in the same order, case, spacing
    and punctuation ignored.  ``""`` for a text without words (never matched)."""
    return _text_key(_tokens(text))


def _tokens(text: str) -> list[str]:
    return words(text.casefold())


def _token_blob(tokens: list[str]) -> bytes:
    # Word tokens never contain NUL, so NUL-joined bytes are an unambiguous
    # encoding; "surrogatepass" keeps badly decoded input from raising.
    return "\x00".join(tokens).encode("utf-8", "surrogatepass")


def _text_key(tokens: list[str]) -> str:
    if not tokens:
        return ""
    return hashlib.blake2b(_token_blob(tokens), digest_size=8).hexdigest()


def _fmix64(value: int) -> int:
    """MurmurHash3's 64-bit finaliser on a Python int (used for fixed constants)."""
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & _MASK64
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & _MASK64
    return value ^ (value >> 33)


def _fmix32(values: HashValues) -> HashValues:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


class _Shingler:
    """32-bit hashes of the word shingles of a token list.

    Same shingles as :func:`storyline.text.shingles` (runs of ``size``
    lower-cased words, the whole text when shorter), hashed without building
    the strings: each token is hashed once (CRC-32) and a shingle's hash is
    the top half of a sum of its tokens' hashes times odd 64-bit constants,
    one per position (multilinear hashing).  Deterministic across processes
    and machines, so signatures can be stored and compared later.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._weights = [np.uint64(_fmix64(position + 1) | 1) for position in range(size)]

    def hashes(self, tokens: list[str]) -> HashValues:
        """Sorted shingle hashes (a shingle that occurs twice appears twice)."""
        if not tokens:
            return np.empty(0, dtype=np.uint32)
        token_hashes = np.fromiter(
            map(zlib.crc32, _token_blob(tokens).split(b"\x00")),
            dtype=np.uint64,
            count=len(tokens),
        )
        width = min(self.size, len(tokens))
        count = len(tokens) - width + 1
        combined = token_hashes[:count] * self._weights[0]
        for position in range(1, width):
            combined += token_hashes[position : position + count] * self._weights[position]
        hashes = (combined >> np.uint64(32)).astype(np.uint32)
        hashes.sort()
        return hashes


class _Permutations:
    """datasketch's MinHash (scheme ``affine32``) applied to a whole array at once.

    The permutation parameters come from ``datasketch.MinHash(num_perm, seed)``,
    so the values equal ``MinHash(num_perm, seed, hashfunc=int).update_batch``
    of the same hashes; doing the arithmetic here skips its per-item Python loop.
    """

    def __init__(self, num_perm: int, seed: int) -> None:
        template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        first, second = template.permutations
        self._a: HashValues = np.asarray(first, dtype=np.uint32)
        self._b: HashValues = np.asarray(second, dtype=np.uint32)
        self._empty: HashValues = np.asarray(template.hashvalues, dtype=np.uint32)

    def minhash(self, hashes: HashValues) -> HashValues:
        if not len(hashes):
            return self._empty.copy()
        permuted = _fmix32(hashes)[:, np.newaxis] * self._a + self._b
        result: HashValues = permuted.min(axis=0)
        return result


def _distinct(sorted_values: HashValues) -> int:
    if not len(sorted_values):
        return 0
    return int(np.count_nonzero(sorted_values[1:] != sorted_values[:-1])) + 1


@dataclass(frozen=True)
class _Signature:
    """What the index needs of one article: MinHash values, shingle count, text key."""

    hashvalues: HashValues
    size: int
    key: str
    packed: bytes | None = field(default=None, compare=False)  # the bytes it was read from

    def pack(self, *, shingle_size: int, num_perm: int, seed: int) -> bytes:
        header = _SIGNATURE_HEADER.pack(
            _SIGNATURE_MAGIC,
            _SIGNATURE_FORMAT,
            shingle_size,
            num_perm,
            seed,
            self.size,
            int(self.key, 16) if self.key else 0,
        )
        return self.packed or header + self.hashvalues.astype("<u4").tobytes()


def _unpack_signature(data: bytes, *, shingle_size: int, num_perm: int, seed: int) -> _Signature:
    """Parse a signature made with the same parameters; raise InvalidParameter otherwise."""
    expected = _SIGNATURE_HEADER.size + 4 * num_perm
    if not isinstance(data, bytes | bytearray | memoryview) or len(data) < _SIGNATURE_HEADER.size:
        raise InvalidParameter("The 'signature' is not a NearDuplicates signature.")
    magic, fmt, made_size, made_perm, made_seed, size, key = _SIGNATURE_HEADER.unpack_from(data)
    if magic != _SIGNATURE_MAGIC or fmt != _SIGNATURE_FORMAT:
        raise InvalidParameter("The 'signature' is not a NearDuplicates signature (format 1).")
    if (made_size, made_perm, made_seed) != (shingle_size, num_perm, seed):
        raise InvalidParameter(
            "The 'signature' was made with shingle_size="
            f"{made_size}, num_perm={made_perm}, seed={made_seed}; this NearDuplicates uses "
            f"shingle_size={shingle_size}, num_perm={num_perm}, seed={seed}."
        )
    if len(data) != expected:
        raise InvalidParameter(
            f"The 'signature' has {len(data)} bytes; expected {expected} for num_perm={num_perm}."
        )
    data = bytes(data)  # immutable, so the values can be a view of it (no copy)
    values = np.frombuffer(data, dtype="<u4", offset=_SIGNATURE_HEADER.size)
    hashvalues = values.astype(np.uint32, copy=False)
    return _Signature(hashvalues, size, f"{key:016x}" if size else "", data)


class _BandIndex:
    """MinHash LSH: articles whose signatures agree on a whole band are candidates.

    The banding of datasketch's ``MinHashLSH`` with ``params=(num_perm // 2, 2)``
    (same candidates), kept in one plain dict per band keyed by the band's two
    32-bit values read as one 64-bit int.  Two rows per band because a copy
    wrapped in a page twice its size has a Jaccard similarity of only 0.5 (0.2
    at five times): 64 bands of 2 rows find such a pair with probability 0.99
    (0.93), where the usual 4-5 rows would miss it.  Own dicts rather than
    ``MinHashLSH`` itself: for 64 bands it spent about 0.3 ms and 19 kB per
    article (a set and a bytes key per band), this about 0.03 ms and 4 kB.
    """

    def __init__(self, num_perm: int) -> None:
        self.width = (num_perm // _ROWS_PER_BAND) * _ROWS_PER_BAND
        self._tables: list[dict[int, int | list[int]]] = [
            {} for _ in range(num_perm // _ROWS_PER_BAND)
        ]

    def _keys(self, hashvalues: HashValues) -> list[int]:
        keys: list[int] = hashvalues[: self.width].view(np.uint64).tolist()
        return keys

    def insert(self, slot: int, hashvalues: HashValues) -> set[int]:
        """Add ``slot`` to its buckets and return the slots already there (candidates)."""
        found: set[int] = set()
        for table, key in zip(self._tables, self._keys(hashvalues), strict=True):
            hit = table.get(key)
            if hit is None:
                table[key] = slot  # most buckets hold one article: no list for them
            elif isinstance(hit, int):
                found.add(hit)
                table[key] = [hit, slot]
            else:
                found.update(hit)
                if len(hit) < _MAX_BUCKET:
                    hit.append(slot)
        return found

    def remove(self, slot: int, hashvalues: HashValues) -> None:
        for table, key in zip(self._tables, self._keys(hashvalues), strict=True):
            hit = table.get(key)
            if hit == slot:
                del table[key]
            elif isinstance(hit, list) and slot in hit:
                hit.remove(slot)
                if not hit:
                    del table[key]


@dataclass(slots=True)
class _Entry:
    """One indexed article."""

    slot: int
    article_id: str
    group_id: str
    signature: _Signature
    published: datetime | None


@dataclass
class _Group:
    """A duplicate group as far as this instance knows it."""

    id: str
    canonical: str = ""
    canonical_key: str = ""
    members: list[DuplicateMember] = field(default_factory=list)


class _CopyMatching:
    """How an article finds its copies among the indexed ones: the matching half of
    :class:`NearDuplicates`, which holds the index these methods read.

    An exact copy (the same :func:`text_key`) within the window wins; else the
    indexed article with the highest estimated containment, if it reaches
    ``threshold``; else the article opens its own group.
    """

    threshold: float
    window_days: float | None
    _entries: dict[int, _Entry]
    _slot_of: dict[str, int]
    _by_text: dict[str, list[int]]
    _groups: dict[str, _Group]
    _membership: dict[str, tuple[str, DuplicateMember]]

    def _match(
        self, article_id: str, sig: _Signature, published: datetime | None, candidates: set[int]
    ) -> tuple[str, DuplicateMember]:
        exact = self._exact_match(sig.key, published)
        if exact is not None:
            return exact.group_id, self._exact_member(article_id, exact)
        near = self._near_match(sig, published, candidates)
        if near is not None:
            entry, score = near
            similarity = self._similarity_to_canonical(entry.group_id, sig, round(score, 4))
            return entry.group_id, DuplicateMember(article_id, "near", similarity)
        return stable_id("group", article_id), DuplicateMember(article_id, "canonical", 1.0)

    def _exact_match(self, key: str, published: datetime | None) -> _Entry | None:
        if not key:
            return None
        for slot in self._by_text.get(key, ()):
            entry = self._entries[slot]
            if self._within_window(entry.published, published):
                return entry
        return None

    def _exact_member(self, article_id: str, copied: _Entry) -> DuplicateMember:
        group = self._groups[copied.group_id]
        if group.canonical_key == copied.signature.key:
            return DuplicateMember(article_id, "exact", 1.0)
        # A word-for-word copy of a near member is a near copy of the canonical.
        _, copied_member = self._membership[copied.article_id]
        return DuplicateMember(article_id, "near", copied_member.similarity)

    def _near_match(
        self, sig: _Signature, published: datetime | None, candidates: set[int]
    ) -> tuple[_Entry, float] | None:
        entries = [
            self._entries[slot]
            for slot in sorted(candidates)
            if self._within_window(self._entries[slot].published, published)
        ]
        if not entries:
            return None
        scores = self._containment(sig, entries)
        best = int(np.argmax(scores))  # first (earliest indexed) among equal scores
        if scores[best] < self.threshold:
            return None
        return entries[best], float(scores[best])

    def _containment(self, sig: _Signature, entries: list[_Entry]) -> npt.NDArray[np.float64]:
        """Estimated |A ∩ B| / min(|A|, |B|) of ``sig`` against each entry.

        MinHash estimates the Jaccard similarity J; with the exact set sizes
        the intersection is J (|A| + |B|) / (1 + J).
        """
        matrix = np.stack([entry.signature.hashvalues for entry in entries])
        jaccard = (matrix == sig.hashvalues).mean(axis=1)
        sizes = np.array([entry.signature.size for entry in entries], dtype=np.float64)
        overlap = jaccard * (sizes + sig.size) / (1.0 + jaccard)
        smaller = np.maximum(np.minimum(sizes, sig.size), 1.0)  # an empty text overlaps nothing
        result: npt.NDArray[np.float64] = np.minimum(1.0, overlap / smaller)
        return result

    def _similarity_to_canonical(self, group_id: str, sig: _Signature, fallback: float) -> float:
        """The estimate against the group's canonical article when it is indexed."""
        canonical = self._groups[group_id].canonical
        slot = self._slot_of.get(canonical) if canonical else None
        if slot is None:
            return fallback
        return round(float(self._containment(sig, [self._entries[slot]])[0]), 4)

    def _within_window(self, first: datetime | None, second: datetime | None) -> bool:
        if self.window_days is None or first is None or second is None:
            return True
        return abs((first - second).total_seconds()) <= self.window_days * _SECONDS_PER_DAY

    def _infer_member(self, article_id: str, group_id: str, sig: _Signature) -> DuplicateMember:
        if stable_id("group", article_id) == group_id:
            return DuplicateMember(article_id, "canonical", 1.0)
        group = self._groups.get(group_id)
        if group is not None and group.canonical_key and group.canonical_key == sig.key:
            return DuplicateMember(article_id, "exact", 1.0)
        # Without the canonical article, the threshold is what the match is known to reach.
        similarity = self._similarity_to_canonical(group_id, sig, float(self.threshold))
        return DuplicateMember(article_id, "near", similarity)


class NearDuplicates(_CopyMatching, Stage):
    """Groups exact and near copies of articles, online and time-aware.

    Parameters
    ----------
    threshold:
        Least estimated containment (share of the shorter text's shingles
        found in the other text) for a near copy, in (0, 1].  0.6: reprints
        and scraped variants score 0.8-1.0, articles that only share quotes
        about 0.1-0.4.
    num_perm:
        MinHash permutations (signature length); more is more precise and slower.
    shingle_size:
        Words per shingle; 5 keeps shared common phrases from looking like copying.
    window_days:
        Dated articles further apart than this are never matched; ``None``
        matches across any distance.  Undated articles match anything.
    max_indexed:
        Most articles kept in the index; beyond it the earliest indexed is
        dropped (as :meth:`evict_before` does for old ones).  This bounds
        memory on undated streams, where the time window never applies.
    seed:
        Seed of the MinHash permutations (signatures are comparable only
        between instances with the same seed, num_perm and shingle_size).
    """

    name = "dedup"
    version = "1"

    def __init__(
        self,
        *,
        threshold: float = 0.6,
        num_perm: int = 128,
        shingle_size: int = 5,
        window_days: float | None = 30.0,
        max_indexed: int = 200_000,
        seed: int = 1,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.window_days = window_days
        self.max_indexed = max_indexed
        self.seed = seed
        self._ready = False

    def validate(self) -> None:
        owner = type(self).__name__
        check_number(owner, "threshold", self.threshold, low=0, high=1, low_open=True)
        check_number(owner, "num_perm", self.num_perm, low=8, high=1024, integer=True)
        check_number(owner, "shingle_size", self.shingle_size, low=1, high=16, integer=True)
        if self.window_days is not None:
            check_number(owner, "window_days", self.window_days, low=0, low_open=True)
        check_number(owner, "max_indexed", self.max_indexed, low=1, integer=True)
        check_number(owner, "seed", self.seed, low=0, high=2**32 - 1, integer=True)

    # -- public API ---------------------------------------------------------

    def signature(self, article: CleanArticle) -> bytes:
        """A compact, serialisable signature of ``article`` (MinHash values,
        shingle count, exact-text key) for :meth:`add` and :meth:`restore`."""
        self._prepare()
        return self._pack(self._compute(article.text))

    def add(
        self, article: CleanArticle, *, signature: bytes | None = None
    ) -> tuple[str, DuplicateMember]:
        """Index ``article`` and return ``(group id, membership)``.

        The article joins the group of an exact copy if there is one within
        the window, else the group of its best near copy, else it opens a new
        group as its canonical article (group id ``stable_id("group", id)``).
        A ``signature`` from :meth:`signature` saves recomputing it; one made
        with other parameters is ignored.  Adding an article twice returns
        its first membership.
        """
        self._prepare()
        if article.id in self._membership:
            return self._membership[article.id]
        sig = self._signature_for(article, signature)
        published = _aware(article.published)
        slot = self._take_slot()
        candidates = self._bands.insert(slot, sig.hashvalues) if sig.size else set()
        group_id, member = self._match(article.id, sig, published, candidates)
        self._record(group_id, member, sig.key)
        self._index(slot, article.id, group_id, sig, published)
        return group_id, member

    def restore(
        self,
        article_id: str,
        *,
        group_id: str,
        signature: bytes,
        published: datetime | None,
        text_key: str | None = None,
    ) -> None:
        """Put an article indexed in an earlier run back into the index, as it was.

        Nothing is recomputed: ``signature`` is the one stored for it (it holds
        the :func:`text_key` too; pass ``text_key`` only to override it).  The
        membership reported by :meth:`groups` is inferred (canonical when the
        group id is derived from ``article_id``; exact or near against the
        canonical article when that was restored too).  Raises
        :class:`~storyline.errors.InvalidParameter` for a signature made with
        other parameters.
        """
        self._prepare()
        sig = self._unpack(signature)
        if text_key is not None:
            if not _KEY_PATTERN.fullmatch(text_key):
                raise InvalidParameter(
                    "The 'text_key' parameter of NearDuplicates.restore must be a key made by "
                    "text_key() (16 hex digits, or '' for a text without words). "
                    f"Got {text_key!r} instead."
                )
            sig = _Signature(sig.hashvalues, sig.size, text_key)
        if article_id in self._membership:
            log.debug("dedup: %s is already indexed; restore ignored", article_id)
            return
        member = self._infer_member(article_id, group_id, sig)
        self._record(group_id, member, sig.key)
        self._index_restored(article_id, group_id, sig, _aware(published))

    def evict_before(self, when: datetime) -> int:
        """Drop index entries published before ``when``; return how many.

        Undated articles stay.  Evicted articles cannot be matched any more
        and leave :meth:`groups` too, so that memory follows the window, not
        the corpus (the store keeps every article's group).
        """
        self._prepare()
        cutoff = when.timestamp() if when.tzinfo else when.replace(tzinfo=UTC).timestamp()
        evicted = 0
        while self._by_date and self._by_date[0][0] < cutoff:
            _, slot = heapq.heappop(self._by_date)
            entry = self._entries.get(slot)
            if entry is not None:
                self._unindex(entry)
                self._forget(entry.article_id)
                evicted += 1
        return evicted

    def _forget(self, article_id: str) -> None:
        group_id, _member = self._membership.pop(article_id)
        group = self._groups[group_id]
        group.members = [m for m in group.members if m.article_id != article_id]
        if not group.members:
            del self._groups[group_id]

    def groups(self) -> list[DuplicateGroup]:
        """Every group of an article added or restored in this instance, oldest first.

        ``canonical`` is ``""`` for a group whose canonical article was neither
        added nor restored here (it was indexed, then evicted, in an earlier run).
        """
        self._prepare()
        return [
            DuplicateGroup(id=group.id, canonical=group.canonical, members=tuple(group.members))
            for group in self._groups.values()
        ]

    def state(self) -> dict[str, Any]:
        """The index as JSON-ready data, for :meth:`load_state` in a later run.

        Holds every indexed article (so its size follows ``window_days``);
        a store that keeps each article's signature can use :meth:`restore`.
        """
        self._prepare()
        entries = []
        for entry in self._entries.values():
            _, member = self._membership[entry.article_id]
            entries.append(
                {
                    "article": entry.article_id,
                    "group": entry.group_id,
                    "relation": member.relation,
                    "similarity": member.similarity,
                    "published": entry.published.isoformat() if entry.published else None,
                    "signature": base64.b64encode(self._pack(entry.signature)).decode("ascii"),
                }
            )
        return {"format": _STATE_FORMAT, "params": self.params(), "entries": entries}

    def load_state(self, state: dict[str, Any]) -> None:
        """Re-index what :meth:`state` saved.  A state made with other
        parameters (or another format) is dropped with a warning: the index
        then starts empty and new articles are still grouped correctly
        among themselves."""
        self._prepare()
        try:
            if state.get("format") != _STATE_FORMAT:
                raise InvalidParameter(f"unknown format {state.get('format')!r}")
            loaded = [self._state_entry(item) for item in state["entries"]]
        except (InvalidParameter, KeyError, TypeError, ValueError) as error:
            log.warning("dedup: saved state not usable (%s); starting with an empty index", error)
            return
        for article_id, group_id, member, sig, published in loaded:
            if article_id in self._membership:
                continue
            self._record(group_id, member, sig.key)
            self._index_restored(article_id, group_id, sig, published)

    # -- bookkeeping ----------------------------------------------------------

    def _prepare(self) -> None:
        if self._ready:
            return
        self.validate()
        self._shingler = _Shingler(self.shingle_size)
        self._permutations = _Permutations(self.num_perm, self.seed)
        self._bands = _BandIndex(self.num_perm)
        self._entries: dict[int, _Entry] = {}
        self._slot_of: dict[str, int] = {}
        self._by_text: dict[str, list[int]] = {}
        self._by_date: list[tuple[float, int]] = []  # heap of (timestamp, slot) for eviction
        self._groups: dict[str, _Group] = {}
        self._membership: dict[str, tuple[str, DuplicateMember]] = {}
        self._next_slot = 0
        self._ready = True

    def _compute(self, text: str) -> _Signature:
        tokens = _tokens(text)
        shingle_hashes = self._shingler.hashes(tokens)
        hashvalues = self._permutations.minhash(shingle_hashes)
        return _Signature(hashvalues, _distinct(shingle_hashes), _text_key(tokens))

    def _pack(self, sig: _Signature) -> bytes:
        return sig.pack(shingle_size=self.shingle_size, num_perm=self.num_perm, seed=self.seed)

    def _unpack(self, data: bytes) -> _Signature:
        return _unpack_signature(
            data, shingle_size=self.shingle_size, num_perm=self.num_perm, seed=self.seed
        )

    def _signature_for(self, article: CleanArticle, signature: bytes | None) -> _Signature:
        if signature is not None:
            try:
                return self._unpack(signature)
            except InvalidParameter as error:
                log.debug("dedup: recomputing the signature of %s: %s", article.id, error)
        return self._compute(article.text)

    def _state_entry(
        self, item: dict[str, Any]
    ) -> tuple[str, str, DuplicateMember, _Signature, datetime | None]:
        sig = self._unpack(base64.b64decode(item["signature"]))
        published = datetime.fromisoformat(item["published"]) if item["published"] else None
        member = DuplicateMember(item["article"], item["relation"], float(item["similarity"]))
        return item["article"], item["group"], member, sig, _aware(published)

    def _record(self, group_id: str, member: DuplicateMember, key: str) -> None:
        group = self._groups.setdefault(group_id, _Group(group_id))
        if member.relation == "canonical":
            group.canonical, group.canonical_key = member.article_id, key
        group.members.append(member)
        self._membership[member.article_id] = (group_id, member)

    def _take_slot(self) -> int:
        slot = self._next_slot
        self._next_slot += 1
        return slot

    def _index(
        self,
        slot: int,
        article_id: str,
        group_id: str,
        sig: _Signature,
        published: datetime | None,
    ) -> None:
        """Register an entry whose slot is already in the band index (if it has shingles)."""
        self._entries[slot] = _Entry(slot, article_id, group_id, sig, published)
        self._slot_of[article_id] = slot
        if sig.key:
            self._by_text.setdefault(sig.key, []).append(slot)
        if published is not None:
            heapq.heappush(self._by_date, (published.timestamp(), slot))
        while len(self._entries) > self.max_indexed:
            # Entries are kept in the order they were indexed: drop the earliest.
            earliest = next(iter(self._entries.values()))
            self._unindex(earliest)
            self._forget(earliest.article_id)

    def _index_restored(
        self, article_id: str, group_id: str, sig: _Signature, published: datetime | None
    ) -> None:
        slot = self._take_slot()
        if sig.size:
            self._bands.insert(slot, sig.hashvalues)
        self._index(slot, article_id, group_id, sig, published)

    def _unindex(self, entry: _Entry) -> None:
        del self._entries[entry.slot]
        del self._slot_of[entry.article_id]
        if entry.signature.key:
            same_text = self._by_text[entry.signature.key]
            same_text.remove(entry.slot)
            if not same_text:
                del self._by_text[entry.signature.key]
        if entry.signature.size:
            self._bands.remove(entry.slot, entry.signature.hashvalues)


def _aware(moment: datetime | None) -> datetime | None:
    """Naive datetimes are taken as UTC (as ingest does), so any two compare."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def group_duplicates(articles: Iterable[CleanArticle], **params: Any) -> list[DuplicateGroup]:
    """Group ``articles`` (in the order given) into duplicate groups.

    Every article lands in exactly one group; articles without a copy form
    groups of one.  ``params`` are those of :class:`NearDuplicates`.
    """
    stage = NearDuplicates(**params)
    for article in articles:
        stage.add(article)
    return stage.groups()
