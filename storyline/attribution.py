"""The one claim-alignment rule: when does an article state a claim?

Summary citations, the comparison's coverage ticks, "reported by every source
/ by one source only", the web page's citation pop-ups and the check that a
quote's words occur in an outlet's text all ask this module, so they cannot
disagree.  An article is credited with a claim (a sentence of another
article, or a fact's text) only when one of its sentences, optionally joined
with the next or previous sentence of the same paragraph, states it:

* **content words agree**: the span carries most of the claim's content terms
  (counted once each, and weighted by how rare each is in the story: a span
  that shares only the names and the topic words does not), and a fair share
  of the span's own terms belong to the claim (a long span about something
  else that mentions the claim's words in passing does not state it); a claim
  with fewer than ``MIN_CLAIM_TERMS`` content terms is too vague to credit to
  any article but its own.  Words that only say who reported the claim and
  when ("officials said", "last week") do not count: a span may leave them out;
  and, whatever its names and figures, the span carries 0.6 of the claim's weight
  in the claim's own words, a term carried only by a related verb or another form
  counting half (:mod:`storyline.claim_evidence`); a question states no claim;
* **every clause is stated**: the claim is cut into clauses (at coordinations,
  "while", "after", "because", "ahead of", relative clauses, dashes, participle
  clauses after a comma), and the span must carry at least a third of the
  action words (content terms outside names) of each: a span that states one
  of two clauses, or shares the names but not what they did, is no credit;
  negations and denials must agree (:mod:`storyline.claim_scope`);
* **what happened is stated**: the main predicate of each clause
  (:mod:`storyline.predicates`) is carried by the span, in a light inflection or
  nominalisation or as a related verb (:mod:`storyline.verbs`); related verbs
  also count toward the claim's content words (not for a verb with a particle,
  "pressed ahead"), as do other forms of a word (:mod:`storyline.claim_forms`);
* **what it was for is stated**: a purpose or outcome the claim gives in an infinitive
  ("in a move **to curtail** vaping", "led Williams **to urge** the league") needs that
  verb in the span (its word, another form or a related verb), not only its object
  (:func:`storyline.predicates.aims`);
* **deadlines agree**: "by June 20" needs a span with the same date;
* **dates agree**: a span that dates what the claim dates on another day ("their Oct. 3
  debate", "Tuesday night's debate") does not state it; each side's weekdays and
  relative days are resolved against its article's publication date when known
  (:mod:`storyline.claim_dates`);
* **figures agree**: every figure of the claim has a compatible figure in the
  span (the same value, or one that rounding or hedging allows: "about 60"
  and "61") that is no vaguer ("millions of doses" does not state "4 million
  doses"); a missing figure or a different one for the same quantity
  ("60 killed" vs "65 killed") is no credit; numbers the figure reader does
  not take as figures (a score "51-50", a year "the 1915 massacre") must
  occur in the span as written (the day of a date and the time of day may not);
  a claim's "one rabbit" is no credit to a span counting four rabbits;
* **times agree**: a span that times what the claim times at another hour
  ("arrived at 10:15 p.m." against "at 11:40 p.m.") does not state it;
* **names agree**: every person, organisation or place the claim names
  occurs in the span or the sentence either side of it, under the same name
  or an alias ("Okafor" for "Grace Okafor");
* **quoted words occur**: words the claim puts in quotation marks occur, in
  that order, in the span.

A heading line (a kicker, headline or standfirst left in the body: no
sentence-final punctuation) is judged on its own text and never joined with a
neighbour, so a one-word kicker sharing "reckless" with a quote is not
credited.  When unsure, the rule does not credit.

Cost is near-linear in the story's length: candidate sentences for a claim
come from an inverted index over the claim's rarest terms; a term found in
more than ``max_postings`` sentences is too common to block on, and at most
``max_candidates`` candidates (most shared rare terms first) are checked
per claim and article.  Results are cached per claim.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property, lru_cache

from storyline.attribution_index import (
    Bars,
    form_producers,
    formable,
    paragraph_numbers,
    rarity,
    shortlist,
)
from storyline.claim_dates import dates_agree, times_agree
from storyline.claim_evidence import MIN_EVIDENCE, asks, evidence_share
from storyline.claim_figures import figures_agree, one_contradicted
from storyline.claim_forms import carried_forms, form_keys
from storyline.claim_names import name_word, names_found, speaker_found, too_short_to_check
from storyline.claim_scope import clauses_of, denies, joined_words, phrasal, polarity_agrees
from storyline.compare.figures import FoundFigure, extract_figures
from storyline.compare.quote_marks import quoted_spans
from storyline.errors import check_number
from storyline.models import CleanArticle
from storyline.predicates import (
    aims,
    carried,
    count_words,
    deadlines,
    descriptive,
    predicates,
    purposes,
    speaker,
)
from storyline.text import Sentence, names, sentences, terms
from storyline.verbs import related_in, senses_in, senses_of

__all__ = [
    "Attributor",
    "Claim",
    "Credit",
    "claim_of",
    "normalized_for_hash",
    "quote_printed",
    "states",
    "verdict",
    "without_dateline",
]

#: Least share of the claim's (rarity-weighted) content terms the span must carry.
MIN_WEIGHTED_COVERAGE = 0.6
#: Least share of the claim's content terms, each counted once, the span must carry.
MIN_PLAIN_COVERAGE = 0.6
#: The same two shares for a claim anchored by at least two figures, names or quotes:
#: paraphrase changes the words, rarely the names and numbers (which are checked apart).
ANCHORED_WEIGHTED_COVERAGE = 0.5
ANCHORED_PLAIN_COVERAGE = 0.5
# (:func:`_coverage` relies on the anchored bars being the lower ones.)
_ANCHORS = 2
#: Least share of the span's own content terms that belong to the claim: a long span
#: about something else that mentions the claim's words in passing does not state it.
MIN_SPAN_SHARE = 0.25
#: A claim with fewer content terms ("That man has filed a lawsuit.") is too vague to
#: credit to anyone but its own article.
MIN_CLAIM_TERMS = 5
#: Least share of the action words (content terms that are not part of a name: names
#: are checked apart) of each clause of the claim that the span must carry.  The names of
#: a story recur in most of its sentences, and a long claim can reach the overall bars on
#: one clause alone: a span stating "arrived in Riyadh for talks" but nothing of "ahead of
#: new sanctions" states only part of the claim.
MIN_CLAUSE_COVERAGE = 1 / 3
#: A clause with fewer action words (an aside, a date, a place) is not checked on its own.
MIN_CLAUSE_TERMS = 2
#: A single sentence must carry this share of the claim before a neighbour may complete it.
_NEIGHBOUR_FLOOR = 0.35
_HEADING_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
_WORD = re.compile(r"\w+", re.UNICODE)
_HAS_DIGIT = re.compile(r"\d")  # numbers are checked as figures, not as words
_SPACES = re.compile(r"\s+")
# Capitalised words that open sentences or name days and months: never checkable names.
_DAYS_AND_MONTHS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december"
)
_NOT_NAMES = frozenset(_DAYS_AND_MONTHS.split())
# Who reported it and when ("officials said", "the agency told reporters", "last
# week") qualify a claim without being part of it: a span may leave them out.
_QUALIFIERS = (
    "report reporter announc add statement spokesman spokeswoman spokesperson tell say "
    "wrote write official source agency month week today yesterday tonight"
)
_QUALIFIER_TERMS = frozenset(_QUALIFIERS.split())
# A wire dateline at the start of a sentence: "CASTREVEN, March 15 (Northern Wire) - ",
# "LONDON (Reuters) - ", "PARIS — ".  The place is in capitals; a date or region and the
# agency in brackets may follow; a dash ends it.
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*"
    r"(?:,\s*[^,()\-–—\n]{1,30}){0,2}"
    r"(?:\s*\([^()\n]{1,40}\))?"
    r"\s*[-–—]{1,2}\s+(?=[\"“‘'(A-Z0-9])"
)
_DETERMINER_WORDS = (
    "the a an this that these those his her its their our my your every each no any some"
)
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
# A negation: a claim that says something did not happen is not stated by a span that
# says, in the same words, that it did ("could not determine" vs "were determining").
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|none|nobody|nothing|neither|without|cannot)\b|n['’]t\b", re.IGNORECASE
)
# A number outside any figure the figure reader found: a score ("51-50"), a year ("the
# 1915 massacre"), an unnamed count.  It must occur in the span as written.
_NUMBER = re.compile(r"\d[\d,.]*(?:[-–]\d[\d,.]*)?")
# The day of a date ("March 15", "Jan. 20") and the time of day ("10 am", "9:30 p.m."):
# exact day wording is a minor qualifier.
_DATE_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_TIME_OF_DAY = re.compile(r"\s*(?::\d\d)?\s*(?:a\.?m\b|p\.?m\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """What a sentence states, in the parts the rule checks."""

    text: str
    terms: frozenset[str]
    names: tuple[tuple[str, ...], ...]  # each name as its lower-cased words
    quoted: tuple[str, ...]  # quoted words, normalised (see :func:`normalized_words`)
    heading: bool
    clauses: tuple[frozenset[str], ...] = ()  # the action words of each clause
    negated: bool = False  # says that something is not so

    @cached_property
    def numbers(self) -> frozenset[str]:
        """Numbers outside the figures (scores, years), as written without separators."""
        text = without_dateline(self.text)
        inside = [(figure.start, figure.end) for figure in self.figures]
        found = set()
        for match in _NUMBER.finditer(text):
            if any(low <= match.start() < high for low, high in inside):
                continue
            if _DATE_DAY.search(text[: match.start()]) or _TIME_OF_DAY.match(text, match.end()):
                continue
            found.add(_plain_number(match.group(0)))
        return frozenset(found)

    @cached_property
    def counts(self) -> frozenset[str]:
        """Number words the figure reader did not read ("a half-dozen riddles", "the fifth
        largest"): the span must write them too."""
        return count_words(without_dateline(self.text), [(f.start, f.end) for f in self.figures])

    @cached_property
    def speaker(self) -> str | None:
        """The head word of the named party the claim is attributed to ("Ruiz says ..."):
        see :func:`storyline.predicates.speaker`."""
        return speaker(without_dateline(self.text))

    @cached_property
    def predicates(self) -> tuple[frozenset[str], ...]:
        """What each clause says happened (see :mod:`storyline.predicates`), names left out."""
        text = without_dateline(self.text)
        name_words = frozenset(word.lower() for name in names(text) for word in name.split())
        read = [
            group
            for part in clauses_of(text)
            if part
            for group in (predicates(part), *purposes(part))
        ]
        return tuple(
            found
            for group in read
            if (
                found := frozenset(
                    word for word in group - name_words if not set(terms(word)) & _QUALIFIER_TERMS
                )
            )
        )

    @cached_property
    def aims(self) -> tuple[str, ...]:
        """The verbs of what it says something was for or led to (see
        :func:`storyline.predicates.aims`): a span must carry each, not only its object."""
        return aims(without_dateline(self.text))

    @cached_property
    def joined(self) -> tuple[str, ...]:
        """The words either side of each "and" that joins two things (see
        :func:`storyline.claim_scope.joined_words`), reporting words left out."""
        found = joined_words(without_dateline(self.text))
        return tuple(word for word in found if not set(terms(word)) & _QUALIFIER_TERMS)

    @cached_property
    def senses(self) -> tuple[frozenset[int], frozenset[int]]:
        """The verb senses of the text's words: where related verbs are looked for."""
        words = normalized_words(self.text).split()
        # a word after a determiner ("at this time", "the cut") is a noun, not a verb
        return senses_in(
            frozenset(
                word
                for index, word in enumerate(words)
                if not index or words[index - 1] not in _DETERMINERS
            )
        )

    @cached_property
    def fixed_verbs(self) -> frozenset[str]:
        """Its verbs with a particle ("pressed ahead"): carried by their own word only."""
        words = normalized_words(without_dateline(self.text)).split()
        return frozenset(word for index, word in enumerate(words) if phrasal(words, index))

    @cached_property
    def verbs(self) -> dict[str, str]:
        """Each content term of the text that is a verb, with the word it was read from."""
        found: dict[str, str] = {}
        actions = frozenset().union(*self.clauses)
        for word in normalized_words(without_dateline(self.text)).split():
            term = terms(word)
            if term and term[0] in actions and senses_of(word) and word not in self.fixed_verbs:
                found.setdefault(term[0], word)
        return found

    @cached_property
    def forms(self) -> frozenset[str]:
        """The keys of the forms of its terms' words (:mod:`storyline.claim_forms`)."""
        return form_keys(self.terms)

    @cached_property
    def deadlines(self) -> tuple[str, ...]:
        """Deadlines the claim sets ("by June 20"): checked like figures."""
        return deadlines(without_dateline(self.text))

    @cached_property
    def figures(self) -> tuple[FoundFigure, ...]:
        """The claim's figures, read on first use: most sentences of a story are only ever
        looked up by their terms, and reading figures is the costly part of a claim (a
        sentence the comparison has just read gives its reading back: ``extract_figures``)."""
        return tuple(extract_figures(without_dateline(self.text)))


@dataclass(frozen=True)
class Credit:
    """The span of an article's text that states a claim, and how much of it it carries."""

    article_id: str
    start: int
    end: int
    coverage: float


def without_dateline(text: str) -> str:
    """``text`` without a leading wire dateline: where and through whom a story was
    filed is not part of what it says."""
    match = _DATELINE.match(text)
    return text[match.end() :] if match else text


# The claims of the last few thousand sentences (a large story's): a claim keeps its
# predicates, verb senses and terms, and sentences are seldom shared between stories
# (on the pooled Multi-News dev file 4,096 kept miss as often as 16,384; 100,000 kept
# cost 350 MB of peak memory).
@lru_cache(maxsize=8192)
def claim_of(text: str) -> Claim:
    """The checkable parts of one sentence (cached: facts and summaries ask twice)."""
    full, text = text, without_dateline(text)
    found_names = []
    for name in names(text):
        if descriptive(text, name):
            continue  # "Joe Biden's climate czar", "..., the campaign told The Hill"
        parts = tuple(name_word(part) for part in name.split())
        parts = tuple(part for part in parts if part and part not in _NOT_NAMES)
        if parts and not too_short_to_check(parts):
            found_names.append(parts)
    quoted = tuple(
        words for start, end in quoted_spans(text) if (words := normalized_words(text[start:end]))
    )
    name_terms = frozenset(terms(" ".join(names(text))))
    return Claim(
        text=full,
        terms=_content_terms(text),
        names=tuple(dict.fromkeys(found_names)),
        quoted=quoted,
        heading=not _HEADING_END.search(text.rstrip()),
        negated=bool(_NEGATION.search(text)),
        clauses=tuple(
            found - name_terms
            for part in clauses_of(text)
            if len(found := _content_terms(part) - name_terms) >= MIN_CLAUSE_TERMS
        ),
    )


def _content_terms(text: str) -> frozenset[str]:
    """The terms of ``text`` that say what it states (no numbers, no reporting words)."""
    return frozenset(
        term for term in terms(text) if not _HAS_DIGIT.search(term) and term not in _QUALIFIER_TERMS
    )


def _plain_number(text: str) -> str:
    return re.sub(r"[,\s]", "", text.rstrip(".,")).replace("–", "-")


def normalized_words(text: str) -> str:
    """Lower-cased words of ``text`` joined by single spaces (NFKC, punctuation dropped)."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def normalized_for_hash(text: str) -> str:
    """NFKC, straight quotes, lower case, collapsed white space: what label hashes are of."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).lower()
    return _SPACES.sub(" ", folded).strip()


def quote_printed(quote: str, text: str) -> bool:
    """Whether the words of ``quote`` occur, in order and whole, in ``text``."""
    wanted = normalized_words(quote)
    return bool(wanted) and f" {wanted} " in f" {normalized_words(text)} "


#: Publication dates of the claim's article and of the span's (None: not known).
Published = tuple[date | None, date | None]
_UNDATED: Published = (None, None)


def states(
    claim: str,
    span: str,
    *,
    context: str = "",
    weights: dict[str, float] | None = None,
    published: Published = _UNDATED,
) -> bool:
    """Whether ``span`` states ``claim`` by the rule (names may also be in ``context``).

    ``weights`` gives each term's rarity in the story; without it every term
    weighs the same.  ``published``: the publication dates of the claim's and the
    span's articles, where known.  For one claim and one span of text;
    :class:`Attributor` applies the same rule to whole stories.
    """
    found = claim_of(span)
    return _coverage(claim_of(claim), found, span, context, weights or {}, published) is not None


def _coverage(
    claim: Claim,
    found: Claim,
    span_text: str,
    context: str,
    weights: dict[str, float],
    published: Published = _UNDATED,
) -> float | None:
    """The weighted share of the claim's terms ``found`` carries, or None when it does not
    state the claim (too few terms, a figure, name or quoted words missing)."""
    failed, share = verdict(claim, found, span_text, context, weights, published=published)
    return None if failed else share


def verdict(
    claim: Claim,
    found: Claim,
    span_text: str,
    context: str,
    weights: dict[str, float],
    *,
    published: Published = _UNDATED,
) -> tuple[str | None, float]:
    """The first part of the rule the span ``found`` fails ("question", "content words", "evidence",
    "clauses", "negation", "denial", "deadline", "figures", "one", "numbers", "dates", "times",
    "names", "quoted words", "count words", "speaker", "predicate", "aim", "joined"), or None
    when it states the claim; and the weighted share of the claim's terms it carries.
    ``published``: the claim's and the span's publication dates, where known (they place
    weekdays)."""
    # The anchored bars are the lower ones: a span below them fails either way, so the
    # claim's figures (needed to count its anchors) are read only for spans above them.
    if asks(claim.text) or asks(span_text):
        return "question", 0.0  # a question states no claim
    written = found.terms
    found = _with_word_forms(claim, _with_related_verbs(claim, found, weights))
    share = _term_share(claim.terms, found.terms, weights, anchored=True)
    if share is None or share < ANCHORED_WEIGHTED_COVERAGE:
        return "content words", share or 0.0
    anchors = len(claim.names) + len(claim.quoted)
    if anchors < _ANCHORS and anchors + len(claim.figures) < _ANCHORS:
        plain = _term_share(claim.terms, found.terms, weights, anchored=False)
        if plain is None or share < MIN_WEIGHTED_COVERAGE:
            return "content words", share
    if evidence_share(claim.terms, written, found.terms, weights) < MIN_EVIDENCE:
        return "evidence", share
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("clauses", lambda: _clauses_covered(claim, found)),
        ("negation", lambda: polarity_agrees(claim.text, span_text, claim.terms)),
        ("denial", lambda: not denies(span_text) or denies(claim.text)),
        ("deadline", lambda: _deadlines_stated(claim.deadlines, span_text)),
        ("figures", lambda: figures_agree(claim.figures, found.figures)),
        ("one", lambda: not one_contradicted(claim.text, claim.figures, span_text, found.figures)),
        ("numbers", lambda: claim.numbers <= found.numbers | _figure_numbers(found)),
        ("dates", lambda: dates_agree(claim.text, span_text, published=published)),
        ("times", lambda: times_agree(claim.text, span_text)),
        ("names", lambda: names_found(claim.names, f"{context} {span_text}")),
        ("quoted words", lambda: all(quote_printed(q, span_text) for q in claim.quoted)),
        ("count words", lambda: claim.counts <= set(normalized_words(span_text).split())),
        ("speaker", lambda: speaker_found(claim.speaker, f"{context} {span_text}")),
        ("predicate", lambda: _predicates_carried(claim, found)),
        ("aim", lambda: all(carried(verb, found.terms, found.senses) for verb in claim.aims)),
        ("joined", lambda: all(carried(word, found.terms, found.senses) for word in claim.joined)),
    )
    for name, check in checks:
        if not check():
            return name, share
    return None, share


