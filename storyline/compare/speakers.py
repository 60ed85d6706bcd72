"""Who is speaking: read the attribution next to a quote.

Works on the words of a window (the text between a quote and the sentence
edge or the next quote) and returns the speaker phrase as written, with its
kind: ``name`` ("Mayor Dana Whitfield" -> "Dana Whitfield"), ``pronoun``
("she"), or ``description`` ("the spokesman for the minister").  Resolving
pronouns and descriptions to names is done by :mod:`storyline.compare.quotes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.compare.clause_starts import (
    after_town,
    intro_phrase_end,
    is_name_token,
    opens_no_name,
    past_introductions,
)
from storyline.compare.entities import TITLES, strip_title
from storyline.compare.lexicon import NOT_SPEAKERS, PRONOUNS, SPEECH_VERBS
from storyline.compare.name_lexicon import ORG_WORDS
from storyline.compare.speaker_lexicon import (
    AFTER_INVERTED,
    AFTER_PHRASAL,
    AUXILIARIES,
    CLAIM_NOUNS,
    DASHES,
    DESCRIPTION_STOPS,
    DETERMINERS,
    DOCUMENTS,
    FINITE_VERBS,
    HEADLINE_WORDS,
    INVERTIBLE,
    LINKS,
    MODALS,
    NOT_ADVERBS,
    NOT_HEADS,
    NOT_NAMES,
    NOT_SUBJECT_STARTS,
    OBJECT_LINKS,
    PAST,
    PHRASAL_SPEECH,
    PLURAL_NOUNS,
    POSSESSIVE_PRONOUNS,
    QUANTIFIERS,
    SAY_INFINITIVES,
    TITLE_NOUNS,
)
from storyline.compare.subject_trim import trim_subject
from storyline.text import Token, tokenize

__all__ = [
    "Speaker",
    "claim_owner",
    "clause_subject",
    "is_headline",
    "speaker_after",
    "speaker_before",
    "speaker_in_head",
    "speaker_in_tail",
]

_MAX_SUBJECT_WORDS = 9
_PASSIVE_AUXILIARIES = frozenset({"was", "were", "is", "are", "been", "being", "be"})
_MAX_TAIL_TOKENS = 40
_SKIPPED = frozenset(",'\"’‘“”")


@dataclass(frozen=True)
class Speaker:
    """A speaker phrase found next to a quote; ``start``/``end`` span the whole cue."""

    text: str
    kind: str  # "name", "pronoun" or "description"
    start: int
    end: int


def speaker_in_tail(text: str, start: int, end: int, *, any_verb: bool = False) -> Speaker | None:
    """The attribution after a quote: ", said X", ", X said", ", according to X"."""
    return _checked(_speaker_in_tail(text, start, end, any_verb=any_verb))


def speaker_in_head(text: str, start: int, end: int) -> Speaker | None:
    """The attribution before a quote: "X said:", "X called the plan", "said X, "."""
    return _checked(_speaker_in_head(text, start, end))


def claim_owner(text: str, start: int, end: int) -> Speaker | None:
    """Whose claim a quote reports: "Trump’s claim that there were “...”", "his promise
    to “...”" (the last such phrase before the quote)."""
    tokens = tokenize(text[start:end], start)
    for index in range(len(tokens) - 1, 0, -1):
        noun, owner = tokens[index], tokens[index - 1]
        if noun.lower not in CLAIM_NOUNS or not noun.text.islower():
            continue
        following = [t.lower for t in tokens[index + 1 :]]
        if following and following[0] not in ("that", ":", "to", ","):
            return None  # "Trump’s statement about “...”": the quote is its topic
        if owner.lower in POSSESSIVE_PRONOUNS:
            pronoun = POSSESSIVE_PRONOUNS[owner.lower]
            return Speaker(pronoun, "pronoun", owner.start, noun.end)
        if owner.lower.endswith(("’s", "'s")):
            run = _trailing_name(tokens[:index])
            if run and not opens_no_name(run[0]):
                return _checked(_name(text, run, noun.end))
        return None
    return None


def _is_verb(token: Token) -> bool:
    """A speech verb as written mid-sentence (lower case: "States" is no verb)."""
    return token.text.islower() and token.lower in SPEECH_VERBS


