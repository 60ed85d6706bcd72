"""Names of people, organisations and places, found by rules (no model, offline).

Candidates are runs of capitalised words ("Secretary of State Ann Lee",
"Ministry of Health"); titles are stripped from people's names and kept as
roles; organisation suffixes ("Ministry", "Bank", "Airways") and place words
("River", "Street", a preceding "in") decide the kind.  Across a story,
surface variants merge: "Secretary of State Ann Lee", "Ann Lee" and "Lee" are
one person; "Health Ministry" and "Ministry of Health" one organisation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storyline.compare.lexicon import SPEECH_VERBS, wordset
from storyline.compare.model import ENTITY_KINDS, Entity, OutletCount
from storyline.compare.name_lexicon import (
    ABBREVIATED,
    CALENDAR,
    CONNECTORS,
    HONORIFICS,
    INSTITUTIONS,
    NEWSPAPER_HEADS,
    ORG_HEADS,
    ORG_WORDS,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    TITLES,
)
from storyline.compare.name_model import (
    NameTagger,
    capital_tokens,
    load_tagger,
    name_tokens,
    spans_from_tags,
    tagged_sentences,
)
from storyline.errors import InvalidParameter
from storyline.models import stable_id
from storyline.text import STOPWORDS, Token
from storyline.text import sentences as split_sentences

__all__ = [
    "TITLES",
    "NameMention",
    "find_names",
    "merge_entities",
    "name_key",
    "strip_title",
]

_SENTENCE_END = frozenset(".!?“\"‘'(")
# Capitalised stop words that begin many names: "New York", "United States".
_NAME_OPENERS = wordset("new united north south east west")


@dataclass(frozen=True)
class NameMention:
    """A name as written in one article.

    ``surface`` is the text as written (titles included) at ``[start, end)``;
    ``name`` has titles and a possessive ending stripped and lies at
    ``[name_start, name_end)``; ``roles`` are titles and nearby role nouns
    ("mayor", "police chief").
    """

    start: int
    end: int
    surface: str
    name: str
    kind: str
    roles: tuple[str, ...] = ()
    name_start: int = 0
    name_end: int = 0


def find_names(text: str, *, use_model: bool = True) -> list[NameMention]:
    """Every name mention in an article's cleaned text, in order.

    With ``use_model`` (the default) the shipped statistical tagger finds the
    names when its weights are installed; otherwise, or without them, the rules do.
    """
    if not isinstance(use_model, bool):
        raise InvalidParameter(
            f"The 'use_model' parameter of find_names must be a bool. Got {use_model!r} instead."
        )
    return list(_cached_names(text, load_tagger() if use_model else None))


@lru_cache(maxsize=64)
def _cached_names(text: str, tagger: NameTagger | None) -> tuple[NameMention, ...]:
    # The comparison stage and the quote finder both ask for an article's names.
    if tagger is not None:
        return tuple(tagged_names(text, tagger))
    return tuple(_rule_names(text))


_MODEL_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
_EDGE_WORDS = CONNECTORS | frozenset(("and", "&", "the", "-", "'", "’"))


def tagged_names(text: str, tagger: NameTagger) -> list[NameMention]:
    """Names found by the statistical tagger, with titles, roles and kind checks added."""
    split = split_sentences(text)
    # Tokens with offsets into their sentence (the figures read the very same ones).
    sentences = [name_tokens(sentence.text) for sentence in split]
    # An ASCII sentence is read from its capital tokens; without one it holds no name.
    capitals = [
        capital_tokens(tokens) if sentence.text.isascii() else None
        for sentence, tokens in zip(split, sentences, strict=True)
    ]
    found: list[NameMention] = []
    for k, tags in enumerate(tagger.tag(sentences, capitals=capitals)):
        starts = capitals[k]
        if starts is not None and not starts:
            continue
        tokens = sentences[k]
        spans = _joined_heads(tokens, spans_from_tags(tokens, tags))
        for first, last, label in sorted(spans + _missed_people(tokens, spans, starts)):
            mention = _tagged_mention(text, tokens, first, last, label, split[k].start)
            if mention is not None:
                found.append(mention)
    return found


def _missed_people(
    tokens: list[Token], spans: list[tuple[int, int, str]], starts: Sequence[int] | None = None
) -> list[tuple[int, int, str]]:
    """People the tagger passed over: "Mr. Okafor", "Okafor said", "said Okafor".

    ``starts``, when given, holds every index where a name may start (see :func:`_runs`).
    """
    tagged = {k for first, last, _ in spans for k in range(first, last)}
    found = []
    for first, last in _runs(tokens, starts):
        if tagged.intersection(range(first, last)):
            continue
        honoured = first
        while honoured < last - 1 and tokens[honoured].lower.rstrip(".") in HONORIFICS:
            honoured += 1
        rest = tokens[honoured:last]
        if honoured > first and len(rest) <= 3 and all(t.text[:1].isupper() for t in rest):
            found.append((honoured, last, "PER"))
        elif (
            first > 0
            and last - first <= 3
            and tokens[first - 1].text not in _SENTENCE_END
            and tokens[first].lower not in STOPWORDS
            and _person_cue(tokens, first, last)
        ):
            found.append((first, last, "PER"))
    return found


def _joined_heads(
    tokens: list[Token], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Join touching names: into the next one's head word ("Bank" + "Street"), or a
    lone word into the person after it ("Rakeyia" + "Scott", tagged apart)."""
    joined: list[tuple[int, int, str]] = []
    for first, last, label in spans:
        head = tokens[last - 1].lower
        touching = bool(joined) and joined[-1][1] == first
        if touching and (head in ORG_HEADS or head in PLACE_HEADS):
            joined[-1] = (joined[-1][0], last, "ORG" if head in ORG_HEADS else "LOC")
        elif touching and label == "PER" and _lone_given_name(tokens, joined[-1]):
            joined[-1] = (joined[-1][0], last, "PER")
            while (
                len(joined) > 1
                and joined[-2][1] == joined[-1][0]
                and tokens[joined[-1][0]].text[1:] == "."
                and _lone_given_name(tokens, joined[-2], ("PER", "ORG", "LOC"))
            ):  # "Loretta" + "E. Lynch": a name starting with an initial lacks its first word
                joined[-2:] = [(joined[-2][0], last, "PER")]
        else:
            joined.append((first, last, label))
    return joined


