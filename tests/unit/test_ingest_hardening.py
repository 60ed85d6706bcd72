"""Ingest against hostile and careless input: every bad item is a rejection, the batch goes on."""

from __future__ import annotations

import gzip
import os
import socket
import sys
import zlib
from pathlib import Path

import pytest

from storyline import ingest
from storyline.ingest import raw as ingest_raw
from storyline.models import Accepted, Rejection, stable_id
from tests.factories import html_warc

BODY = (
    "The harbour board of Port Selwyn agreed on Friday to dredge the north channel "
    "before the summer, so that larger ferries can dock at low tide without delay."
)
GOOD_LINE = ('{"title": "Dredging", "text": "' + BODY + '"}').encode()


def items_of(data: bytes, name: str, **options: str) -> list[Accepted | Rejection]:
    return list(ingest.read_bytes(data, name=name, **options))


def kinds(items: list[Accepted | Rejection]) -> list[str]:
    return ["ok" if isinstance(item, Accepted) else "rejected" for item in items]


def reasons(items: list[Accepted | Rejection]) -> list[str]:
    return [item.reason for item in items if isinstance(item, Rejection)]


# --------------------------------------------------------------------------- crashes


def test_lone_surrogate_escape_is_a_rejection_and_the_next_line_is_read() -> None:
    data = b'{"text": "bad \\ud800 text of the article"}\n' + GOOD_LINE + b"\n"
    items = items_of(data, "a.jsonl")
    assert kinds(items) == ["rejected", "ok"]
    assert "lone UTF-16 surrogate" in reasons(items)[0]


def test_stable_id_accepts_lone_surrogates() -> None:
    assert len(stable_id("article", "\ud800")) == 16
    assert stable_id("article", "plain") == stable_id("article", "plain")


def test_deeply_nested_line_is_a_rejection() -> None:
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    items = items_of(deep + b"\n" + GOOD_LINE + b"\n", "a.jsonl")
    assert kinds(items) == ["rejected", "ok"]
    assert "nested too deeply" in reasons(items)[0]


def test_huge_integer_is_a_plain_words_rejection() -> None:
    line = b'{"text": "' + BODY.encode() + b'", "date": 1' + b"0" * 5000 + b"}"
    (item,) = items_of(line + b"\n", "a.jsonl")
    assert isinstance(item, Rejection)
    assert "number too long" in item.reason


