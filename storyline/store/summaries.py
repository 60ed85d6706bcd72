"""Summaries and comparisons in the store: saved packed against the cleaned texts
they quote, and read back with those texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..models import CleanArticle, Summary
from .codec import TextsOnDemand, pack_summary, unpack_document
from .queries import StoreQueries
from .records import summary_to_dict

__all__ = ["SummaryRecords"]


class SummaryRecords(StoreQueries):
    """Mixed into :class:`~storyline.store.SQLiteStore`: summary and comparison rows."""

    if TYPE_CHECKING:  # provided by the store's other parts

        def cleaned_articles(self, ids: Sequence[str]) -> list[CleanArticle]: ...

        def _clean_texts(self, ids: Sequence[str]) -> dict[str, str]: ...

    # -- writes ------------------------------------------------------------------

    def _save_summary(
        self,
        summary: Summary,
        stage_id: int,
        comparison: dict[str, Any] | None = None,
        *,
        texts: Mapping[str, str] | None = None,
    ) -> None:
        """Save a summary (and comparison); ``texts`` (article id -> cleaned text),
        if the caller holds them, spare reading the quoted articles' texts again."""
        document = summary_to_dict(summary)
        with self.transaction():
            # the text they quote is read back from the cleaned articles (migration 11)
            known = TextsOnDemand(texts or {}, self._clean_texts)
            data, packed = pack_summary(document, comparison, known)
            self._save_packed_summary(summary.story_id, stage_id, data, packed)

    def _save_packed_summary(
        self, story_id: str, stage_id: int, data: bytes, comparison: bytes | None = None
    ) -> None:
        """Save a summary (and comparison) already packed by ``codec.pack_summary``
        against the cleaned texts of the articles they quote (the scaled pipeline's
        workers pack them, so the client only writes)."""
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO summaries (story_id, data, stage_id) VALUES (?, ?, ?)",
                (story_id, data, stage_id),
            )
            if comparison is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO comparisons (story_id, data) VALUES (?, ?)",
                    (story_id, comparison),
                )
            self._db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))

    def _dirty_stories(self) -> list[str]:
        rows = self._db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id").fetchall()
        return [row["id"] for row in rows]

    # -- reads -------------------------------------------------------------------

    def _lead_and_conflicts(self, story_id: str) -> tuple[str | None, bool]:
        """A story's first summary sentence, and whether its comparison found a disagreement:
        two figures that conflict, or one quote attributed to different speakers."""
        summary = self._db.execute(
            "SELECT data FROM summaries WHERE story_id = ?", (story_id,)
        ).fetchone()
        document = unpack_document(summary["data"], texts=self._clean_texts) if summary else {}
        sentences = document.get("sentences")
        lead = sentences[0].get("text") if sentences else None
        row = self._db.execute(
            "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
        ).fetchone()
        # only relations and flags are read here: the quoted texts are not needed
        comparison = unpack_document(row["data"]) if row else {}
        conflicting = any(
            pair.get("relation") == "conflicting"
            for group in comparison.get("figures") or []
            for pair in group.get("pairs") or []
        )
        disputed = any(quote.get("speaker_conflict") for quote in comparison.get("quotes") or [])
        return lead, conflicting or disputed

    def _add_cited_text(self, summary: dict[str, Any]) -> None:
        """Give each citation the text it points at (``text``), from the cleaned article."""
        sentences = summary.get("sentences", [])
        cited = list(dict.fromkeys(c["article_id"] for s in sentences for c in s["citations"]))
        texts = {article.id: article.text for article in self.cleaned_articles(cited)}
        for sentence in sentences:
            for citation in sentence["citations"]:
                text = texts.get(citation["article_id"], "")
                citation["text"] = text[citation["start"] : citation["end"]]
