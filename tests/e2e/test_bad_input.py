"""End-to-end: bad files, lines and records are named, kept, and never stop the batch."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD, GOOD = FIXTURES / "bad", FIXTURES / "ingest"


def test_bad_inputs_are_reported_kept_and_the_batch_goes_on(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(BAD), str(GOOD), "--db", db, "-q"]) == 0
    err = capsys.readouterr().err
    rejected_lines = [line for line in err.splitlines() if line.startswith("storyline: rejected")]
    assert main(["rejects", "--db", db, "--json"]) == 0
    rejections = json.loads(capsys.readouterr().out)
    assert len(rejected_lines) == len(rejections) >= 10
    bad_files = {path.name for path in BAD.iterdir()}
    assert {Path(r["path"]).name for r in rejections} == bad_files
    for line in rejected_lines:
        assert "kept as a rejection" in line and "Traceback" not in line
    assert main(["status", "--db", db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["articles"] >= len(list(GOOD.iterdir()))  # good files went through
    assert status["stories"] >= 1


def test_rejection_keeps_the_raw_bytes_and_the_line(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    main(["ingest", str(BAD / "malformed.jsonl"), "--db", db, "-q"])
    capsys.readouterr()
    main(["rejects", "--db", db, "--json"])
    rejections = json.loads(capsys.readouterr().out)
    lines = (BAD / "malformed.jsonl").read_bytes().splitlines()
    for rejection in rejections:
        assert rejection["line"] is not None
        assert rejection["raw_size"] == len(lines[rejection["line"] - 1])


def test_ingesting_bad_input_twice_keeps_one_rejection_each(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    main(["ingest", str(BAD), "--db", db, "-q"])
    main(["ingest", str(BAD), "--db", db, "-q"])
    capsys.readouterr()
    main(["rejects", "--db", db, "--json"])
    rejections = json.loads(capsys.readouterr().out)
    assert len({r["id"] for r in rejections}) == len(rejections)
    assert len({r["location"] for r in rejections}) == len(rejections)


def test_unreadable_date_is_a_warning_not_a_rejection(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    main(["ingest", str(BAD / "malformed.jsonl"), "--db", db, "-q"])
    err = capsys.readouterr().err
    assert "storyline: WARNING:" in err and "publication date left empty" in err


def test_stdin_is_read_with_an_explicit_format(tmp_path, capsys, monkeypatch):
    import io
    import sys

    line = {
        "title": "Ferry resumes",
        "text": "The ferry to Selwyn sailed again on Friday.",
        "outlet": "Bay Radio",
    }
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(line).encode() + b"\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    db = str(tmp_path / "s.db")
    assert main(["ingest", "-", "--format", "jsonl", "--db", db, "-q", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1


def test_empty_stdin_is_one_clear_error(tmp_path, capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["ingest", "-", "--db", str(tmp_path / "s.db")]) == 3
    assert "Standard input" in capsys.readouterr().err