def _with_related_verbs(claim: Claim, found: Claim, weights: dict[str, float]) -> Claim:
    """``found`` also carrying each verb of the claim it states in a related verb."""
    missing = [term for term in claim.verbs if term not in found.terms]
    if not missing:
        return found
    shared = claim.terms & found.terms
    if (
        len(claim.terms) < MIN_CLAIM_TERMS  # too vague: no share either way
        or len(shared) + len(missing) < ANCHORED_PLAIN_COVERAGE * len(claim.terms)
    ):
        return found  # too little to reach the bars even with every verb related
    # nor by weight (the span's verb senses, the costly part, are not read then)
    total = math.fsum(weights.get(term, 1.0) for term in claim.terms)
    best = math.fsum(weights.get(term, 1.0) for term in shared | set(missing))
    if best / total < ANCHORED_WEIGHTED_COVERAGE:
        return found
    extra = frozenset(
        term
        for term, word in claim.verbs.items()
        if term not in found.terms and related_in(word, found.senses)
    )
    return _widened(found, extra)


def _with_word_forms(claim: Claim, found: Claim) -> Claim:
    """``found`` also carrying each term of the claim it writes in another form of the
    same word ("resigned" for "resignation", "asylum seekers" for "asylum-seekers")."""
    missing = claim.terms - found.terms
    return _widened(found, carried_forms(missing, found.forms)) if missing else found


