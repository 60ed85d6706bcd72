"""The clean stage: normalise an article's text and drop what is not reporting.

Cleaning removes three kinds of noise, and logs every removal on the
:class:`~storyline.models.CleanArticle` it returns (nothing is dropped
silently):

* **boilerplate lines** -- share prompts, advertisement markers, "Read more"
  links, newsletter and subscription prompts, photo credits, copyright
  footers, "Follow us" prompts, republication notes, cookie notices,
  "Click here" prompts, login prompts of comment forms, reading times,
  affiliate disclosures, "Last updated" stamps and licence notes.  The
  commonest kinds are also recognised in German, French, Spanish, Italian,
  Portuguese, Dutch and Polish.  Patterns are anchored on the whole line and
  apply to short lines only, so a news paragraph that mentions "subscribe" stays:
  a wrongly dropped news sentence is worse than a kept advertisement line;
* **repeated paragraphs** -- a paragraph, or a run of paragraphs, that occurs
  more than once (pages scraped twice, blocks pasted twice) is kept once, at
  its first occurrence.  Paragraphs are compared after normalisation,
  ignoring case, punctuation (straight or curly quotes, dashes) and spacing;
* **repeated headline** -- a paragraph that only repeats the title
  (anywhere: the title is kept on the article), and the kicker or byline
  when they open the body.

The standfirst is not removed when the body repeats it: it is reporting,
and summaries cite the cleaned body only.  Republication notes ("This
article was originally published by ...") are removed from the text, but
like every removal they stay on the CleanArticle, so the provenance they
carry is not lost.  Boilerplate lines inside a multi-line paragraph are
removed line by line, except lines that start in lower case (in
hard-wrapped text those continue a sentence).

Cleaning is idempotent: cleaning a cleaned text removes nothing more.
Boilerplate and headings are judged paragraph by paragraph; repeats are
dropped again until nothing changes, since dropping one repeat can make two
kept ones adjacent.

``Removal.paragraph`` is the index of the paragraph in
``storyline.text.paragraph_spans(article.text)``: the ingested text split on
blank lines, empty paragraphs not counted.
"""

from __future__ import annotations

import inspect
import logging
import re
import string
from dataclasses import dataclass
from typing import Any, NamedTuple

from storyline.errors import InvalidParameter, check_number
from storyline.models import Article, CleanArticle, Removal
from storyline.stage import Stage
from storyline.text import normalize, paragraph_spans, words

__all__ = ["MAX_CHARS", "Cleaner", "clean"]

#: Default length cap of a cleaned article, in characters (about 8,000 words).
MAX_CHARS = 50_000

logger = logging.getLogger(__name__)