def _issued_document(subject: Speaker, before: list[Token], *, participle: Token) -> bool:
    """ "a statement" that is the object of "released", "issued", "put out" ...; any object
    before a participle ("X unleashed a series of tweets saying ...")."""
    words = subject.text.lower().split()
    if subject.kind != "description":
        return False
    if not (participle.lower.endswith("ing") or (words[-1] in DOCUMENTS and len(words) <= 3)):
        return False
    index = next((k for k, t in enumerate(before) if t.start == subject.start), -1)
    return index > 0 and before[index - 1].text.islower() and before[index - 1].text.isalpha()


def _noun_before(previous: Token, verb: Token) -> bool:
    """Whether ``verb`` is a noun here: "his claims", "early-morning tweets"."""
    if previous.lower in DETERMINERS or previous.lower.endswith(("’s", "'s")):
        return True  # "his claims", "Lee’s charges"
    plural_noun = verb.lower in PLURAL_NOUNS
    return plural_noun and not (previous.is_capitalised or previous.lower in PRONOUNS)


def _checked(speaker: Speaker | None) -> Speaker | None:
    """None for a phrase that names no one: a date, a common noun, a lone determiner."""
    if speaker is None or speaker.kind == "pronoun":
        return speaker
    words = [w.strip(".,’'").lower() for w in speaker.text.split()]
    words = [w for w in words if w]
    if not words or words[-1] in DETERMINERS | DESCRIPTION_STOPS | LINKS:
        return None
    if words[-1] in NOT_SPEAKERS and not (speaker.kind == "name" and words[-1] in TITLE_NOUNS):
        return None
    if speaker.kind == "name" and len(words) == 1 and words[0] in NOT_NAMES:
        return None  # a capitalised first word: "Or, as ...", "Indeed"
    if speaker.kind == "description" and words[0] in NOT_SUBJECT_STARTS:
        return None
    written = speaker.text.split()
    if len(written) > 1 and all(w.isupper() and len(w) > 1 for w in written):
        return None  # a heading in capitals ("SAVE A QUARTER")
    if speaker.kind == "name" and is_headline(written):
        return None
    if speaker.kind == "description" and (_has_verb(words) or not written[-1][-1:].isalnum()):
        return None  # "lot of people didn’t like", "a former", "the tragedy —"
    return speaker


def _has_verb(words: list[str]) -> bool:
    """Whether a description holds a verb, so it is a clause and names no one: "board saw
    Fiorina", "court document filed", "against allowing"."""
    if words[0] in NOT_SUBJECT_STARTS or words[-1] in NOT_HEADS:
        return True
    if any(w in FINITE_VERBS or w.endswith(("n’t", "n't")) for w in words[1:]):
        return True
    if any(w in MODALS or (w in SPEECH_VERBS and w.endswith(PAST)) for w in words[1:]):
        return True  # "the senator emailed supporters", "a reporter can be heard"
    inner = range(2, len(words) - 1)
    if any(words[k] in DETERMINERS and words[k - 1] not in LINKS | OBJECT_LINKS for k in inner):
        return True  # "the actor held a fake audition"
    last = words[-1]
    noun = len(words) > 1 and words[-2] in DETERMINERS  # "the ruling", "the accused"
    return (
        len(last) > 5
        and not noun
        and (last.endswith("ing") or (len(words) > 2 and last.endswith("ed")))
    )


def is_headline(words: list[str]) -> bool:
    """A title-case headline, not a name: "Fox News As Sanders Turns Up"."""
    if len(words) > 6:
        return True
    return any(w.lower() in HEADLINE_WORDS and w[:1].isupper() for w in words[1:])


