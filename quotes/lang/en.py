"""English: every word list the engines, speaker resolution, identity and clustering read.

Each list is written here once. Where two parts of the tool need different
lists for what looks like one idea (titles as a mention writes them and titles
as a folded name key has them; the cue verbs of the token rules and those of
the tree rules), both are here under their own names, with the reason. Sets
are lower-case unless a comment says otherwise; regular-expression fragments
say so in their name (``*_PATTERNS``).

To add a verb of saying, add its lemma to :data:`SAY_LEMMAS`; its forms are
made by :func:`inflect`, and only an irregular verb needs its forms written
out in :data:`SAY_FORMS_WRITTEN`. Both engines pick it up (the stanza engine
unless it is listed in :data:`TREE_UNCHECKED_LEMMAS`). The evaluator keeps its own fixed list, so
the scores stay comparable when this one grows.
"""
from __future__ import annotations

import re

CODE = "en"

# ------------------------------------------------------------ verbs of saying

# Communication verbs whose subject is the source of what follows.
SAY_LEMMAS = frozenset("""
say tell add write ask note report announce suggest argue tweet explain acknowledge claim warn
urge insist reply respond recall conclude state stress admit deny confirm reveal predict
estimate concede assert reiterate complain joke promise vow pledge caution allege contend
maintain remark observe shout scream yell whisper cry boast emphasise emphasize quip counter
testify email post answer mention indicate agree retort lament recount repeat comment continue
snap muse concur charge demand threaten advise inform assure hint speculate opine exclaim plead
protest signal brag call describe declare
""".split())
# Forms written out where :func:`inflect` would be wrong (irregular verbs, doubled consonants)
# or too generous: "post", "continue", "charge", "signal" are cues only in the forms listed,
# "crying", "denying", "snapping" never. Framing verbs (:data:`FRAME_LEMMAS`) too: "sang".
SAY_FORMS_WRITTEN = {
    "say": ("say", "says", "said", "saying"), "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"), "cry": ("cry", "cries", "cried"),
    "deny": ("deny", "denies", "denied"), "reply": ("reply", "replies", "replied", "replying"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "quip": ("quip", "quips", "quipped"), "admit": ("admit", "admits", "admitted", "admitting"),
    "snap": ("snap", "snaps", "snapped"), "brag": ("brag", "brags", "bragged"),
    "plead": ("plead", "pleads", "pleaded", "pled", "pleading"),
    "post": ("posted", "posts"), "continue": ("continued",), "charge": ("charged",),
    "signal": ("signaled", "signalled"),
    "sing": ("sing", "sings", "sang", "singing"),
}
# Verbs that frame a quotation but are not verbs of saying: "…," the letter reads; chanted "…".
# So are the verbs of manner that stand only next to a quotation: '"…," Lind fumed.'
FRAME_LEMMAS = frozenset("""
chant sing read type text plead proclaim fume scoff wonder retaliate bark boom beam crack jeer gush
sniff growl thunder chime interject marvel mock taunt
""".split())
# Forms that are nouns or adjectives as often as verbs: cues only right next to a subject.
WEAK_FORMS = frozenset({
    "post", "posts", "posted", "report", "reports", "state", "states", "answer", "answers",
    "comment", "comments", "note", "notes", "claim", "claims", "charge", "promise", "promises",
    "vow", "vows", "cry", "cries", "counter", "email", "emails", "continued", "repeat", "signal",
    "protest", "protests", "demand", "demands", "reply", "observe", "maintain", "add", "saying",
    "telling", "writing", "continuing", "agree", "agreed", "charged", "concluding", "call", "calls",
    "remark", "remarks", "tweet", "tweets",
})
# Verbs whose object is the hearer (``told reporters that``): the rules engine reads the
# words after their forms as the hearer. The tree engine also takes "inform"'s object, which
# the tree marks; the token rules, adding it, would change what they extract (on PolNeAR
# train, "informing Soros that she had worked …" loses "Soros that" from one quote).
HEARER_LEMMAS = frozenset({"tell"})
TREE_HEARER_LEMMAS = HEARER_LEMMAS | {"inform"}
# The stanza engine's cues: the same verbs, less those only the rules engine has been checked
# with. The rules engine guards them (weak forms need a subject right before them, a capital
# never starts a cue); a tree has no such guard, so "the data indicate that", "continued to
# grow" would become quotes. This one it adds: on a tree its subject is the source.
TREE_UNCHECKED_LEMMAS = frozenset("""
advise assure brag charge concur continue counter demand email exclaim hint indicate joke lament
mention muse opine plead protest quip recount repeat retort signal snap speculate call describe
""".split())
TREE_EXTRA_LEMMAS = frozenset({"disclose"})
# Verbs of saying as headlines write them (``Clinton Says ...``, ``..., Calls Trump's ...``):
# a mention that starts with one is a headline's clause, not a name. Third person only,
# and with the verbs of attack headlines use for speech ("slams", "blasts").
HEADLINE_VERBS = frozenset("""
says tells calls adds warns urges claims insists asks argues denies admits vows slams blasts
accuses defends rips praises blames attacks responds suggests announces confirms reveals
predicts explains notes reports writes tweets touts questions rejects dismisses mocks hits
""".split())


def inflect(lemma: str) -> tuple[str, ...]:
    """Present, third person, past and -ing forms: ``warn`` → warn, warns, warned, warning."""
    if lemma in SAY_FORMS_WRITTEN:
        return SAY_FORMS_WRITTEN[lemma]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    return lemma, third, stem + "ed", stem + "ing"


# ------------------------------------------------------------ quotation marks and dashes

# Every opening mark with its closing one (not lower-case: these are characters).
# ``''`` is the two-apostrophe quote of typewritten text, ``\`\``…``''`` LaTeX/PTB style.
QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", '"': '"',
               "\u2018": "\u2019", "'": "'", "``": "''"}
