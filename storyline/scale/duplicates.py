"""Near-duplicate groups on Dask: the design of NeMo Curator's fuzzy deduplication.

1. MinHash signatures are computed in parallel (by :mod:`storyline.scale.tasks`,
   with :meth:`NearDuplicates.signature`), one partition of articles per task;
2. every signature gives its LSH band keys (and its exact-text key); a Dask
   DataFrame shuffle groups equal keys, and each bucket yields candidate pairs.
   The stream goes through in time-ordered waves of bounded size: each wave's
   band keys are shuffled with the rows its buckets still hold from the waves
   before (those the time-window eviction has not dropped), so the rows on the
   workers at once are about one wave's and one window's, not the stream's;
3. candidate pairs are verified in parallel with the stage's own containment
   estimate and time window;
4. verified pairs are joined into connected components, and the components,
   packed into chunks, are replayed through :class:`NearDuplicates` itself.

Why the replay: the single-process stage is online and greedy (an article
joins the group of its *best* earlier match), so its groups are not simply
the connected components.  Only articles of one component can influence each
other's groups, so replaying each component in stream order, with exactly the
candidates the single-process band index would have offered (bucket cap and
time-window eviction simulated in step 2), gives the same groups, members and
similarities as the single-process run.  One bound is not simulated: the
stage's ``max_indexed`` cap on the whole index (200,000 by default), which a
stream only reaches with that many articles inside one ``window_days``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from ..dedup import _MAX_BUCKET, NearDuplicates, _BandIndex, _Entry, _unpack_signature
from ..models import Article, CleanArticle, DuplicateMember, Origin
from .engine import RETRIES, run_bounded

__all__ = ["DedupEntry", "scaled_duplicates"]

log = logging.getLogger(__name__)

_EXACT_BAND = 255  # the "band" of the exact-text key in the shuffled frame
_UNDATED = np.nan
_NO_CUTOFF = -np.inf
# band-key rows (one per band and article) per shuffled partition: the partitions' count
# grows with the stream, not their size, so a worker's peak does not
_ROWS_PER_PARTITION = 200_000
_SIGNATURES_PER_TASK = 4_000  # signatures per task that makes band keys
# articles per wave of the band-key shuffle: a wave's signatures travel inside its task
# graph (about 5 MB at the default 128 permutations), and its rows with those its
# buckets still hold are all a worker's share of the step, whatever the stream's length
_WAVE = 10_000


@dataclass(frozen=True)
class DedupEntry:
    """One article for the duplicate index, in stream order.

    ``cutoff``: the eviction time (seconds) in force when the single-process
    pipeline adds it (``None`` before any eviction).  ``restored_group``: the
    group of an article indexed by an earlier run (restored, not added).
    """

    article_id: str
    published: datetime | None
    signature: bytes
    cutoff: float | None = None
    restored_group: str | None = None


def scaled_duplicates(
    client: Any,
    entries: Sequence[DedupEntry],
    params: Mapping[str, Any],
    *,
    partitions: int,
    chunk_size: int = 4000,
    on_found: Callable[[dict[str, tuple[str, DuplicateMember]]], None] | None = None,
) -> dict[str, tuple[str, DuplicateMember]]:
    """Group ``entries`` (restored ones first) exactly as the pipeline's online stage would.

    ``partitions``: at least this many shuffled partitions (more for a long stream), and
    as many verification or replay tasks submitted at once (2 per worker: each worker
    holds a task's signatures while it runs one and at most one more).

    Returns article id -> (group id, membership) for every entry not restored; with
    ``on_found``, each chunk's part goes to it as it comes back instead (and nothing
    is kept: the pipeline writes them at once).
    """
    if not entries:
        return {}
    stage = NearDuplicates(**params)
    stage.validate()
    published = np.array(
        [_UNDATED if e.published is None else _seconds(e.published) for e in entries]
    )
    cutoffs = np.array([_NO_CUTOFF if e.cutoff is None else e.cutoff for e in entries])
    window = np.inf if stage.window_days is None else stage.window_days * 86_400.0
    pairs = _candidate_pairs(client, entries, stage, published, cutoffs, window, partitions)
    edges = _verify(client, entries, params, pairs, chunk_size, in_flight=partitions)
    chunks = list(_chunks(_components(len(entries), edges), chunk_size))
    candidates: dict[int, list[int]] = {}
    for first, second in edges:
        candidates.setdefault(second, []).append(first)
    jobs = (
        (
            dict(params),
            [(order, entries[order]) for order in chunk],
            {order: candidates.get(order, []) for order in chunk},
        )
        for chunk in chunks
    )
    result: dict[str, tuple[str, DuplicateMember]] = {}
    on_result = result.update if on_found is None else on_found
    run_bounded(client, _replay, jobs, in_flight=partitions, on_result=on_result)
    log.info(
        "dedup on Dask: %d articles, %d candidate pairs, %d verified, %d chunks",
        len(entries),
        len(pairs[0]),
        len(edges),
        len(chunks),
    )
    return result


def _seconds(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


# -- step 2: band keys, shuffled in waves; candidate pairs per bucket ----------


def _band_frame(chunk: tuple[int, list[bytes], dict[str, int]]) -> Any:
    """One row per (article, band) and one per exact-text key: band, key, order."""

    start, signatures, shape = chunk
    index = _BandIndex(shape["num_perm"])
    bands: list[int] = []
    keys: list[int] = []
    orders: list[int] = []
    for offset, data in enumerate(signatures):
        sig = _unpack_signature(data, **shape)
        order = start + offset
        if sig.size:
            band_keys = index._keys(sig.hashvalues)
            bands.extend(range(len(band_keys)))
            keys.extend(band_keys)
            orders.extend([order] * len(band_keys))
        if sig.key:
            bands.append(_EXACT_BAND)
            keys.append(int(sig.key, 16))
            orders.append(order)
    return _rows(bands, keys, orders)


def _rows(bands: Any, keys: Any, orders: Any) -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "band": np.asarray(bands, dtype=np.uint8),
            "key": np.asarray(keys, dtype=np.uint64),
            "order": np.asarray(orders, dtype=np.int64),
        }
    )


@dataclass(frozen=True)
class _Wave:
    """What a wave's bucket tasks need besides their rows.

    ``base``: the order of ``published[0]`` and ``cutoffs[0]`` (the earliest row
    still held when the wave starts, or its first article); ``first``: the wave's
    first article (rows of earlier ones are held already); ``boundary``: the
    eviction in force when the next wave starts (None: no next wave).
    """

    published: npt.NDArray[np.float64]
    cutoffs: npt.NDArray[np.float64]
    base: int
    first: int
    boundary: float | None
    window: float


def _wave_buckets(frame: Any, wave: _Wave) -> tuple[Any, Any]:
    """The candidate pairs (earlier, later) of one shuffled partition of a wave, as the
    online band index would offer them, and the rows its buckets still hold for the
    next wave (none after the last one).

    In stream order, each member of a bucket meets the members still in it
    (after the eviction in force when it arrives); it then joins the bucket
    unless the bucket already holds the stage's cap.  An exact-text bucket
    has no cap and offers only its first member within the window.
    """
    frame = frame.sort_values(["band", "key", "order"], kind="stable")
    bands, keys = frame["band"].to_numpy(), frame["key"].to_numpy()
    orders = frame["order"].to_numpy() - wave.base
    starts = np.flatnonzero(np.r_[True, (bands[1:] != bands[:-1]) | (keys[1:] != keys[:-1])])
    ends = np.r_[starts[1:], len(orders)]
    first = wave.first - wave.base
    firsts: list[int] = []
    seconds: list[int] = []
    kept = np.zeros(len(orders), dtype=bool)  # rows held at the wave's end
    kept[starts[ends - starts == 1]] = True  # a bucket of one holds it (cap or not)
    for start, end in zip(
        starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist(), strict=True
    ):
        held = _bucket(
            orders[start:end].tolist(),
            bool(bands[start] == _EXACT_BAND),
            wave.published,
            wave.cutoffs,
            wave.window,
            first=first,
            pairs=(firsts, seconds),
        )
        kept[start + np.searchsorted(orders[start:end], held)] = True
    pairs = _pairs(
        np.array(firsts, dtype=np.int64) + wave.base, np.array(seconds, dtype=np.int64) + wave.base
    )
    if wave.boundary is None:
        return pairs, _rows([], [], [])
    if wave.boundary > _NO_CUTOFF:  # the next wave's first eviction (undated rows stay)
        kept &= ~(wave.published[orders] < wave.boundary)
    return pairs, _rows(bands[kept], keys[kept], orders[kept] + wave.base)


def _pairs(firsts: npt.NDArray[np.int64], seconds: npt.NDArray[np.int64]) -> Any:
    import pandas as pd

    return pd.DataFrame({"first": firsts, "second": seconds})


def _bucket(
    members: list[int],
    exact: bool,
    published: npt.NDArray[np.float64],
    cutoffs: npt.NDArray[np.float64],
    window: float,
    *,
    first: int = 0,
    pairs: tuple[list[int], list[int]],
) -> list[int]:
    """Simulate one bucket over ``members`` (ascending); those before ``first`` are held
    already (carried from the previous wave).  Appends the pairs it offers to ``pairs``
    and returns the members it holds at the end."""
    earliers, laters = pairs
    held: list[int] = []
    for member in members:
        if member < first:
            held.append(member)
            continue
        cutoff = cutoffs[member]
        if held and cutoff > _NO_CUTOFF:
            held = [x for x in held if not published[x] < cutoff]  # undated (nan) stay
        if exact:
            when = published[member]
            for earlier in held:
                gap = abs(published[earlier] - when)
                if not gap > window:  # nan (undated): always within the window
                    earliers.append(earlier)
                    laters.append(member)
                    break
            held.append(member)
            continue
        earliers.extend(held)
        laters.extend([member] * len(held))
        if len(held) < _MAX_BUCKET:
            held.append(member)
    return held


def _candidate_pairs(
    client: Any,
    entries: Sequence[DedupEntry],
    stage: NearDuplicates,
    published: npt.NDArray[np.float64],
    cutoffs: npt.NDArray[np.float64],
    window: float,
    partitions: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Candidate pairs as two arrays (earlier, later), ordered by the later, then the earlier.

    The stream goes through in waves of at most ``_WAVE`` articles, each shuffled on its
    own together with the rows its buckets still hold from the waves before (what the
    time-window eviction has not yet dropped): the rows on the workers at once are one
    wave's and about one window's, whatever the stream's length.
    """
    shape = {"shingle_size": stage.shingle_size, "num_perm": stage.num_perm, "seed": stage.seed}
    count = len(entries)
    held = _rows([], [], [])
    found = []
    for start in range(0, count, _WAVE):
        stop = min(start + _WAVE, count)
        base = int(held["order"].min()) if len(held) else start
        wave = _Wave(
            published=published[base:stop],
            cutoffs=cutoffs[base:stop],
            base=base,
            first=start,
            boundary=float(cutoffs[stop]) if stop < count else None,
            window=window,
        )
        chunks = [
            (
                first,
                [e.signature for e in entries[first : min(first + _SIGNATURES_PER_TASK, stop)]],
                shape,
            )
            for first in range(start, stop, _SIGNATURES_PER_TASK)
        ]
        codes, held = _shuffled_wave(client, chunks, held, wave, partitions, count)
        found.append(codes)
        log.debug("dedup wave %d-%d: %d pairs, %d rows held", start, stop, len(codes), len(held))
    codes = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    return codes % count, codes // count


