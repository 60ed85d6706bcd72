"""End-to-end in a real headless browser: Debian's Chromium driven by Playwright.

The server runs in a background thread on a free 127.0.0.1 port over a store
built from the demo corpus.  Skipped only when /usr/bin/chromium is missing
(CI installs it; Playwright's own browser download is not used).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from storyline.api import create_app
from storyline.config import Settings
from storyline.pipeline import Pipeline
from storyline.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    with open_store(db) as store:
        Pipeline(store, Settings(db=str(db))).ingest([DEMO])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # accepted connections inherit it; without it each response waits for a delayed ACK
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, allowed_hosts=["127.0.0.1", "localhost"]),
        log_level="warning",
        ws="none",
        lifespan="on",
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines) of a PNG: enough to tell a blank image from a page."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, width, height, compressed = 8, 0, 0, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    return width, height, zlib.decompress(compressed)


def open_first_story(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.locator("a.story-title").first.click()
    page.wait_for_url("**/stories/*")


def test_citation_marker_reveals_the_cited_source_sentence(page: Page, server: str) -> None:
    open_first_story(page, server)
    marker = page.locator("a.cite").first
    panel = page.locator(f"#{marker.get_attribute('data-panel')}")
    expect(panel).to_be_hidden()
    marker.click()
    expect(panel).to_be_visible()
    story_id = page.url.rsplit("/", 1)[1]
    story: dict[str, Any] = page.request.get(f"{server}/api/stories/{story_id}").json()
    cited = story["summary"]["sentences"][0]["citations"][0]["text"]
    expect(panel.locator(".cited-text")).to_have_text(cited)
    assert marker.get_attribute("aria-expanded") == "true"
    marker.click()
    expect(panel).to_be_hidden()


def test_removed_noise_appears_on_request(page: Page, server: str) -> None:
    open_first_story(page, server)
    page.locator("ol.sources a").first.click()
    page.wait_for_url("**/articles/*")
    expect(page.locator(".clean-view")).to_be_visible()
    expect(page.locator(".original-view")).to_be_hidden()
    if page.locator("#show-noise").is_enabled():
        page.locator("label.toggle-label").click()
        expect(page.locator(".original-view")).to_be_visible()
        expect(page.locator(".clean-view")).to_be_hidden()


def test_story_page_screenshot_is_not_blank(page: Page, server: str) -> None:
    open_first_story(page, server)
    shot = page.screenshot(full_page=True)
    width, height, pixels = png_pixels(shot)
    assert width >= 1000 and height >= 800
    assert len(shot) > 20_000
    assert len(set(pixels)) > 64  # a blank page has a handful of byte values


def test_pages_fit_a_phone_screen(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        for path in ("/", "/docs"):
            phone.goto(server + path)
            overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, path
        open_first_story(phone, server)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        context.close()


def test_thread_page_shows_the_developing_story_on_a_timeline(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.locator("a[href='/threads']").click()
    page.wait_for_url("**/threads")
    rail = page.locator("li.thread-row", has_text="Northline")
    expect(rail.locator("ul.thread-stories li")).to_have_count(3)
    rail.locator("ul.thread-stories a").first.click()
    page.wait_for_url("**/stories/*")
    page.locator("p.thread-link a").click()
    page.wait_for_url("**/threads/*")
    stories = page.locator("li.thread-story")
    expect(stories).to_have_count(3)
    expect(stories.first.locator("time.day")).to_have_text("2025-03-15")
    expect(stories.nth(2).locator("h2")).to_contain_text("deal")
    expect(stories.nth(1).locator(".changes li").first).to_be_visible()
    stories.nth(2).locator("h2 a").click()
    page.wait_for_url("**/stories/*")
    expect(page.locator("h1")).to_contain_text("deal")


def test_coverage_table_is_readable_at_phone_width(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        stories = phone.request.get(f"{server}/api/stories?limit=200").json()["stories"]
        widest = max(stories, key=lambda story: story["outlets"])
        phone.goto(f"{server}/stories/{widest['id']}")
        table = phone.locator("table.coverage").first
        expect(table).to_be_visible()
        # no sideways scrolling: the table fits the screen, one block per fact
        assert phone.evaluate(
            "document.querySelector('table.coverage').scrollWidth <= window.innerWidth"
        )
        fact = phone.locator("table.coverage td.fact").first
        assert fact.bounding_box()["width"] > 300  # the fact's text gets the whole width
        label = phone.evaluate(
            "getComputedStyle(document.querySelector('td.cell'), '::before').content"
        )
        assert widest["outlet_names"][0] in label or any(
            name in label for name in widest["outlet_names"]
        )
    finally:
        context.close()


def test_disagreements_come_right_after_the_summary(page: Page, server: str) -> None:
    stories = page.request.get(f"{server}/api/stories?limit=200").json()["stories"]
    flagged = next(story for story in stories if story["conflicts"])
    page.goto(f"{server}/stories/{flagged['id']}")
    summary = page.locator("#summary").bounding_box()
    disagreements = page.locator("#disagreements").bounding_box()
    sources = page.locator("#sources").bounding_box()
    assert summary["y"] < disagreements["y"] < sources["y"]
