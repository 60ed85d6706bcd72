from __future__ import annotations

import pytest

from storyline.config import load_settings
from storyline.errors import InvalidParameter


def test_defaults_come_from_the_stage_classes():
    settings = load_settings(environ={})
    assert settings.db == "storyline.db"
    assert "word_budget" in settings.stage("summarize")


def test_precedence_toml_then_environment_then_flags(tmp_path):
    config = tmp_path / "storyline.toml"
    config.write_text("[summarize]\nword_budget = 90\n[store]\npath = 'a.db'\n")
    settings = load_settings(config=config, environ={})
    assert settings.stage("summarize")["word_budget"] == 90
    assert settings.db == "a.db"
    settings = load_settings(config=config, environ={"STORYLINE_SUMMARIZE_WORD_BUDGET": "70"})
    assert settings.stage("summarize")["word_budget"] == 70
    settings = load_settings(
        config=config,
        environ={"STORYLINE_SUMMARIZE_WORD_BUDGET": "70"},
        overrides={"summarize.word_budget": "50"},
        db="b.db",
    )
    assert settings.stage("summarize")["word_budget"] == 50
    assert settings.db == "b.db"


def test_unknown_setting_lists_the_valid_ones():
    with pytest.raises(InvalidParameter, match="word_budget"):
        load_settings(environ={}, overrides={"summarize.budget": "3"})


def test_unknown_stage_lists_the_stages():
    with pytest.raises(InvalidParameter, match=r"Available: store\.path, pipeline, clean"):
        load_settings(environ={}, overrides={"dedupe.threshold": "3"})


def test_badly_typed_value_names_the_setting_and_source():
    with pytest.raises(InvalidParameter, match=r"'summarize.word_budget' \(from --set\)"):
        load_settings(environ={}, overrides={"summarize.word_budget": "many"})


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(InvalidParameter, match="does not exist"):
        load_settings(config=tmp_path / "none.toml", environ={})