class Cleaner(Stage):
    """Normalise text and remove boilerplate, repeated paragraphs and a repeated headline.

    Parameters
    ----------
    drop_repeats:
        Keep only the first occurrence of a repeated paragraph or run of paragraphs.
    drop_boilerplate:
        Remove short boilerplate lines (share prompts, advertisements, credits, ...).
    drop_headline:
        Remove paragraphs that repeat the title, and a kicker or byline
        repeated at the top of the body.
    min_repeat_words:
        A repeated paragraph (or run of adjacent repeated paragraphs) is only
        removed when it has at least this many words, so that a short
        paragraph such as '"No."' may legitimately occur twice.
    max_chars:
        Length cap: text past this many characters (cut at the last paragraph
        break, or space, before it) is left out of the cleaned text, so that
        the work of every later stage per article stays bounded.  The cut is
        recorded as a removal, never silent.
    """

    name = "clean"
    # 2: NFC instead of NFKC (normalize); boilerplate rules in more languages
    # 3: the length cap (max_chars)
    version = "3"

    def __init__(
        self,
        *,
        drop_repeats: bool = True,
        drop_boilerplate: bool = True,
        drop_headline: bool = True,
        min_repeat_words: int = 3,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.drop_repeats = drop_repeats
        self.drop_boilerplate = drop_boilerplate
        self.drop_headline = drop_headline
        self.min_repeat_words = min_repeat_words
        self.max_chars = max_chars

    def validate(self) -> None:
        for flag in ("drop_repeats", "drop_boilerplate", "drop_headline"):
            value = getattr(self, flag)
            if not isinstance(value, bool):
                raise InvalidParameter(
                    f"The {flag!r} parameter of Cleaner must be a bool. Got {value!r} instead."
                )
        check_number("Cleaner", "min_repeat_words", self.min_repeat_words, low=1, integer=True)
        check_number("Cleaner", "max_chars", self.max_chars, low=1000, integer=True)

    def clean(self, article: Article) -> CleanArticle:
        """The cleaned article; ``article`` itself is not changed."""
        self.validate()  # cheap, and catches parameters changed after construction
        kept, cut = _capped(article.text, self.max_chars)
        units, removals = self._paragraph_units(kept)
        if cut:
            removals.append(_cap_removal(article, kept, cut, self.max_chars))
        if self.drop_boilerplate:
            units = _drop_boilerplate(units, removals)
        if self.drop_headline:
            units = _drop_headings(units, _Headings.of(article), removals)
        if self.drop_repeats:
            # Dropping a repeat can make two kept repeats adjacent, forming a
            # run long enough to drop: repeat until nothing changes, so that
            # cleaning is idempotent.  The other rules judge each paragraph
            # alone (or the first one, which is never a repeat): one pass is enough.
            while True:
                count = len(removals)
                units = _drop_repeats(units, self.min_repeat_words, removals)
                if len(removals) == count:
                    break
        removals.sort(key=lambda removal: removal.paragraph)
        if removals:
            logger.debug("article %s: %d removals", article.id, len(removals))
        text = "\n\n".join(unit.text for unit in units)
        return CleanArticle(article=article, text=text, removals=tuple(removals))

    def _paragraph_units(self, text: str) -> tuple[list[_Unit], list[Removal]]:
        """Normalised paragraphs, with boilerplate lines inside a paragraph already removed."""
        units: list[_Unit] = []
        removals: list[Removal] = []
        for index, (start, end) in enumerate(paragraph_spans(text)):
            raw = text[start:end]
            normalized = normalize(raw)
            if self.drop_boilerplate and "\n" in raw and _boilerplate_reason(normalized) is None:
                normalized = _without_boilerplate_lines(raw, index, removals)
            units.extend(_Unit.of(piece, index) for piece in normalized.split("\n\n") if piece)
        return units, removals


def _capped(text: str, limit: int) -> tuple[str, str]:
    """``text`` cut before ``limit`` characters (at a paragraph break, else a space); the rest."""
    if len(text) <= limit:
        return text, ""
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 2:
        cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    if cut <= 0:
        cut = limit
    return text[:cut], text[cut:]


def _cap_removal(article: Article, kept: str, cut: str, limit: int) -> Removal:
    paragraph = len(paragraph_spans(kept))
    if kept and not kept.endswith(("\n\n", "\n")) and not cut.startswith("\n\n"):
        paragraph -= 1  # the cut falls inside the last kept paragraph
    logger.info(
        "article %s is longer than %d characters: the last %d are left out of "
        "summaries and comparison",
        article.id,
        limit,
        len(cut),
    )
    reason = (
        f"past the length cap of {limit} characters: left out of summaries and comparison "
        "(setting clean.max_chars)"
    )
    return Removal(reason=reason, text=cut.strip(), paragraph=max(paragraph, 0))


def clean(article: Article, **params: Any) -> CleanArticle:
    """Clean one article with a :class:`Cleaner` built from ``params``."""
    accepted = [
        name
        for name, parameter in inspect.signature(Cleaner.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    for name in params:
        if name not in accepted:
            raise InvalidParameter(
                f"Cleaner has no parameter {name!r}. Available: {', '.join(accepted)}."
            )
    return Cleaner(**params).clean(article)


# ---------------------------------------------------------------------------
# Paragraph units


class _Unit(NamedTuple):
    """A normalised paragraph (one line), its comparison key and where it came from."""

    text: str
    paragraph: int
    key: bytes

    @classmethod
    def of(cls, text: str, paragraph: int) -> _Unit:
        return cls(text, paragraph, _key(text))


# What two paragraphs must share to be "the same": their characters, case-folded,
# without white space and punctuation.  Computed on bytes because
# bytes.translate is the cheapest way to delete characters (this runs on every
# paragraph); non-ASCII quotes and dashes are deleted first.
_IGNORED_ASCII = (string.punctuation + " ").encode()
_IGNORED_UNICODE = tuple(mark.encode() for mark in "“”‘’«»–—…")


def _key(text: str) -> bytes:
    data = text.casefold().encode()
    if not text.isascii():
        for mark in _IGNORED_UNICODE:
            if mark in data:
                data = data.replace(mark, b"")
    return data.translate(None, _IGNORED_ASCII)


@dataclass(frozen=True)
class _Headings:
    title: bytes
    top: dict[bytes, str]  # key -> reason, for kicker and byline at the top of the body

    @classmethod
    def of(cls, article: Article) -> _Headings:
        top: dict[bytes, str] = {}
        if article.author:
            top[_heading_key(article.author)] = "repeated byline"
            top[_heading_key(f"By {article.author}")] = "repeated byline"
        top[_heading_key(article.kicker)] = "repeated kicker"
        top.pop(b"", None)
        return cls(title=_heading_key(article.title), top=top)


def _heading_key(text: str | None) -> bytes:
    return _key(normalize(text)) if text else b""


def _drop_headings(units: list[_Unit], headings: _Headings, removals: list[Removal]) -> list[_Unit]:
    """Drop the title wherever it is repeated, kicker and byline at the top of the body."""
    kept: list[_Unit] = []
    for unit in units:
        if headings.title and unit.key == headings.title:
            removals.append(Removal("repeated headline", unit.text, unit.paragraph))
        elif not kept and unit.key in headings.top:
            removals.append(Removal(headings.top[unit.key], unit.text, unit.paragraph))
        else:
            kept.append(unit)
    return kept


def _drop_repeats(units: list[_Unit], min_words: int, removals: list[Removal]) -> list[_Unit]:
    """Keep the first occurrence of every repeated paragraph or run of paragraphs.

    A run is a stretch of adjacent repeats whose first occurrences are adjacent
    in the same order (a block pasted twice); it goes when it has at least
    ``min_words`` words in all, so a lone short paragraph may occur twice.
    """
    first_position: dict[bytes, int] = {}
    earlier: list[int | None] = []
    for position, unit in enumerate(units):
        seen = first_position.setdefault(unit.key, position) if unit.key else position
        earlier.append(seen if seen != position else None)
    if len(first_position) == len(units):
        return units  # the common case: no repeats at all
    dropped: set[int] = set()
    position = 0
    while position < len(units):
        if earlier[position] is None:
            position += 1
            continue
        run_end = position + 1
        while run_end < len(units) and earlier[run_end] == _next(earlier[run_end - 1]):
            run_end += 1
        if sum(len(words(unit.text)) for unit in units[position:run_end]) >= min_words:
            dropped.update(range(position, run_end))
        position = run_end
    for position in sorted(dropped):
        unit = units[position]
        first = units[earlier[position] or 0].paragraph
        reason = f"repeated paragraph (first seen as paragraph {first})"
        removals.append(Removal(reason, unit.text, unit.paragraph))
    return [unit for position, unit in enumerate(units) if position not in dropped]


def _next(position: int | None) -> int | None:
    return None if position is None else position + 1


# ---------------------------------------------------------------------------
# Boilerplate


def _drop_boilerplate(units: list[_Unit], removals: list[Removal]) -> list[_Unit]:
    kept: list[_Unit] = []
    for unit in units:
        reason = _boilerplate_reason(unit.text)
        if reason is None:
            kept.append(unit)
        else:
            removals.append(Removal(f"boilerplate: {reason}", unit.text, unit.paragraph))
    return kept


def _without_boilerplate_lines(raw: str, paragraph: int, removals: list[Removal]) -> str:
    """The paragraph, normalised, without its boilerplate lines.

    Lines starting with a lower-case letter are kept: in hard-wrapped text
    they continue a sentence, whatever they look like.
    """
    kept: list[str] = []
    for raw_line in _LINE_BREAKS.split(raw):
        line = normalize(raw_line)
        reason = None if line[:1].islower() else _boilerplate_reason(line)
        if reason is None:
            kept.append(raw_line)
        else:
            removals.append(Removal(f"boilerplate: {reason}", line, paragraph))
    return normalize("\n".join(kept))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028]")
# Decoration around a boilerplate line: "— Advertisement —", "» Read more".
_DECORATION = " -–—_*|•·►▶▸»>#~=+"
_MAX_BOILERPLATE_WORDS = 60

_SOCIAL = (
    r"(?:facebook|twitter|x|instagram|tiktok|youtube|linkedin|threads|bluesky|mastodon"
    r"|telegram|whatsapp|snapchat|pinterest|reddit|flipboard|google news)"
)
# (reason, most words a matching line may have, pattern matched on the whole line)
_RULE_SOURCES: tuple[tuple[str, int, str], ...] = (
    (
        "advertisement",
        10,
        r"(?:advertisements?|advertising|advert|ads?|sponsored"
        r"|sponsored (?:content|posts?|stor(?:y|ies)|links?)"
        r"|paid (?:content|post|partnership|promotion)|promoted(?: content| stories| links?)?"
        r"|partner content|(?:story|article|content) continues (?:below|after)"
        r"(?: (?:this|the))?(?: (?:advertisement|advert|ad))?"
        r"|continue reading (?:below|the main story)"
        r"|scroll (?:down )?to continue(?: reading| with content)?)[.:!]?",
    ),
    (
        "read more link",
        25,
        r"read (?:more|also|next)\b.*"
        r"|(?:also read|see also|more on this(?: story| topic)?|more"
        r"|related(?: (?:articles?|stor(?:y|ies)|coverage|content|reading|links?|topics?"
        r"|news|videos?))?"
        r"|recommended(?: (?:reading|stories|articles?|for you))?"
        r"|you (?:may|might) also (?:like|be interested in)|most (?:read|popular|viewed|shared)"
        r"|further reading|don['’]t miss|trending(?: now)?|top stories)"
        r"\s*(?:[:»>|–—-].*)?",
    ),
    (
        # The same labels in the languages most news pages are written in (German,
        # French, Spanish, Italian, Portuguese, Dutch, Polish): the label alone, or
        # followed by a separator and the title of the linked story.
        "read more link",
        25,
        r"(?:lesen sie (?:auch|hier|mehr|weiter)|weiterlesen|auch interessant|mehr zum thema"
        r"|das könnte (?:sie|dich) (?:auch )?interessieren|siehe auch"
        r"|(?:à )?lire (?:aussi|également)|voir aussi|sur le même sujet"
        r"|(?:le|te|les) (?:puede|pueden) interesar|(?:lee|lea) (?:también|además)"
        r"|ver (?:también|más)|te recomendamos|noticias relacionadas"
        r"|leggi (?:anche|pure)|potrebbe interessarti|(?:leia|veja) (?:também|mais)|saiba mais"
        r"|lees (?:ook|meer)|(?:czytaj|przeczytaj|zobacz) (?:też|także|również|więcej)"
        r"|dowiedz się więcej)"
        r"\s*(?:[:»>|–—-].*)?",
    ),
    (
        "subscription prompt",
        40,
        r"subscribe\b.*"
        r"|sign[ -]?up(?: (?:now|here|today))?[.!]?"
        r"|sign[ -]?up\b.{0,120}?\b(?:newsletters?|e-?mails?|inbox|alerts?|updates|briefings?"
        r"|digest|bulletin|free|subscribe)\b.*"
        r"|(?:get|receive|want)\b.{0,100}?\b(?:newsletters?|(?:in|to|straight to) your inbox)\b.*"
        r"|(?:already a subscriber|already have an account|not a subscriber"
        r"|become a (?:subscriber|member)|support (?:our|independent|quality) journalism)\b.*"
        r"|never miss\b.{0,100}?\b(?:newsletters?|sign(?:ing)?[ -]?up|subscrib\w*|inbox)\b.*",
    ),
    (
        # Subscription and membership appeals in other languages, recognised by
        # their imperative opening ("Abonnieren Sie ...", "Abonnez-vous ...").
        "subscription prompt",
        40,
        r"(?:jetzt )?(?:abonnieren sie|abonniere|abonnez-vous|suscr[ií]bete|suscr[ií]base"
        r"|iscriviti|abbonati|assine|subskrybuj|zasubskrybuj|zapraszamy (?:też |także )?do"
        r" subskrypcji|werden sie (?:mitglied|abonnent)|jetzt (?:abonnieren|mitglied werden)"
        r"|pour (?:lire|continuer|accéder)\b.{0,80}?\b(?:abonn|compte|connect)"
        r"|(?:um|zum) weiterzulesen|para (?:seguir|continuar) leyendo)\b.*",
    ),
    (
        "photo credit",
        15,
        r"[(\[]?\s*(?:photo|photograph|picture|pic|image|illustration|graphic|video|footage)s?"
        r"(?: credits?| source)?\s*[:/|]\s*\S.*",
    ),
    (
        "photo credit",
        12,
        r"[(\[]?\s*(?:foto|fotos|bild|bilder|titelbild|imagen|imagem|zdjęcie|fot\.)"
        r"(?: ?credits?| ?nachweis| ?quelle)?\s*[:/|©]\s*\S.*",
    ),
    (
        "photo credit",
        12,
        r"[(\[]?\s*(?:image|photo|picture|video)s? credits?\b.*"
        r"|[(\[]?\s*credits?\s*:\s*\S.*"
        r"|[(\[]\s*(?:photo|photograph|picture|image|illustration|video)s?(?: taken)?"
        r" (?:by|courtesy(?: of)?)\b[^()\[\]]*[)\]]",
    ),
    (
        # Without brackets only when short and not a sentence: "Photo by Jane Roe/Agency",
        # not "Photographs by the family were shared widely."
        "photo credit",
        8,
        r"(?:photo|photograph|picture|image|illustration|video)s?(?: taken)?"
        r" (?:by|courtesy(?: of)?)\b.*[^.!?]",
    ),
    (
        "copyright notice",
        40,
        r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}|by\b|all rights)).*"
        r"|(?:.*\.\s*)?all rights reserved\b\.?",
    ),
    (
        "follow prompt",
        25,
        r"follow us\b.*|follow @\w+.*|(?:like|find|join) us on\b.*"
        rf"|follow\b.{{0,60}}?\bon (?:social media|{_SOCIAL})\b.*",
    ),
    (
        "follow prompt",
        25,
        r"(?:s[ií]guenos|folgen sie uns|folge uns|suivez-nous|seguici|siga-nos|segue-nos"
        r"|obserwuj nas|volg ons)\b.*",
    ),
    (
        # "You must be logged in to comment": the comment form, not the article.
        "login prompt",
        25,
        r"(?:you must be|you need to be|please) (?:logged|log|sign(?:ed)?) in\b.*"
        r"|(?:log|sign) in to (?:comment|reply|post|continue)\b.*"
        r"|(?:sie sind|du bist) (?:aktuell |derzeit |noch )?nicht (?:eingeloggt|angemeldet)\b.*"
        r"|(?:sie müssen|du musst) (?:eingeloggt|angemeldet) sein\b.*"
        r"|um (?:einen kommentar|kommentare) zu (?:schreiben|hinterlassen|verfassen)\b.*",
    ),
    (
        # When the page was last changed: page furniture, not reporting ("Last
        # updated: 5 March 2024", "Letzte Änderung 05.03.2024").
        "update stamp",
        10,
        r"(?:last (?:modified|updated|changed|edited)|letzte (?:änderung|aktualisierung)"
        r"|zuletzt (?:aktualisiert|geändert|bearbeitet)|dernière (?:mise à jour|modification)"
        r"|última (?:actualización|modificación)|ostatnia (?:aktualizacja|modyfikacja))\b.*\d.*",
    ),
    (
        "reading time",
        10,
        r"(?:\d+|one|two|three|four|five) min(?:ute)?s?\.? read"
        r"|(?:reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura"
        r"|tempo de leitura|czas czytania|leestijd)\s*:?\s*(?:ca\.? |about |approx\.? )?\d.*"
        r"|ten tekst przeczytasz\b.*",
    ),
    (
        # Affiliate disclosures: "We may earn a commission when you buy through links".
        "affiliate disclosure",
        60,
        r"(?:this (?:post|article|page|story) (?:contains|may contain|includes)"
        r" (?:affiliate|references to products|sponsored)"
        r"|we may (?:receive|earn|get) (?:a )?(?:small )?(?:commission|compensation)"
        r"|as an amazon associate)\b.*",
    ),
    (
        "republication note",
        40,
        r"this (?:article|story|piece|post|column|interview|content)"
        r"(?: was| is| has been)?(?: originally| first)?"
        r" (?:published|appeared|produced|ran|republished|syndicated)\b.*"
        r"|a version of this (?:article|story|piece)\b.*",
    ),
    (
        "republication note",
        12,
        r"originally published\b[^,]*",
    ),
    (
        "cookie notice",
        60,
        r"(?:we(?: and our partners)? use cookies|(?:this|our) (?:web)?site uses cookies"
        r"|by (?:continuing|using|browsing)\b.{0,100}?\bcookies"
        r"|(?:accept|reject|allow|manage|customi[sz]e)(?: all)? cookies"
        r"|cookie (?:settings|preferences|policy|notice|consent)|cookies? policy)\b.*",
    ),
    (
        "click prompt",
        25,
        r"(?:click|tap) (?:here|this link|the link|the button|below|to)\b.*",
    ),
)
# Every first word a line matching one of _RULES can have (lower case): a
# cheap filter in front of the patterns.  A word missing here only costs recall.
_RULE_OPENERS = _word_set(
    """
    ad ads advert advertisement advertisements advertising sponsored paid promoted partner
    story article content continue scroll
    read also see more related recommended you most further don't don’t trending top
    subscribe sign signup sign-up get receive want already not become support
    photo photos photograph photographs picture pictures pic pics image images illustration
    illustrations graphic graphics video videos footage footages credit credits
    copyright c all
    follow like find join
    this a originally
    we our by accept reject allow manage customise customize cookie cookies
    click tap
    lesen weiterlesen auch mehr das siehe à lire voir sur le te les lee lea ver noticias
    leggi potrebbe leia veja saiba lees czytaj przeczytaj zobacz dowiedz
    never jetzt abonnieren abonniere abonnez-vous suscríbete suscribete suscríbase suscribase
    iscriviti abbonati assine subskrybuj zasubskrybuj zapraszamy werden pour um zum para
    foto fotos bild bilder titelbild imagen imagem zdjęcie fot
    síguenos siguenos folgen folge suivez-nous seguici siga-nos segue-nos obserwuj volg
    you please log sign sie du last letzte zuletzt dernière última ultima ostatnia
    one two three four five reading lesezeit lesedauer temps tiempo tempo czas leestijd ten
    as
    """
)
_RIGHTS = "all rights reserved"
_FIRST_WORD = re.compile(r"[^\w©]*([\w'’©-]+)")

