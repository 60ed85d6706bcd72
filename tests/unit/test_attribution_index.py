"""The attribution rule's blocking: a candidate sentence is skipped only when its check
would fail anyway."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from storyline import attribution
from storyline.attribution import Attributor, Claim, claim_of, verdict
from storyline.text import terms
from storyline.verbs import related_in

# Invented sentences, written for these tests; variants drop, repeat and swap their words
# (verbs for related verbs too), so that some spans state a claim and most do not.
BASES = (
    "The Brenna river flooded the lower town and sixty-one people were killed on Sunday.",
    "Mayor Ines Calloway said the port of Harlow would close for repairs until June.",
    "Prices at the Ostmere market fell sharply after the harvest failed in the north.",
    "The Harlow Dock union approved a strike over pay and the board rejected the offer.",
    "Police arrested two men who stole copper cable from the Brenna railway depot.",
    "The council passed a plan to build four hundred homes near the old Ostmere mill.",
    "The resignation of the Harlow harbour-master followed an investigation of his election.",
)
SWAPS = {
    "fell": "dropped",
    "killed": "died",
    "passed": "approved",
    "arrested": "detained",
    "stole": "took",
    "close": "shut",
    "build": "construct",
    "rejected": "refused",
    "flooded": "swamped",
    "resignation": "resigned",
    "investigation": "investigated",
    "election": "elected",
    "harbour-master": "harbour master",
    "approved": "approval",
}


def variant(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    changed = []
    for word in words:
        roll = rng.random()
        if roll < 0.15:
            continue
        changed.append(SWAPS.get(word, word) if roll < 0.5 else word)
        if rng.random() < 0.05:
            changed.append(rng.choice(rng.choice(BASES).split()).strip("."))
    return " ".join(changed).capitalize() + "."


def sentence(rng: random.Random) -> str:
    """A variant of one sentence, or one that joins the start of one to the end of another
    (sharing a few words with each: the candidates blocking finds but rarely credits)."""
    if rng.random() < 0.5:
        return variant(rng, rng.choice(BASES))
    first, second = (text.rstrip(".").split() for text in rng.sample(BASES, 2))
    cut = rng.randint(3, 6)
    return variant(rng, " ".join(first[:cut] + second[cut:]) + ".")


def story(rng: random.Random, articles: int) -> list[tuple[str, str]]:
    texts = []
    for number in range(articles):
        chosen = [sentence(rng) for _ in range(rng.randint(2, 6))]
        texts.append((f"a{number}", " ".join(chosen)))
    return texts


def test_skipped_candidates_never_state_the_claim() -> None:
    rng = random.Random(20)
    skipped = kept = credited = 0
    for _ in range(60):
        rule = Attributor(story(rng, rng.randint(2, 4)))
        for article_id in rule.article_ids:
            for sentence in rule.sentences_of(article_id):
                claim = claim_of(sentence.text)
                every = rule._candidates(claim)
                hopeful = rule._candidates(claim, hopeful=True)
                for other, found in every.items():
                    if other == article_id:
                        continue
                    for index in found:
                        credit = rule._credit_at(claim, other, index)
                        if index in hopeful[other]:
                            kept += 1
                            credited += credit is not None
                        else:
                            skipped += 1
                            assert credit is None, (claim.text, rule.sentences_of(other)[index])
                    assert rule._check(claim, other, found) == rule._check(
                        claim, other, hopeful[other]
                    )
    # the test means something: sentences were skipped, others kept and credited
    assert skipped > 100 and kept > 100 and credited > 20


def test_a_span_stating_the_claim_through_related_verbs_is_still_checked() -> None:
    claim = (
        "Grace Okafor rejected the pay plan, ousted the board chair and praised Ines Calloway "
        "for quiet diplomacy."
    )
    span = (
        "Grace Okafor refused the wage scheme, removed the company boss and commended "
        "Ines Calloway for calm negotiation."
    )
    rule = Attributor([("a", claim), ("b", span)])
    wanted = claim_of(claim)
    score = sum(rule.weights[term] for term in wanted.terms & claim_of(span).terms)
    assert score < rule._bars(wanted, []).joined  # too little to join: only its verbs help
    assert rule._candidates(wanted, hopeful=True)["b"] == [0]
    # checked, then not credited: it writes only the names of the claim as they are, and
    # related verbs count half (storyline.claim_evidence)
    assert verdict(wanted, claim_of(span), span, "", rule.weights)[0] == "evidence"
    assert "b" not in rule.credits(claim)


def test_a_span_stating_the_claim_in_other_forms_of_its_words_is_still_checked() -> None:
    claim = (
        "The resignation of Grace Okafor amid a lengthy investigation of her mayoral election "
        "stunned voters."
    )
    span = (
        "Grace Okafor resigned as officials investigated how she was elected, "
        "which stunned the town."
    )
    rule = Attributor([("a", claim), ("b", span)])
    wanted = claim_of(claim)
    score = sum(rule.weights[term] for term in wanted.terms & claim_of(span).terms)
    bars = rule._bars(wanted, [])
    assert score < bars.joined  # too little to join: only "resigned", "elected"... help
    assert {"resignation", "election", "investigation"} <= bars.unscored
    assert rule._candidates(wanted, hopeful=True)["b"] == [0]
    # checked, then not credited: other forms of its words count half (claim_evidence)
    assert verdict(wanted, claim_of(span), span, "", rule.weights)[0] == "evidence"
    assert "b" not in rule.credits(claim)


def test_a_claim_too_vague_to_credit_has_no_candidates_worth_checking() -> None:
    vague = "That man filed a lawsuit."
    rule = Attributor([("a", vague), ("b", vague)])
    assert rule._candidates(claim_of(vague), hopeful=True) == {"a": [], "b": []}
    assert rule.credits(vague, skip=("a",)) == {}


def test_reading_related_verbs_only_when_they_could_help_changes_no_credit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(21)
    pairs = []
    for _ in range(600):
        base = rng.choice(BASES)
        pairs.append(
            (variant(rng, base), variant(rng, base) if rng.random() < 0.5 else sentence(rng))
        )
    weights = {term: rng.choice((0.3, 0.7, 1.0)) for text in BASES for term in terms(text)}

    def every_related_verb(claim: Claim, found: Claim, _weights: dict[str, float]) -> Claim:
        extra = frozenset(
            term
            for term, word in claim.verbs.items()
            if term not in found.terms and related_in(word, found.senses)
        )
        return replace(found, terms=found.terms | extra) if extra else found

    def coverage() -> list[float | None]:
        return [
            attribution._coverage(claim_of(claim), claim_of(span), span, "", weights)
            for claim, span in pairs
        ]

    shortcut = coverage()
    monkeypatch.setattr(attribution, "_with_related_verbs", every_related_verb)
    assert coverage() == shortcut
    assert sum(share is not None for share in shortcut) > 20  # some spans state their claim
