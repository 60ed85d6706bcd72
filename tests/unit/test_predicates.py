"""What a clause says happened, related verbs, and deadlines (invented sentences)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline import verbs
from storyline.attribution import claim_of, states
from storyline.predicates import carried, deadlines, predicates, purposes
from storyline.text import terms
from storyline.verbs import build_senses, related


def test_the_main_verb_is_the_predicate() -> None:
    assert predicates("Aldo Brenn tackled the bomber outside the Ostby school") == {"tackled"}
    assert predicates("The Velmora council has quickly approved the harbour budget") == {"approved"}


def test_a_copula_makes_its_complement_the_predicate() -> None:
    assert predicates("The costs of the Ostby trial could be considerable") == {"considerable"}


def test_reporting_verbs_and_participles_are_not_predicates() -> None:
    assert predicates("Officials said the Ostby dam failed overnight") == {"failed"}
    found = predicates("Mira Castell being dragged off the Ostby ferry went viral")
    assert found == {"went", "viral"}  # a light verb: its meaning is in the next word


def test_an_intent_verb_is_carried_by_the_deed() -> None:
    # the intent only says someone means to do it: the deed is what a span must carry
    assert predicates("The inspector has agreed to probe the Ostby leak") == {"probe"}
    assert states(
        "The Ostby inspector has agreed to probe the harbour leak.",
        "The Ostby inspector will investigate the harbour leak.",
    )
    assert not states(
        "The Ostby inspector has agreed to probe the harbour leak.",
        "The Ostby inspector has agreed to a meeting about the harbour leak.",
    )
    # "refused to" is no intent: the deed did not happen
    assert predicates("The inspector has refused to probe the Ostby leak") == {"refused"}


def test_a_clause_without_a_verb_has_no_predicate() -> None:
    assert predicates("a fine day for the Ostby regatta") == frozenset()


def test_nominalisations_and_inflections_carry_a_predicate() -> None:
    assert carried("announced", terms("the announcement of the Ostby budget"))
    assert carried("selected", terms("her selection as Ostby harbour master"))
    assert carried("withdrawn", terms("the withdrawal of the Ostby nomination"))
    assert not carried("tackled", terms("he was late for school in Ostby"))


def test_related_verbs() -> None:
    assert related("fell", ["dropped"])
    assert related("succumbed", ["died"])
    assert related("shut", ["closed"])
    assert not related("tackled", ["stood"])
    assert not related("went", ["dragged"])  # "go" is too general to stand for "drag"
    assert not related("Ostby", ["closed"])  # not a verb


def test_a_span_must_carry_the_main_predicate() -> None:
    claim = "Aldo Brenn tackled the bomber outside the Ostby school on Monday morning."
    assert states(
        claim, "On Monday morning Aldo Brenn tackled the bomber outside the Ostby school."
    )
    assert not states(
        claim, "On Monday morning Aldo Brenn stood outside the Ostby school as the bomber came."
    )


def test_a_related_verb_carries_the_predicate() -> None:
    claim = "The Ostby jobless rate fell to 5.4% in July as factories hired 9,000 workers."
    span = "The Ostby jobless rate dropped to 5.4% in July as factories hired 9,000 workers."
    assert states(claim, span)


def test_a_clause_opening_the_sentence_must_be_stated_too() -> None:
    claim = (
        "Given that the Ostby dam is the oldest in the county, engineers asked the council "
        "to fund a new inspection."
    )
    assert not states(claim, "Engineers asked the Ostby council to fund a new inspection.")
    assert len(claim_of(claim).clauses) == 2


def test_a_participle_after_an_adverb_is_its_own_clause() -> None:
    claim = (
        "Gunmen opened fire on the Ostby banquet, killing 14 people, later dying in a "
        "shootout with police."
    )
    assert not states(claim, "Gunmen opened fire on the Ostby banquet, killing 14 people.")


def test_deadlines_are_read() -> None:
    assert deadlines("Velmora will complete the purchase by June 20, it said") == ("june 20",)
    assert deadlines("The bill must pass before the end of March.") == ("end of march",)
    assert deadlines("The bridge closed on June 20.") == ()


def test_a_deadline_is_checked_like_a_figure() -> None:
    claim = "Velmora Telecom will complete its purchase of Ostby Cable by June 20, the firm said."
    assert not states(
        claim, "Velmora Telecom will complete its purchase of Ostby Cable soon, the firm said."
    )
    assert states(claim, "By June 20 Velmora Telecom will complete its purchase of Ostby Cable.")


def _fake_wordnet(folder: Path) -> Path:
    (folder / "index.verb").write_text(
        "  1 licence header line\n"
        "shut v 2 1 @ 2 0 00000001 00000009\n"
        "close v 1 1 @ 1 0 00000001\n"
        "seal v 1 1 @ 1 0 00000002\n"
        "pass_away v 1 0 1 0 00000003\n",
        encoding="utf-8",
    )
    (folder / "data.verb").write_text(
        "00000001 35 v 02 shut 0 close 0 001 @ 00000002 v 0000 | make closed\n"
        "00000002 35 v 01 seal 0 001 @ 00000004 v 0000 | close tight\n"
        "00000009 35 v 01 shut 0 000 | another sense\n",
        encoding="utf-8",
    )
    (folder / "verb.exc").write_text("shutting shut\nsealt seal\n", encoding="utf-8")
    return folder


def test_build_senses_keeps_single_word_verbs_and_linked_hypernyms(tmp_path: Path) -> None:
    target = tmp_path / "senses.txt.gz"
    assert build_senses(_fake_wordnet(tmp_path), target, senses=1) == 3
    lines = gzip.decompress(target.read_bytes()).decode("utf-8").splitlines()
    assert lines[0].startswith("#")
    kept = [line for line in lines if line.startswith("L ")]
    assert kept == ["L close 0", "L seal 1", "L shut 0"]  # one sense each; no "pass_away"
    # 00000002 (seal) is under a top of the hierarchy (00000004 has no hypernym): not kept
    assert [line for line in lines if line.startswith("H ")] == ["H 0 1"]
    assert [line for line in lines if line.startswith("X ")] == ["X shutting shut", "X sealt seal"]


def test_without_the_senses_file_only_the_same_verb_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(verbs, "_DATA", "no-such-file.txt.gz")
    for cached in (verbs._table, verbs.base_forms, verbs.senses_of, verbs._with_hypernyms):
        cached.cache_clear()
    try:
        assert not related("fell", ["dropped"])
        assert carried("closed", terms("the bridge was closed"))
    finally:
        monkeypatch.undo()
        for cached in (verbs._table, verbs.base_forms, verbs.senses_of, verbs._with_hypernyms):
            cached.cache_clear()
    assert related("fell", ["dropped"])


def test_an_aside_after_a_comma_is_not_the_main_verb() -> None:
    found = predicates("The officer, identified as Adam Reyes, continued the chase into Ostby")
    assert found == {"continued"}


def test_a_past_form_after_an_age_or_a_year_is_the_main_verb() -> None:
    # the apposition ("Ana Brill, 58,") has closed: the past form is no new aside
    assert predicates("Ana Brill, 58, resigned after the vote in Ostby") == {"resigned"}
    assert predicates("The mayor, elected in 2019, resigned on Friday") == {"resigned"}


def test_a_copula_and_a_preposition_lead_to_what_is_said() -> None:
    assert predicates("Reyes would be in the chain of command") == {"chain"}


def test_naming_verbs_report_a_quote_but_are_events_otherwise() -> None:
    assert predicates('Calloway called the closure "reckless" on Tuesday') == frozenset()
    assert predicates("Police called off the search in Ostby") == {"called"}


def test_a_contracted_auxiliary_leads_to_the_verb() -> None:
    assert predicates("Brenn says he's considering skipping the Ostby rally") == {"considering"}


def test_a_new_subject_after_and_opens_a_clause() -> None:
    claim = (
        "Ostby detectives do not suspect foul play and the county coroner will determine "
        "the cause of death."
    )
    assert len(claim_of(claim).clauses) == 2
    assert not states(claim, "Ostby detectives said they do not suspect foul play at this time.")


def test_a_noun_after_a_determiner_is_no_related_verb() -> None:
    # "time" can be a verb ("to time a race"), not in "at this time"
    claim = "The Ostby coroner will determine the cause of the harbour death next week."
    assert not states(claim, "The Ostby coroner spoke about the harbour death at this time.")


def test_a_verb_in_the_simple_present_is_the_predicate() -> None:
    assert predicates("Coach Aldo Brenn arrives at the Ostby courthouse for a hearing") == {
        "arrives"
    }
    assert predicates("At this time, Mira Castell plans to keep the Ostby gem") == {"keep"}
    # a plural noun before "of" or after a determiner is no verb
    assert predicates("The prices of Ostby fish in the harbour") == frozenset()
    assert predicates("the plans for the Ostby harbour") == frozenset()


def test_a_span_with_the_opposite_movement_does_not_state_an_arrival() -> None:
    claim = "Former Ostby coach Aldo Brenn arrives at the Velmora county courthouse for a hearing."
    assert not states(
        claim, "Former Ostby coach Aldo Brenn leaves the Velmora county courthouse after a hearing."
    )
    assert states(claim, claim)


def test_a_purpose_clause_is_read_with_its_object() -> None:
    assert purposes("lined with white chocolate to keep the coffee hot and the cup crisp") == (
        {"keep", "hot"},
    )
    assert purposes("In a bid to get her job back, Mira Castell filed a complaint") == (
        {"get", "back"},
    )
    # after an intent verb the main predicate reads the deed; a linking verb is no deed
    assert purposes("Mira Castell plans to keep the gem") == ()
    assert purposes("Ostby will add a letter to become the town of Hostby") == ()
    # a place after "to" is no infinitive
    assert purposes("The Velmora mayor returned to power in March") == ()


def test_a_span_must_carry_the_purpose_of_the_claim() -> None:
    claim = (
        "The Ostby cup is made from biscuit and lined with white chocolate to keep the coffee "
        "hot and the biscuit crisp."
    )
    assert not states(
        claim, "The Ostby cup is made from biscuit and lined with white chocolate and sugar paper."
    )
    assert states(
        claim,
        "The Ostby cup is made from biscuit and lined with white chocolate, to keep the coffee "
        "hot and the biscuit crisp.",
    )


def test_a_second_sentence_after_a_closing_quote_is_a_clause_of_its_own() -> None:
    claim = (
        'Mira Castell named her gem the Ostby diamond, the word for "hope." At this time, '
        "Castell plans to keep the gem."
    )
    assert claim_of(claim).predicates == ({"named"}, {"keep"})
    assert not states(
        claim,
        "Park ranger Tom Reyes said Mira Castell found the gem and named it the Ostby diamond, "
        'the word for "hope."',
    )
