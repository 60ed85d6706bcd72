"""End-to-end: the HTTP API and the web pages, in process, on a store built from the demo corpus."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import check_bind, create_app, is_loopback, upload_name
from storyline.cli import main
from storyline.config import Settings
from storyline.errors import InvalidParameter
from storyline.pipeline import Pipeline
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo"
TOKEN = "s3cret-token"

NEW_EVENT = [
    {
        "title": "Lanterns return to the Pellin river festival",
        "text": "Organisers of the Pellin river festival said on Friday that floating lanterns "
        "would return this summer after a two-year pause.\n\nThe lanterns will be made of "
        "paper and rice glue, and volunteers will collect them downstream.",
        "outlet": "Pellin Courier",
        "date": "2025-06-06T10:00:00Z",
        "url": "https://courier.example/lanterns",
    },
    {
        "title": "Floating lanterns back on the Pellin this summer",
        "text": "Floating lanterns will return to the Pellin river festival this summer after "
        "a two-year pause, organisers said on Friday.\n\nVolunteers will gather the paper "
        "lanterns downstream, the festival said.",
        "outlet": "River Valley Radio",
        "date": "2025-06-06T12:30:00Z",
    },
]


# -- fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "demo.db"
    with open_store(path) as store:
        Pipeline(store, Settings(db=str(path))).ingest([DEMO])
    return path


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as test_client:
        yield test_client


@pytest.fixture
def fresh_db(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo store that a test may write to."""
    copy = tmp_path / "copy.db"
    source, target = sqlite3.connect(demo_db), sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return copy


def writer(db: Path, **options: Any) -> TestClient:
    return TestClient(create_app(db, **options))


def all_stories(client: TestClient) -> list[dict[str, Any]]:
    return list(client.get("/api/stories", params={"limit": 200}).json()["stories"])


def first_story(client: TestClient) -> dict[str, Any]:
    story_id = all_stories(client)[0]["id"]
    return dict(client.get(f"/api/stories/{story_id}").json())


def assert_error(response: Any, status: int) -> str:
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return str(body["error"])


# -- reading: stories -----------------------------------------------------------------


def test_story_list_pages_through_every_story(client):
    everything = [s["id"] for s in all_stories(client)]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/stories", params={"limit": 2, "offset": offset}).json()
        assert len(page["stories"]) <= 2
        seen += [s["id"] for s in page["stories"]]
        offset = page["next_offset"]
    assert seen == everything


def test_story_list_sorts_by_size(client):
    stories = client.get("/api/stories", params={"sort": "size", "limit": 200}).json()["stories"]
    sizes = [s["size"] for s in stories]
    assert sizes == sorted(sizes, reverse=True)


def test_story_list_filters_by_outlet(client):
    stories = all_stories(client)
    outlet = stories[-1]["outlet_names"][0]
    expected = [s["id"] for s in stories if outlet in s["outlet_names"]]
    found = client.get("/api/stories", params={"outlet": outlet, "limit": 200}).json()["stories"]
    assert [s["id"] for s in found] == expected