# Single marks: they open a quotation only before a word, as apostrophes do not.
SINGLE_QUOTES = frozenset({"\u2018", "'"})
# Closers scraped text mixes up: a quotation opened with one may close with the other.
INTERCHANGEABLE_CLOSERS = frozenset({'"', "\u201d"})
DASHES = frozenset({"-", "--", "\u2014", "\u2013"})
# Dashes before a byline that closes a quotation's paragraph: '"…" \u2015 Pamela Padilla'.
BYLINE_DASHES = frozenset({"\u2015", "\u2014"})

# ------------------------------------------------------------ words around a cue (rules engine)

# Words between a subject and its cue that belong to neither: "Trump on Monday said".
CUE_ADVERBS = frozenset({
    "also", "has", "have", "had", "would", "will", "previously", "later", "again", "then",
    "earlier", "once", "repeatedly", "reportedly", "recently", "often", "never", "always",
    "already", "just", "publicly", "privately", "angrily", "quickly", "flatly", "simply",
    "further", "separately", "initially", "finally", "frequently", "even", "still", "did",
    "does", "do", "is", "was", "may", "might", "could", "should", "can", "first",
    "subsequently", "openly", "famously", "bluntly", "told", "not", "n't", "\u2019s", "'s", "long",
    "are", "were", "been", "isn't", "wasn't",
})
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "week", "month", "year", "night", "morning", "evening", "afternoon",
    "weekend", "time", "day", "days", "weeks", "months", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "earlier",
    "later", "ago",
})
# Prepositions that open an adjunct after a cue: "said on Monday", "told in a statement".
ADJUNCT_PREPOSITIONS = frozenset({
    "on", "in", "at", "last", "this", "late", "early", "during", "via", "by", "over", "after",
    "before", "when", "while", "through", "to", "for", "from", "with", "about", "of",
})
# Where a statement was made: "said in a statement", "wrote on Twitter".
MEDIA_WORDS = frozenset({
    "twitter", "facebook", "statement", "interview", "email", "emailed", "tweet", "speech",
    "rally", "letter", "post", "radio", "television", "tv", "video", "briefing", "conference",
    "message", "instagram", "response", "op-ed", "memo", "report", "press", "telephone", "phone",
})
# Words that end a subject phrase when walking back from a cue.
CLAUSE_WORDS = frozenset({
    "that", "and", "but", "or", "because", "as", "if", "when", "while", "since", "which", "so",
    "although", "though", "where", "after", "before", "what", "how", "why", "than", "until",
    "unless", "whether", "nor", "said", "says", "is", "are", "was", "were",
})
# Sentence openers that are not part of the subject after them: "But Ryan said".
LEADING_WORDS = frozenset({
    "but", "and", "however", "meanwhile", "still", "yet", "so", "also", "then", "now", "instead",
    "indeed", "separately", "later", "earlier", "there", "here", "in", "on", "thus",
})
# Words that open an appositive after a name: "Bali, the SDF spokesman,".
APPOSITIVE_OPENERS = frozenset({"the", "a", "an", "who", "whose", "which", "his", "her", "its",
                                "their", "one", "including"})
# Words that open a comma-set adjunct, not a speaker: "Trump, at a rally, said".
ADJUNCT_OPENERS = frozenset({
    "at", "in", "on", "during", "speaking", "writing", "after", "before", "for", "from", "with",
    "like", "as", "meanwhile", "however", "too", "though", "also", "of", "then", "now", "unlike",
})
# Lower-case words of a title in quotation marks ("Make Your Kid a Millionaire").
TITLE_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "to", "for",
                               "with", "at", "by", "from"})
# Lower-case nouns that are a speaker on their own: "officials said".
GROUP_SUBJECTS = frozenset({
    "officials", "sources", "witnesses", "residents", "analysts", "experts", "critics", "others",
    "aides", "people", "supporters", "democrats", "republicans", "police",
})
# Words that cannot open the subject after a cue ("said that …", "said in …").
NOT_SUBJECT_OPENERS = frozenset({
    "that", "to", "in", "on", "by", "with", "for", "of", "as", "when", "after", "while", "because",
    "before", "since", "if", "during", "at", "about", "so", "but", "and", "this", "there", "it",
    "what", "how",
})
# Labels that open a line before a colon and name no one: "Update: “…”", "Transcript: “…”".
LINE_LABELS = frozenset({
    "update", "updated", "transcript", "note", "correction", "clarification", "watch", "read",
    "related", "video", "photo", "source", "quote", "headline", "breaking", "exclusive", "editor",
})

# Nouns that report their owner's words in a that-clause: "Trump's claim that …", "his warning that …".
SPEECH_NOUNS = frozenset({
    "claim", "claims", "warning", "warnings", "suggestion", "assertion", "insistence", "argument",
    "allegation", "allegations", "promise", "pledge", "charge", "boast", "contention",
})
# A party member "of" a state is a tag after a name: "Steve Cohen, Democrat of Tennessee,".
PARTY_MEMBERS = frozenset({"democrat", "republican", "independent", "libertarian"})
# A party tag or district number set off after a name: "Rand Paul (R-Ky.)", "Steve Cohen, D-Tenn.,"
# (a regular expression on the tag's joined tokens; case matters).
PARTY_TAG_PATTERN = r"^[RDI]-?[A-Z][A-Za-z.]*$|^\d{1,3}$"

# ------------------------------------------------------------ the rules engine's token patterns

# The small closed classes the rules engine's patterns test tokens against, each named for
# the job it does there. Several look alike ("the a an" with or without possessives); they
# are kept apart because each pattern was tuned on its own list, and merging two would change
# what the engine finds.

