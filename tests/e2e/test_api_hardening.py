"""The HTTP API against hostile input and requests: answers per item, never a 500."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings
from storyline.guard import parse_host_header
from storyline.pipeline import Pipeline
from storyline.store import open_store

BODY = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay."
)
GOOD = {"title": "Dredging", "text": BODY, "outlet": "Harbour FM", "date": "2025-03-01"}
LOOPBACK = ["127.0.0.1", "localhost", "::1"]


def client(db: Path, **options: Any) -> TestClient:
    return TestClient(create_app(db, **options), base_url="http://127.0.0.1:8000")


def post_ndjson(api: TestClient, body: bytes) -> Any:
    return api.post("/api/articles", content=body, headers={"content-type": "application/x-ndjson"})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "s.db"


# --------------------------------------------------------------------------- per item


def test_ndjson_answers_per_item(db: Path) -> None:
    lines = [
        b'{"text": "bad \\ud800 escape in this article text"}',
        b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        json.dumps(GOOD).encode(),
    ]
    with client(db) as api:
        response = post_ndjson(api, b"\n".join(lines) + b"\n")
    assert response.status_code == 200
    report = response.json()
    assert report["added"] == 1
    reasons = [r["reason"] for r in report["rejected"]]
    assert any("surrogate" in reason for reason in reasons)
    assert any("nested too deeply" in reason for reason in reasons)


def test_json_article_with_a_lone_surrogate_is_rejected_alone(db: Path) -> None:
    body = '[{"text": "odd \\ud800 text here"}, ' + json.dumps(GOOD) + "]"
    with client(db) as api:
        response = api.post(
            "/api/articles", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 200
    assert response.json()["added"] == 1
    assert len(response.json()["rejected"]) == 1


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"text": "x", "date": 1' + b"0" * 5000 + b"}"],
)
def test_unusable_json_body_is_400_not_500(db: Path, body: bytes) -> None:
    with client(db) as api:
        response = api.post(
            "/api/articles", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_feed_with_impossible_dates_is_accepted(db: Path) -> None:
    feed = (
        f"<rss><channel><title>Harbour FM</title><item><title>A</title>"
        f"<description>{BODY}</description><pubDate>0000-00-00</pubDate></item>"
        "</channel></rss>"
    ).encode()
    with client(db) as api:
        response = api.post("/api/articles", files=[("files", ("feed.rss", feed))])
    assert response.status_code == 200
    assert response.json()["added"] == 1


def test_uploaded_gzip_bomb_is_a_rejection(db: Path) -> None:
    bomb = gzip.compress(b"\n" * (32 * 1024 * 1024), 9)
    with client(db) as api:
        response = api.post("/api/articles", files=[("files", ("bomb.txt.gz", bomb))])
    assert response.status_code == 200
    (rejection,) = response.json()["rejected"]
    assert "expands more than" in rejection["reason"]


def test_upload_larger_than_the_spool_is_read_from_disk(db: Path) -> None:
    lines = [json.dumps({**GOOD, "title": f"Item {n}", "text": f"{BODY} {n}"}) for n in range(3)]
    padding = "\n" * (2 * 1024 * 1024)  # past the 1 MiB kept in memory
    data = ("\n".join(lines) + padding).encode()
    with client(db, max_body_bytes=8 * 1024 * 1024) as api:
        response = api.post("/api/articles", files=[("files", ("many.jsonl", data))])
    assert response.status_code == 200
    assert response.json()["added"] == 3


# --------------------------------------------------------------------------- hosts and origins


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("LOCALHOST", ("localhost", None)),
        ("[::1]:80", ("::1", 80)),
        ("127.0.0.1:80@evil.example", None),
        ("localhost:abc", None),
        ("localhost:99999", None),
        ("a b", None),
        ("", None),
    ],
)
def test_host_header_is_parsed_strictly(header: str, expected: object) -> None:
    assert parse_host_header(header) == expected


@pytest.mark.parametrize("host", ["127.0.0.1:80@evil.example", "localhost:abc", "evil.example"])
def test_odd_host_headers_are_refused(db: Path, host: str) -> None:
    with client(db, allowed_hosts=LOOPBACK) as api:
        assert api.get("/api/status", headers={"Host": host}).status_code == 400


def test_localhost_origin_is_same_site_for_127_0_0_1(db: Path) -> None:
    with client(db, allowed_hosts=LOOPBACK) as api:
        response = api.post("/api/articles", json=GOOD, headers={"Origin": "http://localhost:8000"})
        assert response.status_code == 200
        other_port = api.post(
            "/api/articles", json=GOOD, headers={"Origin": "http://localhost:9999"}
        )
        assert other_port.status_code == 403
        elsewhere = api.post("/api/articles", json=GOOD, headers={"Origin": "http://evil.example"})
        assert elsewhere.status_code == 403


def test_cross_site_fetch_without_origin_is_refused(db: Path) -> None:
    with client(db) as api:
        response = api.post("/api/articles", json=GOOD, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403
        same = api.post("/api/articles", json=GOOD, headers={"Sec-Fetch-Site": "same-origin"})
        assert same.status_code == 200


def test_only_the_bearer_header_carries_the_token(db: Path) -> None:
    with client(db, token="t0ken") as api:
        old = api.post("/api/articles", json=GOOD, headers={"X-Storyline-Token": "t0ken"})
        assert old.status_code == 401
        bearer = api.post("/api/articles", json=GOOD, headers={"Authorization": "Bearer t0ken"})
        assert bearer.status_code == 200


def test_openapi_declares_the_bearer_scheme(db: Path) -> None:
    with client(db) as api:
        schema = api.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"].lower() == "bearer" for s in schemes.values())
    assert schema["paths"]["/api/articles"]["post"]["security"]


# --------------------------------------------------------------------------- what reads show


def test_reads_hide_folders_when_not_on_loopback(tmp_path: Path) -> None:
    db = tmp_path / "private" / "s.db"
    db.parent.mkdir()
    news = tmp_path / "inputs" / "news.jsonl"
    news.parent.mkdir()
    news.write_bytes(b'{"text": 5}\n' + json.dumps(GOOD).encode() + b"\n")
    with open_store(db) as store:
        Pipeline(store, Settings(db=str(db))).ingest([news])
    with client(db, show_paths=False) as api:
        status = api.get("/api/status").json()
        rejections = api.get("/api/rejections").json()["rejections"]
        story_id = api.get("/api/stories").json()["stories"][0]["id"]
        story = api.get(f"/api/stories/{story_id}").json()
        article = api.get(f"/api/articles/{story['articles'][0]['id']}").json()
    text = json.dumps([status, rejections, story, article])
    assert str(tmp_path) not in text
    assert status["db"] == "s.db"
    assert article["origin"] == "news.jsonl:2"
    assert rejections[0]["location"] == "news.jsonl:1"
    with client(db) as api:  # on loopback the full paths help the user find the file
        assert api.get("/api/status").json()["db"] == str(db)
