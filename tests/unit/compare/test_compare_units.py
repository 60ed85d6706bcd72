"""Figures glued to units and currencies, signs, ranges and identifiers."""

from __future__ import annotations

import pytest

from storyline.compare.figures import extract_figures
from storyline.compare.units import glued


def figures(text: str) -> list[tuple[str, float | None, float | None, str]]:
    return [(f.text, f.low, f.high, f.unit) for f in extract_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The club paid £6m for the striker.", ("£6m", 6e6, 6e6, "GBP")),
        ("The council won a AUD1.5m grant.", ("AUD1.5m", 1.5e6, 1.5e6, "AUD")),
        ("Shares closed at 164p on Friday.", ("164p", 164.0, 164.0, "pence")),
        ("Rents rose 24pc in a year.", ("24pc", 24.0, 24.0, "percent")),
        ("Gusts reached 50mph overnight.", ("50mph", 50.0, 50.0, "mile per hour")),
        ("The handset ships with 256GB of storage.", ("256GB", 256.0, 256.0, "gigabyte")),
        ("Each tablet holds 500mg of the drug.", ("500mg", 500.0, 500.0, "milligram")),
        ("The ferry costs USD115 a head.", ("USD115", 115.0, 115.0, "USD")),
        ("Tickets cost 40 euros each.", ("40 euros", 40.0, 40.0, "EUR")),
        ("The firm raised C$ 12 million.", ("C$ 12 million", 12e6, 12e6, "CAD")),
        (
            "It earned 125 million Australian dollars.",
            ("125 million Australian dollars", 125e6, 125e6, "AUD"),
        ),
        ("Water boils at 100 °C at sea level.", ("100 °C", 100.0, 100.0, "celsius")),
        (
            "It was 98 degrees Fahrenheit in the shade.",
            ("98 degrees Fahrenheit", 98.0, 98.0, "fahrenheit"),
        ),
        ("The hull is 48m long.", ("48m", 48.0, 48.0, "metre")),
        ("The show drew 48m viewers.", ("48m viewers", 48e6, 48e6, "viewer")),
        ("The boxer lost 25 pounds before the bout.", ("25 pounds", 25.0, 25.0, "pound-mass")),
        ("Profit rose to 361 million pounds.", ("361 million pounds", 361e6, 361e6, "GBP")),
        ("The pipe is 10 1/2 miles long.", ("10 1/2 miles", 10.5, 10.5, "mile")),
        ("It only cost 3 dollars 50 cents.", ("3 dollars 50 cents", 3.5, 3.5, "USD")),
        ("The loan was 35 lakh rupees.", ("35 lakh rupees", 3.5e6, 3.5e6, "INR")),
    ],
)
def test_units_and_currencies(text: str, expected: tuple[str, float, float, str]) -> None:
    assert expected in figures(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Output fell -1.3% in March.", ("-1.3%", -1.3, -1.3, "percent")),
        ("The lake froze at minus 5 degrees.", ("minus 5 degrees", -5.0, -5.0, "degree")),
    ],
)
def test_negative_values_keep_their_sign(
    text: str, expected: tuple[str, float, float, str]
) -> None:
    assert expected in figures(text)


def test_a_dash_between_words_is_no_sign() -> None:
    assert [low for _, low, _, _ in figures("Crews - 12 in all - were sent.")] == [12.0]


def test_a_range_is_one_figure() -> None:
    assert figures("Fines range from $250,000 to $1 million.") == [
        ("$250,000 to $1 million", 250000.0, 1e6, "USD")
    ]


def test_a_change_is_two_figures() -> None:
    found = figures("The levy rose from $50 to $70.")
    assert [(low, high) for _, low, high, _ in found] == [(50.0, 50.0), (70.0, 70.0)]


@pytest.mark.parametrize(
    "text",
    [
        "She upgraded to an iPhone 11 last week.",
        "A category 4 hurricane made landfall.",
        "The clinic ran COVID-19 tests all day.",
        "Police were called to 575 Wilbraham Road.",
        "A neighbour called 911 at dawn.",
        "Patients with type 2 diabetes were enrolled.",
        "It was a one-off payment.",
    ],
)
def test_identifiers_are_not_counts(text: str) -> None:
    assert all(
        low not in (11.0, 4.0, 19.0, 575.0, 911.0, 2.0, 1.0) for _, low, _, _ in figures(text)
    )


def test_glued_reading() -> None:
    read = glued("2.5bn")
    assert read is not None and (read.value, read.unit, read.kind) == (2.5e9, "", "count")
    money = glued("48m", money_context=True)
    assert money is not None and money.value == 48e6
    assert glued("1.8M") is not None and glued("1.8M").value == 1.8e6  # type: ignore[union-attr]
    assert glued("COVID19") is None
    assert glued("10kph") is not None and glued("10kph").unit == "kilometre per hour"  # type: ignore[union-attr]


