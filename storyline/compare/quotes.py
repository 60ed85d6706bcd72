"""Direct quotes and their speakers, and the same quote across outlets.

A quotation counts as a quote when something attributes it (a speech verb
next to it, "according to"), when it continues a quote in the same or the
previous paragraph, or when it is a whole sentence of its own; scare quotes
and quoted titles ("the film “Northern Lights”") are left out.  Pronouns,
surnames and bare titles ("she", "Lee", "the mayor", "the ministry") are
resolved to the name the article gives nearby (:mod:`storyline.compare.speaker_names`);
the attribution itself is read by :mod:`storyline.compare.speakers`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.compare.clause_starts import is_name_token
from storyline.compare.entities import find_names
from storyline.compare.lexicon import ROLE_NOUNS, SPEECH_VERBS, wordset
from storyline.compare.model import Attribution, Quote, QuoteGroup
from storyline.compare.quote_marks import is_title, quoted_spans
from storyline.compare.speaker_lexicon import DASHES
from storyline.compare.speaker_names import (
    DOCUMENT_NOUNS,
    PRONOUNS,
    ArticleContext,
    full_name,
    is_person,
    resolve,
    same_speaker,
    speaker_key,
)
from storyline.compare.speakers import (
    Speaker,
    claim_owner,
    clause_subject,
    speaker_in_head,
    speaker_in_tail,
)
from storyline.models import stable_id
from storyline.text import paragraph_spans, tokenize
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

_WORD = re.compile(r"[\w’']+")
# An attribution that names a written statement: "in a statement, the council said",
# "said in a brief statement", "a council statement said", "the statement from X read".
_STATEMENT = re.compile(
    r"(?i)\b(?:in|via|through)\s+(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}"
    r"statement\b|\bstatement\s+(?:from|by|issued|released|said|says|read|reads|added|stated)\b"
)
_ARTICLES = frozenset({"the", "a", "an"})
_SENTENCE_END = re.compile(r"\b(\w+)[.!?][\"'”’]*\s+(?=[A-Z\"'“‘])")
_ABBREVIATIONS = wordset("mrs sen rep gov gen col sgt prof rev inc corp calif")
_MIN_UNATTRIBUTED_WORDS = 4
_SPEAKING = wordset("spoke speaks speaking interview remarks")
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


def extract_quotes(text: str) -> list[FoundQuote]:
    """Every direct quote in an article's cleaned text, with its resolved speaker."""
    sentences = split_sentences(text)
    spans = quoted_spans(text)
    context = ArticleContext(
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


def _window(context: ArticleContext, spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """Where the attribution of quote ``index`` may be: its sentence, up to the next quotes."""
    start, end = spans[index]
    head_start = context.sentence_at(start - 1).start
    if index > 0 and spans[index - 1][1] + 1 > head_start:
        head_start = spans[index - 1][1] + 1  # "“...,” said Lee. “...”": Lee's words go on
    else:
        head_start = _after_last_sentence_end(context.masked, head_start, start - 1)
    closing = context.sentence_at(end)
    tail_end = max(closing.end, end + 1)
    if index + 1 < len(spans) and spans[index + 1][0] - 1 < tail_end:
        tail_end = spans[index + 1][0] - 1
    return head_start, tail_end


def _after_last_sentence_end(text: str, start: int, end: int) -> int:
    """Where the last sentence before ``end`` starts: a quote in NYT style ('' ... '') may be
    left inside the sentence before it ("... distance. ''This was ...'' Lee said.")."""
    found = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = match.group(1)
        if len(word) > 2 and not word.isupper() and word.lower() not in _ABBREVIATIONS:
            found = match.end()  # not after an initial ("Lee C. Bollinger") or "U.S."
    return found


def _find_speaker(
    context: ArticleContext, start: int, end: int, head_start: int, tail_end: int
) -> Speaker | None:
    """The attribution next to the quote, else one elsewhere in its sentence."""
    text = context.masked
    head_end, tail_start = start - 1, min(end + 1, len(text))
    byline = _byline(context, head_start, head_end)
    if byline is not None:
        return byline  # "Polls ended too early - Ana Ruiz: “...”"
    if _has_words(text[head_start:head_end]):
        speaker = speaker_in_head(text, head_start, head_end)
        if speaker is not None:
            return speaker
    # “...,” / “...?” / “...!”: the quote's sentence goes on, so an attribution follows
    comma = context.text[start:end].rstrip().endswith((",", "?", "!"))
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
        speaker = _next_sentence_speaker(context, sentence_end, any_verb=comma)
    if speaker is None:
        speaker = _speaker_after_a_comma(text, tail_start, sentence_end)
    if speaker is None:
        speaker = claim_owner(text, sentence_start, head_end)
    if speaker is None and _has_words(text[sentence_start:head_end]):
        tokens = tokenize(text[sentence_start:head_end], sentence_start)
        speaker = clause_subject(text, tokens, cue_end=head_end)  # "X denounced it as “...”"
        if speaker is not None and not _acts_before(text, speaker, head_end):
            speaker = None  # "Tea Party “super PACs” supported ...": the quote names a thing
    return speaker


def _byline(context: ArticleContext, head_start: int, head_end: int) -> Speaker | None:
    """A name alone between a dash (or "from") and the colon before a quote labels it, as a
    digest credits its excerpts: "Turnout rose - Ana Ruiz and Ivo Lund: “...”", "More from
    the Gallup team - Ana Ruiz: “...”" (never a place: "News from Lisbon:")."""
    head = context.masked[head_start:head_end].rstrip()
    if not head.endswith(":"):
        return None
    tokens = tokenize(head[:-1], head_start)
    marks = [k for k, t in enumerate(tokens) if t.text in DASHES or t.text == "from"]
    cut = max(marks, default=-1)
    run = tokens[cut + 1 :]
    if cut < 0 or not run or not is_name_token(run[0]) or not is_name_token(run[-1]):
        return None
    if not all(is_name_token(t) or t.text in (".", "and") for t in run):
        return None
    places = (m for m in context.names if m.kind == "place" and run[0].start <= m.start)
    if any(m.start < run[-1].end for m in places):
        return None
    return Speaker(context.text[run[0].start : run[-1].end], "name", run[0].start, head_end)


def _acts_before(text: str, subject: Speaker, head_end: int) -> bool:
    """Whether a word in lower case (a verb) stands between a clause's subject and the quote."""
    found = text.lower().find(subject.text.lower(), subject.start, head_end)
    after = found + len(subject.text) if found >= 0 else subject.start
    return any(word.islower() for word in _WORD.findall(text[after:head_end]))


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


def _next_sentence_speaker(
    context: ArticleContext, sentence_end: int, *, any_verb: bool
) -> Speaker | None:
    """ "“...” Lee said." with the attribution split off as a sentence of its own."""
    following = context.sentence_at(sentence_end + 1)
    if following.start <= sentence_end or context.paragraph_of(following.start) != (
        context.paragraph_of(sentence_end)
    ):
        return None
    if len(following.text.split()) > 6:
        if not any_verb:
            return None
        # "“...!” Sen. Ana Ruiz said as she opened the vote.": the mark ended the sentence
        return speaker_in_tail(context.masked, following.start, following.end)
    return speaker_in_tail(context.masked, following.start, following.end, any_verb=any_verb)


def _read_quote(
    context: ArticleContext,
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
        name = resolve(context, speaker, start, previous)
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
    context: ArticleContext,
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
    if last is not None and last.speaker is not None and _continues(context, last, start):
        return last.speaker  # "“Here he is,” she said. “Right here.”"
    if quoted_words < _MIN_UNATTRIBUTED_WORDS:
        return _DROP
    paragraph = context.paragraph_of(start)
    since = max(context.paragraphs[paragraph][0], last.end if last is not None else 0)
    spoken = _attribution_between(context, since, start, previous)
    if spoken is not None:
        return spoken  # "..., Schiff said. “...”": the paragraph's own attribution
    introduced = _introduced_by_colon(context, paragraph, start, previous)
    if introduced is not None:
        return introduced  # "The ministry issued the following statement:" / "“...”"
    if last is not None and context.paragraph_of(last.start) >= paragraph - 1:
        return last.speaker
    return _speaker_of_previous_paragraph(context, paragraph, start)


def _continues(context: ArticleContext, last: FoundQuote, start: int) -> bool:
    """Whether only the last quote's own attribution stands between it and ``start``."""
    if last.cue is None or not last.end <= last.cue[0] < start:
        return False
    between = context.masked[last.end : start]
    return "\n" not in between.strip() and len(_WORD.findall(between)) <= 6


def _attribution_between(
    context: ArticleContext, since: int, position: int, previous: Sequence[FoundQuote]
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
            return resolve(context, speaker, sentence.start, previous)
    return None


def _introduced_by_colon(
    context: ArticleContext, paragraph: int, start: int, previous: Sequence[FoundQuote]
) -> str | None:
    """A paragraph that opens with a quote after a paragraph ending with a colon: the
    colon's sentence names the speaker ("Lee responded:", "The ministry issued the
    following statement:")."""
    p_start, _ = context.paragraphs[paragraph]
    if paragraph < 1 or context.text[p_start:start].strip(" \"'“‘") != "":
        return None
    before_start, before_end = context.paragraphs[paragraph - 1]
    if not context.text[before_start:before_end].rstrip().endswith(":"):
        return None
    sentence = context.sentence_at(context.text.rfind(":", before_start, before_end))
    head_start = max(sentence.start, before_start)
    head_end = context.text.rfind(":", before_start, before_end)
    speaker = speaker_in_head(context.masked, head_start, head_end)
    if speaker is None:
        tokens = tokenize(context.masked[head_start:head_end], head_start)
        speaker = clause_subject(context.masked, tokens, cue_end=head_end)
    if speaker is None:
        return None
    speaker, _ = _without_statement(speaker)
    return resolve(context, speaker, head_start, previous)


def _speaker_of_previous_paragraph(
    context: ArticleContext, paragraph: int, start: int
) -> str | None:
    """A paragraph that is all quote, after "X said ..." in the paragraph before."""
    if paragraph < 1:
        return None
    p_start, p_end = context.paragraphs[paragraph - 1]
    words = {w.lower() for w in _WORD.findall(context.text[p_start:p_end])}
    if not words & (SPEECH_VERBS | _SPEAKING):
        return None  # "Lee spoke only in vague terms during the interview." / "“...”"
    people = [m for m in context.names if p_start <= m.start < p_end and is_person(context, m)]
    return full_name(context, people[0].name, start) if people else None


def _without_statement(speaker: Speaker) -> tuple[Speaker, bool]:
    """ "a council statement" -> ("a council", True): the council speaks through it;
    "the IMF report" -> ("IMF", False): a named body speaks through its document."""
    words = speaker.text.split()
    last = words[-1].lower() if words else ""
    if speaker.kind != "description" or last not in DOCUMENT_NOUNS:
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


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def compatible_speakers(first: str | None, second: str | None) -> bool:
    """Whether two attributions may name one speaker: the same speaker, or a person's
    role ("the mayor", "a spokeswoman") or a pronoun left unresolved ("she") beside a
    person's name.  A person's name is
    never compatible with an institution ("the ministry" is not its minister)."""
    if same_speaker(first, second) or first is None or second is None:
        return True
    if first.lower() in PRONOUNS or second.lower() in PRONOUNS:
        return True  # "she": an unresolved pronoun may be anyone
    for role, name in ((first, second), (second, first)):
        words = speaker_key(role).split()
        if role[:1].islower() and words and words[-1] in ROLE_NOUNS and _looks_like_name(name):
            return True
    return False


def _looks_like_name(speaker: str) -> bool:
    words = speaker.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


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
    bags: list[Counter[str]] = []
    for quote in quotes:
        words = quote_words(quote.text)
        bag = Counter(words)
        for index, members in enumerate(groups):
            if _same_quote(words, keys[index], min_similarity, bag, bags[index]):
                members.append(quote)
                if len(words) > len(keys[index]):
                    keys[index], bags[index] = words, bag
                break
        else:
            groups.append([quote])
            keys.append(words)
            bags.append(bag)
    return tuple(_make_group(members, story_id) for members in groups)


def _same_quote(
    a: list[str],
    b: list[str],
    min_similarity: float,
    a_bag: Counter[str] | None = None,
    b_bag: Counter[str] | None = None,
) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and _contains(long, short):
        return True  # an excerpt of the longer quote
    # The matcher's ratio is 2 * matched words / all words, and no more words can match
    # than the two quotes share: when even that bound falls short, the matcher need not run.
    shared = ((a_bag or Counter(a)) & (b_bag or Counter(b))).total()
    if 2.0 * shared / (len(a) + len(b)) < min_similarity:
        return False
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
