"""Word lists for names: titles, organisation and place head words, calendar words.

The rules path of :mod:`storyline.compare.entities` decides kinds with them, and
the statistical tagger (:mod:`storyline.compare.name_model`) uses them as cue
features.  Written for the project; no list is taken from a data set.
"""

from __future__ import annotations

from storyline.compare.lexicon import ROLE_NOUNS, wordset

__all__ = [
    "ABBREVIATED",
    "CALENDAR",
    "CONNECTORS",
    "CUE_ORG",
    "CUE_PLACE",
    "CUE_TITLE",
    "DOTTED_WORDS",
    "HONORIFICS",
    "INSTITUTIONS",
    "NEWSPAPER_HEADS",
    "ORG_HEADS",
    "ORG_WORDS",
    "PLACE_HEADS",
    "PLACE_PREPOSITIONS",
    "PLACE_WORDS",
    "TITLES",
]

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
# Place words that end no team or company name ("Bristol City" and "Ross County" are clubs).
PLACE_HEADS = PLACE_WORDS - wordset("city county state park hall station town estate port region")
PLACE_PREPOSITIONS = wordset("in at from near to across outside inside into around")
CONNECTORS = wordset("of for de van von al bin la du del")
CALENDAR = wordset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec i mondays tuesdays wednesdays thursdays fridays saturdays sundays
    """)
ABBREVIATED = wordset("dr mr mrs ms st prof gen col lt sgt capt rev sen gov rep supt jr sr")
# Abbreviations that keep their dot inside a name ("Mr.", "Acme Corp.", "St. Louis").
DOTTED_WORDS = ABBREVIATED | wordset("inc corp co ltd bros mt ft adm cmdr maj messrs")

# Titles that only ever stand before a person's name ("Mr. Okafor", "Dr Lee").
HONORIFICS = wordset("mr mrs ms miss mx dr prof sir dame messrs mme mlle")
# Last words of newspaper and magazine names ("The Guardian", "the Harwick Chronicle").
NEWSPAPER_HEADS = wordset("""
    times post herald gazette journal tribune guardian telegraph chronicle observer courier
    mirror inquirer examiner independent economist spectator bulletin dispatch
    """)

# Cue features of the tagger (lower-case words).
CUE_TITLE = TITLES | wordset("mr. mrs. ms. dr. gen. sen. gov. rep. prof. capt. col. lt. sgt.")
CUE_ORG = ORG_HEADS | wordset("""
    newspaper daily weekly magazine broadcaster agency ministry firm group club team side
    spokesman spokeswoman spokesperson shares stock index
    """)
CUE_PLACE = PLACE_WORDS | wordset("in near capital province region city town village")

# Seats of power named for their building: the name stands for the institution
# ("the White House said"), so it is an organisation.
INSTITUTIONS = frozenset(
    name.lower()
    for name in (
        "White House",
        "Kremlin",
        "Pentagon",
        "Elysee",
        "Élysée",
        "Elysee Palace",
        "Élysée Palace",
        "Downing Street",
        "Blue House",
        "Quai d'Orsay",
    )
)