def _speaker_in_tail(text: str, start: int, end: int, *, any_verb: bool) -> Speaker | None:
    tokens = tokenize(text[start:end], start)
    while tokens and tokens[0].text in _SKIPPED:
        tokens.pop(0)
    words = [t for t in tokens if t.text not in _SKIPPED | DASHES]
    if not words:
        return None
    if tokens[0].text in DASHES:
        run = _leading_name(tokens[1:])  # "“...” ― Ana Ruiz"
        if run and (len(tokens) == len(run) + 1 or not _is_verb(tokens[len(run) + 1])):
            return _name(text, run, run[-1].end, start=tokens[0].start)
        tokens = tokens[1:]
    if _is_verb(words[0]) and words[0].lower.endswith("ing"):
        return None  # ", adding “...”": the subject of the main clause speaks
    if _is_verb(words[0]):
        return speaker_after(text, tokens, tokens.index(words[0]) + 1, cue_start=words[0].start)
    if words[0].lower == "according" and len(words) > 1 and words[1].lower == "to":
        return speaker_after(text, tokens, tokens.index(words[1]) + 1, cue_start=words[0].start)
    return _subject_then_verb(text, tokens, any_verb=any_verb)


def _speaker_in_head(text: str, start: int, end: int) -> Speaker | None:
    """The speaker of the verb right before the quote ("Trump boasted, “...”"), else of the
    first speech verb (the main clause) that has one; verbs inside an introductory phrase
    ("In a message posted Friday, ...") are skipped."""
    tokens = tokenize(text[start:end], start)
    intro_end = intro_phrase_end(tokens)
    verbs = []
    for index, token in enumerate(tokens):
        if index < intro_end:
            continue
        noun = index > 0 and _noun_before(tokens[index - 1], token)
        if (_is_verb(token) and not noun) or _put_it(tokens, index) or _phrasal(tokens, index):
            verbs.append(index)
        elif token.lower == "according" and tokens[index + 1 : index + 2] != []:
            verbs += [index + 1] if tokens[index + 1].lower == "to" else []
    # "..., with Sen. Ana Ruiz calling it a “...”": a named subject of its own participle
    verbs.sort(key=lambda k: not _absolute(tokens, k))
    adjacent = _adjacent_verb(tokens)
    if adjacent in verbs:
        verbs.remove(adjacent)
        verbs.insert(0, adjacent)
    for verb_index in verbs:
        speaker = _checked(_speaker_at_verb(text, tokens, verb_index))
        if speaker is not None:
            return speaker
    return None


def _inverted_name(
    text: str, tokens: list[Token], verb_index: int, *, open_end: bool = True
) -> Speaker | None:
    """The name after the verb of "..., said Ana Ruiz." when it ends the clause; without
    ``open_end`` (the quote follows the tokens) something must close the name."""
    if tokens[verb_index].lower not in INVERTIBLE:
        return None  # "X, who ..., blasted Clinton as ...": Clinton is the object
    rest = tokens[verb_index + 1 :]
    run = _leading_name(rest)
    if not run:
        return None
    after = tokens[tokens.index(run[-1]) + 1 :]
    if not after and not open_end:
        return None  # "X, a former adviser, said Obama “understood ...”": a clause
    if after and not (after[0].text in ".,;:" or after[0].lower in AFTER_INVERTED):
        return None  # "..., said Trump was wrong": a clause, not an attribution
    return _name(text, run, run[-1].end, start=tokens[verb_index].start)


def _absolute(tokens: list[Token], index: int) -> bool:
    """ "with Ana Ruiz telling reporters": a participle after "with" and a name."""
    if not tokens[index].lower.endswith("ing"):
        return False
    run = _trailing_name(tokens[:index])
    first = index - len(run)
    return bool(run) and first > 0 and tokens[first - 1].lower == "with"


def _object_name(tokens: list[Token]) -> bool:
    """Whether the tokens end with a name after a preposition ("... on Facebook"), outside
    a "with" phrase ("with the campaign of the senator from Ohio saying")."""
    run = _trailing_name(tokens)
    first = len(tokens) - len(run)
    objects = (LINKS | OBJECT_LINKS) - {"and", "or", "with", "of"}  # "a clip of X saying"
    absolute = any(t.lower == "with" for t in tokens[max(0, first - 9) : first])
    return bool(run) and first > 0 and tokens[first - 1].lower in objects and not absolute


def _adjacent_verb(tokens: list[Token]) -> int:
    """Index of a speech verb that ends the head ("..., Trump boasted, " / "said that"), or -1."""
    k = len(tokens) - 1
    while k >= 0 and (tokens[k].text in ",:" or tokens[k].lower == "that"):
        k -= 1
    if k >= 1 and _phrasal(tokens, k - 1):
        return k - 1  # "..., as Lee pointed out, "
    return k if k >= 0 and _is_verb(tokens[k]) else -1


