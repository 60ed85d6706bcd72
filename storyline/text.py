"""Sentences, tokens and terms: the only place storyline splits text.

Every other stage asks this module for sentence spans, word tokens, content
terms, names and shingles, so that a change to tokenisation changes every
stage the same way.

Sentence splitting is rule-based and cheap (one regular expression finds the
candidate boundaries, a few set look-ups reject the false ones) because every
article passes through it on the hot path.  A candidate boundary is terminal
punctuation (``. ! ? …``), optional closing quotes or brackets, white space,
then something that can open a sentence (a capital letter or a digit,
possibly after an opening quote or bracket).  A candidate is rejected when:

* the period ends a title (``Mr.``, ``Gen.``), a dotted acronym (``U.S.``,
  ``a.m.``), an initial (``J. R. Lee``), another known abbreviation
  (``Corp.``, ``Jan.``, ``etc.``) or a list marker (``1.`` at the start of a
  sentence) -- except that acronyms, initials and abbreviations that often
  end a sentence do end it when a common sentence opener follows ("... in the
  U.S. The ..." splits, "the U.S. Senate" does not);
* ``No.``, ``Vol.``, ``Fig.``, ``pp.`` and the like are followed by a digit;
* a quoted question or exclamation is followed by its attribution
  (``"Why?" Lee asked.``);
* it falls inside a quotation that opens and closes within the paragraph and
  holds at most three sentences (see ``_MAX_QUOTED_BOUNDARIES``).  A quote
  that never closes, or runs longer, is split normally: a stray or
  mis-detected quote mark can then only glue a few sentences together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "STOPWORDS",
    "Sentence",
    "Token",
    "names",
    "normalize",
    "paragraph_spans",
    "sentences",
    "shingles",
    "stem",
    "terms",
    "tokenize",
    "word_count",
    "words",
]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles before a name: their period never ends a sentence (matched case-sensitively,
# so "He sat. Then" still splits while "Sen. Lee" does not).
_TITLES = _word_set(
    """
    Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Profs Gen Col Lt Sgt Capt Cmdr Cmdt Adm Maj
    Gov Sen Sens Rep Reps Rev Hon Pres Supt Insp Det Cpl Pvt Brig Atty Amb Fr Msgr
    """
)
# Abbreviations that can also end a sentence: split only when a sentence opener follows.
_FINAL_ABBREVIATIONS = _word_set(
    """
    Inc Ltd Co Corp Plc Llc Bros Jr Sr St Mt Ft Ave Blvd Rd Dept Univ Assn Intl Esq
    INC LTD CO CORP PLC LLC
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    etc al
    """
)
_MONTHS = _word_set("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
# Abbreviations whose period never ends a sentence, in any letter case.
_NEVER_FINAL = _word_set("vs cf e.g i.e viz approx ca")
# Abbreviations only when a number follows ("No. 10", "Vol. 2", "pp. 4-6").
_BEFORE_NUMBER = _word_set("no nos vol vols fig figs pp art arts ch pg para nr")
# Words that typically open a sentence: after an ambiguous abbreviation they mean a split.
_OPENERS = _word_set(
    """
    the a an he she it they we i you this that these those his her its their our my
    but and so yet then now still however meanwhile in on at for as after before
    when while if since during under with from by there what why how who where
    officials police mr mrs ms some many most all both one no not last earlier later
    """
)
# Speech verbs: '"Why?" Lee asked.' is one sentence.
_ATTRIBUTION = re.compile(
    r"(?!(?:Nobody|No|None|Everyone|Everybody|Someone|Somebody|All|Many|Few|Some|The|A|An"
    r"|This|That|They|We|I|He|She|It|People|Officials|Police|Residents|Critics)\b)"
    r"(?:[A-Z][\w'’\-]*\.?\s+){1,3}"
    r"(?:ask|say|add|repl(?:y|ie)|write|wrote|told|tell|shout|cr(?:y|ie)|yell|insist"
    r"|wonder|demand|continue|explain|answer|recall|note|said|asked)(?:s|ed|d)?\b"
)

_NEVER_ENDS = "never ends a sentence"
_AMBIGUOUS = "ends a sentence if an opener follows"
_BEFORE_DIGIT = "abbreviation if a digit follows"


def _case_variants(word: str) -> tuple[str, ...]:
    return (word, word.capitalize(), word.upper())


# Word before a period -> how to judge the period (one look-up on the hot path).
_ABBREVIATION_KIND: dict[str, str] = {
    **{word: _AMBIGUOUS for word in _FINAL_ABBREVIATIONS},
    **{v: _BEFORE_DIGIT for word in _BEFORE_NUMBER for v in _case_variants(word)},
    **{v: _NEVER_ENDS for word in _NEVER_FINAL for v in _case_variants(word)},
    **{word: _NEVER_ENDS for word in _TITLES},
    # lower-cased text ("a disputed oct. 1 vote"): a date only when a day follows
    **{word.lower(): _BEFORE_DIGIT for word in _MONTHS},
}

_OPEN_PUNCT = "\"'“‘([«"
_CLOSE_PUNCT = "\"'”’)]»"

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then something that can open a sentence.
# Capitals of Cyrillic and Greek, and letters of scripts without case (Hebrew,
# Arabic, Devanagari, Thai, kana, CJK ideographs, Hangul) open a sentence too.
_OPENING_LETTER = (
    "A-Z0-9À-ÖØ-Þ\u0400-\u042f\u0391-\u03a9\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
)
_BOUNDARY = re.compile(
    rf"""(?P<end>[.!?…]+[\"'”’)\]»]*)\s+(?=[\"'“‘(\[«「『]?[{_OPENING_LETTER}])"""
)
# Full-width sentence ends (Chinese, Japanese) need no space after them.
_WIDE_END = re.compile(r"[。！？]+[」』）〉》\"”’]*")
_WIDE_STOPS = frozenset("。！？")
_QUOTATIVE = re.compile(r"[\u3040-\u309f]")  # hiragana after a closing bracket: と, って
# Runs of kana and CJK ideographs: no spaces between words.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NEXT_WORD = re.compile(r"[\"'“‘(\[«]?(\w+)")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_LIST_LEAD = ":;"

# Quote marks are classified by their neighbours (see _quote_kind).
_QUOTE_CHAR = re.compile(r"[\"“”‘’']")
_BEFORE_OPENING = '([“"—–:'
_AFTER_CLOSING = '.,;:!?)]”"—–'
_BEFORE_SINGLE_CLOSING = ".,!?;:…"
# A quotation holding more boundaries than this (more than three sentences) is
# not trusted to be one quotation: its inside is split as usual.
_MAX_QUOTED_BOUNDARIES = 2

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+(?:[.,'’\-]\w+)*", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters (category Cc) other than tab and newline, soft hyphens
# and zero-width marks that only break words apart when scraped.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_LINE_BREAK = re.compile(r"\r\n?|\u2028")
# Latin ligatures (ﬁ, ﬂ, ﬀ ...) come from typesetting, not from the writer: they
# are spelled out.  Other compatibility characters keep their form, because
# they carry meaning ("40 m²", "½", "™") or belong to the text's own script
# (the full-width punctuation of Chinese and Japanese); NFKC would flatten them.
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}

# A name token: a dotted acronym (U.S., D.C.), an initial before another
# capital (the "J." of "J. R. Lee"), or a capitalised word.
_NAME_TOKEN = (
    r"(?:[A-Z][a-z]?\.(?:[A-Z][a-z]?\.)*[A-Z][a-z]?(?![\w'’\-])\.?"  # U.S., D.C., Ph.D.
    r"|(?:[A-Z]|St|Mt|Ft)\.(?=\s+[A-Z])"  # J. R. Lee, St. Louis
    r"|[A-Z][\w'’\-]*)"
)
_NAME_CONNECTOR = r"(?:of|de|du|da|di|del|der|den|van|von|al|bin|ibn|la|le)"
_NAME = re.compile(rf"\b{_NAME_TOKEN}(?:(?:\s+{_NAME_CONNECTOR}(?=\s+[A-Z]))?\s+{_NAME_TOKEN})*")
# What may precede the first word of a sentence: opening quotes, a list marker.
_SENTENCE_LEAD = re.compile(r"[\"'“‘(\[«\s]*(?:(?:\d{1,3}[.)]|[-•*–—])\s+[\"'“‘(\[«]*)?")
# Words dropped from the front of a run: connectors and determiners ("The U.S. House").
_NAME_LEADS = frozenset(_NAME_CONNECTOR[3:-1].split("|")) | _word_set(
    "the a an this that these those his her its their our my"
)

STOPWORDS = _word_set(
    """
    a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can could did do does doing
    down during each few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own said same
    she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves says
    say told according one two new last first year years week weeks day days monday
    tuesday wednesday thursday friday saturday sunday yesterday today also however
    would could may might must shall us mr mrs ms per cent percent like just than
    """
)


@dataclass(frozen=True)
class Sentence:
    """A sentence as a character span of the text it was found in."""

    start: int
    end: int
    text: str


def normalize(text: str) -> str:
    """Unicode NFC, Latin ligatures spelled out, unified line breaks, runs of spaces
    collapsed (non-breaking and other Unicode spaces included), lines stripped.

    Control characters, soft hyphens and zero-width spaces are removed (before
    NFC, so that removing them cannot leave text that NFC would change).
    Compatibility characters other than ligatures are kept ("m²", "½", "，"):
    :func:`terms` folds them for matching instead.
    Lines of a paragraph are joined with a space; paragraphs (separated by a
    blank line) are kept, separated by exactly one blank line.
    Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    if "\r" in text or "\u2028" in text:
        text = _LINE_BREAK.sub("\n", text)
    if "\u2029" in text:
        text = text.replace("\u2029", "\n\n")
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        # NFC line by line gives the same result as on the whole text (it
        # never composes across a line break); the checks skip work that
        # plain ASCII lines, the vast majority, do not need.
        if not line.isprintable():  # every character _INVISIBLE removes is unprintable
            line = _INVISIBLE.sub("", line)
        if not line.isascii():
            line = unicodedata.normalize("NFC", line.translate(_LIGATURES))
        if "  " in line or "\t" in line or not line.isascii():
            line = _SPACES.sub(" ", line)
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (separated by blank lines) of ``text``."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(text, position, match.start(), spans)
        position = match.end()
    _append_stripped(text, position, len(text), spans)
    return spans


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, never across a paragraph break.

    Periods in abbreviations (U.S., Mr., Gen.), decimals (4.5), initials
    (J. R. Smith) and list markers do not end a sentence, nor does anything
    inside a short quotation; closing quotes stay with the sentence they
    close.  The spans are exact (``text[s.start:s.end] == s.text``), ordered,
    and cover every non-space character of every paragraph.
    """
    return list(_article_sentences(text))


# An article's text is split by every reader of it (summary, attribution, figures, quotes,
# dates, names): the split is kept for the last few hundred texts, and copied out.
@lru_cache(maxsize=512)
def _article_sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(_split_sentences(text))


def _split_sentences(text: str) -> list[Sentence]:
    # Paragraph spans are stripped, a boundary ends on punctuation and the next
    # sentence starts on the character its look-ahead saw: no piece is empty or
    # has white space at either end, so spans need no trimming.
    result: list[Sentence] = []
    for para_start, para_end in paragraph_spans(text):
        paragraph = text[para_start:para_end]
        start = 0
        for cut, next_start in _boundaries(paragraph):
            result.append(Sentence(para_start + start, para_start + cut, paragraph[start:cut]))
            start = next_start
        result.append(Sentence(para_start + start, para_end, paragraph[start:]))
    return result


def words(text: str) -> list[str]:
    """Word tokens in order, case kept; numbers such as 4.5 and 41,500 stay whole."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Words of ``text``; in Chinese and Japanese, written without spaces, two characters
    count as one word (about the length of a word there)."""
    if text.isascii():
        return len(_WORD.findall(text))
    runs = _CJK_RUN.findall(text)
    if not runs:
        return len(_WORD.findall(text))
    rest = len(_WORD.findall(_CJK_RUN.sub(" ", text)))
    return rest + sum((len(run) + 1) // 2 for run in runs)


# A sentence's terms and names are asked for by the summary, the attribution rule and the
# facts alike: those of short texts (sentences, titles) are kept for the last few thousand.
# A kept entry holds its text as the key, so the bound is on characters too: past 400
# characters (under one sentence in twenty-five of news prose) a text is read afresh.
_SHORT_TEXT = 400
_SHORT_TEXTS_KEPT = 4096


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content terms (stopwords and 1-letter tokens dropped)."""
    if len(text) <= _SHORT_TEXT:
        return list(_short_terms(text))
    return list(_long_terms(text))


@lru_cache(maxsize=_SHORT_TEXTS_KEPT)
def _short_terms(text: str) -> tuple[str, ...]:
    return tuple(_terms(text))


# A whole article's terms are read by the story and the thread clusterers of one
# processing batch (500 articles by default): kept for the last 1,024 articles.
@lru_cache(maxsize=1024)
def _long_terms(text: str) -> tuple[str, ...]:
    return tuple(_terms(text))


def _terms(text: str) -> list[str]:
    cache = _TERM_CACHE
    result = []
    for token in _WORD.findall(text):
        term = cache.get(token)
        if term is None:
            term = _term(token)
        if term:
            if " " in term:  # a run of Chinese or Japanese: its character pairs
                result.extend(term.split(" "))
            else:
                result.append(term)
    return result


@lru_cache(maxsize=16_384)
def stem(word: str) -> str:
    """A light suffix stripper: enough to merge plurals and simple inflections."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def names(text: str) -> list[str]:
    """Capitalised word runs that are not just a sentence's first word.

    A cheap stand-in for named entities, good enough for clustering features:
    "Secretary of State Ann Lee" and "Lee" both yield terms that match.
    Dotted acronyms and initials belong to their run ("U.S.", "J. R. Lee",
    "St. Louis"); leading titles, connectors and determiners are dropped
    ("Gen. Lee" and "Mr Lee" yield "Lee", "the U.S. House" yields "U.S.
    House"); the first word of a sentence is dropped unless it is an acronym
    or initial, since any word is capitalised there; stopwords and lone
    abbreviations ("Jan", "Corp") are not names.  Names are returned as
    written: "U.S." and "US" stay different.
    """
    if len(text) <= _SHORT_TEXT:
        return list(_short_names(text))
    return _names(text)


@lru_cache(maxsize=_SHORT_TEXTS_KEPT)
def _short_names(text: str) -> tuple[str, ...]:
    return tuple(_names(text))


def _names(text: str) -> list[str]:
    found: list[str] = []
    for sentence in _split_sentences(text):  # mostly one sentence: not worth a cache entry
        body = sentence.text
        for match in _NAME.finditer(body):
            tokens = match.group(0).split()
            opens_sentence = match.start() == 0 or _SENTENCE_LEAD.fullmatch(body, 0, match.start())
            if opens_sentence and not _is_acronym_or_initial(tokens[0]):
                tokens = tokens[1:]
            while tokens and (tokens[0] in _TITLES or tokens[0].lower() in _NAME_LEADS):
                tokens = tokens[1:]
            if not tokens:
                continue
            name = " ".join(tokens)
            if name.lower() in STOPWORDS or name in _ABBREVIATION_KIND:
                continue  # "It", or "Jan" and "Corp" left alone by their period
            found.append(name)
    return found


def shingles(text: str, size: int = 5) -> set[str]:
    """Distinct runs of ``size`` lower-cased word tokens (the whole text if shorter)."""
    tokens = _WORD.findall(text.lower()) if text.isascii() else _lower_words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return set(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


# ---------------------------------------------------------------------------
# Terms


# Token (as written) -> term, "" for a dropped token.  A plain dict is the
# cheapest memo on the hot path; it is emptied when it grows past the cap so
# that memory stays bounded on large corpora.
_TERM_CACHE: dict[str, str] = {}
_TERM_CACHE_SIZE = 32_768


def _term(token: str) -> str:
    # Compatibility forms match their plain ones ("５" and "5", "ﬁnal" and "final").
    lowered = (token if token.isascii() else unicodedata.normalize("NFKC", token)).lower()
    if not token.isascii() and _CJK_RUN.search(lowered):
        term = _character_pairs(lowered)
    else:
        term = "" if lowered in STOPWORDS or len(lowered) < 2 else stem(lowered)
    if len(_TERM_CACHE) >= _TERM_CACHE_SIZE:
        _TERM_CACHE.clear()
    _TERM_CACHE[token] = term
    return term


def _character_pairs(token: str) -> str:
    """Overlapping character pairs of a token written without spaces, space-separated.

    Chinese and Japanese do not separate words; pairs of characters are the
    usual stand-in for words when comparing such texts (no dictionary needed).
    """
    if len(token) < 2:
        return token
    return " ".join(token[i : i + 2] for i in range(len(token) - 1))


def _lower_words(text: str) -> list[str]:
    # Lower-casing token by token: str.lower() can change the length and word
    # characters of some non-ASCII text ("İ" becomes "i" + a combining dot).
    return [token.lower() for token in _WORD.findall(text)]


# Word, number, currency and punctuation tokens, for extractors that need offsets
# (numbers such as 41,500 and 2.3bn stay whole; "$", "%" and punctuation are tokens).
_TOKEN = re.compile(r"US\$|[$€£%]|\w+(?:[.,'’\-/]\w+)*|[^\w\s]", re.UNICODE)


class Token:
    """A token and its ``[start, end)`` offsets in the text it was found in (read-only).

    A plain slotted class rather than a frozen dataclass: extractors make one per
    word of every article, and read ``lower`` many times each, so it is kept.
    """

    __slots__ = ("end", "lower", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text: Final = text
        self.start: Final = start
        self.end: Final = end
        self.lower: Final = text.lower()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Token)
        return (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token(text={self.text!r}, start={self.start!r}, end={self.end!r})"

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets shifted by ``offset`` (e.g. a sentence's start)."""
    if len(text) <= _SHORT_TEXT:  # a sentence: the figures and the names tagger both read it
        return list(_sentence_tokens(text, offset))
    return _tokenize(text, offset)


@lru_cache(maxsize=2048)
def _sentence_tokens(text: str, offset: int) -> tuple[Token, ...]:
    return tuple(_tokenize(text, offset))


def _tokenize(text: str, offset: int) -> list[Token]:
    return [
        Token(match.group(0), offset + match.start(), offset + match.end())
        for match in _TOKEN.finditer(text)
    ]


# ---------------------------------------------------------------------------
# Sentence boundaries


def _boundaries(paragraph: str) -> list[tuple[int, int]]:
    """(end of sentence, start of the next) for each accepted boundary."""
    found: list[tuple[int, int]] = []
    sentence_start = 0
    for match in _BOUNDARY.finditer(paragraph):
        period = match.start()
        if match.group("end") == ".":
            # The common case, decided inline: a period after a plain word.
            word = paragraph[paragraph.rfind(" ", 0, period) + 1 : period]
            plain = len(word) > 2 and word.isalpha() and word not in _ABBREVIATION_KIND
        else:
            plain = False
        if plain or _is_boundary(paragraph, match, sentence_start):
            sentence_start = match.end()
            found.append((match.end("end"), sentence_start))
    if found and _QUOTE_CHAR.search(paragraph):
        found = _outside_quotations(paragraph, found)
    if not paragraph.isascii() and not _WIDE_STOPS.isdisjoint(paragraph):
        found = _with_wide_ends(paragraph, found)
    return found


def _with_wide_ends(paragraph: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``found`` plus a boundary after every full-width 。！？ that does not end the paragraph."""
    wide = []
    for match in _WIDE_END.finditer(paragraph):
        start = match.end()
        if match.group()[-1] not in _WIDE_STOPS and _QUOTATIVE.match(paragraph, start):
            continue  # 「…。」と述べた: the quotation goes on into its attribution
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
        if start < len(paragraph):
            wide.append((match.end(), start))
    merged: list[tuple[int, int]] = []
    for cut, start in sorted(set(found) | set(wide)):
        if not merged or cut > merged[-1][1]:
            merged.append((cut, start))
    return merged


def _is_boundary(paragraph: str, match: re.Match[str], sentence_start: int) -> bool:
    end = match.group("end")
    if "?" in end or "!" in end:
        return not (end[-1] in _CLOSE_PUNCT and _ATTRIBUTION.match(paragraph, match.end()))
    if end[0] == "…" or end.startswith(".."):
        return True  # an ellipsis before a capital
    if len(end) > 1 and end[1] in _CLOSE_PUNCT:
        return True  # "... said Lee." Then  /  (see below.) The
    word_start = _token_start(paragraph, match.start())
    word = paragraph[word_start : match.start()].lstrip(_OPEN_PUNCT)
    kind = _ABBREVIATION_KIND.get(word)
    if kind is None:
        if len(word) <= 2 and word.isdigit():
            return not _starts_item(paragraph, word_start, sentence_start)
        if not (len(word) == 1 and word.isalpha()) and not (
            "." in word and _DOTTED.fullmatch(word)
        ):
            return True
        kind = _AMBIGUOUS  # an initial or a dotted acronym
    if kind == _AMBIGUOUS:
        return _next_word(paragraph, match.end()) in _OPENERS
    if kind == _BEFORE_DIGIT:
        return not paragraph[match.end() : match.end() + 1].isdigit()
    return False


def _token_start(paragraph: str, position: int) -> int:
    start = paragraph.rfind(" ", 0, position) + 1
    if paragraph[start:position].isprintable():
        return start  # no other white space (or control character) in the token
    while position > 0 and not paragraph[position - 1].isspace():
        position -= 1
    return position


def _next_word(paragraph: str, position: int) -> str:
    """The next word, lower-cased; "" for none or an initial ("A." in "J. A. Lee")."""
    following = _NEXT_WORD.match(paragraph, position)
    if following is None:
        return ""
    word = following.group(1)
    if len(word) == 1 and paragraph[following.end() : following.end() + 1] == ".":
        return ""
    return word.lower()


def _starts_item(paragraph: str, word_start: int, sentence_start: int) -> bool:
    """A number that opens a sentence or follows a colon: "1. Open the box"."""
    if word_start == sentence_start:
        return True
    before = paragraph[:word_start].rstrip()
    return bool(before) and before[-1] in _LIST_LEAD


def _outside_quotations(paragraph: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    inside: set[int] = set()
    for open_at, close_at in _quotations(paragraph):
        enclosed = [i for i, (cut, _) in enumerate(found) if open_at < cut <= close_at]
        if len(enclosed) <= _MAX_QUOTED_BOUNDARIES:
            inside.update(enclosed)
    if not inside:
        return found
    return [boundary for i, boundary in enumerate(found) if i not in inside]


def _quotations(paragraph: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) positions of the quotations that close."""
    spans: list[tuple[int, int]] = []
    open_double: int | None = None
    open_single: int | None = None
    for mark in _QUOTE_CHAR.finditer(paragraph):
        at = mark.start()
        kind = _quote_kind(paragraph, at)
        if kind == "open double":
            open_double = at
        elif kind == "open single":
            open_single = at
        elif kind == "close double" and open_double is not None:
            spans.append((open_double, at))
            open_double = None
        elif kind == "close single" and open_single is not None:
            spans.append((open_single, at))
            open_single = None
    return spans


def _quote_kind(paragraph: str, at: int) -> str:
    """What the quote mark at ``at`` does, judged by its neighbours.

    Curly double quotes say it themselves.  A straight quote opens after a
    space or an opening bracket and before a non-space, and closes after a
    non-space and before a space or punctuation.  A single closing mark
    (’ or ') must follow punctuation or a letter other than "s", so that
    the apostrophes of "don't" and "the players' union" are not quotes; a
    single opening mark must precede a letter ("the '90s" is no quote).
    """
    mark = paragraph[at]
    before = paragraph[at - 1] if at else " "
    after = paragraph[at + 1] if at + 1 < len(paragraph) else " "
    opens = before.isspace() or before in _BEFORE_OPENING
    closes = after.isspace() or after in _AFTER_CLOSING
    if mark == "“":
        return "open double"
    if mark == "”":
        return "close double"
    if mark == '"':
        if opens and not after.isspace():
            return "open double"
        return "close double" if closes and not before.isspace() else ""
    if (mark == "‘" or (mark == "'" and opens)) and after.isalpha():
        return "open single"
    if closes and (before in _BEFORE_SINGLE_CLOSING or (before.isalpha() and before not in "sS")):
        return "close single"
    return ""


def _is_acronym_or_initial(token: str) -> bool:
    return "." in token or (len(token) > 1 and token.isupper())


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
