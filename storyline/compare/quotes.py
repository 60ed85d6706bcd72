"""Direct quotes and their speakers, and the same quote across outlets.

A quotation counts as a quote when something attributes it (a speech verb
next to it, "according to"), when it continues a quote in the same or the
previous paragraph, or when it is a whole sentence of its own; scare quotes
and quoted titles ("the film “Northern Lights”") are left out.  Pronouns,
surnames and bare titles ("she", "Lee", "the mayor", "the ministry") are
resolved to the name the article gives nearby.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.compare.entities import NameMention, find_names
from storyline.compare.lexicon import (
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    wordset,
)
from storyline.compare.model import Attribution, Quote, QuoteGroup
from storyline.compare.quote_marks import is_title, quoted_spans
from storyline.compare.speakers import Speaker, clause_subject, speaker_in_head, speaker_in_tail
from storyline.models import stable_id
from storyline.text import Sentence, paragraph_spans, tokenize
from storyline.text import sentences as split_sentences

__all__ = [
    "FoundQuote",
    "compatible_speakers",
    "extract_quotes",
    "group_quotes",
    "own_wordings",
    "prints_words",
    "same_speaker",
]

_COMPANY_WORDS = wordset("company firm group carrier airline operator bank agency")
_WORD = re.compile(r"[\w’']+")
# An attribution that names a written statement: "in a statement, the council said",
# "said in a brief statement", "a council statement said", "the statement from X read".
_STATEMENT = re.compile(
    r"(?i)\b(?:in|via|through)\s+(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}"
    r"statement\b|\bstatement\s+(?:from|by|issued|released|said|says|read|reads|added|stated)\b"
)
_ARTICLES = frozenset({"the", "a", "an"})
_DOCUMENT_NOUNS = wordset(
    "statement statements report article memo letter study survey editorial release ad "
    "video post tweet email analysis filing"
)
_MIN_UNATTRIBUTED_WORDS = 4
_BARE_PRONOUNS = wordset("he she they it we i")
_PRONOUN_REACH = 1  # paragraphs back (before the quote's own) where he/she is resolved
# Titles before a name that do not change who it is ("Mr. Lee" is "Lee").
_NAME_TITLES = wordset("mr mrs ms miss dr prof sir dame rev sen rep gov gen")
_LABEL = re.compile(r"([A-Z][A-Z’'.-]+(?: [A-Z][A-Z’'.-]+){0,2}):\s")


@dataclass(frozen=True)
class FoundQuote:
    """A quote found in one article (span of the words inside the marks)."""

    start: int
    end: int
    text: str
    speaker: str | None
    cue: tuple[int, int] | None
    partial: bool
    statement: bool = False  # the attribution is a written statement


@dataclass
class _Context:
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


def extract_quotes(text: str) -> list[FoundQuote]:
    """Every direct quote in an article's cleaned text, with its resolved speaker."""
    sentences = split_sentences(text)
    spans = quoted_spans(text)
    context = _Context(
        text,
        _mask(text, spans),
        sentences,
        [s.start for s in sentences],
        paragraph_spans(text),
        find_names(text),
    )
    found: list[FoundQuote] = []
    for index, (start, end) in enumerate(spans):
        head_start, tail_end = _window(context, spans, index)
        quote = _read_quote(context, start, end, head_start, tail_end, found)
        if quote is not None:
            found.append(quote)
    return found


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the words of every quotation replaced by spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _window(context: _Context, spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """Where the attribution of quote ``index`` may be: its sentence, up to the next quotes."""
    start, end = spans[index]
    head_start = context.sentence_at(start - 1).start
    if index > 0 and spans[index - 1][1] + 1 > head_start:
        head_start = spans[index - 1][1] + 1
    closing = context.sentence_at(end)
    tail_end = max(closing.end, end + 1)
    if index + 1 < len(spans) and spans[index + 1][0] - 1 < tail_end:
        tail_end = spans[index + 1][0] - 1
    return head_start, tail_end


def _find_speaker(
    context: _Context, start: int, end: int, head_start: int, tail_end: int
) -> Speaker | None:
    """The attribution next to the quote, else one elsewhere in its sentence."""
    text = context.masked
    head_end, tail_start = start - 1, min(end + 1, len(text))
    if _has_words(text[head_start:head_end]):
        speaker = speaker_in_head(text, head_start, head_end)
        if speaker is not None:
            return speaker
    comma = context.text[start:end].rstrip().endswith(",")  # “...,” an attribution follows
    speaker = speaker_in_tail(text, tail_start, tail_end, any_verb=comma)
    if speaker is None and not _has_words(text[head_start:head_end]):
        speaker = speaker_in_head(text, head_start, head_end)
    if speaker is None and text[head_start:head_end].rstrip().endswith(":"):
        tokens = tokenize(text[head_start:head_end], head_start)
        speaker = clause_subject(text, tokens, cue_end=head_end)  # "Lee scolded him: “...”"
    if speaker is None:
        speaker = _transcript_label(context.text, start, end)
    if speaker is not None:
        return speaker
    sentence_start = context.sentence_at(start - 1).start
    sentence_end = max(context.sentence_at(end).end, tail_start)
    if sentence_start < head_start:
        speaker = speaker_in_head(text, sentence_start, head_end)
    if speaker is None and sentence_end > tail_end:
        speaker = speaker_in_tail(text, tail_start, sentence_end)
    if speaker is None and not _has_words(text[tail_start:sentence_end]):
        speaker = _next_sentence_speaker(context, sentence_end)
    if speaker is None:
        speaker = _speaker_after_a_comma(text, tail_start, sentence_end)
    if speaker is None and _has_words(text[sentence_start:head_end]):
        tokens = tokenize(text[sentence_start:head_end], sentence_start)
        speaker = clause_subject(text, tokens, cue_end=head_end)  # "X denounced it as “...”"
    return speaker


def _transcript_label(text: str, start: int, end: int) -> Speaker | None:
    """ "“PENCE: Well, look ...”": a transcript line names its speaker in capitals."""
    label = _LABEL.match(text, start, end)
    if label is None:
        return None
    name = " ".join(w.capitalize() for w in label.group(1).split())
    return Speaker(name, "name", label.start(1), label.end(1))


def _speaker_after_a_comma(text: str, start: int, end: int) -> Speaker | None:
    """ "A cashier who “steals” is held accountable, Warren said": the attribution
    starts after a later comma of the sentence."""
    comma = text.find(",", start, end)
    while comma >= 0:
        speaker = speaker_in_tail(text, comma + 1, end)
        if speaker is not None:
            return speaker
        comma = text.find(",", comma + 1, end)
    return None


def _next_sentence_speaker(context: _Context, sentence_end: int) -> Speaker | None:
    """ "“...” Lee said." with the attribution split off as a sentence of its own."""
    following = context.sentence_at(sentence_end + 1)
    if following.start <= sentence_end or context.paragraph_of(following.start) != (
        context.paragraph_of(sentence_end)
    ):
        return None
    if len(following.text.split()) > 6:
        return None
    return speaker_in_tail(context.masked, following.start, following.end)


def _read_quote(
    context: _Context,
    start: int,
    end: int,
    head_start: int,
    tail_end: int,
    previous: list[FoundQuote],
) -> FoundQuote | None:
    text = context.text
    head_end, tail_start = start - 1, min(end + 1, len(text))
    partial = _has_words(context.masked[head_start:head_end])
    if is_title(text, start, end):
        return None
    speaker = _find_speaker(context, start, end, head_start, tail_end)
    quoted = text[start:end]
    if speaker is not None:
        speaker, named_statement = _without_statement(speaker)
        name = _resolve(context, speaker, start, previous)
        windows = ((head_start, head_end), (tail_start, tail_end))
        statement = named_statement or any(_STATEMENT.search(text[a:b]) for a, b in windows)
        cue = (speaker.start, speaker.end)
        return FoundQuote(start, end, quoted, name, cue, partial, statement)
    inherited = _inherit(context, start, partial, tail_start, tail_end, previous)
    if inherited is _DROP:
        return None
    return FoundQuote(start, end, quoted, inherited, None, partial)


_DROP = "\0drop"


def _inherit(
    context: _Context,
    start: int,
    partial: bool,
    tail_start: int,
    tail_end: int,
    previous: list[FoundQuote],
) -> str | None:
    """The speaker of an unattributed quote, None if unknown, or _DROP if it is no quote.

    A quotation nobody is said to speak is still a quote when it continues an
    attributed one (same sentence, or the same or previous paragraph) or is
    long enough to be one (``_MIN_UNATTRIBUTED_WORDS``); a short one is a scare
    quote or a coined phrase ("the “Arab Spring” uprisings").
    """
    last = previous[-1] if previous else None
    quoted_words = len(_WORD.findall(context.text[start : tail_start - 1]))
    same_sentence = last is not None and (
        context.sentence_at(last.start) is context.sentence_at(start)
    )
    if same_sentence and last is not None and last.speaker is not None:
        return last.speaker  # "called the defence “inventive” but “wholly unpersuasive”"
    if quoted_words < _MIN_UNATTRIBUTED_WORDS:
        return _DROP
    paragraph = context.paragraph_of(start)
    since = max(context.paragraphs[paragraph][0], last.end if last is not None else 0)
    spoken = _attribution_between(context, since, start, previous)
    if spoken is not None:
        return spoken  # "..., Schiff said. “...”": the paragraph's own attribution
    if last is not None and context.paragraph_of(last.start) >= paragraph - 1:
        return last.speaker
    return _speaker_of_previous_paragraph(context, paragraph, start)


def _attribution_between(
    context: _Context, since: int, position: int, previous: Sequence[FoundQuote]
) -> str | None:
    """The speaker of the nearest sentence between ``since`` and a quote that attributes
    words to someone ("The delay is deliberate, Schiff said.")."""
    index = bisect_right(context.starts, position) - 1
    while index >= 0 and context.sentences[index].start >= since:
        sentence = context.sentences[index]
        index -= 1
        if sentence.end > position:
            continue
        speaker = speaker_in_head(context.masked, sentence.start, sentence.end)
        if speaker is not None:
            return _resolve(context, speaker, sentence.start, previous)
    return None


def _speaker_of_previous_paragraph(context: _Context, paragraph: int, start: int) -> str | None:
    """A paragraph that is all quote, after "X said ..." in the paragraph before."""
    if paragraph < 1:
        return None
    p_start, p_end = context.paragraphs[paragraph - 1]
    words = {w.lower() for w in _WORD.findall(context.text[p_start:p_end])}
    if not words & SPEECH_VERBS:
        return None
    people = [m for m in context.names if p_start <= m.start < p_end and _is_person(context, m)]
    return _full_name(context, people[0].name, start) if people else None


def _without_statement(speaker: Speaker) -> tuple[Speaker, bool]:
    """ "a council statement" -> ("a council", True): the council speaks through it;
    "the IMF report" -> ("IMF", False): a named body speaks through its document."""
    words = speaker.text.split()
    last = words[-1].lower() if words else ""
    if speaker.kind != "description" or last not in _DOCUMENT_NOUNS:
        return speaker, False
    if all(word.lower() in _ARTICLES for word in words[:-1]):
        return speaker, False  # "the statement said": nobody else is named
    owner = words[:-1]
    if last in ("statement", "statements"):
        return dataclasses.replace(speaker, text=" ".join(owner)), True
    while owner and owner[0].lower() in _ARTICLES:
        owner = owner[1:]
    if not owner or not all(word[:1].isupper() for word in owner):
        return speaker, False  # "a new report": no owner named
    name = " ".join(owner).removesuffix("’s").removesuffix("'s")
    return dataclasses.replace(speaker, text=name, kind="name"), False


def _resolve(
    context: _Context, speaker: Speaker, position: int, previous: Sequence[FoundQuote]
) -> str | None:
    if speaker.kind == "name":
        return _full_name(context, speaker.text, position)
    if speaker.kind == "pronoun":
        return _resolve_pronoun(context, speaker.text, position, previous)
    return _resolve_description(context, speaker.text, position)


def _full_name(context: _Context, name: str, position: int) -> str:
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
    context: _Context, pronoun: str, position: int, previous: Sequence[FoundQuote]
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
            (m.start, _full_name(context, m.name, position))
            for m in _sentence_subjects(context, position)
        ]
        own = _own_subject(context, position)
        if own is not None:
            candidates.append((own.start, _full_name(context, own.name, position)))
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


