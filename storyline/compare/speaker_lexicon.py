"""Word lists of the speaker rules (:mod:`storyline.compare.speakers`): the words that open,
link, end or rule out a speaker phrase, and the verb frames that attribute speech."""

from __future__ import annotations

from storyline.compare.lexicon import wordset

__all__ = [
    "AFTER_INVERTED",
    "AFTER_PHRASAL",
    "AUXILIARIES",
    "CHAIN_ENDS",
    "CHAIN_WORDS",
    "CLAIM_NOUNS",
    "CONJUNCTIONS",
    "DASHES",
    "DESCRIPTION_STOPS",
    "DETERMINERS",
    "DOCUMENTS",
    "FINITE_VERBS",
    "HEADLINE_WORDS",
    "ING_OPENERS",
    "INTRODUCTIONS",
    "INTRO_PHRASE_STARTS",
    "INVERTIBLE",
    "LINKS",
    "MODALS",
    "NOT_ADVERBS",
    "NOT_HEADS",
    "NOT_NAMES",
    "NOT_SUBJECT_STARTS",
    "NUMBER_WORDS",
    "OBJECT_LINKS",
    "PAST",
    "PHRASAL_SPEECH",
    "PLACE_LINKS",
    "PLURAL_NOUNS",
    "POSSESSIVE_PRONOUNS",
    "QUANTIFIERS",
    "SAY_INFINITIVES",
    "SUBJECT_ADVERBS",
    "TIME_LINKS",
    "TITLE_NOUNS",
]

DETERMINERS = wordset("the a an her his their its our my one")
AUXILIARIES = wordset(
    "had has have was were is are would will also later then previously repeatedly "
    "reportedly once again simply just often usually sometimes always never frequently "
    "publicly privately recently"
)
# Words that end a description after the verb: "said the spokesman for the minister in ..."
DESCRIPTION_STOPS = wordset(
    "in on at during after as who whom which that when while adding before moments since "
    "outside inside from by with"
)
LINKS = wordset("for of at from")
CONJUNCTIONS = wordset("and but yet so or then still also meanwhile however instead indeed")
INTRODUCTIONS = wordset(
    "at in on after before during when while as but and yet meanwhile still then since "
    "following despite with without outside inside from soon last speaking asked earlier "
    "later hours minutes days moments back instead however now although though because "
    "if unless whereas once upon like unlike amid among across throughout within beyond "
    "through around toward towards"
)
# Speech verbs that are as often plural nouns ("the tweets", "his claims").
PLURAL_NOUNS = wordset(
    "tweets claims calls notes remarks reports promises charges demands vows jokes emails "
    "pledges states posts threatens praises blasts slams"
)
DOCUMENTS = wordset("statement letter release memo report post tweet email note video ad")
NOT_NAMES = wordset(
    "another one some many several few both each every other others "
    "or and but so yet still also even just then now here there this that these those "
    "indeed ever ask meanwhile however instead perhaps maybe i'm it's although though "
    "because if while when after before as since to all only most much such no not any none "
    "contrary first second third last next where what how why name names early "
    "immediately shortly moreover likewise thus hastily initially eventually finally "
    "separately similarly additionally alongside between based do does"
)
# Words that open a sentence without naming anyone; dropped from the front of a name run
# ("When Clinton noted" -> "Clinton").
NUMBER_WORDS = wordset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million dozens hundreds thousands millions"
)
# Prepositions and subordinators that open an introductory phrase ending at a comma; a verb
# inside it is not the main clause's ("In a message posted Friday, Cruz said ...").
INTRO_PHRASE_STARTS = wordset(
    "in on at after before during when while since following despite with without outside "
    "inside from upon amid among although though because if unless whereas once like unlike "
    "across throughout within beyond through around toward towards alongside between"
)
# Finite verbs and adjectives that no speaker phrase holds or ends with.
FINITE_VERBS = wordset(
    "is are was were did does do has have had isn’t wasn’t saw began sent gave made took "
    "came went got found thought knew left felt kept brought"
)
# Adverbs that end a subject before its verb ("The company now has", "Lee first said"), and
# nouns that merely end like an adverb ("the Clinton family").
SUBJECT_ADVERBS = wordset("now first")
NOT_ADVERBS = wordset("family ally rally assembly supply italy july anomaly monopoly")
NOT_HEADS = wordset("former past like very much more most many such own late")
MODALS = wordset("can could may might must shall should will would")
PAST = ("ed", "said", "told", "wrote")  # endings of a speech verb that is no noun
# Prepositions that may stand before an article inside a noun phrase ("the head of the ...").
OBJECT_LINKS = wordset("in on at by with to about over under into behind across and or")
# Function words that only a headline writes with a capital inside a run of names.
HEADLINE_WORDS = wordset("as of on in to for and at by with up over after from into is are")
# Common nouns that are also the last word of newspaper names ("the Times", "the Post").
TITLE_NOUNS = wordset("times")
# Nouns for what someone said: "Trump’s claim that ...", "her promise to ...".
CLAIM_NOUNS = wordset(
    "claim claims statement statements assertion assertions remark remarks comment comments "
    "promise promises pledge pledges vow warning warnings argument contention insistence "
    "suggestion accusation accusations charge description characterization words"
)
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i"}
# Words that open a noun phrase like an article: "Another person tweeted", "Hundreds of ...".
QUANTIFIERS = wordset(
    "another some many several each every both most dozens hundreds thousands millions"
)
# Verbs without an object that stand before their speaker: "..., noted Dante Chinni."
INVERTIBLE = wordset(
    "said says added adds noted notes wrote writes asked asks explained argued continued "
    "recalled observed stated insisted replied responded concluded acknowledged cautioned "
    "warned remarked conceded countered"
)
AFTER_INVERTED = wordset("in on at during after before while when from")
ING_OPENERS = wordset("lamenting speaking asked reflecting looking turning facing")
NOT_SUBJECT_STARTS = wordset(
    "to that if whether how what why when it this in on at for with about as than so of "
    "from by after against"
)
TIME_LINKS = wordset("on at in last this next early late since until by")
# A verb and its particle that together attribute speech: "shot back", "went on", "pointed out".
PHRASAL_SPEECH = frozenset(
    (verb, particle)
    for verbs, particle in (
        ("shot shoots fired fires hit hits wrote writes snapped snaps", "back"),
        ("went goes", "on"),
        ("chimed chimes weighed weighs", "in"),
        ("pointed points", "out"),
        ("spoke speaks", "up"),
    )
    for verb in verbs.split()
    for particle in particle.split()
)
AFTER_PHRASAL = wordset("that in on at during after before while when as about")
# Words of a verb chain between a subject and an infinitive or a perception verb: "X was
# prompted to say", "the memo goes on to say", "a reporter can be heard asking".
CHAIN_WORDS = wordset(
    "to can could may might should must be been being go goes went going on wants want wanted "
    "tried tries try began begins continued continues seemed seems appeared appears heard seen"
)
CHAIN_ENDS = wordset("to heard")
PLACE_LINKS = wordset("in at near from of outside")
SAY_INFINITIVES = wordset("say tell ask write add explain")
DASHES = frozenset("―—–-")