# A short line naming a Creative Commons licence ("Text available under CC BY-SA
# 4.0", "Photo: Jane Roe, Creative Commons licence") is a licence or credit
# note, whatever its first word.  Text about the licences names them
# otherwise ("What is Creative Commons?") or is longer.
_LICENCE = re.compile(
    r"\bcc[ -]by\b|\bcc0\b|\bcreative commons (?:by|licen[cs]es?|attribution)\b", re.IGNORECASE
)
_MAX_LICENCE_WORDS = 20

_RULES = tuple(
    (reason, most_words, re.compile(source, re.IGNORECASE))
    for reason, most_words, source in _RULE_SOURCES
)


# Share widgets are recognised by vocabulary: every word must belong to it, so
# "Shares fell 5%" or "Share prices rose" are never touched.
_SHARE_WORDS = frozenset({"share", "sharing", "tweet"})
_SOCIAL_WORDS = _word_set(
    """
    facebook twitter x instagram tiktok youtube linkedin threads bluesky mastodon telegram
    whatsapp snapchat pinterest reddit flipboard messenger email e-mail mail print copy
    link sms
    """
)
_SHARE_VOCABULARY = (
    _SHARE_WORDS
    | _SOCIAL_WORDS
    | _word_set(
        """
        this the a an article story page post video photo gallery link url on via to with by
        your friends friend family click tap here opens open in new window tab or and options
        icon button copied e
        """
    )
)
_SHARE_TOKEN = re.compile(r"[\w-]+")
_MAX_SHARE_WORDS = 25


