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

from storyline.compare.lexicon import ROLE_NOUNS, SPEECH_VERBS, wordset
from storyline.compare.model import ENTITY_KINDS, Entity, OutletCount
from storyline.models import stable_id
from storyline.text import STOPWORDS, Token, tokenize
from storyline.text import sentences as split_sentences

__all__ = ["NameMention", "find_names", "merge_entities", "name_key", "strip_title"]

TITLES = (
    wordset("""
    mr mrs ms miss dr prof sir dame lord lady mayor president minister secretary senator sen
    governor gov judge justice inspector detective sergeant sgt officer chief coach prosecutor
    commissioner superintendent supt captain capt general gen colonel col lieutenant lt major
    admiral reverend rev father sister bishop pope king queen prince princess sheikh chancellor
    premier ambassador representative rep congressman congresswoman councillor councilman
    councilwoman alderman sheriff deputy director chairman chairwoman professor dean
    constable commander marshal speaker executive
    """)
    | ROLE_NOUNS
)
ORG_WORDS = wordset("""
    ministry department council agency authority party bank university college school hospital
    police inc ltd corp co plc llc group energy motors airways airlines airline association
    union committee commission court service services office institute foundation board fund
    bureau company herald times post gazette journal news tribune press network systems
    technologies holdings partners club fc army navy parliament senate congress government
    trust society federation organisation organization agency coalition alliance church
    brigade ministry railways railway corporation industries labs laboratories media
    """)
# Last words that make a name a company, club or broadcaster ("Marlow Bay Water",
# "Dunmore Rovers", "Harbour FM"), though on their own they are common nouns.
ORG_HEADS = ORG_WORDS | wordset("""
    water power energy gas electric electricity rail railways trains buses transport foods
    food dairies dairy farms mills motors airways airlines shipping ferries mining steel
    pharmaceuticals insurance logistics telecom broadcasting fm radio tv television rovers
    united wanderers athletic albion rangers
    """)
PLACE_WORDS = wordset("""
    river street road avenue lane bridge valley mountain mountains lake bay island islands coast
    county province district city town village park square port harbour harbor airport station
    sea ocean hills forest region state heights estate quarter peninsula canal hall quay
    """)
PLACE_PREPOSITIONS = wordset("in at from near to across outside inside into around")
CONNECTORS = wordset("of for de van von al bin la du del")
CALENDAR = wordset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec i mondays tuesdays wednesdays thursdays fridays saturdays sundays
    """)
_SENTENCE_END = frozenset(".!?“\"‘'(")
_ABBREVIATED = wordset("dr mr mrs ms st prof gen col lt sgt capt rev sen gov rep supt jr sr")


@dataclass(frozen=True)
class NameMention:
    """A name as written in one article.

    ``surface`` is the text as written (titles included); ``name`` has titles
    stripped; ``roles`` are titles and nearby role nouns ("mayor", "police chief").
    """

    start: int
    end: int
    surface: str
    name: str
    kind: str
    roles: tuple[str, ...] = ()


def find_names(text: str) -> list[NameMention]:
    """Every name mention in an article's cleaned text, in order."""
    sentences = split_sentences(text)
    tokenized = [tokenize(s.text, s.start) for s in sentences]
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
    """ "Ministry of Health" and "Health Ministry" share a key; so do ’ and '."""
    words = name.lower().replace("’", "'").split()
    return " ".join(sorted(w for w in words if w not in ("of", "and", "for", "the")))


def _canonical_keys(mentions: Sequence[NameMention]) -> dict[str, str]:
    """Map the key of a lone surname to the key of the only person named with it."""
    full_people: dict[str, set[str]] = defaultdict(set)  # surname -> keys of full names
    for mention in mentions:
        words = mention.name.split()
        if mention.kind == "person" and len(words) > 1:
            full_people[words[-1].lower()].add(name_key(mention.name))
    result: dict[str, str] = {}
    for mention in mentions:
        if " " not in mention.name:
            keys = full_people.get(mention.name.lower(), set())
            if len(keys) == 1:
                result[name_key(mention.name)] = next(iter(keys))
    return result


def _runs(tokens: list[Token]) -> Iterable[tuple[int, int]]:
    """(first, last) token indices of runs of capitalised words, connectors inside."""
    k = 0
    while k < len(tokens):
        if not _name_word(tokens[k]):
            k += 1
            continue
        first = k
        k += 1
        while k < len(tokens):
            token = tokens[k]
            if (
                token.text == "." and tokens[k - 1].lower in _ABBREVIATED | _initials(tokens[k - 1])
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
    if sentence_start and (
        tokens[first].lower in STOPWORDS
        or (last - first == 1 and tokens[first].text not in mid_sentence)
    ):
        first += 1
    while first < last and tokens[first].lower in STOPWORDS | CONNECTORS:
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
    return NameMention(start, end, text[start:end], name, kind, roles)


def _without_possessive(word: str) -> str:
    for suffix in ("’s", "'s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _kind(tokens: list[Token], first: int, last: int, title: list[str], words: list[str]) -> str:
    """Title, then the head word ("... Water", "... Street", "University of ..."), then cues."""
    lowered = [w.lower().rstrip(".") for w in words]
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
