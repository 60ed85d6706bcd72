"""End-to-end: the `storyline` command on the demo corpus and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.errors import EXIT_CODES

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
ARTICLES = DEMO / "articles"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["ingest", str(ARTICLES), "--db", str(db), "-q", "--json"]) == 0
    return str(db)


def _stories(db: str) -> list[dict]:
    out = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "export", "--db", db, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def _story_of(stories: list[dict], origin_suffix: str) -> dict:
    for story in stories:
        for article in story["articles"]:
            if article["origin"].endswith(origin_suffix):
                return story
    raise AssertionError(f"no story holds {origin_suffix}")


def _origin(ref: str) -> str:
    """expected.json names 'file#N'; stored origins are 'path:N' (jsonl) or 'path#N' (feeds)."""
    name, _, number = ref.partition("#")
    if not number:
        return name
    return f"{name}:{number}" if name.endswith(".jsonl") else f"{name}#{number}"


def test_demo_gives_one_story_per_event(demo_db):
    stories = _stories(demo_db)
    assert len(stories) == len(EXPECTED["events"])
    for event in EXPECTED["events"]:
        homes = {_story_of(stories, _origin(ref))["id"] for ref in event["files"]}
        assert len(homes) == 1, event["key"]


def test_demo_reprint_is_grouped_with_its_original(demo_db):
    stories = _stories(demo_db)
    for reprint in EXPECTED["reprints"]:
        story = _story_of(stories, _origin(reprint["original"]))
        by_origin = {a["origin"]: a["duplicate_group"] for a in story["articles"]}
        group = next(g for o, g in by_origin.items() if o.endswith(_origin(reprint["original"])))
        for copy in reprint["copies"]:
            assert next(g for o, g in by_origin.items() if o.endswith(_origin(copy))) == group


def test_demo_repeated_paragraphs_are_gone(demo_db, capsys):
    stories = _stories(demo_db)
    for case in EXPECTED["repeated_paragraphs"]:
        where = _origin(case["file"])
        story = _story_of(stories, where)
        article = next(a for a in story["articles"] if a["origin"].endswith(where))
        _, out, _ = run(capsys, "article", article["id"], "--db", demo_db, "--json")
        detail = json.loads(out)
        assert detail["clean_text"].count(case["paragraph"]) == 1
        assert any("repeat" in r["reason"] for r in detail["removals"])


def test_every_summary_sentence_carries_its_sources(demo_db):
    for story in _stories(demo_db):
        sentences = story["summary"]["sentences"]
        assert sentences, story["title"]
        for sentence in sentences:
            assert sentence["citations"] and sentence["outlets"] and sentence["sources"] >= 1


def test_ingesting_twice_changes_nothing(demo_db, capsys):
    before = _stories(demo_db)
    code, out, _ = run(capsys, "ingest", str(ARTICLES), "--db", demo_db, "-q", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["added"] == 0
    assert _stories(demo_db) == before


def test_stories_json_lists_every_story(demo_db, capsys):
    code, out, _ = run(capsys, "stories", "--db", demo_db, "--json", "--limit", "100")
    assert code == 0
    assert len(json.loads(out)) == len(EXPECTED["events"])


def test_show_accepts_an_id_prefix_and_prints_markdown(demo_db, capsys):
    story_id = _stories(demo_db)[0]["id"]
    code, out, _ = run(capsys, "show", story_id[:8], "--db", demo_db)
    assert code == 0
    assert out.startswith("# ") and "## Summary" in out and "## Sources" in out


def test_search_finds_articles_with_their_story(demo_db, capsys):
    word = EXPECTED["events"][0]["title"].split()[-1]
    code, out, _ = run(capsys, "search", word, "--db", demo_db, "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits and all(hit["story_id"] for hit in hits)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown"])
def test_export_formats(demo_db, capsys, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, "export", "--db", demo_db, "--format", fmt, "-o", str(target))
    assert code == 0 and "Wrote" in err
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        assert len(json.loads(text)) == len(EXPECTED["events"])
    elif fmt == "jsonl":
        assert len(text.splitlines()) == len(EXPECTED["events"])
    else:
        assert text.count("\n# ") + text.startswith("# ") == len(EXPECTED["events"])


def test_rebuild_keeps_the_same_stories(demo_db, capsys):
    before = _stories(demo_db)
    code, _, _ = run(capsys, "rebuild", "--db", demo_db, "-q")
    assert code == 0
    after = _stories(demo_db)
    assert [(s["id"], [a["id"] for a in s["articles"]]) for s in after] == [
        (s["id"], [a["id"] for a in s["articles"]]) for s in before
    ]
    assert [s["summary"] for s in after] == [s["summary"] for s in before]


def test_demo_command_prints_stories_with_sources(capsys):
    code, out, _ = run(capsys, "demo", "-q")
    assert code == 0
    assert out.count("== ") == len(EXPECTED["events"])
    assert "copies counted once" in out and "noise removed" in out
    assert "sources]" in out


def test_demo_non_english_story_keeps_its_language_and_has_a_summary(demo_db, capsys):
    events = [event for event in EXPECTED["events"] if event.get("language", "en") != "en"]
    assert events  # the demo has at least one story that is not in English
    stories = _stories(demo_db)
    for event in events:
        story = _story_of(stories, _origin(event["files"][0]))
        assert story["language"] == event["language"]
        assert len(story["articles"]) == len(event["files"])
        assert story["summary"]["sentences"]
        # English number rules would misread "12.000" or "4,2": no figures are claimed.
        assert story["comparison"]["figures"] == []
        code, out, _ = run(capsys, "stories", "--db", demo_db, "--language", event["language"])
        assert code == 0 and story["id"] in out and story["title"] in out


def test_unknown_story_is_one_line_and_exit_code(demo_db, capsys):
    code, _, err = run(capsys, "show", "ffffffffffff", "--db", demo_db)
    assert code == EXIT_CODES["not found"]
    assert err.startswith("storyline: error:") and err.count("\n") == 1


def test_missing_input_path_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "ingest", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.db"))
    assert code == EXIT_CODES["input error"]
    assert "nothing" in err and "Traceback" not in err


def test_bad_setting_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "stories", "--db", str(tmp_path / "x.db"), "--set", "dedup.nope=1")
    assert code == EXIT_CODES["invalid parameter"]
    assert "Parameters of dedup" in err


def test_bad_option_value_is_a_usage_error_without_traceback(capsys):
    assert main(["stories", "--limit", "many"]) == 2
    err = capsys.readouterr().err
    assert "invalid int value" in err
    assert "Traceback" not in err


def test_every_command_has_help(capsys):
    for command in (
        "ingest",
        "stories",
        "show",
        "article",
        "search",
        "export",
        "rebuild",
        "rejects",
        "status",
        "demo",
    ):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: storyline" in capsys.readouterr().out


def test_a_command_runs_with_the_cli_collector_thresholds(demo_db, capsys):
    import gc

    from storyline.cli import GC_THRESHOLDS

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        code, _, _ = run(capsys, "stories", "--db", demo_db, "--json")
        assert code == 0
        assert gc.get_threshold() == GC_THRESHOLDS
        assert GC_THRESHOLDS[0] > 700 and GC_THRESHOLDS[1:] >= (10, 10)
    finally:
        gc.set_threshold(*before)
