"""End-to-end: what a new user meets in the first hour (issue 12)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.errors import EXIT_CODES
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"
READ_COMMANDS = [
    ["stories"],
    ["status"],
    ["show", "ab"],
    ["article", "ab"],
    ["search", "water"],
    ["export"],
    ["rejects"],
    ["rebuild", "-q"],
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("everyday") / "demo.db"
    assert main(["ingest", str(DEMO), "--db", str(db), "-q", "--json"]) == 0
    return str(db)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 1: a missing store ---------------------------------------------------------------


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_store(tmp_path, capsys, command):
    db = tmp_path / "typo.db"
    code, _, err = run(capsys, *command, "--db", str(db))
    assert code == EXIT_CODES["store error"]
    assert f"no store at {db}" in err
    assert not db.exists()


def test_a_failed_first_ingest_leaves_no_store(tmp_path, capsys):
    db = tmp_path / "new.db"
    code, _, _err = run(capsys, "ingest", str(tmp_path / "missing.html"), "--db", str(db))
    assert code == EXIT_CODES["input error"]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_ingest_keeps_an_existing_store(tmp_path, capsys):
    db = tmp_path / "kept.db"
    assert (
        run(
            capsys,
            "ingest",
            str(_write(tmp_path / "a.txt", "Title\n\nSome text here.")),
            "--db",
            str(db),
            "-q",
        )[0]
        == 0
    )
    code, _, _ = run(capsys, "ingest", str(tmp_path / "missing.html"), "--db", str(db))
    assert code == EXIT_CODES["input error"]
    assert db.exists()


def test_demo_with_db_creates_the_store(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert run(capsys, "demo", "--db", str(db), "-q")[0] == 0
    assert run(capsys, "status", "--db", str(db))[0] == 0


# -- 2: --set per command -----------------------------------------------------------------


def test_a_read_command_refuses_a_stage_setting_and_names_who_applies_it(demo_db, capsys):
    code, _, err = run(capsys, "stories", "--db", demo_db, "--set", "summarize.word_budget=40")
    assert code == EXIT_CODES["invalid parameter"]
    assert "storyline ingest" in err and "storyline rebuild" in err
    assert "summarize.word_budget" in err


def test_ingest_warns_when_stored_results_used_other_settings(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    first = _write(tmp_path / "in" / "a.txt", "Council votes\n\nThe council voted on Monday.")
    assert run(capsys, "ingest", str(first), "--db", db, "-q")[0] == 0
    code, _, err = run(
        capsys, "ingest", str(first), "--db", db, "-q", "--set", "summarize.word_budget=40"
    )
    assert code == 0
    assert "summarize.word_budget 120 -> 40" in err
    assert "storyline rebuild" in err
    code, _, err = run(capsys, "ingest", str(first), "--db", db, "-q")
    assert "warning" not in err  # back to the settings the results were made with


# -- 3: pending stories -------------------------------------------------------------------


def test_status_counts_stories_left_without_a_summary(tmp_path, capsys):
    db = tmp_path / "p.db"
    assert run(capsys, "demo", "--db", str(db), "-q")[0] == 0
    with closing(sqlite3.connect(db)) as connection, connection:  # as an interrupted run leaves it
        connection.execute("UPDATE stories SET dirty = 1 WHERE rowid IN (1, 2)")
    _, out, _ = run(capsys, "status", "--db", str(db), "--json")
    assert json.loads(out)["stories_pending"] == 2
    _, out, _ = run(capsys, "status", "--db", str(db))
    assert "pending stories    2" in out and "storyline ingest" in out
    assert run(capsys, "ingest", "--db", str(db), "-q")[0] == 0  # no paths: finish the job
    _code, out, _ = run(capsys, "status", "--db", str(db), "--json")
    assert json.loads(out)["stories_pending"] == 0


# -- 4, 5: URLs and empty folders ----------------------------------------------------------


def test_a_url_is_explained_not_mangled(tmp_path, capsys):
    code, _, err = run(
        capsys, "ingest", "https://news.example/feed.rss", "--db", str(tmp_path / "u.db")
    )
    assert code == EXIT_CODES["input error"]
    assert "is a URL" in err and "reads files" in err
    assert "curl -o feed.rss" in err
    assert not (tmp_path / "u.db").exists()


def test_an_empty_folder_is_reported(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "e.db"))
    assert code == EXIT_CODES["input error"]
    assert "holds no files" in err
    assert not (tmp_path / "e.db").exists()


def test_an_empty_folder_beside_files_is_a_warning(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    text = _write(tmp_path / "a.txt", "Title\n\nSome text.")
    code, _, err = run(
        capsys, "ingest", str(tmp_path / "empty"), str(text), "--db", str(tmp_path / "e.db"), "-q"
    )
    assert code == 0
    assert "warning: the folder" in err


# -- 9: errors under --json ---------------------------------------------------------------


def test_json_errors_are_one_object_on_stderr(demo_db, capsys):
    code, out, err = run(capsys, "show", "ffff0000", "--db", demo_db, "--json")
    assert code == EXIT_CODES["not found"]
    assert out == ""
    assert json.loads(err) == {"ok": False, "error": "No story 'ffff0000'.", "status": code}


def test_json_usage_errors_are_json_too(capsys):
    code, _, err = run(capsys, "stories", "--limit", "many", "--json")
    assert code == EXIT_CODES["invalid parameter"]
    assert json.loads(err)["status"] == code


# -- 10, 11: CSV and the story list ----------------------------------------------------------


def test_stories_csv_has_a_header_and_one_row_per_story(demo_db, capsys):
    code, out, _ = run(capsys, "stories", "--db", demo_db, "--csv", "--limit", "100")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == _story_count(demo_db)
    assert {"id", "title", "sources", "lead", "conflicts"} <= set(rows[0])


def test_search_csv_names_article_ids(demo_db, capsys):
    _code, out, _ = run(capsys, "search", "strike", "--db", demo_db, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(len(row["id"]) == 16 for row in rows)


def test_export_csv_carries_each_summary(demo_db, capsys):
    _code, out, _ = run(capsys, "export", "--db", demo_db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == _story_count(demo_db)
    assert all(row["summary"] for row in rows)


def test_stories_says_how_many_more_there_are(demo_db, capsys):
    _code, out, _ = run(capsys, "stories", "--db", demo_db, "--limit", "2")
    total = _story_count(demo_db)
    assert f"1-2 of {total} stories; --limit N or --offset 2 for more" in out


def _story_count(db: str) -> int:
    from storyline.store import open_store

    with open_store(db) as store:
        return store.count_stories()


def test_stories_min_sources_filters(demo_db, capsys):
    _, out, _ = run(capsys, "stories", "--db", demo_db, "--json", "--min-sources", "4")
    stories = json.loads(out)
    assert stories and all(story["sources"] >= 4 for story in stories)
    _, out, _ = run(capsys, "stories", "--db", demo_db, "--json", "--limit", "100")
    assert len(json.loads(out)) > len(stories)


def test_stories_show_the_lead_and_mark_conflicts(demo_db, capsys):
    _, out, _ = run(capsys, "stories", "--db", demo_db, "--json", "--limit", "100")
    stories = json.loads(out)
    assert all(story["lead"] for story in stories)
    flagged = [story for story in stories if story["conflicts"]]
    assert flagged and len(flagged) < len(stories)
    _, text, _ = run(capsys, "stories", "--db", demo_db, "--limit", "100")
    for story in flagged:
        line = next(line for line in text.splitlines() if line.startswith(story["id"]))
        assert " ! " in line
    assert stories[0]["lead"][:40] in text


# -- 14, 16, 17 ------------------------------------------------------------------------------


def test_show_json_citations_carry_the_cited_text(demo_db, capsys):
    _, out, _ = run(capsys, "export", "--db", demo_db, "--format", "json")
    story = json.loads(out)[0]
    with open_store(demo_db) as store:
        texts = {a.id: a.text for a in store.cleaned_articles([a["id"] for a in story["articles"]])}
    citations = [c for s in story["summary"]["sentences"] for c in s["citations"]]
    assert citations
    for citation in citations:
        cited = texts[citation["article_id"]][citation["start"] : citation["end"]]
        assert citation["text"] == cited
        assert citation["text"]


def test_search_finds_word_forms_and_shows_article_ids(demo_db, capsys):
    _, strike, _ = run(capsys, "search", "strike", "--db", demo_db, "--json")
    _, strikes, _ = run(capsys, "search", "strikes", "--db", demo_db, "--json")
    assert {h["id"] for h in json.loads(strike)} == {h["id"] for h in json.loads(strikes)}
    _, text, _ = run(capsys, "search", "striking", "--db", demo_db)
    first = json.loads(strike)[0]["id"]
    assert f"article {first}" in text


def test_an_ambiguous_prefix_lists_the_candidates(tmp_path, capsys):
    db = tmp_path / "amb.db"
    folder = tmp_path / "in"
    for number in range(40):  # enough articles that two ids share a first hex digit
        _write(folder / f"a{number}.txt", f"Title {number}\n\nText number {number} is here.")
    assert run(capsys, "ingest", str(folder), "--db", str(db), "-q")[0] == 0
    with closing(sqlite3.connect(db)) as connection, connection:
        all_ids = sorted(row[0] for row in connection.execute("SELECT id FROM articles"))
    prefix = next(a[0] for a, b in itertools.pairwise(all_ids) if a[0] == b[0])
    code, _, err = run(capsys, "article", prefix, "--db", str(db))
    assert code == EXIT_CODES["not found"]
    assert "ambiguous" in err and "Candidates:" in err
    assert sum(1 for i in all_ids if i.startswith(prefix) and i[:16] in err) >= 2


def test_a_mistyped_command_gets_did_you_mean(capsys):
    code, _, err = run(capsys, "storys")
    assert code == EXIT_CODES["invalid parameter"]
    assert "did you mean 'stories'?" in err


# -- 19, 20 ---------------------------------------------------------------------------------


def test_singular_counts_read_well(tmp_path, capsys):
    db = str(tmp_path / "one.db")
    one = _write(tmp_path / "one.txt", "A lone report\n\nOne outlet wrote this single text.")
    _code, out, _ = run(capsys, "ingest", str(one), "--db", db, "-q")
    assert "Read 1 file: 1 new article" in out and "1 story," in out
    _, out, _ = run(capsys, "export", "--db", db, "--format", "markdown")
    assert "1 article from 1 outlet · 1 independent source · undated" in out
    assert "undated to undated" not in out


def _markdown_of_one_record(tmp_path: Path, capsys, record: dict[str, str]) -> str:
    """The Markdown export of a new store that holds one JSON Lines record."""
    db = str(tmp_path / "one.db")
    lines = _write(tmp_path / "in.jsonl", json.dumps(record) + "\n")
    assert run(capsys, "ingest", str(lines), "--db", db, "-q")[0] == 0
    return run(capsys, "export", "--db", db, "--format", "markdown")[1]


def test_untitled_articles_show_their_first_words(tmp_path, capsys):
    record = {"outlet": "Wire", "text": "Ferry services resumed on Tuesday after the storm."}
    out = _markdown_of_one_record(tmp_path, capsys, record)
    assert "**Wire** — Ferry services resumed on Tuesday after the storm." in out
    assert "(untitled)" not in out


def test_a_date_without_a_time_is_not_given_midnight(tmp_path, capsys):
    record = {
        "outlet": "Wire",
        "title": "Ferries back",
        "date": "2025-03-04",
        "text": "Ferry services resumed on Tuesday after the storm closed the harbour.",
    }
    out = _markdown_of_one_record(tmp_path, capsys, record)
    assert "(2025-03-04;" in out
    assert "00:00" not in out


def test_article_view_counts_paragraphs_from_one(demo_db, capsys):
    _, out, _ = run(capsys, "export", "--db", demo_db, "--format", "json")
    article = next(
        a
        for s in json.loads(out)
        for a in s["articles"]
        if any(r["reason"].startswith("repeated paragraph") for r in a["removals"])
    )
    raw = next(r for r in article["removals"] if r["reason"].startswith("repeated"))
    zero_based = int(raw["reason"].rsplit(" ", 1)[1].rstrip(")"))
    _, text, _ = run(capsys, "article", article["id"], "--db", demo_db)
    assert f"repeated paragraph, first seen as paragraph {zero_based + 1}" in text


# -- 6: a fast --help ---------------------------------------------------------------------


def test_help_does_not_import_the_heavy_stages():
    code = (
        "import sys, contextlib, io\n"
        "from storyline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('datasketch', 'scipy', 'fastapi', 'trafilatura', 'numpy')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_the_package_namespace_still_gives_the_summarize_function():
    import importlib

    import storyline

    module = importlib.import_module("storyline.summarize")  # must not replace the function
    assert callable(storyline.summarize)
    assert storyline.summarize is module.summarize
    assert storyline.Pipeline.__name__ == "Pipeline"
    with pytest.raises(AttributeError):
        storyline.not_a_name  # noqa: B018