# Determiners and possessives.
ARTICLES = frozenset({"the", "a", "an"})
INDEFINITE_ARTICLES = frozenset({"a", "an"})
# Articles and possessives that open a description: "the senator", "his spokeswoman".
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its"})
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
# The subject a possessive stands for: "his claim that …" is a claim he made.
POSSESSIVE_SUBJECTS = {"his": "he", "her": "she", "their": "they", "its": "it"}
# The possessive ending as the tokenizer splits it off: "Ruiz 's", with either apostrophe.
POSSESSIVE_ENDINGS = frozenset({"'s", "\u2019s"})
# Words before a cue form that make it a noun: "Ruiz's comments", "the claims", "his remarks".
NOUN_MARKERS = POSSESSIVE_ENDINGS | ARTICLES | POSSESSIVES
# Words that open a noun phrase but are never a name, however capitalised.
NOUN_PHRASE_OPENERS = frozenset({"the", "a", "an", "each", "any", "every", "ever", "his", "her",
                                 "their", "its", "some", "all", "many", "most", "this", "these",
                                 "those"})

# Joining clauses.
# Conjunctions after which a cue shares the subject before them: "Ryan smiled and said".
CLAUSE_CONJUNCTIONS = frozenset({"and", "but"})
# Words that end the reported clause of a first cue before a second one ("A said X and B said
# Y"); trimmed off the first clause's end.
CONNECTIVES = ("and", "but", "while", "whereas")
# Relative pronouns, for the three places the patterns read them: inside "Ana Ruiz, who
# served as mayor," no word is a cue; after "says X," one ends the inverted subject; in the
# words of an inverted subject one starts a clause that is no part of the speaker.
PERSON_RELATIVES = frozenset({"who", "whose"})
APPOSITIVE_RELATIVES = frozenset({"who", "whose", "which"})
RELATIVE_WORDS = ("who", "whose", "which", "that")
# Auxiliaries that make an inverted subject a clause: "…, said he had made 150 calls".
FINITE_AUXILIARIES = frozenset({"is", "was", "are", "were", "has", "have", "had"})
# Before a cue in -ing, the auxiliaries that make it a verb: "is saying", "had been warning".
PROGRESSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "been"}) | POSSESSIVE_ENDINGS
# Words before a cue form that make it no finite verb: "is said to", "was told", "the claim".
NOT_A_VERB_AFTER = frozenset({"to", "be", "been", "being", "is", "was", "were", "are", "the", "a",
                              "an", "his", "her", "their", "its", "of"}) | POSSESSIVE_ENDINGS
# Adverbs between an article and a participle that make it an adjective: "a long threatened
# attack", "the much heralded plan" (and any adverb in -ly: "a widely reported deal").
DEGREE_ADVERBS = frozenset({"long", "much", "oft", "often", "well", "little", "so-called", "newly"})
# Words before a participle that set it off as a cue of its own: "…, adding that", "while noting".
PARTICIPLE_OPENERS = frozenset({",", "while", "before", "after", "by"})
# Words right after a cue that open a clause of its own, so the quotation before is not what
# the cue reports: 'She added that …', '"Marco!," the senator said his campaign …'.
OWN_CLAUSE_OPENERS = frozenset({"that", "the", "his", "her", "their", "its", ":"})
# What may stand between a cue and what it reports: "said, that", "said that", "said:".
CLAUSE_INTRODUCERS = frozenset({",", "that", ":"})
# Prepositions after a cue that can open what it reports ("urged to act"), unlike the other
# adjunct prepositions ("said in a video message to the convention").
CLAUSE_PREPOSITIONS = frozenset({"to"})
# Words that cannot open what a cue reports: "reported from Los Angeles", "responded with a shrug".
# ("said of the plan", "responded to the letter", "called for an inquiry" do report something.)
NOT_A_CLAUSE = frozenset({"from", "at", "with", "by"})
# Words after a quotation that go on the sentence without making the quotation its subject:
# '"… to Marco Rubio" in the February debate', '"…," which Mozloom thinks …'.
ADJUNCT_AFTER_WORDS = ("in", "on", "at", "during", "which", "who", "before", "after")

# Subjects.
# Words that, after the first, make a phrase a clause rather than a speaker: "the figure includes it".
NOT_IN_SUBJECT = frozenset({"it", "there", "this"})
# Prepositions that open no speaker besides the adjunct ones: "without reporters".
NOT_SUBJECT_PREPOSITIONS = frozenset({"without", "within", "against"})
# One word after a cue that is never its subject on its own: "said that", "said it".
NOT_ALONE_SUBJECTS = frozenset({"that", "it", "to", "in", "on", "the"})
# Words that end an inverted subject: "said Ana Ruiz and left", "said Ryan, adding …".
INVERTED_SUBJECT_STOPS = frozenset({"and", "adding", "but"})
# Lower-case nouns after which a weak cue form is a verb: "officials reported".
WEAK_CUE_SUBJECTS = frozenset({"officials", "sources"})
# A participle that opens a sentence as an adjunct: "Asked about the plan, she said".
ADJUNCT_PARTICIPLES = frozenset({"asked"})
# Capitalised words opening a sentence that are no name: "Asked …", "According to …", "Thanks to …".
CAPITALS_NOT_NAMES = frozenset({"asked", "according", "thanks"})
# Prepositions that end a person's mention after the name: "Jim Dunham in an interview with
# the Globe", "Dr Ana Ruiz at the clinic" (not "of": "Secretary of State Ana Ruiz").
MENTION_ENDING_PREPOSITIONS = frozenset({"in", "at", "on", "during", "from", "with", "via"})
# Relative words that end a mention: "Leigh Sears who is the marina manager" is Leigh Sears.
MENTION_RELATIVES = frozenset({"who", "whose", "which", "that"})
# Lower-case words inside a role before a name: "secretary of state", "the president's".
ROLE_JOINERS = frozenset({"of"}) | POSSESSIVE_ENDINGS
# Endings of adjectives in a role before a name: "presidential candidate", "official".
ROLE_ADJECTIVE_ENDINGS = ("al", "ial")
# Endings of a verb after a description: "The billionaire businessman defended", "… says".
DESCRIPTION_VERB_ENDINGS = ("ed", "s")
# A press line's name may join two names: "Kasich and Rubio: '…'".
LINE_NAME_JOINERS = frozenset({"and"})
# A word that introduces a headline's topic, not part of its name: "Pérez on the Budget: '…'".
TOPIC_WORDS = frozenset({"on"})

