"""Which way a date without a year points: the tense of the clause around it.

A month or weekday without a year ("in January", "on Friday") is resolved
against the publication date, and the clause's tense picks the direction:
``past`` (the most recent one), ``future`` (the next one) or ``unknown`` (the
nearest one).  The nearest verb to the date decides, read as a verb group:

- a past form ("burst", "closed", "ran") is past, unless an auxiliary in front
  of it says otherwise: after "will", "could" or "to" it carries no tense and
  the word that governs it decides ("plans to start", "could burst");
- the present of a scheduled event ("starts", "take effect", "reopens") has a
  future meaning ("Work starts in September");
- any other present ("stays closed", "is shut") points nowhere by itself: then
  "from"/"until" before the date look forward and "since" looks back.

Relative clauses (", where ...", ", which ...") have their own tense: "crews
will dig up the road, where a main burst in January" is last January.
"""

from __future__ import annotations

import re

from storyline.compare.lexicon import wordset

__all__ = ["clause_tense"]

FUTURE_WORDS = wordset(
    "will shall would may might could next upcoming expected planned scheduled intends intend "
    "expect expects plans plan planning slated poised must"
)
# Words that make the infinitive after them look forward ("set to resume", "due to open").
FUTURE_BEFORE_TO = wordset(
    "set due expected scheduled slated poised going about plans plan planning planned intends "
    "intend aims aim hopes hope wants want vows vowed promises promised pledged threatens "
    "likely ready prepared"
)
# Verbs whose infinitive has no tense of its own ("agreed to buy ... in February": nearest).
INTENT_BEFORE_TO = wordset(
    "agreed agree agrees decided decide decides voted vote votes offered offer offers sought "
    "seek seeks tried try tries asked ask asks wanted wants urged urge urges called calls moved "
    "refused refuse refuses"
)
# Auxiliaries that leave the next verb without a tense ("be named", "been closed").
BARE_AUXILIARIES = wordset("be")
MODALS = wordset(
    "will would shall should may might can could must won't wouldn't can't cannot couldn't "
    "mustn't shouldn't"
)
PAST_AUXILIARIES = wordset("was wasn't were weren't had hadn't did didn't")
PERFECT_AUXILIARIES = wordset("has hasn't have haven't")
PRESENT_AUXILIARIES = wordset(
    "is isn't are aren't am stays stay remains remain does doesn't do don't"
)
PAST_MARKERS = wordset("ago last earlier yesterday")
IRREGULAR_PAST = wordset("""
    said told went came began became fell rose sank held drew met made took gave left found
    struck hit broke burst ran brought built bought caught chose dug drove ate felt fought flew
    froze got grew hung heard hid kept knew laid led lost meant paid rode rang saw sold sent
    shook shot shut spoke spent stood stole stuck swept swam taught tore thought threw won wore
    wrote woke understood sprang spread slid shrank split sought
""")
# Present forms that announce a scheduled event ("Work starts in September").
SCHEDULE_VERBS = wordset("""
    start starts begin begins open opens reopen reopens close closes end ends finish finishes
    run runs resume resumes launch launches take takes come comes expire expires arrive arrives
    return returns meet meets go goes kick kicks
""")
_NOT_PAST = wordset("need needed speed seed feed bed red shed hundred indeed breed greed")
_DETERMINERS = wordset("the a an its their his her this that our your my")
# Words before a noun, not before a verb: "both ends", "of the start", "two runs".
_NOUN_MARKERS = _DETERMINERS | wordset(
    "both all some many few several each every no any these those two three four five of at "
    "in on for with from by into after before"
)
_FILLERS = wordset("not never also still already yet just been being only even then now")
_FORWARD = wordset("from until till")
_BACKWARD = wordset("since")
_WORDS = re.compile(r"[\w’']+")
_CLAUSE_BREAK = re.compile(
    r",\s+(?:and|but|while|as|after|before|where|which|who|whom|whose|when)\b|;"
    r"|\band\s+(?=(?:then\s+)?(?:he|she|they|it|we|i|will|would|was|were|is|are|has|have|had)\b)"
)
# Words right before a date that always look forward.
_ADJACENT_FORWARD = re.compile(
    r"(?i)\b(?:payable|effective|expires?|expiring|starting|beginning)"
    r"\s+(?:on\s+)?(?:the\s+)?$"
)
# Sentence-wide cues, used only when no verb near the date decides.
_FUTURE_ANYWHERE = re.compile(
    r"(?i)\b(?:will|shall|'ll|is due|are due|due to|is expected|are expected|expected|plans? to"
    r"|planned|scheduled|is set to|are set to|is to|are to|may|might|could|would|next|upcoming"
    r"|intends?|aims? to)\b"
)
_PAST_ANYWHERE = re.compile(
    r"(?i)\b(?:was|were|had|did|said|told|\w+ed|went|came|began|fell|rose|sank|held|drew|met"
    r"|made|took|gave|left|found|struck|hit|broke|ago|last|earlier|yesterday)\b"
)