def _own_subject(context: _Context, position: int) -> NameMention | None:
    """The named subject of the quote's own sentence, when it comes before the quote
    ("Ban Ki-moon condemned what he called a “brazen breach”")."""
    sentence = context.sentence_at(position)
    if sentence.start not in context.subjects:
        context.subjects[sentence.start] = _subject_of(context, sentence)
    subject = context.subjects[sentence.start]
    return subject if subject is not None and subject.end < position else None


def _resolve_it(context: _Context, position: int, previous: Sequence[FoundQuote]) -> str | None:
    """ "it said" -> the nearest earlier organisation that speaks or is named."""
    speakers = [
        (q.cue[0], q.speaker)
        for q in previous
        if q.cue is not None and q.speaker is not None and not _speaks_as_person(context, q.speaker)
    ]
    orgs = [(m.start, m.name) for m in context.names if m.kind == "organisation"]
    earlier = [c for c in speakers + orgs if c[0] < position]
    return max(earlier)[1] if earlier else None


_MALE = frozenset({"he", "his", "him", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})


def _gender(context: _Context, name: str) -> str | None:
    """ "he", "she" or None for a person (full name, or a surname the article gives one
    person): from "Mr."/"Ms." before the name, a given name that is a man's or a woman's,
    and the pronouns of the sentences the person is the subject of."""
    if context.genders is None:
        context.genders = _genders(context)
    return context.genders.get(_full_name(context, name, len(context.text)))


