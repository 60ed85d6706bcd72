"""Units and currencies as news text writes them, normalised.

Currencies become ISO 4217 codes ("£" -> GBP, "AUD", "Australian dollars" ->
AUD, "C$" -> CAD); pence and cents keep their own unit ("pence", "cent").
Measures become one name each ("mph" -> "mile per hour", "256GB" ->
"gigabyte", "°C" -> "celsius").  :func:`glued` reads a number written in one
token with its currency or unit ("£6m" is split by the tokenizer, but
"AUD1.5m", "164p", "24pc", "50mph", "256GB", "500mg" are single tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.compare.lexicon import wordset

LOWER_CODES = wordset("usd eur gbp aud cad jpy cny inr chf nzd hkd rmb")
__all__ = [
    "CURRENCY_CODES",
    "CURRENCY_PHRASES",
    "CURRENCY_SIGNS",
    "LOWER_CODES",
    "MEASURES",
    "SYMBOL_MEASURES",
    "Glued",
    "glued",
]

CURRENCY_CODES = wordset(
    "USD EUR GBP JPY CNY RMB CAD AUD NZD CHF HKD SGD INR MXN SEK NOK DKK RUB BRL ZAR KRW TRY "
    "PLN CZK HUF ILS AED SAR NGN KES EGP PKR THB IDR MYR PHP TWD ARS CLP COP BTC CRC GEL LAK VND "
    "UAH"
)
CURRENCY_SIGNS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₿": "BTC", "元": "CNY", "₦": "NGN", "₱": "PHP", "₪": "ILS",
    "₡": "CRC", "₾": "GEL", "₭": "LAK", "₫": "VND", "₴": "UAH",
}  # fmt: skip
# Letters written right before "$": "C$ 1.34", "A$5", "HK$".
DOLLAR_PREFIXES = {"C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "NZ": "NZD", "HK": "HKD",
                   "S": "SGD", "R": "BRL", "MEX": "MXN", "MXN": "MXN", "US": "USD"}  # fmt: skip
# "<nation> <currency>" after a number: ("finnish", "markka") -> FIM, plural forms too.
_NATIONAL_CURRENCIES: dict[tuple[str, ...], str] = {
    (*adjective.split(), noun): code
    for adjectives, nouns, code in (
        ("finnish", "markka markkaa markkas", "FIM"), ("dutch", "guilder guilders", "NLG"),
        ("german", "mark marks", "DEM"), ("french", "franc francs", "FRF"),
        ("belgian", "franc francs", "BEF"), ("italian", "lira lire", "ITL"),
        ("spanish", "peseta pesetas", "ESP"), ("swedish", "krona kronor", "SEK"),
        ("norwegian", "krone kroner", "NOK"), ("danish", "krone kroner", "DKK"),
        ("south_african", "rand rands", "ZAR"), ("brazilian", "real reais", "BRL"),
        ("russian", "rouble roubles ruble rubles", "RUB"), ("south_korean", "won", "KRW"),
        ("new_taiwan", "dollar dollars", "TWD"), ("indian", "rupee", "INR"),
        ("pakistani", "rupee rupees", "PKR"), ("saudi", "riyal riyals", "SAR"),
        ("mexican", "peso", "MXN"), ("philippine", "peso pesos", "PHP"),
        ("argentine", "peso pesos", "ARS"), ("chilean", "peso pesos", "CLP"),
        ("colombian", "peso pesos", "COP"), ("egyptian", "pound pounds", "EGP"),
        ("thai", "baht", "THB"), ("israeli", "shekel shekels", "ILS"),
        ("polish", "zloty zlotys", "PLN"), ("czech", "koruna korunas", "CZK"),
        ("hungarian", "forint forints", "HUF"), ("nigerian", "naira", "NGN"),
        ("kenyan", "shilling shillings", "KES"), ("indonesian", "rupiah", "IDR"),
        ("malaysian", "ringgit", "MYR"), ("vietnamese", "dong", "VND"),
        ("ukrainian", "hryvnia hryvnias", "UAH"),
    )
    for adjective in [adjectives.replace("_", " ")]
    for noun in nouns.split()
}  # fmt: skip
# Currency words after a number; several-word names first.
CURRENCY_PHRASES: dict[tuple[str, ...], str] = {
    **{(adj, noun): code
       for adj, code in (("us", "USD"), ("u.s.", "USD"), ("american", "USD"),
                         ("canadian", "CAD"), ("australian", "AUD"), ("singapore", "SGD"),
                         ("taiwan", "TWD"))
       for noun in ("dollar", "dollars")},
    ("hong", "kong", "dollars"): "HKD", ("hong", "kong", "dollar"): "HKD",
    ("new", "zealand", "dollars"): "NZD", ("new", "zealand", "dollar"): "NZD",
    ("swiss", "francs"): "CHF", ("swiss", "franc"): "CHF",
    ("pounds", "sterling"): "GBP", ("pound", "sterling"): "GBP",
    ("chinese", "yuan"): "CNY", ("japanese", "yen"): "JPY", ("indian", "rupees"): "INR",
    ("mexican", "pesos"): "MXN", ("turkish", "lira"): "TRY", ("euro", "cents"): "cent",
    ("dollars",): "USD", ("dollar",): "USD", ("euros",): "EUR", ("euro",): "EUR",
    ("yen",): "JPY", ("yuan",): "CNY", ("renminbi",): "CNY", ("rmb",): "CNY",
    ("rupees",): "INR", ("rupee",): "INR", ("pesos",): "MXN", ("roubles",): "RUB",
    ("rubles",): "RUB", ("lira",): "TRY", ("bitcoin",): "BTC", ("bitcoins",): "BTC",
    ("btc",): "BTC", ("pence",): "pence", ("penny",): "pence", ("cents",): "cent",
    ("cent",): "cent", ("francs",): "franc", ("marks",): "mark", ("guilders",): "guilder",
    **_NATIONAL_CURRENCIES,
}  # fmt: skip
# Measure words and abbreviations after a number (lower-cased), and their names.
MEASURES = {
    "mm": "millimetre", "millimetre": "millimetre", "millimeter": "millimetre",
    "cm": "centimetre", "centimetre": "centimetre", "centimeter": "centimetre",
    "m": "metre", "metre": "metre", "meter": "metre", "km": "kilometre",
    "kilometre": "kilometre", "kilometer": "kilometre", "mile": "mile", "mi": "mile",
    "ft": "foot", "foot": "foot", "feet": "foot", "inch": "inch", "yard": "yard", "yd": "yard",
    "mg": "milligram", "milligram": "milligram", "milligramme": "milligram",
    "microgram": "microgram", "microgramme": "microgram", "μg": "microgram", "mcg": "microgram",
    "g": "gram", "gram": "gram", "gramme": "gram", "kg": "kilogram", "kilogram": "kilogram",
    "kilo": "kilogram", "lb": "pound-mass", "lbs": "pound-mass", "oz": "ounce",
    "ounce": "ounce", "tonne": "tonne", "ton": "ton", "t": "tonne", "stone": "stone",
    "ml": "millilitre", "millilitre": "millilitre", "milliliter": "millilitre",
    "l": "litre", "litre": "litre", "liter": "litre", "cl": "centilitre", "gallon": "gallon",
    "pint": "pint", "barrel": "barrel", "cup": "cup", "tablespoon": "tablespoon",
    "teaspoon": "teaspoon", "hectare": "hectare", "ha": "hectare", "acre": "acre",
    "km2": "square kilometre", "m2": "square metre", "sq": "square", "km²": "square kilometre",
    "m²": "square metre", "mph": "mile per hour", "kph": "kilometre per hour",
    "kmph": "kilometre per hour", "km/h": "kilometre per hour", "km/hr": "kilometre per hour",
    "knot": "knot", "kb": "kilobyte", "mb": "megabyte", "gb": "gigabyte", "tb": "terabyte",
    "kilobyte": "kilobyte", "megabyte": "megabyte", "gigabyte": "gigabyte",
    "terabyte": "terabyte", "megabit": "megabit", "gigabit": "gigabit",
    "mbps": "megabit per second",
    "gbps": "gigabit per second", "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt",
    "kwh": "kilowatt hour", "mwh": "megawatt hour", "gwh": "gigawatt hour", "watt": "watt",
    "kilowatt": "kilowatt", "megawatt": "megawatt", "gigawatt": "gigawatt", "hp": "horsepower",
    "horsepower": "horsepower", "mah": "milliampere hour", "ghz": "gigahertz",
    "mhz": "megahertz", "hz": "hertz", "calorie": "calorie", "kcal": "kilocalorie",
    "celsius": "celsius", "centigrade": "celsius", "fahrenheit": "fahrenheit",
    "celcius": "celsius", "farenheit": "fahrenheit", "centigrate": "celsius",
    "degree": "degree", "rad": "radian", "radian": "radian", "decibel": "decibel",
    "db": "decibel", "dm": "decimetre", "decimetre": "decimetre", "picometre": "picometre",
    "picometer": "picometre", "nanometre": "nanometre", "nanometer": "nanometre", "nm": "nanometre",
    "pc": "percent",
}  # fmt: skip
# Symbols and abbreviations that are units only written right after a number (case kept).
SYMBOL_MEASURES = {"°C": "celsius", "°F": "fahrenheit", "C": "celsius", "F": "fahrenheit",
                   "p": "pence", "GB": "gigabyte", "MB": "megabyte", "TB": "terabyte",
                   "KB": "kilobyte"}  # fmt: skip
SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
                  "trn": 1e12}  # fmt: skip
_GLUED = re.compile(r"^(?P<code>[A-Z]{3})?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)(?P<rest>\D*?\d?)$")
_SCALED = re.compile(r"^(?P<scale>k|K|mn|mln|bn|Bn|BN|tn|trn|m|M|b|B)(?P<code>[A-Z]{3})?$")


@dataclass(frozen=True)
class Glued:
    """A number written with its currency or unit in one token."""

    value: float
    step: float
    unit: str
    kind: str  # money, percent, measure, count
    scaled: bool  # "6m", "1.5bn": a magnitude suffix was read


def glued(token: str, *, money_context: bool = False) -> Glued | None:
    """Read "AUD1.5m", "USD115", "115USD", "164p", "24pc", "50mph", "256GB", "500mg", "6m".

    A bare "48m" is a million only before a counted noun or in a money context
    (``money_context``); otherwise it is metres.  "1.8M" is always a million.
    """
    match = _GLUED.match(token)
    if match is None:
        return None
    code, rest = match.group("code"), match.group("rest")
    if (not code and not rest) or (code is not None and code not in CURRENCY_CODES):
        return None
    literal = match.group("number").replace(",", "")
    value = float(literal)
    step = 10.0 ** -len(literal.split(".")[1]) if "." in literal else 1.0
    if code:
        scaled = _SCALED.match(rest) if rest else None
        if rest and (scaled is None or scaled.group("code")):
            return None
        multiplier = SCALE_SUFFIXES[scaled.group("scale").lower()] if scaled else 1.0
        return Glued(value * multiplier, step * multiplier, _code(code), "money", bool(scaled))
    unit = _glued_unit(value, step, rest)
    if unit is not None and not (rest == "m" and money_context):
        return unit
    scaled = _SCALED.match(rest)
    if scaled is None:
        return None
    multiplier = SCALE_SUFFIXES[scaled.group("scale").lower()]
    value, step = value * multiplier, step * multiplier
    suffix = scaled.group("code")
    if suffix:
        known = suffix in CURRENCY_CODES
        return Glued(value, step, _code(suffix), "money", True) if known else None
    return Glued(value, step, "", "count", True)


def _code(code: str) -> str:
    return "CNY" if code == "RMB" else code


def _glued_unit(value: float, step: float, unit: str) -> Glued | None:
    if unit in CURRENCY_SIGNS:
        return Glued(value, step, CURRENCY_SIGNS[unit], "money", False)
    if unit.upper() in CURRENCY_CODES and unit.isupper():
        return Glued(value, step, _code(unit), "money", False)
    if unit in SYMBOL_MEASURES:
        symbol = SYMBOL_MEASURES[unit]
        return Glued(value, step, symbol, "money" if symbol == "pence" else "measure", False)
    name = MEASURES.get(unit.lower()) if unit != "M" else None
    if name is None:
        return None
    if name == "percent":
        return Glued(value, step, "percent", "percent", False)
    return Glued(value, step, name, "measure", False)
