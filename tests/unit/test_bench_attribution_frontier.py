from __future__ import annotations

from typing import Any

from benchmarks.attribution_frontier import _kept_at, withheld


def _result() -> dict[str, Any]:
    # invented sentences; article 0 is the sentence's own
    own = {"article": 0, "text": "The ferry left Harlow at noon.", "similarity": 1.0}
    weak = {"article": 1, "text": "A ferry left the port.", "similarity": 0.62}
    strong = {
        "article": 2,
        "text": "The ferry left Harlow at noon. It was full.",
        "similarity": 0.93,
    }
    sentence = {"text": own["text"], "article": 0, "citations": [own, weak, strong]}
    return {"clusters": [{"id": "c1", "summary": [sentence]}]}


def test_withheld_keeps_the_own_citation_and_those_at_the_bar() -> None:
    kept = withheld(_result(), _kept_at(0.8, singles=False))
    cited = [c["article"] for c in kept["clusters"][0]["summary"][0]["citations"]]
    assert cited == [0, 2]


def test_single_sentences_only_also_withholds_a_joined_span() -> None:
    kept = withheld(_result(), _kept_at(0.0, singles=True))
    cited = [c["article"] for c in kept["clusters"][0]["summary"][0]["citations"]]
    assert cited == [0, 1]


def test_the_input_is_left_as_it_was() -> None:
    result = _result()
    withheld(result, _kept_at(0.99, singles=False))
    assert len(result["clusters"][0]["summary"][0]["citations"]) == 3