def test_story_list_filters_by_date_range(client):
    stories = all_stories(client)
    days = sorted({s["last_published"][:10] for s in stories})
    since, until = days[len(days) // 2], days[-1]
    expected = [s["id"] for s in stories if since <= s["last_published"][:10] <= until]
    found = client.get(
        "/api/stories", params={"since": since, "until": until, "limit": 200}
    ).json()["stories"]
    assert [s["id"] for s in found] == expected


def test_story_list_full_text_filter_keeps_matching_stories(client):
    hits = client.get("/api/search", params={"q": "seagrass"}).json()["results"]
    found = client.get("/api/stories", params={"q": "seagrass"}).json()["stories"]
    assert {s["id"] for s in found} == {hit["story_id"] for hit in hits}


def test_story_has_summary_articles_groups_and_comparison(client):
    story = first_story(client)
    assert story["summary"]["sentences"]
    assert story["articles"]
    assert "duplicate_groups" in story
    for part in ("facts", "figures", "quotes", "timeline", "coverage"):
        assert part in story["comparison"]


def test_citations_carry_the_cited_text_of_the_cleaned_article(client):
    story = first_story(client)
    citation = story["summary"]["sentences"][0]["citations"][0]
    article = client.get(f"/api/articles/{citation['article_id']}").json()
    assert citation["text"] == article["clean_text"][citation["start"] : citation["end"]]
    assert citation["text"]


def test_story_id_prefix_is_enough(client):
    story_id = all_stories(client)[0]["id"]
    assert client.get(f"/api/stories/{story_id[:8]}").json()["id"] == story_id


def test_unknown_story_is_404_in_the_error_shape(client):
    assert "No story" in assert_error(client.get("/api/stories/abcdef0123"), 404)


def test_unknown_article_is_404_in_the_error_shape(client):
    assert_error(client.get("/api/articles/not-hex"), 404)


# -- reading: articles, search, rejections, status --------------------------------------


def test_article_shows_the_noise_cleaning_removed(client):
    repeated = [
        a
        for s in all_stories(client)
        for a in client.get(f"/api/stories/{s['id']}").json()["articles"]
        if any("repeated" in r["reason"] for r in a["removals"])
    ]
    article = client.get(f"/api/articles/{repeated[0]['id']}").json()
    assert any(r["reason"].startswith("repeated paragraph") for r in article["removals"])
    assert len(article["clean_text"]) < len(article["text"])


def test_search_finds_articles_with_their_story(client):
    results = client.get("/api/search", params={"q": "water rates"}).json()["results"]
    assert results
    assert all(hit["story_id"] for hit in results)


def test_search_without_words_is_422_naming_q(client):
    assert "'q'" in assert_error(client.get("/api/search", params={"q": ""}), 422)


def test_rejections_list_the_unreadable_demo_files(client):
    body = client.get("/api/rejections").json()
    assert body["total"] == len(body["rejections"]) >= 1
    assert all(item["reason"] for item in body["rejections"])


def test_status_counts_what_the_store_holds(client):
    status = client.get("/api/status").json()
    assert status["ok"] is True
    assert status["articles"] == 41
    assert status["stories"] == len(all_stories(client))
    assert status["writes"] == "open"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "'limit'"),
        ({"sort": "oldest"}, "'sort'"),
        ({"since": "March"}, "'since'"),
        ({"offset": -1}, "'offset'"),
    ],
)
def test_bad_list_parameters_are_422_naming_the_field(client, params, field):
    assert field in assert_error(client.get("/api/stories", params=params), 422)


def test_unknown_route_and_wrong_method_use_the_error_shape(client):
    assert_error(client.get("/api/nothing-here"), 404)
    assert_error(client.delete("/api/stories"), 405)


def test_openapi_describes_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/rejections",
        "/api/status",
        "/api/articles",
    ):
        assert path in paths
    assert "post" in paths["/api/articles"]


def test_docs_page_is_served_without_outside_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/stories" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text


# -- the web pages -----------------------------------------------------------------------


def test_story_list_page_links_every_story(client):
    page = client.get("/")
    assert page.status_code == 200
    for story in all_stories(client)[:20]:
        assert f'href="/stories/{story["id"]}"' in page.text


def test_story_list_page_search_shows_matching_articles(client):
    page = client.get("/", params={"q": "seagrass", "sort": "size"})
    assert "Matching articles" in page.text


def test_story_page_has_citation_markers_with_hidden_sources(client):
    story = first_story(client)
    page = client.get(f"/stories/{story['id']}").text
    assert 'class="cite"' in page
    assert 'class="cited" id="cite-0-' in page and "hidden" in page
    assert "Who reports what" in page


def test_article_page_has_the_noise_toggle(client):
    article_id = first_story(client)["articles"][0]["id"]
    page = client.get(f"/articles/{article_id}", params={"hl": "0-20"}).text
    assert 'id="show-noise"' in page
    assert '<mark id="cited">' in page


