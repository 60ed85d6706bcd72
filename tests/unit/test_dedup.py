"""Unit tests of storyline.dedup: exact and near copies, online and time-aware.

All texts are invented for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from storyline.dedup import (
    NearDuplicates,
    _BandIndex,
    _Permutations,
    _Shingler,
    group_duplicates,
    text_key,
)
from storyline.errors import InvalidParameter
from storyline.models import Article, CleanArticle, DuplicateMember, Origin, stable_id
from storyline.text import shingles, words

WIRE = """\
The regional water authority in Calder Bay will raise household rates by 7 percent \
from April, its board decided on Tuesday after a four-hour meeting that drew dozens of \
protesters.

The increase, the first in three years, is meant to pay for replacing 40 kilometres of \
cast-iron mains laid in the 1950s, which chief engineer Marta Oyelaran said now burst \
"almost every week" in winter.

"We have postponed this work for as long as we responsibly could," Oyelaran told the \
board. "Every year we wait, the repairs cost more and the leaks waste more water."

A typical household will pay about 38 dollars more a year. Pensioners and families \
receiving housing support will be exempt, under an amendment proposed by board member \
Tomas Reyk and passed by six votes to three.

Residents' groups said they would ask the provincial regulator to review the decision. \
"Nobody disputes that the pipes are old," said Ines Darrow of the Calder Bay Tenants' \
Association. "What we dispute is who is asked to pay for decades of neglect."

The authority supplies about 210,000 homes in the bay area and two neighbouring districts."""

# The same event written up independently; it shares one quotation with WIRE.
PARAPHRASE = """\
Water bills in Calder Bay are going up. The bay's water authority voted on Tuesday to \
lift charges by seven per cent starting in April, saying the money is needed to rip out \
ageing cast-iron pipes that date back to the 1950s.

Engineers have warned for years that the network is failing. Chief engineer Marta \
Oyelaran told board members the old mains now break nearly weekly during cold spells. \
"We have postponed this work for as long as we responsibly could," she said.

The rise works out at roughly 38 dollars a year for an average home. After a debate that \
ran late into the evening, the board agreed by six votes to three to spare pensioners and \
households on housing support.

Protesters gathered outside the meeting. Tenant campaigners said they would take their \
complaint to the provincial regulator, arguing that residents should not pay for years of \
underinvestment. About 210,000 homes rely on the authority for their water."""

UNRELATED = """\
The ferry between Port Ellery and the Skarra islands will run twice a day again from \
Monday, after the operator repaired a damaged propeller on its only vessel, the Morven.