def _genders(context: _Context) -> dict[str, str | None]:
    _sentence_subjects(context, len(context.text) + 1)
    votes: dict[str, list[int]] = {}

    def vote(name: str, position: int, male: int, female: int) -> None:
        tally = votes.setdefault(_full_name(context, name, position), [0, 0])
        tally[0] += male
        tally[1] += female

    for mention in context.names:
        title = mention.surface.split()[0].rstrip(".").lower()
        words = mention.name.split()
        alone = len(words) == 1 and _full_name(context, words[0], mention.start) == words[0]
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
    context: _Context,
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
        (m.start, _full_name(context, m.name, position))
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


def _coordinated(context: _Context, best: tuple[int, str], mention: NameMention) -> bool:
    """ "Ana Ruiz and Lena Berg toured ...": two subjects, so either may be "she"."""
    between = context.text[best[0] : mention.start].split()
    return len(between) >= 2 and between[-1] in ("and", "or") and len(between) <= 5


def _speaks_as_person(context: _Context, speaker: str) -> bool:
    """A named speaker that the article never gives as an organisation or a place."""
    if not speaker[:1].isupper():
        return False
    return not any(m.name == speaker and m.kind in ("organisation", "place") for m in context.names)


def _sentence_subjects(context: _Context, position: int) -> list[NameMention]:
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


