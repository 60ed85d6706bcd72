"""End-to-end: every API answer has the shape its OpenAPI response model documents,
and the story page shows disagreements, readable coverage and labelled timeline dots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from storyline.api import create_app
from storyline.config import Settings
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.web import schemas

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("shapes") / "demo.db"
    with open_store(path) as store:
        Pipeline(store, Settings(db=str(path))).ingest([DEMO])
    with TestClient(create_app(path)) as test_client:
        yield test_client


def _conforms(model: type[BaseModel], data: object) -> None:
    model.model_validate(data)  # extra keys are forbidden: a new field must be documented


def test_every_get_answer_matches_its_response_model(client: TestClient) -> None:
    listing = client.get("/api/stories", params={"limit": 200}).json()
    _conforms(schemas.StoryListOut, listing)
    assert listing["total"] == len(listing["stories"])
    for header in listing["stories"]:
        story = client.get(f"/api/stories/{header['id']}").json()
        _conforms(schemas.StoryOut, story)
        for article in story["articles"]:
            _conforms(schemas.ArticleOut, client.get(f"/api/articles/{article['id']}").json())
    _conforms(schemas.SearchOut, client.get("/api/search", params={"q": "strike"}).json())
    _conforms(schemas.RejectionsOut, client.get("/api/rejections").json())
    _conforms(schemas.StatusOut, client.get("/api/status").json())


def test_a_posted_article_answer_matches_its_model(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "post.db")) as writer:
        answer = writer.post(
            "/api/articles",
            json={"title": "Ferries back", "outlet": "Wire", "text": "Ferries ran again."},
        )
    assert answer.status_code == 200
    _conforms(schemas.IngestOut, answer.json())


def test_openapi_names_a_response_model_for_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert "$ref" in content, (method, path)
    assert "StoryOut" in schema["components"]["schemas"]
    assert "citations" in str(schema["components"]["schemas"]["SentenceOut"])


def test_story_list_api_filters_by_min_sources(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"min_sources": 4}).json()["stories"]
    assert stories and all(story["sources"] >= 4 for story in stories)


def _story_with_disagreement(client: TestClient) -> str:
    stories = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    return next(story["id"] for story in stories if story["conflicts"])


def test_story_page_shows_disagreements_right_after_the_summary(client: TestClient) -> None:
    page = client.get(f"/stories/{_story_with_disagreement(client)}").text
    sections = re.findall(r'<section id="([a-z]+)"', page)
    assert sections[:2] == ["summary", "disagreements"]
    assert "Where the outlets disagree" in page


def test_story_list_page_shows_leads_and_disagreement_flags(client: TestClient) -> None:
    page = client.get("/", params={"sort": "size"}).text
    assert 'class="lead"' in page
    assert "outlets disagree" in page


def test_coverage_cells_name_their_outlet_for_narrow_screens(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    story_id = max(stories, key=lambda s: s["sources"])["id"]
    page = client.get(f"/stories/{story_id}").text
    cells = re.findall(r'<td class="cell (?:yes|no)" data-label="([^"]+)"', page)
    assert cells and all(cells)
    css = client.get("/static/style.css").text
    assert "td[data-label]::before" in css


def test_timeline_dots_are_numbered_like_the_list(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    for header in stories:
        page = client.get(f"/stories/{header['id']}").text
        labels = re.findall(r'class="event-label">([\d, ]+)</text>', page)
        if labels:
            numbers = [n for label in labels for n in label.split(", ")]
            items = re.findall(r'<li value="(\d+)"><time', page)
            assert numbers == items == [str(n) for n in range(1, len(items) + 1)]
            return
    pytest.fail("no demo story has a timeline")


def test_story_page_explains_copies_and_removed_noise(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    pages = [client.get(f"/stories/{story['id']}").text for story in stories]
    copies = next(page for page in pages if "Copies counted once" in page)
    assert "(the text kept)" in copies and "canonical" not in copies
    assert re.search(r"\(near copy, \d+% overlap\)|\(exact copy\)", copies)
    assert any("of noise removed by cleaning" in page for page in pages)
    assert not any(re.search(r"· \d+ removed<", page) for page in pages)