def _speaker_at_verb(text: str, tokens: list[Token], verb_index: int) -> Speaker | None:
    verb = tokens[verb_index]
    if verb.lower == "to":  # "according to X, “...”"
        return speaker_after(text, tokens, verb_index + 1, cue_start=tokens[verb_index - 1].start)
    before = tokens[:verb_index]
    if verb.lower == "asked" and before and before[-1].lower in _PASSIVE_AUXILIARIES:
        by = tokens[verb_index + 1 : verb_index + 2]
        if by and by[0].lower == "by":  # "Lee was asked by host Ana Ruiz, “...?”"
            return speaker_after(text, tokens, verb_index + 2, cue_start=verb.start)
        return None  # "Lee was asked, “...?”": the question is put to Lee, not by Lee
    if before and before[-1].lower == "to" and verb.lower not in SAY_INFINITIVES:
        return None  # "Lee wanted to admit ...": a wish, not an attribution
    if verb.lower.endswith("ing") and before and before[-1].text == ",":
        said = _said_before(text, before, cue_end=verb.end)  # "..., Lee said, adding “...”"
        return said or clause_subject(text, before, cue_end=verb.end)  # "X shared it, writing"
    if before and before[-1].lower in ("and", "but", "or"):
        return clause_subject(text, before, cue_end=verb.end)  # "X outlined a plan and vowed"
    if verb.lower.endswith("ing") and _object_name(before):
        return clause_subject(text, before, cue_end=verb.end)  # "X replied on Facebook writing"
    if before and before[-1].text == ",":
        inverted = _inverted_name(text, tokens, verb_index, open_end=False)
        if inverted is not None:
            return inverted  # "..., noted NBC’s Dante Chinni."
    subject = speaker_before(text, before, cue_end=verb.end)
    if subject is not None and _issued_document(subject, before, participle=verb):
        return clause_subject(text, before, cue_end=verb.end)  # "The town issued a statement"
    if subject is None and not any(t.text.isalnum() for t in before):
        if verb.lower.endswith("ing") and verb.lower != "according":
            return None  # "“...,” telling reporters that": an object, not the speaker
        after = verb_index + (2 if _phrasal(tokens, verb_index) else 1)
        return speaker_after(text, tokens, after, cue_start=verb.start)
    if subject is None:
        return clause_subject(text, before, cue_end=verb.end)
    return subject


def _said_before(text: str, before: list[Token], *, cue_end: int) -> Speaker | None:
    """The speaker of "X said" right before the comma of a participle: "The two will meet
    next week, Lee said, adding, “...”" -> Lee (not the sentence's subject)."""
    if len(before) < 3 or not _is_verb(before[-2]) or before[-2].lower.endswith("ing"):
        return None
    clause = before[:-2]
    comma = max((k for k, t in enumerate(clause) if t.text == ","), default=-1)
    if comma < 0:
        return None  # "Lee said, adding": the sentence's own subject, read as before
    return _checked(speaker_before(text, clause[comma + 1 :], cue_end=cue_end))


def clause_subject(text: str, tokens: list[Token], *, cue_end: int) -> Speaker | None:
    """The subject at the start of a clause, after introductory phrases ("At the rally, X")."""
    return _checked(_clause_subject(text, tokens, cue_end=cue_end))


def _clause_subject(text: str, tokens: list[Token], *, cue_end: int) -> Speaker | None:
    rest = past_introductions(text, tokens)
    if not rest:
        return None
    first = rest[0]
    if first.lower in PRONOUNS:
        return Speaker(first.lower, "pronoun", first.start, cue_end)
    appositive = _appositive_name(rest)
    if appositive:
        return _name(text, appositive, cue_end)
    run = _leading_name(rest) if first.lower not in DETERMINERS else []
    if run and run[0] is first and not opens_no_name(first):
        return _name(text, run, cue_end)
    if first.lower not in DETERMINERS | QUANTIFIERS:
        return None
    named = _leading_name(rest[1:])
    if named and named[0] is rest[1]:
        return _name(text, named, cue_end)  # "The Green Alliance", "The New York Times"
    phrase = [first]
    for token in rest[1:6]:
        if token.text in ",;:" or token.lower in AUXILIARIES or _is_verb(token):
            break
        if token.lower in ("who", "which", "whose"):
            break  # "The lawyer who ran three marathons": a relative clause
        if token.text.islower() and token.lower.endswith("ed"):
            break
        if len(phrase) > 1 and _ends_subject(rest, rest.index(token)):
            break  # "The memo now says", "The piece goes on to": the verb ends the subject
        phrase.append(token)
    return _description(text, phrase, cue_end) if len(phrase) > 1 else None