def _widened(found: Claim, extra: frozenset[str]) -> Claim:
    """``found`` with the terms ``extra`` added."""
    if not extra:
        return found
    widened = replace(found, terms=found.terms | extra)
    # what was read of the span (its senses, figures, predicates) does not depend on terms
    own = {field.name for field in fields(Claim)}
    widened.__dict__.update({k: v for k, v in found.__dict__.items() if k not in own})
    # ... but its word forms do: they stay those of the words the span writes, whether or
    # not they were read before (so a check never depends on which checks ran first)
    widened.__dict__["forms"] = found.forms
    return widened


def _term_share(
    wanted: frozenset[str], found: frozenset[str], weights: dict[str, float], *, anchored: bool
) -> float | None:
    """Weighted share of ``wanted`` in ``found``; None below the plain-share and count floors."""
    if len(wanted) < MIN_CLAIM_TERMS:
        return None
    shared = wanted & found
    plain = ANCHORED_PLAIN_COVERAGE if anchored else MIN_PLAIN_COVERAGE
    if len(shared) < plain * len(wanted) or len(shared) < MIN_SPAN_SHARE * len(found):
        return None
    # fsum: the same total whatever order the set yields its terms in (hash seed)
    total = math.fsum(weights.get(term, 1.0) for term in wanted)
    return math.fsum(weights.get(term, 1.0) for term in shared) / total


