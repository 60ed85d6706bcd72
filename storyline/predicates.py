"""What a clause says happened: its predicates, and the deadlines of a claim.

The attribution rule (:mod:`storyline.attribution`) credits an article with a
claim only when a span carries what each clause of the claim says *happened*,
not just who and where: "Hasan tackled the bomber" is not stated by a span
that says Hasan was late for school, though the two share the names, the
place and the day.  English has no marked verbs, so this module reads them
by cheap, explicit cues instead of a parser:

* the word after an auxiliary or modal ("has **offered**", "could be
  **considerable**", "will be humanely **euthanized**"), adverbs skipped;
* a past form: a word in ``-ed`` or a common irregular past ("**went** viral",
  "**tackled** the bomber");
* the word after a relative pronoun ("the officer who **fired**").

Reporting verbs ("said", "announced") only say who reported a claim and are
never predicates.  A predicate is carried by a span that has the word in any
light inflection or derivation ("selected" / "selection", "announced" /
"announcement", "euthanized" / "euthanize"): :func:`carried`.

A deadline ("by June 20", "until Friday", "before the end of March") belongs
to the claim like a figure: :func:`deadlines` reads them, and the span must
state the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from storyline.claim_forms import compound_parts
from storyline.compare.lexicon import ROLE_NOUNS
from storyline.compare.name_lexicon import TITLES
from storyline.text import terms
from storyline.verbs import base_forms, related_in

__all__ = [
    "aims",
    "carried",
    "count_words",
    "deadlines",
    "descriptive",
    "predicates",
    "purposes",
    "speaker",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_AUXILIARIES = _words(
    "is are was were be been am has have had will would can could may might "
    "shall should must do does did"
)
# Words between an auxiliary and its verb ("has long been", "will not be", "was also
# humanely euthanized"): skipped when looking for the verb.
_BETWEEN = _words(
    "not never also still already just now reportedly allegedly long then later recently "
    "soon again yet even only all both each further previously currently initially first "
    "finally officially formally apparently likely unlikely expected set going about n't "
    "to"
)
_RELATIVE = frozenset({"who", "which", "that"})
_ARTICLES = _words("a an the")
# Where a noun phrase ends: a preposition, a conjunction, a relative pronoun, "to".
_PHRASE_ENDS = _words("of to in on at for with by from that which who and or but as than")
_PHRASE_WORDS = 5
_HAVE = frozenset({"has", "have", "had"})
_COPULAS = _words("is are was were be been am")
_PLACE_WORDS = _words("in at on under within among inside outside behind")
_PRONOUNS = _words("he she it that there who what")
# Verbs that name what was said ("called the closure 'reckless'"): reporting when the
# clause quotes someone, events otherwise ("called off the search").
_NAMING = _words("called calls described describes termed")
_QUOTE_MARKS = ('"', "“", "”")
_ING_MIN = 5  # "selecting", not "king"
_ASIDE_WORDS = _words("as by in with to from for at on after during")
# After these a past form is a participle ("being dragged", "the injured"), not the verb.
_NON_FINITE = _words("the a an being having most more less least very")
# Verbs whose meaning is in the word after them: "went viral", "took a job", "made history".
_LIGHT = _words("go make take give get have do come put set hold keep")
# Verbs that say someone means to do something: "agreed to probe" is stated by "will
# investigate".  Not "refused", "failed" or "denied": the deed did not happen.
_INTENT = _words(
    "agree decide vow plan promise pledge aim seek intend move attempt try expect hope"
)
# Common irregular past forms: "went viral", "took office", "fell", "won".
_IRREGULAR_PAST = _words(
    "arose awoke beat became began bent bet bid bit bled blew broke brought built burned "
    "burnt burst bought caught chose clung came cost crept cut dealt dug dove drew dreamt "
    "drank drove ate fell fed felt fought found fled flew forbade forgot forgave froze got "
    "gave went ground grew hung heard hid hit held hurt kept knelt knew laid led leapt left "
    "lent let lay lit lost made meant met paid proved quit ran rang rose sought sold sent "
    "set shook shed shone shot showed shrank shut sang sank sat slept slid spoke sped spent "
    "spun spat split spread sprang stood stole stuck stung struck swore swept swam swung "
    "took taught tore thought threw understood upheld woke wore wove wept won wound wrote "
    "withdrew"
)
# Verbs that only say who reported a claim: a span may leave them out.
_REPORTING = _words(
    "said says say told tells tell announced announces reported reports added adds wrote "
    "writes stated states noted notes according confirmed confirms explained explains "
    "claimed claims asserted argued argues insisted insists acknowledged admitted "
    "emailed tweeted posted"
)
# Past forms in "-ed" that are rarely verbs of a claim: kinds and places, not events.
_NOT_PREDICATES = _words(
    "united red bed need needed based related supposed so-called alleged armed "
    "self-described detailed limited hundred"
)
# Suffixes a variant of a predicate may carry: inflection and the common nominalisations
# ("announcement", "selection", "approval", "arrival", "failure", "refusal").
_SUFFIXES = (
    "ations",
    "ation",
    "itions",
    "ition",
    "ions",
    "ion",
    "ments",
    "ment",
    "ances",
    "ance",
    "ences",
    "ence",
    "ures",
    "ure",
    "als",
    "al",
    "ers",
    "er",
    "ing",
    "ed",
    "es",
    "e",
    "s",
    "y",
)
_ROOT_MIN = 4  # shortest root two variants may share ("hand", "sign", "kill")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "by June 20", "until Friday", "before the end of March", "no later than Jan. 5, 2020".
_DEADLINE = re.compile(
    r"\b(?:by|until|till|before|no\s+later\s+than|deadline\s+of)\s+(?:the\s+)?"
    r"((?:end|middle|start|beginning)\s+of\s+(?:the\s+)?(?:"
    + _MONTHS
    + r"|\w+)|"
    + _MONTHS
    + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+"
    + _MONTHS
    + r"|"
    + _DAYS
    + r"|"
    + _MONTHS
    + r"(?:\s+\d{4})?|\d{4})\b",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(r"\w+")
# What follows a verb in the simple present ("arrives **at**", "plans **to**", "owns
# **the**"): a plural noun is seldom followed by these ("prices **of**" is left out).
_OBJECT_OPENERS = _words(
    "a an the his her their its our my your this that these those him them it us me to at "
    "in on into onto for from with about over after against across toward towards"
)
# Words before a plural noun, never before a verb: "the plans", "its talks", "in charges".
_NOUN_OPENERS = (
    _ARTICLES
    | _PLACE_WORDS
    | _words(
        "his her their its our my your this these those of to for from with by no some any many "
        "several few more most other"
    )
)
# What follows "to" + verb in a purpose or complement clause ("to keep **the** coffee hot",
# "to get **her** job back"): a verb with its object, not a place ("returned to power").
# Verbs that link a subject to what it is ("to become the town of ..."): no deed.
_PAUSE = re.compile(r"[,;:()]")  # where a phrase ends in the text, not in the words
_LINKING = _words("be become remain seem appear stay")
_OBJECT_WORDS = _words(
    "a an the his her their its our my your this that these those him them it us me"
)


@lru_cache(maxsize=32_768)
def predicates(clause: str) -> frozenset[str]:
    """The main predicate of ``clause``: the words (lower case, as written), any one of
    which carries what it says happened; empty when none is recognised.

    That is its first verb other than a reporting verb -- the verb after "to" in
    its place when the first only says someone means to do it ("agreed **to probe**":
    the deed is what a span must carry) -- then a verb in the simple present when no
    other cue finds one (:func:`_present`), and the word after a light verb, which
    says what it means ("went **viral**", "made closing **arguments**")."""
    matches = list(_TOKEN.finditer(clause))
    lowered = [match.group(0).lower().replace("’", "'") for match in matches]
    quoting = any(mark in clause for mark in _QUOTE_MARKS)
    for index, word in enumerate(lowered):
        at: int | None = None
        # "The officer, identified as Adam Reyes, continued ...": a past form after a comma
        # and before a preposition opens an aside, not the clause's verb; after an age
        # ("Ana Brill, 58, resigned after the vote") the aside has just closed
        before = clause[: matches[index].start()].rstrip()
        after_comma = (
            before.endswith(",")
            and index + 1 < len(lowered)
            and lowered[index + 1] in _ASIDE_WORDS
            and not before[:-1].rstrip()[-1:].isdigit()
        )
        if word in _AUXILIARIES or word in _RELATIVE or _contracted(word):
            at = _next_verb(lowered, index + 1, relative=word in _RELATIVE)
            if at is not None and word in _HAVE and not _looks_participle(lowered[at]):
                continue  # "had senators riveted": "have" is the verb, and says little
        elif _looks_past(word) and not after_comma:
            at = None if index and lowered[index - 1] in _NON_FINITE else index
        elif index == 0 and word.endswith("ing") and len(word) > _ING_MIN:
            at = index  # a participle clause: "..., selecting Robinson as head"
        if at is None or lowered[at] in _REPORTING or not terms(lowered[at]):
            continue
        if lowered[at] in _NAMING and quoting:
            continue  # "called the closure 'reckless'": who said it, not what happened
        verb = lowered[at]
        found = {verb}
        after = _content_after(lowered, at + 1)
        light = verb in _LIGHT or _base(verb) in _LIGHT
        intent = _base(verb) in _INTENT
        if after is not None and intent and lowered[after - 1] == "to":
            return frozenset({lowered[after]})  # the intent says little: the deed is carried
        if after is not None and light:
            found.add(lowered[after])
        return frozenset(found)
    return _present(lowered)


def _present(words: list[str]) -> frozenset[str]:
    """The verb of a clause in the simple present, when no other cue found one:
    "Sandusky **arrives** at the courthouse", "Oskarson **plans** to keep the gem".
    A word in "-s" that is an inflected verb (its base form differs), after a word that
    is no determiner or preposition and before an object or a preposition; an intent
    verb brings the deed after "to" ("plans to **keep**")."""
    for index in range(1, len(words) - 1):
        word, before, after = words[index], words[index - 1], words[index + 1]
        if not word.endswith("s") or word.endswith(("ss", "us", "is")) or len(word) < _ROOT_MIN:
            continue
        if before in _NOUN_OPENERS or before.endswith("'s") or after not in _OBJECT_OPENERS:
            continue
        if word in _REPORTING or word in _AUXILIARIES or word[:-1] in _REPORTING:
            continue
        forms = base_forms(word)
        if not forms or word in forms:
            continue
        if forms[0] in _INTENT and after == "to" and index + 2 < len(words):
            return frozenset({words[index + 2]})
        return frozenset({word})
    return frozenset()


def purposes(clause: str) -> tuple[frozenset[str], ...]:
    """The verbs of the clause's purpose or complement clauses ("lined with chocolate
    **to keep** the coffee hot", "filed a complaint **in order to get** her job back"):
    each says something the span must carry too.  An infinitive counts when a verb with
    its object follows "to" ("to keep the ..."), and not after an intent verb, an
    auxiliary or a skipped word, whose "to" the main predicate already reads ("plans to
    keep", "is set to direct"); nor a linking verb ("to become the ...").  Like a light
    verb, the clause is carried by its verb or by the head of its object."""
    matches = list(_TOKEN.finditer(clause))
    words = [match.group(0).lower().replace("’", "'") for match in matches]
    main = predicates(clause)
    # a clause cut after "in order to" opens with the verb: "get her job back"
    opening = len(words) > 1 and not clause[matches[0].end() :].startswith(",")
    at = [0] if opening else []
    for index in range(1, len(words) - 1):
        before = words[index - 1]
        if words[index] != "to" or before in _AUXILIARIES or before in _BETWEEN:
            continue
        if _base(before) not in _INTENT:
            at.append(index + 1)
    found = []
    for index in at:
        verb = words[index]
        if index + 1 >= len(words) or words[index + 1] not in _OBJECT_WORDS:
            continue
        if verb in main or verb in _BETWEEN or verb in _LINKING or not terms(verb):
            continue
        if verb not in base_forms(verb):
            continue
        # like a light verb's, its meaning may be in its object: "to run **the agency**"
        end = next(
            (
                after
                for after in range(index + 2, len(words))
                if _PAUSE.search(clause[matches[after - 1].end() : matches[after].start()])
            ),
            len(words),
        )
        head = _phrase_head(words[:end], index + 2)
        found.append(frozenset({verb} if head is None else {verb, words[head]}))
    return tuple(found)


# What a claim says something was for or led to, in an infinitive: "in a move to curtail",
# "in order to bolster", "led Williams to urge", "yelling for the deer to stop".
_AIM = re.compile(
    r"\b(?:in\s+(?:a|an)\s+(?:move|effort|bid|attempt|push)|in\s+order|so\s+as"
    r"|(?:led|leads|lead|leading|prompted|prompts|prompting|forced|forces|forcing|caused"
    r"|causes|causing|pushed|pushes|pushing)(?:\s+[\w'’-]+){1,3}?"
    r"|for(?:\s+(?:the|a|an|his|her|its|their|our))?\s+[\w'’-]+)"
    r"\s+to\s+([a-z]+)\b",
    re.IGNORECASE,
)
_AIM_SKIPPED = _words("be have do get make take")


def aims(text: str) -> tuple[str, ...]:
    """The verbs of what ``text`` says something was done for or led to (a purpose or an
    outcome in an infinitive: "introduced the bill **in a move to curtail** vaping", "her
    struggle **led** Williams **to urge** the league", "yelling **for the deer to stop**"):
    a span that leaves the verb out leaves out why, or what came of it.  Only a verb in its
    base form counts ("to court" is not one); light verbs say too little to check."""
    found = []
    for match in _AIM.finditer(text):
        verb = match.group(1).lower()
        if verb in _AIM_SKIPPED or verb in _REPORTING or not terms(verb):
            continue
        if verb not in base_forms(verb):
            continue
        found.append(verb)
    return tuple(found)


def _contracted(word: str) -> bool:
    """ "he's", "it's", "that's": a pronoun with "is" or "has"."""
    return word.endswith("'s") and word[:-2] in _PRONOUNS


def _base(verb: str) -> str:
    forms = base_forms(verb)
    return forms[0] if forms else verb


def _content_after(words: list[str], start: int) -> int | None:
    """The index of the first content word from ``start`` (within a few words)."""
    for index in range(start, min(start + 4, len(words))):
        if terms(words[index]) and not words[index].endswith("ly"):
            return index
    return None


def _next_verb(words: list[str], start: int, *, relative: bool) -> int | None:
    """The index of the first word from ``start`` that is not an auxiliary or an adverb."""
    for index in range(start, min(start + 4, len(words))):
        word = words[index]
        if word in _AUXILIARIES or word in _BETWEEN or word.endswith("ly"):
            continue
        if word in _ARTICLES and words[index - 1] in _COPULAS:
            return _phrase_head(words, index + 1)  # "was a tax compliance issue": "issue"
        if relative and not (_looks_past(word) or word.endswith("s")):
            return None  # "the deal that Congress passed": a subject follows, not a verb
        if word in _PLACE_WORDS and words[index - 1] in _COPULAS:
            continue  # "would be in the chain of command": what it says comes after
        if not terms(word) and index > start and words[index - 1] in _PLACE_WORDS:
            continue  # the article after such a word
        return index if terms(word) else None
    return None


def _phrase_head(words: list[str], start: int) -> int | None:
    """The index of the head (its last word) of the noun phrase from ``start``: what a
    copula says the subject is ("a tax compliance **issue** that ...", "the first
    senator's **baby** to be allowed"), None when there is none."""
    head = None
    for index in range(start, min(start + _PHRASE_WORDS, len(words))):
        if words[index] in _PHRASE_ENDS or not terms(words[index]):
            break
        head = index
    return head


def _looks_participle(word: str) -> bool:
    return _looks_past(word) or word.endswith(("en", "wn", "ne", "ung", "ught"))


def _looks_past(word: str) -> bool:
    if word in _NOT_PREDICATES:
        return False
    return word in _IRREGULAR_PAST or (len(word) >= 5 and word.endswith("ed") and "-" not in word)


def carried(
    predicate: str,
    found: Iterable[str],
    senses: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
) -> bool:
    """Whether a span with the terms ``found`` and the verb ``senses`` carries the
    predicate word: in some light inflection or derivation ("selected" and "selection",
    "announced" and "announcement"), or as a verb of a related sense ("fell" and
    "dropped": ``senses`` are the span's, from :func:`storyline.verbs.senses_in`)."""
    own = terms(predicate)
    if not own:
        return True
    roots = {_root(own[0]), *base_forms(predicate)}
    # a compound carries its parts: "sat down" is carried by "a sit-down interview"
    written = (word for term in found for word in (term, *compound_parts(term)))
    return any(term == own[0] or _root(term) in roots for term in written) or related_in(
        predicate, senses
    )


@lru_cache(maxsize=65_536)
def _root(term: str) -> str:
    for _ in range(2):  # "announcement" -> "announce" -> "announc"
        for suffix in _SUFFIXES:
            if term.endswith(suffix) and len(term) - len(suffix) >= _ROOT_MIN:
                term = term[: -len(suffix)]
                break
    if len(term) > _ROOT_MIN and term[-1] == term[-2]:
        term = term[:-1]  # "stopp(ed)", "plann(ed)"
    return term


def deadlines(text: str) -> tuple[str, ...]:
    """The deadlines ``text`` sets ("by June 20" -> "june 20"), as lower-case words."""
    return tuple(
        " ".join(_DATE_WORD.findall(match.group(1).lower())) for match in _DEADLINE.finditer(text)
    )


# Who said a claim: "X says/said ...", "..., X said", "..., said X".  Not "according to X":
# that is as often the outlet a story came from, which a span may leave out.
_SPEAKING = (
    "said|says|told|tells|added|adds|wrote|writes|stated|states|noted|notes|explained"
    "|explains|confirmed|confirms|claimed|claims|argued|argues|insisted|insists|announced"
    "|announces|acknowledged|admitted|warned|warns|tweeted|emailed"
)
_SPEECH = re.compile(rf"\b(?:{_SPEAKING})\b", re.IGNORECASE)
_AUXILIARY_END = re.compile(
    r"(?:\s+(?:has|have|had|was|is|also|would|will|has\s+long|previously|repeatedly))+$",
    re.IGNORECASE,
)
# A speaker phrase headed by one of these is a role or a pronoun, not a named party: the rule
# lets a span leave out "officials said" or resolve "he said" from its context.
_UNNAMED = _words(
    "he she they it we i you who officials official police authorities spokesman "
    "spokeswoman spokesperson spokespeople sources source experts expert researchers "
    "scientists report reports statement study people witnesses residents agency "
    "department government company officers officer prosecutors investigators analysts "
    "lawyer lawyers attorney attorneys family friends neighbors neighbours members leaders "
    "others someone everyone data records documents court judge doctors reporters media "
    "critics supporters aides aide officers sheriff authority group groups organizers "
    "familiar close aware knowledgeable involved"  # "people familiar with the talks"
)
_ROLES = ROLE_NOUNS | TITLES
_SPEAKER_DETERMINERS = _words("the a an his her its their our my your this that these those")
_SPEAKER_STOPS = _words(
    "on in at during after before last this yesterday today tonight earlier later also "
    "previously recently then a to that with for"
)
_SPEAKER_WORD = re.compile(r"[\w'’.\-]+")


def speaker(text: str) -> str | None:
    """The head word (lower case) of the named party ``text`` attributes its claim to
    ("Ruiz says ...", "..., Inaky Blanco, the chief prosecutor, said"), or None: no
    attribution, or one to a role or a pronoun ("officials said", "the agency said",
    "rangers said", "he said"), which the rule lets a span leave out
    or resolve from its context.

    Read by position, so it works on lower-cased text too; in cased text a name is also
    capitalised."""
    cased = any(char.isupper() for char in text[1:])
    verb = _SPEECH.search(text)
    if verb is None:
        return None
    before = _AUXILIARY_END.sub("", text[: verb.start()].rstrip())  # "X had claimed"
    segments = re.split(r"[,;:(\"“”]|\s[—–-]{1,2}\s", before)
    if segments and not segments[-1].strip() and len(segments) >= 3:
        # "Kim's aide, Lee Ha, said" names the speaker in the aside; "Inaky Blanco, the
        # chief prosecutor, said" before it
        return _head(segments[-2], cased=cased) or _head(segments[-3], cased=cased)
    if segments and segments[-1].strip():
        return _head(segments[-1], cased=cased)
    if before.endswith(","):  # "..., said Mark Wright, a spokesman"
        after = re.split(r"[,;:.!?(\"“”]", text[verb.end() :], maxsplit=1)[0]
        return _head(after, cased=cased)
    return None


def _head(phrase: str, *, cased: bool) -> str | None:
    """The head word of a short speaker phrase, None when it names no one."""
    words: list[str] = [w.strip(".'’") for w in _SPEAKER_WORD.findall(phrase)]
    opening = [index for index, word in enumerate(words) if word.lower() in _SUBORDINATE]
    if opening:
        words = words[opening[-1] + 1 :]  # "Noting that Kim's aide said": after "that"
    for index, word in enumerate(words):
        if index and word.lower() in _SPEAKER_STOPS:
            words = words[:index]  # "Mark Wright on Sunday said": the subject ends at "on"
            break
    if not words or len(words) > _SPEAKER_WORDS or words[0].lower() in _SPEAKER_DETERMINERS:
        return None  # a long phrase is a clause, not a speaker; "the agency": a role
    written = words[-1].removesuffix("'s").removesuffix("’s")
    parts = [part for part in written.lower().split("-") if len(part) >= _SPEAKER_MIN]
    head = parts[-1] if parts else ""  # "al-Assad": "assad"; "Jong-un": "jong"
    if head in _UNNAMED or not head.isalpha() or len(head) < _SPEAKER_MIN:
        return None
    if cased:
        return head if written[0].isupper() else None
    if head in _ROLES or head.removesuffix("s") in _ROLES or _plural(head):
        return None  # "rangers said", "the chief said": a role, not a name
    return head


def _plural(word: str) -> bool:
    """A plural noun ("rangers", "investigators"): a group, not one named party."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ys"))


_SPEAKER_WORDS = 5  # a speaker is named in a few words
_SUBORDINATE = _words("that which who when while after because and but as if since")
_SPEAKER_MIN = 3  # shortest head word checked ("tlc", "cbp")


# Number words that say how many or which one: the figure reader takes most cardinals, not
# "half-dozen" or an ordinal, and a claim's count is as checkable as its figures.
_COUNT_WORDS = _words(
    "two three four five six seven eight nine ten eleven twelve dozen dozens half "
    "first second third fourth fifth sixth seventh eighth ninth tenth"
)
_COUNT_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)


def count_words(text: str, figures: Iterable[tuple[int, int]] = ()) -> frozenset[str]:
    """The number words of ``text`` (lower case) outside the ``figures``' spans."""
    inside = list(figures)
    return frozenset(
        word
        for match in _COUNT_TOKEN.finditer(text)
        if (word := match.group(0).lower()) in _COUNT_WORDS
        and not any(low <= match.start() < high for low, high in inside)
    )


# Roles a name may own in a description of someone else: "Joe Biden's climate czar John
# Kerry", "Peter Navarro, Donald Trump's trade adviser": the owner is not an actor.
_DESCRIBED = _ROLES | _words(
    "adviser advisor aide czar envoy lawyer attorney deputy successor predecessor "
    "wife husband son daughter brother sister mother father nominee pick appointee"
)
_OWNED = re.compile(r"['’]s\s+((?:[\w\-]+\s+){0,2}[\w\-]+)")


def descriptive(text: str, name: str) -> bool:
    """Whether ``name`` only describes someone else in ``text``: wherever it occurs, it
    owns a role ("Joe Biden's climate czar John Kerry", "Peter Navarro, Donald Trump's
    trade adviser"), so the claim is not about what it did."""
    bare = name.removesuffix("'s").removesuffix("’s")
    found = False
    for match in re.finditer(re.escape(bare), text):
        found = True
        owned = _OWNED.match(text, match.end())
        if not (owned and {word.lower() for word in owned.group(1).split()} & _DESCRIBED):
            return False
    return found