def _ends_subject(tokens: list[Token], index: int) -> bool:
    """Whether a lower-case word after a subject's noun starts its predicate: an adverb
    ("quickly", "now") or a present-tense verb before its object ("shows Lee", "makes
    that", "goes on")."""
    word = tokens[index]
    if not (word.text.isalpha() and word.text.islower()):
        return False
    adverb = word.lower == "now" or word.lower.endswith("ly")  # not "first": "first lady"
    if adverb and word.lower not in NOT_ADVERBS:
        return True
    if len(word.lower) < 4 or not word.lower.endswith("s") or word.lower.endswith(("ss", "us")):
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    objects = DETERMINERS | {"on", "to", "it", "him", "them", "that", "up", "out"}
    return following is not None and (following.lower in objects or following.is_capitalised)


def _appositive_name(tokens: list[Token]) -> list[Token]:
    """ "Kessington's harbourmaster, Orla Fenwick, spent ..." -> "Orla Fenwick"."""
    commas = [k for k, t in enumerate(tokens[:14]) if t.text == ","]
    if len(commas) < 2 or not 1 < commas[0] <= 5:
        return []
    role = tokens[: commas[0]]
    inner = tokens[commas[0] + 1 : commas[1]]
    opener = role[0].lower in DETERMINERS or role[0].lower.endswith(("’s", "'s"))
    if not (opener and role[-1].text.islower() and role[-1].text.isalpha()):
        return []  # "Clinton criticized Tulsa, Okla., ..." is no role and name
    if not 0 < len(inner) <= 5:
        return []
    if all(is_name_token(t) or t.text == "." for t in inner) and is_name_token(inner[0]):
        return inner
    return []


def _subject_then_verb(text: str, tokens: list[Token], *, any_verb: bool) -> Speaker | None:
    """ ", X said": a short subject (an appositive aside) at the start, then a speech verb.

    With ``any_verb`` (the quote ends with a comma, so an attribution follows)
    any verb-like word counts: "“...,” an angry Hollande retaliated."
    """
    depth = 0
    window = tokens[:_MAX_TAIL_TOKENS]
    for index, token in enumerate(window):
        depth += (token.text == "(") - (token.text == ")")
        if token.text in ".!?;" and depth <= 0 and not _abbreviation_dot(tokens, index):
            window = window[:index]
            break
    verbs = [
        k
        for k, t in enumerate(window)
        if (_is_verb(t) or _put_it(window, k) or _phrasal(window, k))
        and not (k > 0 and window[k - 1].text == "(")  # "(read: ...)" is an aside
        and not (k > 0 and window[k - 1].lower == "to" and t.lower not in SAY_INFINITIVES)
    ]  # "a statement to read": an infinitive attributes nothing
    if any_verb:  # a verb-like word before the first comma ("an angry Hollande retaliated")
        comma = next((k for k, t in enumerate(window) if t.text == ","), len(window))
        verb_like = [
            k
            for k, t in enumerate(window[:comma])
            if _verb_like(t) and not (k > 0 and window[k - 1].lower in DETERMINERS)
        ]  # "the bespectacled, ... diplomat": an adjective after an article
        # "federal prosecutors wrote": a plural noun right before a speech verb is its subject
        verbs = sorted({*verbs, *(k for k in verb_like if k + 1 not in verbs)})
    commas = [k for k, t in enumerate(window) if t.text == ","]
    if commas and any(k > commas[-1] for k in verbs):  # "X, one of the states suing, said"
        verbs = [k for k in verbs if not commas[0] < k < commas[-1]]
    for index in verbs:
        token = window[index]
        if index > 0 and window[index - 1].text == ",":
            inverted = _checked(_inverted_name(text, window, index))
            if inverted is not None:
                return inverted  # "“...” for the party, said Ana Ruiz, its founder."
        if index > 0:
            subject = [
                t
                for t in _without_parentheses(tokens[:index])
                if not (t.text.endswith("ly") and t.text.islower())
            ]
            short = _without_aside(subject)
            if not _plausible_subject(short):
                return None
            return speaker_before(text, short, cue_end=token.end)
    return None