# Time and place after a cue.
# Time words that are other words as often: "may", "earlier", "later".
AMBIGUOUS_TIME_WORDS = frozenset({"may", "earlier", "later"})
# Words that make a time word a two-word phrase: "on Monday", "last week".
TIME_MODIFIERS = frozenset({"on", "last", "this", "late", "early", "in", "next", "that"})
# Prepositions that name where it was said: "asks at Western High School", "told reporters in Des Moines".
PLACE_PREPOSITIONS = frozenset({"at", "in"})
# Adverbs after a cue that belong to it: "said later", "wrote again".
TAIL_ADVERBS = frozenset({"also", "later", "earlier", "again", "then", "recently", "too", "publicly",
                          "back"})
# A hearer's name may hold these: "told Johnson & Johnson"; never end in them ("told AP of the talks").
HEARER_NAME_JOINERS = frozenset({"of", "&"})
# Lower-case words after "told" that are no hearer: "told that …", "told of …".
NOT_HEARERS = frozenset({"that", "of"})
# An article the hearer is written without: "told the Harbour Wire" → "Harbour Wire".
HEARER_ARTICLES = ("the",)

# Particular verbs.
# "call" is naming as often as saying: "called a meeting", "a group called Black Votes Matter".
NAMING_LEMMAS = frozenset({"call"})
# Words after a form of "call" that make it no statement: "called a meeting", "called off the
# vote", "called into the show", "called into question", "called 911", "called police".
NOT_SPEECH_AFTER_NAMING = frozenset({"a", "an", "off", "up", "in", "back", "into", "911", "police"})
# "ask" is requesting as often as saying: "asked voters to give him another term".
REQUEST_LEMMAS = frozenset({"ask"})
# Words after "asked" that make it a question, not a request: "asked whether", "asked about".
QUESTION_WORDS = frozenset({"whether", "if", "why", "what", "how", "when", "who", "that", "about"})
# "adding to her lead": forms of "add" that report nothing before "to".
ADD_TO_FORMS = frozenset({"adding", "adds"})
# Forms of "add" that report nothing with nothing after them: "…, she added."
BARE_ADD_FORMS = frozenset({"added", "adds"})
# Cue forms that are nouns unless "that" follows: "Wisconsin state Rep. David Bowen".
NOUN_FIRST_FORMS = frozenset({"state", "states"})
# Verbs of saying that, with only a noun phrase after them and no "that", report no statement:
# "declared a caliphate", "added a week", "posted photos", "screamed out for water". Kept short
# on purpose: PolNeAR annotates "called X a mistake", "announced the arrest", "wrote a letter
# asking", "responded to the criticism" as attributions (on its train split 7 to 9 in 10 of
# those with a noun object are gold), these far less often (about half), and real pages none.
NOUN_OBJECT_LEMMAS = frozenset("""
add advise inform declare post email maintain confirm cry shout scream yell
""".split())
# Words that make the words after a cue a clause: auxiliaries, modals, subject pronouns (a
# past tense after the first word does too: "confirmed a cyber attack led to …").
CLAUSE_MARKERS = frozenset("""
is are was were has have had will would could can should may might must did does do shall
be been being am i he she they we you it there
""".split())
# Verbs that carry a cue after "to" and leave its subject theirs: "tried to argue".
GROUP_VERBS = frozenset({"tried", "tries", "managed", "manages", "proceeded", "proceeds", "rushed",
                         "hastened", "sought", "seeks", "moved", "moves", "took", "decided", "decides",
                         "began", "begins"})
# "went on to say": the forms of "go" before "on to".
GO_ON_FORMS = frozenset({"went", "goes", "go"})
# "As Ana Ruiz put it: …": the words around the speaker, in their order.
AS_PUT_IT = ("as", "put", "it")
# The phrase that gives a source without a verb: "according to the ministry".
ACCORDING_TO = "according to"
# An article naming someone outside a quote: "she identified herself as Ana Ruiz" (a regular
# expression; case matters: the name is capitalised).
SELF_INTRODUCTION_PATTERN = (
    r"\b(?P<pronoun>[Ss]he|[Hh]e)\s+(?:identified|introduced|described)\s+(?:herself|himself)\s+as\s+"
    r"(?P<name>[A-Z][\w'’\-]+(?:\s+(?:al-|bin\s|ibn\s)?[A-Z][\w'’\-]+){0,3})")

# precision (issue 24 item 3)
# More verbs of saying that report nothing with only a noun phrase after them: "urged calm and
# patience", "revealed an algorithm", "concluded the debate". Checked on PolNeAR train, which
# annotates far more noun objects as attributions than a news editor would: "report" ("reported
# earnings of …"), "recall" ("recalled an incident"), "demand" and "respond to" cost its recall
# ten times what they gain on real pages, so they are not here.
MORE_NOUN_OBJECT_LEMMAS = frozenset("""
urge reveal conclude
""".split())
# Of those, the verbs that ask someone to do something: an infinitive anywhere after the object
# is what they report ("urged the Vermont senator to apologize").
REQUEST_OBJECT_LEMMAS = frozenset({"urge", "advise"})
# Prepositions after a verb's noun object that make the rest its topic, not a clause: "informed
# police of what had happened", "warned voters about the plan".
TOPIC_PREPOSITIONS = frozenset({"of", "about"})
# A verb of saying with the preposition that makes its object a thing asked for, not a statement:
# "called for calm" ("called on X to act" and 'called for "boots on the ground"' stay). PolNeAR
# annotates "asked for $1.9 billion" and "did not respond to a request for comment" as
# attributions of a verb of saying, so "ask for" and "respond to" are not here.
PREPOSITION_OBJECTS = {"call": ("for", "on")}
# Verbs that make what they name a request with "that" (a subjunctive): "asked that the county
# provide the video".
THAT_REQUEST_LEMMAS = frozenset({"ask"})
# Words before a cue form that make it a noun: "the final say", "a far cry".
NOUN_CUE_MODIFIERS = frozenset({"final", "last", "equal", "greater", "bigger", "real", "direct", "far",
                                "full", "big"})