def _lone_given_name(
    tokens: list[Token], span: tuple[int, int, str], labels: tuple[str, ...] = ("PER", "ORG")
) -> bool:
    """One word that may start a person's name: an initial ("E."), or a title-case word
    tagged as a person or a body, with no possessive ("Britain's Naseem Hamed")."""
    word = tokens[span[0]].text
    if span[1] - span[0] != 1:
        return False
    if len(word) == 2 and word[0].isupper() and word[1] == ".":
        return True
    return span[2] in labels and word[:1].isupper() and word[1:].islower() and word.isalpha()


def _tagged_mention(
    text: str, tokens: list[Token], first: int, last: int, label: str, offset: int
) -> NameMention | None:
    """The mention tagged at tokens ``[first, last)``, whose offsets are ``offset`` before
    the text's."""
    while first < last and _edge(tokens[first]):
        first += 1
    while last > first and _edge(tokens[last - 1]):
        last -= 1
    words = [_without_possessive(t.text) for t in tokens[first:last]]
    if not words or all(w.lower() in CALENDAR for w in words):
        return None
    title, name_words = strip_title(words) if label in ("PER", "MISC") else ([], words)
    if not name_words:
        return None
    name_first = first + len(title)
    cue = 2 <= len(name_words) <= 3 and _person_cue(tokens, name_first, last)
    after_the = first > 1 and tokens[first - 1].text == "The"  # "told The Guardian"
    kind = _checked_kind(
        _MODEL_KINDS[label], name_words, titled=bool(title), person_cue=cue, after_the=after_the
    )
    surface_first = _title_start(tokens, name_first)
    surface_title = [t.text for t in tokens[surface_first:name_first]]
    start, end = offset + tokens[surface_first].start, offset + tokens[last - 1].end
    name_start = offset + tokens[name_first].start
    name_end = end - 2 if tokens[last - 1].text.endswith(("'s", "’s")) else end
    roles = _roles(tokens, surface_first, last, surface_title) if kind == "person" else ()
    name = " ".join(name_words)
    return NameMention(start, end, text[start:end], name, kind, roles, name_start, name_end)


def _edge(token: Token) -> bool:
    """A token a name never starts or ends with: a connector or punctuation."""
    return token.lower in _EDGE_WORDS or not token.text[0].isalnum()