def _subject_of(context: _Context, sentence: Sentence) -> NameMention | None:
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
    return mention if mention is not None and _is_person(context, mention) else None


def _mention_of(context: _Context, sentence: Sentence, name: str) -> NameMention | None:
    for mention in context.names:
        if sentence.start <= mention.start < sentence.end and name in mention.name:
            return mention
    return None


def _person_like(mention: NameMention) -> bool:
    """A person, or a two- or three-word name that is not an organisation or a place."""
    words = len(mention.name.split())
    return mention.kind == "person" or (mention.kind == "other" and 2 <= words <= 3)


def _is_person(context: _Context, mention: NameMention) -> bool:
    """Person-like, a given name alone ("Melanie"), or a surname of a person named in the
    article."""
    if _person_like(mention) or mention.name.lower() in MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES:
        return True
    return (
        " " not in mention.name and _full_name(context, mention.name, mention.start) != mention.name
    )


def _resolve_description(context: _Context, description: str, position: int) -> str:
    """ "the mayor" -> the person titled mayor; "the ministry" -> "Ministry of Health"."""
    words = description.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    plain = " ".join(words)
    if len(words) > 2 or description.split()[0].lower() in ("a", "an"):
        return plain
    head = words[-1].lower() if words else ""
    ordered = sorted(context.names, key=lambda m: (m.start >= position, -m.start))
    for mention in ordered:
        if mention.kind == "person" and any(
            r == head or r.endswith(" " + head) for r in mention.roles
        ):
            return mention.name
    modifiers = {w.lower() for w in words[:-1]}
    for mention in ordered:
        name_words = {w.lower() for w in mention.name.split()}
        if mention.kind == "organisation" and head in name_words and modifiers <= name_words:
            return mention.name
    if head in _COMPANY_WORDS and not modifiers:
        for mention in ordered:
            if mention.kind == "organisation" and mention.start < position:
                return mention.name
    return plain


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def same_speaker(first: str | None, second: str | None) -> bool:
    """The same speaker written two ways: case, a leading "the", a title ("Mr. Lee" /
    "Lee"), a plural ("officer" / "officers"), "X statement" / "X", or a surname."""
    if first is None or second is None:
        return True
    a, b = _speaker_key(first), _speaker_key(second)
    if a == b:
        return True
    return a.split()[-1:] == b.split()[-1:] and (" " not in a or " " not in b)


