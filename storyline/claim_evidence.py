"""How much of a claim a span carries in the claim's own words: the evidence bar.

:mod:`storyline.attribution` lets a span carry a claim term it does not write, through a
related verb ("urged" for "pressed") or another form of the word ("resigned" for
"resignation"), and lowers its content-word bar for a claim anchored by two names,
figures or quotes (paraphrase changes the words, rarely the names).  Both widen what
counts as stated; neither says that the span states *what the claim says happened*.
A span that shares a claim's names and topic but states another claim ("the mother of
the accused gave a tour of the home" for "the mother broke down in tears") clears the
lowered bar on the names and a few related words.

The evidence bar is one bar for every claim: the share of the claim's content weight
(each term weighted by its rarity in the story) the span carries must reach
:data:`MIN_EVIDENCE`, where a term the span carries only through a related verb or
another form of the word counts :data:`INDIRECT_WEIGHT` of its weight.  The names and
figures that anchor a claim are checked on their own; here they count like any term.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from storyline.errors import check_number

__all__ = ["INDIRECT_WEIGHT", "MIN_EVIDENCE", "asks", "evidence_share"]

#: Least share of the claim's content weight a span must carry (as
#: ``attribution.MIN_WEIGHTED_COVERAGE``, the bar of a claim without anchors).
MIN_EVIDENCE = 0.6
#: What a term carried only through a related verb or another form of its word counts,
#: as a share of its weight: such a match is weaker evidence than the word itself.
INDIRECT_WEIGHT = 0.5
# A text that ends with a question mark outside quotation marks (brackets may follow).
_QUESTION_END = re.compile(r"\?[)\]]*\s*$")


def evidence_share(
    wanted: frozenset[str],
    written: frozenset[str],
    carried: frozenset[str],
    weights: Mapping[str, float],
    *,
    indirect: float = INDIRECT_WEIGHT,
) -> float:
    """The share of the weight of ``wanted`` (a claim's content terms) that a span
    carries: in full for the terms it ``written`` (writes as they are), ``indirect`` of
    it for those it only ``carried`` (through a related verb or another form); terms
    without a weight weigh 1.  0 for a claim without terms."""
    check_number("evidence_share", "indirect", indirect, low=0.0, high=1.0)
    total = math.fsum(weights.get(term, 1.0) for term in wanted)
    if not total:
        return 0.0
    direct = wanted & written
    widened = (wanted & carried) - direct
    # fsum: the same total whatever order the sets yield their terms in (hash seed)
    found = math.fsum(weights.get(term, 1.0) for term in direct)
    found += indirect * math.fsum(weights.get(term, 1.0) for term in widened)
    return found / total


def asks(text: str) -> bool:
    """Whether ``text`` is a question: it ends with a question mark that no quotation
    mark closes ("How will X pick a nominee?", not 'She asked: "why now?"')."""
    return bool(_QUESTION_END.search(text))