def _boilerplate_reason(line: str) -> str | None:
    """Why ``line`` (one normalised line) is boilerplate, or None when it is not."""
    word_total = line.count(" ") + 1
    if word_total > _MAX_BOILERPLATE_WORDS:
        return None
    bare = line.strip(_DECORATION)
    first = _FIRST_WORD.match(bare)
    if first is None:
        return None
    opener = first.group(1).lower()
    if opener in _SHARE_VOCABULARY and word_total <= _MAX_SHARE_WORDS and _is_share_prompt(bare):
        return "share prompt"
    if word_total <= _MAX_LICENCE_WORDS and _LICENCE.search(bare) and not bare.endswith("?"):
        return "licence notice"
    if not (
        opener in _RULE_OPENERS
        or opener.startswith("©")
        or opener.isdigit()  # "5 min read"
        or bare[-len(_RIGHTS) - 1 :].lower().rstrip(".").endswith(_RIGHTS)
    ):
        return None  # the common case: no rule can match, none is tried
    for reason, most_words, pattern in _RULES:
        if word_total <= most_words and pattern.fullmatch(bare):
            return reason
    return None


def _is_share_prompt(line: str) -> bool:
    tokens = _SHARE_TOKEN.findall(line.lower())
    if not tokens or any(token not in _SHARE_VOCABULARY for token in tokens):
        return False
    if any(token in _SHARE_WORDS for token in tokens):
        return True
    # A row of network names ("Facebook Twitter Email") without the word "share".
    return sum(token in _SOCIAL_WORDS for token in tokens) >= 2
