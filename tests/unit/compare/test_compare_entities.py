"""Names: people, organisations, places, merged across surface variants."""

from __future__ import annotations

import pytest

from storyline.compare import compare_story
from storyline.compare.entities import find_names
from tests.unit.compare.compare_factories import make_article


def test_title_is_stripped_and_kept_as_role() -> None:
    mention = find_names("Talks ended when Secretary of State Ann Lee left.")[0]
    assert (mention.name, mention.kind) == ("Ann Lee", "person")
    assert "secretary of state" in mention.roles


def test_kinds_from_suffixes_and_cues() -> None:
    text = "The Ministry of Health said the Marrow River rose near Calder Street."
    kinds = {m.name: m.kind for m in find_names(text)}
    assert kinds == {
        "Ministry of Health": "organisation",
        "Marrow River": "place",
        "Calder Street": "place",
    }


def test_variants_merge_into_one_person_counted_per_outlet() -> None:
    first = make_article(
        "Secretary of State Ann Lee arrived. Ann Lee met the mayor. Lee said little.", outlet="A"
    )
    second = make_article("Lee flew home after Ann Lee spoke to the press.", outlet="B")
    entities = compare_story("s", [first, second]).entities
    lee = next(e for e in entities if e.name == "Ann Lee")
    assert lee.kind == "person"
    assert {c.outlet: c.count for c in lee.counts} == {"A": 3, "B": 2}
    assert set(lee.variants) == {"Secretary of State Ann Lee", "Ann Lee", "Lee"}


def test_organisation_word_order_variants_merge() -> None:
    first = make_article("The Health Ministry published figures.", outlet="A")
    second = make_article("The Ministry of Health published figures.", outlet="B")
    entities = compare_story("s", [first, second]).entities
    assert [(e.kind, e.total) for e in entities] == [("organisation", 2)]


def test_sentence_initial_common_words_are_not_names() -> None:
    assert find_names("Firefighters said the blaze began in a kitchen.") == []


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # the last word names what kind of body it is, whatever cues are around
        ("Kestrel Vale Water said the reservoir was full.", "Kestrel Vale Water", "organisation"),
        (
            "The plan was drawn up by the utility Kestrel Vale Water.",
            "Kestrel Vale Water",
            "organisation",
        ),
        ("Northfield Power said supplies were back.", "Northfield Power", "organisation"),
        (
            "The mayor told Seagate FM this morning that repairs had begun.",
            "Seagate FM",
            "organisation",
        ),
        ("Dunmore Rovers said the match was off.", "Dunmore Rovers", "organisation"),
        ("Greywick Dairies said milk prices would rise.", "Greywick Dairies", "organisation"),
        ("Ashby Rail said trains would run.", "Ashby Rail", "organisation"),
        # "X of Y": the head is the word before "of"
        (
            "Students at the University of Calder said little.",
            "University of Calder",
            "organisation",
        ),
        # a place head wins over an organisation word in front of it
        ("Shops on Bank Street closed early.", "Bank Street", "place"),
        ("Crowds filled Parliament Square on Sunday.", "Parliament Square", "place"),
        # people stay people
        ("Lina Park said the water was rising.", "Lina Park", "person"),
    ],
)
def test_kind_follows_the_head_word(text: str, name: str, kind: str) -> None:
    kinds = {m.name: m.kind for m in find_names(text)}
    assert kinds[name] == kind
