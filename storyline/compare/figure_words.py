"""Word lists for reading figures: units, hedges, identifiers, irregular plurals.

Shared by :mod:`storyline.compare.figures` (reading a figure) and
:mod:`storyline.compare.figure_context` (what a figure is about).
"""

from __future__ import annotations

from storyline.compare.lexicon import wordset
from storyline.compare.numbers import parse_number
from storyline.compare.units import MEASURES
from storyline.text import STOPWORDS, Token

__all__ = [
    "APPROXIMATE",
    "CHANGE_VERBS",
    "CLOCK_WORDS",
    "CURRENCY_WORDS",
    "EMERGENCY_NUMBERS",
    "FUNCTION_WORDS",
    "HEDGES",
    "ID_NOUNS",
    "IRREGULAR",
    "LOWER_BOUND",
    "MEASURE_UNITS",
    "MONEY_WORDS",
    "MONTHS",
    "PARTICIPLE_NOUNS",
    "POPULATION_UNITS",
    "SHORT_MEASURES",
    "STERLING_WORDS",
    "STREET_WORDS",
    "TIME_UNITS",
    "UPPER_BOUND",
    "WEIGHT_WORDS",
    "is_number_word",
    "is_plural",
    "singular",
]

CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
                  "pounds": "GBP", "yen": "JPY", "yuan": "CNY"}  # fmt: skip
TIME_UNITS = {"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade"}
MEASURE_UNITS = {
    "km": "kilometre", "kilometre": "kilometre", "kilometer": "kilometre",
    "mile": "mile", "metre": "metre", "meter": "metre", "mm": "millimetre",
    "millimetre": "millimetre", "millimeter": "millimetre", "cm": "centimetre",
    "centimetre": "centimetre", "kg": "kilogram", "kilogram": "kilogram", "kilo": "kilogram",
    "tonne": "tonne", "ton": "ton", "hectare": "hectare", "acre": "acre", "litre": "litre",
    "liter": "litre", "gallon": "gallon", "barrel": "barrel", "km/h": "km/h", "mph": "mph",
    "degree": "degree", "foot": "foot", "feet": "foot", "inch": "inch",
    **{k: v for k, v in MEASURES.items() if len(k) > 2 and v != "percent"},
}  # fmt: skip
# Abbreviations that are units only right after a number and before no word ("5 m", "20 kg").
SHORT_MEASURES = {k: v for k, v in MEASURES.items() if len(k) <= 2 and k not in ("in", "pc")}
# Words before a number that make it an identifier ("category 4", "type 2", "Route 9").
ID_NOUNS = wordset(
    "category level grade stage phase type class size number no route flight room gate platform "
    "chapter article section version model tier channel interstate highway bus line exit "
    "district ward precinct page item verse amendment code apartment suite unit"
)
STREET_WORDS = wordset(
    "road rd street st avenue ave lane ln drive dr boulevard blvd way place pl court ct terrace "
    "crescent close square highway parkway"
)
CHANGE_VERBS = wordset(
    "rose rise rises rising fell fall falls falling increased increase increases increasing grew "
    "grow grows growing dropped drop drops dropping declined decline declines climbed climb "
    "climbs jumped jump jumps surged surge soared slipped slid cut cuts raised raise lowered "
    "reduced boosted doubled tripled halved went up down changed moved shrank shrunk widened "
    "narrowed expanded swelled plunged plummeted tumbled edged"
)
WEIGHT_WORDS = wordset(
    "weigh weighs weighed weighing weight lose lost losing gained gain heavy heavier lighter "
    "overweight pounds-heavy lbs"
)
STERLING_WORDS = wordset("£ sterling pence britain british uk u.k. london england")
MONEY_WORDS = wordset(
    "profit profits revenue revenues cost costs paid pay pays price prices sales sale bid deal "
    "fine fined worth budget spend spent spending funding loss losses earned earn salary fee fees "
    "bill tax taxes income debt raised sold bought invest invested investment"
)
EMERGENCY_NUMBERS = frozenset({"911", "999", "112"})
POPULATION_UNITS = frozenset({"person", "people", "resident", "household", "home", "customer"})
IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
             "police": "police", "staff": "staff", "aircraft": "aircraft", "feet": "foot",
             "personnel": "personnel", "cattle": "cattle", "sheep": "sheep", "fish": "fish",
             "deer": "deer", "crew": "crew", "lives": "life", "wives": "wife",
             "series": "series", "species": "species", "movies": "movie",
             "cookies": "cookie", "rookies": "rookie", "zombies": "zombie",
             "calories": "calorie", "selfies": "selfie", "goalies": "goalie",
             "pies": "pie", "ties": "tie", "lies": "lie"}  # fmt: skip
# Participles used as nouns right after a number: "more than 60 injured".
PARTICIPLE_NOUNS = {"injured", "dead", "wounded", "missing", "killed", "hurt", "displaced",
                    "arrested", "detained", "evacuated", "rescued", "homeless"}  # fmt: skip
LOWER_BOUND = ("more than", "over", "at least", "upwards of", "in excess of", "above",
               "exceeding", "just over", "well over", "more than", "greater than")  # fmt: skip
UPPER_BOUND = ("nearly", "almost", "up to", "as many as", "as much as", "no more than",
               "at most", "fewer than", "less than", "under", "below", "just under")  # fmt: skip
APPROXIMATE = ("about", "around", "roughly", "approximately", "some", "an estimated",
               "estimated", "close to", "an approximate", "circa")  # fmt: skip
HEDGES = {
    **{tuple(h.split()): "lower" for h in LOWER_BOUND},
    **{tuple(h.split()): "upper" for h in UPPER_BOUND},
    **{tuple(h.split()): "approx" for h in APPROXIMATE},
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec"}  # fmt: skip
CLOCK_WORDS = {"a.m", "p.m", "am", "pm", "gmt", "utc", "bst", "cet", "est", "pst", "hrs", "o'clock"}
# Words that end the run of words after a number (adjectives such as "new" do not).
FUNCTION_WORDS = STOPWORDS - {"new", "last", "first", "like", "more", "most", "other"}


def singular(word: str) -> str:
    """The singular of a plural noun: "people" -> "person", "factories" -> "factory"."""
    word = word.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ouses"):
        return word[:-1]  # houses, blouses
    if word.endswith(("ches", "shes", "xes", "sses", "zes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_plural(word: str) -> bool:
    if word in IRREGULAR:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


def is_number_word(word: str) -> bool:
    number = parse_number([Token(word, 0, 0)], 0)
    return number is not None