def _title_start(tokens: list[Token], first: int) -> int:
    """Extend a name back over the titles before it ("Secretary of State", "Gen.")."""
    k = first
    while k > 0:
        word = tokens[k - 1].text
        if word[:1].isupper() and word.lower().rstrip(".") in TITLES:
            k -= 1
        elif (
            k >= 3
            and word[:1].isupper()
            and tokens[k - 2].lower == "of"
            and tokens[k - 3].lower.rstrip(".") in TITLES
            and tokens[k - 3].text[:1].isupper()
        ):
            k -= 3
        else:
            break
    return k


def _checked_kind(
    kind: str, words: list[str], *, titled: bool, person_cue: bool, after_the: bool
) -> str:
    """The tagger's kind, unless a seat of power, a title or a head word says otherwise.

    The head word of a longer name ("Kestrel Vale Water", "Calder Street") names
    the kind of thing it is, and speech ("Lina Park said") marks a person.
    """
    lowered = [w.lower().rstrip(".") for w in words]
    if " ".join(lowered) in INSTITUTIONS or " ".join(lowered[1:]) in INSTITUTIONS:
        return "organisation"  # "the White House said": the institution, not the building
    head = _head_word(lowered)
    if len(lowered) > 1 and head in ORG_HEADS and kind != "place":
        return "organisation"
    if head in NEWSPAPER_HEADS and (len(lowered) > 1 or after_the):
        return "organisation"  # "the Harwick Chronicle", "told The Guardian"
    if person_cue and not titled and head not in ORG_HEADS:
        return "person"
    if len(lowered) > 1 and head in PLACE_HEADS and kind != "person":
        return "place"
    if kind == "other" and titled:
        return "person"
    return kind


def _rule_names(text: str) -> list[NameMention]:
    tokenized = tagged_sentences(text)
    mid_sentence = {
        token.text
        for tokens in tokenized
        for k, token in enumerate(tokens)
        if k > 0 and token.is_capitalised and tokens[k - 1].text not in _SENTENCE_END
    }
    found: list[NameMention] = []
    for tokens in tokenized:
        for first, last in _runs(tokens):
            mention = _mention(text, tokens, first, last, mid_sentence)
            if mention is not None:
                found.append(mention)
    return found