def _without_parentheses(tokens: list[Token]) -> list[Token]:
    """ "Rep. Ann Lee (D-Md.)" -> "Rep. Ann Lee"."""
    kept: list[Token] = []
    depth = 0
    for token in tokens:
        depth += token.text == "("
        if depth == 0:
            kept.append(token)
        depth -= token.text == ")" and depth > 0
    return kept


def _put_it(tokens: list[Token], index: int) -> bool:
    """ "as X put it" / "puts it": the idiom attributes the words before or after it."""
    following = tokens[index + 1 : index + 2]
    verb = tokens[index].lower in ("put", "puts")
    return verb and bool(following) and following[0].lower == "it"


def _phrasal(tokens: list[Token], index: int) -> bool:
    """ "shot back", "went on", "pointed out": a verb whose particle makes it a speech verb."""
    following = tokens[index + 1 : index + 3]
    if not following or not tokens[index].text.islower():
        return False
    if (tokens[index].lower, following[0].lower) not in PHRASAL_SPEECH:
        return False
    after = following[1] if len(following) > 1 else None  # "went on to win" is no speech
    return after is None or not after.text.isalnum() or after.lower in AFTER_PHRASAL


def _verb_like(token: Token) -> bool:
    word = token.text
    return word.isalpha() and word.islower() and len(word) > 3 and word.endswith(("ed", "s"))


def _without_aside(tokens: list[Token]) -> list[Token]:
    """ "Lee, a former adviser in the Obama White House," -> "Lee"; "the minister, Clara
    Jensen," -> "Clara Jensen"."""
    commas = [k for k, t in enumerate(tokens) if t.text == ","]
    if len(commas) >= 2:
        inner = tokens[commas[0] + 1 : commas[-1]]
        names = inner and all(is_name_token(t) or t.text == "." for t in inner)
        if len(commas) == 2 and names and not after_town(tokens, commas[0]):
            return inner + tokens[commas[-1] + 1 :]
        return tokens[: commas[0]] + tokens[commas[-1] + 1 :]
    return tokens


def _abbreviation_dot(tokens: list[Token], index: int) -> bool:
    """A period after "Ms", "Sen" or an initial, which ends no sentence."""
    if tokens[index].text != "." or index == 0:
        return False
    before = tokens[index - 1].text
    plain = before.replace("-", "").replace(".", "")
    return before[:1].isupper() and len(before) <= 5 and plain.isalpha()


def _plausible_subject(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.text not in ",."]
    if not words or len(words) > _MAX_SUBJECT_WORDS or sum(t.text == "," for t in tokens) > 1:
        return False
    first = words[0]
    if first.lower in PRONOUNS | DETERMINERS or first.is_capitalised:
        return True
    if len(words) == 1 and first.text.isalpha():
        return first.lower.endswith("s") or first.lower in ("police", "staff")  # "officials said"
    if len(words) <= 3 and all(t.text.isalpha() and t.text.islower() for t in words):
        return words[-1].lower.endswith("s")  # "federal prosecutors wrote"
    # "port director Helena Sousa", "former presidential candidate Ivo Lund"
    return any(t.is_capitalised for t in words[1:4])