# Forms that are only participles: a cue only after "have" ("has written that"), never as an
# adjective ("written documents", "the written answers").
PARTICIPLE_ONLY_FORMS = frozenset({"written"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "having", "'ve", "\u2019ve", "'d", "\u2019d"})
# Verbs after which a bare cue form is an infinitive of what someone was made to do: "made
# Meghan cry", "let him say".
CAUSATIVE_VERBS = frozenset({"make", "makes", "made", "making", "let", "lets", "letting"})
# Words before a cue that negate it, so it starts no second statement inside the clause of the
# one before: "saying he could not comment further on the case". (It is still a cue of its own:
# PolNeAR annotates "did not mention Cruz", "would not say whether".)
NEGATIONS = frozenset({"not", "n't", "never"})
# Participles that follow a statement and open no clause: "in a statement sent to both media
# and posted online that …": the clause comes after "that".
STATEMENT_PARTICIPLES = frozenset({"sent", "posted", "released", "issued", "published", "shared",
                                   "made", "given", "read", "emailed", "distributed", "circulated"})
# Of the noun-object verbs, those whose object is the hearer: "of" after it gives the topic.
HEARER_OBJECT_LEMMAS = frozenset({"inform", "advise"})
# Words after a verb's noun object that open an adjunct clause, not what it reports: "revealed her
# thoughts to her husband as they sat on the steps".
ADVERBIAL_OPENERS = frozenset({"as", "when", "while", "after", "before", "because", "until", "since"})
# Words after a past form that make it a participle when a thing that cannot speak stands before
# it: "28 questions asked last June", "deaths announced in New York", "the plan announced by"
# ("the state's grid called on utilities to" is a statement: "called" names or asks, never this).
PARTICIPLE_ADJUNCTS = frozenset({"in", "at", "on", "by", "during", "last", "this", "earlier"})
# Last words of a reported clause cut before a quote found inside it that make the cut no
# statement: "repeated his claim that", "explained it this way", "as Mr. Sykes said".
CUT_ENDERS = frozenset({"that", "way", "as", "this", "thus", "so"})
# Texts a participle after them reports the words of: "issued a statement saying", "posted a
# message on Facebook saying" (not "a press conference announcing her appointment").
STATEMENT_NOUNS = frozenset({"statement", "message", "letter", "tweet", "post", "email", "memo", "release",
                             "note", "video", "facebook", "twitter", "instagram", "op-ed"})
# Verbs that report someone else's words with "as saying": "The Times quoted Ana Ruiz as saying".
QUOTING_FORMS = frozenset({"quoted", "quotes", "quoting", "cited", "cites", "citing"})
# Subordinating words before a subject that make its cue part of an adjunct clause; a cue there
# with a dash or comma right after it reports nothing: "before Meadows announced — Bennett posted"
# ("As the authors explain, CLAUSE" reports the clause).
SUBORDINATORS = frozenset({"before", "after", "when", "until", "since", "because", "while", "once"})

# ------------------------------------------------------------ pronouns

# Each pronoun with whom it can stand for and whether it can be a clause's subject.
PRONOUNS = {
    "he": ("male", True), "him": ("male", False), "his": ("male", False),
    "himself": ("male", False),
    "she": ("female", True), "her": ("female", False), "hers": ("female", False),
    "herself": ("female", False),
    "i": ("person", True), "we": ("person", True),
    "they": ("group", True), "it": ("group", True),
}

# ------------------------------------------------------------ speakers in a mention