def strip_title(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split "Secretary of State Ann Lee" into (["Secretary", "of", "State"], ["Ann", "Lee"])."""
    last_title = -1
    for index, word in enumerate(words):
        if word.lower().rstrip(".") in TITLES and index < len(words) - 1:
            last_title = index
    cut = last_title + 1
    if 0 < cut < len(words) - 2 and words[cut] == "of":
        cut += 2  # "Secretary of State", "Minister of Health"
    return list(words[:cut]), list(words[cut:])


def merge_entities(
    mentions: Iterable[tuple[str, NameMention]], *, story_id: str
) -> tuple[Entity, ...]:
    """Merge (outlet, mention) pairs into entities with mention counts per outlet.

    Mentions merge by name (word order and "of" ignored: "Health Ministry" is
    "Ministry of Health"), and a lone surname joins the only person with it.
    An entity's kind is the most specific kind any of its mentions has.
    """
    items = list(mentions)
    canonical = _canonical_keys([mention for _, mention in items])
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    variants: dict[str, dict[str, None]] = defaultdict(dict)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    for outlet, mention in items:
        key = canonical.get(name_key(mention.name), name_key(mention.name))
        counts[key][outlet] += 1
        variants[key][mention.surface] = None
        kinds[key][mention.kind] += 1
        if len(mention.name) > len(names.get(key, "")):
            names[key] = mention.name
    entities = []
    for key, per_outlet in counts.items():
        kind = _vote(kinds[key])
        entities.append(
            Entity(
                id=stable_id("entity", story_id, key),
                name=names[key],
                kind=kind,
                variants=tuple(sorted(variants[key])),
                counts=tuple(OutletCount(o, n) for o, n in sorted(per_outlet.items())),
            )
        )
    entities.sort(key=lambda entity: (-entity.total, entity.name))
    return tuple(entities)


def _vote(kinds: Counter[str]) -> str:
    """The most frequent specific kind ("other" only when nothing else was seen)."""
    specific = [(-kinds[k], ENTITY_KINDS.index(k), k) for k in kinds if k != "other"]
    return min(specific)[2] if specific else "other"


def name_key(name: str) -> str:
    """ "Ministry of Health" and "Health Ministry" share a key; so do ’ and ', "U.S." and "US"."""
    words = name.lower().replace("’", "'").replace(".", "").split()
    return " ".join(sorted(w for w in words if w not in ("of", "and", "for", "the")))


def _canonical_keys(mentions: Sequence[NameMention]) -> dict[str, str]:
    """Map the key of a lone surname or an acronym to the key of the only full name it fits.

    "Okafor" joins "Grace Okafor" when no other person is named Okafor; "U.S."
    joins "United States" and "UN" "United Nations" when one name has those initials.
    """
    full_people: dict[str, set[str]] = defaultdict(set)  # surname -> keys of full names
    by_initials: dict[str, set[str]] = defaultdict(set)  # initials -> keys of long names
    for mention in mentions:
        words = mention.name.split()
        if mention.kind == "person" and len(words) > 1:
            full_people[words[-1].lower()].add(name_key(mention.name))
        initials = _initials_of(words)
        if len(initials) >= 2:
            by_initials[initials].add(name_key(mention.name))
    result: dict[str, str] = {}
    for mention in mentions:
        if " " in mention.name:
            continue
        keys = full_people.get(mention.name.lower(), set())
        acronym = mention.name.replace(".", "")
        if not keys and acronym.isupper() and 2 <= len(acronym) <= 6:
            keys = by_initials.get(acronym, set())
        if len(keys) == 1:
            result[name_key(mention.name)] = next(iter(keys))
    return result


def _initials_of(words: Sequence[str]) -> str:
    """ "United States" -> "US", "Bank of England" -> "BE"; "" unless every word is capitalised."""
    kept = [w for w in words if w.lower() not in ("of", "the", "and", "for", "&")]
    if len(kept) < 2 or not all(w[:1].isupper() for w in kept):
        return ""
    return "".join(w[0] for w in kept)


def _runs(tokens: list[Token], starts: Sequence[int] | None = None) -> Iterable[tuple[int, int]]:
    """(first, last) token indices of runs of capitalised words, connectors inside.

    ``starts`` (ascending), when given, must hold every token index that starts
    with a capital letter (e.g. :func:`capital_tokens` of an ASCII sentence): only
    those are tried as a run's first word.
    """
    k = 0
    for first in range(len(tokens)) if starts is None else starts:
        if first < k or not _name_word(tokens[first]):
            continue
        k = first + 1
        while k < len(tokens):
            token = tokens[k]
            if (
                token.text == "." and tokens[k - 1].lower in ABBREVIATED | _initials(tokens[k - 1])
            ) or _name_word(token):
                k += 1
            elif (
                (
                    token.lower in CONNECTORS
                    or (token.text in "'’" and tokens[k - 1].text[-1] == "s")
                )
                and k + 1 < len(tokens)
                and _name_word(tokens[k + 1])
            ):
                k += 2  # "Ministry of Health", "Ratepayers' Association"
            else:
                break
        last = k
        while last > first and tokens[last - 1].text == ".":
            last -= 1
        yield first, last


def _initials(token: Token) -> frozenset[str]:
    return (
        frozenset({token.lower}) if len(token.text) == 1 and token.text.isupper() else frozenset()
    )


def _name_word(token: Token) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and text.replace("’", "").replace("'", "").replace("-", "").replace(".", "").isalpha()
        and text.lower() not in CALENDAR
    )


def _mention(
    text: str, tokens: list[Token], first: int, last: int, mid_sentence: set[str]
) -> NameMention | None:
    sentence_start = first == 0 or tokens[first - 1].text in _SENTENCE_END
    opener = tokens[first].lower in _NAME_OPENERS and last - first > 1
    if sentence_start and (
        (tokens[first].lower in STOPWORDS and not opener)
        or (last - first == 1 and tokens[first].text not in mid_sentence)
    ):
        first += 1
    while first < last and (
        tokens[first].lower in CONNECTORS
        or (tokens[first].lower in STOPWORDS and tokens[first].lower not in _NAME_OPENERS)
    ):
        first += 1
    if first >= last:
        return None
    words: list[str] = []
    for token in tokens[first:last]:
        if token.text in "'’" and words:
            words[-1] += token.text  # "Workers' Union"
        elif token.text != ".":
            words.append(_without_possessive(token.text))
    title, name_words = strip_title(words)
    if name_words and name_words[-1].lower() in ORG_WORDS | PLACE_WORDS:
        title, name_words = [], words  # "Marlow Bay General Hospital" has no title
    if not name_words:
        return None
    name = " ".join(name_words)
    start, end = tokens[first].start, tokens[last - 1].end
    kind = _kind(tokens, first, last, title, name_words)
    roles = _roles(tokens, first, last, title) if kind == "person" else ()
    name_start = _word_start(tokens, first, last, len(title))
    name_end = end - 2 if text[name_start:end].endswith(("'s", "’s")) else end
    return NameMention(start, end, text[start:end], name, kind, roles, name_start, name_end)


