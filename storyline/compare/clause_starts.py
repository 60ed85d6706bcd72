"""Where a clause starts: past a dateline, introductory phrases and a town's region, and
which capitalised words are parts of a name (used by :mod:`storyline.compare.speakers`)."""

from __future__ import annotations

import re

from storyline.compare.lexicon import PRONOUNS, SPEECH_VERBS, TIME_WORDS
from storyline.compare.speaker_lexicon import (
    CONJUNCTIONS,
    DASHES,
    DETERMINERS,
    ING_OPENERS,
    INTRO_PHRASE_STARTS,
    INTRODUCTIONS,
    NOT_NAMES,
    NOT_SUBJECT_STARTS,
    NUMBER_WORDS,
    PLACE_LINKS,
    QUANTIFIERS,
)
from storyline.text import Token

__all__ = [
    "after_town",
    "intro_phrase_end",
    "is_name_token",
    "opens_no_name",
    "opens_subordinate",
    "participle",
    "past_dateline",
    "past_introductions",
    "past_region",
]

_CONTRACTION = re.compile(r"[’'](?:s|ll|d|re|ve)$")
_PARTY_TAG = re.compile(r"^[A-Z]-[A-Z]")  # "R-Ky.", "D-N.C." (party and state, not a name)


def intro_phrase_end(tokens: list[Token]) -> int:
    """Index of the comma that closes an opening prepositional or subordinate phrase, or 0."""
    if not tokens or tokens[0].lower not in INTRO_PHRASE_STARTS:
        return 0
    comma = next((k for k, t in enumerate(tokens) if t.text == ","), 0)
    while comma and opens_subordinate(tokens[comma + 1 : comma + 3]):
        # "Following the blast, but before officials had weighed in, Lee said"
        following = next((k for k, t in enumerate(tokens) if t.text == "," and k > comma), 0)
        if not following:
            break
        comma = following
    main_clause = any(t.text.isalnum() for t in tokens[comma + 1 :])
    return (
        comma if main_clause else 0
    )  # "When X noted ..., Trump boasted, “...”": no main clause yet


def opens_subordinate(tokens: list[Token]) -> bool:
    """Whether a segment opens another introductory phrase: "before ...", "but before ..."."""
    words = [t.lower for t in tokens]
    if words[:1] and words[0] in ("but", "and", "or"):
        words = words[1:]
    return bool(words) and words[0] in INTRO_PHRASE_STARTS


def past_introductions(text: str, tokens: list[Token]) -> list[Token]:
    """The clause after a dateline and up to three introductory phrases ("At the rally, X")."""
    rest = past_dateline(text, tokens)
    for _ in range(3):
        while rest and (rest[0].lower in CONJUNCTIONS or rest[0].text == ","):
            rest = rest[1:]  # "And Willsie said ..."
        opening = rest[0] if rest else None
        if opening is not None and (
            opening.lower in INTRODUCTIONS | TIME_WORDS
            or (
                opening.is_capitalised
                and opening.lower not in DETERMINERS | QUANTIFIERS
                and (opens_no_name(opening) or participle(rest))
            )
        ):
            commas = [k for k, t in enumerate(rest) if t.text == ","]
            if not commas:
                return []
            named = is_name_token(rest[commas[0] - 1]) if commas[0] > 0 else False
            rest = past_region(rest, commas[0])
            if named:
                rest = _past_appositive(rest)
    return rest


def _past_appositive(tokens: list[Token]) -> list[Token]:
    """ "Preceded by Ana Ruiz, the county sheriff, Lee said" -> "Lee said": the role after the
    opening phrase's name describes that name (a short phrase with no verb, then a comma)."""
    if not tokens or tokens[0].lower not in DETERMINERS:
        return tokens
    for k, token in enumerate(tokens[1:9], 1):
        if token.text == ",":
            return tokens[k + 1 :] if k + 1 < len(tokens) else tokens
        if not token.text.replace("-", "").isalpha() or token.lower in SPEECH_VERBS:
            return tokens
    return tokens