def _shuffled_wave(
    client: Any,
    chunks: list[tuple[int, list[bytes], dict[str, int]]],
    held: Any,
    wave: _Wave,
    partitions: int,
    count: int,
) -> tuple[npt.NDArray[np.int64], Any]:
    """One wave: its band keys and the held rows shuffled by (band, key), each partition's
    buckets simulated.  Returns the wave's pairs coded ``later * count + earlier``
    (sorted, each once) and the rows held for the next wave."""
    import dask.dataframe as dd
    import pandas as pd
    from dask.delayed import delayed

    # signatures and held rows go inside the task graph, not scattered: a task of a
    # worker that dies can be run again elsewhere (a wave's graph is bounded, as its size)
    parts = [delayed(_band_frame)(chunk) for chunk in chunks]
    for first in range(0, len(held), _ROWS_PER_PARTITION):
        parts.append(delayed(held.iloc[first : first + _ROWS_PER_PARTITION].copy()))
    rows = sum(len(c[1]) for c in chunks) * (chunks[0][2]["num_perm"] // 2 + 1) + len(held)
    partitions = max(partitions, -(-rows // _ROWS_PER_PARTITION))
    frame = dd.from_delayed(parts, meta=_rows([], [], []), verify_meta=False)
    # "p2p": distributed's shuffle, whose workers exchange the rows over the network and
    # keep what they receive on their own disk (the "tasks" shuffle holds every row in
    # worker memory between its stages; without a default client Dask would pick "disk",
    # local to one machine)
    shuffled = frame.shuffle(on=["band", "key"], npartitions=partitions, shuffle_method="p2p")
    wave_d = delayed(wave, traverse=False)
    buckets = [delayed(_wave_buckets, nout=2)(part, wave_d) for part in shuffled.to_delayed()]
    outputs = [pair for pair, _ in buckets] + [rest for _, rest in buckets]
    futures = client.compute(outputs, retries=RETRIES)
    del parts, frame, shuffled, buckets, outputs
    found = [np.empty(0, dtype=np.int64)]
    kept = []
    for number, future in enumerate(futures):
        result = future.result()
        if number < len(futures) // 2:
            found.append(result["second"].to_numpy() * count + result["first"].to_numpy())
        else:
            kept.append(result)
        future.release()
    return np.unique(np.concatenate(found)), pd.concat(kept, ignore_index=True)


# -- step 3: verification ---------------------------------------------------


def _verify(
    client: Any,
    entries: Sequence[DedupEntry],
    params: Mapping[str, Any],
    pairs: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    chunk_size: int,
    *,
    in_flight: int,
) -> list[tuple[int, int]]:
    """The pairs within the window whose containment reaches the threshold (or exact copies)."""
    firsts, seconds = pairs
    step = max(1, chunk_size * 2)

    def jobs() -> Iterator[tuple[Any, ...]]:
        for start in range(0, len(firsts), step):
            part = list(
                zip(
                    firsts[start : start + step].tolist(),
                    seconds[start : start + step].tolist(),
                    strict=True,
                )
            )
            needed = {order for pair in part for order in pair}
            items = {o: (entries[o].published, entries[o].signature) for o in needed}
            yield dict(params), part, items

    verified: list[tuple[int, int]] = []
    run_bounded(client, _verify_pairs, jobs(), in_flight=in_flight, on_result=verified.extend)
    return verified


def _verify_pairs(
    params: Mapping[str, Any],
    pairs: Sequence[tuple[int, int]],
    items: Mapping[int, tuple[datetime | None, bytes]],
) -> list[tuple[int, int]]:
    stage = NearDuplicates(**params)
    shape = {"shingle_size": stage.shingle_size, "num_perm": stage.num_perm, "seed": stage.seed}
    sigs = {order: _unpack_signature(data, **shape) for order, (_, data) in items.items()}
    kept = []
    for first, second in pairs:
        one, other = sigs[first], sigs[second]
        when_first, when_second = _aware(items[first][0]), _aware(items[second][0])
        if not stage._within_window(when_first, when_second):
            continue
        if one.key and one.key == other.key:
            kept.append((first, second))
            continue
        entry = _Entry(first, "", "", one, when_first)
        if float(stage._containment(other, [entry])[0]) >= stage.threshold:
            kept.append((first, second))
    return kept


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


# -- step 4: connected components, replayed through the stage ----------------


def _components(count: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components (union-find), each sorted, in order of their first member."""
    parent = list(range(count))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second in edges:
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for node in range(count):
        members.setdefault(root(node), []).append(node)
    return list(members.values())


def _chunks(components: list[list[int]], size: int) -> Iterator[list[int]]:
    """Whole components packed into chunks of about ``size`` articles, each in stream order."""
    chunk: list[int] = []
    for component in components:
        chunk.extend(component)
        if len(chunk) >= size:
            yield sorted(chunk)
            chunk = []
    if chunk:
        yield sorted(chunk)


class _GivenCandidates(_BandIndex):
    """A band index that offers the candidates found on the cluster instead of its own."""

    def __init__(self, num_perm: int) -> None:
        super().__init__(num_perm)
        self.offer: set[int] = set()

    def insert(self, slot: int, hashvalues: Any) -> set[int]:
        offered, self.offer = self.offer, set()
        return offered

    def remove(self, slot: int, hashvalues: Any) -> None:
        return None


def _replay(
    params: Mapping[str, Any],
    members: Sequence[tuple[int, DedupEntry]],
    candidates: Mapping[int, Sequence[int]],
) -> dict[str, tuple[str, DuplicateMember]]:
    """Run the stage over whole components in stream order, with the verified candidates."""
    stage = NearDuplicates(**params)
    stage._prepare()
    bands = _GivenCandidates(stage.num_perm)
    stage._bands = bands
    id_of = {order: entry.article_id for order, entry in members}
    result: dict[str, tuple[str, DuplicateMember]] = {}
    for order, entry in members:
        if entry.restored_group is not None:
            stage.restore(
                entry.article_id,
                group_id=entry.restored_group,
                signature=entry.signature,
                published=entry.published,
            )
            continue
        if entry.cutoff is not None:
            stage.evict_before(datetime.fromtimestamp(entry.cutoff, UTC))
        slots = (stage._slot_of.get(id_of[earlier]) for earlier in candidates.get(order, ()))
        bands.offer = {slot for slot in slots if slot is not None}
        result[entry.article_id] = stage.add(_stub(entry), signature=entry.signature)
    return result


def _stub(entry: DedupEntry) -> CleanArticle:
    """What :meth:`NearDuplicates.add` reads of an article when given its signature."""
    article = Article(
        id=entry.article_id,
        raw_id="",
        format="",
        outlet="",
        title="",
        text="",
        origin=Origin(""),
        published=entry.published,
    )
    return CleanArticle(article, "")
