"""What a claim's words reach: clauses, negations, denials, verbs with a particle.

The attribution rule (:mod:`storyline.attribution`) compares the words of a
claim with the words of a span.  Some words change what their neighbours say,
and a rule that only counts shared words misses that:

* **a negation belongs to what it negates** ("did not **consult**", "no
  **charges** are expected"): a span that negates a word the claim asserts
  says the opposite of the claim ("after consulting both parties" is not
  stated by "did not consult any party"), and a claim that negates something
  needs a span that negates the same thing, not just any negation somewhere
  ("no charges are expected" is not stated by "the parents were not home");
* **a denial**: a span that says what it reports is not true or not right
  ("the report that X did Y isn't quite right") does not state that X did Y;
* **a verb with a particle is a verb of its own** ("pressed **ahead**",
  "handed **down**", "called **off**"): the senses of the bare verb ("press"
  = "urge", "hand" = "deliver") are not its senses, so a claim's verb with a
  particle is carried by a form of its own word only, never by a verb related
  to the bare verb;
* **where a clause ends** (:func:`clauses_of`): at coordinations, subordinate clauses
  of cause, time, purpose or contrast, relative clauses, asides between dashes and
  participle clauses after a comma; the rule asks every clause to be stated;
* **two things joined by "and" are both part of the claim** (:func:`joined_words`):
  "fell off the statue and **broke** her back", "ohio casualty and **liberty**
  insurance", "sports editor and **co-captain**": a span that gives one of them
  leaves a part of the claim out.

All of it is read by explicit word cues, so it works on lower-cased text too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from storyline.compare.lexicon import wordset as _words
from storyline.text import terms
from storyline.verbs import base_forms

__all__ = [
    "Negation",
    "clauses_of",
    "denies",
    "joined_words",
    "negations",
    "phrasal",
    "polarity_agrees",
]

# Where one clause of a sentence ends and another begins: coordinated clauses, subordinate
# clauses of cause, time, purpose or contrast, relative clauses, asides between dashes and
# participle clauses after a comma ("..., signalling a shift").
_CLAUSE_BREAKS = (
    r"\s*[;:]\s+|\s+[—–]\s+|\s+--\s+|,\s+(?:and|but|or|so|yet|which|who|whose|where|as)\s+"
    r"|\s+(?:while|whereas|although|though|because|after|before|unless|despite|given\s+that"
    r"|ahead\s+of|following|amid|and\s+that|but|so\s+that|in\s+order\s+to)\s+"
    r"|,\s+(?:\w+ly\s+|later\s+|then\s+|before\s+|after\s+)?(?=\w+ing\b)"
    r"|\s+(?:that|which|who)\s+(?=(?:(?:has|have|had|is|are|was|were)\s+(?:been\s+)?)?\w+ed\b)"
    r"|,\s+when\s+"
    r"|\s+and\s+(?=(?:the|a|an|his|her|their|its|he|she|they|it|we)(?:\s+[\w'’]+){0,3}\s+"
    r"(?:will|would|is|are|was|were|has|have|had|can|could|may|might|must|should|did|does)\s)"
)
# Every break opens on a space, comma, semicolon or colon: the look-ahead lets the search
# pass any other character at once instead of trying each alternative there (same splits).
_CLAUSE_BREAK = re.compile(rf"(?=[\s,;:])(?:{_CLAUSE_BREAKS})", re.IGNORECASE)
# A sentence that ends inside a closing quotation mark ("... for 'hope.' at this time"),
# which the sentence splitter keeps with the next when that opens in lower case.
_QUOTE_STOPS = r"(?<=[.!?])\s*[\"”]\s+|(?<=[.!?][\"”])\s+"
_QUOTE_STOP = re.compile(rf"(?=[\s\"”])(?:{_QUOTE_STOPS})")  # each opens on a space or quote
# A sentence opening with a subordinate clause, up to its first comma.
_OPENING_CLAUSE = re.compile(
    r"^(?:given\s+that|because|although|though|while|whereas|after|before|since|once|as"
    r"|if|when|unless|despite)\s+([^,]{8,}?),\s+",
    re.IGNORECASE,
)


_TOKEN = re.compile(r"[a-z]+(?:['’\-][a-z]+)*|[.,;:!?()—–]")
_NEGATORS = _words("not no never nor neither without cannot nobody nothing none")
# Skipped between a negation and what it negates: auxiliaries, degree words, determiners,
# number words ("has not yet been located", "did not immediately respond", "no longer
# considers", "not two million dollars").
_SKIPPED = _words(
    "is are was were be been being am has have had do does did will would can could may "
    "might shall should must to a an the any quite entirely exactly fully yet ever even "
    "also always longer more immediately necessarily really so too very much one just "
    "currently directly personally formally publicly officially two three four five six "
    "seven eight nine ten hundred hundreds thousand thousands million millions billion "
    "billions dozen dozens"
)
# Where a negation's reach ends: punctuation and words that open another clause ("or" and
# "nor" do not: "no civil or criminal charges" negates both).
_STOPS = _words(
    ". , ; : ! ? ( ) — – but and because although though while whereas if when after "
    "before since as which who that whether"
)
_REACH = 6  # content words a negation reaches at most
# "not only ... but also" adds, it does not negate.
_NOT_NEGATING_NEXT = _words("only just merely least")
# A negated copula before a word of truth: the span denies what it reports ("this isn't
# quite right", "that is not true", "was not the case").
_DENIAL = re.compile(
    r"\b(?:is|are|was|were|that['’]s|it['’]s)\s*(?:not\s+|n['’]t\s+)"
    r"(?:quite\s+|entirely\s+|exactly\s+|at\s+all\s+)?(?:true|right|correct|accurate|the\s+case)\b",
    re.IGNORECASE,
)
# Particles that make a verb phrasal ("pressed ahead", "turned down", "called off").
_PARTICLES = _words("ahead away back down off out up")


@dataclass(frozen=True)
class Negation:
    """What one negation reaches: ``reach`` holds the content terms after it, up to a
    clause break, the first of which (``reach[0]``) is what it denies ("did not
    **consult** with any parties"); ``verb`` is the verb just before it, if any ("found
    no evidence")."""

    reach: tuple[str, ...]
    verb: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return self.reach if self.verb is None else (self.verb, *self.reach)


def _tokens(text: str) -> list[str]:
    return [token.replace("’", "'") for token in _TOKEN.findall(text.lower())]


def _is_negation(tokens: list[str], index: int) -> bool:
    token = tokens[index]
    if token.endswith("n't") and token != "n't":
        return True
    if token not in _NEGATORS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return following not in _NOT_NEGATING_NEXT


def _verb_before(tokens: list[str], index: int) -> str | None:
    """The verb written just before a negation ("found no evidence"), auxiliaries aside."""
    if not index:
        return None
    token = tokens[index - 1]
    if token in _SKIPPED or token in _STOPS or not base_forms(token):
        return None
    found = terms(token)
    return found[0] if found else None


@lru_cache(maxsize=16_384)
def negations(text: str) -> tuple[Negation, ...]:
    """The negations of ``text`` and what each reaches (see :class:`Negation`)."""
    tokens = _tokens(text)
    found: list[Negation] = []
    for index in range(len(tokens)):
        if not _is_negation(tokens, index):
            continue
        reach: list[str] = []
        for token in tokens[index + 1 :]:
            if token in _STOPS or len(reach) >= _REACH:
                break
            if token in _SKIPPED or token.endswith("ly"):
                continue
            term = terms(token)
            if term:
                reach.append(term[0])
        if reach:
            found.append(Negation(tuple(reach), _verb_before(tokens, index)))
    return tuple(found)


@lru_cache(maxsize=65_536)
def _same_word(first: str, second: str) -> bool:
    """Two terms of one word: equal, one the other with an inflection or a
    nominalisation ("charg" / "charge", "consult" / "consultation"), or forms of one verb
    ("found" / "find")."""
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    if len(short) >= _ROOT and long.startswith(short) and long[len(short) :] in _ENDINGS:
        return True
    return bool(set(base_forms(first)) & set(base_forms(second)))


_ROOT = 4  # shortest term another may extend ("charg" / "charges")
_ENDINGS = _words("e s es ed d ing ion ions ation ations ment ments al ure")


def _meets(term: str, words: Iterable[str]) -> bool:
    return any(_same_word(term, other) for other in words)


def polarity_agrees(claim: str, span: str, claim_terms: frozenset[str]) -> bool:
    """Whether the span says, as the claim does, that each thing happened or did not:

    * every negation of the claim is matched by a negation of the span that reaches a
      word it reaches ("no charges are expected" / "will not face charges"; "did not
      find that ..." / "found no evidence that ...");
    * no negation of the span denies what the claim asserts: its first word and, when it
      reaches more, another of its words are words of the claim that no negation of the
      claim reaches ("after consulting officials of both parties" / "did not consult
      any political parties"; but not "the stores are owned by ..." / "are not owned by
      churchgoers")."""
    wanted, found = negations(claim), negations(span)
    for negation in wanted:
        if not any(_meets(term, other.words) for term in negation.words for other in found):
            return False
    denied_in_claim = [term for negation in wanted for term in negation.words]
    for negation in found:
        head, rest = negation.reach[0], negation.reach[1:]
        if not _meets(head, claim_terms) or _meets(head, denied_in_claim):
            continue
        if not rest or any(_meets(term, claim_terms) for term in rest):
            return False
    return True


def denies(text: str) -> bool:
    """Whether ``text`` says that something is not true or not right ("this isn't quite
    right", "that is not the case"): a span that denies what it reports."""
    return bool(_DENIAL.search(text))


def phrasal(words: list[str], index: int) -> bool:
    """Whether the verb at ``words[index]`` takes a particle ("pressed ahead", "turned
    down"): the senses of the bare verb are not what it says."""
    return (
        index + 1 < len(words) and words[index + 1] in _PARTICLES and bool(base_forms(words[index]))
    )


def clauses_of(text: str) -> list[str]:
    """The clauses of ``text`` (see ``_CLAUSE_BREAK``); a sentence that opens with a
    subordinate clause ("Given that ..., X asked ...") is also cut at its first comma."""
    found = []
    # a summary item may hold two sentences ("... for 'hope.' At this time, she plans to
    # keep the gem."): the second is a clause of its own, never read as the first's
    for piece in _QUOTE_STOP.split(text):
        opening = _OPENING_CLAUSE.match(piece)
        if opening:
            found += [opening.group(1), *_CLAUSE_BREAK.split(piece[opening.end() :])]
        else:
            found += _CLAUSE_BREAK.split(piece)
    return found


# "and" that closes a list of three or more ("a, b and c", "a, b, and c"): a span may give
# a long list in part.
_LIST_BEFORE = re.compile(r",\s*[^,;:]{1,40},?\s*$")
_AND = re.compile(r"\band\b")
_JOIN_TOKEN = re.compile(r"[\w'’-]+")
# Skipped after "and" to reach the word the second part is about; "whether" opens a
# clause ("any link and whether it is ..."), it is not a thing of its own.
_JOIN_SKIPPED = _words(
    "the a an his her its their our my your this that these those he she it they we i you "
    "to of in on at for by with from whether"
)


def joined_words(text: str) -> tuple[str, ...]:
    """The words on either side of each "and" that joins two things (lower case): the
    word before it and the first word after it past determiners, pronouns and
    prepositions ("fell off its donkey **statue** and **broke** her back").  Not a word
    in "-ly" (a manner, a qualifier a span may leave out), a word with a digit (figures
    are checked apart), nor the sides of an "and" that closes a list of three or more."""
    lowered = text.lower()
    found: list[str] = []
    for match in _AND.finditer(lowered):
        before = lowered[: match.start()]
        if _LIST_BEFORE.search(before) and not re.search(r"[;:]", before[-40:]):
            continue  # the last item of a list
        left = _JOIN_TOKEN.findall(before)[-1:]
        after = [w for w in _JOIN_TOKEN.findall(lowered[match.end() : match.end() + 80])]
        right = next((w for w in after if w not in _JOIN_SKIPPED), None)
        for word in (*left, *([right] if right else [])):
            if word.endswith("ly") or any(ch.isdigit() for ch in word) or not terms(word):
                continue
            found.append(word)
    return tuple(found)
