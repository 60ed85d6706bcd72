"""The extraction benchmark's harness: a peer that raises on a page does not stop the run.

The pages are invented; nothing here reads ../shared.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import common, extraction

PARAGRAPH = "The river authority said the flood barrier would be raised again on Thursday."
PAGES = {
    "page-a": f"<html><body><article><p>{PARAGRAPH}</p></article></body></html>",
    "page-b": "<html><body><article><p>BROKEN page the fake peer cannot read.</p></article>"
    "</body></html>",
    "page-c": f"<html><body><article><p>{PARAGRAPH} It was lowered in May.</p></article>"
    "</body></html>",
}


def run_failing_peer(folder: str, limit: int = 0) -> tuple[dict[str, Any], float]:
    """A fake peer: returns the page's paragraph, raises on pages that say BROKEN."""

    def extract(page: bytes) -> str:
        if b"BROKEN" in page:
            raise ValueError("All strings must be XML compatible")
        return page.decode().split("<p>")[1].split("</p>")[0]

    return extraction._timed(extract, folder, limit)


def run_crashing_peer(folder: str, limit: int = 0) -> tuple[dict[str, Any], float]:
    raise RuntimeError("the peer cannot start")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "aeb"
    folder.mkdir(parents=True)
    for page_id, html in PAGES.items():
        (folder / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        body = html.split("<p>")[1].split("</p>")[0]
        annotation = {"id": page_id, "url": f"https://example.org/{page_id}", "articleBody": body}
        (folder / f"{page_id}.json").write_text(json.dumps(annotation), encoding="utf-8")
    return folder


def test_a_page_the_peer_raises_on_is_empty_output_listed_by_name(data: Path) -> None:
    targets = {
        "fake": f"{__name__}:run_failing_peer",
        "crashing": f"{__name__}:run_crashing_peer",
    }
    result = extraction.run_set(data, targets, limit=0, repeat=1)
    rows = {row["system"]: row for row in result["rows"]}
    fake = rows["fake"]
    assert list(fake["failed pages"]) == ["page-b"]
    assert "XML compatible" in fake["failed pages"]["page-b"]
    assert fake["failed"] == 1 and fake["empty"] == 1
    # The two pages it read are exact, the failed one costs recall only.
    assert fake["P"] == pytest.approx(1.0)
    assert fake["R"] == pytest.approx(2 / 3)
    assert "cannot start" in rows["crashing"]["error"]


def test_a_subset_run_writes_its_json(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(common, "OUT_DIR", out)
    extraction.main([str(data.parent), "--systems", "storyline", "--repeat", "1"])
    written = json.loads((out / "extraction-partial-storyline.json").read_text())
    (row,) = written["sets"]["aeb"]["rows"]
    assert row["system"] == "storyline" and row["failed"] == 0
    assert row["R"] > 0.5


def test_results_name_tells_full_from_partial_runs() -> None:
    assert extraction.results_name(list(extraction.SYSTEMS), 0) == "extraction"
    assert extraction.results_name(["storyline"], 0) == "extraction-partial-storyline"
    assert extraction.results_name(list(extraction.SYSTEMS), 5).endswith("-limit5")
