"""Word lists shared by the quote, name and date rules."""

from __future__ import annotations

__all__ = ["PRONOUNS", "ROLE_NOUNS", "SPEECH_VERBS", "wordset"]


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


# Verbs that attribute speech; all forms a news sentence uses.
SPEECH_VERBS = wordset("""
    said says say told tells tell added adds asked asks warned warns explained explains noted
    notes stated states insisted insists argued argues wrote writes tweeted posted acknowledged
    acknowledges admitted admits declared declares announced announces replied replies
    continued continues recalled recalls cautioned cautions conceded concedes claimed claims
    stressed stresses shouted shouts chanted chant urged urges pleaded promised vowed predicted
    suggested complained responded remarked joked observed testified confirmed confirms
    described describes called calls yelled cried whispered countered added explained
    maintained maintains reiterated emphasised emphasized
    """)
PRONOUNS = wordset("he she they it we i")
# Nouns that name a role; used as titles ("Teacher Rosa Lindgren") and roles ("the mayor").
ROLE_NOUNS = wordset("""
    teacher nurse doctor farmer engineer coordinator manager leader spokesman spokeswoman
    spokesperson coach player resident witness economist analyst student driver pilot lawyer
    attorney firefighter grower owner worker volunteer forecaster coroner guard official
    prosecutor minister mayor governor president chief director inspector judge senator
    secretary chairman chairwoman epidemiologist scientist researcher expert professor
    """)
