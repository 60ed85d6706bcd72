"""Names with kinds: whole multi-word names, dotted abbreviations, kinds, aliases, titles.

Every rule is checked on both paths: the shipped tagger (``use_model=True``)
and the rules (``use_model=False``), which must work on their own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyline.compare import compare_story
from storyline.compare import name_model as nm
from storyline.compare.entities import find_names
from storyline.errors import InvalidParameter
from tests.unit.compare.compare_factories import make_article

BOTH_PATHS = pytest.mark.parametrize("use_model", [True, False], ids=["model", "rules"])


def _names(text: str, use_model: bool) -> dict[str, str]:
    return {m.name: m.kind for m in find_names(text, use_model=use_model)}


@BOTH_PATHS
def test_multi_word_place_is_kept_whole(use_model: bool) -> None:
    names = _names("The flood reached New York before dawn, officials in Calder said.", use_model)
    assert "New York" in names
    assert "York" not in names


@BOTH_PATHS
def test_dotted_abbreviation_keeps_its_dots(use_model: bool) -> None:
    text = "Trade talks between the U.S. and Norland stalled on Friday."
    mentions = find_names(text, use_model=use_model)
    dotted = [m for m in mentions if m.name.startswith("U.S")]
    assert [m.name for m in dotted] == ["U.S."]
    assert text[dotted[0].name_start : dotted[0].name_end] == "U.S."


@BOTH_PATHS
def test_newspaper_is_an_organisation(use_model: bool) -> None:
    text = "The figures were first published by the Harwick Herald, a local newspaper."
    assert _names(text, use_model)["Harwick Herald"] == "organisation"


@BOTH_PATHS
def test_white_house_is_an_organisation(use_model: bool) -> None:
    text = "The White House said on Monday that the talks with Norland would go on."
    assert _names(text, use_model)["White House"] == "organisation"


@BOTH_PATHS
def test_weekdays_and_months_are_never_names(use_model: bool) -> None:
    text = "On Tuesday the council met again. In March, Ann Lee said, Monday will be a holiday."
    names = _names(text, use_model)
    assert not {"Tuesday", "March", "Monday", "On Tuesday", "In March"} & set(names)


@BOTH_PATHS
def test_titles_are_stripped_from_person_names(use_model: bool) -> None:
    text = "President Grace Okafor met Dr. Ama Mensah in Calder on Friday."
    mentions = {m.name: m for m in find_names(text, use_model=use_model)}
    okafor = mentions["Grace Okafor"]
    assert okafor.kind == "person"
    assert okafor.surface == "President Grace Okafor"
    assert text[okafor.name_start : okafor.name_end] == "Grace Okafor"
    assert "president" in okafor.roles
    assert mentions["Ama Mensah"].surface.startswith("Dr.")


@BOTH_PATHS
def test_possessive_is_not_part_of_the_name(use_model: bool) -> None:
    text = "Critics attacked Grace Okafor's plan for the harbour on Friday."
    okafor = next(m for m in find_names(text, use_model=use_model) if m.name == "Grace Okafor")
    assert text[okafor.name_start : okafor.name_end] == "Grace Okafor"


@BOTH_PATHS
def test_surname_joins_the_full_name_in_a_story(
    use_model: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not use_model:
        monkeypatch.setattr("storyline.compare.entities.load_tagger", lambda: None)
    first = make_article("Grace Okafor, the mayor, opened the bridge on Friday.", outlet="A")
    second = make_article("The bridge opened, Okafor said on Friday.", outlet="B")
    entities = compare_story("s", [first, second]).entities
    okafor = next(e for e in entities if e.name == "Grace Okafor")
    assert {c.outlet: c.count for c in okafor.counts} == {"A": 1, "B": 1}


def test_acronym_joins_the_name_with_its_initials() -> None:
    first = make_article("Officials of the United States met envoys from Norland.", outlet="A")
    second = make_article("The U.S. delegation left early, envoys from Norland said.", outlet="B")
    entities = compare_story("s", [first, second]).entities
    united = next(e for e in entities if e.name == "United States")
    assert "U.S." in united.variants
    assert united.total == 2


def test_use_model_must_be_a_bool() -> None:
    with pytest.raises(InvalidParameter, match="use_model"):
        find_names("Ann Lee spoke.", use_model="yes")  # type: ignore[arg-type]


def test_shipped_weights_load() -> None:
    assert nm.load_tagger() is not None


def test_missing_or_misshapen_weights_fall_back_to_rules(tmp_path: Path) -> None:
    assert nm.read_tagger(tmp_path / "absent.npz") is None
    odd = tmp_path / "odd.npz"
    np.savez_compressed(odd, weights=np.zeros((6, 9), dtype=np.float16), tags=np.array(nm.TAGS))
    assert nm.read_tagger(odd) is None


def test_tagger_scores_only_candidate_tokens() -> None:
    tokens = nm.name_tokens("the Bank of Norland said it would act")
    flags = nm.candidates(tokens)
    assert [t.text for t, f in zip(tokens, flags, strict=True) if f] == ["Bank", "of", "Norland"]


def test_name_tokens_keep_abbreviation_dots() -> None:
    assert [t.text for t in nm.name_tokens("Mr. Lee left the U.S. today.")] == [
        "Mr.",
        "Lee",
        "left",
        "the",
        "U.S.",
        "today",
        ".",
    ]


@BOTH_PATHS
def test_honorific_marks_a_person_even_at_sentence_start(use_model: bool) -> None:
    mention = find_names("Mr. Okafor told reporters the bridge was safe.", use_model=use_model)[0]
    assert (mention.name, mention.kind, mention.surface) == ("Okafor", "person", "Mr. Okafor")


def test_newspaper_after_capitalised_the_is_an_organisation() -> None:
    names = _names("Ann Lee told The Chronicle that the harbour would reopen.", True)
    assert names["Chronicle"] == "organisation"
    assert names["Ann Lee"] == "person"


def test_touching_fragments_of_one_name_are_joined() -> None:
    from storyline.compare.entities import _joined_heads

    tokens = nm.name_tokens("a firm , Loretta E. Banda and Calder Bank Street")
    words = [t.text for t in tokens]
    loretta, initial, banda = words.index("Loretta"), words.index("E."), words.index("Banda")
    calder, street = words.index("Calder"), words.index("Street")
    spans = [
        (loretta, loretta + 1, "LOC"),
        (initial, initial + 1, "ORG"),
        (banda, banda + 1, "PER"),
        (calder, street, "ORG"),
        (street, street + 1, "LOC"),
    ]
    assert _joined_heads(tokens, spans) == [
        (loretta, banda + 1, "PER"),
        (calder, street + 1, "LOC"),
    ]


def test_possessive_place_does_not_join_the_person_after_it() -> None:
    from storyline.compare.entities import _joined_heads

    tokens = nm.name_tokens("Norland's Ama Mensah won")
    spans = [(0, 1, "LOC"), (1, 3, "PER")]
    assert _joined_heads(tokens, spans) == spans


_WORDS = " ".join(
    (
        "the of and for de said Bank England NATO U.S. iPhone eBay 3M A I FIRE IN",
        "CITY HALL Mensah Calder's Port Authority ferry ran 12 , . “ ” Mr. J. van Street",
        "mid-May US$ 4.5bn Ratepayers ' Association monday",
    )
).split(" ")


def _random_sentences(seed: int, count: int) -> list[str]:
    import random

    chooser = random.Random(seed)
    return [
        " ".join(chooser.choice(_WORDS) for _ in range(chooser.randint(1, 14)))
        for _ in range(count)
    ]


def test_ascii_sentences_read_from_their_capitals_get_the_same_tags() -> None:
    tagger = nm.load_tagger()
    assert tagger is not None
    texts = [
        "officials in the harbour town said the ferry would run again.",
        "Ama Mensah of the Calder Port Authority said the ferry would run on Friday.",
        "FIRE IN CITY HALL as the Bank of England and the U.S. watch",
        "mensah told the Norland Gazette on monday that the port reopened.",
        *_random_sentences(7, 300),
    ]
    sentences = [nm.name_tokens(text) for text in texts]
    capitals = [nm.capital_tokens(tokens) for tokens in sentences]
    assert capitals[0] == []
    tags = tagger.tag(sentences)
    assert tagger.tag(sentences, capitals=capitals) == tags
    assert any(tag != "O" for tag in tags[1])
    assert any(nm.is_headline(tokens) for tokens in sentences)
    with pytest.raises(InvalidParameter, match="capitals"):
        tagger.tag(sentences, capitals=[[]])


def test_ascii_layout_matches_the_walk_over_every_token() -> None:
    from storyline.compare.name_model import _ascii_layout

    for text in _random_sentences(11, 500):
        tokens = nm.name_tokens(text)
        flags = nm.candidates(tokens)
        scored, places, headline = _ascii_layout(tokens, nm.capital_tokens(tokens))
        assert scored == [k for k, flag in enumerate(flags) if flag]
        dense = nm.runs(flags)
        assert [places[k] for k in scored] == [dense[k] for k in scored]
        assert headline == nm.is_headline(tokens)


def test_name_runs_from_capitals_match_the_walk_over_every_token() -> None:
    from storyline.compare.entities import _runs

    for text in _random_sentences(13, 500):
        tokens = nm.name_tokens(text)
        assert list(_runs(tokens, nm.capital_tokens(tokens))) == list(_runs(tokens))


def test_names_keep_text_offsets_in_later_sentences() -> None:
    text = "the ferry ran late.\n\nofficials met. Then Ama Mensah of Calder Port spoke in Norland."
    mentions = find_names(text, use_model=True)
    assert mentions
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert mention.surface.endswith(text[mention.name_start : mention.name_end])
    assert "Ama Mensah" in {m.name for m in mentions}
