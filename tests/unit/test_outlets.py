"""Outlet names: given, from the site name without its tagline, from the URL, or the file."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from storyline.ingest.outlets import choose_outlet, file_outlet, site_of_url, without_tagline
from storyline.models import Origin
from storyline.pipeline import IngestReport

ORIGIN = Origin("/data/feeds/lines.jsonl", line=7)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("outlet naming tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://news.bbc.co.uk/world/1", "bbc.co.uk"),
        ("https://www.lakegazette.example/a/b", "lakegazette.example"),
        ("http://live.harbourfm.com.au/x", "harbourfm.com.au"),
        ("https://192.0.2.7/page", "192.0.2.7"),
    ],
)
def test_site_of_url_is_the_registrable_domain_offline(url: str, site: str) -> None:
    assert site_of_url(url) == site


def test_site_of_url_without_a_host() -> None:
    assert site_of_url(None) is None
    assert site_of_url("not a url") is None


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("LinkNaija | Nigeria's popular news platform", "LinkNaija"),
        ("Valley Post — News you can trust", "Valley Post"),
        ("Meridian Times", "Meridian Times"),
        ("Coast-to-Coast Radio", "Coast-to-Coast Radio"),
    ],
)
def test_site_names_lose_their_taglines(raw: str, name: str) -> None:
    assert without_tagline(raw) == name


def test_precedence_given_then_site_then_url_then_file() -> None:
    url = "https://www.lakegazette.example/a"
    assert choose_outlet("Wire", "Site | slogan", url, ORIGIN) == ("Wire", True)
    assert choose_outlet(None, "Site | slogan", url, ORIGIN) == ("Site", True)
    assert choose_outlet(None, None, url, ORIGIN) == ("lakegazette.example", False)
    assert choose_outlet(None, " ", None, ORIGIN) == ("lines.jsonl:7", False)


def test_files_without_outlets_are_distinct_sources() -> None:
    first = file_outlet(Origin("/in/a.txt"))
    second = file_outlet(Origin("/in/b.txt"))
    assert (first, second) == ("a.txt", "b.txt")
    assert file_outlet(Origin("feed.rss", entry=2)) == "feed.rss#2"


def test_the_report_says_how_to_give_an_outlet_once() -> None:
    assert IngestReport().without_outlet_note() is None
    note = IngestReport(without_outlet=3).without_outlet_note()
    assert note is not None
    assert note.startswith("3 article(s) named no outlet")
    assert "--outlet" in note


def test_two_outlet_less_files_are_two_sources_and_are_counted(tmp_path: Any) -> None:
    from storyline.config import load_settings
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    body = (
        "Title: Kessington sea wall breached\n\n"
        "The sea wall at Kessington was breached twice on Saturday night as Storm Ilse "
        "brought waves of nine metres to the harbour, the coastguard said.\n"
    )
    for name in ("first.txt", "second.txt"):
        (tmp_path / name).write_text(body + f"\n{name}\n")
    with open_store(tmp_path / "s.db") as store:
        report = Pipeline(store, load_settings(environ={})).ingest([tmp_path])
        outlets = sorted(
            a["outlet"] for s in store.list_stories() for a in store.story(s["id"])["articles"]
        )
    assert report.without_outlet == 2
    assert outlets == ["first.txt", "second.txt"]
