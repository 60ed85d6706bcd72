"""Word lists shared by the quote, name and date rules."""

from __future__ import annotations

__all__ = [
    "FEMALE_GIVEN_NAMES",
    "MALE_GIVEN_NAMES",
    "NOT_SPEAKERS",
    "PRONOUNS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "TIME_WORDS",
    "wordset",
]


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
    reacted reacts remembered remembers interjected snapped scoffed hailed hails hailing
    continues
    suggest argue explain insist warn admit acknowledge declare predict concede write
    reply respond agree state
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
# Given names that are, in English-language news, almost always a man's or a woman's; used
# only to tell which of two people "he" or "she" can be (names used by both are left out).
MALE_GIVEN_NAMES = wordset("""
    aaron adam adrian ahmed alan albert alexander ali andrew angelo anthony antonio arthur
    barack ben benjamin bernie bill billy bob bobby boris brad bradley brandon brian bruce
    bryan carl carlos charles charlie chris christopher chuck colin craig dan daniel darren
    dave david dennis derek diego dmitry don donald doug douglas duncan dwight ed eddie edward
    emmanuel eric erik ernest evan frank franklin fred frederick gary gene george gerald
    giuseppe glenn gordon graham greg gregory hank harold harry hassan henry howard hugh ian
    igor isaac ivan jack jacob jake james jared jason jeb jeff jeffrey jeremy jerry jesse jim
    jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith
    ken kenneth kevin kurt larry lawrence leonard luis luke marco marcus mario mark
    martin matt matthew michael mike mitch mitt mohammed muhammad nathan neil nicholas nick
    nigel oliver omar oscar patrick paul pedro peter phil philip pierre rafael ralph randy ray
    raymond reince rex richard rick rob robert roger ron ronald roy rudy russell ryan
    samuel scott sean sergei sergey stephen steve steven stuart ted thomas tim timothy
    todd tom tony travis trevor tyler vladimir walter wayne william willie xi yusuf zachary
    """)
FEMALE_GIVEN_NAMES = wordset("""
    abigail alice alicia alison amanda amber amy ana andrea angela angelina ann anna anne
    annie barbara betsy betty beverly brenda bridget caitlin carly carmen carol caroline
    catherine cathy chelsea cheryl christina christine cindy claire claudia connie cynthia
    dayna debbie deborah debra denise diana diane dianne donna doris dorothy elaine
    elena elizabeth ellen emily emma erin eva evelyn fatima gabrielle gina gloria grace
    hannah heather heidi helen hillary hope huma irene ivanka jane janet janice jeanne
    jennifer jessica jill joan joanne jodi joni josephine joy joyce judith judy julia julie
    karen kate katherine kathleen kathryn kathy katie kayleigh kellyanne kelly kimberly
    kirsten kristen laura lauren linda lisa loretta louise lucy madeleine maria marie
    marilyn marine martha mary maxine megan melania melanie melissa michelle monica nancy
    natalie nicole nikki nina olivia pamela patricia patty paula pauline penny rachel
    rebecca rosa rose ruth samantha sandra sara sarah sharon sheila shirley sophie stephanie
    susan susana suzanne sylvia tammy teresa theresa tiffany tina valerie vanessa
    victoria virginia wendy yvonne zoe
    """)
