"""Library calls that need no files: ingest records from memory, summarise texts.

::

    from storyline import ingest_records, open_store, summarize_texts

    with open_store("news.db") as store:
        report = ingest_records(store, [{"outlet": "Herald", "title": "...", "text": "..."}])

    result = summarize_texts(["First outlet's text ...", "Second outlet's text ..."],
                             outlets=["Herald", "Ledger"], word_budget=60)
    for sentence in result.sentences:
        print(sentence.text, sentence.outlets, [result.index_of(c) for c in sentence.citations])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .config import Settings
from .errors import InvalidParameter
from .models import Citation, Origin, Rejection, SummarySentence, raw_hash
from .pipeline import IngestReport, Pipeline
from .store import SQLiteStore

__all__ = ["RECORD_FIELDS", "TextSummary", "ingest_records", "summarize_texts"]

#: The fields a record may have (those of the JSON Lines format, docs/formats.md).
RECORD_FIELDS = ("text", "html", "title", "url", "outlet", "date", "author")
_SOURCE_NAME = "<records>"


def ingest_records(
    store: SQLiteStore,
    records: Iterable[Mapping[str, Any] | Any],
    *,
    settings: Settings | None = None,
    outlet: str | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> IngestReport:
    """Store, process and summarise articles given in memory; no files involved.

    Each record is a mapping with the JSON Lines fields (``text`` or ``html``,
    ``title``, ``url``, ``outlet``, ``date``, ``author``) or an object with
    those attributes (an :class:`~storyline.models.Article` works; ``published``
    stands for ``date``).  Records are read exactly as lines of a JSON Lines
    file called ``<records>`` would be: a bad record becomes a rejection
    (origin ``<records>:N``, counted from 1) and the batch goes on.
    """
    from . import ingest

    lines = [
        json.dumps(_record_fields(record, number), default=str)
        for number, record in enumerate(records, 1)
    ]
    pipeline = Pipeline(store, settings)
    report = IngestReport(files=0)
    if lines:
        data = ("\n".join(lines) + "\n").encode("utf-8")
        items = ingest.read_bytes(data, name=_SOURCE_NAME, outlet=outlet, format="jsonl")
        pipeline.store_items(items, outlet=outlet, report=report, on_rejection=on_rejection)
    return pipeline.finish(report)


def _record_fields(record: Mapping[str, Any] | Any, number: int) -> dict[str, Any]:
    if isinstance(record, Mapping):
        fields = {key: record[key] for key in RECORD_FIELDS if key in record}
        if "date" not in fields and "published" in record:
            fields["date"] = record["published"]
    else:
        fields = {key: getattr(record, key) for key in RECORD_FIELDS if hasattr(record, key)}
        if "date" not in fields and hasattr(record, "published"):
            fields["date"] = record.published
        if not fields:
            raise InvalidParameter(
                f"Record {number} of ingest_records must be a mapping or an object with "
                f"{', '.join(RECORD_FIELDS)} attributes. Got {type(record).__name__} instead."
            )
    value = fields.get("date")
    if isinstance(value, datetime | date):
        fields["date"] = value.isoformat()
    return {key: value for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class TextSummary:
    """The summary of a list of texts, with each sentence's citations.

    ``article_ids[i]`` is the id given to ``texts[i]``; :meth:`index_of`
    turns a citation back into the position of the text it cites, and
    :meth:`cited_text` gives the words it points at.
    """

    sentences: tuple[SummarySentence, ...]
    article_ids: tuple[str, ...]
    texts: tuple[str, ...]
    word_budget: int

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)

    def index_of(self, citation: Citation) -> int:
        return self.article_ids.index(citation.article_id)

    def cited_text(self, citation: Citation) -> str:
        return self.texts[self.index_of(citation)][citation.start : citation.end]


def summarize_texts(
    texts: Sequence[str],
    *,
    outlets: Sequence[str] | None = None,
    titles: Sequence[str] | None = None,
    published: Sequence[datetime | None] | None = None,
    word_budget: int = 120,
    group_copies: bool = True,
    **params: Any,
) -> TextSummary:
    """Summarise texts about one story without a store.

    ``outlets`` names who wrote each text (default "Source 1", "Source 2", ...);
    near copies count as one source when ``group_copies`` is true.  Texts are
    cleaned as ingested articles are; ``params`` are other Summarizer settings.
    Citations point into each text as cleaned, which for plain prose is the
    text as given (see :meth:`TextSummary.cited_text`).
    """
    from .clean import Cleaner
    from .dedup import group_duplicates
    from .models import Article
    from .summarize import Summarizer

    count = len(texts)
    for name, values in (("outlets", outlets), ("titles", titles), ("published", published)):
        if values is not None and len(values) != count:
            raise InvalidParameter(
                f"The {name!r} parameter of summarize_texts must have one item per text "
                f"({count}). Got {len(values)} instead."
            )
    if any(not isinstance(text, str) for text in texts):
        raise InvalidParameter("The 'texts' parameter of summarize_texts must be strings.")
    cleaner = Cleaner()
    cleaned = []
    for index, text in enumerate(texts):
        article = Article.create(
            raw_id=raw_hash(text.encode("utf-8")),
            format="text",
            outlet=outlets[index] if outlets else f"Source {index + 1}",
            title=titles[index] if titles else "",
            text=text,
            origin=Origin(f"<texts>#{index + 1}"),
            published=published[index] if published else None,
        )
        cleaned.append(cleaner.clean(article))
    group_of = {}
    if group_copies:
        for group in group_duplicates(cleaned):
            for member in group.members:
                group_of[member.article_id] = group.id
    summary = Summarizer(word_budget=word_budget, **params).summarize(
        "texts", cleaned, group_of=group_of
    )
    return TextSummary(
        sentences=summary.sentences,
        article_ids=tuple(article.id for article in cleaned),
        texts=tuple(article.text for article in cleaned),
        word_budget=word_budget,
    )
