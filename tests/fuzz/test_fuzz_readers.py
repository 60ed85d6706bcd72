"""Fuzzing every reader and the API's ingest: no input crashes, hangs or vanishes.

Example counts are kept small so the suite stays fast; ``python -m
benchmarks.fuzz`` runs the same checks on many more inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from storyline.api import create_app
from tests.fuzz.strategies import REGRESSIONS, SEEDS, check_input, inputs, jsonl_lines, mutated

FAST = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize(("name", "data"), SEEDS + REGRESSIONS, ids=lambda v: str(v)[:20])
def test_seeds_and_regressions_keep_the_rules(name: str, data: bytes) -> None:
    assert check_input(name, data).problems == []


@FAST
@given(mutated())
def test_mutated_files_keep_the_rules(case: tuple[str, bytes]) -> None:
    assert check_input(*case).problems == []


@FAST
@given(jsonl_lines())
def test_odd_json_lines_keep_the_rules(case: tuple[str, bytes]) -> None:
    assert check_input(*case).problems == []


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("fuzz") / "s.db"
    return TestClient(create_app(db))


@settings(FAST, max_examples=15)
@given(inputs)
def test_api_ingest_answers_every_input(api: TestClient, case: tuple[str, bytes]) -> None:
    name, data = case
    upload = api.post("/api/articles", files=[("files", (name, data))])
    assert upload.status_code == 200, upload.text
    report = upload.json()
    assert report["added"] + report["already_stored"] + len(report["rejected"]) >= 0
    if name.endswith(".jsonl"):
        ndjson = api.post(
            "/api/articles", content=data, headers={"content-type": "application/x-ndjson"}
        )
        assert ndjson.status_code in (200, 400, 422), ndjson.text


def test_fuzz_inputs_exist_for_every_reader() -> None:
    names = {Path(name).suffix for name, _ in SEEDS}
    assert {".html", ".txt", ".jsonl", ".rss", ".atom", ".warc", ".gz"} <= names
