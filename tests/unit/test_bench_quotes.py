"""The quotes benchmark's speaker misses carry the quote's paragraph for reading by cause."""

from __future__ import annotations

from benchmarks.quotes import Tally, score_record


def test_a_speaker_miss_carries_its_paragraph_with_the_quote_marked() -> None:
    text = "First paragraph.\nLund arrived. “We will win,” Ada Quill said.\nLast one."
    start = text.index("We will")
    end = start + len("We will win,")
    record = {
        "id": "invented",
        "text": text,
        "quotes": [
            {
                "start": start,
                "end": end,
                "speaker": "Ada Quill",
                "speaker_is_pronoun": False,
                "speaker_alternatives": [],
                "previous_named_source": None,
            }
        ],
    }
    tally = Tally()
    score_record(record, [(start, end, "Lund")], tally)
    assert tally.misses[0]["context"] == "Lund arrived. “[[We will win,]]” Ada Quill said."