def speaker_before(text: str, tokens: list[Token], *, cue_end: int) -> Speaker | None:
    """The subject that ends just before a speech verb (``tokens`` end before the verb)."""
    tokens = trim_subject(tokens)
    if not tokens:
        return None
    last = tokens[-1]
    if last.lower in PRONOUNS:
        return Speaker(last.lower, "pronoun", last.start, cue_end)
    run = _trailing_name(tokens)
    if run:
        first_index = len(tokens) - len(run)
        link = tokens[first_index - 1].lower if first_index > 0 else ""
        if link in LINKS:
            described = _trailing_description(tokens)
            if described:
                return _description(text, described, cue_end)
        if len(run) == 1 and first_index == 0 and run[0].text.lower().endswith("s"):
            return _description(text, run, cue_end)  # "Protesters chanted", "Critics said"
        return _name(text, run, cue_end)
    described = _trailing_description(tokens)
    if described:
        return _description(text, described, cue_end)
    return None


def speaker_after(text: str, tokens: list[Token], index: int, *, cue_start: int) -> Speaker | None:
    """The speaker that follows a speech verb: "said Mayor X", "said the spokesman for Y"."""
    rest = [t for t in tokens[index:]]
    if not rest:
        return None
    first = rest[0]
    if first.lower in PRONOUNS:
        verb = tokens[index - 1].lower if index > 0 else ""
        if verb not in INVERTIBLE and verb != "to":
            return None  # "calling it a “no-brainer”", "put it": the pronoun is an object
        return Speaker(first.lower, "pronoun", cue_start, first.end)
    run = _leading_name(rest)
    if run:
        return _name(text, run, run[-1].end, start=cue_start)
    phrase: list[Token] = []
    for k, token in enumerate(rest):
        if _dot_inside(rest, k) and phrase:
            phrase.append(token)  # "a former U.S. law enforcement official"
            continue
        if token.text in ",.;:!?" or token.lower in DESCRIPTION_STOPS:
            if token.text == "," and k + 1 < len(rest):
                appositive = _leading_name(rest[k + 1 :])
                if appositive and phrase and not _starts_clause(rest, appositive[-1]):
                    # "said her husband, Peter Cole" (not "according to X, Peter Cole said")
                    return _name(text, appositive, appositive[-1].end, start=cue_start)
            break
        after_link = phrase and phrase[-1].lower in LINKS | DETERMINERS
        if token.is_capitalised and phrase and not after_link and not _modifier(rest, k):
            break
        phrase.append(token)
        if len(phrase) > 7:
            return None
    if len(phrase) > 2 and phrase[-1].text.islower() and phrase[-1].lower.endswith("ed"):
        phrase.pop()  # "one Republican involved (in ...)": a participle after the noun
    if phrase and not phrase[0].is_capitalised:
        return _description(text, phrase, phrase[-1].end, start=cue_start)
    return None


def _starts_clause(tokens: list[Token], last: Token) -> bool:
    """Whether a verb follows the name run ending with ``last``: a new clause's subject."""
    index = tokens.index(last)
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None:
        return False
    return _is_verb(following) or following.lower in AUXILIARIES | FINITE_VERBS


def _dot_inside(tokens: list[Token], index: int) -> bool:
    """A period after an initialism that a lower-case word follows: no sentence end."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        following is not None
        and following.text.islower()
        and _abbreviation_dot(tokens, index)
        and "." in tokens[index - 1].text
    )


def _modifier(tokens: list[Token], index: int) -> bool:
    """Whether the capitalised run at ``index`` modifies a role noun after it: "one former
    GOP leadership aide", "a senior State Department official"."""
    k = index
    while k < len(tokens) and k - index < 4 and (is_name_token(tokens[k]) or tokens[k].text == "."):
        k += 1  # "a former U.S. law enforcement official"
    if k == len(tokens) or not (tokens[k].text.isalpha() and tokens[k].text.islower()):
        return False
    noun = tokens[k]
    return noun.lower not in DESCRIPTION_STOPS | LINKS | AUXILIARIES and not _is_verb(noun)


def _trailing_name(tokens: list[Token]) -> list[Token]:
    run: list[Token] = []
    for token in reversed(tokens):
        if (
            is_name_token(token)
            or token.text == "."
            or (token.lower in ("of", "de", "van", "von") and run)
        ):
            run.insert(0, token)
        else:
            break
    while run and (not is_name_token(run[0]) or opens_no_name(run[0])):
        run.pop(0)
    return run