def test_a_fraction_of_a_scale_word() -> None:
    assert figures("The repairs cost half a million dollars.") == [
        ("half a million dollars", 5e5, 5e5, "USD")
    ]
    assert figures("A quarter million people signed.")[0][1] == 2.5e5
    assert figures("In the first quarter, sales rose.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The zoom lens covers 75-300mm.", ("75-300mm", 75.0, 300.0, "millimetre")),
        ("Sacks of 5-10kg were handed out.", ("5-10kg", 5.0, 10.0, "kilogram")),
        ("Each bale weighs 10 to 20kg.", ("10 to 20kg", 10.0, 20.0, "kilogram")),
    ],
)
def test_a_range_takes_the_unit_written_on_its_upper_end(
    text: str, expected: tuple[str, float, float, str]
) -> None:
    assert figures(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Its 1988 sales were flat.",
        "The 2016 presidential debates drew record audiences.",
        "Revenue in 2011 exceeds the target.",
        "The 2013-2014 awards were cancelled.",
    ],
)
def test_a_year_before_a_noun_is_no_count(text: str) -> None:
    assert figures(text) == []


def test_a_hedged_year_like_number_with_a_noun_is_a_count() -> None:
    assert figures("About 2000 people marched.") == [
        ("About 2000 people", 2000.0, 2000.0, "person")
    ]


def test_a_price_per_dozen_is_one_figure() -> None:
    assert figures("Eggs averaged 64.2 cents a dozen.") == [
        ("64.2 cents a dozen", 64.2, 64.2, "cent")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Demand is 100 times higher.", ("100 times", 100.0, 100.0, "times")),
        (
            "The mill made 34,500 metric tons of pulp.",
            ("34,500 metric tons", 34500.0, 34500.0, "tonne"),
        ),
        (
            "The 20 most expensive restaurants closed.",
            ("20 most expensive restaurants", 20.0, 20.0, "restaurant"),
        ),
        ("Five more losses were reported.", ("Five more losses", 5.0, 5.0, "loss")),
        ("Take 500mg twice a day.", ("500mg", 500.0, 500.0, "milligram")),
        ("Turn the dial 90° to the left.", ("90°", 90.0, 90.0, "degree")),
    ],
)
def test_units_read_after_the_number(text: str, expected: tuple[str, float, float, str]) -> None:
    assert figures(text) == [expected]


def test_feet_and_inches() -> None:
    assert figures("The centre is 6 ft 2 in tall.") == [
        ("6 ft", 6.0, 6.0, "foot"),
        ("2 in", 2.0, 2.0, "inch"),
    ]
    assert figures("The sign is 1 m x 2 m.") == [
        ("1 m", 1.0, 1.0, "metre"),
        ("2 m", 2.0, 2.0, "metre"),
    ]


def test_a_multiplier_is_a_ratio_even_after_a_name() -> None:
    found = extract_figures("Officers tried to call Ward 3 times.")
    assert [(f.low, f.unit, f.kind) for f in found] == [(3.0, "times", "ratio")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The group paid 420 million Finnish markka.",
            ("420 million Finnish markka", 4.2e8, 4.2e8, "FIM"),
        ),
        ("Tickets cost 40 Egyptian pounds.", ("40 Egyptian pounds", 40.0, 40.0, "EGP")),
        ("The fund sold Mex$ 10 million of bonds.", ("Mex$ 10 million", 1e7, 1e7, "MXN")),
        (
            "He won a loan of 12,34,567.89 rupees.",
            ("12,34,567.89 rupees", 1234567.89, 1234567.89, "INR"),
        ),
        ("It withdrew its one-yen bid.", ("one-yen", 1.0, 1.0, "JPY")),
        ("The firm sold 30 - year bonds.", ("30 - year", 30.0, 30.0, "year")),
        ("Drivers began a 24-h strike.", ("24-h", 24.0, 24.0, "hour")),
        ("The index fell 1/4 point.", ("1/4 point", 0.25, 0.25, "point")),
        ("He scored 20-plus points.", ("20-plus points", 20.0, None, "point")),
    ],
)
def test_currencies_and_units_written_other_ways(
    text: str, expected: tuple[str, float, float | None, str]
) -> None:
    assert figures(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "It 1) explains the past; 2) warns about the future.",
        "Test scores were flat this year.",
        "He bought 3-d glasses.",
        "She is a 40-something lawyer.",
        "A 28 - year - old man was held.",
    ],
)
def test_list_marks_nouns_and_vague_compounds_are_no_figures(text: str) -> None:
    assert figures(text) == []


def test_a_hyphenated_pair_with_a_scale_suffix_is_left_alone() -> None:
    # "7b-10bn" once crashed the range reader; it names no unit, so no figure is claimed.
    assert figures("Estimates ran 7b-10bn.") == []
    assert figures("Estimates ran 7-10kg.") == [("7-10kg", 7.0, 10.0, "kilogram")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The club made $5 m last year.", [("$5 m", 5e6, 5e6, "USD")]),
        ("The deal is worth £2.3 bn.", [("£2.3 bn", 2.3e9, 2.3e9, "GBP")]),
        ("The new wall is 4 m high.", [("4 m", 4.0, 4.0, "metre")]),
        ("She ran it in 20 min.", [("20 min", 20.0, 20.0, "minute")]),
        (
            "The baby weighed 7 lb 3 oz.",
            [("7 lb", 7.0, 7.0, "pound-mass"), ("3 oz", 3.0, 3.0, "ounce")],
        ),
    ],
)
def test_spaced_magnitudes_and_short_units(
    text: str, expected: list[tuple[str, float, float, str]]
) -> None:
    assert figures(text) == expected
