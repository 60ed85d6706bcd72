"""Word lists shared by the quote, name and date rules."""

from __future__ import annotations

__all__ = ["NOT_SPEAKERS", "PRONOUNS", "ROLE_NOUNS", "SPEECH_VERBS", "TIME_WORDS", "wordset"]


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


# Verbs that attribute speech; every form a news sentence uses ("said", "saying", "says").
# Forms that are mostly nouns ("report", "claim", "statement") are left out.
SPEECH_VERBS = wordset("""
    said says say saying told tells tell telling added adds adding asked asks asking
    warned warns warning explained explains explaining noted notes noting stated states stating
    insisted insists insisting argued argues arguing wrote writes writing tweeted tweets
    tweeting posted acknowledged acknowledges acknowledging admitted admits admitting
    declared declares declaring announced announces announcing replied replies replying
    continued recalled recalls recalling cautioned cautions cautioning conceded concedes
    conceding claimed claims claiming stressed stresses stressing shouted shouts shouting
    chanted chanting urged urges urging pleaded pleads pleading promised promises promising
    vowed vows vowing predicted predicts predicting suggested suggests suggesting complained
    complains complaining responded responds responding remarked remarks joked jokes joking
    observed testified testifies testifying confirmed confirms confirming described describes
    describing called calls calling yelled yelling cried whispered countered counters
    countering maintained maintains maintaining reiterated reiterates reiterating emphasised
    emphasized emphasises emphasizes emphasising emphasizing reported reports reporting
    emailed emails emailing texted messaged wrote quipped quips mused muses boasted boasts
    boasting bragged brags bragging declared pledged pledges pledging contended contends
    asserted asserts asserting charged charges accused accuses accusing blasted blasts slammed
    slams mocked mocks mocking praised praises praising lamented laments lamenting
    exclaimed screamed screams screaming muttered retorted retorts demanded demands demanding
    added read reads recounted recounts recounting proclaimed proclaims proclaiming
    announced threatened threatens threatening advised advises advising informed
    explained conceded derided derides dismissed dismisses labelled labeled dubbed
    wondered wonders wondering concluded concludes concluding acknowledged agreed agrees
    disputed disputes denied denies denying sang sings chanted
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
# Words that say when, never who: a speaker phrase ending in one is cut before it
# ("The party on Tuesday called" -> "The party").
TIME_WORDS = wordset("""
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    tomorrow morning afternoon evening night weekend week month year earlier later
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """)
# Common nouns that name no speaker, whatever the grammar around them suggests.
NOT_SPEAKERS = TIME_WORDS | wordset("""
    stage time times day days priority comments comment remarks remark words word way thing
    things point moment interview speech rally event
    so also then there here this that these those which what who whom whose
    """)