def _leading_name(tokens: list[Token]) -> list[Token]:
    """Name run at the start, after optional lower-case role words ("forecaster Ines Morales")."""
    k = 0
    while k < min(3, len(tokens)) and tokens[k].text.islower() and tokens[k].text.isalpha():
        if tokens[k].lower in DETERMINERS | DESCRIPTION_STOPS | LINKS:
            return []
        k += 1
    run: list[Token] = []
    for token in tokens[k:]:
        if (
            is_name_token(token)
            or (token.text == "." and run)
            or (token.lower in ("of", "de", "van", "von") and run)
        ):
            run.append(token)
        else:
            break
    while run and not is_name_token(run[-1]):
        run.pop()
    after = tokens[k + len(run) :]
    owner = next((j for j, t in enumerate(run[:-1]) if t.lower.endswith(("’s", "'s"))), -1)
    if owner >= 0:
        return run[owner + 1 :]  # "NBC’s Dante Chinni" -> "Dante Chinni"
    roles = 0
    while (
        roles < min(3, len(after)) and after[roles].text.isalpha() and after[roles].text.islower()
    ):
        roles += 1
    if run and 0 < roles < len(after) and any(t.lower in TITLES for t in after[:roles]):
        person = _leading_name(after)  # "FSWU general secretary Tobias Wren"
        if person:
            return person
    return run


def _between_adjectives(tokens: list[Token], comma: int) -> bool:
    """ "the bespectacled, 71-year-old diplomat": a comma between two lower-case modifiers."""
    if comma == 0 or comma + 2 >= len(tokens) or tokens[comma].text != ",":
        return False
    return tokens[comma - 1].text.islower() and tokens[comma + 1].text.islower()


def _trailing_description(tokens: list[Token]) -> list[Token]:
    """ "... a figure the finance ministry" -> "the finance ministry"; "officials" alone."""
    window = tokens[-6:]
    for k in range(len(window) - 1, -1, -1):
        if window[k].text in ",;:" and not _between_adjectives(window, k):
            window = window[k + 1 :]
            break
    for k in range(len(window) - 1, -1, -1):
        word = window[k].lower
        owner = word.endswith(("’s", "'s")) and k < len(window) - 1  # "Ryan’s office"
        if word in DETERMINERS | QUANTIFIERS or owner:
            if k > 0 and window[k - 1].lower in LINKS:
                continue  # "the spokesman for the minister": keep looking left
            return window[k:]
    last = window[-1] if window else None
    if last is not None and last.text.isalpha() and last.text.lower().endswith("s"):
        return [last]
    return []


def _name(text: str, run: list[Token], cue_end: int, *, start: int | None = None) -> Speaker:
    words = [
        token.text + "." if _initial_before_dot(run, k) else token.text
        for k, token in enumerate(run)
        if token.text != "."
    ]
    owner = next((k for k, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))), -1)
    words = words[owner + 1 :]  # "the Herald’s Ada Quill" -> "Ada Quill"
    _, name = strip_title(words)
    name = _without_home(name)
    speaker = " ".join(name) if name else " ".join(words)
    for suffix in ("’s", "'s"):
        speaker = speaker.removesuffix(suffix)
    begin = run[0].start if start is None else start
    return Speaker(speaker, "name", min(begin, cue_end), max(begin, cue_end))


def _without_home(words: list[str]) -> list[str]:
    """ "Charles B. Rangel of New York" -> "Charles B. Rangel" (not "Bank of America")."""
    if "of" not in words:
        return words
    cut = words.index("of")
    if cut >= 2 and words[cut - 1].lower() not in ORG_WORDS:
        return words[:cut]
    return words


def _initial_before_dot(run: list[Token], index: int) -> bool:
    """ "E" or "G.K" followed by its period: an initial, written "E." in the name."""
    word = run[index].text
    follows = index + 1 < len(run) and run[index + 1].text == "."
    return follows and (len(word) <= 2 or "." in word or word in ("Jr", "Sr"))


def _description(
    text: str, tokens: list[Token], cue_end: int, *, start: int | None = None
) -> Speaker:
    phrase = text[tokens[0].start : tokens[-1].end]
    begin = tokens[0].start if start is None else start
    return Speaker(phrase, "description", min(begin, cue_end), max(begin, cue_end))
