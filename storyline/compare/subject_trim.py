"""Where a speaker phrase ends: the words between a subject and its speech verb.

"Ana Ruiz, 59, of Ashton, Md., on Tuesday was prompted to" -> "Ana Ruiz": auxiliaries,
adverbs, verb chains before an infinitive, time phrases, appositives, ages and home towns
are cut from the end of the tokens before a verb (used by :mod:`storyline.compare.speakers`).
"""

from __future__ import annotations

from storyline.compare.clause_starts import after_town, is_name_token
from storyline.compare.lexicon import TIME_WORDS
from storyline.compare.speaker_lexicon import (
    AUXILIARIES,
    CHAIN_ENDS,
    CHAIN_WORDS,
    NOT_ADVERBS,
    SUBJECT_ADVERBS,
    TIME_LINKS,
)
from storyline.text import Token

__all__ = ["trim_subject"]


def trim_subject(tokens: list[Token]) -> list[Token]:
    """Drop auxiliaries and adverbs before the verb, appositives and ", who"."""
    tokens = list(tokens)
    while tokens:
        last = tokens[-1]
        if last.text == ")" and any(t.text == "(" for t in tokens):
            opening = max(k for k, t in enumerate(tokens) if t.text == "(")
            tokens = tokens[:opening]  # "John Kasich (R-Ohio)"
        elif last.lower in TIME_WORDS or last.text.isdigit():
            tokens = _drop_time_phrase(tokens)
        elif last.lower in CHAIN_ENDS and len(_drop_verb_chain(tokens)) < len(tokens):
            tokens = _drop_verb_chain(tokens)
        elif last.lower in AUXILIARIES | SUBJECT_ADVERBS or (
            last.lower.endswith("ly") and last.text.islower() and last.lower not in NOT_ADVERBS
        ):
            tokens.pop()
        elif last.lower in ("who", "which") and len(tokens) > 1 and tokens[-2].text == ",":
            tokens = tokens[:-2]
        elif last.text == ",":
            tokens = _drop_appositive(tokens[:-1])
        else:
            break
    return _drop_origin(tokens)


def _drop_verb_chain(tokens: list[Token]) -> list[Token]:
    """ "Lee was prompted to" -> "Lee"; "the memo goes on to" -> "the memo": the words
    between a subject and its infinitive (or "can be heard") are no part of the subject."""
    k = len(tokens)
    while k > 1 and len(tokens) - k < 5:
        word = tokens[k - 1]
        chain = word.lower in CHAIN_WORDS | AUXILIARIES or word.lower.endswith("ed")
        if not (chain and word.text.islower() and word.text.isalpha()):
            break
        k -= 1
    if len(tokens) - k < 2:
        return tokens  # "allow companies to": an object, not a subject, before "to"
    return tokens[:k]


def _drop_time_phrase(tokens: list[Token]) -> list[Token]:
    """ "The party on Tuesday" -> "The party"; "Smith last week" -> "Smith"."""
    k = len(tokens)
    while k > 0 and (tokens[k - 1].lower in TIME_WORDS or tokens[k - 1].text.isdigit()):
        k -= 1
    while k > 0 and (tokens[k - 1].lower in TIME_LINKS or tokens[k - 1].text == ","):
        k -= 1
    return tokens[:k]


def _drop_origin(tokens: list[Token]) -> list[Token]:
    """ "Ana Ruiz, 59, of Ashton, Md." -> "Ana Ruiz": an age and a home town are no speaker."""
    segments: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == ",":
            segments.append([])
        else:
            segments[-1].append(token)
    dropped = 0
    while len(segments) - dropped > 1:
        last = segments[len(segments) - 1 - dropped]
        before = segments[len(segments) - 2 - dropped]
        if last and (last[0].text.isdigit() or _origin(last)):
            dropped += 1
        elif (
            last
            and len(last) <= 4
            and len(segments) - dropped > 2  # "Of Lee, Ana Ruiz": an opening, no home town
            and _origin(before)
            and all(is_name_token(t) or t.text == "." for t in last)
        ):
            dropped += 1  # the state after the town
        else:
            break
    if not dropped:
        return tokens
    commas = [k for k, t in enumerate(tokens) if t.text == ","]
    return tokens[: commas[len(commas) - dropped]]


def _origin(segment: list[Token]) -> bool:
    return len(segment) > 1 and segment[0].lower in ("of", "from") and segment[1].is_capitalised


def _drop_appositive(tokens: list[Token]) -> list[Token]:
    """ "X, the county coroner," -> "X"; "The minister, Clara Jensen," -> "Clara Jensen"."""
    if tokens and tokens[-1].text == ")" and any(t.text == "(" for t in tokens):
        tokens = tokens[: max(k for k, t in enumerate(tokens) if t.text == "(")]  # "(D-Md.),"
    tokens = _drop_origin(tokens)
    relative = next(
        (k for k, t in enumerate(tokens[1:-1], 1) if t.text == "," and _relative(tokens[k + 1])),
        0,
    )
    if relative:
        return tokens[:relative]  # "Lee, whose town, Lindale, is sinking," -> "Lee"
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].text == ",":
            inner = tokens[k + 1 :]
            if after_town(tokens, k):  # "of Elm Grove, Wisconsin,": the aside goes on
                return (
                    _drop_appositive(tokens[:k])
                    if "," in (t.text for t in tokens[:k])
                    else tokens[:k]
                )
            if inner and all(is_name_token(t) or t.text == "." for t in inner):
                return inner  # "The minister, Clara Jensen," (not "Lee, Mr. Obama's adviser,")
            return tokens[:k]
    return tokens


def _relative(token: Token) -> bool:
    return token.lower in ("who", "whose", "which") and token.text.islower()