def _clauses_covered(claim: Claim, found: Claim) -> bool:
    """The span carries something of what every clause of the claim says happened."""
    return all(len(part & found.terms) >= MIN_CLAUSE_COVERAGE * len(part) for part in claim.clauses)


def _predicates_carried(claim: Claim, found: Claim) -> bool:
    """The span carries what each clause of the claim says happened: one of the words of
    its main predicate (see :func:`storyline.predicates.predicates`)."""
    unrelated = (frozenset[int](), frozenset[int]())
    return all(
        any(
            carried(word, found.terms, unrelated if word in claim.fixed_verbs else found.senses)
            for word in part
        )
        for part in claim.predicates
    )


def _deadlines_stated(wanted: Sequence[str], span_text: str) -> bool:
    if not wanted:
        return True
    written = f" {normalized_words(span_text)} "
    return all(f" {words} " in written for words in wanted)


def _figure_numbers(found: Claim) -> frozenset[str]:
    """Numbers the span writes inside its figures ("51-50" read as a figure)."""
    return frozenset(
        _plain_number(match.group(0))
        for figure in found.figures
        for match in _NUMBER.finditer(figure.text)
    )


class Attributor:
    """The rule applied to the articles of one story, with blocking and a cache.

    Parameters
    ----------
    articles:
        ``(article_id, text)`` pairs: the story's cleaned texts.
    max_postings:
        A term found in more sentences than this is too common to find
        candidates by (it still counts in the coverage).
    max_candidates:
        Most candidate sentences checked per claim and article (those sharing
        most rare terms first): bounds the work on very long articles.
    unchecked:
        Ids of articles the rule cannot check and so never credits with another
        article's claim: those in a language other than English, whose figures,
        number words and names its English rules would misread ("zehn" and
        "zwanzig" are just two words to them).  Their sentences still cite
        their own article.
    published:
        Publication dates by article id, where known: each article's weekdays and
        relative days ("Tuesday", "yesterday") are placed against its own date.
    """

    def __init__(
        self,
        articles: Iterable[tuple[str, str]],
        *,
        max_postings: int = 200,
        max_candidates: int = 24,
        unchecked: Iterable[str] = (),
        published: Mapping[str, date] | None = None,
    ) -> None:
        check_number("Attributor", "max_postings", max_postings, low=1, integer=True)
        check_number("Attributor", "max_candidates", max_candidates, low=1, integer=True)
        self.max_postings = max_postings
        self.max_candidates = max_candidates
        self._texts: dict[str, str] = {}
        self._sentences: dict[str, list[Sentence]] = {}
        self._paragraph: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)  # term -> sentence numbers
        self._numbered: list[tuple[str, int]] = []  # sentence number -> (article, index)
        self._forms: dict[str, set[str]] | None = None  # form key -> the story's terms
        self._weights: dict[str, float] | None = None  # the index is built on first need
        # per (claim, its article's date): the credit of each article, or None
        self._cache: dict[tuple[str, date | None], dict[str, Credit | None]] = {}
        self._unchecked = frozenset(unchecked)
        self._published = dict(published or {})
        for article_id, text in articles:
            self._texts.setdefault(article_id, text)  # the first text of an id counts

    @property
    def weights(self) -> dict[str, float]:
        """Each term's rarity in the story (see :func:`.attribution_index.rarity`)."""
        if self._weights is None:
            self._weights = self._index()
        return self._weights

    @classmethod
    def of(cls, articles: Iterable[CleanArticle]) -> Attributor:
        """The rule over a story's cleaned articles; those not in English are left unchecked."""
        chosen = list(articles)
        return cls(
            ((article.id, article.text) for article in chosen),
            unchecked=[
                article.id for article in chosen if article.article.language not in (None, "en")
            ],
            published={a.id: a.published.date() for a in chosen if a.published is not None},
        )

    def _index(self) -> dict[str, float]:
        """The inverted index over every sentence's terms, and the terms' rarity: built
        only when a claim is first checked against another article, so a story of one
        article (most stories of a large batch) never pays for it."""
        for article_id, text in self._texts.items():
            found = self.sentences_of(article_id)
            self._paragraph[article_id] = paragraph_numbers(text, found)
            for index, sentence in enumerate(found):
                for term in claim_of(sentence.text).terms:
                    self._postings[term].append(len(self._numbered))
                self._numbered.append((article_id, index))
        return rarity(self._postings, sum(len(s) for s in self._sentences.values()))

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(self._texts)

    def sentences_of(self, article_id: str) -> list[Sentence]:
        found = self._sentences.get(article_id)
        if found is None:
            found = self._sentences[article_id] = sentences(self._texts[article_id])
        return found

    def credit(self, claim: str, article_id: str, *, source: str | None = None) -> Credit | None:
        """The span of ``article_id`` that states ``claim`` (a sentence of the article
        ``source``, whose publication date places its days, when given), or None."""
        dated = self._published.get(source) if source is not None else None
        cached = self._cache.setdefault((claim, dated), {})
        if article_id not in cached:
            cached[article_id] = self._find(claim_of(claim), article_id, dated)
        return cached[article_id]

    def credits(
        self, claim: str, *, skip: Iterable[str] = (), source: str | None = None
    ) -> dict[str, Credit]:
        """Every article (except ``skip``) that states ``claim``, with its span; ``source``:
        the claim's own article, whose publication date places its days."""
        skipped = set(skip)
        others = [article_id for article_id in self._texts if article_id not in skipped]
        if all(article_id in self._unchecked for article_id in others):
            return {}  # nothing to credit (one article, or none the rule can read)
        wanted = claim_of(claim)
        if wanted.heading:
            return {}  # a heading is a label, not a claim that others can be credited with
        dated = self._published.get(source) if source is not None else None
        cached = self._cache.setdefault((claim, dated), {})
        candidates: dict[str, list[int]] | None = None
        result: dict[str, Credit] = {}
        for article_id in others:
            if article_id not in cached:
                if candidates is None:
                    candidates = self._candidates(wanted, hopeful=True)
                shortlisted = candidates.get(article_id, [])
                cached[article_id] = self._check(wanted, article_id, shortlisted, dated)
            found = cached[article_id]
            if found is not None:
                result[article_id] = found
        return result

    def _find(self, claim: Claim, article_id: str, dated: date | None) -> Credit | None:
        found = self._candidates(claim, hopeful=True).get(article_id, [])
        return self._check(claim, article_id, found, dated)

    def _candidates(self, claim: Claim, *, hopeful: bool = False) -> dict[str, list[int]]:
        """Per article, the sentences sharing the claim's rarest terms, most shared first;
        with ``hopeful``, only those that could state it (see :class:`.attribution_index.Bars`)."""
        weights = self.weights  # builds the index on first use
        return shortlist(
            claim.terms,
            (self._postings, self._numbered, weights),
            max_postings=self.max_postings,
            max_candidates=self.max_candidates,
            bars=(lambda unscored: self._bars(claim, unscored)) if hopeful else None,
        )

    def _bars(self, claim: Claim, unscored: list[str]) -> Bars:
        if self._forms is None:
            self._forms = form_producers(self._postings)
        return Bars(
            claim,
            unscored,
            self.weights,
            formable=formable(claim.terms, self._forms),
            alone=ANCHORED_WEIGHTED_COVERAGE,  # the lower content-word bar: see verdict
            joined=_NEIGHBOUR_FLOOR,
            min_terms=MIN_CLAIM_TERMS,
        )

    def _check(
        self, claim: Claim, article_id: str, candidates: list[int], dated: date | None = None
    ) -> Credit | None:
        if claim.heading:
            return None  # a heading is a label, not a claim that others can be credited with
        if article_id in self._unchecked:
            return None  # the rule cannot read this language: when unsure, do not credit
        best: Credit | None = None
        for index in candidates:
            found = self._credit_at(
                claim, article_id, index, (dated, self._published.get(article_id))
            )
            if found is not None and (best is None or found.coverage > best.coverage):
                best = found
        return best

    def _credit_at(
        self, claim: Claim, article_id: str, index: int, published: Published = _UNDATED
    ) -> Credit | None:
        text = self._texts[article_id]
        found = self._sentences[article_id]
        sentence = found[index]
        own = claim_of(sentence.text)
        context = self._context(article_id, index)
        share = _coverage(claim, own, sentence.text, context, self.weights, published)
        if share is not None:
            return Credit(article_id, sentence.start, sentence.end, share)
        if own.heading or (_term_share_floor(claim, own, self.weights) < _NEIGHBOUR_FLOOR):
            return None
        for other in (index + 1, index - 1):
            if not self._joinable(article_id, index, other):
                continue
            start = min(sentence.start, found[other].start)
            end = max(sentence.end, found[other].end)
            joined = text[start:end]
            share = _coverage(claim, claim_of(joined), joined, context, self.weights, published)
            if share is not None:
                return Credit(article_id, start, end, share)
        return None

    def _joinable(self, article_id: str, index: int, other: int) -> bool:
        found = self._sentences[article_id]
        if not 0 <= other < len(found):
            return False
        if self._paragraph[article_id][other] != self._paragraph[article_id][index]:
            return False
        return not claim_of(found[other].text).heading

    def _context(self, article_id: str, index: int) -> str:
        """The sentences either side: they may name who a pronoun is."""
        found = self._sentences[article_id]
        around = found[max(0, index - 1) : index + 2]
        return " ".join(sentence.text for sentence in around)


def _term_share_floor(claim: Claim, found: Claim, weights: dict[str, float]) -> float:
    total = math.fsum(weights.get(term, 1.0) for term in claim.terms)
    if not total:
        return 0.0
    return math.fsum(weights.get(term, 1.0) for term in claim.terms & found.terms) / total