# Capitalised words that introduce a name rather than belong to it, as a mention writes
# them (lower-cased, dots kept: "sen."). Wider than :data:`NAME_TITLES`: it also holds the
# institutions a role names ("white", "house", "pentagon", "us") and "the".
TITLE_WORDS = frozenset({
    "acting", "former", "deputy", "vice", "president", "president-elect", "prime", "minister",
    "secretary", "defense", "defence", "foreign", "interior", "state", "senator", "sen.",
    "rep.", "representative", "congressman", "congresswoman", "governor", "gov.", "mayor",
    "gen.", "general", "lt.", "col.", "colonel", "maj.", "major", "capt.", "captain", "adm.",
    "admiral", "sgt.", "dr.", "mr.", "mrs.", "ms.", "miss", "prof.", "professor", "judge",
    "justice", "chief", "chairman", "chairwoman", "chair", "director", "ambassador",
    "commander", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader", "house",
    "senate", "white", "press", "attorney", "pope", "king", "queen", "prince", "princess",
    "sheikh", "emir", "democratic", "republican", "gop", "candidate", "nominee", "the",
    "pentagon", "us", "u.s.", "uk", "un", "eu", "federal", "national", "security", "adviser",
    "advisor", "campaign", "manager", "chairperson", "executive", "officer", "ceo", "founder",
    "majority", "minority", "whip", "reverend", "rev.", "sir", "lord", "lady", "first",
    "democrat", "sen", "rep", "gov", "dr", "mr", "mrs", "ms", "presidential", "republicans",
    "democrats", "independent", "libertarian", "green", "party", "hopeful",
    "observatory", "coalition", "media", "head",
})
# Words that make a mention an organisation: "the US Department of Defence", "AFP".
ORGANISATION_WORDS = frozenset({
    "observatory", "ministry", "forces", "force", "council", "department", "agency", "party",
    "committee", "commission", "campaign", "institute", "university", "nations", "union",
    "group", "police", "army", "military", "government", "coalition", "office", "bureau",
    "company", "corporation", "corp.", "inc.", "foundation", "association", "court",
    "administration", "monitor", "organisation", "organization", "network", "alliance",
    "post", "times", "news", "journal", "newspaper", "fund", "bank", "center",
    "centre", "service", "services", "board", "team", "church", "embassy", "house", "senate",
    "congress", "parliament", "cabinet", "white", "state", "states", "sdf", "un", "afp",
    "reuters", "cnn", "fbi", "cia", "nato", "pentagon", "kremlin", "regime", "rangers",
    "authority", "poll", "survey", "study", "report", "website", "magazine", "paper", "station",
    "watchdog", "statement", "lawsuit", "data", "command", "militia", "ypg", "isis", "is",
})
# Common nouns for people: ``the official``, ``a colleague`` are anonymous people, not organisations.
PERSON_NOUNS = frozenset({
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources",
    "witness", "witnesses", "woman", "women", "man", "men", "resident", "residents", "analyst",
    "analysts", "expert", "experts", "critic", "critics", "supporter", "supporters", "colleague",
    "colleagues", "reporter", "reporters", "journalist", "journalists", "aide", "aides",
    "adviser", "advisers", "advisor", "advisors", "person", "people", "member", "members",
    "officer", "officers", "commander", "captain", "master", "mother", "father", "girl", "boy",
    "voter", "voters", "strategist", "strategists", "lawmaker", "lawmakers", "diplomat",
    "diplomats", "doctor", "doctors", "worker", "workers", "fighter", "fighters", "leader",
    "leaders", "chief", "head", "activist", "activists", "friend", "friends", "neighbour",
    "neighbor", "farmer", "trader", "traders", "fishermen", "fisherman", "student", "students",
    "teacher", "soldier", "soldiers", "employee", "employees", "staffer", "staffers", "insider",
    "insiders", "observer", "observers", "democrat", "democrats", "republican", "republicans",
    "candidate", "nominee", "economist", "economists", "historian", "professor", "lawyer",
    "lawyers", "attorney", "director", "president", "minister", "secretary", "senator",
    "governor", "mayor", "general", "manager", "owner", "partner", "wife", "husband", "son",
    "daughter", "sister", "brother", "child", "children", "refugee", "refugees", "pollster",
    "pollsters", "americans", "someone", "everyone", "nobody", "host", "anchor", "author",
    "writer", "columnist", "editor", "executive", "chairman", "chairwoman", "ambassador",
})
# Heads of a mention that is a text, not a person: "a separate story", "another release", "the
# letter". ``he`` and ``she`` never stand for one.
DOCUMENT_NOUNS = frozenset({
    "story", "release", "letter", "statement", "report", "study", "survey", "poll", "article",
    "post", "tweet", "memo", "filing", "document", "documents", "records", "presentation",
    "information", "data", "analysis", "paper", "book", "video", "email", "message", "website",
})
# Heads of a mention that name two or more people: "the pair", "the couple".
GROUP_NOUNS = frozenset({"pair", "couple", "duo", "trio", "family", "crowd"})
# Words that tell a speaker's sex besides the pronouns (``spokeswoman``, ``Mrs.``). The
# possessives "his" and "hers" do not count: "his aides" says nothing of the aides.
FEMALE_NOUNS = frozenset({
    "woman", "women", "mother", "wife", "daughter", "sister", "girl", "spokeswoman",
    "chairwoman", "congresswoman", "mrs.", "mrs", "ms.", "ms", "miss", "queen", "princess", "lady",
    "businesswoman", "grandmother", "aunt",
})
MALE_NOUNS = frozenset({
    "man", "men", "father", "husband", "son", "brother", "boy", "spokesman", "chairman",
    "congressman", "mr.", "mr", "king", "prince", "sir", "lord", "businessman", "grandfather",
    "uncle", "sheikh", "emir", "pope",
})
NOT_GENDERING = frozenset({"his", "hers"})
# Words that open a group of people: "two officials", "several witnesses".
NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                          "dozens", "hundreds", "thousands", "several", "many", "some", "both",
                          "few", "most", "all"})
# First words of a mention that make it an anonymous source: "a senior official", "sources".
ANONYMOUS_DETERMINERS = frozenset({
    "a", "an", "one", "another", "some", "two", "three", "several", "many", "other",
    "others", "officials", "sources", "witnesses", "residents", "people", "analysts",
    "experts", "critics", "supporters", "this", "that", "these", "those", "his", "her", "their",
    "its", "our", "my", "your", "no", "each", "every", "any", "most", "all", "both", "few",
})
# Generic heads a newspaper uses, inside one article, for an organisation it has named before
# ("the monitor" after "the Syrian Observatory"). Narrower than :data:`ORGANISATION_FAMILIES`,
# which identity uses across a whole article's organisations and so may be looser.
ORGANISATION_SYNONYMS = (frozenset({"monitor", "observatory", "watchdog"}),
                         frozenset({"ministry", "department"}), frozenset({"agency", "bureau"}),
                         frozenset({"newspaper", "paper", "daily"}))

# speakers (issue 24 item 2)
# The second half of a hyphened title, written as a word of its own once the hyphen is read as a
# break: "President-elect Ana Ruiz", "Minister-designate Tom Berg".
TITLE_WORDS = TITLE_WORDS | frozenset({"elect", "designate"})
# Participles that open a sentence as an adjunct before its subject, as "Asked …" does:
# "Reached by phone, Ruiz declined to comment", "Contacted on Monday, the firm said …".
ADJUNCT_PARTICIPLES = ADJUNCT_PARTICIPLES | frozenset({"reached", "contacted", "interviewed", "questioned",
                                                       "pressed", "approached"})