def _word_start(tokens: list[Token], first: int, last: int, skip: int) -> int:
    """Start of the word after the first ``skip`` words of a run ("." and "'" are no words)."""
    seen = 0
    for token in tokens[first:last]:
        if token.text in (".", "'", "’"):
            continue
        if seen == skip:
            return token.start
        seen += 1
    return tokens[last - 1].start


def _without_possessive(word: str) -> str:
    for suffix in ("’s", "'s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _kind(tokens: list[Token], first: int, last: int, title: list[str], words: list[str]) -> str:
    """Title, then the head word ("... Water", "... Street", "University of ..."), then cues."""
    lowered = [w.lower().rstrip(".") for w in words]
    if " ".join(lowered) in INSTITUTIONS:
        return "organisation"
    if title:
        return "person"
    head = _head_word(lowered)
    if head in ORG_HEADS and len(lowered) > 1:
        return "organisation"
    person_cue = 2 <= len(words) <= 3 and _person_cue(tokens, first, last)
    if head in PLACE_WORDS and not person_cue:  # "Lina Park said" is a person
        return "place"
    acronym = len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6
    if any(w in ORG_WORDS for w in lowered) or acronym:
        return "organisation"
    quoted = first > 0 and last < len(tokens) and tokens[first - 1].text in "“\"‘'"
    if quoted and tokens[last].text in "”\"’'":
        return "other"  # a title in quotation marks: "the film “Northern Lights”"
    if person_cue:
        return "person"
    if head in PLACE_WORDS:
        return "place"
    previous = tokens[first - 1].lower if first > 0 else ""
    before_previous = tokens[first - 2].lower if first > 1 else ""
    if previous in PLACE_PREPOSITIONS and before_previous != "according":
        return "place"
    return "other"


def _head_word(lowered: list[str]) -> str:
    """The word that says what a name is: before "of" ("Bank of ..."), else the last."""
    for index, word in enumerate(lowered[1:], start=1):
        if word in ("of", "for"):
            return lowered[index - 1]
    return lowered[-1]


def _person_cue(tokens: list[Token], first: int, last: int) -> bool:
    """ "said Lina Park", "Lina Park, 34,", "Lina Park, who", "Lina Park said"."""
    before = tokens[first - 1].lower if first > 0 else ""
    after = [t.lower for t in tokens[last : last + 3]]
    if before in SPEECH_VERBS or (after and after[0] in SPEECH_VERBS):
        return True
    if len(after) >= 2 and after[0] == "," and (after[1].isdigit() or after[1] in ("who", "whose")):
        return True
    if first >= 2 and tokens[first - 1].text == "," and tokens[first - 2].lower in TITLES:
        return True  # "the governor, Brian Holloway"
    following = [t.lower for t in tokens[last : last + 6]]
    return following[:1] == [","] and any(word in TITLES for word in following[2:])


def _roles(tokens: list[Token], first: int, last: int, title: list[str]) -> tuple[str, ...]:
    """Titles and role nouns next to a person's name: "city engineer X", "X, the mayor,"."""
    roles = [" ".join(w.lower().rstrip(".") for w in title)] if title else []
    if title:
        roles.append(title[-1].lower().rstrip("."))
    before = tokens[first - 1] if first > 0 else None
    if (
        before is not None
        and before.text.isalpha()
        and before.text.islower()
        and before.lower not in STOPWORDS | SPEECH_VERBS
    ):
        roles.append(before.lower)  # "city engineer Paul Mensah"
    if first >= 2 and tokens[first - 1].text == "," and tokens[first - 2].text.islower():
        roles.append(tokens[first - 2].lower)  # "The city's mayor, Elena Voss"
    if (
        last + 2 < len(tokens)
        and tokens[last].text == ","
        and tokens[last + 1].lower
        in (
            "the",
            "a",
            "an",
        )
    ):
        for k in range(last + 2, min(last + 8, len(tokens))):
            if tokens[k].text in ",.;" or tokens[k].lower in ("at", "of", "for", "in", "with"):
                if tokens[k - 1].text.islower():
                    roles.append(tokens[k - 1].lower)  # "Ahmed Rahimi, the county coroner,"
                break
    return tuple(dict.fromkeys(role for role in roles if role))