Islanders had relied on a chartered fishing boat for three weeks, and the school on \
Skarra Major closed for four days when teachers could not cross. The operator said a \
spare vessel would be leased for next winter so that a single breakdown could no longer \
cut the islands off."""

OUTLET_HEADER = "Harbour Post | Local news you can trust\n\nSign up for our morning briefing."
OUTLET_FOOTER = (
    "Additional reporting by Lena Sato.\n\nCopyright 2025 Harbour Post. All rights reserved."
)

# Navigation and footer text around the body, as a whole-page scrape keeps it.
PAGE_CHROME_TOP = """\
Home News Sport Business Culture Opinion Weather Traffic Obituaries Puzzles Podcasts
Subscribe Sign in Search the Harbour Post archive Today's paper Newsletters
Most read: Storm warning for the north coast; Council car park plan dropped; Late goal \
sends Rovers through; Bakery chain to open twelve new shops; Bridge repairs delayed again"""
PAGE_CHROME_BOTTOM = """\
Share this article on social media Email Print Report an error Comments are closed
More from Local News: Library opening hours extended over summer; Harbour festival \
line-up announced; New cycle lane opens on Quay Road; Volunteers clear beach after storm
About us Contact Advertise Careers Privacy policy Cookie settings Terms of use Help
Copyright 2025 Harbour Post Media Group. All rights reserved. Registered in Calder Bay."""

DAY = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


def make_clean(
    text: str,
    *,
    outlet: str = "Northern Wire",
    title: str = "Calder Bay water rates to rise",
    published: datetime | None = DAY,
) -> CleanArticle:
    article = Article.create(
        raw_id=stable_id("raw", outlet, title, text),
        format="text",
        outlet=outlet,
        title=title,
        text=text,
        origin=Origin("in/test.txt"),
        published=published,
    )
    return CleanArticle(article, text)


def reprint(**overrides: object) -> CleanArticle:
    """WIRE under another outlet: own headline, boilerplate and closing line."""
    fields: dict[str, object] = {
        "outlet": "Harbour Post",
        "title": "Pensioners spared as water bills climb",
        "published": DAY + timedelta(hours=5),
    }
    fields.update(overrides)
    text = f"{OUTLET_HEADER}\n\n{WIRE}\n\n{OUTLET_FOOTER}"
    return make_clean(text, **fields)  # type: ignore[arg-type]


# --- exact and near copies ------------------------------------------------------


def test_exact_copy_ignoring_case_spacing_and_punctuation_joins_the_group() -> None:
    stage = NearDuplicates()
    original = make_clean(WIRE)
    shouted = make_clean(WIRE.upper().replace(", ", " ,  ").replace(".", " ."), outlet="Echo")

    first_group, _ = stage.add(original)
    group_id, member = stage.add(shouted)

    assert group_id == first_group
    assert member == DuplicateMember(shouted.id, "exact", 1.0)


def test_near_copy_with_new_headline_and_closing_line_joins_the_group() -> None:
    stage = NearDuplicates()
    original = make_clean(WIRE)
    retitled = make_clean(
        WIRE + "\n\nAdditional reporting by Lena Sato.",
        title="Calder Bay water bills up 7 percent",
        outlet="Coastline Daily",
    )

    first_group, _ = stage.add(original)
    group_id, member = stage.add(retitled)

    assert group_id == first_group
    assert member.relation == "near"
    assert member.similarity >= stage.threshold


def test_reprint_under_another_outlet_with_its_boilerplate_joins_the_group() -> None:
    stage = NearDuplicates()
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, member = stage.add(reprint())

    assert (group_id, member.relation) == (first_group, "near")


def test_scraped_page_with_navigation_around_the_body_joins_the_group() -> None:
    stage = NearDuplicates()
    page = f"{PAGE_CHROME_TOP}\n\n{WIRE}\n\n{PAGE_CHROME_BOTTOM}"
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(make_clean(page, outlet="Harbour Post", title="Page"))

    assert group_id == first_group


def test_paraphrase_of_the_same_event_is_not_grouped() -> None:
    stage = NearDuplicates()
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, member = stage.add(make_clean(PARAPHRASE, outlet="Valley Post"))

    assert group_id != first_group
    assert member.relation == "canonical"


def test_unrelated_article_opens_its_own_group() -> None:
    groups = group_duplicates([make_clean(WIRE), make_clean(UNRELATED)])

    assert [len(group.members) for group in groups] == [1, 1]


# --- canonical article and group ids ----------------------------------------------


def test_first_article_added_is_the_canonical_one() -> None:
    original, copy = make_clean(WIRE), reprint()

    [group] = group_duplicates([copy, original])

    assert group.canonical == copy.id
    assert group.id == stable_id("group", copy.id)
    assert group.members[0] == DuplicateMember(copy.id, "canonical", 1.0)


def test_adding_an_article_twice_returns_its_first_membership() -> None:
    stage = NearDuplicates()
    article = make_clean(WIRE)

    assert stage.add(article) == stage.add(article)
    assert [group.article_ids for group in stage.groups()] == [(article.id,)]


def test_copy_of_a_near_member_is_a_near_member_of_the_same_group() -> None:
    stage = NearDuplicates()
    group_id, _ = stage.add(make_clean(WIRE))
    _, near = stage.add(reprint())

    copied_group, member = stage.add(reprint(outlet="Echo"))

    assert copied_group == group_id
    assert (member.relation, member.similarity) == ("near", near.similarity)


def test_text_without_words_is_never_grouped() -> None:
    groups = group_duplicates([make_clean("  ...  "), make_clean("-- --", outlet="Echo")])

    assert [len(group.members) for group in groups] == [1, 1]


def test_text_key_ignores_case_spacing_and_punctuation() -> None:
    assert text_key("Rates rise, board says.") == text_key("RATES   rise board says!")
    assert text_key("Rates rise.") != text_key("Rates fall.")
    assert text_key("...") == ""


# --- time window -------------------------------------------------------------------


def test_copy_published_outside_the_window_is_not_matched() -> None:
    stage = NearDuplicates(window_days=30.0)
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(reprint(published=DAY + timedelta(days=45)))

    assert group_id != first_group


def test_copy_published_inside_the_window_is_matched() -> None:
    stage = NearDuplicates(window_days=30.0)
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(reprint(published=DAY - timedelta(days=29)))

    assert group_id == first_group


def test_exact_copy_outside_the_window_is_not_matched() -> None:
    stage = NearDuplicates(window_days=30.0)
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(make_clean(WIRE, outlet="Echo", published=DAY + timedelta(days=60)))

    assert group_id != first_group


def test_without_a_window_dates_do_not_matter() -> None:
    stage = NearDuplicates(window_days=None)
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(reprint(published=DAY + timedelta(days=400)))

    assert group_id == first_group


def test_undated_copy_matches_a_dated_article() -> None:
    stage = NearDuplicates(window_days=1.0)
    first_group, _ = stage.add(make_clean(WIRE))

    group_id, _ = stage.add(reprint(published=None))

    assert group_id == first_group


def test_evicted_article_is_no_longer_matched_and_leaves_the_groups() -> None:
    stage = NearDuplicates()
    original = make_clean(WIRE)
    stage.add(original)
    stage.add(make_clean(UNRELATED, published=None))

    evicted = stage.evict_before(DAY + timedelta(days=1))
    _, member = stage.add(reprint())

    assert evicted == 1
    assert member.relation == "canonical"
    assert original.id not in [m.article_id for g in stage.groups() for m in g.members]


def test_undated_articles_survive_eviction() -> None:
    stage = NearDuplicates()
    first_group, _ = stage.add(make_clean(WIRE, published=None))

    stage.evict_before(DAY + timedelta(days=365))
    group_id, _ = stage.add(reprint())

    assert group_id == first_group


def test_beyond_max_indexed_the_earliest_indexed_article_is_dropped() -> None:
    stage = NearDuplicates(max_indexed=1)
    original = make_clean(WIRE, published=None)
    stage.add(original)
    stage.add(make_clean(UNRELATED, published=None))

    _, member = stage.add(reprint(published=None))

    assert member.relation == "canonical"  # the wire original is no longer there to match
    assert original.id not in [m.article_id for g in stage.groups() for m in g.members]


def test_within_max_indexed_nothing_is_dropped() -> None:
    stage = NearDuplicates(max_indexed=2)
    first_group, _ = stage.add(make_clean(WIRE, published=None))
    stage.add(make_clean(UNRELATED, published=None))

    group_id, _ = stage.add(reprint(published=None))

    assert group_id == first_group


# --- signatures and restore across runs ----------------------------------------------


def test_restore_continues_a_group_in_a_new_instance() -> None:
    original = make_clean(WIRE)
    first_run = NearDuplicates()
    signature = first_run.signature(original)
    group_id, _ = first_run.add(original, signature=signature)

    second_run = NearDuplicates()
    second_run.restore(
        original.id, group_id=group_id, signature=signature, published=original.published
    )
    continued, member = second_run.add(reprint())

    assert continued == group_id
    assert member.relation == "near"
    [group] = second_run.groups()
    assert group.canonical == original.id
    assert group.article_ids == (original.id, reprint().id)


def test_restored_member_is_reported_with_an_inferred_relation() -> None:
    original, copy = make_clean(WIRE), make_clean(WIRE, outlet="Echo")
    stage = NearDuplicates()
    group_id = stage.add(original)[0]
    stage.add(copy)

    later = NearDuplicates()
    for article in (original, copy):
        later.restore(
            article.id,
            group_id=group_id,
            signature=stage.signature(article),
            published=article.published,
        )

    [group] = later.groups()
    assert group.members == (
        DuplicateMember(original.id, "canonical", 1.0),
        DuplicateMember(copy.id, "exact", 1.0),
    )


def test_signature_round_trip_gives_the_same_membership() -> None:
    original, copy = make_clean(WIRE), reprint()
    computed = NearDuplicates()
    computed.add(original)
    expected = computed.add(copy)

    other = NearDuplicates()
    other.add(original, signature=computed.signature(original))

    assert other.add(copy, signature=computed.signature(copy)) == expected
    assert computed.signature(copy) == other.signature(copy)


def test_signature_is_compact() -> None:
    assert len(NearDuplicates(num_perm=128).signature(make_clean(WIRE))) < 600


def test_restore_rejects_a_signature_made_with_other_parameters() -> None:
    signature = NearDuplicates(num_perm=64).signature(make_clean(WIRE))

    with pytest.raises(InvalidParameter, match="'signature'"):
        NearDuplicates(num_perm=128).restore(
            "a1", group_id=stable_id("group", "a1"), signature=signature, published=None
        )


def test_restore_rejects_bytes_that_are_not_a_signature() -> None:
    with pytest.raises(InvalidParameter, match="'signature'"):
        NearDuplicates().restore("a1", group_id="g", signature=b"not a signature", published=None)


def test_add_recomputes_a_signature_made_with_other_parameters() -> None:
    stage = NearDuplicates(shingle_size=5)
    first_group, _ = stage.add(make_clean(WIRE))
    foreign = NearDuplicates(shingle_size=3).signature(reprint())

    group_id, _ = stage.add(reprint(), signature=foreign)

    assert group_id == first_group


def test_state_round_trip_restores_the_index() -> None:
    stage = NearDuplicates()
    group_id, _ = stage.add(make_clean(WIRE))
    stage.add(make_clean(UNRELATED))

    later = NearDuplicates()
    later.load_state(stage.state())

    assert later.groups() == stage.groups()
    assert later.add(reprint())[0] == group_id


def test_state_made_with_other_parameters_is_dropped() -> None:
    stage = NearDuplicates(num_perm=64)
    stage.add(make_clean(WIRE))

    later = NearDuplicates(num_perm=128)
    later.load_state(stage.state())

    assert later.groups() == []


# --- parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("threshold", 1.5),
        ("threshold", 0),
        ("num_perm", 4),
        ("num_perm", 64.0),
        ("shingle_size", 0),
        ("window_days", -1.0),
        ("window_days", "30"),
        ("max_indexed", 0),
        ("seed", -1),
    ],
)
def test_bad_parameter_is_reported_by_name_on_first_use(name: str, value: object) -> None:
    stage = NearDuplicates(**{name: value})  # type: ignore[arg-type]

    with pytest.raises(InvalidParameter, match=f"'{name}' parameter of NearDuplicates"):
        stage.add(make_clean(WIRE))


def test_threshold_message_names_the_rule_and_the_value() -> None:
    with pytest.raises(InvalidParameter) as raised:
        NearDuplicates(threshold=1.5).validate()

    assert str(raised.value) == (
        "The 'threshold' parameter of NearDuplicates must be a float in (0, 1]. Got 1.5 instead."
    )


def test_describe_records_every_parameter() -> None:
    assert NearDuplicates().describe() == {
        "stage": "dedup",
        "version": "1",
        "params": {
            "threshold": 0.6,
            "num_perm": 128,
            "shingle_size": 5,
            "window_days": 30.0,
            "max_indexed": 200_000,
            "seed": 1,
        },
    }


# --- agreement with datasketch and storyline.text --------------------------------------


def test_minhash_values_equal_datasketch_minhash_of_the_same_hashes() -> None:
    hashes = _Shingler(5).hashes(words(WIRE.casefold()))
    reference = MinHash(num_perm=128, seed=1, hashfunc=int)
    reference.update_batch(hashes.tolist())

    assert np.array_equal(_Permutations(128, 1).minhash(hashes), reference.hashvalues)


def test_band_index_finds_the_candidates_of_datasketch_minhash_lsh() -> None:
    texts = [WIRE, PARAPHRASE, UNRELATED, reprint().text, WIRE + " The end."]
    permutations, shingler = _Permutations(128, 1), _Shingler(5)
    values = [permutations.minhash(shingler.hashes(words(text.casefold()))) for text in texts]
    reference = MinHashLSH(num_perm=128, params=(64, 2))
    index = _BandIndex(128)

    for slot, hashvalues in enumerate(values):
        minhash = MinHash(num_perm=128, hashvalues=hashvalues, scheme="affine32")
        expected = set(reference.query(minhash))
        reference.insert(slot, minhash)
        assert index.insert(slot, hashvalues) == expected


def test_shingle_count_matches_storyline_text_shingles() -> None:
    for text in (WIRE, "Too short.", "one two three four five six"):
        hashes = _Shingler(5).hashes(words(text.casefold()))
        assert len(np.unique(hashes)) == len(shingles(text, 5))