def past_region(tokens: list[Token], comma: int) -> list[Token]:
    """The tokens after ``comma``, and after a region that follows a town ("in Ames, Iowa,
    Lee said" -> "Lee said"): a short name run between two commas after a name."""
    rest = tokens[comma + 1 :]
    if not after_town(tokens, comma):
        return rest
    run = 0
    while run < min(3, len(rest)) and (is_name_token(rest[run]) or rest[run].text == "."):
        run += 1
    if 0 < run < len(rest) and rest[run].text == ",":
        return rest[run + 1 :]
    return rest


def after_town(tokens: list[Token], comma: int) -> bool:
    """Whether ``comma`` follows a place after "in", "at", "of" ... ("in Salem," "of Elm
    Grove,"), so a name run after it is the town's region, not a person."""
    k = comma
    while k > 0 and comma - k < 4 and (is_name_token(tokens[k - 1]) or tokens[k - 1].text == "."):
        k -= 1
    if k == comma or k == 0 or tokens[comma - 1].lower in TIME_WORDS:
        return False
    return tokens[k - 1].lower in PLACE_LINKS


def past_dateline(text: str, tokens: list[Token]) -> list[Token]:
    """ "PORTLAND, May 3 (Wire) — The council said": a place in capitals that opens a
    paragraph, then a dash, is no subject; without its dash nothing after it is one."""
    if _agency_dateline(text, tokens):
        return tokens[5:]  # "Lisbon (AFP) – The council said"
    if len(tokens) < 2 or not (tokens[0].text.isupper() and tokens[0].text.isalpha()):
        return tokens
    line_start = text.rfind("\n", 0, tokens[0].start) + 1
    if text[line_start : tokens[0].start].strip() or tokens[1].text not in {",", "(", *DASHES}:
        return tokens
    dash = next((k for k, t in enumerate(tokens[:15]) if t.text in DASHES), -1)
    return tokens[dash + 1 :] if dash >= 0 else []


def _agency_dateline(text: str, tokens: list[Token]) -> bool:
    """ "Lisbon (AFP) – ...": a place, a news agency in capitals and a dash open a paragraph."""
    if len(tokens) < 6 or not is_name_token(tokens[0]) or tokens[4].text not in DASHES:
        return False
    agency = tokens[1].text == "(" and tokens[2].text.isupper() and tokens[3].text == ")"
    return agency and not text[text.rfind("\n", 0, tokens[0].start) + 1 : tokens[0].start].strip()


def participle(tokens: list[Token]) -> bool:
    """ "Citing reports, ...", "Preceded by ...": a sentence that opens with a participle."""
    word = tokens[0].lower
    following = tokens[1] if len(tokens) > 1 else None
    if len(word) <= 5 or not word.endswith(("ing", "ed")) or following is None:
        return False
    return following.text.islower() and following.text.isalpha()


def is_name_token(token: Token) -> bool:
    """A capitalised word of a name: "Lee", "O’Neill", "Ki-moon", "G.K" (not "R-Ky")."""
    plain = token.text.replace("’", "").replace("'", "").replace("-", "").replace(".", "")
    if not (token.is_capitalised and plain.isalpha()) or token.lower in PRONOUNS:
        return False
    if _CONTRACTION.sub("", token.lower) in PRONOUNS | {"that", "there"}:
        return False  # "It’s become ...", "She’ll", "That’s": a pronoun and its verb
    return not _PARTY_TAG.match(token.text)


def opens_no_name(token: Token) -> bool:
    """A capitalised word at the start of a run that is no part of a name: "When", "To",
    "Twenty-two", "Lamenting"."""
    word = token.lower
    if word in NOT_NAMES | INTRODUCTIONS | CONJUNCTIONS | DETERMINERS | NOT_SUBJECT_STARTS:
        return True
    if word.split("-")[0] in NUMBER_WORDS:
        return True
    return word.endswith("ing") and word in SPEECH_VERBS | ING_OPENERS
