"""Languages: detection, sentences and word counts in any script, summaries never empty.

All texts are invented for these tests.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from storyline import language as languages
from storyline.clean import Cleaner
from storyline.cli import main
from storyline.models import Article, Origin
from storyline.summarize import Summarizer
from storyline.text import sentences, terms, word_count

TEXTS = {
    "en": "The harbour board said on Monday that the old pier would reopen in spring. "
    "Repairs to the north wall cost four million pounds, the board said.",
    "de": "Der Hafenrat teilte am Montag mit, dass die alte Mole im Frühjahr wieder öffnet. "
    "Die Reparatur der Nordmauer kostete vier Millionen Euro, sagte der Rat.",
    "ru": "Совет порта объявил в понедельник, что старый причал откроется весной. "
    "Ремонт северной стены обошёлся в четыре миллиона рублей, сообщил совет.",
    "ja": "港湾局は月曜日、古い桟橋が春に再開すると発表した。"
    "北側の壁の修理には四百万円がかかったと同局は説明した。",
    "zh": "港务局周一宣布，旧码头将于春季重新开放。港务局表示，北墙的维修花费了四百万元。",
    "ko": "항만청은 월요일 오래된 부두가 봄에 다시 문을 연다고 발표했다. "
    "북쪽 벽 수리에는 사백만 원이 들었다고 항만청은 밝혔다.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_each_language_is_detected(code: str) -> None:
    assert languages.detect_language(TEXTS[code]) == code


def test_without_the_detector_the_script_still_tells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(languages, "_model", lambda: None)
    assert languages.detector_name() == "script"
    found = {code: languages.detect_language(text) for code, text in TEXTS.items()}
    assert found == {"en": None, "de": None, "ru": "ru", "ja": "ja", "zh": "zh", "ko": "ko"}


def test_only_the_opening_of_a_long_text_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    class Detector:
        def classify(self, sample: str) -> tuple[str, float]:
            read.append(sample)
            return "en", 0.99

    monkeypatch.setattr(languages, "_model", lambda: Detector())
    long_text = TEXTS["en"] * 40
    assert languages.detect_language(long_text) == "en"
    assert read == [long_text[: languages._SAMPLE_CHARS]]
    assert len(long_text) > languages._SAMPLE_CHARS


def test_too_little_text_has_no_language() -> None:
    assert languages.detect_language("OK 12") is None


@pytest.mark.parametrize("code", ["ru", "ja", "zh", "ko"])
def test_sentences_split_in_every_script(code: str) -> None:
    found = [sentence.text for sentence in sentences(TEXTS[code])]
    assert len(found) == 2
    assert "".join(found).replace(" ", "") == TEXTS[code].replace(" ", "")


def test_full_width_stops_split_without_a_space_and_keep_closing_brackets() -> None:
    text = "知事は「安全が第一だ。」と述べた。工事は五月に始まる。"
    assert [s.text for s in sentences(text)] == [
        "知事は「安全が第一だ。」と述べた。",
        "工事は五月に始まる。",
    ]


def test_words_are_counted_in_scripts_without_spaces() -> None:
    assert word_count("港务局周一宣布") == 4  # seven characters: about four words
    assert word_count("The pier 港务局") == 4
    assert word_count(TEXTS["en"]) == len(TEXTS["en"].split())


def test_chinese_and_japanese_terms_are_character_pairs() -> None:
    assert terms("旧码头") == ["旧码", "码头"]
    shared = set(terms(TEXTS["ja"])) & set(terms("古い桟橋が再開する"))
    assert {"桟橋", "再開"} <= shared


def _clean(text: str, outlet: str, language: str | None) -> object:
    article = Article.create(
        raw_id=outlet,
        format="text",
        outlet=outlet,
        title="",
        text=text,
        origin=Origin(f"{outlet}.txt"),
        language=language,
    )
    return Cleaner().clean(article)


@pytest.mark.parametrize("code", ["ru", "ja", "zh", "ko"])
def test_every_language_gets_a_summary_citing_only_its_source(
    code: str, caplog: pytest.LogCaptureFixture
) -> None:
    first = _clean(TEXTS[code], "Port Daily", code)
    second = _clean(TEXTS[code].split("。")[0] + "。", "Harbour Wire", code)
    with caplog.at_level(logging.INFO, logger="storyline.summarize"):
        summary = Summarizer().summarize("s1", [first, second])  # type: ignore[list-item]
    assert summary.sentences
    for sentence in summary.sentences:
        assert sentence.text in TEXTS[code]
        assert [c.outlet for c in sentence.citations] == ["Port Daily"]
        (citation,) = sentence.citations
        assert TEXTS[code][citation.start : citation.end] == sentence.text
    assert "lead summary" in caplog.text


def test_the_lead_fallback_is_not_used_for_english(caplog: pytest.LogCaptureFixture) -> None:
    fragments = _clean("Pier works\n\nMore soon\n\nClick here", "Port Daily", "en")
    with caplog.at_level(logging.INFO, logger="storyline.summarize"):
        summary = Summarizer().summarize("s2", [fragments])  # type: ignore[list-item]
    assert summary.sentences == ()
    assert "no sentence qualified" in caplog.text


def test_stories_are_stored_and_filtered_by_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"title": "Pier to reopen in spring", "text": TEXTS["en"], "outlet": "Port Daily"},
        {"title": "港湾局、桟橋の再開を発表", "text": TEXTS["ja"], "outlet": "Minato Shimbun"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(source), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--language", "ja", "--json"]) == 0
    (story,) = json.loads(capsys.readouterr().out)
    assert story["language"] == "ja" and story["title"] == "港湾局、桟橋の再開を発表"
    assert main(["show", story["id"], "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["language"] == "ja" and shown["summary"]["sentences"]
    assert main(["stories", "--db", db, "--language", "ko", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_api_and_the_page_filter_and_show_the_language(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from storyline.api import create_app

    records = [
        {"title": "Pier to reopen in spring", "text": TEXTS["en"], "outlet": "Port Daily"},
        {"title": "Совет порта: причал откроется", "text": TEXTS["ru"], "outlet": "Port News"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    db = tmp_path / "s.db"
    assert main(["ingest", str(source), "--db", str(db), "-q"]) == 0
    with TestClient(create_app(db)) as client:
        found = client.get("/api/stories", params={"language": "ru"}).json()["stories"]
        assert [story["language"] for story in found] == ["ru"]
        page = client.get(f"/stories/{found[0]['id']}").text
        assert "in Russian" in page
        listing = client.get("/", params={"language": "en"}).text
        assert "Pier to reopen in spring" in listing and "причал" not in listing