@pytest.mark.parametrize("date", ["00", "0000-00-00", "-1", "99999999"])
def test_impossible_feed_dates_leave_the_date_empty(date: str) -> None:
    feed = (
        "<rss><channel><title>Harbour FM</title><item><title>Dredging</title>"
        f"<description>{BODY}</description><pubDate>{date}</pubDate></item>"
        f"<item><title>Other</title><description>{BODY}</description>"
        f"<updated>{date}</updated></item></channel></rss>"
    ).encode()
    items = items_of(feed, "f.rss")
    assert kinds(items) == ["ok", "ok"]
    assert all(item.article.published is None for item in items if isinstance(item, Accepted))


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses undecodable file names")
def test_undecodable_file_name_is_shown_with_escapes(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as handle:
        handle.write(BODY.encode())
    (item,) = ingest.read_inputs([tmp_path])
    assert isinstance(item, Accepted)
    assert item.article.origin.path.endswith("caf\\xe9.txt")
    item.article.origin.path.encode("utf-8")  # storable as text


# --------------------------------------------------------------------------- folders


def test_bad_entries_in_a_folder_become_rejections(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    items = list(ingest.read_files(ingest.discover([tmp_path])))
    by_name = {Path(item.origin.path).name: item for item in items if isinstance(item, Rejection)}
    assert "dangling symbolic link" in by_name["dangling.txt"].reason
    assert "symbolic link loop" in by_name["loop"].reason
    assert "named pipe" in by_name["pipe.txt"].reason
    assert "character device" in by_name["zero.txt"].reason
    assert kinds(items).count("ok") == 1


def test_socket_in_a_folder_is_skipped_without_opening(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        (item,) = ingest.read_inputs([tmp_path])
    assert isinstance(item, Rejection)
    assert "a socket" in item.reason


def test_named_special_file_is_rejected_quickly(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    (item,) = ingest.read_file(link)
    assert isinstance(item, Rejection)
    assert "not a regular file" in item.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder_are_rejections(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    secret = tmp_path / "secret.txt"
    secret.write_text(BODY)
    secret.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inner.txt").write_text(BODY)
    locked.chmod(0)
    try:
        items = list(ingest.read_files(ingest.discover([tmp_path])))
    finally:
        locked.chmod(0o755)
    assert kinds(items).count("ok") == 1
    assert any("permission denied" in reason for reason in reasons(items))
    assert any("folder cannot be read" in reason for reason in reasons(items))


def test_symlinked_folders_are_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text(BODY)
    (tmp_path / "alias").symlink_to(real)
    (real / "up").symlink_to(tmp_path)  # a loop back to the top
    elsewhere = tmp_path.parent / (tmp_path.name + "-linked")
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(BODY.replace("Friday", "Monday"))
    (tmp_path / "outside").symlink_to(elsewhere)
    items = list(ingest.read_files(ingest.discover([tmp_path])))
    read = sorted(Path(i.article.origin.path).name for i in items if isinstance(i, Accepted))
    assert read == ["a.txt", "b.txt"]
    assert all("already read" in reason for reason in reasons(items))
    assert len(reasons(items)) == 2  # alias (or real) and up


# --------------------------------------------------------------------------- caps


def test_gzip_bomb_is_rejected_by_the_ratio_cap() -> None:
    bomb = gzip.compress(b"\n" * (64 * 1024 * 1024), 9)
    (item,) = items_of(bomb, "bomb.txt.gz")
    assert isinstance(item, Rejection)
    assert "expands more than 100 times" in item.reason


def test_gzip_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_raw, "MAX_GZIP_RATIO", 10**6)
    data, problem = ingest_raw.decompress(gzip.compress(os.urandom(1024) * 4096), max_size=2**20)
    assert data == b""
    assert problem and "more than 1 MiB" in problem


def test_gzip_reader_reads_several_members_and_padding() -> None:
    data = gzip.compress(b"one\n") + gzip.compress(b"two\n") + b"\x00" * 10
    assert ingest_raw.decompress(data) == (b"one\ntwo\n", None)


def test_truncated_gzip_is_a_plain_rejection() -> None:
    data = gzip.compress(BODY.encode() * 100)[:-30]
    (item,) = items_of(data, "a.txt.gz")
    assert isinstance(item, Rejection)
    assert "corrupt gzip data" in item.reason


def test_gzipped_jsonl_bomb_stops_with_a_rejection_after_good_lines() -> None:
    compressor = zlib.compressobj(9, wbits=31)
    data = compressor.compress(GOOD_LINE + b"\n" + b" " * (64 * 1024 * 1024)) + compressor.flush()
    items = items_of(data, "a.jsonl.gz")
    assert kinds(items) == ["ok", "rejected"]
    assert "expands more than" in reasons(items)[0]


def test_whole_file_read_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.ingest.files.MAX_DOCUMENT_BYTES", 1000)
    (item,) = items_of(BODY.encode() * 20, "a.txt")
    assert isinstance(item, Rejection)
    assert "larger than" in item.reason and "limit" in item.reason


def test_overlong_jsonl_line_is_rejected_and_the_rest_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.ingest.jsonl.MAX_LINE_BYTES", 1000)
    long_line = b'{"text": "' + b"x " * 5000 + b'"}'
    items = items_of(long_line + b"\n" + GOOD_LINE + b"\n", "a.jsonl")
    assert kinds(items) == ["rejected", "ok"]
    assert isinstance(items[1], Accepted)
    assert items[1].article.origin.line == 2


# --------------------------------------------------------------------------- WARC


def _page(number: int) -> bytes:
    body = f"<html><body><article><h1>Story {number}</h1><p>{BODY}</p><p>{BODY}</p></article>"
    return (body + "</body></html>").encode()


def _warc(count: int, *, compress: bool) -> bytes:
    return html_warc([_page(number) for number in range(count)], compress=compress)


def test_whole_file_gzipped_warc_is_read() -> None:
    data = gzip.compress(_warc(3, compress=False))
    items = items_of(data, "crawl.warc.gz")
    assert kinds(items) == ["ok", "ok", "ok"]
    for item in items:
        assert isinstance(item, Accepted)
        again = ingest.reparse(item.raw, format="warc", origin=item.article.origin)
        assert again == item


@pytest.mark.parametrize("compress", [False, True])
def test_corrupt_warc_record_loses_only_itself(compress: bool) -> None:
    data = bytearray(_warc(3, compress=compress))
    second = data.find(b"WARC/1.", 10) if not compress else data.find(b"\x1f\x8b\x08", 10)
    if compress:
        data[second + 40 : second + 60] = b"\xff" * 20  # damage the compressed bytes
    else:
        data[second : second + 8] = b"WARC/9.Z"  # damage the version line
    items = items_of(bytes(data), "crawl.warc")
    assert kinds(items).count("ok") == 2
    assert len(reasons(items)) == 1
    assert "next record" in reasons(items)[0]


def test_warc_reasons_are_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    data = _warc(2, compress=False).replace(b"Content-Length: ", b"Content-Length: 9" * 3, 1)
    items = items_of(data, "crawl.warc")
    for reason in reasons(items):
        assert "Error" not in reason and "NoneType" not in reason
    err = capsys.readouterr().err
    assert "Record not followed by newline" not in err and "Error -" not in err


def test_corrupt_gzip_inside_a_record_writes_nothing_to_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    data = bytearray(_warc(2, compress=True))
    data[len(data) // 4 : len(data) // 4 + 30] = b"\x00" * 30
    items = items_of(bytes(data), "crawl.warc.gz")
    assert items
    err = capfd.readouterr().err
    assert "Error -" not in err and "incorrect" not in err