def clause_tense(text: str, position: int, end: int | None = None) -> str:
    """ "future", "past" or "unknown" for a date at ``text[position:end]``.

    Without ``end`` the words of the date itself are read as context too.
    """
    clause_start, clause_end = _clause_bounds(text, position)
    before = [w.lower() for w in _WORDS.findall(text[clause_start:position])]
    if _ADJACENT_FORWARD.search(text[clause_start:position]):
        return "future"  # "payable Dec. 7", "effective Feb. 1", "through January"
    tail = text[end if end is not None else position : max(clause_end, end or 0)]
    after = [w.lower() for w in _WORDS.findall(tail)]
    words = before + after
    order = list(range(len(before) - 1, -1, -1)) + list(range(len(before), len(words)))
    verb = None
    for index in order:
        verb = _word_tense(words, index)
        if verb is not None:
            break
    if verb in ("past", "future", "unknown"):
        return verb
    preposition = _preposition_tense(before)
    if preposition is not None:
        return preposition
    if verb == "present":
        return "unknown"
    for window in (text[clause_start:clause_end], text):
        if _FUTURE_ANYWHERE.search(window):
            return "future"
        if _PAST_ANYWHERE.search(window):
            return "past"
    return "unknown"


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    clause_start, clause_end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= position:
            clause_start = match.end()
        elif match.start() >= position:
            clause_end = match.start()
            break
    return clause_start, clause_end


def _word_tense(words: list[str], index: int) -> str | None:
    """The tense a word gives its clause ("present" = no direction), or None if it is no verb."""
    word = words[index]
    if word.endswith(("'ll", "’ll")):
        return "future"
    if word in MODALS and words[index + 1 : index + 2] == ["have"]:
        return "past"  # "could have emerged"
    if word in FUTURE_WORDS:
        governing = _governing(words, index)
        return "past" if word.endswith("ed") and governing in PAST_AUXILIARIES else "future"
    if word == "due":
        return _due(words, index)
    if word == "to" and index + 1 < len(words) and _starts_infinitive(words[index + 1]):
        return _infinitive(words, index)
    if word in PAST_AUXILIARIES or word in PAST_MARKERS:
        return "past"
    if word in PRESENT_AUXILIARIES or word in PERFECT_AUXILIARIES:
        return "present"
    schedule = word in SCHEDULE_VERBS
    if not (schedule or _is_past_form(word)):
        return None
    governing = _governing(words, index)
    if schedule and (governing in _NOUN_MARKERS or governing[:1].isdigit()):
        return None  # a noun: "both ends", "the start", "30 runs"
    if governing in _DETERMINERS:
        return None  # an adjective: "the closed road"
    if governing in MODALS or governing == "to" or governing in BARE_AUXILIARIES:
        return None  # a bare verb: the word that governs it decides
    if governing in PAST_AUXILIARIES or governing in PERFECT_AUXILIARIES:
        return "past"
    if governing in PRESENT_AUXILIARIES:
        return "future" if schedule else "present"
    return "future" if schedule else "past"


def _starts_infinitive(word: str) -> bool:
    """Whether the word after "to" can be a verb ("to resume"), not a noun phrase ("to May")."""
    return word.isalpha() and word not in _NOUN_MARKERS and word not in PAST_MARKERS


def _infinitive(words: list[str], index: int) -> str | None:
    """ "set to resume" looks forward; "agreed to buy" has no tense of its own (nearest)."""
    k = _governing_index(words, index)
    if k >= 0 and words[k] in FUTURE_BEFORE_TO:
        above = _governing(words, k)
        return "unknown" if above in PAST_AUXILIARIES or above == "been" else "future"
    return "unknown" if k >= 0 and words[k] in INTENT_BEFORE_TO else None


def _is_past_form(word: str) -> bool:
    if word in IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST


def _governing(words: list[str], index: int) -> str:
    """The word a verb depends on: the one before it, skipping "not", "been" and adverbs."""
    k = _governing_index(words, index)
    return words[k] if k >= 0 else ""


def _governing_index(words: list[str], index: int) -> int:
    k = index - 1
    while k >= 0 and (words[k] in _FILLERS or words[k].endswith("ly")):
        k -= 1
    return k


def _due(words: list[str], index: int) -> str | None:
    """ "is due to begin", "due in May" look forward; "closed due to rain" is a cause."""
    governing = _governing(words, index)
    if governing in PAST_AUXILIARIES:
        return "past"
    if governing in PRESENT_AUXILIARIES or words[index + 1 : index + 2] != ["to"]:
        return "future"
    return None


def _preposition_tense(before: list[str]) -> str | None:
    """ "from July", "until the end of June" look forward; "since May" looks back."""
    for word in reversed(before[-4:]):
        if word in _FORWARD:
            return "future"
        if word in _BACKWARD:
            return "past"
    return None