def test_pages_forbid_outside_scripts_and_styles(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_unknown_story_page_is_an_html_404(client):
    page = client.get("/stories/abcdef99")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


def test_bad_date_filter_on_the_list_page_is_400(client):
    assert client.get("/", params={"since": "yesterday"}).status_code == 400


def test_static_files_come_from_a_fixed_table(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/..%2Fapi.py").status_code == 404
    assert client.get("/static/pages.py").status_code == 404


# -- writing ------------------------------------------------------------------------------


def test_posting_articles_adds_them_and_builds_a_story(fresh_db):
    with writer(fresh_db) as api:
        report = api.post("/api/articles", json=NEW_EVENT).json()
        assert report["ok"] is True
        assert report["added"] == 2 and report["rejected"] == []
        assert report["stories_changed"] >= 1
        story_ids = {article["story_id"] for article in report["articles"]}
        for story_id in story_ids:
            assert api.get(f"/api/stories/{story_id}").json()["summary"]["sentences"]
        assert api.get("/api/status").json()["articles"] == 43


def test_posting_a_copy_joins_the_existing_story(fresh_db):
    with writer(fresh_db) as api:
        story = first_story(api)
        original = api.get(f"/api/articles/{story['articles'][0]['id']}").json()
        copy = {
            "title": original["title"],
            "text": original["clean_text"],
            "outlet": "Copy Desk Weekly",
            "date": original["published"],
        }
        report = api.post("/api/articles", json=copy).json()
        assert report["articles"][0]["story_id"] == story["id"]
        assert api.get(f"/api/stories/{story['id']}").json()["size"] == story["size"] + 1


def test_posting_the_same_article_again_stores_it_once(fresh_db):
    with writer(fresh_db) as api:
        api.post("/api/articles", json=NEW_EVENT[0])
        report = api.post("/api/articles", json=NEW_EVENT[0]).json()
        assert report["added"] == 0 and report["already_stored"] == 1
        assert report["articles"][0]["status"] == "already stored"


def test_uploads_are_read_by_name_and_bad_files_rejected_with_reasons(fresh_db):
    text_file = (
        b"Title: Night ferry timetable changes\nOutlet: Harbour Notes\nDate: 2025-06-02\n\n"
        b"The night ferry to the Skerry islands will leave at 22:40 from Monday, twenty "
        b"minutes later than now, the operator said.\n"
    )
    jsonl_file = (json.dumps(NEW_EVENT[0]) + "\n" + "{not json\n").encode()
    files = [
        ("files", ("ferry.txt", text_file, "text/plain")),
        ("files", ("lanterns.jsonl", jsonl_file, "application/octet-stream")),
        ("files", ("report.pdf", b"%PDF-1.4 binary", "application/pdf")),
    ]
    with writer(fresh_db) as api:
        report = api.post("/api/articles", files=files).json()
    assert report["added"] == 2
    reasons = {item["input"]: item["reason"] for item in report["rejected"]}
    assert "invalid JSON" in reasons["upload:lanterns.jsonl:2"]
    assert "unsupported" in reasons["upload:report.pdf"]


def test_upload_names_never_keep_a_path():
    assert upload_name("../../etc/passwd.txt", 1) == "upload:passwd.txt"
    assert upload_name("C:\\Users\\x\\news.html", 1) == "upload:news.html"
    assert upload_name("", 3) == "upload:file-3"


def test_a_field_of_the_wrong_type_is_422_naming_it(fresh_db):
    with writer(fresh_db) as api:
        response = api.post("/api/articles", json=[NEW_EVENT[0], {"text": "x", "title": 7}])
        assert "body[1].title" in assert_error(response, 422)
        assert api.get("/api/status").json()["articles"] == 41  # nothing stored


def test_malformed_json_is_400(fresh_db):
    with writer(fresh_db) as api:
        response = api.post(
            "/api/articles", content=b"{nope", headers={"content-type": "application/json"}
        )
        assert_error(response, 400)


def test_an_unknown_body_type_is_415(fresh_db):
    with writer(fresh_db) as api:
        response = api.post(
            "/api/articles", content=b"hello", headers={"content-type": "text/plain"}
        )
        assert_error(response, 415)


def test_a_line_without_text_is_a_rejection_not_an_error(fresh_db):
    with writer(fresh_db) as api:
        report = api.post("/api/articles", json={"title": "Only a title"}).json()
    assert report["added"] == 0
    assert "no 'text' or 'html'" in report["rejected"][0]["reason"]


# -- tokens, other sites, sizes, hosts ---------------------------------------------------


def test_with_a_token_writes_without_it_are_401(fresh_db):
    with writer(fresh_db, token=TOKEN) as api:
        response = api.post("/api/articles", json=NEW_EVENT[0])
        assert_error(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"


def test_with_a_token_writes_with_a_wrong_one_are_403(fresh_db):
    with writer(fresh_db, token=TOKEN) as api:
        response = api.post(
            "/api/articles", json=NEW_EVENT[0], headers={"Authorization": "Bearer wrong"}
        )
        assert_error(response, 403)


def test_with_a_token_writes_with_it_succeed_and_reads_need_none(fresh_db):
    with writer(fresh_db, token=TOKEN) as api:
        response = api.post(
            "/api/articles", json=NEW_EVENT[0], headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert response.json()["added"] == 1
        assert api.get("/api/stories").status_code == 200
        assert api.get("/api/status").json()["writes"] == "token"


def test_writes_from_another_site_are_refused(fresh_db):
    with writer(fresh_db) as api:
        response = api.post(
            "/api/articles", json=NEW_EVENT[0], headers={"Origin": "https://evil.example"}
        )
        assert_error(response, 403)


def test_a_body_over_the_limit_is_413(fresh_db):
    with writer(fresh_db, max_body_bytes=2_000) as api:
        big = {**NEW_EVENT[0], "text": "word " * 1_000}
        assert "limit" in assert_error(api.post("/api/articles", json=big), 413)


def test_a_streamed_body_over_the_limit_is_413(fresh_db):
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 500

    with writer(fresh_db, max_body_bytes=2_000) as api:
        response = api.post(
            "/api/articles", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_error(response, 413)


def test_an_upload_over_the_limit_is_413(fresh_db):
    with writer(fresh_db, max_body_bytes=2_000) as api:
        response = api.post("/api/articles", files=[("files", ("big.txt", b"a " * 5_000))])
        assert_error(response, 413)


def test_unknown_host_names_are_refused_on_a_loopback_bind(demo_db):
    with writer(demo_db, allowed_hosts=["127.0.0.1", "localhost"]) as api:
        assert_error(api.get("/api/status", headers={"Host": "rebound.example"}), 400)
        assert api.get("/api/status", headers={"Host": "localhost:8000"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.4.5.6", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts_are_recognised(host, loopback):
    assert is_loopback(host) is loopback


def test_binding_beyond_loopback_needs_a_token():
    with pytest.raises(InvalidParameter, match="without a token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", TOKEN)
    check_bind("127.0.0.1", None)


def test_serve_command_refuses_a_public_bind_without_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    code = main(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.db")])
    assert code == 2
    assert "without a token" in capsys.readouterr().err


# -- escaping ---------------------------------------------------------------------------------


def test_markup_in_articles_is_escaped_on_every_page(fresh_db):
    evil = {
        "title": "Harbour <script>alert('t')</script> board meets",
        "text": "The harbour board met on Tuesday <script>alert('b')</script> and agreed "
        "to dredge the <b>east</b> channel.\n\nMembers voted five to two.",
        "outlet": "Quay <img src=x onerror=alert(1)> Gazette",
        "date": "2025-06-03T09:00:00Z",
        "url": "javascript:alert(1)",
    }
    with writer(fresh_db) as api:
        article = api.post("/api/articles", json=evil).json()["articles"][0]
        pages = [
            api.get(f"/articles/{article['id']}").text,
            api.get(f"/stories/{article['story_id']}").text,
            api.get("/", params={"q": "dredge"}).text,
        ]
        detail = api.get(f"/api/articles/{article['id']}").json()
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "javascript:" not in page
    assert "&lt;script&gt;" in pages[0]
    assert "<script>" in detail["title"]  # the JSON keeps the text as it was