CAPITALS_NOT_NAMES = CAPITALS_NOT_NAMES | ADJUNCT_PARTICIPLES
# Heads that make a capitalised name an organisation, besides ORGANISATION_WORDS: "Broward County",
# "Mercy Hospital", "the Independent System Operator".
ORGANISATION_WORDS = ORGANISATION_WORDS | frozenset({
    "county", "hospital", "operator", "entity", "trust", "stores", "school", "college", "club",
    "society", "airline", "airlines", "authority", "utility", "firm",
})
# Modal verbs: a mention ends before one ("a reporter can be heard" is a reporter).
MODAL_VERBS = frozenset({"may", "might", "will", "would", "can", "could", "should", "must", "shall"})
# Conjunctions that open a subordinate clause before the main one: "When Ruiz asked, he declined,
# saying …" (the participle is the main clause's).
OPENING_SUBORDINATORS = frozenset({"when", "while", "after", "before", "if", "as", "because",
                                   "since", "although", "though", "until", "unless", "whether", "once"})
# Words before a capitalised phrase that make it a place, not a person a pronoun may mean:
# "in Los Angeles", "to South Carolina", "the slums of New Delhi" ("according to" excepted).
PLACE_MARKERS = PLACE_PREPOSITIONS | frozenset({"to", "from", "of"})
# First words of a text that speaks for whoever issued it: "another release", "the statement".
DOCUMENT_DETERMINERS = frozenset({"the", "a", "an", "another", "one"})

# ------------------------------------------------------------ names