def compatible_speakers(first: str | None, second: str | None) -> bool:
    """Whether two attributions may name one speaker: the same speaker, or a person's
    role ("the mayor", "a spokeswoman") or a pronoun left unresolved ("she") beside a
    person's name.  A person's name is
    never compatible with an institution ("the ministry" is not its minister)."""
    if same_speaker(first, second) or first is None or second is None:
        return True
    if first.lower() in _BARE_PRONOUNS or second.lower() in _BARE_PRONOUNS:
        return True  # "she": an unresolved pronoun may be anyone
    for role, name in ((first, second), (second, first)):
        words = _speaker_key(role).split()
        if role[:1].islower() and words and words[-1] in ROLE_NOUNS and _looks_like_name(name):
            return True
    return False


def _looks_like_name(speaker: str) -> bool:
    words = speaker.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _speaker_key(speaker: str) -> str:
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


def prints_words(quoted: str, words: str) -> bool:
    """Whether a quote as an outlet printed it (``quoted``) contains ``words`` whole and in
    order: the story-wide claim rule's quote check (:func:`storyline.attribution.quote_printed`),
    the one place that decides whether a quote group's wording is credited to an outlet."""
    from storyline.attribution import quote_printed  # imported here: it imports compare

    return quote_printed(words, quoted)


def own_wordings(group: QuoteGroup) -> list[tuple[str, str]]:
    """(outlet, its words) for each outlet of ``group`` that did not print the group's
    wording in full: shown beside it, never credited with words it did not print."""
    return [
        (quote.span.outlet, quote.text.strip())
        for quote in group.quotes
        if not prints_words(quote.text, group.text)
    ]


def quote_words(text: str) -> list[str]:
    """Normalised words of a quote: lower case, no punctuation, curly apostrophes straightened."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def group_quotes(
    quotes: Sequence[Quote], *, story_id: str, min_similarity: float = 0.75
) -> tuple[QuoteGroup, ...]:
    """Group the same quote across articles; flag changed wording and different speakers."""
    groups: list[list[Quote]] = []
    keys: list[list[str]] = []
    for quote in quotes:
        words = quote_words(quote.text)
        for index, members in enumerate(groups):
            if _same_quote(words, keys[index], min_similarity):
                members.append(quote)
                if len(words) > len(keys[index]):
                    keys[index] = words
                break
        else:
            groups.append([quote])
            keys.append(words)
    return tuple(_make_group(members, story_id) for members in groups)


def _same_quote(a: list[str], b: list[str], min_similarity: float) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and _contains(long, short):
        return True  # an excerpt of the longer quote
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return matcher.ratio() >= min_similarity


def _contains(long: list[str], short: list[str]) -> bool:
    size = len(short)
    return any(long[i : i + size] == short for i in range(len(long) - size + 1))


def _attributions(members: Sequence[Quote]) -> tuple[Attribution, ...]:
    """Each distinct speaker (its longest form) with its outlets; unattributed copies last."""
    speakers: list[str] = []
    outlets: list[dict[str, None]] = []
    unattributed: dict[str, None] = {}
    for quote in members:
        if quote.speaker is None:
            unattributed[quote.span.outlet] = None
            continue
        index = next(
            (k for k, s in enumerate(speakers) if same_speaker(quote.speaker, s)), len(speakers)
        )
        if index == len(speakers):
            speakers.append(quote.speaker)
            outlets.append({})
        elif len(quote.speaker) > len(speakers[index]):
            speakers[index] = quote.speaker
        outlets[index][quote.span.outlet] = None
    found = [Attribution(s, tuple(o)) for s, o in zip(speakers, outlets, strict=True)]
    if unattributed:
        found.append(Attribution(None, tuple(unattributed)))
    return tuple(found)


def _make_group(members: list[Quote], story_id: str) -> QuoteGroup:
    longest = max(members, key=lambda q: len(q.text))
    attributions = _attributions(members)
    speakers = [a.speaker for a in attributions if a.speaker is not None]
    conflict = any(
        not compatible_speakers(x, y) for k, x in enumerate(speakers) for y in speakers[k + 1 :]
    )
    wordings = {" ".join(quote_words(q.text)) for q in members}
    longest_words = quote_words(longest.text)
    changed = any(
        not _contains(longest_words, quote_words(q.text)) for q in members if q is not longest
    )
    group_id = stable_id("quotes", story_id, *(q.id for q in members))
    return QuoteGroup(
        id=group_id,
        text=longest.text.strip().rstrip(","),
        quotes=tuple(members),
        speakers=tuple(speakers),
        speaker_conflict=conflict,
        wording_changed=changed and len(wordings) > 1,
        attributions=attributions,
    )
