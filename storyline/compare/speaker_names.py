"""Who a speaker phrase names: surnames, pronouns and roles resolved in one article.

"Lee" becomes the one Ann Lee the article names, "she" the most recent person who
speaks or is a sentence's subject and can be "she" (titles, given names and the
article's own pronouns tell), unless another person fits as well; "the mayor" the
person titled mayor; "it" a recent organisation that speaks or leads a sentence.
When unsure, the phrase stays as written.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from storyline.compare.entities import TITLES, NameMention
from storyline.compare.lexicon import FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, wordset
from storyline.compare.speakers import Speaker, clause_subject, is_headline, speaker_in_head
from storyline.text import Sentence, tokenize

__all__ = [
    "DOCUMENT_NOUNS",
    "PRONOUNS",
    "ArticleContext",
    "SaidBefore",
    "full_name",
    "is_person",
    "resolve",
    "same_speaker",
    "speaker_key",
]

_WORD = re.compile(r"[\w’']+")
_COMPANY_WORDS = wordset("company firm group carrier airline operator bank agency")
PRONOUNS = wordset("he she they it we i")
# Titles before a name that do not change who it is ("Mr. Lee" is "Lee").
_NAME_TITLES = wordset("mr mrs ms miss dr prof sir dame rev sen rep gov gen")
_ARTICLES = frozenset({"the", "a", "an"})
_MODIFIER_REACH = 30  # characters around a name where "Florida" qualifies "the Florida senator"
_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?])\s")  # "spoke. " (not "Sen. ")
_PRONOUN_REACH = 1  # paragraphs back (before the quote's own) where he/she is resolved
# Works that speak through their text ("the book said"), never a person's role.
_WORKS = wordset("book film movie song show album novel memoir documentary play")
# Titles as written before a name, and the role noun a later "the senator" uses.
_ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "gov": "governor",
    "rep": "congressman",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "supt": "superintendent",
    "prof": "professor",
}
DOCUMENT_NOUNS = wordset(
    "statement statements report article memo letter study survey editorial release ad "
    "video post tweet email analysis filing"
)


class SaidBefore(Protocol):
    """An earlier quote of the article, as pronoun resolution reads it."""

    @property
    def cue(self) -> tuple[int, int] | None: ...

    @property
    def speaker(self) -> str | None: ...

    @property
    def statement(self) -> bool: ...


@dataclass
class ArticleContext:
    """One article as the speaker rules read it."""

    text: str
    masked: str  # the text with the words inside every quotation blanked out
    sentences: list[Sentence]
    starts: list[int]
    paragraphs: list[tuple[int, int]]
    names: list[NameMention]
    subjects: dict[int, NameMention | None] = dataclasses.field(default_factory=dict)
    genders: dict[str, str | None] | None = None
    # surname -> (position, full name) of every person-like mention with a given name
    surnames: dict[str, list[tuple[int, str]]] | None = None

    def sentence_at(self, position: int) -> Sentence:
        return self.sentences[max(0, bisect_right(self.starts, position) - 1)]

    def paragraph_of(self, position: int) -> int:
        for index, (start, end) in enumerate(self.paragraphs):
            if start <= position <= end:
                return index
        return -1


def resolve(
    context: ArticleContext, speaker: Speaker, position: int, previous: Sequence[SaidBefore]
) -> str | None:
    """The name a speaker phrase stands for in this article, else the phrase as written."""
    if speaker.kind == "name":
        return full_name(context, speaker.text, position)
    if speaker.kind == "pronoun":
        resolved = _resolve_pronoun(context, speaker.text, position, previous)
        return "I" if resolved == "i" else resolved  # kept as written: "I said"
    return _resolve_description(context, speaker.text, position)


def full_name(context: ArticleContext, name: str, position: int) -> str:
    """ "Lee" -> "Ann Lee" when the article names one person with that surname."""
    if " " in name:
        return name
    if context.surnames is None:
        context.surnames = {}
        for m in context.names:
            if _person_like(m) and " " in m.name:
                context.surnames.setdefault(m.name.split()[-1], []).append((m.start, m.name))
    matches = context.surnames.get(name, [])
    if len({full for _, full in matches}) == 1:
        return matches[0][1]
    earlier = [full for start, full in matches if start < position]
    return earlier[-1] if earlier else name  # two people share the surname: the last named


def _resolve_pronoun(
    context: ArticleContext, pronoun: str, position: int, previous: Sequence[SaidBefore]
) -> str | None:
    """ "he" -> the nearest earlier person who speaks or is the subject of a sentence,
    skipping people the article refers to with the other pronoun."""
    if pronoun in ("he", "she"):
        candidates = [
            (q.cue[0], q.speaker)
            for q in previous
            if q.cue is not None
            and q.speaker is not None
            and q.cue[0] < position
            and not q.statement
            and _speaks_as_person(context, q.speaker)
        ]
        candidates += [
            (m.start, full_name(context, m.name, position))
            for m in _sentence_subjects(context, position)
        ]
        own = _own_subject(context, position)
        if own is not None:
            candidates.append((own.start, full_name(context, own.name, position)))
        fitting = [c for c in candidates if _gender(context, c[1]) in (pronoun, None)]
        if not fitting:
            return pronoun
        best = max(fitting)
        if not _rivals(context, pronoun, best, fitting, position):
            return best[1]
        return pronoun  # two people fit: say "she" rather than guess

    if pronoun == "it":
        return _resolve_it(context, position, previous) or pronoun
    return pronoun  # "they", "we", "I": the pronoun says as much as the article does


def _own_subject(context: ArticleContext, position: int) -> NameMention | None:
    """The named subject of the quote's own sentence, when it comes before the quote
    ("Ban Ki-moon condemned what he called a “brazen breach”")."""
    sentence = context.sentence_at(position)
    if sentence.start not in context.subjects:
        context.subjects[sentence.start] = _subject_of(context, sentence)
    subject = context.subjects[sentence.start]
    return subject if subject is not None and subject.end < position else None


def _resolve_it(
    context: ArticleContext, position: int, previous: Sequence[SaidBefore]
) -> str | None:
    """ "it said" -> the nearest earlier organisation that speaks, or is the subject of a
    sentence since the paragraph before."""
    since = context.paragraphs[max(0, context.paragraph_of(position) - _PRONOUN_REACH)][0]
    speakers = [
        (q.cue[0], q.speaker)
        for q in previous
        if q.cue is not None
        and q.speaker is not None
        and q.cue[0] >= since
        and not _speaks_as_person(context, q.speaker)
        and q.speaker.split()[-1].lower() not in TITLES  # "the announcer" is a person
        and q.speaker.lower() not in PRONOUNS
    ]
    orgs = [
        (m.start, m.name)
        for m in context.names
        if m.kind == "organisation" and since <= m.start < position and _leads(context, m)
    ]
    earlier = [c for c in speakers + orgs if c[0] < position]
    return max(earlier)[1] if earlier else None


def _leads(context: ArticleContext, mention: NameMention) -> bool:
    """Whether a name is the subject of its sentence ("The council voted ...")."""
    sentence = context.sentence_at(mention.start)
    tokens = tokenize(context.masked[sentence.start : sentence.end], sentence.start)
    subject = clause_subject(context.masked, tokens, cue_end=sentence.start)
    return subject is not None and subject.kind == "name" and subject.text in mention.name


def _gender(context: ArticleContext, name: str) -> str | None:
    """ "he", "she" or None for a person (full name, or a surname the article gives one
    person): from "Mr."/"Ms." before the name, a given name that is a man's or a woman's,
    and the pronouns of the sentences the person is the subject of."""
    if context.genders is None:
        context.genders = _genders(context)
    return context.genders.get(full_name(context, name, len(context.text)))


def _genders(context: ArticleContext) -> dict[str, str | None]:
    _sentence_subjects(context, len(context.text) + 1)
    votes: dict[str, list[int]] = {}

    def vote(name: str, position: int, male: int, female: int) -> None:
        tally = votes.setdefault(full_name(context, name, position), [0, 0])
        tally[0] += male
        tally[1] += female

    for mention in context.names:
        title = mention.surface.split()[0].rstrip(".").lower()
        words = mention.name.split()
        alone = len(words) == 1 and full_name(context, words[0], mention.start) == words[0]
        given = words[0].lower() if len(words) > 1 or alone else ""
        male = 3 * (title == "mr") + 5 * (given in MALE_GIVEN_NAMES)
        female = 3 * (title in ("mrs", "ms", "miss")) + 5 * (given in FEMALE_GIVEN_NAMES)
        vote(mention.name, mention.start, male, female)
    for sentence in context.sentences:
        subject = context.subjects.get(sentence.start)
        if subject is None:
            continue
        words = [w.lower() for w in _WORD.findall(context.masked[subject.end : sentence.end])]
        near = [w for w in words[:6] if w in ("he", "she")]  # "Lee said she ..."
        vote(subject.name, subject.start, near[:1] == ["he"], near[:1] == ["she"])
    return {
        name: ("he" if male > female else "she" if female > male else None)
        for name, (male, female) in votes.items()
    }


def _rivals(
    context: ArticleContext,
    pronoun: str,
    best: tuple[int, str],
    candidates: list[tuple[int, str]],
    position: int,
) -> bool:
    """Whether another person fits as well: a speaker or subject since the paragraph before
    the quote, or a person named after ``best``'s sentence (or beside ``best`` as a second
    subject: "Ana and Lena toured ...").  When ``best``
    is known to be "he" or "she", only a person known to be the same is a rival."""
    since = context.paragraphs[max(0, context.paragraph_of(position) - _PRONOUN_REACH)][0]
    known = _gender(context, best[1]) == pronoun
    if best[0] < since and not known:
        return True  # named too far back to be sure
    sentence = context.sentence_at(best[0])
    people = [
        (m.start, full_name(context, m.name, position))
        for m in context.names
        if since <= m.start < position
        and _person_like(m)
        and _gender(context, m.name) in (pronoun, None)
        and (m.start >= sentence.end or _coordinated(context, best, m))
    ]
    coordinated = [
        (m.start, m.name)
        for m in context.names
        if m.start > best[0] and _person_like(m) and _coordinated(context, best, m)
    ]
    return any(
        start >= since
        and not same_speaker(name, best[1])
        and (not known or _gender(context, name) == pronoun or (start, name) in coordinated)
        for start, name in candidates + people
        if start < position
    )


def _coordinated(context: ArticleContext, best: tuple[int, str], mention: NameMention) -> bool:
    """ "Ana Ruiz and Lena Berg toured ...": two subjects, so either may be "she"."""
    between = context.text[best[0] : mention.start].split()
    return len(between) >= 2 and between[-1] in ("and", "or") and len(between) <= 5


def _speaks_as_person(context: ArticleContext, speaker: str) -> bool:
    """A named speaker that the article never gives as an organisation or a place."""
    if not speaker[:1].isupper() or speaker.lower() in PRONOUNS:
        return False  # "I": the writer, never "he" or "she"
    return not any(m.name == speaker and m.kind in ("organisation", "place") for m in context.names)


def _sentence_subjects(context: ArticleContext, position: int) -> list[NameMention]:
    """The named subject of each of the sentences before ``position`` ("Lee told ...")."""
    found: list[NameMention] = []
    for sentence in context.sentences:
        if sentence.end >= position:
            break
        if sentence.start not in context.subjects:
            context.subjects[sentence.start] = _subject_of(context, sentence)
        subject = context.subjects[sentence.start]
        if subject is not None:
            found.append(subject)
    return found


def _subject_of(context: ArticleContext, sentence: Sentence) -> NameMention | None:
    """The person a sentence has speak ("..., Professor Epstein said"), else its subject."""
    spoken = speaker_in_head(context.masked, sentence.start, sentence.end)
    if spoken is not None and spoken.kind == "name":
        mention = _mention_of(context, sentence, spoken.text)
        if mention is not None and mention.kind not in ("organisation", "place"):
            return mention
    tokens = tokenize(context.masked[sentence.start : sentence.end], sentence.start)
    subject = clause_subject(context.masked, tokens, cue_end=sentence.start)
    if subject is None or subject.kind != "name":
        return None
    mention = _mention_of(context, sentence, subject.text)
    return mention if mention is not None and is_person(context, mention) else None


def _mention_of(context: ArticleContext, sentence: Sentence, name: str) -> NameMention | None:
    for mention in context.names:
        if sentence.start <= mention.start < sentence.end and (
            name in mention.name or mention.name in name.split()  # tagged "Berg" of "Nils Berg"
        ):
            return mention
    return None


def _person_like(mention: NameMention) -> bool:
    """A person, or a two- or three-word name that is not an organisation or a place."""
    words = len(mention.name.split())
    return mention.kind == "person" or (mention.kind == "other" and 2 <= words <= 3)


def is_person(context: ArticleContext, mention: NameMention) -> bool:
    """Person-like, a given name alone ("Melanie"), or a surname of a person named in the
    article."""
    if _person_like(mention) or mention.name.lower() in MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES:
        return True
    return (
        " " not in mention.name and full_name(context, mention.name, mention.start) != mention.name
    )


def _resolve_description(context: ArticleContext, description: str, position: int) -> str:
    """ "the mayor" -> the person titled mayor; "the ministry" -> "Ministry of Health"."""
    words = description.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    plain = " ".join(words)
    if len(words) > 2 or description.split()[0].lower() in ("a", "an"):
        return plain
    head = words[-1].lower() if words else ""
    named = [m for m in context.names if not is_headline(m.name.split())]
    ordered = sorted(named, key=lambda m: (m.start >= position, -m.start))
    personal = head in TITLES or not (head.endswith("s") or head in DOCUMENT_NOUNS | _WORKS)
    if head not in TITLES and any(w.endswith(("’s", "'s")) for w in words[:-1]):
        personal = False  # "Clinton's campaign", "Ryan's office": the owner's body, no title
    for mention in ordered if personal else ():
        roles = [_ROLE_ABBREVIATIONS.get(r, r) for r in mention.roles]
        if mention.kind != "person" or not any(r == head or r.endswith(" " + head) for r in roles):
            continue
        if _qualified(context, mention, words[:-1]):
            return mention.name
    modifiers = {w.lower() for w in words[:-1]}
    for mention in ordered:
        name_words = {w.lower() for w in mention.name.split()}
        if mention.kind == "organisation" and head in name_words and modifiers <= name_words:
            return mention.name
    if head in _COMPANY_WORDS and not modifiers:
        since = context.paragraphs[max(0, context.paragraph_of(position) - _PRONOUN_REACH)][0]
        for mention in ordered:  # "the group": the nearest organisation that leads a sentence
            organisation = mention.kind == "organisation" and since <= mention.start < position
            if organisation and _leads(context, mention):
                return mention.name
    return plain


def _qualified(context: ArticleContext, mention: NameMention, modifiers: list[str]) -> bool:
    """Whether the capitalised modifiers of a role ("the Florida senator") are written
    next to the person's name ("Florida Sen. Ana Ruiz", "Ana Ruiz of Florida")."""
    required = [w for w in modifiers if w[:1].isupper()]
    if not required:
        return True
    before = context.text[max(0, mention.start - _MODIFIER_REACH) : mention.start]
    after = context.text[mention.end : mention.end + _MODIFIER_REACH]
    before = _SENTENCE_END.split(before)[-1]  # only the name's own sentence
    after = _SENTENCE_END.split(after)[0]
    near = f"{before} {after}"
    return all(re.search(rf"\b{re.escape(word)}\b", near) for word in required)


def same_speaker(first: str | None, second: str | None) -> bool:
    """The same speaker written two ways: case, a leading "the", a title ("Mr. Lee" /
    "Lee"), a plural ("officer" / "officers"), "X statement" / "X", or a surname."""
    if first is None or second is None:
        return True
    a, b = speaker_key(first), speaker_key(second)
    if a == b:
        return True
    return a.split()[-1:] == b.split()[-1:] and (" " not in a or " " not in b)


def speaker_key(speaker: str) -> str:
    """Lower case without articles, titles, possessives or "statement"; the last word
    singular: "the police officers" -> "police officer"."""
    words = [w.strip(".,").removesuffix("’s").removesuffix("'s") for w in speaker.lower().split()]
    words = [w for w in words if w]
    while len(words) > 1 and (words[0] in _ARTICLES or words[0] in _NAME_TITLES):
        words = words[1:]
    if len(words) > 1 and words[-1] in ("statement", "statements"):
        words = words[:-1]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)