# Particles of a name: "Abu Bakr al-Baghdadi", "de Blasio", "van der Berg". As written
# before a name (speakers keep walking back over them) and, folded, glued to the word after
# them in a name key ("de Blasio" → "deblasio"). "al-"/"el-" never match a folded word, and a
# folded "ibn" is already "bin" (:data:`NAME_VARIANTS`).
PARTICLES = frozenset({
    "al-", "el-", "abu", "abd", "umm", "bin", "ibn", "bint", "ould", "de", "da", "di", "del",
    "della", "dos", "das", "du", "van", "von", "der", "den", "ter", "le", "la", "st",
})
# Glued particles that make a complete name on their own (a kunya: Umm Khaled, Abu Ali).
KUNYA = frozenset({"abu", "umm"})
ARABIC_ARTICLE = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})
SUFFIXES = frozenset({"jr", "junior", "sr", "senior", "ii", "iii", "iv"})
SUFFIX_CANONICAL = {"junior": "jr", "senior": "sr"}
# Small words inside a capitalised phrase that do not break it ("Department of Defense").
NAME_JOINERS = frozenset({"for", "of", "on", "and", "the"})
# Words before a name that say what the person is, not who, folded (no dots, no hyphens) as
# name keys are: kept as the role. Narrower than :data:`TITLE_WORDS` (no institutions, which
# a name key never starts with) but with the occupations and parties a folded role holds.
NAME_TITLES = frozenset("""
acting former ex late deputy vice president presidentelect prime minister secretary chancellor
senator sen rep representative congressman congresswoman governor gov lieutenant lt mayor
general gen colonel col major maj captain capt admiral adm sergeant sgt commander cmdr
brigadier corporal private marshal dr doctor mr mrs ms miss mx prof professor judge justice
chief chairman chairwoman chair chairperson director ambassador spokesman spokeswoman
spokesperson speaker leader attorney pope king queen prince princess sheikh shaikh emir sultan
imam rabbi father reverend rev pastor bishop cardinal archbishop sir dame lord lady
candidate nominee hopeful officer official mp mep state first commissioner
president's presidential cofounder founder ceo executive manager adviser advisor aide analyst
democrat democrats democratic republican republicans gop independent libertarian billionaire
businessman businesswoman mogul host anchor columnist editor author economist
journalist reporter correspondent writer activist lawyer strategist pollster consultant actor
actress comedian singer rapper coach
""".split())
# Capitalised words that start a sentence, not a name: ``When Hillary Clinton ...``.
NOISE = frozenset("""
when but and if as after while then so because although though in on at for with since before
during meanwhile yet also however still now here there this that these those asked told said
according like unlike under over by from to of the a an he she i we they it you his him her
its their our my me us them who what why how where which maybe even only just not no yes
all some many most both each every any other others one two three
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december
outside inside across despite among amid amidst without within behind beyond near through
throughout until unless upon toward towards against along around about above below beneath
between into onto past via whether once instead perhaps indeed
""".split())
# Places that stand before a name in running text (``in Iowa Clinton won``), not given names.
PLACES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina
dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont washington
wisconsin wyoming america american britain british london paris moscow beijing iraq iran syria
israel china russia europe boston chicago miami philadelphia cleveland dallas houston atlanta
""".split())
# Words written with a full stop that do not end a sentence (``Mr. Smith``, ``Acme Inc. said``).
ABBREVIATIONS = frozenset("""
mr mrs ms dr jr sr st sen rep gov gen lt col sgt capt adm maj rev prof inc corp co ltd no mt ft
vs jan feb mar apr aug sept sep oct nov dec
""".split())
# Titles after whose full stop the sentence splitter sometimes ends a sentence although a
# name follows ("Rep. | Gwen Moore said"). Only titles: "Inc." or "Jan." can end one.
TITLE_ABBREVIATIONS = frozenset({
    "rep", "sen", "gov", "gen", "dr", "mr", "mrs", "ms", "st", "lt", "col", "sgt", "capt", "adm",
    "maj", "rev", "prof", "del", "amb", "supt", "cmdr", "insp", "det", "pres",
})
# One spelling per name for the transliteration variants outlets disagree on.
NAME_VARIANTS = {
    "mustafa": "mustefa moustafa mostafa mustapha moustapha mostapha mostefa moustefa mustafah",
    "muhammad": "mohammed mohamed mohammad muhammed mohamad muhamed mouhamed mohammod "
                "muhammet mohamud mohamoud",
    "ahmad": "ahmed ahmet",
    "mahmud": "mahmoud mahmood",
    "husayn": "hussein husain hussain hossein husein",
    "hasan": "hassan",
    "khalid": "khaled",
    "yusuf": "youssef yousef yousif yusef yousuf youssouf",
    "umar": "omar omer",
    "usama": "osama",
    "abdallah": "abdullah abdulla",
    "qaddafi": "gaddafi kadhafi gadhafi qadhafi kaddafi",
    "nasrallah": "nasrullah",
    "salih": "saleh salah",
    "ali": "aly",
    "umm": "um om oum",
    "abu": "abou",
    "bin": "ibn",
    "abd": "abdel abdul abdal abdol",
}

# ------------------------------------------------------------ organisations across articles

# Nouns that describe an organisation rather than name it ("the monitor", "the ministry").
DESCRIPTORS = frozenset({
    "monitor", "watchdog", "group", "organisation", "organization", "body", "outlet", "agency",
    "alliance", "coalition", "militia", "movement", "network", "organisers", "organizers",
    "charity", "firm", "company", "ministry", "department", "campaign", "party", "government",
    "administration", "newspaper", "paper", "committee", "council", "court", "office", "board",
    "union", "institute", "observatory", "army", "police", "military", "regime", "bank",
    "commission", "team", "center", "centre", "university", "foundation", "embassy", "service",
    "force", "forces", "authority", "authorities", "federation", "association", "website", "site",
})
# Words for one sort of organisation. A description goes to an organisation whose name has a
# word of its head's family ("the monitor": Syrian Observatory; "the paper": New York Times;
# "the agency": FBI) or that the text calls by one ("GunBroker.com, the website"); "the
# company" is never The New York Times just because the Times was quoted last.
ORGANISATION_FAMILIES = (
    frozenset({"monitor", "observatory", "watchdog"}),
    frozenset({"newspaper", "paper", "daily", "outlet", "publication", "times", "post", "journal",
               "news", "tribune", "herald", "gazette", "magazine", "network", "broadcaster",
               "channel", "station"}),
    frozenset({"agency", "department", "ministry", "bureau", "office", "administration",
               "authority", "authorities", "commission", "service", "government", "fbi", "cia",
               "nsa", "pentagon"}),
    frozenset({"company", "firm", "corporation", "corp", "inc", "co", "llc", "business",
               "website", "site", "platform", "retailer", "maker", "manufacturer", "airline",
               "bank", "chain"}),
    frozenset({"group", "organisation", "organization", "body", "alliance", "coalition",
               "movement", "network", "charity", "militia", "organisers", "organizers",
               "foundation", "institute", "association", "committee", "council", "union",
               "center", "centre", "fund", "pac", "federation"}),
)
# Role words that say nothing about which person a role belongs to.
ROLE_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "us", "u", "s", "former",
                            "then", "current", "new", "its", "his", "her", "said", "who"})

# ------------------------------------------------------------ page furniture

# A line that starts a site's trailer (regular-expression fragments, matched case-blind on the
# whole line, an optional colon after): everything from it on is not the article.
TRAILER_PATTERNS = (
    r"comments?(?: \(?\d+\)?)?", r"post a comment", r"leave a (?:comment|reply)",
    r"popular posts.*", r"recommended(?: news| stories| for you)?",
    r"related (?:articles|stories|news|posts)", r"more from .{0,40}", r"read more",
    r"you may also like", r"trending now", r"most read",
)
# Site notices that can sit anywhere on the page (fragments matched case-blind as whole words).
NOTICE_PATTERNS = (
    r"moderates all comments", r"comments (?:which|that) (?:are|do)", r"community guidelines",
    r"share (?:information|your thoughts)", r"offer your thoughts", r"reprinted elsewhere",
    r"all rights reserved", r"subscribe to our newsletter", r"sign up for our",
)

# ------------------------------------------------------------ one statement, many spellings

# "IS" and "US" next to another capitalised word are shouting ("FIX IS IN"), not names.
_NOT_SHOUTED = r"(?<![A-Z]{{2}} )\b{}\b(?! [A-Z]{{2}})"
# Spellings of one name that clustering folds before comparing quotes: (pattern, flags,
# replacement). Case matters for the abbreviations: "IS" is Islamic State, "is" a verb;
# "US" a country, "us" a pronoun.
QUOTE_ALIAS_PATTERNS = (
    (r"\b(?:the\s+)?(?:Islamic\s+State(?:\s+of\s+Iraq\s+and\s+(?:Syria|the\s+Levant))?"
     r"|ISIS|ISIL|Daesh|Daish)(?:\s+group)?\b", re.I, " isis "),
    (_NOT_SHOUTED.format(r"(?:the\s+)?IS(?:\s+group)?"), 0, " isis "),
    (r"\b(?:the\s+)?(?:United\s+States(?:\s+of\s+America)?)\b", re.I, " usa "),
    (r"\b(?:the\s+)?(?:U\.\s?S\.(?:\s?A\.)?|USA)(?![\w.])", 0, " usa "),
    (_NOT_SHOUTED.format(r"(?:the\s+)?US"), 0, " usa "),
    (r"\b(?:the\s+)?(?:United\s+Kingdom|U\.\s?K\.|UK)(?![\w.])", 0, " uk "),
    (r"\b(?:the\s+)?(?:United\s+Nations|U\.\s?N\.|UN)(?![\w.])", 0, " un "),
    (r"\bper\s+cent\b|%", re.I, " percent "),
    (r"(?<=\d)[,.](?=\d{3}\b)", 0, ""),  # 1,000 and 1.000 are 1000
)
